use super::*;
use crate::domain::answers::Draft;
use crate::domain::drift::{ObjectInfo, Problem};
use crate::domain::integration::Integration;
use crate::engine::KeyReport;
use crate::store::profile::ConnectorProfile;

const NOW: u64 = 1_796_140_800; // 2026-12-01T16:00:00Z

fn profile() -> ConnectorProfile {
    let answers = Draft {
        bucket: Some("acme-braze".into()),
        ..Draft::default()
    }
    .build()
    .unwrap();
    ConnectorProfile::new(
        answers.name.clone(),
        false,
        None,
        answers,
        "123456789012".into(),
        Vec::new(),
        Vec::new(),
        "2026-08-01T00:00:00Z".into(),
        None,
    )
}

#[test]
fn the_json_report_has_a_stable_shape_for_monitoring() {
    let warned = Diagnosis {
        now: NOW,
        health: Health::Warning,
        problems: vec![Problem {
            severity: Severity::Warn,
            check: "key age",
            summary: "access key AKIAEXAMPLE was created 122 day(s) ago: past 90 days".into(),
            fix: "`braze-s3 rotate acme-braze`".into(),
        }],
        live_test: None,
        keys: vec![KeyReport {
            integration: Integration::Currents,
            user: "braze-s3-acme-braze".into(),
            id: "AKIAEXAMPLE".into(),
            created: Some(NOW - 122 * 86_400),
            last_used: KeyUse::Used {
                at: NOW - 7200,
                service: "s3".into(),
                region: "us-east-1".into(),
            },
        }],
        newest: Some(Some(ObjectInfo {
            key: "currents/dataexport.prod-01.S3.integration.abc/e.avro".into(),
            size: 2048,
            modified: Some(NOW - 600),
        })),
        notes: vec!["the live test was skipped: the key's secret was not saved".into()],
    };
    let all = [
        Checked {
            name: "acme-braze".into(),
            profile: Some(profile()),
            result: Ok(warned),
        },
        Checked {
            name: "gone".into(),
            profile: None,
            result: Err("no connector named gone".into()),
        },
    ];
    insta::assert_json_snapshot!(report_json(&all, NOW));
    let text: Vec<String> = all.iter().map(|c| line(c, NOW)).collect();
    insta::assert_snapshot!(format!("{}\n{}", text.join("\n"), details(&all[0])));
}
