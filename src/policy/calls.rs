//! The IAM actions a call needs, each on the resource it is checked against, read from the
//! request as it was sent; and the least-privilege policy of a test's calls.
//!
//! S3 is mapped by hand from AWS's "Policy actions by Amazon S3 API operations" (the bucket
//! and key of the request as sent, path-style or virtual-hosted; a copy's source from its
//! `x-amz-copy-source`; versions, tags and ACLs when the request carries them). Every other
//! operation needs the action of its own name when the reference has one, on every resource
//! (`"Resource": "*"`, reported as unscoped), and is reported as unknown otherwise.

use std::collections::BTreeMap;

use serde_json::Value;

use super::action;
use crate::history::{Call, RecordedRequest, decode_component};

/// One action a call needs, on one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Need {
    /// `s3:GetObject`.
    pub(crate) action: String,
    /// The resource's ARN, or `*`.
    pub(crate) resource: String,
}

/// What a call needs: the actions on their resources, and whether the mapping knew the
/// operation's resources (`false`: the actions are on `*`, or none is known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Needs {
    pub(crate) needs: Vec<Need>,
    pub(crate) scoped: bool,
}

/// The bucket and key of an S3 request: virtual-hosted (`bucket.s3.region.amazonaws.com/key`)
/// or path-style (`host/bucket/key`).
fn bucket_and_key(request: &RecordedRequest) -> Option<(String, String)> {
    let origin = request.origin();
    let host = origin.split("://").nth(1).unwrap_or(origin);
    let host = host.split(':').next().unwrap_or(host);
    let path = request.raw_path().trim_start_matches('/');
    let virtual_bucket = host
        .split_once(".s3")
        .filter(|_| host.ends_with(".amazonaws.com"))
        .map(|(bucket, _)| bucket.to_string());
    let (bucket, key) = match virtual_bucket {
        Some(bucket) => (bucket, path.to_string()),
        None => {
            let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
            (bucket.to_string(), key.to_string())
        }
    };
    (!bucket.is_empty()).then(|| (decode_component(&bucket), decode_component(&key)))
}

fn need(action: &str, resource: String) -> Need {
    Need {
        action: action.to_string(),
        resource,
    }
}

/// The S3 actions of an operation, on its bucket (`bucket`) or object (`object`); `None` for
/// an operation this mapping does not cover.
fn s3(operation: &str, request: &RecordedRequest) -> Option<Vec<Need>> {
    let (bucket, key) = bucket_and_key(request).unwrap_or_default();
    let bucket_arn = format!("arn:aws:s3:::{bucket}");
    let object = format!("arn:aws:s3:::{bucket}/{key}");
    let query = request.query_pairs();
    let version = query.iter().any(|(k, _)| k == "versionId");
    let header = |name: &str| request.header_values(name).first().map(|v| v.to_string());
    let versioned = |plain: &'static str, with_version: &'static str| {
        if version { with_version } else { plain }
    };
    let mut needs = match operation {
        "ListBuckets" => vec![need("s3:ListAllMyBuckets", "*".into())],
        "ListObjects" | "ListObjectsV2" | "HeadBucket" => vec![need("s3:ListBucket", bucket_arn)],
        "ListObjectVersions" => vec![need("s3:ListBucketVersions", bucket_arn)],
        "ListMultipartUploads" => vec![need("s3:ListBucketMultipartUploads", bucket_arn)],
        "CreateBucket"
        | "DeleteBucket"
        | "GetBucketLocation"
        | "GetBucketTagging"
        | "PutBucketTagging"
        | "GetBucketPolicy"
        | "PutBucketPolicy"
        | "DeleteBucketPolicy"
        | "GetBucketVersioning"
        | "PutBucketVersioning" => {
            let action = match operation {
                "DeleteBucketPolicy" => "s3:DeleteBucketPolicy".to_string(),
                "PutBucketTagging" => "s3:PutBucketTagging".to_string(),
                other => format!("s3:{other}"),
            };
            vec![need(&action, bucket_arn)]
        }
        "GetObject" | "HeadObject" => vec![need(
            versioned("s3:GetObject", "s3:GetObjectVersion"),
            object,
        )],
        "GetObjectTagging" => vec![need(
            versioned("s3:GetObjectTagging", "s3:GetObjectVersionTagging"),
            object,
        )],
        "PutObjectTagging" => vec![need(
            versioned("s3:PutObjectTagging", "s3:PutObjectVersionTagging"),
            object,
        )],
        "DeleteObject" => vec![need(
            versioned("s3:DeleteObject", "s3:DeleteObjectVersion"),
            object,
        )],
        "PutObject" | "CreateMultipartUpload" | "UploadPart" | "CompleteMultipartUpload" => {
            vec![need("s3:PutObject", object)]
        }
        "AbortMultipartUpload" => vec![need("s3:AbortMultipartUpload", object)],
        "ListParts" => vec![need("s3:ListMultipartUploadParts", object)],
        "CopyObject" => {
            // The source, `/bucket/key` or `bucket/key`, percent-encoded, maybe with a version.
            let source = header("x-amz-copy-source").unwrap_or_default();
            let (source, source_version) = match source.split_once("?versionId=") {
                Some((s, _)) => (s.to_string(), true),
                None => (source, false),
            };
            let source = decode_component(source.trim_start_matches('/'));
            let get = if source_version {
                "s3:GetObjectVersion"
            } else {
                "s3:GetObject"
            };
            vec![
                need(get, format!("arn:aws:s3:::{source}")),
                need("s3:PutObject", object),
            ]
        }
        _ => return None,
    };
    // Uploads that set tags or an ACL need those actions too.
    if matches!(
        operation,
        "PutObject" | "CopyObject" | "CreateMultipartUpload"
    ) {
        let last = needs.last().map(|n| n.resource.clone()).unwrap_or_default();
        if header("x-amz-tagging").is_some() {
            needs.push(need("s3:PutObjectTagging", last.clone()));
        }
        let acl = request.headers.iter().any(|(k, _)| {
            k.eq_ignore_ascii_case("x-amz-acl")
                || k.to_ascii_lowercase().starts_with("x-amz-grant-")
        });
        if acl {
            needs.push(need("s3:PutObjectAcl", last));
        }
    }
    Some(needs)
}

/// The IAM prefix of a service as the SDK names it (`S3`, `Route 53`, `Auto Scaling`).
fn prefix(service: &str) -> String {
    service
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What one request of `service`'s `operation` needs.
pub(crate) fn needs(service: &str, operation: &str, request: &RecordedRequest) -> Needs {
    let prefix = prefix(service);
    if prefix == "s3"
        && let Some(needs) = s3(operation, request)
    {
        return Needs {
            needs,
            scoped: true,
        };
    }
    let needs = action(&format!("{prefix}:{operation}"))
        .map(|a| vec![need(&a.name, "*".into())])
        .unwrap_or_default();
    Needs {
        needs,
        scoped: false,
    }
}

/// The least-privilege policy of a run of calls (see [`least_privilege`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Written {
    /// The policy document, `2012-10-17`, statements by action in order, resources sorted.
    pub document: String,
    /// Calls whose actions are allowed on every resource (`"Resource": "*"`): the mapping
    /// does not know which resources they touch. `call #3 EC2 DescribeInstances`.
    pub unscoped: Vec<String>,
    /// Calls whose action the reference does not name: nothing in the document allows them.
    pub unknown: Vec<String>,
}

/// The policy that allows exactly `calls` (each request as sent), and what it could not
/// scope or name. `Stubber::least_privilege_policy` gives it for a stubber's calls.
pub fn least_privilege(calls: &[Call]) -> Written {
    let mut by_action: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut unscoped, mut unknown) = (Vec::new(), Vec::new());
    for call in calls {
        let Some(request) = call.requests().first() else {
            continue;
        };
        let named = format!(
            "call #{} {} {}",
            call.index(),
            call.service(),
            call.operation()
        );
        let found = needs(call.service(), call.operation(), request);
        if found.needs.is_empty() {
            unknown.push(named);
            continue;
        }
        if !found.scoped {
            unscoped.push(named);
        }
        for n in found.needs {
            let resources = by_action.entry(n.action).or_default();
            if !resources.contains(&n.resource) {
                resources.push(n.resource);
            }
        }
    }
    // Written by hand, not through a JSON map: the keys stay in IAM's order (Sid, Effect,
    // Action, Resource) whatever features serde_json is built with.
    let text = |s: &str| Value::String(s.to_string()).to_string();
    let statements: Vec<String> = by_action
        .into_iter()
        .map(|(action, mut resources)| {
            resources.sort();
            if resources.iter().any(|r| r == "*") {
                resources = vec!["*".to_string()];
            }
            let sid: String = action.chars().filter(char::is_ascii_alphanumeric).collect();
            let resource = match resources.as_slice() {
                [one] => text(one),
                _ => {
                    let items: Vec<String> =
                        resources.iter().map(|r| format!("        {}", text(r))).collect();
                    format!("[\n{}\n      ]", items.join(",\n"))
                }
            };
            format!(
                "    {{\n      \"Sid\": {},\n      \"Effect\": \"Allow\",\n      \"Action\": {},\n      \
                 \"Resource\": {resource}\n    }}",
                text(&sid),
                text(&action)
            )
        })
        .collect();
    let document = format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}",
        statements.join(",\n")
    );
    Written {
        document,
        unscoped,
        unknown,
    }
}

/// Each of `calls` held against `policy` (and its request as sent): one line for every
/// action a call needs that the policy does not allow, naming the call, the action, the ARN
/// and the statement that decided (or that none allows it); empty when it allows them all. A
/// condition on a key the request does not give is reported as undecided.
pub fn check_calls(policy: &super::Policy, calls: &[Call]) -> Vec<String> {
    let context = super::Context::open();
    let mut lines = Vec::new();
    for call in calls {
        let named = format!(
            "call #{} {} {}",
            call.index(),
            call.service(),
            call.operation()
        );
        let Some(request) = call.requests().first() else {
            continue;
        };
        let found = needs(call.service(), call.operation(), request);
        if found.needs.is_empty() {
            lines.push(format!(
                "{named}: the Service Authorization Reference names no action for it"
            ));
        }
        for n in found.needs {
            let decision = policy.evaluate(&n.action, &n.resource, &context);
            if !decision.is_allowed() {
                lines.push(format!(
                    "{named}: {} on {}: {decision}",
                    n.action, n.resource
                ));
            }
        }
    }
    lines
}

/// The actions one request needs that `policy` does not allow, one line each (`s3:GetObject
/// on arn:aws:s3:::b/k: no statement allows it`), for a stubber running under the policy.
pub(crate) fn refused_actions(
    policy: &super::Policy,
    service: &str,
    operation: &str,
    request: &RecordedRequest,
) -> Vec<String> {
    let context = super::Context::open();
    let found = needs(service, operation, request);
    if found.needs.is_empty() {
        return vec![format!(
            "{service} {operation}: undecided: the Service Authorization Reference ({}) names \
             no action for it",
            super::reference_version()
        )];
    }
    found
        .needs
        .into_iter()
        .filter_map(|n| {
            let decision = policy.evaluate(&n.action, &n.resource, &context);
            (!decision.is_allowed()).then(|| format!("{} on {}: {decision}", n.action, n.resource))
        })
        .collect()
}

/// The error a service answers a call its caller may not make with, and its status.
pub(crate) fn access_denied(service: &str) -> (String, u16) {
    crate::models::errors::errors(service, "")
        .and_then(|e| e.common.first().copied())
        .map_or(("AccessDenied".to_string(), 403), |e| {
            (e.code.to_string(), e.status)
        })
}
