use cloudflare_client::zero_trust::risk_scoring::integrations::{IntegrationCreateParams, IntegrationType};

fn main() {
    // Params are built with `new`, so that adding an optional field later breaks nobody.
    let _ = IntegrationCreateParams {
        integration_type: IntegrationType::Okta,
        reference_id: None,
        tenant_url: "https://example.com".to_string(),
    };
}
