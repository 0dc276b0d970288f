//! Conformance: the eleven Zero Trust risk scoring operations against the Prism mock server
//! serving the whole spec. Prism validates each request against the spec (a 422 names the
//! violation) and answers with the spec's examples, which the client must decode.
//!
//! Prism is started by `tools/prism/run.sh` (as `.ci/run` does), which sets `PRISM_URL`.
//! Without it the test says so and passes, so that `cargo test --workspace` works on a machine
//! with only Rust; `.ci/run` sets `PRISM_REQUIRED=1`, which turns that into a failure.

use std::collections::BTreeMap;

use cloudflare_client::types::Direction;
use cloudflare_client::zero_trust::risk_scoring::behaviours::{BehaviourUpdateBehaviorsValue, BehaviourUpdateParams};
use cloudflare_client::zero_trust::risk_scoring::integrations::{
    IntegrationCreateParams, IntegrationType, IntegrationUpdateParams,
};
use cloudflare_client::zero_trust::risk_scoring::summary::SummaryGetParams;
use cloudflare_client::zero_trust::risk_scoring::{RiskLevel, RiskScoringGetOrderBy, RiskScoringGetParams};
use cloudflare_client::{Client, Error};

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const UUID: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

fn outcome<T>(name: &str, result: Result<T, Error>) -> Option<String> {
    match result {
        Ok(_) => None,
        Err(e) => Some(format!("{name}: {e}")),
    }
}

#[tokio::test]
async fn every_operation_is_accepted_by_the_spec_and_decodes_its_answer() {
    let Ok(url) = std::env::var("PRISM_URL") else {
        assert!(std::env::var_os("PRISM_REQUIRED").is_none(), "PRISM_REQUIRED is set but PRISM_URL is not");
        eprintln!("skipped: PRISM_URL is not set (tools/prism/run.sh starts Prism and sets it)");
        return;
    };
    let token = Client::builder().api_token("Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY").base_url(&url).build().unwrap();
    let keyed = Client::builder()
        .api_key("user@example.com", "144c9defac04969c7bfad8efaa8ea194")
        .base_url(&url)
        .build()
        .unwrap();
    let risk = || token.zero_trust().risk_scoring();
    let integrations = || token.zero_trust().risk_scoring().integrations();
    let behaviours = BTreeMap::from([(
        "imp_travel".to_string(),
        BehaviourUpdateBehaviorsValue { enabled: true, risk_level: RiskLevel::High },
    )]);

    let failures: Vec<String> = [
        outcome(
            "integrations.create",
            integrations()
                .create(
                    ACCOUNT,
                    &IntegrationCreateParams::new(IntegrationType::Okta, "https://tenant.okta.com").reference_id(UUID),
                )
                .await,
        ),
        outcome(
            "integrations.create (email + key)",
            keyed
                .zero_trust()
                .risk_scoring()
                .integrations()
                .create(ACCOUNT, &IntegrationCreateParams::new(IntegrationType::Okta, "https://tenant.okta.com"))
                .await,
        ),
        outcome("integrations.list", integrations().list(ACCOUNT).all().await),
        outcome("integrations.get", integrations().get(ACCOUNT, UUID).await),
        outcome(
            "integrations.update",
            integrations()
                .update(
                    ACCOUNT,
                    UUID,
                    &IntegrationUpdateParams::new(false, "https://tenant.okta.com").reference_id_null(),
                )
                .await,
        ),
        outcome("integrations.delete", integrations().delete(ACCOUNT, UUID).await),
        outcome("integrations.references.get", integrations().references().get(ACCOUNT, "okta-idp-1").await),
        outcome(
            "risk_scoring.get",
            risk()
                .get(
                    ACCOUNT,
                    UUID,
                    &RiskScoringGetParams::new().page(1).per_page(20).order_by(RiskScoringGetOrderBy::RiskLevel),
                )
                .await,
        ),
        outcome("risk_scoring.reset", risk().reset(ACCOUNT, UUID).await),
        outcome("behaviours.get", risk().behaviours().get(ACCOUNT).await),
        outcome(
            "behaviours.update",
            risk().behaviours().update(ACCOUNT, &BehaviourUpdateParams::new().behaviors(behaviours)).await,
        ),
        outcome("summary.get", risk().summary().get(ACCOUNT, &SummaryGetParams::new().direction(Direction::Asc)).await),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "Prism rejected or the client could not decode:\n{}", failures.join("\n"));
}
