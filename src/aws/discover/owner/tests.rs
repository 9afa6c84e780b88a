//! Item 1 of issue 10 — a bucket's region is not its ownership — against answers shaped as real
//! AWS sends them (`aws-smithy-mocks`): a 301 with `x-amz-bucket-region` for any bucket name,
//! a 403 whether the bucket is another account's or the caller's own with `s3:ListBucket`
//! denied. moto has one account and never redirects, so it cannot show these.

use std::sync::{Arc, Mutex};

use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_s3::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_s3::error::BoxError;
use aws_sdk_s3::operation::get_bucket_encryption::GetBucketEncryptionOutput;
use aws_sdk_s3::operation::get_bucket_location::GetBucketLocationOutput;
use aws_sdk_s3::operation::get_object_lock_configuration::GetObjectLockConfigurationOutput;
use aws_sdk_s3::operation::get_public_access_block::GetPublicAccessBlockOutput;
use aws_sdk_s3::operation::head_bucket::HeadBucketOutput;
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::types::{Bucket, BucketLocationConstraint};
use aws_smithy_mocks::{Rule, mock};

use super::*;
use crate::aws::discover::bucket_state;
use crate::aws::mocks;
use crate::domain::bucket_policy::BucketPolicy;
use crate::domain::existing::BucketState;

const ACCOUNT: &str = "111122223333";

fn account() -> crate::domain::names::AccountId {
    crate::domain::names::AccountId::parse(ACCOUNT).unwrap()
}

fn bucket() -> BucketName {
    BucketName::parse("acme-braze").unwrap()
}

/// A bodyless answer with `x-amz-bucket-region`, as S3 sends to `HeadBucket`.
fn with_region(status: u16, region: &'static str) -> HttpResponse {
    let mut r = HttpResponse::new(status.try_into().unwrap(), String::new().into());
    r.headers_mut().insert("x-amz-bucket-region", region);
    r
}

fn s3_error(code: &str) -> String {
    format!("<Error><Code>{code}</Code><Message>scripted {code}</Message></Error>")
}

/// `HeadBucket` answers, in order: each rule answers once.
fn heads(answers: Vec<HttpResponse>) -> Vec<Rule> {
    answers
        .into_iter()
        .map(|a| {
            let a = Arc::new(Mutex::new(Some(a)));
            mock!(aws_sdk_s3::Client::head_bucket)
                .sequence()
                .http_response(move || {
                    a.lock()
                        .unwrap()
                        .take()
                        .unwrap_or_else(|| with_region(500, "us-east-1"))
                })
                .build()
        })
        .collect()
}

/// `HeadBucket` with the caller's account as `ExpectedBucketOwner`: 200, bucket in `region`.
fn head_ok_for_owner(region: &'static str) -> Rule {
    mock!(aws_sdk_s3::Client::head_bucket)
        .match_requests(|i| i.expected_bucket_owner() == Some(ACCOUNT))
        .then_output(move || HeadBucketOutput::builder().bucket_region(region).build())
}

fn list_buckets(names: &'static [&'static str]) -> Rule {
    mock!(aws_sdk_s3::Client::list_buckets).then_output(move || {
        let mut out = ListBucketsOutput::builder();
        for n in names {
            out = out.buckets(Bucket::builder().name(*n).build());
        }
        out.build()
    })
}

fn list_buckets_denied() -> Rule {
    mock!(aws_sdk_s3::Client::list_buckets)
        .sequence()
        .http_status(403, Some(s3_error("AccessDenied")))
        .repeatedly()
        .build()
}

/// The reads after ownership: no lock, no default encryption, public access blocked, no
/// bucket policy.
fn reads() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_s3::Client::get_bucket_policy)
            .sequence()
            .http_status(404, Some(s3_error("NoSuchBucketPolicy")))
            .build(),
        mock!(aws_sdk_s3::Client::get_object_lock_configuration)
            .then_output(|| GetObjectLockConfigurationOutput::builder().build()),
        mock!(aws_sdk_s3::Client::get_bucket_encryption)
            .then_output(|| GetBucketEncryptionOutput::builder().build()),
        mock!(aws_sdk_s3::Client::get_public_access_block)
            .then_output(|| GetPublicAccessBlockOutput::builder().build()),
    ]
}

/// Records the URL of every S3 request, to see which region each went to.
#[derive(Debug, Clone, Default)]
struct Urls(Arc<Mutex<Vec<String>>>);

impl Intercept for Urls {
    fn name(&self) -> &'static str {
        "Urls"
    }

    fn read_before_transmit(
        &self,
        ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.lock().unwrap().push(ctx.request().uri().to_string());
        Ok(())
    }
}

async fn clients(rules: &[Rule]) -> (Clients, Urls) {
    let refs: Vec<&Rule> = rules.iter().collect();
    let mut c = mocks::clients(&refs, &[]).await;
    let urls = Urls::default();
    let conf = c.s3.config().to_builder().interceptor(urls.clone()).build();
    c.s3 = aws_sdk_s3::Client::from_conf(conf);
    (c, urls)
}

#[tokio::test]
async fn item_1_a_redirect_with_a_region_is_not_ownership() {
    // Someone else's bucket in eu-west-1: a 301 naming its region, then, asked there with our
    // account as the expected owner, a 403; our ListBuckets does not list it.
    let mut rules = heads(vec![
        with_region(301, "eu-west-1"),
        with_region(403, "eu-west-1"),
    ]);
    rules.push(list_buckets(&["acme-other"]));
    let (c, urls) = clients(&rules).await;
    let state = bucket_state(&c, &account(), &bucket()).await.unwrap();
    assert_eq!(state, BucketState::OwnedByOther);
    let urls = urls.0.lock().unwrap().clone();
    assert!(urls[1].contains("eu-west-1"), "{urls:?}");
}

#[tokio::test]
async fn item_1_a_403_without_proof_says_both_possibilities() {
    let mut rules = heads(vec![
        with_region(403, "us-east-1"),
        with_region(403, "us-east-1"),
    ]);
    rules.push(list_buckets_denied());
    let (c, _) = clients(&rules).await;
    let owner = ownership(&c, &account(), &bucket()).await.unwrap();
    let region = Some(Region::parse("us-east-1").unwrap());
    assert_eq!(owner, Ownership::Unproven(region.clone()));
    let state = bucket_state(&c, &account(), &bucket()).await;
    assert_eq!(state.unwrap(), BucketState::Unverified { region });
}

#[tokio::test]
async fn item_1_a_403_for_a_bucket_listbuckets_lists_is_yours() {
    let mut rules = heads(vec![with_region(403, "us-east-1")]);
    rules.push(list_buckets(&["acme-braze"]));
    let (c, _) = clients(&rules).await;
    let owner = ownership(&c, &account(), &bucket()).await.unwrap();
    assert_eq!(owner, Ownership::Yours(Region::parse("us-east-1").unwrap()));
}

#[tokio::test]
async fn item_1_yours_is_proven_in_the_buckets_region_and_read_there() {
    // Our bucket in eu-west-1: a 301 from us-east-1, then 200 there for our account.
    let mut rules = heads(vec![with_region(301, "eu-west-1")]);
    rules.push(head_ok_for_owner("eu-west-1"));
    rules.extend(reads());
    let (c, urls) = clients(&rules).await;
    let BucketState::Owned(b) = bucket_state(&c, &account(), &bucket()).await.unwrap() else {
        panic!("expected the bucket to be ours");
    };
    assert_eq!(b.region.as_str(), "eu-west-1");
    let urls = urls.0.lock().unwrap().clone();
    assert_eq!(urls.len(), 6, "{urls:?}");
    assert_eq!(b.policy, BucketPolicy::None);
    assert!(urls[0].contains("us-east-1"), "{urls:?}");
    // The owner check and every read went to the bucket's own region.
    assert!(
        urls[1..].iter().all(|u| u.contains("eu-west-1")),
        "{urls:?}"
    );
}

#[tokio::test]
async fn item_1_legacy_locations_mean_eu_west_1_and_us_east_1() {
    for (answer, region) in [
        (Some(BucketLocationConstraint::Eu), "eu-west-1"),
        (None, "us-east-1"),
    ] {
        let rules = vec![
            mock!(aws_sdk_s3::Client::head_bucket)
                .then_output(|| HeadBucketOutput::builder().build()),
            mock!(aws_sdk_s3::Client::get_bucket_location).then_output(move || {
                GetBucketLocationOutput::builder()
                    .set_location_constraint(answer.clone())
                    .build()
            }),
        ];
        let (c, _) = clients(&rules).await;
        let owner = ownership(&c, &account(), &bucket()).await.unwrap();
        assert_eq!(owner, Ownership::Yours(Region::parse(region).unwrap()));
    }
}

#[tokio::test]
async fn a_404_means_no_bucket_and_other_errors_stay_errors() {
    let rules = heads(vec![
        HttpResponse::new(404.try_into().unwrap(), String::new().into()),
        HttpResponse::new(500.try_into().unwrap(), String::new().into()),
    ]);
    let (c, _) = clients(&rules).await;
    assert_eq!(
        ownership(&c, &account(), &bucket()).await.unwrap(),
        Ownership::Missing
    );
    assert!(ownership(&c, &account(), &bucket()).await.is_err());
}

/// Item 7: the policy is read in the bucket's region; a denied read is a reason, not a failure.
#[tokio::test]
async fn item_7_the_bucket_policy_is_read_and_a_denied_read_is_kept_as_a_reason() {
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::acme-braze/*"}]}"#;
    type Expect = fn(&BucketPolicy) -> bool;
    let answers: [(u16, String, Expect); 2] = [
        (
            403,
            s3_error("AccessDenied"),
            |p| matches!(p, BucketPolicy::Unreadable(why) if why.contains("s3:GetBucketPolicy")),
        ),
        (200, doc.to_string(), |p| matches!(p, BucketPolicy::Set(_))),
    ];
    for (status, body, expected) in answers {
        let mut rules = vec![head_ok_for_owner("us-east-1")];
        let body = body.clone();
        rules.push(
            mock!(aws_sdk_s3::Client::get_bucket_policy)
                .sequence()
                .http_response(move || {
                    HttpResponse::new(status.try_into().unwrap(), body.clone().into())
                })
                .build(),
        );
        rules.extend(reads().into_iter().skip(1));
        let (c, _) = clients(&rules).await;
        let BucketState::Owned(b) = bucket_state(&c, &account(), &bucket()).await.unwrap() else {
            panic!("expected the bucket to be ours");
        };
        assert!(expected(&b.policy), "{:?}", b.policy);
        assert_eq!(b.account, ACCOUNT);
    }
}
