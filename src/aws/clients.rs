//! Build the S3, IAM and STS clients from one `aws-config` load.
//!
//! Credentials and region come from the standard chain (environment, shared files, SSO, a named
//! profile) unless the caller overrides them; `endpoint_url` points all three clients at an
//! emulator such as the local moto sandbox.

use std::fmt;
use std::time::Duration;

use aws_config::default_provider::region::DefaultRegionChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_sts::config::{Credentials, Region, SharedCredentialsProvider};
use secrecy::ExposeSecret;

/// The region used when neither the options, the environment nor the profile name one.
pub const FALLBACK_REGION: &str = "us-east-1";

/// How to build [`Clients`]. `Default` means "the standard AWS chain, nothing overridden".
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// A named profile from `~/.aws/config` / `~/.aws/credentials`.
    pub profile: Option<String>,
    /// Overrides any region from the environment or the profile.
    pub region: Option<String>,
    /// Sends every request here instead of AWS (an emulator); S3 then uses path-style URLs.
    pub endpoint_url: Option<String>,
    /// Uses exactly these keys instead of the credential chain.
    pub static_credentials: Option<StaticCredentials>,
}

/// The domain's access key pair, as the clients use it.
pub use crate::domain::credentials::AccessKey as StaticCredentials;

fn provider(key: &StaticCredentials) -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Credentials::new(
        key.access_key_id.clone(),
        key.secret_access_key.expose_secret().to_owned(),
        None,
        None,
        "braze-s3-static",
    ))
}

/// The three service clients, sharing one region, endpoint and credential source.
#[derive(Clone)]
pub struct Clients {
    pub s3: aws_sdk_s3::Client,
    pub iam: aws_sdk_iam::Client,
    pub sts: aws_sdk_sts::Client,
    region: String,
    region_defaulted: bool,
    /// Kept so [`Clients::with_credentials`] can rebuild with the same settings.
    sdk_config: SdkConfig,
}

impl Clients {
    /// Loads configuration the way the AWS CLI does, applying the overrides in `opts`.
    pub async fn new(opts: &ClientOptions) -> Clients {
        let (region, region_defaulted) = resolve_region(opts).await;
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .retry_config(RetryConfig::standard())
            .timeout_config(timeouts());
        if let Some(profile) = &opts.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &opts.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        if let Some(creds) = &opts.static_credentials {
            loader = loader.credentials_provider(provider(creds));
        }
        let sdk_config = loader.load().await;
        Self::from_sdk_config(sdk_config, region, region_defaulted)
    }

    /// The same region and endpoint, acting as `creds` (e.g. a key the wizard just created).
    pub fn with_credentials(&self, creds: &StaticCredentials) -> Clients {
        let sdk_config = self
            .sdk_config
            .to_builder()
            .credentials_provider(provider(creds))
            .build();
        Self::from_sdk_config(sdk_config, self.region.clone(), self.region_defaulted)
    }

    /// The region every client uses.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// True when no region was configured anywhere and [`FALLBACK_REGION`] was used.
    pub fn region_was_defaulted(&self) -> bool {
        self.region_defaulted
    }

    /// The custom endpoint, if the clients talk to an emulator rather than AWS.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.sdk_config.endpoint_url()
    }

    fn from_sdk_config(sdk_config: SdkConfig, region: String, region_defaulted: bool) -> Clients {
        let mut s3 = aws_sdk_s3::config::Builder::from(&sdk_config);
        if sdk_config.endpoint_url().is_some() {
            // Emulators serve every bucket on one host: `http://host:port/bucket/key`.
            s3 = s3.force_path_style(true);
        }
        Clients {
            s3: aws_sdk_s3::Client::from_conf(s3.build()),
            iam: aws_sdk_iam::Client::new(&sdk_config),
            sts: aws_sdk_sts::Client::new(&sdk_config),
            region,
            region_defaulted,
            sdk_config,
        }
    }
}

impl fmt::Debug for Clients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clients")
            .field("region", &self.region)
            .field("region_defaulted", &self.region_defaulted)
            .field("endpoint_url", &self.endpoint_url())
            .finish_non_exhaustive()
    }
}

/// Connect fast (a wrong endpoint should fail in seconds), but give a slow call room to finish.
pub(super) fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_attempt_timeout(Duration::from_secs(20))
        .build()
}

/// The explicit region, else the standard chain's (env, then the profile), else the fallback.
/// Resolved before loading so we know whether it was defaulted.
async fn resolve_region(opts: &ClientOptions) -> (String, bool) {
    if let Some(region) = &opts.region {
        return (region.clone(), false);
    }
    let mut chain = DefaultRegionChain::builder();
    if let Some(profile) = &opts.profile {
        chain = chain.profile_name(profile);
    }
    match chain.build().region().await {
        Some(region) => (region.to_string(), false),
        None => (FALLBACK_REGION.to_owned(), true),
    }
}
