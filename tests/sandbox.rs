//! The moto sandbox itself: IAM enforcement after bootstrap, and the server's lifetime.

mod support;

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use braze_s3::aws::clients::StaticCredentials;
use braze_s3::sandbox::MotoServer;

/// The error code, read from the body when the SDK could not parse it: moto answers IAM and STS
/// auth failures as `<ErrorResponse><Errors><Error>`, which the SDK's awsQuery parser (expecting
/// `<ErrorResponse><Error>`) leaves without a code. S3 errors parse normally.
fn error_code<E: ProvideErrorMetadata>(err: &SdkError<E>) -> Option<String> {
    if let Some(code) = err.code() {
        return Some(code.to_owned());
    }
    let body = std::str::from_utf8(err.raw_response()?.body().bytes()?).ok()?;
    let start = body.find("<Code>")? + "<Code>".len();
    let len = body[start..].find("</Code>")?;
    Some(body[start..start + len].to_owned())
}

fn accepts_connections(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok()
}

#[tokio::test]
async fn admin_can_call_sts_iam_and_s3() {
    let sandbox = support::sandbox().await;
    let clients = support::admin_clients(&sandbox).await;
    assert_eq!(clients.region(), "us-east-1");
    assert!(!clients.region_was_defaulted());

    let identity = clients.sts.get_caller_identity().send().await.unwrap();
    assert!(identity.arn().unwrap_or_default().ends_with(":user/admin"));

    let users = clients.iam.list_users().send().await.unwrap();
    let names: Vec<&str> = users.users().iter().map(|u| u.user_name()).collect();
    assert_eq!(names, ["admin"]);

    // Path-style S3 against the emulator works too.
    clients.s3.list_buckets().send().await.unwrap();
}

#[tokio::test]
async fn unknown_key_is_rejected() {
    let sandbox = support::sandbox().await;
    let admin = support::admin_clients(&sandbox).await;
    let stranger = admin.with_credentials(&StaticCredentials::new(
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ));

    let err = stranger.sts.get_caller_identity().send().await.unwrap_err();
    assert_eq!(
        error_code(&err).as_deref(),
        Some("InvalidClientTokenId"),
        "{err:?}"
    );
    let err = stranger.iam.list_users().send().await.unwrap_err();
    assert_eq!(
        error_code(&err).as_deref(),
        Some("InvalidClientTokenId"),
        "{err:?}"
    );
    let err = stranger.s3.list_buckets().send().await.unwrap_err();
    assert_eq!(
        error_code(&err).as_deref(),
        Some("InvalidAccessKeyId"),
        "{err:?}"
    );
    // The admin still works: the failures above were about the key, not the server.
    admin.sts.get_caller_identity().send().await.unwrap();
}

#[test]
fn credentials_debug_hides_the_secret() {
    let creds = StaticCredentials::new("AKIAEXAMPLE", "very-secret-value");
    let shown = format!("{creds:?}");
    assert!(shown.contains("AKIAEXAMPLE"));
    assert!(!shown.contains("very-secret-value"));
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = MotoServer::start(&support::sandbox_options())
        .await
        .unwrap();
    let port = server.port();
    assert!(accepts_connections(port));
    drop(server); // waits for the server to exit
    assert!(
        !accepts_connections(port),
        "port {port} still open after drop"
    );
}

const CHILD_ENV: &str = "BRAZE_S3_TEST_WATCHDOG_CHILD";

/// Not a test by itself: `server_dies_with_its_owner` runs this binary again with `CHILD_ENV`
/// set, and this then plays the owning process that gets SIGKILLed.
#[tokio::test]
async fn watchdog_child_process() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let server = MotoServer::start(&support::sandbox_options())
        .await
        .unwrap();
    println!("MOTO_PORT={}", server.port());
    // The parent kills us long before this; if it does not, abort (never run Drop).
    tokio::time::sleep(Duration::from_secs(60)).await;
    std::process::abort();
}

#[test]
fn server_dies_with_its_owner() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "watchdog_child_process", "--nocapture"])
        .env(CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let port: u16 = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("MOTO_PORT=").map(str::to_owned))
        .expect("the child process did not report a port")
        .parse()
        .unwrap();
    assert!(accepts_connections(port));

    child.kill().unwrap(); // SIGKILL: no destructor, no cleanup code runs in the owner
    child.wait().unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    while accepts_connections(port) {
        assert!(
            Instant::now() < deadline,
            "moto on {port} outlived its owner"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
