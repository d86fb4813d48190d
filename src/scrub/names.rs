//! The names scrubbed on top of what the service model marks sensitive, and the headers the
//! SDK computes itself.

use super::scrubber::{Scrubber, UnreadableBody};

impl Default for Scrubber {
    fn default() -> Self {
        let list = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        Scrubber {
            headers: list(&[
                "authorization",
                "proxy-authorization",
                "x-amz-security-token",
                "cookie",
                "set-cookie",
                "x-amz-credential",
                "x-amz-server-side-encryption-customer-key",
                "x-amz-server-side-encryption-customer-key-md5",
                "x-amz-copy-source-server-side-encryption-customer-key",
                "x-amz-copy-source-server-side-encryption-customer-key-md5",
                "x-amz-sso_bearer_token",
                // Credentials the SDKs' signing and auth send in headers of their own: S3
                // Express's session token (every request after CreateSession), an API key
                // (Smithy's httpApiKeyAuth), an S3 Object Lambda request's token, and the
                // token that turns Object Lock on.
                "x-amz-s3session-token",
                "x-api-key",
                "x-amz-request-token",
                "x-amz-bucket-object-lock-token",
            ]),
            query: list(&[
                "X-Amz-Signature",
                "X-Amz-Credential",
                "X-Amz-Security-Token",
                "Signature",
                "AWSAccessKeyId",
            ]),
            fields: list(&[
                "SecretAccessKey",
                "SessionToken",
                "SecurityToken",
                "Password",
                "NewPassword",
                "OldPassword",
                "PreviousPassword",
                "ProposedPassword",
                "MasterUserPassword",
                "SecretString",
                "SecretBinary",
                "PrivateKey",
                "PrivateKeyMaterial",
                "KeyMaterial",
                "ClientSecret",
                "AuthToken",
                "AccessToken",
                "RefreshToken",
                "IdToken",
                // Credentials the service models do not mark sensitive: SSO-OIDC's device
                // authorization codes.
                "DeviceCode",
                "UserCode",
            ]),
            unreadable: UnreadableBody::Redact,
        }
    }
}

/// Request headers the SDK itself computes; never a member of the input.
pub(super) const SDK_HEADERS: &[&str] = &[
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-user-agent",
    "x-amz-decoded-content-length",
    "x-amz-trailer",
    "x-amz-sdk-checksum-algorithm",
    "x-amz-target",
    "x-amz-api-version",
];

/// Response headers that describe the exchange, never a member of the output.
pub(super) const RESPONSE_META_HEADERS: &[&str] =
    &["x-amz-request-id", "x-amz-id-2", "x-amzn-requestid"];

/// Words that make a name read as a secret's (`DB_PASSWORD`, `rds.master_password`,
/// `GithubToken`): the vocabulary of the scrubbed field names.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "credentials",
    "apikey",
];

/// Words before `key` that make it a secret (`API_KEY`, `PrivateKey`, `access-key`);
/// `key` alone (`KeyName`, a tag's `Key`) is not.
const SECRET_KEYS: &[&str] = &["api", "private", "secret", "access", "signing", "master"];

/// Words before `token` that make it something else than a secret (a page token, an
/// idempotency token).
const NOT_SECRET_TOKENS: &[&str] = &[
    "next",
    "continuation",
    "page",
    "pagination",
    "idempotency",
    "client",
    "request",
];

/// The words of a name: split at anything not a letter or digit and where a capital follows
/// a lowercase letter or digit (`rds.master_password` -> `rds master password`,
/// `DBPassword` -> `dbpassword`... -> `db password`).
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let boundary = c.is_ascii_uppercase()
            && previous.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    // The end of an acronym: `DBPassword` -> `DB`, `Password`.
                    || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if boundary && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether a name (of a pair's name member, or a query parameter of an endpoint) reads as a
/// secret's: it holds one of the secret words, or `key` after one that makes it a secret.
pub(super) fn reads_as_secret(name: &str) -> bool {
    let words = words(name);
    words.iter().enumerate().any(|(i, w)| {
        let before = i.checked_sub(1).map(|p| words[p].as_str());
        match w.as_str() {
            "token" => !before.is_some_and(|b| NOT_SECRET_TOKENS.contains(&b)),
            "key" | "keys" => before.is_some_and(|b| SECRET_KEYS.contains(&b)),
            w => SECRET_WORDS.contains(&w) || w.ends_with("password"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_read_as_secrets() {
        for name in [
            "DBPassword",
            "rds.master_password",
            "DB_PASSWORD",
            "GITHUB_TOKEN",
            "api_key",
            "ApiKey",
            "PRIVATE_KEY",
            "token",
            "client-secret",
            "aws_secret_access_key",
            "Credentials",
        ] {
            assert!(reads_as_secret(name), "{name}");
        }
        for name in [
            "InstanceType",
            "KeyName",
            "key-name",
            "Key",
            "NextToken",
            "continuation-token",
            "ClientToken",
            "Description",
            "max_connections",
            "keyspace",
            "tokenizer",
        ] {
            assert!(!reads_as_secret(name), "{name}");
        }
    }
}
