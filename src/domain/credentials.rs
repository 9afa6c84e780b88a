//! An access key pair as the tool holds it: the ID, and the secret kept in a `SecretString`
//! from the moment AWS returns it. `Debug` shows the key ID, never the secret.

use std::fmt;

use secrecy::SecretString;

/// A long-lived access key pair.
#[derive(Clone)]
pub struct AccessKey {
    pub access_key_id: String,
    pub secret_access_key: SecretString,
}

impl AccessKey {
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: SecretString::from(secret_access_key.into()),
        }
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let key = AccessKey::new("AKIAEXAMPLE", "very-secret-value");
        let shown = format!("{key:?} {key:#?}");
        assert!(shown.contains("AKIAEXAMPLE"));
        assert!(!shown.contains("very-secret-value"), "{shown}");
    }
}
