//! The two Braze integrations that write to S3 and the S3 actions each one needs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One Braze integration; each gets its own IAM policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Integration {
    /// Currents: continuous event export (Avro files under a folder path).
    Currents,
    /// Dashboard data export: CSV exports, reports and API exports at fixed top-level paths.
    DataExport,
}

/// Bucket-level actions (resource `arn:…:s3:::BUCKET`) both integrations need.
pub const BUCKET_ACTIONS: &[&str] = &["s3:ListBucket", "s3:GetBucketLocation"];

impl Integration {
    pub const ALL: [Integration; 2] = [Integration::Currents, Integration::DataExport];

    /// Short identifier used in generated names and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Integration::Currents => "currents",
            Integration::DataExport => "data-export",
        }
    }

    /// What Braze calls it.
    pub fn title(self) -> &'static str {
        match self {
            Integration::Currents => "Currents",
            Integration::DataExport => "Dashboard data export",
        }
    }

    /// Object-level actions (resource `arn:…:s3:::BUCKET/*`). Data export also needs
    /// `s3:DeleteObject`: Braze deletes export files about four hours after mailing the link.
    pub fn object_actions(self) -> &'static [&'static str] {
        match self {
            Integration::Currents => &["s3:PutObject", "s3:GetObject"],
            Integration::DataExport => &["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        }
    }

    /// Every action the integration's policy grants, bucket-level first.
    pub fn actions(self) -> Vec<&'static str> {
        BUCKET_ACTIONS
            .iter()
            .chain(self.object_actions())
            .copied()
            .collect()
    }

    /// Where in the Braze dashboard the credentials are entered.
    pub fn braze_location(self) -> &'static str {
        match self {
            Integration::Currents => {
                "Data Settings → Currents → Create Current → Amazon S3 Data Export"
            }
            Integration::DataExport => "Partner Integrations → Technology Partners → Amazon S3",
        }
    }
}

impl fmt::Display for Integration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// What the person chose to set up: one integration or both on one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntegrationChoice {
    Currents,
    DataExport,
    Both,
}

impl IntegrationChoice {
    pub const ALL: [IntegrationChoice; 3] = [
        IntegrationChoice::Currents,
        IntegrationChoice::DataExport,
        IntegrationChoice::Both,
    ];

    pub fn integrations(self) -> &'static [Integration] {
        match self {
            IntegrationChoice::Currents => &[Integration::Currents],
            IntegrationChoice::DataExport => &[Integration::DataExport],
            IntegrationChoice::Both => &Integration::ALL,
        }
    }

    pub fn includes(self, integration: Integration) -> bool {
        self.integrations().contains(&integration)
    }

    pub fn slug(self) -> &'static str {
        match self {
            IntegrationChoice::Currents => "currents",
            IntegrationChoice::DataExport => "data-export",
            IntegrationChoice::Both => "both",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            IntegrationChoice::Currents => "Currents (event export)",
            IntegrationChoice::DataExport => "Dashboard data export",
            IntegrationChoice::Both => "Both (two policies on one bucket)",
        }
    }
}

impl fmt::Display for IntegrationChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}
