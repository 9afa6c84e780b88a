use super::*;

fn names(checks: &[Check]) -> Vec<String> {
    checks.iter().map(|c| c.name.to_string()).collect()
}

#[test]
fn each_integrations_key_gets_braze_s_checks_in_the_order_they_are_reported() {
    assert_eq!(
        names(&key_checks(Integration::Currents)),
        [
            "list bucket",
            "bucket location",
            "write test object",
            "read test object",
            "cannot delete (Currents)",
            "cannot list other buckets"
        ]
    );
    assert_eq!(
        names(&key_checks(Integration::DataExport)),
        [
            "list bucket",
            "bucket location",
            "write test object",
            "read test object",
            "delete test object",
            "cannot list other buckets"
        ]
    );
}

#[test]
fn deleting_is_allowed_for_data_export_and_must_be_refused_for_currents() {
    let delete = |i| {
        key_checks(i)
            .into_iter()
            .filter(|c| c.operation == Operation::DeleteObject)
            .map(|c| c.expect)
            .collect::<Vec<_>>()
    };
    assert_eq!(delete(Integration::DataExport), [Expect::Allowed]);
    assert!(matches!(
        delete(Integration::Currents)[..],
        [Expect::Denied { .. }]
    ));
}

/// The runner starts a check once what it waits for has finished: it may only wait for a
/// check listed before it, or it would wait forever.
#[test]
fn every_check_waits_only_for_an_earlier_one_of_its_own_list() {
    for i in Integration::ALL {
        for list in [key_checks(i), role_checks(i)] {
            for (at, check) in list.iter().enumerate() {
                for waited in check.needs.iter().chain(&check.after) {
                    let earlier = list[..at].iter().any(|c| c.name == *waited);
                    assert!(earlier, "{} waits for {waited}", check.name);
                }
            }
        }
    }
}

#[test]
fn a_role_is_checked_by_its_documents_the_simulator_and_then_in_braze() {
    assert_eq!(
        names(&role_checks(Integration::DataExport)),
        [
            "trust policy",
            "data-export policy",
            "policy simulation",
            "Braze Test Credentials"
        ]
    );
    assert_eq!(
        role_checks(Integration::Currents)[3].expect,
        Expect::InBraze
    );
}
