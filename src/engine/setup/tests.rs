use super::*;
use crate::domain::progress::CheckResult;

fn check(outcome: CheckOutcome) -> CheckResult {
    CheckResult {
        name: "PutObject".into(),
        outcome,
        code: None,
        detail: format!("{outcome:?}"),
        elapsed: std::time::Duration::ZERO,
    }
}

fn report(outcomes: &[CheckOutcome]) -> TestReport {
    TestReport {
        checks: outcomes.iter().copied().map(check).collect(),
    }
}

#[test]
fn each_verdict_has_its_exit_code() {
    use CheckOutcome::*;
    let passed = report(&[Pass, NotAvailable]).verdict();
    assert_eq!(passed, Verdict::Passed);
    assert_eq!(passed.exit_code(), exit::OK);
    let failed = report(&[Pass, Fail]).verdict();
    assert_eq!(failed, Verdict::Failed);
    assert_eq!(failed.exit_code(), exit::CHECK_FAILED);
    let unreachable = report(&[Fail, Unreachable]).verdict();
    assert_eq!(unreachable, Verdict::Unreachable("Unreachable".into()));
    assert_eq!(unreachable.exit_code(), exit::RUNTIME);
    // No checks at all is not a pass.
    assert_eq!(report(&[]).verdict(), Verdict::Failed);
}
