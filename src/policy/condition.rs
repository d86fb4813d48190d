//! A policy's condition operators held against a request's context, as IAM evaluates them.

use std::net::IpAddr;

use super::context::Context;
use super::matching::{arn_like, glob, plain, substituted};
use super::{Known, Version};

/// How an operator compares one request value with one policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    StringEquals,
    StringEqualsIgnoreCase,
    StringLike,
    Numeric(Order),
    Date(Order),
    Bool,
    Binary,
    Ip,
    Arn,
}

/// Which way a numeric or date comparison goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Equals,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}

/// An operator read from its name (`StringNotLikeIfExists`, `ForAnyValue:StringEquals`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operator {
    compare: Option<Compare>,
    negated: bool,
    if_exists: bool,
    all_values: bool,
}

impl Operator {
    /// The operator of this name; `Err` names an operator this evaluator does not know.
    pub(crate) fn parse(name: &str) -> Result<Operator, String> {
        // ForAnyValue: is how a key of several values is compared without a prefix too.
        let rest = name.strip_prefix("ForAnyValue:").unwrap_or(name);
        let (all_values, rest) = match rest.strip_prefix("ForAllValues:") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let (if_exists, base) = match rest.strip_suffix("IfExists") {
            Some(base) => (true, base),
            None => (false, rest),
        };
        let order = |suffix: &str| match suffix {
            "Equals" => Some((Order::Equals, false)),
            "NotEquals" => Some((Order::Equals, true)),
            "LessThan" => Some((Order::LessThan, false)),
            "LessThanEquals" => Some((Order::LessThanEquals, false)),
            "GreaterThan" => Some((Order::GreaterThan, false)),
            "GreaterThanEquals" => Some((Order::GreaterThanEquals, false)),
            _ => None,
        };
        let (compare, negated) = match base {
            "StringEquals" => (Some(Compare::StringEquals), false),
            "StringNotEquals" => (Some(Compare::StringEquals), true),
            "StringEqualsIgnoreCase" => (Some(Compare::StringEqualsIgnoreCase), false),
            "StringNotEqualsIgnoreCase" => (Some(Compare::StringEqualsIgnoreCase), true),
            "StringLike" => (Some(Compare::StringLike), false),
            "StringNotLike" => (Some(Compare::StringLike), true),
            "Bool" => (Some(Compare::Bool), false),
            "BinaryEquals" => (Some(Compare::Binary), false),
            "IpAddress" => (Some(Compare::Ip), false),
            "NotIpAddress" => (Some(Compare::Ip), true),
            "ArnEquals" | "ArnLike" => (Some(Compare::Arn), false),
            "ArnNotEquals" | "ArnNotLike" => (Some(Compare::Arn), true),
            "Null" => (None, false),
            _ => match (base.strip_prefix("Numeric"), base.strip_prefix("Date")) {
                (Some(suffix), _) if order(suffix).is_some() => {
                    let (o, negated) = order(suffix).unwrap_or((Order::Equals, false));
                    (Some(Compare::Numeric(o)), negated)
                }
                (_, Some(suffix)) if order(suffix).is_some() => {
                    let (o, negated) = order(suffix).unwrap_or((Order::Equals, false));
                    (Some(Compare::Date(o)), negated)
                }
                _ => return Err(format!("the condition operator {name} is not one IAM has")),
            },
        };
        Ok(Operator {
            compare,
            negated,
            if_exists,
            all_values,
        })
    }

    /// Whether the condition `key: values` of this operator holds for the context.
    pub(crate) fn holds(
        &self,
        key: &str,
        policy_values: &[String],
        version: Version,
        context: &Context,
    ) -> Known<bool> {
        let request = context.values(key);
        let Some(compare) = self.compare else {
            // Null: "true" asks that the key be absent, "false" that it be present.
            let absent = match request {
                Known::Unknown => return Known::Unknown,
                Known::No => true,
                Known::Yes(values) => values.is_empty(),
            };
            let want = policy_values.iter().any(|v| v.eq_ignore_ascii_case("true"));
            return Known::Yes(absent == want);
        };
        let request = match request {
            Known::Unknown => return Known::Unknown,
            Known::No => return Known::Yes(self.if_exists || self.negated || self.all_values),
            Known::Yes([]) => {
                return Known::Yes(self.if_exists || self.negated || self.all_values);
            }
            Known::Yes(values) => values,
        };
        let mut patterns = Vec::new();
        for value in policy_values {
            match substituted(value, version, context) {
                Known::Yes(value) => patterns.push(value),
                // A variable without a value matches nothing.
                Known::No => {}
                Known::Unknown => return Known::Unknown,
            }
        }
        let one = |v: &String| {
            let matched = patterns.iter().any(|p| compares(compare, v, p));
            matched != self.negated
        };
        Known::Yes(if self.all_values {
            request.iter().all(one)
        } else {
            request.iter().any(one)
        })
    }
}

fn compares(compare: Compare, value: &str, pattern: &str) -> bool {
    let like = matches!(compare, Compare::StringLike | Compare::Arn);
    let plain = plain(pattern);
    let pattern = if like { pattern } else { &*plain };
    match compare {
        Compare::StringEquals | Compare::Binary => value == pattern,
        Compare::StringEqualsIgnoreCase => value.to_lowercase() == pattern.to_lowercase(),
        Compare::StringLike => glob(pattern, value, false),
        Compare::Bool => value.eq_ignore_ascii_case(pattern),
        Compare::Arn => arn_like(pattern, value),
        Compare::Ip => in_range(value, pattern),
        Compare::Numeric(order) => match (value.parse::<f64>(), pattern.parse::<f64>()) {
            (Ok(v), Ok(p)) => ordered(order, v, p),
            _ => false,
        },
        Compare::Date(order) => match (date(value), date(pattern)) {
            (Some(v), Some(p)) => ordered(order, v, p),
            _ => false,
        },
    }
}

fn ordered(order: Order, value: f64, pattern: f64) -> bool {
    match order {
        Order::Equals => value == pattern,
        Order::LessThan => value < pattern,
        Order::LessThanEquals => value <= pattern,
        Order::GreaterThan => value > pattern,
        Order::GreaterThanEquals => value >= pattern,
    }
}

/// A date as IAM reads one: ISO 8601 (`2026-12-08T00:00:00Z`, or a day) or epoch seconds.
fn date(text: &str) -> Option<f64> {
    use aws_smithy_types::DateTime;
    use aws_smithy_types::date_time::Format;
    if let Ok(seconds) = text.parse::<f64>() {
        return Some(seconds);
    }
    let full;
    let text = if text.len() == 10 {
        full = format!("{text}T00:00:00Z");
        &full
    } else {
        text
    };
    DateTime::from_str(text, Format::DateTime)
        .ok()
        .map(|d| d.as_secs_f64())
}

/// Whether an address is in a range (`203.0.113.0/24`, `2001:db8::/32`, or one address).
fn in_range(value: &str, range: &str) -> bool {
    let (net, bits) = match range.split_once('/') {
        Some((net, bits)) => (net, bits.parse::<u32>().ok()),
        None => (range, None),
    };
    let (Ok(value), Ok(net)) = (value.parse::<IpAddr>(), net.parse::<IpAddr>()) else {
        return false;
    };
    match (value, net) {
        (IpAddr::V4(v), IpAddr::V4(n)) => prefix(
            u32::from(v).into(),
            u32::from(n).into(),
            bits.unwrap_or(32),
            32,
        ),
        (IpAddr::V6(v), IpAddr::V6(n)) => prefix(v.into(), n.into(), bits.unwrap_or(128), 128),
        _ => false,
    }
}

fn prefix(value: u128, net: u128, bits: u32, width: u32) -> bool {
    if bits == 0 {
        return true;
    }
    if bits > width {
        return false;
    }
    let shift = width - bits;
    (value >> shift) == (net >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(op: &str, key: &str, values: &[&str], context: &Context) -> Known<bool> {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        Operator::parse(op)
            .unwrap()
            .holds(key, &values, Version::V2012, context)
    }

    #[test]
    fn operators_compare_as_iam_does() {
        let c = Context::new()
            .with("aws:username", "ana")
            .with("aws:CurrentTime", "2026-12-08T10:00:00Z")
            .with("aws:SourceIp", "203.0.113.7")
            .with("aws:SecureTransport", "true")
            .with("s3:max-keys", "10")
            .with_values("aws:TagKeys", ["team", "stage"]);
        assert_eq!(
            holds("StringEquals", "AWS:UserName", &["ana"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("StringEquals", "aws:username", &["Ana"], &c),
            Known::Yes(false)
        );
        assert_eq!(
            holds("StringEqualsIgnoreCase", "aws:username", &["ANA"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("StringLike", "aws:username", &["a*"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("StringNotLike", "aws:username", &["b*"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("NumericLessThan", "s3:max-keys", &["11"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("NumericGreaterThan", "s3:max-keys", &["10"], &c),
            Known::Yes(false)
        );
        assert_eq!(
            holds("DateLessThan", "aws:CurrentTime", &["2027-01-01"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("Bool", "aws:SecureTransport", &["True"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("NotIpAddress", "aws:SourceIp", &["198.51.100.0/24"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds(
                "ForAllValues:StringEquals",
                "aws:TagKeys",
                &["team", "stage", "x"],
                &c
            ),
            Known::Yes(true)
        );
        assert_eq!(
            holds("ForAllValues:StringEquals", "aws:TagKeys", &["team"], &c),
            Known::Yes(false)
        );
        assert_eq!(
            holds("ForAnyValue:StringEquals", "aws:TagKeys", &["stage"], &c),
            Known::Yes(true)
        );
        // A key absent from the request: false, but true for a negated operator, for
        // ...IfExists and for Null.
        assert_eq!(
            holds("StringEquals", "aws:PrincipalTag/team", &["a"], &c),
            Known::Yes(false)
        );
        assert_eq!(
            holds("StringNotEquals", "aws:PrincipalTag/team", &["a"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("StringEqualsIfExists", "aws:PrincipalTag/team", &["a"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("Null", "aws:PrincipalTag/team", &["true"], &c),
            Known::Yes(true)
        );
        assert_eq!(
            holds("Null", "aws:username", &["true"], &c),
            Known::Yes(false)
        );
        // A policy variable in a value.
        assert_eq!(
            holds("StringEquals", "aws:username", &["${aws:username}"], &c),
            Known::Yes(true)
        );
        // An open context cannot tell a key it was not given.
        let open = Context::open().with("aws:username", "ana");
        assert_eq!(
            holds("StringEquals", "s3:prefix", &["a"], &open),
            Known::Unknown
        );
        assert!(Operator::parse("StringSortOf").is_err());
    }
}
