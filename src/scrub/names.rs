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
