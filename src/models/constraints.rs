//! The constraints table (`constraints.tsv`): what AWS checks of every operation's input,
//! read one service at a time, on the first request of that service.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::{op_key, service_key};

static CONSTRAINTS: super::packed::Packed =
    super::packed::Packed::new(include_bytes!("constraints.pack"));

/// The packed table, for the benchmark of a first use.
pub(crate) fn packed() -> &'static super::packed::Packed {
    &CONSTRAINTS
}

/// What the models say of one service's requests.
pub(crate) struct Service {
    pub(crate) protocol: &'static str,
    /// The error code the service answers a request that breaks a constraint with.
    pub(crate) code: &'static str,
    operations: HashMap<String, Operation>,
    shapes: HashMap<&'static str, Shape>,
}

/// An operation whose input carries constraints.
pub(crate) struct Operation {
    pub(crate) input: &'static str,
    /// The request URI template of REST protocols (`/2013-04-01/hostedzone/{Id}/rrset/`).
    pub(crate) uri: Option<&'static str>,
}

/// Where a member of an input is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Body,
    Header,
    /// Every header with this prefix (a map).
    Headers,
    Query,
    Uri,
    /// The whole body.
    Payload,
}

pub(crate) struct Member {
    /// The model's name (`UserName`).
    pub(crate) name: &'static str,
    /// The SDK's field name (`user_name`).
    pub(crate) field: String,
    /// The name on the wire (an element, a JSON key, a query key, a header).
    pub(crate) wire: &'static str,
    pub(crate) location: Location,
    pub(crate) shape: &'static str,
    pub(crate) required: bool,
}

/// A shape with constraints, or with members that carry some.
pub(crate) enum Shape {
    Structure(Vec<Member>),
    List {
        member: &'static str,
        bounds: Bounds,
        flattened: bool,
    },
    Map {
        key: &'static str,
        value: &'static str,
        key_wire: &'static str,
        value_wire: &'static str,
        bounds: Bounds,
    },
    Enum(EnumValues),
    String {
        bounds: Bounds,
        pattern: Option<Pattern>,
        sensitive: bool,
    },
    Blob(Bounds),
    Number(Bounds),
}

/// The values of an enum: in the model's order (for messages), and sorted (EC2's instance
/// types are about a thousand).
pub(crate) struct EnumValues {
    pub(crate) listed: Vec<&'static str>,
    sorted: Vec<&'static str>,
}

impl EnumValues {
    fn new(values: &[&'static str]) -> Self {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        EnumValues {
            listed: values.to_vec(),
            sorted,
        }
    }

    pub(crate) fn contains(&self, value: &str) -> bool {
        self.sorted.binary_search(&value).is_ok()
    }
}

/// A minimum and a maximum (a length, a count or a value).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Bounds {
    pub(crate) min: Option<f64>,
    pub(crate) max: Option<f64>,
}

/// A pattern as the table writes it, compiled on its first use.
pub(crate) struct Pattern {
    pub(crate) source: &'static str,
    compiled: OnceLock<Option<fancy_regex::Regex>>,
}

impl Pattern {
    /// Whether the value matches. A pattern with no anchor must match the whole value (as
    /// the services' validation reads it); one with an anchor is taken as written. A pattern
    /// the regex engine cannot run (it gives up on backtracking) lets the value pass.
    pub(crate) fn matches(&self, value: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| compile(self.source).ok());
        match compiled {
            Some(regex) => regex.is_match(value).unwrap_or(true),
            None => true,
        }
    }
}

/// A table pattern as the regex it is checked with.
pub(crate) fn compile(source: &str) -> Result<fancy_regex::Regex, fancy_regex::Error> {
    let anchored = source.starts_with('^') || source.ends_with('$');
    if anchored {
        fancy_regex::Regex::new(source)
    } else {
        fancy_regex::Regex::new(&format!("^(?:{source})$"))
    }
}

impl Service {
    pub(crate) fn operation(&self, operation: &str) -> Option<&Operation> {
        self.operations.get(&op_key(operation))
    }

    pub(crate) fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }
}

/// The constraints of a service's requests (`None` when no operation of it has any, or the
/// service is not in the models).
pub(crate) fn service(name: &str) -> Option<&'static Service> {
    type Parsed = HashMap<String, Option<&'static Service>>;
    static PARSED: OnceLock<Mutex<Parsed>> = OnceLock::new();
    // Every request is checked: the thread's last service is found without a lock or an
    // allocation (a test calls one service, or a few, many times).
    thread_local! {
        static LAST: std::cell::RefCell<(String, Option<&'static Service>)> =
            const { std::cell::RefCell::new((String::new(), None)) };
    }
    if let Some(found) = LAST.with_borrow(|(last, found)| (last == name).then_some(*found)) {
        return found;
    }
    let key = service_key(name);
    let mut parsed = PARSED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let found = *parsed.entry(key.clone()).or_insert_with(|| {
        let section = CONSTRAINTS.part(&key).filter(|_| key != "#")?;
        // Read once per process and kept for its life, like the table itself.
        Some(&*Box::leak(Box::new(parse(section))))
    });
    LAST.with_borrow_mut(|last| *last = (name.to_string(), found));
    found
}

fn number(field: Option<&&str>) -> Option<f64> {
    field.filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

fn bounds(fields: &[&'static str], at: usize) -> Bounds {
    Bounds {
        min: number(fields.get(at)),
        max: number(fields.get(at + 1)),
    }
}

fn parse(section: &'static str) -> Service {
    let mut service = Service {
        protocol: "",
        code: "",
        operations: HashMap::new(),
        shapes: HashMap::new(),
    };
    for line in section.lines() {
        let f: Vec<&'static str> = line.split('\t').collect();
        let name = f.get(1).copied().unwrap_or_default();
        let shape = match f[0] {
            "service" => {
                service.protocol = f.get(2).copied().unwrap_or_default();
                service.code = f.get(3).copied().unwrap_or_default();
                continue;
            }
            "operation" => {
                let operation = Operation {
                    input: f.get(2).copied().unwrap_or_default(),
                    uri: f.get(4).copied(),
                };
                service.operations.insert(op_key(name), operation);
                continue;
            }
            "structure" => Shape::Structure(
                f.get(2..)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|m| member(m))
                    .collect(),
            ),
            "list" => Shape::List {
                member: f.get(2).copied().unwrap_or_default(),
                bounds: bounds(&f, 3),
                flattened: f.get(5) == Some(&"flattened"),
            },
            "map" => Shape::Map {
                key: f.get(2).copied().unwrap_or_default(),
                value: f.get(3).copied().unwrap_or_default(),
                key_wire: f.get(4).copied().unwrap_or("key"),
                value_wire: f.get(5).copied().unwrap_or("value"),
                bounds: bounds(&f, 6),
            },
            "enum" => Shape::Enum(EnumValues::new(f.get(2..).unwrap_or_default())),
            "string" => Shape::String {
                bounds: bounds(&f, 2),
                pattern: f.get(4).filter(|p| !p.is_empty()).map(|p| Pattern {
                    source: p,
                    compiled: OnceLock::new(),
                }),
                sensitive: f.get(5) == Some(&"sensitive"),
            },
            "blob" => Shape::Blob(bounds(&f, 2)),
            _ => Shape::Number(bounds(&f, 2)),
        };
        service.shapes.insert(name, shape);
    }
    service
}

/// A member as the table writes it: `name,field,wire,location,shape,!` with the defaults
/// left empty.
fn member(text: &'static str) -> Option<Member> {
    let mut parts = text.split(',');
    let name = parts.next()?;
    let field = parts.next().filter(|f| !f.is_empty());
    let wire = parts.next().filter(|w| !w.is_empty()).unwrap_or(name);
    let location = match parts.next().unwrap_or_default() {
        "header" => Location::Header,
        "headers" => Location::Headers,
        "querystring" => Location::Query,
        "uri" => Location::Uri,
        "payload" => Location::Payload,
        _ => Location::Body,
    };
    let shape = parts.next()?;
    Some(Member {
        name,
        field: field.map_or_else(|| plain_snake(name), str::to_string),
        wire,
        location,
        shape,
        required: parts.next() == Some("!"),
    })
}

/// The SDK's field name by the plain rule (`UserName` -> `user_name`); the table names the
/// field itself where the SDK's differs.
pub(crate) fn plain_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
            out.push('_');
        }
        out.extend(c.to_lowercase());
        previous = Some(c);
    }
    out
}

/// Every pattern of the table, for the test that compiles them all.
#[cfg(test)]
pub(crate) fn all_patterns() -> impl Iterator<Item = &'static str> {
    CONSTRAINTS
        .whole()
        .lines()
        .filter(|l| l.starts_with("string\t"))
        .filter_map(|l| l.split('\t').nth(4))
        .filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_the_table_compiles() {
        let mut failed = Vec::new();
        let mut count = 0;
        for pattern in all_patterns() {
            count += 1;
            if let Err(e) = compile(pattern) {
                failed.push(format!("{pattern}: {e}"));
            }
        }
        assert!(count > 8000, "{count} patterns");
        assert!(
            failed.is_empty(),
            "{} of {count} patterns do not compile:\n{}",
            failed.len(),
            failed.join("\n")
        );
    }

    #[test]
    fn reads_a_service_with_its_operations_and_shapes() {
        let iam = service("IAM").expect("iam has constraints");
        assert_eq!((iam.protocol, iam.code), ("query", "ValidationError"));
        let create = iam.operation("CreateUser").expect("CreateUser");
        let Some(Shape::Structure(members)) = iam.shape(create.input) else {
            panic!("CreateUserRequest is a structure");
        };
        let user = members.iter().find(|m| m.name == "UserName").unwrap();
        assert!(user.required);
        assert_eq!(user.field, "user_name");
        let Some(Shape::String {
            bounds, pattern, ..
        }) = iam.shape(user.shape)
        else {
            panic!("userNameType is a string");
        };
        assert_eq!((bounds.min, bounds.max), (Some(1.0), Some(64.0)));
        let pattern = pattern.as_ref().unwrap();
        assert!(pattern.matches("alice+ops@example.com"));
        assert!(
            !pattern.matches("bad name!"),
            "unanchored patterns match whole values"
        );
        let rds = service("rds").unwrap();
        let Some(Shape::Structure(members)) =
            rds.shape(rds.operation("CreateDbInstance").unwrap().input)
        else {
            panic!()
        };
        let id = members.iter().find(|m| m.name == "DBInstanceIdentifier");
        assert_eq!(id.unwrap().field, "db_instance_identifier");
        assert!(service("NoSuchService").is_none());
    }

    #[test]
    fn the_plain_rule_names_fields_as_the_sdk_does() {
        assert_eq!(plain_snake("UserName"), "user_name");
        assert_eq!(plain_snake("MinCount"), "min_count");
        assert_eq!(plain_snake("TTL"), "ttl");
        assert_eq!(plain_snake("Ipv6Address"), "ipv6_address");
    }
}
