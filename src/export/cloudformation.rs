//! One CloudFormation template (YAML) with parameters for what differs between accounts. The
//! policy documents are the JSON `braze-s3 policy` prints (JSON is YAML), with `!Sub`/`!Ref`
//! on the strings that hold a parameter.

use super::text::{camel, header_lines, indent, map_marked_strings, quoted, spell};
use super::{File, Model, Part, TAG_KEY, Var};
use crate::domain::integration::Integration;

fn param(v: Var) -> String {
    match v {
        Var::Bucket => "BucketName".to_string(),
        Var::BrazeAccount => "BrazeAccountId".to_string(),
        Var::ExternalId(i) => format!("{}ExternalId", camel(i)),
    }
}

/// A document as a YAML flow mapping at `depth`, parameters substituted by CloudFormation.
fn document(json: &str, depth: usize) -> String {
    let marked = map_marked_strings(json, |literal| {
        let inner = &literal[1..literal.len() - 1];
        match Var::all().into_iter().find(|v| inner == super::marker(*v)) {
            Some(v) => format!("!Ref {}", param(v)),
            None => format!("!Sub {}", spell(literal, |v| format!("${{{}}}", param(v)))),
        }
    });
    indent(&marked, depth)
}

fn parameter(name: &str, description: &str, default: &str, pattern: &str, problem: &str) -> String {
    [
        format!("  {name}:"),
        format!("    Description: {}", quoted(description)),
        "    Type: String".to_string(),
        format!("    Default: {}", quoted(default)),
        format!("    AllowedPattern: {}", quoted(pattern)),
        format!("    ConstraintDescription: {}", quoted(problem)),
    ]
    .join("\n")
}

fn header(m: &Model<'_>) -> Vec<String> {
    let a = m.answers;
    let mut lines = header_lines(a);
    lines.extend([
        format!("# Deploy the stack in {} (the bucket's region). CloudFormation cannot tag managed policies,", a.region),
        format!("# so unlike setup the policies carry no {TAG_KEY} tag."),
    ]);
    if m.role_auth().is_none() && !m.with_key {
        lines.push("# No access key is created here, so no secret appears in stack outputs: after the stack is".to_string());
        lines.push("# created, make one per user (`aws iam create-access-key --user-name USER`, or the IAM".to_string());
        lines.push("# console) and enter it in Braze.".to_string());
    }
    if m.with_key {
        lines.push("# WARNING: this template creates access keys and shows their secrets as stack outputs,".to_string());
        lines.push("# readable by anyone who can describe the stack. Prefer creating keys outside CloudFormation.".to_string());
    }
    if m.adopted.bucket || m.adopted.iam.is_some() {
        lines.push("# IMPORT: the resources with DeletionPolicy Retain existed before the connector. Import them".to_string());
        lines.push("# first (a change set of type IMPORT with a copy of this template that holds only them), then".to_string());
        lines.push(
            "# update the stack with this whole template; deleting the stack keeps them."
                .to_string(),
        );
    }
    lines
}

pub(super) fn template(m: &Model<'_>) -> File {
    let a = m.answers;
    let mut out = header(m);
    out.push("AWSTemplateFormatVersion: \"2010-09-09\"".to_string());
    out.push(format!(
        "Description: {}",
        quoted(&format!(
            "braze-s3 connector {}: {} to S3 bucket {}",
            a.name,
            a.integration.title(),
            a.bucket
        ))
    ));
    out.push("Parameters:".to_string());
    out.push(parameter(
        &param(Var::Bucket),
        "The S3 bucket Braze writes to. Bucket names are global: each account needs its own.",
        a.bucket.as_str(),
        "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
        "3-63 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.",
    ));
    if let Some(account) = m.role_auth() {
        out.push(parameter(
            &param(Var::BrazeAccount),
            "Braze's AWS account ID, as the Braze page shows it.",
            account.as_str(),
            "^[0-9]{12}$",
            "12 digits: copy it from the Braze page.",
        ));
    }
    for part in &m.parts {
        if let Some((_, external_id)) = &part.trust {
            let i = part.integration;
            out.push(parameter(
                &param(Var::ExternalId(i)),
                &format!(
                    "The external ID the Braze page {} shows.",
                    i.braze_location()
                ),
                external_id.as_str(),
                "^[A-Za-z0-9_+=,.@:/-]{2,1224}$",
                "2-1224 letters, digits and _+=,.@:/- characters: copy it from the Braze page.",
            ));
        }
    }
    out.push("Rules:".to_string());
    out.push("  BucketRegion:".to_string());
    out.push("    Assertions:".to_string());
    out.push(format!(
        "      - Assert: !Equals [!Ref \"AWS::Region\", {}]",
        quoted(a.region.as_str())
    ));
    out.push(format!(
        "        AssertDescription: {}",
        quoted(&format!(
            "Braze uses the bucket's own region: create this stack in {}.",
            a.region
        ))
    ));
    out.push("Resources:".to_string());
    out.extend(bucket(m));
    for part in &m.parts {
        out.extend(iam(m, part));
    }
    out.push("Outputs:".to_string());
    for part in &m.parts {
        out.extend(outputs(m, part));
    }
    File {
        name: "braze-s3.cloudformation.yaml".to_string(),
        contents: out.join("\n") + "\n",
    }
}

fn tags(name: &str) -> [String; 3] {
    [
        "      Tags:".to_string(),
        format!("        - Key: {}", quoted(TAG_KEY)),
        format!("          Value: {}", quoted(name)),
    ]
}

const RETAIN: [&str; 2] = [
    "    DeletionPolicy: Retain",
    "    UpdateReplacePolicy: Retain",
];

fn bucket(m: &Model<'_>) -> Vec<String> {
    let adopted = m.adopted.bucket;
    let mut out = vec![
        "  Bucket:".to_string(),
        "    Type: AWS::S3::Bucket".to_string(),
    ];
    if adopted {
        out.extend(RETAIN.map(String::from));
    }
    out.push("    Properties:".to_string());
    out.push("      BucketName: !Ref BucketName".to_string());
    if !adopted {
        out.extend(
            [
                "      PublicAccessBlockConfiguration:",
                "        BlockPublicAcls: true",
                "        BlockPublicPolicy: true",
                "        IgnorePublicAcls: true",
                "        RestrictPublicBuckets: true",
            ]
            .map(String::from),
        );
    }
    if m.answers.sse {
        out.extend(
            [
                "      BucketEncryption:",
                "        ServerSideEncryptionConfiguration:",
                "          - ServerSideEncryptionByDefault:",
                "              SSEAlgorithm: AES256",
            ]
            .map(String::from),
        );
    }
    if !adopted {
        out.extend(tags(m.answers.name.as_str()));
    }
    out
}

fn iam(m: &Model<'_>, part: &Part) -> Vec<String> {
    let i = part.integration;
    let id = camel(i);
    let (kind, list) = match part.trust {
        None => ("User", "Users"),
        Some(_) => ("Role", "Roles"),
    };
    let mut out = vec![
        format!("  {id}Policy:"),
        "    Type: AWS::IAM::ManagedPolicy".to_string(),
    ];
    if m.iam_adopted(|a| &a.policies, i) {
        out.extend(RETAIN.map(String::from));
    }
    out.extend([
        "    Properties:".to_string(),
        format!("      ManagedPolicyName: {}", quoted(part.policy.as_str())),
        format!("      {list}:"),
        format!("        - !Ref {id}{kind}"),
        "      PolicyDocument:".to_string(),
        document(&part.document, 8),
    ]);
    out.push(format!("  {id}{kind}:"));
    out.push(format!("    Type: AWS::IAM::{kind}"));
    if m.iam_adopted(|a| &a.principals, i) {
        out.extend(RETAIN.map(String::from));
    }
    out.push("    Properties:".to_string());
    out.push(format!(
        "      {kind}Name: {}",
        quoted(part.principal.as_str())
    ));
    if let Some((trust, _)) = &part.trust {
        out.push("      AssumeRolePolicyDocument:".to_string());
        out.push(document(trust, 8));
    }
    out.extend(tags(m.answers.name.as_str()));
    if m.with_key && part.trust.is_none() {
        out.extend([
            format!("  {id}AccessKey:"),
            "    Type: AWS::IAM::AccessKey".to_string(),
            "    Properties:".to_string(),
            format!("      UserName: !Ref {id}User"),
        ]);
    }
    out
}

fn outputs(m: &Model<'_>, part: &Part) -> Vec<String> {
    let i = part.integration;
    let id = camel(i);
    let page = i.braze_location();
    let mut out = Vec::new();
    let mut output = |name: &str, label: &str, value: String| {
        out.push(format!("  {id}{name}:"));
        out.push(format!(
            "    Description: {}",
            quoted(&format!("{}: {label} (Braze: {page})", i.title()))
        ));
        out.push(format!("    Value: {value}"));
    };
    match (&part.trust, m.with_key) {
        (Some(_), _) => output("RoleArn", "Role ARN", format!("!GetAtt {id}Role.Arn")),
        (None, true) => {
            output(
                "AccessKeyId",
                "AWS Access ID",
                format!("!Ref {id}AccessKey"),
            );
            output(
                "SecretAccessKey",
                "AWS Secret Access Key (WARNING: visible to anyone who can describe this stack)",
                format!("!GetAtt {id}AccessKey.SecretAccessKey"),
            );
        }
        (None, false) => output(
            "UserName",
            "the IAM user to create an access key for",
            format!("!Ref {id}User"),
        ),
    }
    output(
        "BucketName",
        "AWS S3 Bucket Name",
        "!Ref Bucket".to_string(),
    );
    if let Some(folder) = m
        .answers
        .folder
        .as_ref()
        .filter(|_| i == Integration::Currents)
    {
        output("FolderPath", "Folder Path", quoted(folder.as_str()));
    }
    let sse = if m.answers.sse { "on" } else { "off" };
    output(
        "ServerSideEncryption",
        "Server-Side AES-256 Encryption",
        quoted(sse),
    );
    out
}
