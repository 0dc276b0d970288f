//! The generated client's public API, checked by the compiler: the seed contract compiles, and
//! misuse does not (with the committed compiler messages).

#[test]
fn contract_compiles_and_misuse_does_not() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
