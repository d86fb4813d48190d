//! The shapes table (`shapes.tsv`): how each operation's input and output are carried on the
//! wire in every protocol (JSON, REST-JSON, query, EC2, REST-XML and rpcv2Cbor), read one
//! service at a time on first use, for a stubber at an address, which writes typed outputs as
//! the service would send them and reads requests back into the inputs the SDK sent.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{op_key, service_key};

static SHAPES: super::packed::Packed = super::packed::Packed::new(include_bytes!("shapes.pack"));

/// What the models say of one service's inputs and outputs.
pub(crate) struct Service {
    pub(crate) protocol: &'static str,
    /// The XML namespace of query protocols' responses.
    pub(crate) namespace: &'static str,
    operations: HashMap<String, Operation>,
    shapes: HashMap<&'static str, Shape>,
    /// Shapes the SDK's `Debug` redacts.
    sensitive: std::collections::HashSet<&'static str>,
    /// Structures of which one member is set (the SDK's enums of variants).
    unions: std::collections::HashSet<&'static str>,
    /// Blobs the SDK streams (a `ByteStream`).
    streams: std::collections::HashSet<&'static str>,
}

/// An operation's output and input.
pub(crate) struct Operation {
    /// The output shape (empty when the operation has none).
    pub(crate) shape: &'static str,
    /// The element the query protocol wraps the output in (`ListUsersResult`).
    pub(crate) wrapper: &'static str,
    /// The root element of a REST-XML output (`ListBucketResult`); `-` when not written.
    pub(crate) root: &'static str,
    /// The input shape (empty when the operation has none).
    pub(crate) input: &'static str,
}

/// Where a member of an input or output is on the wire.
pub(crate) struct Member {
    /// The model's name (`UserName`).
    pub(crate) name: &'static str,
    pub(crate) shape: &'static str,
    /// The SDK's field name (`user_name`).
    pub(crate) field: String,
    /// The name on the wire (an element, a JSON key, a header).
    pub(crate) wire: &'static str,
    /// `header`, `headers` (a prefix), `statusCode`, `uri`, `querystring`, or empty for the
    /// body.
    pub(crate) location: &'static str,
    /// The name of the member in an EC2 request (`Filter` for `Filters`).
    pub(crate) query: String,
}

pub(crate) enum Shape {
    Structure {
        /// The member that is the whole body (REST protocols).
        payload: Option<&'static str>,
        members: Vec<Member>,
    },
    List {
        member: &'static str,
        /// The element of each item (`member`, `item`), if the models name one.
        wire: &'static str,
        flattened: bool,
    },
    Map {
        key: &'static str,
        value: &'static str,
        key_wire: &'static str,
        value_wire: &'static str,
        flattened: bool,
    },
    Enum(Vec<&'static str>),
    /// A timestamp with the format the models give it (`iso8601`, `unixTimestamp`, ...).
    Timestamp(&'static str),
    /// Any other scalar, by its type (`integer`, `boolean`, `blob`, `timestamp`, ...).
    Scalar(&'static str),
    /// A shape the table names nowhere: a plain string.
    String,
}

impl Service {
    pub(crate) fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(&op_key(name))
    }

    pub(crate) fn shape(&self, name: &str) -> &Shape {
        self.shapes.get(name).unwrap_or(&Shape::String)
    }

    /// Whether the shape is a union (one member set; an enum of variants in the SDK).
    pub(crate) fn is_union(&self, name: &str) -> bool {
        self.unions.contains(name)
    }

    /// Whether the shape is a blob the SDK streams (a `ByteStream`).
    pub(crate) fn is_streaming(&self, name: &str) -> bool {
        self.streams.contains(name)
    }

    /// Whether the SDK's `Debug` redacts values of the shape.
    pub(crate) fn is_sensitive(&self, name: &str) -> bool {
        self.sensitive.contains(name)
    }
}

/// What the table says of one service's inputs and outputs (read on first use); `None` when the
/// service's protocol is not one the table covers.
pub(crate) fn service(name: &str) -> Option<&'static Service> {
    static READ: OnceLock<Mutex<HashMap<String, &'static Service>>> = OnceLock::new();
    let key = service_key(name);
    let mut read = READ
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(service) = read.get(&key) {
        return Some(service);
    }
    let block = SHAPES.part(&key).filter(|_| key != "#")?;
    let service: &'static Service = Box::leak(Box::new(parse(block)));
    read.insert(key, service);
    Some(service)
}

fn parse(block: &'static str) -> Service {
    let mut lines = block.lines().map(|l| l.split('\t').collect::<Vec<_>>());
    let head = lines.next().unwrap_or_default();
    let mut service = Service {
        protocol: head.get(2).copied().unwrap_or_default(),
        namespace: head.get(3).copied().unwrap_or_default(),
        operations: HashMap::new(),
        shapes: HashMap::new(),
        sensitive: Default::default(),
        unions: Default::default(),
        streams: Default::default(),
    };
    let flag = |row: &[&str], i: usize| row.get(i).is_some_and(|f| !f.is_empty());
    for row in lines {
        let at = |i: usize| row.get(i).copied().unwrap_or_default();
        match at(0) {
            "operation" => {
                let operation = Operation {
                    shape: at(2),
                    wrapper: at(3),
                    root: at(4),
                    input: at(5),
                };
                service.operations.insert(op_key(at(1)), operation);
            }
            "structure" => {
                let members = row[3..].iter().filter_map(|m| member(m)).collect();
                let payload = Some(at(2)).filter(|p| !p.is_empty());
                let shape = Shape::Structure { payload, members };
                service.shapes.insert(at(1), shape);
            }
            "list" => {
                let shape = Shape::List {
                    member: at(2),
                    wire: at(3),
                    flattened: flag(&row, 4),
                };
                service.shapes.insert(at(1), shape);
            }
            "map" => {
                let shape = Shape::Map {
                    key: at(2),
                    value: at(3),
                    key_wire: at(4),
                    value_wire: at(5),
                    flattened: flag(&row, 6),
                };
                service.shapes.insert(at(1), shape);
            }
            "enum" => {
                service.shapes.insert(at(1), Shape::Enum(row[2..].to_vec()));
            }
            "timestamp-format" => {
                service.shapes.insert(at(1), Shape::Timestamp(at(2)));
            }
            "sensitive" => service.sensitive.extend(&row[1..]),
            "union" => service.unions.extend(&row[1..]),
            "streaming" => service.streams.extend(&row[1..]),
            kind => {
                for name in &row[1..] {
                    service.shapes.insert(name, Shape::Scalar(kind));
                }
            }
        }
    }
    service
}

/// `UserName,String,user_name,userName,header,Query`, trailing empty parts left out.
fn member(text: &'static str) -> Option<Member> {
    let mut parts = text.split(',');
    let name = parts.next()?;
    let shape = parts.next()?;
    let field = parts.next().filter(|f| !f.is_empty());
    let wire = parts.next().filter(|w| !w.is_empty()).unwrap_or(name);
    let location = parts.next().unwrap_or_default();
    let query = parts.next().filter(|q| !q.is_empty()).map_or_else(
        || {
            let mut chars = wire.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        },
        str::to_string,
    );
    Some(Member {
        name,
        shape,
        field: field.map_or_else(|| super::constraints::plain_snake(name), str::to_string),
        wire,
        location,
        query,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_query_services_outputs() {
        let iam = service("IAM").expect("IAM is in the table");
        assert_eq!(iam.protocol, "query");
        assert_eq!(iam.namespace, "https://iam.amazonaws.com/doc/2010-05-08/");
        let list = iam.operation("ListUsers").unwrap();
        assert_eq!(
            (list.shape, list.wrapper),
            ("ListUsersResponse", "ListUsersResult")
        );
        let Shape::Structure { members, .. } = iam.shape("ListUsersResponse") else {
            panic!("a structure");
        };
        let fields: Vec<_> = members.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(fields, ["users", "is_truncated", "marker"]);
        assert!(matches!(iam.shape("dateType"), Shape::Scalar("timestamp")));
        let s3 = service("S3").unwrap();
        assert_eq!(
            s3.operation("ListObjectsV2").unwrap().root,
            "ListBucketResult"
        );
        let cloudwatch = service("CloudWatch").unwrap();
        assert_eq!(cloudwatch.protocol, "smithy-rpc-v2-cbor");
        // Two timestamp shapes without a format share one row; formatted ones have their own.
        assert!(matches!(
            cloudwatch.shape("Timestamp"),
            Shape::Scalar("timestamp")
        ));
        let s3 = service("S3").unwrap();
        assert!(matches!(
            s3.shape("LastModified"),
            Shape::Scalar("timestamp")
        ));
        assert!(matches!(s3.shape("Date"), Shape::Timestamp("iso8601")));
    }
}
