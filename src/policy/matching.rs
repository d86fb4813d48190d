//! Wildcards and policy variables, as IAM matches actions and resources.

use super::context::Context;
use super::{Known, Version};

/// A literal `*` or `?` in a pattern, where a policy variable put one in (`${*}`, or a value
/// that holds one): private-use characters no ARN or action holds.
const LITERAL_STAR: char = '\u{E000}';
const LITERAL_QUESTION: char = '\u{E001}';

/// Text put in a pattern as it is: its `*` and `?` match only themselves.
fn literal(text: &str) -> String {
    text.replace('*', &LITERAL_STAR.to_string())
        .replace('?', &LITERAL_QUESTION.to_string())
}

/// A pattern as plain text (for operators without wildcards): the literal marks back to `*`
/// and `?`.
pub(crate) fn plain(pattern: &str) -> std::borrow::Cow<'_, str> {
    if pattern.contains([LITERAL_STAR, LITERAL_QUESTION]) {
        pattern
            .replace(LITERAL_STAR, "*")
            .replace(LITERAL_QUESTION, "?")
            .into()
    } else {
        pattern.into()
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and `?` for
/// one; `fold` compares letters ignoring case (actions).
pub(crate) fn glob(pattern: &str, text: &str, fold: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if fold {
        (
            pattern.chars().flat_map(char::to_lowercase).collect(),
            text.chars().flat_map(char::to_lowercase).collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    // Backtracking over the last `*`: linear in practice.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let same = |p: char, t: char| {
            p == t || (p == LITERAL_STAR && t == '*') || (p == LITERAL_QUESTION && t == '?')
        };
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && same(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// Whether an ARN matches a pattern as IAM matches the `Resource` element and `ArnLike`: each
/// of the six colon-separated parts by itself (the last may hold colons), wildcards within a
/// part; `*` alone matches every ARN.
pub(crate) fn arn_like(pattern: &str, arn: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let parts = |s: &str| -> Vec<String> { s.splitn(6, ':').map(str::to_string).collect() };
    let (p, a) = (parts(pattern), parts(arn));
    p.len() == 6 && a.len() == 6 && p.iter().zip(&a).all(|(p, a)| glob(p, a, false))
}

/// A pattern with its policy variables (`${aws:username}`, `${aws:PrincipalTag/team,
/// 'default'}`, `${*}`) put in from the context, under version `2012-10-17`; under
/// `2008-10-17` the text is literal. `Known::No` when a variable has no value and no default
/// (IAM then does not match the element), `Known::Unknown` when the context cannot tell.
pub(crate) fn substituted(pattern: &str, version: Version, context: &Context) -> Known<String> {
    if version != Version::V2012 || !pattern.contains("${") {
        return Known::Yes(pattern.to_string());
    }
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return Known::Yes(out);
        };
        let inner = &rest[start + 2..start + end];
        rest = &rest[start + end + 1..];
        match inner {
            // The special characters, written as variables to be literal.
            "*" | "?" | "$" => out.push_str(&literal(inner)),
            _ => {
                let (key, default) = match inner.split_once(',') {
                    Some((key, default)) => {
                        let default = default.trim().trim_matches('\'');
                        (key.trim(), Some(default))
                    }
                    None => (inner.trim(), None),
                };
                match (context.values(key), default) {
                    (Known::Yes(values), _) if values.len() == 1 => {
                        out.push_str(&literal(&values[0]));
                    }
                    (Known::Yes(_) | Known::No, Some(default)) => out.push_str(&literal(default)),
                    (Known::Yes(_) | Known::No, None) => return Known::No,
                    (Known::Unknown, _) => return Known::Unknown,
                }
            }
        }
    }
    out.push_str(rest);
    Known::Yes(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_as_iam_does() {
        assert!(glob("s3:Get*", "s3:GetObject", false));
        assert!(glob("S3:get*", "s3:GetObject", true));
        assert!(!glob("S3:get*", "s3:GetObject", false));
        assert!(glob(
            "ec2:Describe?nstances",
            "ec2:DescribeInstances",
            false
        ));
        assert!(!glob("ec2:Describe?", "ec2:DescribeInstances", false));
        assert!(glob("*", "", false));
        assert!(glob("a*b*c", "a-b-b-c", false));
        assert!(!glob("a*b*c", "a-b-b-d", false));
        assert!(arn_like("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"));
        assert!(!arn_like("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a"));
        assert!(arn_like(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:instance/i-1"
        ));
        // A wildcard stays within its part of the ARN.
        assert!(!arn_like("arn:aws:s3:::*", "arn:aws:s3:us-east-1::b"));
        assert!(arn_like("*", "arn:aws:s3:::b"));
    }
}
