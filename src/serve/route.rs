//! Which service and operation a request as sent is a call of: what an interceptor tells an
//! in-process stubber, read from the request itself (see `models/routes.rs`).

use crate::history::RecordedRequest;
use crate::models::routes::{Route, Service, services};

/// A request's service (the SDK's service id, `S3`) and operation (`ListObjectsV2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identified {
    pub(crate) service: &'static str,
    pub(crate) operation: String,
}

/// The request's service and operation, or why none can be told; `hint` holds the services
/// the queue names (by key), preferred when the request alone could be several.
pub(crate) fn identify(request: &RecordedRequest, hint: &[String]) -> Result<Identified, String> {
    let signing = signing_name(request);
    let header = |name: &str| request.header_values(name).first().map(|v| v.to_string());
    let found = |service: &'static Service, operation: &str| Identified {
        service: service.id,
        operation: operation.to_string(),
    };
    let prefer = |candidates: Vec<&'static Service>| -> Option<&'static Service> {
        let signed = |s: &Service| signing.as_deref().is_none_or(|n| s.signing == n);
        let hinted = |s: &Service| hint.iter().any(|h| *h == crate::models::service_key(s.id));
        candidates
            .iter()
            .find(|s| signed(s) && hinted(s))
            .or_else(|| candidates.iter().find(|s| signed(s)))
            .or_else(|| candidates.iter().find(|s| hinted(s)))
            .or(candidates.first())
            .copied()
    };
    // JSON protocols: `X-Amz-Target: DynamoDB_20120810.PutItem`.
    if let Some(target) = header("x-amz-target") {
        let (prefix, operation) = target.rsplit_once('.').unwrap_or(("", &target));
        let candidates = services().iter().filter(|s| s.target == prefix).collect();
        return prefer(candidates)
            .map(|s| found(s, operation))
            .ok_or_else(|| format!("X-Amz-Target {target:?} names no service of the models"));
    }
    let path = request.raw_path();
    // rpcv2Cbor: `/service/GraniteServiceVersion20100801/operation/GetMetricData`.
    if let Some(rest) = path.strip_prefix("/service/")
        && let Some((name, operation)) = rest.split_once("/operation/")
    {
        let candidates = services().iter().filter(|s| s.target == name).collect();
        return prefer(candidates)
            .map(|s| found(s, operation))
            .ok_or_else(|| format!("the path names service {name:?}, which the models lack"));
    }
    // Query protocols: `Action=DescribeInstances&Version=2016-11-15`, in the form or the URI.
    let form = form_pairs(request);
    let value = |key: &str| form.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    if let Some(action) = value("Action") {
        let version = value("Version").unwrap_or_default();
        let query = |s: &&Service| matches!(s.protocol, "query" | "ec2");
        let candidates: Vec<_> = services()
            .iter()
            .filter(query)
            .filter(|s| version.is_empty() || s.version == version)
            .collect();
        return prefer(candidates)
            .map(|s| found(s, &action))
            .ok_or_else(|| {
                format!("Action={action} with Version={version:?} is no query service's")
            });
    }
    // REST protocols: the method and the URI template, the most specific match.
    let query = request.query_pairs();
    let mut best: Option<(Score, &'static Service, &'static Route)> = None;
    let rest = services()
        .iter()
        .filter(|s| matches!(s.protocol, "rest-xml" | "rest-json"));
    let rest: Vec<_> = match &signing {
        Some(name) if rest.clone().any(|s| s.signing == *name) => {
            rest.filter(|s| s.signing == *name).collect()
        }
        _ => rest.collect(),
    };
    // S3 names the operation in `x-id` where its template alone would not.
    let x_id = query
        .iter()
        .find(|(k, _)| k == "x-id")
        .map(|(_, v)| v.as_str());
    for service in rest {
        let hinted = hint.contains(&crate::models::service_key(service.id));
        for route in &service.routes {
            let Some(mut score) = score(route, request, path, &query) else {
                continue;
            };
            if x_id.is_some_and(|x| x != route.operation) {
                continue;
            }
            score.hinted = hinted;
            if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                best = Some((score, service, route));
            }
        }
    }
    match best {
        Some((_, service, route)) => Ok(found(service, route.operation)),
        None => Err(format!(
            "{} {path} matches no operation of {}",
            request.method,
            signing.map_or("any REST service of the models".to_string(), |s| format!(
                "the services signed as {s:?}"
            ))
        )),
    }
}

/// The service a request's signature names, when one service signs with that name (for
/// answering a request of no operation in the service's protocol).
pub(crate) fn signed_service(request: &RecordedRequest) -> Option<&'static str> {
    let name = signing_name(request)?;
    let mut signed = services().iter().filter(|s| s.signing == name);
    signed.next().map(|s| s.id)
}

/// How well a REST route fits a request: more literal path segments, then more required
/// query parameters and headers, then a service the queue names, then not deprecated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    literals: usize,
    required: usize,
    hinted: bool,
    current: bool,
}

fn score(
    route: &Route,
    request: &RecordedRequest,
    path: &str,
    query: &[(String, String)],
) -> Option<Score> {
    if !route.method.eq_ignore_ascii_case(&request.method) {
        return None;
    }
    let (template_path, template_query) = route.uri.split_once('?').unwrap_or((route.uri, ""));
    let literals = match_path(template_path, path)?;
    let has = |name: &str| query.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    let mut required = 0;
    for literal in template_query.split('&').filter(|l| !l.is_empty()) {
        let ok = match literal.split_once('=') {
            Some((k, v)) => query.iter().any(|(qk, qv)| qk == k && qv == v),
            None => has(literal),
        };
        if !ok {
            return None;
        }
        required += 1;
    }
    for name in &route.query {
        if !has(name) {
            return None;
        }
        required += 1;
    }
    for name in &route.headers {
        if request.header_values(name).is_empty() {
            return None;
        }
        required += 1;
    }
    Some(Score {
        literals,
        required,
        hinted: false,
        current: !route.deprecated,
    })
}

/// Matches a path against a template's path (`/{Bucket}/{Key+}`): a label takes one
/// segment, a greedy label the rest (at least one). The number of literal segments, or
/// `None` when the path does not fit.
fn match_path(template: &str, path: &str) -> Option<usize> {
    let segments = |s: &str| -> Vec<String> {
        s.trim_matches('/')
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let template = segments(template);
    let path = segments(path);
    let mut literals = 0;
    for (i, part) in template.iter().enumerate() {
        if part.ends_with("+}") && part.starts_with('{') {
            return (path.len() > i).then_some(literals);
        }
        let got = path.get(i)?;
        match (part.find('{'), part.rfind('}')) {
            (Some(open), Some(close)) => {
                let (before, after) = (&part[..open], &part[close + 1..]);
                let fits = got.len() > before.len() + after.len()
                    && got.starts_with(before)
                    && got.ends_with(after);
                if !fits {
                    return None;
                }
            }
            _ => {
                if crate::history::decode_component(got) != *part {
                    return None;
                }
                literals += 1;
            }
        }
    }
    (path.len() == template.len()).then_some(literals)
}

/// The signing name of a SigV4 request: the credential scope's fourth part
/// (`Credential=AKID/20260101/us-east-1/s3/aws4_request`), from the header or a presigned URL.
fn signing_name(request: &RecordedRequest) -> Option<String> {
    let scope_service = |credential: &str| {
        let parts: Vec<&str> = credential.split('/').collect();
        (parts.len() >= 5).then(|| parts[parts.len() - 2].to_string())
    };
    if let Some(auth) = request.header_values("authorization").first() {
        let credential = auth.split("Credential=").nth(1)?;
        let credential = credential.split([',', ' ']).next()?;
        return scope_service(credential);
    }
    request
        .query_pairs()
        .into_iter()
        .find(|(k, _)| k == "X-Amz-Credential")
        .and_then(|(_, v)| scope_service(&v))
}

/// The request's form pairs (a query protocol's body), else its query string's.
fn form_pairs(request: &RecordedRequest) -> Vec<(String, String)> {
    let form = request
        .header_values("content-type")
        .first()
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if form {
        form_urlencoded::parse(&request.body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    } else {
        request.query_pairs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(uri: &str) -> RecordedRequest {
        RecordedRequest::new(
            "GET",
            format!("http://127.0.0.1:9/{}", uri.trim_start_matches('/')),
        )
    }

    fn signed(request: RecordedRequest, service: &str) -> RecordedRequest {
        request.with_header(
            "authorization",
            format!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/{service}/aws4_request, \
                 SignedHeaders=host, Signature=0"
            ),
        )
    }

    fn op(request: &RecordedRequest) -> (String, String) {
        let found = identify(request, &[]).unwrap();
        (found.service.to_string(), found.operation)
    }

    #[test]
    fn rest_operations_that_share_a_template_differ_by_what_they_require() {
        let s3 = |r| signed(r, "s3");
        assert_eq!(op(&s3(get("/b/k"))).1, "GetObject");
        assert_eq!(op(&s3(get("/b/k?uploadId=1"))).1, "ListParts");
        assert_eq!(op(&s3(get("/b?list-type=2&prefix=a"))).1, "ListObjectsV2");
        assert_eq!(op(&s3(get("/b?prefix=a"))).1, "ListObjects");
        assert_eq!(op(&s3(get("/b/a/b/c?tagging"))).1, "GetObjectTagging");
        let put = RecordedRequest::new("PUT", "http://127.0.0.1:9/b/k");
        assert_eq!(op(&s3(put.clone())).1, "PutObject");
        let copy = put.with_header("x-amz-copy-source", "/src/k");
        assert_eq!(op(&s3(copy)).1, "CopyObject");
        let head = RecordedRequest::new("HEAD", "http://127.0.0.1:9/b");
        assert_eq!(op(&s3(head)), ("S3".to_string(), "HeadBucket".to_string()));
        // The Rust SDK's `x-id` settles what the template alone cannot.
        assert_eq!(
            op(&s3(get("/?x-id=ListDirectoryBuckets"))).1,
            "ListDirectoryBuckets"
        );
        assert_eq!(op(&s3(get("/?x-id=ListBuckets"))).1, "ListBuckets");
    }

    #[test]
    fn every_protocol_names_its_operation() {
        let form = |body: &str, service: &str| {
            signed(
                RecordedRequest::new("POST", "http://127.0.0.1:9/")
                    .with_header("content-type", "application/x-www-form-urlencoded")
                    .with_body(body.to_string()),
                service,
            )
        };
        assert_eq!(
            op(&form("Action=DescribeInstances&Version=2016-11-15", "ec2")),
            ("EC2".into(), "DescribeInstances".into())
        );
        assert_eq!(
            op(&form("Action=ListUsers&Version=2010-05-08", "iam")),
            ("IAM".into(), "ListUsers".into())
        );
        // Two services sign as elasticloadbalancing: the API version tells them apart.
        let elb = op(&form(
            "Action=DescribeLoadBalancers&Version=2015-12-01",
            "elasticloadbalancing",
        ));
        assert_eq!(elb.0, "Elastic Load Balancing v2");
        let json = RecordedRequest::new("POST", "http://127.0.0.1:9/")
            .with_header("x-amz-target", "DynamoDB_20120810.PutItem");
        assert_eq!(op(&json), ("DynamoDB".into(), "PutItem".into()));
        let cbor = RecordedRequest::new(
            "POST",
            "http://127.0.0.1:9/service/GraniteServiceVersion20100801/operation/GetMetricData",
        );
        assert_eq!(op(&cbor), ("CloudWatch".into(), "GetMetricData".into()));
        let route53 = signed(
            RecordedRequest::new("POST", "http://127.0.0.1:9/2013-04-01/hostedzone/Z1/rrset/"),
            "route53",
        );
        assert_eq!(
            op(&route53),
            ("Route 53".into(), "ChangeResourceRecordSets".into())
        );
    }

    #[test]
    fn a_request_of_no_operation_says_so() {
        let err = identify(&signed(get("/a/b/c/d"), "route53"), &[]).unwrap_err();
        assert_eq!(
            err,
            "GET /a/b/c/d matches no operation of the services signed as \"route53\""
        );
        let err = identify(
            &RecordedRequest::new("POST", "http://127.0.0.1:9/")
                .with_header("x-amz-target", "Nope.Do"),
            &[],
        )
        .unwrap_err();
        assert_eq!(
            err,
            "X-Amz-Target \"Nope.Do\" names no service of the models"
        );
    }
}
