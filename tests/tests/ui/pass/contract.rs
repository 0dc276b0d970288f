// The contract of the seed endpoint, verbatim from the issue: this must compile.
use cloudflare_client::Client;
use cloudflare_client::zero_trust::risk_scoring::integrations::{IntegrationCreateParams, IntegrationType};

async fn contract() -> Result<(), cloudflare_client::Error> {
    let client = Client::builder()
        .api_token("Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY")   // or .api_key(email, key)
        .base_url("http://127.0.0.1:4010/client/v4")               // optional; default https://api.cloudflare.com/client/v4
        .build()?;                                                 // Result<Client, cloudflare_client::Error>
    let params = IntegrationCreateParams::new(IntegrationType::Okta, "https://example.com")
        .reference_id("7d6f...");                                  // optional fields: builder-style setters
    let integration = client.zero_trust().risk_scoring().integrations()
        .create("account_id", &params)
        .await?;                                                   // Result<_, cloudflare_client::Error>
    println!("{} {} {}", integration.id, integration.tenant_url, integration.integration_type);

    // Required result fields are plain types, optional ones `Option`; id and created_at typed.
    let _required: bool = integration.account_tag == "x";
    let _id: uuid::Uuid = integration.id;
    let _created: chrono::DateTime<chrono::Utc> = integration.created_at;
    let _wire: &str = IntegrationType::Okta.as_str();

    // Errors expose the status and the API's details.
    let error = Client::builder().api_key("user@example.com", "144c9defac04969c7bfad8efaa8ea194").build()?
        .zero_trust().risk_scoring().integrations().create("account_id", &params).await.unwrap_err();
    let _status: Option<u16> = error.status();
    for detail in error.api_errors() {
        let _code: i64 = detail.code;
        let _message: &String = &detail.message;
        let _url: &Option<String> = &detail.documentation_url;
        let _pointer: Option<&String> = detail.source.as_ref().and_then(|s| s.pointer.as_ref());
    }
    Ok(())
}

fn main() {
    // Compiling is the test; nothing is sent.
    let _ = contract;
}
