use cloudflare_client::zero_trust::risk_scoring::integrations::IntegrationCreateParams;

fn main() {
    // The integration type is an enum, not a string.
    let _ = IntegrationCreateParams::new("Okta", "https://example.com");
}
