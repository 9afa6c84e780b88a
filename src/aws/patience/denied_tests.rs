//! Item 7 of issue 10: a key still denied once the propagation wait is over names the bucket
//! policy as a possible cause.

use super::*;

#[tokio::test]
async fn item_7_still_denied_after_the_wait_names_the_bucket_policy() {
    let (_keep, stop) = watch::channel(false);
    let limits = Limits {
        deadline: Instant::now() + Duration::from_millis(300),
        stop,
    };
    let report = |_: Progress| {};
    let denied = || async {
        Err::<(), _>(CloudError::new(
            "PutObject",
            ErrorKind::AccessDenied,
            "scripted AccessDenied",
        ))
    };
    let e = patiently("put", &limits, &report, Expect::Allowed, denied)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.sentence.contains("bucket policy"), "{}", e.sentence);
    assert!(e.sentence.contains("PutObject"), "{}", e.sentence);
}
