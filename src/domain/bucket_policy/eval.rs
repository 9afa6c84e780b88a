//! How one bucket-policy statement meets one of Braze's requests: does it name the request's
//! principal, action and resource, and does its `Condition` hold? Three-valued, because the
//! tool knows some request values (the SSE header Braze sends, no VPC endpoint, the caller's
//! account) and cannot know others (Braze's source IP, the account's organization).

use serde_json::Value;

use crate::domain::arn::Arn;
use crate::domain::names::AccountId;

/// What Braze's request looks like, as far as the tool knows it.
#[derive(Debug, Clone)]
pub(super) struct Request<'a> {
    pub action: &'a str,
    pub resource: String,
    /// The request's principal, as a bucket policy would name it; `None`: not known yet.
    pub principal_arn: Option<&'a str>,
    pub account: &'a str,
    pub user_name: Option<&'a str>,
    /// The `x-amz-server-side-encryption` header Braze sends with this request.
    pub sse_header: Option<&'a str>,
}

/// `Some(true)`: holds; `Some(false)`: does not; `None`: the tool cannot tell.
pub(super) type Maybe = Option<bool>;

impl Request<'_> {
    /// The request's value for a condition key: `Ok(None)` when it surely carries none,
    /// `Err(())` when the tool cannot know it.
    fn value(&self, key: &str) -> Result<Option<String>, ()> {
        let known = match key.to_ascii_lowercase().as_str() {
            "s3:x-amz-server-side-encryption" => self.sse_header.map(str::to_string),
            // Braze calls S3 over HTTPS from its own network: never through your VPC.
            "aws:securetransport" => Some("true".into()),
            "aws:sourcevpce" | "aws:sourcevpc" | "aws:sourcevpcarn" => None,
            // AWS endpoints accept only TLS 1.2 and later.
            "s3:tlsversion" => Some("1.2".into()),
            // Braze acts as your own IAM user or role, in your account.
            "aws:principalaccount" => Some(self.account.to_string()),
            "aws:principalarn" => Some(self.principal_arn.ok_or(())?.to_string()),
            "aws:username" => self
                .principal_arn
                .ok_or(())?
                .contains(":user/")
                .then(|| self.user_name.unwrap_or_default().to_string()),
            _ => return Err(()),
        };
        Ok(known)
    }
}

/// Strings of a policy value that IAM takes as one string or a list.
pub(super) fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(Value::Bool(true)) => vec!["true"],
        Some(Value::Bool(false)) => vec!["false"],
        _ => Vec::new(),
    }
}

/// IAM's wildcard match: `*` any run of characters, `?` one.
pub(super) fn glob(pattern: &str, text: &str, fold_case: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if fold_case {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(c) if *c == '?' || *c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Whether a statement's `Principal`/`NotPrincipal` takes in the request's principal.
pub(super) fn names_principal(stmt: &Value, r: &Request<'_>) -> Maybe {
    let matches = |v: &Value| -> Maybe {
        if v.as_str() == Some("*") {
            return Some(true);
        }
        let aws = strings(v.get("AWS"));
        if aws.contains(&"*") {
            return Some(true);
        }
        let root = AccountId::parse(r.account).map(|id| Arn::root("aws", &id).to_string());
        if aws
            .iter()
            .any(|a| root.as_deref() == Ok(*a) || *a == r.account)
        {
            return Some(true);
        }
        match r.principal_arn {
            Some(arn) => Some(aws.contains(&arn)),
            // A statement naming specific principals: checked again once the names are known.
            None => Some(false),
        }
    };
    match (stmt.get("Principal"), stmt.get("NotPrincipal")) {
        (Some(p), _) => matches(p),
        (None, Some(np)) => matches(np).map(|m| !m),
        (None, None) => Some(true),
    }
}

/// Whether a statement's `Action`/`NotAction` and `Resource`/`NotResource` cover the request.
pub(super) fn covers(stmt: &Value, r: &Request<'_>) -> bool {
    let any = |key: &str, text: &str, fold: bool| {
        strings(stmt.get(key)).iter().any(|p| glob(p, text, fold))
    };
    let action = match stmt.get("Action") {
        Some(_) => any("Action", r.action, true),
        None => stmt.get("NotAction").is_some() && !any("NotAction", r.action, true),
    };
    let resource = match (stmt.get("Resource"), stmt.get("NotResource")) {
        (Some(_), _) => any("Resource", &r.resource, false),
        (None, Some(_)) => !any("NotResource", &r.resource, false),
        (None, None) => true,
    };
    action && resource
}

/// Whether the statement's `Condition` block holds for the request (every operator, every key).
pub(super) fn condition_holds(stmt: &Value, r: &Request<'_>) -> Maybe {
    let Some(Value::Object(ops)) = stmt.get("Condition") else {
        return Some(true);
    };
    let mut all = Some(true);
    for (op, keys) in ops {
        let Value::Object(keys) = keys else {
            return None;
        };
        for (key, expected) in keys {
            match one(op, r.value(key), &strings(Some(expected))) {
                Some(false) => return Some(false),
                Some(true) => {}
                None => all = None,
            }
        }
    }
    all
}

/// One operator on one key: IAM's rules for a missing key included.
fn one(op: &str, value: Result<Option<String>, ()>, expected: &[&str]) -> Maybe {
    let op = op
        .trim_start_matches("ForAnyValue:")
        .trim_start_matches("ForAllValues:");
    let (op, if_exists) = match op.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (op, false),
    };
    let value = value.ok()?;
    if op == "Null" {
        let absent = value.is_none();
        return Some(
            expected
                .iter()
                .any(|e| e.eq_ignore_ascii_case(&absent.to_string())),
        );
    }
    let negated = op.contains("Not");
    let Some(v) = value else {
        return Some(if_exists || negated);
    };
    let hit = match op.replace("Not", "").as_str() {
        "StringEquals" | "ArnEquals" => expected.iter().any(|e| *e == v),
        "StringEqualsIgnoreCase" => expected.iter().any(|e| e.eq_ignore_ascii_case(&v)),
        "StringLike" | "ArnLike" => expected.iter().any(|e| glob(e, &v, false)),
        "Bool" => expected.iter().any(|e| e.eq_ignore_ascii_case(&v)),
        "NumericLessThan"
        | "NumericLessThanEquals"
        | "NumericGreaterThan"
        | "NumericGreaterThanEquals"
        | "NumericEquals" => {
            let v: f64 = v.parse().ok()?;
            let cmp = |e: &&str| -> Option<bool> {
                let e: f64 = e.parse().ok()?;
                Some(match op {
                    "NumericLessThan" => v < e,
                    "NumericLessThanEquals" => v <= e,
                    "NumericGreaterThan" => v > e,
                    "NumericGreaterThanEquals" => v >= e,
                    _ => v == e,
                })
            };
            let hits: Option<Vec<bool>> = expected.iter().map(cmp).collect();
            hits?.into_iter().any(|h| h)
        }
        _ => return None,
    };
    Some(hit != negated)
}
