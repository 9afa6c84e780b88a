//! `variables.tf` (what differs between accounts, defaulting to the answers) and `outputs.tf`
//! (what to enter in Braze, one output per Braze page).

use super::super::text::{ident, quoted};
use super::super::{Model, Var};
use super::block;
use crate::domain::integration::Integration;

struct Variable {
    name: String,
    description: String,
    default: String,
    pattern: &'static str,
    /// Length limits checked apart (RE2 counts repetitions only up to 1000).
    length: Option<(usize, usize)>,
    problem: String,
}

fn variable(v: &Variable) -> String {
    block(
        &format!("variable \"{}\"", v.name),
        &[
            format!("  description = {}", quoted(&v.description)),
            "  type = string".to_string(),
            format!("  default = {}", quoted(&v.default)),
            String::new(),
            "  validation {".to_string(),
            format!(
                "    condition = {}can(regex({}, var.{}))",
                v.length
                    .map(|(min, max)| format!(
                        "length(var.{0}) >= {min} && length(var.{0}) <= {max} && ",
                        v.name
                    ))
                    .unwrap_or_default(),
                quoted(v.pattern),
                v.name
            ),
            format!("    error_message = {}", quoted(&v.problem)),
            "  }".to_string(),
        ],
    )
}

/// Where an integration's identifiers are shown in Braze.
fn page(i: Integration) -> String {
    format!("the Braze page {}", i.braze_location())
}

pub(super) fn variables(m: &Model<'_>) -> String {
    let a = m.answers;
    let mut vars = vec![
        Variable {
            name: Var::Bucket.key(),
            description: "The S3 bucket Braze writes to. Bucket names are global: each account needs its own.".to_string(),
            default: a.bucket.to_string(),
            pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
            length: None,
            problem: "A bucket name is 3-63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.".to_string(),
        },
        Variable {
            name: "region".to_string(),
            description: "The bucket's region (Braze has no region setting: it uses the bucket's). The AWS provider must be configured for it.".to_string(),
            default: a.region.to_string(),
            pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$",
            length: None,
            problem: "A region looks like us-east-1 or eu-west-1.".to_string(),
        },
    ];
    if let Some(account) = m.role_auth() {
        vars.push(Variable {
            name: Var::BrazeAccount.key(),
            description: "Braze's AWS account ID, as the Braze page shows it.".to_string(),
            default: account.to_string(),
            pattern: "^[0-9]{12}$",
            length: None,
            problem: "An AWS account ID is 12 digits: copy it from the Braze page.".to_string(),
        });
    }
    for part in &m.parts {
        if let Some((_, external_id)) = &part.trust {
            vars.push(Variable {
                name: Var::ExternalId(part.integration).key(),
                description: format!(
                    "The external ID {} shows (for {}).",
                    page(part.integration),
                    part.integration.title()
                ),
                default: external_id.to_string(),
                pattern: "^[A-Za-z0-9_+=,.@:/-]+$",
            length: Some((2, 1224)),
                problem: "An external ID is 2-1224 letters, digits and _+=,.@:/- characters: copy it from the Braze page.".to_string(),
            });
        }
    }
    let blocks: Vec<String> = vars.iter().map(variable).collect();
    blocks.join("\n\n") + "\n"
}

pub(super) fn outputs(m: &Model<'_>) -> String {
    let a = m.answers;
    let mut blocks = Vec::new();
    for part in &m.parts {
        let i = part.integration;
        let id = ident(i);
        let mut fields = Vec::new();
        let mut description = format!("Enter these on {}.", page(i));
        match (&part.trust, m.with_key) {
            (Some(_), _) => fields.push(format!("role_arn = aws_iam_role.{id}.arn")),
            (None, true) => {
                fields.push(format!("aws_access_id = aws_iam_access_key.{id}.id"));
                description.push_str(&format!(
                    " The secret is the sensitive output {id}_aws_secret_access_key."
                ));
            }
            (None, false) => {
                fields.push(format!("iam_user = aws_iam_user.{id}.name"));
                description.push_str(
                    " Create an access key for iam_user (no secret is kept in this state) and enter its ID and secret there too.",
                );
            }
        }
        fields.push("aws_s3_bucket_name = aws_s3_bucket.braze.bucket".to_string());
        if let Some(folder) = a.folder.as_ref().filter(|_| i == Integration::Currents) {
            fields.push(format!("folder_path = {}", quoted(folder.as_str())));
        }
        fields.push(format!("server_side_aes_256_encryption = {}", a.sse));
        let mut body = vec![
            format!("  description = {}", quoted(&description)),
            "  value = {".to_string(),
        ];
        body.extend(fields.iter().map(|f| format!("    {f}")));
        body.push("  }".to_string());
        blocks.push(block(&format!("output \"{id}\""), &body));
        if m.with_key && part.trust.is_none() {
            blocks.push(block(
                &format!("output \"{id}_aws_secret_access_key\""),
                &[
                    format!(
                        "  description = {}",
                        quoted(&format!(
                            "The secret access key to enter on {} (read it with terraform output -raw {id}_aws_secret_access_key). It is in the state in plain text.",
                            page(i)
                        ))
                    ),
                    format!("  value = aws_iam_access_key.{id}.secret"),
                    "  sensitive = true".to_string(),
                ],
            ));
        }
    }
    blocks.join("\n\n") + "\n"
}
