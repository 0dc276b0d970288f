use cloudflare_client::zero_trust::risk_scoring::integrations::{IntegrationCreateParams, IntegrationType};

fn main() {
    // `tenant_url` is required: `new` cannot be called without it.
    let _ = IntegrationCreateParams::new(IntegrationType::Okta);
}
