//! The Terraform module: `versions.tf`, `variables.tf`, `main.tf`, `outputs.tf`, formatted as
//! `terraform fmt` leaves them.

mod io;

use super::text::{align_hcl, header_lines, ident, indent, quoted, spell};
use super::{File, Model, Part, TAG_KEY};
use crate::domain::integration::Integration;

const VERSIONS: &str = r#"terraform {
  # Import blocks with variables need Terraform 1.6 or later.
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
"#;

pub(super) fn files(m: &Model<'_>) -> Vec<File> {
    let file = |name: &str, contents: String| File {
        name: name.to_string(),
        contents: align_hcl(&contents),
    };
    vec![
        file("versions.tf", VERSIONS.to_string()),
        file("variables.tf", io::variables(m)),
        file("main.tf", main(m)),
        file("outputs.tf", io::outputs(m)),
    ]
}

/// A document as a heredoc under an attribute at `depth` spaces, markers as variables.
fn heredoc(json: &str, depth: usize) -> String {
    let body = spell(json, |v| format!("${{var.{}}}", v.key()));
    format!(
        "<<-EOT\n{}\n{}EOT",
        indent(&body, depth + 2),
        " ".repeat(depth)
    )
}

fn block(header: &str, body: &[String]) -> String {
    format!("{header} {{\n{}\n}}", body.join("\n"))
}

fn import(to: &str, id: &str) -> String {
    block("import", &[format!("  to = {to}"), format!("  id = {id}")])
}

/// `lifecycle` for something that existed: never destroyed, and its tags left as they are.
const KEEP_ADOPTED: &str =
    "  lifecycle {\n    prevent_destroy = true\n    ignore_changes  = [tags, tags_all]\n  }";

fn header(m: &Model<'_>) -> String {
    let a = m.answers;
    let mut lines = header_lines(a);
    lines.push("# Regenerate with braze-s3 rather than editing the documents by hand.".to_string());
    if m.role_auth().is_none() && !m.with_key {
        lines.extend([
            "#".to_string(),
            "# No access key is created here, so no secret lands in Terraform state. After apply,"
                .to_string(),
            "# create one per user (`aws iam create-access-key --user-name USER`, or the IAM console)"
                .to_string(),
            "# and enter it in Braze.".to_string(),
        ]);
    }
    if m.with_key {
        lines.extend([
            "#".to_string(),
            "# WARNING: this module creates access keys, and Terraform keeps their secrets in its"
                .to_string(),
            "# state in plain text. Keep the state encrypted and access-controlled, or remove the"
                .to_string(),
            "# aws_iam_access_key resources and create keys outside Terraform.".to_string(),
        ]);
    }
    if m.adopted.bucket || m.adopted.iam.is_some() {
        lines.extend([
            "#".to_string(),
            "# The import blocks adopt what existed before the connector, so applying this over the"
                .to_string(),
            "# live setup changes nothing. Import blocks work only in a root module: when you use"
                .to_string(),
            "# this as a child module, move them to the root and prefix `to` with the module address."
                .to_string(),
        ]);
    }
    lines.join("\n")
}

fn main(m: &Model<'_>) -> String {
    let a = m.answers;
    let mut blocks = vec![
        header(m),
        block(
            "locals",
            &[
                "  tags = {".to_string(),
                format!("    {} = {}", quoted(TAG_KEY), quoted(a.name.as_str())),
                "  }".to_string(),
            ],
        ),
        "data \"aws_region\" \"current\" {}".to_string(),
    ];
    blocks.extend(bucket(m));
    for part in &m.parts {
        blocks.extend(iam(m, part));
    }
    blocks.join("\n\n") + "\n"
}

fn bucket(m: &Model<'_>) -> Vec<String> {
    let adopted = m.adopted.bucket;
    let mut body = vec!["  bucket = var.bucket_name".to_string()];
    if !adopted {
        body.push("  tags   = local.tags".to_string());
    }
    body.push(String::new());
    body.push("  lifecycle {".to_string());
    if adopted {
        body.push("    prevent_destroy = true".to_string());
        body.push("    ignore_changes  = [tags, tags_all]".to_string());
        body.push(String::new());
    }
    body.extend([
        "    precondition {".to_string(),
        "      condition     = data.aws_region.current.name == var.region".to_string(),
        "      error_message = \"Braze uses the bucket's own region: apply this with an AWS provider configured for region ${var.region}.\"".to_string(),
        "    }".to_string(),
        "  }".to_string(),
    ]);
    let mut blocks = vec![block("resource \"aws_s3_bucket\" \"braze\"", &body)];
    if adopted {
        blocks.push(import("aws_s3_bucket.braze", "var.bucket_name"));
    } else {
        blocks.push(block(
            "resource \"aws_s3_bucket_public_access_block\" \"braze\"",
            &[
                "  bucket = aws_s3_bucket.braze.id".to_string(),
                String::new(),
                "  block_public_acls       = true".to_string(),
                "  block_public_policy     = true".to_string(),
                "  ignore_public_acls      = true".to_string(),
                "  restrict_public_buckets = true".to_string(),
            ],
        ));
    }
    if m.answers.sse {
        blocks.push(block(
            "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"braze\"",
            &[
                "  bucket = aws_s3_bucket.braze.id".to_string(),
                String::new(),
                "  rule {".to_string(),
                "    apply_server_side_encryption_by_default {".to_string(),
                "      sse_algorithm = \"AES256\"".to_string(),
                "    }".to_string(),
                "  }".to_string(),
            ],
        ));
        if adopted {
            blocks.push(import(
                "aws_s3_bucket_server_side_encryption_configuration.braze",
                "var.bucket_name",
            ));
        }
    }
    blocks
}

fn iam(m: &Model<'_>, part: &Part) -> Vec<String> {
    let id = ident(part.integration);
    let adopted = |pick: fn(&super::AdoptedIam) -> &std::collections::BTreeSet<Integration>| {
        m.iam_adopted(pick, part.integration)
    };
    let account = m.adopted.iam.as_ref().map(|i| i.account.as_str());
    let partition = m.answers.region.partition();
    let policy_arn =
        |account: &str| format!("arn:{partition}:iam::{account}:policy/{}", part.policy);
    let mut blocks = Vec::new();

    let mut body = vec![
        format!("  name   = {}", quoted(part.policy.as_str())),
        format!("  policy = {}", heredoc(&part.document, 2)),
    ];
    resource_tail(&mut body, adopted(|i| &i.policies));
    blocks.push(block(
        &format!("resource \"aws_iam_policy\" \"{id}\""),
        &body,
    ));
    if let Some(account) = account.filter(|_| adopted(|i| &i.policies)) {
        blocks.push(import(
            &format!("aws_iam_policy.{id}"),
            &quoted(&policy_arn(account)),
        ));
    }

    let (kind, attach_kind) = match &part.trust {
        None => ("user", "user"),
        Some(_) => ("role", "role"),
    };
    let mut body = vec![format!("  name = {}", quoted(part.principal.as_str()))];
    if let Some((trust, _)) = &part.trust {
        body.push(format!("  assume_role_policy = {}", heredoc(trust, 2)));
    }
    let principal_adopted = adopted(|i| &i.principals);
    resource_tail(&mut body, principal_adopted);
    blocks.push(block(
        &format!("resource \"aws_iam_{kind}\" \"{id}\""),
        &body,
    ));
    if principal_adopted {
        blocks.push(import(
            &format!("aws_iam_{kind}.{id}"),
            &quoted(part.principal.as_str()),
        ));
    }

    let attachment = format!("aws_iam_{attach_kind}_policy_attachment");
    blocks.push(block(
        &format!("resource \"{attachment}\" \"{id}\""),
        &[
            format!("  {attach_kind} = aws_iam_{kind}.{id}.name"),
            format!("  policy_arn = aws_iam_policy.{id}.arn"),
        ],
    ));
    if let Some(account) = account.filter(|_| adopted(|i| &i.attachments)) {
        let import_id = format!("{}/{}", part.principal, policy_arn(account));
        blocks.push(import(&format!("{attachment}.{id}"), &quoted(&import_id)));
    }
    if m.with_key && part.trust.is_none() {
        blocks.push(block(
            &format!("resource \"aws_iam_access_key\" \"{id}\""),
            &[format!("  user = aws_iam_user.{id}.name")],
        ));
    }
    blocks
}

/// Tags, or for what existed the `lifecycle` that keeps it.
fn resource_tail(body: &mut Vec<String>, adopted: bool) {
    if adopted {
        body.push(String::new());
        body.push(KEEP_ADOPTED.to_string());
    } else {
        body.push("  tags = local.tags".to_string());
    }
}
