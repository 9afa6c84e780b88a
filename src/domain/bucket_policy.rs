//! An existing bucket's policy, read before anything changes: a `Deny` there beats any `Allow`
//! the connector's IAM policy grants, so Braze's Test Credentials would fail while the setup
//! looked fine.
//!
//! The rule: each `Deny` statement is checked against every request Braze makes for the
//! chosen integrations (`s3:ListBucket`, `s3:GetBucketLocation` on the bucket; `s3:PutObject`,
//! `s3:GetObject` — and `s3:DeleteObject` for data export — on an object where Braze writes),
//! as the connector's own principal in the caller's account. A statement that names that
//! principal (or `*`, or the account), that action and that object, and whose `Condition`
//! holds for what the tool *knows* of the request, **certainly blocks** Braze and the plan
//! refuses (exit 2): an unconditional deny, a deny of writes unless the SSE header is
//! `aws:kms` (Braze sends `AES256` or nothing), a deny unless the request comes through a VPC
//! endpoint or VPC (`aws:SourceVpce`/`aws:SourceVpc`: Braze never does), or unless the
//! principal is in another account. A statement whose condition rests on what the tool cannot
//! know — `aws:SourceIp` (Braze's addresses), `aws:PrincipalOrgID` (your organization), any
//! other key — **may block** Braze: the plan warns and names it. Known-harmless conditions
//! (`aws:SecureTransport` false, TLS below 1.2) never match, so the usual HTTPS-only policy
//! raises nothing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

mod eval;

use super::answers::Answers;
use super::arn::Arn;
use super::auth::AuthKind;
use super::integration::Integration;
use super::names::{AccountId, BucketName, FolderPath};
use eval::{Request, condition_holds, covers, names_principal};

/// What discovery found of a bucket's policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BucketPolicy {
    /// No policy (`NoSuchBucketPolicy`).
    #[default]
    None,
    /// The policy document, as S3 returned it.
    Set(Value),
    /// It could not be read (e.g. `s3:GetBucketPolicy` denied): why.
    Unreadable(String),
}

impl BucketPolicy {
    /// Parses the JSON `GetBucketPolicy` returns.
    pub fn parse(json: &str) -> Result<BucketPolicy, String> {
        serde_json::from_str(json)
            .map(BucketPolicy::Set)
            .map_err(|e| format!("the bucket policy is not valid JSON ({e})"))
    }
}

/// One of Braze's identities for the bucket, as far as it is known.
#[derive(Debug, Clone)]
pub struct Requester<'a> {
    pub integration: Integration,
    /// `arn:aws:iam::ACCOUNT:user/NAME` or `…:role/NAME`; `None` before the auth step.
    pub principal_arn: Option<String>,
    /// The caller's account: the bucket's owner and the connector's.
    pub account: &'a str,
    /// Braze adds `x-amz-server-side-encryption: AES256`; `None`: not chosen yet (both cases
    /// are checked, and only what blocks in both is certain).
    pub sse: Option<bool>,
    pub folder: Option<&'a FolderPath>,
}

/// Braze's identities once every answer is in: the connector's principal for each integration.
pub fn requesters<'a>(a: &'a Answers, account: &'a str) -> Vec<Requester<'a>> {
    a.principals()
        .into_iter()
        .map(|p| {
            // No ARN without a valid account: a made-up one would match nothing real.
            let principal_arn = AccountId::parse(account)
                .ok()
                .map(|id| match p.auth.kind() {
                    AuthKind::SecretKey => Arn::user("aws", &id, p.name()).into(),
                    AuthKind::RoleArn => Arn::role("aws", &id, p.name()).into(),
                });
            Requester {
                integration: p.integration,
                principal_arn,
                account,
                sse: Some(a.sse),
                folder: a.folder.as_ref(),
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Certainty {
    MayBlock,
    Blocks,
}

/// A statement that would (or may) block Braze.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub certainty: Certainty,
    /// `statement "Sid"`, or `statement 2` when it has no Sid.
    pub statement: String,
    pub action: String,
    /// What the statement depends on, for people.
    pub why: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} denies {} {}", self.statement, self.action, self.why)
    }
}

/// The statements of `policy` that block or may block any of `requesters`, strongest first.
pub fn findings(
    policy: &BucketPolicy,
    bucket: &BucketName,
    requesters: &[Requester<'_>],
) -> Vec<Finding> {
    let BucketPolicy::Set(doc) = policy else {
        return Vec::new();
    };
    let statements: Vec<&Value> = match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    let mut out: Vec<Finding> = statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.get("Effect").and_then(Value::as_str) == Some("Deny"))
        .filter_map(|(i, s)| finding(i, s, bucket, requesters))
        .collect();
    out.sort_by_key(|f| std::cmp::Reverse(f.certainty));
    out
}

fn finding(
    i: usize,
    stmt: &Value,
    bucket: &BucketName,
    requesters: &[Requester<'_>],
) -> Option<Finding> {
    let mut best: Option<(Certainty, &'static str)> = None;
    for r in requesters {
        let principal = r.principal_arn.as_deref();
        for (action, resource) in requests(r.integration, bucket, r.folder) {
            let cases: &[bool] = match r.sse {
                Some(sse) => &[sse][..],
                None => &[true, false],
            };
            let outcomes: Vec<Option<bool>> = cases
                .iter()
                .map(|&sse| {
                    let req = Request {
                        action,
                        resource: resource.clone(),
                        principal_arn: principal,
                        account: r.account,
                        user_name: principal.and_then(|p| p.split(":user/").nth(1)),
                        sse_header: (sse && action == "s3:PutObject").then_some("AES256"),
                    };
                    if !covers(stmt, &req) {
                        return Some(false);
                    }
                    match (names_principal(stmt, &req), condition_holds(stmt, &req)) {
                        (Some(false), _) | (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    }
                })
                .collect();
            let certainty = if outcomes.iter().all(|o| *o == Some(true)) {
                Certainty::Blocks
            } else if outcomes.iter().any(|o| *o != Some(false)) {
                Certainty::MayBlock
            } else {
                continue;
            };
            if best.is_none_or(|(c, _)| certainty > c) {
                best = Some((certainty, action));
            }
        }
    }
    let (certainty, action) = best?;
    let statement = match stmt.get("Sid").and_then(Value::as_str) {
        Some(sid) if !sid.is_empty() => format!("statement {sid:?}"),
        _ => format!("statement {}", i + 1),
    };
    Some(Finding {
        certainty,
        statement,
        action: action.to_string(),
        why: why(stmt, certainty),
    })
}

/// The plan's view: the findings that certainly block Braze (each refuses the plan), and a
/// warning for each that may block it, or for a policy that could not be read.
pub fn review(
    policy: &BucketPolicy,
    bucket: &BucketName,
    requesters: &[Requester<'_>],
) -> (Vec<String>, Vec<String>) {
    if let BucketPolicy::Unreadable(why) = policy {
        return (
            Vec::new(),
            vec![format!(
                "could not read the bucket policy of {bucket} ({why}): a statement there that denies Braze would only show in the live test and in Braze's Test Credentials"
            )],
        );
    }
    let (blocks, may): (Vec<Finding>, Vec<Finding>) = findings(policy, bucket, requesters)
        .into_iter()
        .partition(|f| f.certainty == Certainty::Blocks);
    let warnings = may
        .iter()
        .map(|f| {
            format!(
                "the bucket policy of {bucket} may block Braze: {f}; if Braze's Test Credentials fails, change that statement"
            )
        })
        .collect();
    (blocks.iter().map(ToString::to_string).collect(), warnings)
}

/// Each request Braze makes for `integration`: the action and the resource it names.
fn requests(
    integration: Integration,
    bucket: &BucketName,
    folder: Option<&FolderPath>,
) -> Vec<(&'static str, String)> {
    let bucket_arn = Arn::bucket("aws", bucket);
    let object = bucket_arn.objects(&match (integration, folder) {
        (Integration::Currents, Some(f)) => format!("{f}/dataexport.braze.avro"),
        (Integration::Currents, None) => "currents/dataexport.braze.avro".to_string(),
        (Integration::DataExport, _) => "segment-export/export.zip".to_string(),
    });
    integration
        .actions()
        .into_iter()
        .map(|a| {
            let resource = if a.starts_with("s3:ListBucket") || a == "s3:GetBucketLocation" {
                bucket_arn.to_string()
            } else {
                object.to_string()
            };
            (a, resource)
        })
        .collect()
}

/// The statement's condition, in words a person can check.
fn why(stmt: &Value, certainty: Certainty) -> String {
    let keys: Vec<String> = match stmt.get("Condition") {
        Some(Value::Object(ops)) => ops
            .values()
            .filter_map(Value::as_object)
            .flat_map(|k| k.keys().cloned())
            .collect(),
        _ => Vec::new(),
    };
    if keys.is_empty() {
        return "to Braze's identity without any condition".into();
    }
    let has = |k: &str| keys.iter().any(|key| key.eq_ignore_ascii_case(k));
    let mut notes = Vec::new();
    if has("s3:x-amz-server-side-encryption") {
        notes.push("Braze sends x-amz-server-side-encryption AES256 (when AES-256 encryption is on) or nothing, never aws:kms");
    }
    if has("aws:SourceVpce") || has("aws:SourceVpc") {
        notes.push(
            "Braze's requests come from the internet, never through your VPC or VPC endpoint",
        );
    }
    if has("aws:SourceIp") {
        notes.push("it blocks Braze unless it allows Braze's IP addresses");
    }
    if has("aws:PrincipalOrgID") {
        notes.push("it blocks Braze unless this account is in that organization");
    }
    if has("aws:PrincipalAccount") {
        notes.push("Braze acts as your own IAM user or role, in this account");
    }
    let verb = match certainty {
        Certainty::Blocks => "under a condition Braze's requests meet",
        Certainty::MayBlock => "under a condition the tool cannot check",
    };
    let mut s = format!("{verb} ({})", keys.join(", "));
    if !notes.is_empty() {
        s.push_str(": ");
        s.push_str(&notes.join("; "));
    }
    s
}

#[cfg(test)]
mod tests;
