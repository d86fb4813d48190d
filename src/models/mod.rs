//! What the AWS service models say about every service, as tables generated from them.
//!
//! `tools/generate_models.py` writes `pages.tsv` (the page tokens and more-results flag of
//! every paginated operation) and `sensitive.tsv` (the members of every operation's input
//! and output that the models mark sensitive, with where the protocol puts them), and
//! `constraints.tsv` (what every operation's input must hold, read by `constraints`) and
//! `errors.tsv` (what a call can fail with, read by `errors`) from the
//! models in the `botocore` package, at the version the generator pins. Nothing here is written by hand:
//! this module only reads the tables. Operations are looked up ignoring case: the Rust SDK
//! names `DescribeDBInstances` `DescribeDbInstances`.

pub(crate) mod constraints;
pub(crate) mod errors;
pub(crate) mod iam;
pub(crate) mod packed;
#[cfg(feature = "serve")]
pub(crate) mod routes;
#[cfg(feature = "serve")]
pub(crate) mod shapes;

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use packed::Packed;

static PAGES: Packed = Packed::new(include_bytes!("pages.pack"));
static SENSITIVE: Packed = Packed::new(include_bytes!("sensitive.pack"));

/// What a first use of `service`'s part of `table` (`constraints`, `errors`, `pages`,
/// `sensitive`) inflates, in bytes, inflated anew (see `packed.rs`).
pub(crate) fn inflate_part(table: &str, service: &str) -> Option<usize> {
    let packed = match table {
        "constraints" => constraints::packed(),
        "errors" => errors::packed(),
        "pages" => &PAGES,
        "sensitive" => &SENSITIVE,
        _ => return None,
    };
    packed.inflate_anew(&service_key(service))
}

/// The models' version, as the tables' first line names it (`botocore 1.44.8`).
pub(crate) fn version() -> &'static str {
    let first = PAGES
        .part("#")
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default();
    first
        .split_once("from ")
        .and_then(|(_, rest)| rest.split_once(" ("))
        .map_or("an unknown version", |(version, _)| version)
}

/// A service as the tables key it: lowercase letters and digits (`Route 53`, `route53` and
/// the crate `aws_sdk_route53` all give `route53`).
pub(crate) fn service_key(name: &str) -> String {
    let name = name.strip_prefix("aws_sdk_").unwrap_or(name);
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How an operation pages, with the Rust SDK's field names: `inputs[i]` sends back what
/// `outputs[i]` returned. An output token is a path (`distribution_list.next_marker`), may
/// take the last item of a list (`contents[-1].key`) and may name alternatives, the first
/// present one counting (`next_marker || contents[-1].key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pagination {
    pub(crate) inputs: Vec<&'static str>,
    pub(crate) outputs: Vec<&'static str>,
    /// The output flag that says whether more pages follow (`is_truncated`), if any.
    pub(crate) more: Option<&'static str>,
}

fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
}

/// An operation as the tables are keyed: its name in lowercase.
fn op_key(operation: &str) -> String {
    operation.to_ascii_lowercase()
}

/// An operation's paging, by its key.
type Pages = HashMap<String, (&'static str, Pagination)>;

/// One service's paginated operations (read on first use); `None` when the service is not in
/// the table.
fn pages(service: &str) -> Option<&'static Pages> {
    static READ: OnceLock<Mutex<HashMap<String, Option<&'static Pages>>>> = OnceLock::new();
    let mut read = READ
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    *read.entry(service.to_string()).or_insert_with(|| {
        let part = PAGES.part(service).filter(|_| service != "#")?;
        let list = |s: &'static str| s.split(',').filter(|t| !t.is_empty()).collect();
        let mut table = Pages::new();
        for r in rows(part) {
            let pagination = Pagination {
                inputs: list(r[2]),
                outputs: list(r[3]),
                more: r.get(4).filter(|m| !m.is_empty()).copied(),
            };
            table.insert(op_key(r[1]), (r[1], pagination));
        }
        Some(&*Box::leak(Box::new(table)))
    })
}

/// What the models say of paging an operation: `None` when the service is not in the
/// tables at all, `Some(None)` when it is but the operation has no paginator.
pub(crate) fn pagination(service: &str, operation: &str) -> Option<Option<&'static Pagination>> {
    let operations = pages(&service_key(service))?;
    Some(operations.get(&op_key(operation)).map(|(_, p)| p))
}

/// Every paginated operation of the tables, as `(service, operation, pagination)`.
#[cfg(test)]
pub(crate) fn all_pages() -> impl Iterator<Item = (&'static str, &'static str, &'static Pagination)>
{
    PAGES.keys().filter(|k| *k != "#").flat_map(|s| {
        pages(s)
            .into_iter()
            .flat_map(move |ops| ops.values().map(move |(o, p)| (s, *o, p)))
    })
}

/// Where a sensitive member is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A member of the body, by its path (`Credentials.SecretAccessKey`: the member and the
    /// member it sits in; `a|b` where the wire name and the member name differ; `*` for the
    /// whole body).
    Body(&'static str),
    /// A header, by name.
    Header(&'static str),
    /// Every header that starts with this prefix.
    Headers(&'static str),
    /// A query parameter, by name.
    Query(&'static str),
    /// A label of the URI path.
    Uri(&'static str),
    /// The operation's raw payload: the whole body.
    Payload,
}

/// A place as the table writes it (`body:Credentials.SecretAccessKey`), split at the colon.
fn place(kind: &str, name: &'static str) -> Option<Place> {
    Some(match kind {
        "body" => Place::Body(name),
        "header" => Place::Header(name),
        "headers" => Place::Headers(name),
        "querystring" => Place::Query(name),
        "uri" => Place::Uri(name),
        "payload" => Place::Payload,
        _ => return None,
    })
}

/// Which side of an exchange a table row speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Direction {
    Input,
    Output,
}

/// An operation's sensitive places (input, output), by its key.
type SensitiveOps = HashMap<String, [Vec<Place>; 2]>;

/// One service's sensitive places (read on first use).
fn sensitive_of(service: &str) -> Option<&'static SensitiveOps> {
    static READ: OnceLock<Mutex<HashMap<String, Option<&'static SensitiveOps>>>> = OnceLock::new();
    let mut read = READ
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    *read.entry(service.to_string()).or_insert_with(|| {
        let part = SENSITIVE.part(service).filter(|_| service != "#")?;
        let mut table = SensitiveOps::new();
        for r in rows(part) {
            let side = usize::from(r[2] != "in");
            let places = r[3]
                .split(' ')
                .filter_map(|p| {
                    let (kind, name) = p.split_once(':')?;
                    place(kind, name)
                })
                .collect();
            table.entry(op_key(r[1])).or_default()[side] = places;
        }
        Some(&*Box::leak(Box::new(table)))
    })
}

/// The places of an operation's input or output that the models mark sensitive (empty when
/// there are none, or the service or operation is unknown).
pub(crate) fn sensitive(service: &str, operation: &str, direction: Direction) -> &'static [Place] {
    let side = usize::from(direction == Direction::Output);
    sensitive_of(&service_key(service))
        .and_then(|ops| ops.get(&op_key(operation)))
        .map_or(&[], |sides| sides[side].as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_found_as_the_rust_sdk_names_them() {
        // The SDK's metadata says `DescribeDBInstances`; an input type says
        // `DescribeDbInstances`.
        for name in ["DescribeDBInstances", "DescribeDbInstances"] {
            let p = pagination("rds", name).expect("rds is in the tables");
            assert_eq!(p.map(|p| p.inputs.clone()), Some(vec!["marker"]), "{name}");
        }
        let places = sensitive("rds", "CreateDbInstance", Direction::Input);
        assert!(
            places.contains(&Place::Body("MasterUserPassword")),
            "{places:?}"
        );
    }

    #[test]
    fn the_tables_name_their_models_version() {
        assert!(version().starts_with("botocore 1."), "{}", version());
    }

    #[test]
    fn every_paginated_operation_pairs_its_tokens() {
        let mut count = 0;
        for (service, operation, p) in all_pages() {
            count += 1;
            assert!(
                !p.inputs.is_empty(),
                "{service} {operation}: no input token"
            );
            assert_eq!(
                p.inputs.len(),
                p.outputs.len(),
                "{service} {operation}: each input token needs the output token it sends back"
            );
        }
        assert!(count > 3000, "{count} paginated operations");
    }

    /// A Rust field name, or the last item of a list field (`contents[-1]`).
    fn segment(s: &str) -> bool {
        let name = s.strip_suffix("[-1]").unwrap_or(s);
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }

    #[test]
    fn every_token_is_a_path_the_page_checks_resolve() {
        for (service, operation, p) in all_pages() {
            let paths = p
                .outputs
                .iter()
                .chain(&p.more)
                .flat_map(|e| e.split(" || "));
            for path in paths {
                assert!(
                    path.split('.').all(segment),
                    "{service} {operation}: {path}"
                );
            }
            for input in &p.inputs {
                assert!(
                    segment(input) && !input.contains(['.', '[']),
                    "{service} {operation}: the input token {input} is not a top-level field"
                );
            }
        }
    }

    #[test]
    fn every_sensitive_place_has_a_known_kind() {
        let mut places = 0;
        for row in rows(SENSITIVE.whole()) {
            assert_eq!(row.len(), 4, "{row:?}");
            assert!(["in", "out"].contains(&row[2]), "{row:?}");
            for p in row[3].split(' ') {
                let (kind, name) = p.split_once(':').expect("where:path");
                assert!(place(kind, name).is_some(), "{p} in {row:?}");
                places += 1;
            }
        }
        assert!(places > 3000, "{places} sensitive places");
        let sts = sensitive("STS", "AssumeRoleWithWebIdentity", Direction::Input);
        assert_eq!(sts, [Place::Body("WebIdentityToken")]);
        let s3 = sensitive("S3", "PutObject", Direction::Input);
        assert!(s3.contains(&Place::Header("x-amz-server-side-encryption-customer-key")));
    }

    #[test]
    fn keys_services_by_crate_and_display_names() {
        assert_eq!(service_key("Route 53"), "route53");
        assert_eq!(service_key("aws_sdk_route53"), "route53");
        let p = pagination("aws_sdk_dynamodb", "ListTables")
            .unwrap()
            .unwrap();
        assert_eq!(p.inputs, ["exclusive_start_table_name"]);
        assert_eq!(p.outputs, ["last_evaluated_table_name"]);
        assert_eq!(pagination("S3", "GetObject"), Some(None));
        assert_eq!(pagination("NoSuchService", "ListThings"), None);
    }
}
