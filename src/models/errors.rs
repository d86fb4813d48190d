//! What a call can fail with, read from `errors.tsv`: the errors each operation declares, the
//! error its service throttles with, and whether its output streams a body.

static ERRORS: super::packed::Packed = super::packed::Packed::new(include_bytes!("errors.pack"));

/// The packed table, for the benchmark of a first use.
pub(crate) fn packed() -> &'static super::packed::Packed {
    &ERRORS
}

/// An error as the service answers it: its code and HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WireError {
    pub(crate) code: &'static str,
    pub(crate) status: u16,
}

/// What the models say a call of one operation can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OperationErrors {
    /// The errors the operation declares, in the models' order.
    pub(crate) declared: Vec<WireError>,
    /// The error the service throttles with.
    pub(crate) throttling: WireError,
    /// The output streams a body (S3 `GetObject`).
    pub(crate) streams: bool,
    /// Errors AWS documents for every call of the service (`AccessDenied`, expired
    /// credentials), which the models do not declare.
    pub(crate) common: Vec<WireError>,
    /// Errors AWS documents for this operation that its model does not declare, each with the
    /// input member that leads to it (`NoSuchBucket` for `Bucket`).
    pub(crate) documented: Vec<(WireError, &'static str)>,
}

/// A service's lines of the table, by its key.
fn service_part(key: &str) -> Option<&'static str> {
    ERRORS.part(key).filter(|_| key != "#")
}

fn wire_error(code: &'static str, status: &str) -> Option<WireError> {
    Some(WireError {
        code,
        status: status.trim().parse().ok()?,
    })
}

/// A column of `code:status` items.
fn wire_errors(column: &'static str) -> impl Iterator<Item = WireError> {
    column
        .split(',')
        .filter_map(|e| e.rsplit_once(':'))
        .filter_map(|(code, status)| wire_error(code, status))
}

/// What a call of `operation` of `service` (as the SDK names either) can fail with; `None`
/// when the service is not in the tables.
pub(crate) fn errors(service: &str, operation: &str) -> Option<OperationErrors> {
    let block = service_part(&super::service_key(service))?;
    let mut lines = block.lines();
    let head: Vec<&'static str> = lines.next()?.split('\t').collect();
    let throttling = wire_error(head.get(2)?, head.get(3)?)?;
    let mut found = OperationErrors {
        declared: Vec::new(),
        throttling,
        streams: false,
        common: wire_errors(head.get(4).copied().unwrap_or_default()).collect(),
        documented: Vec::new(),
    };
    for line in lines {
        let mut columns = line.split('\t');
        if !columns
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(operation))
        {
            continue;
        }
        found.streams = columns.next() == Some("s");
        found.declared = wire_errors(columns.next().unwrap_or_default()).collect();
        found.documented = columns
            .next()
            .unwrap_or_default()
            .split(',')
            .filter_map(|e| {
                let (error, member) = e.rsplit_once(':')?;
                let (code, status) = error.rsplit_once(':')?;
                Some((wire_error(code, status)?, member))
            })
            .collect();
        break;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declared_errors_throttling_and_streaming() {
        let get_object = errors("S3", "GetObject").unwrap();
        assert_eq!(
            get_object.declared,
            [
                WireError {
                    code: "NoSuchKey",
                    status: 404
                },
                WireError {
                    code: "InvalidObjectState",
                    status: 403
                }
            ]
        );
        assert_eq!(get_object.throttling.code, "SlowDown");
        assert_eq!(get_object.throttling.status, 503);
        assert!(get_object.streams);

        // awsQuery codes come from the error shape's `error.code`: IAM's `NoSuchEntityException`
        // is answered as `NoSuchEntity`.
        let get_user = errors("IAM", "GetUser").unwrap();
        assert!(
            get_user
                .declared
                .iter()
                .any(|e| e.code == "NoSuchEntity" && e.status == 404)
        );
        assert_eq!(get_user.throttling.code, "Throttling");
        assert!(!get_user.streams);

        // EC2 declares no errors; it throttles with RequestLimitExceeded (503). Its error
        // codes page gives the codes of an instance id that does not exist or is not one.
        let ec2 = errors("EC2", "DescribeInstances").unwrap();
        assert!(ec2.declared.is_empty());
        let documented: Vec<_> = ec2
            .documented
            .iter()
            .map(|(e, member)| (e.code, e.status, *member))
            .collect();
        assert_eq!(
            documented,
            [
                ("InvalidInstanceID.NotFound", 400, "InstanceIds"),
                ("InvalidInstanceID.Malformed", 400, "InstanceIds")
            ]
        );
        let common: Vec<_> = ec2.common.iter().map(|e| (e.code, e.status)).collect();
        assert_eq!(
            common,
            [("UnauthorizedOperation", 403), ("AuthFailure", 401)]
        );
        // S3: NoSuchBucket wherever a bucket is named and the model does not declare it.
        let put = errors("S3", "PutObject").unwrap();
        assert_eq!(
            put.documented,
            [(
                WireError {
                    code: "NoSuchBucket",
                    status: 404
                },
                "Bucket"
            )]
        );
        assert!(get_object.documented[0].0.code == "NoSuchBucket");
        assert!(errors("S3", "ListObjectsV2").unwrap().documented.is_empty());
        assert!(errors("S3", "CreateBucket").unwrap().documented.is_empty());
        // A JSON service's spelling of the common errors.
        let dynamodb = errors("DynamoDB", "GetItem").unwrap();
        assert_eq!(dynamodb.common[0].code, "AccessDeniedException");
        assert_eq!(
            (ec2.throttling.code, ec2.throttling.status),
            ("RequestLimitExceeded", 503)
        );

        // The Rust SDK's casing and the crate name find the same rows.
        assert_eq!(
            errors("aws_sdk_rds", "DescribeDbInstances"),
            errors("RDS", "DescribeDBInstances")
        );
        assert!(errors("NoSuchService", "Anything").is_none());
    }

    #[test]
    fn every_service_has_a_throttling_error_and_every_status_reads() {
        let rows = ERRORS.whole().lines().filter(|l| !l.starts_with('#'));
        for line in rows {
            let columns: Vec<&str> = line.split('\t').collect();
            if columns[0] == "service" {
                assert!(wire_error(columns[2], columns[3]).is_some(), "{line}");
                assert_eq!(wire_errors(columns[4]).count(), 2, "{line}");
            } else {
                assert!(columns[1].is_empty() || columns[1] == "s", "{line}");
                for error in columns[2].split(',').filter(|e| !e.is_empty()) {
                    let (code, status) = error.rsplit_once(':').expect(line);
                    assert!(
                        wire_error(code, status).is_some_and(|e| (400..600).contains(&e.status)),
                        "{line}"
                    );
                }
            }
        }
        assert!(ERRORS.keys().count() > 400);
    }
}
