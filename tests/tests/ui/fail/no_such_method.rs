use cloudflare_client::Client;

fn main() {
    let client = Client::builder().api_token("token").build().unwrap();
    // Integrations have no `frobnicate` operation.
    let _ = client.zero_trust().risk_scoring().integrations().frobnicate("account_id");
}
