use super::*;

fn policy(statements: &str) -> Policy {
    Policy::parse(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#
    ))
    .unwrap()
}

const OBJECT: &str = "arn:aws:s3:::reports/q1.csv";

#[test]
fn an_action_matches_whatever_its_case_and_an_arn_only_as_written() {
    let p = policy(
        r#"{"Effect": "Allow", "Action": "S3:getobject", "Resource": "arn:aws:s3:::reports/*"}"#,
    );
    assert!(
        p.evaluate("s3:GetObject", OBJECT, &Context::new())
            .is_allowed()
    );
    assert_eq!(
        p.evaluate(
            "s3:GetObject",
            "arn:aws:s3:::Reports/q1.csv",
            &Context::new()
        ),
        Decision::NotAllowed
    );
    assert_eq!(
        p.evaluate("s3:PutObject", OBJECT, &Context::new()),
        Decision::NotAllowed
    );
}

#[test]
fn an_explicit_deny_wins_and_not_elements_invert() {
    let p = policy(
        r#"{"Sid": "All", "Effect": "Allow", "Action": "*", "Resource": "*"},
           {"Sid": "OnlyReports", "Effect": "Deny", "Action": "s3:*",
            "NotResource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]},
           {"Sid": "NoIam", "Effect": "Deny", "NotAction": ["s3:*", "ec2:Describe*"], "Resource": "*"}"#,
    );
    let c = Context::new();
    assert_eq!(
        p.evaluate("s3:GetObject", OBJECT, &c),
        Decision::Allowed {
            statement: "All".into()
        }
    );
    assert_eq!(
        p.evaluate("s3:GetObject", "arn:aws:s3:::other/k", &c),
        Decision::Denied {
            statement: "OnlyReports".into()
        }
    );
    assert_eq!(
        p.evaluate("iam:CreateUser", "arn:aws:iam::123456789012:user/ana", &c),
        Decision::Denied {
            statement: "NoIam".into()
        }
    );
    assert!(p.evaluate("ec2:DescribeInstances", "*", &c).is_allowed());
}

#[test]
fn a_deny_on_a_missing_key_with_a_negated_operator_fires() {
    let p = policy(
        r#"{"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
           {"Sid": "TeamOnly", "Effect": "Deny", "Action": "s3:*",
            "NotResource": "arn:aws:s3:::public/*",
            "Condition": {"StringNotEquals": {"aws:PrincipalTag/team": "data"}}}"#,
    );
    // No team tag: the key is absent, StringNotEquals holds, the deny fires.
    assert_eq!(
        p.evaluate("s3:GetObject", OBJECT, &Context::new()),
        Decision::Denied {
            statement: "TeamOnly".into()
        }
    );
    let data = Context::new().with("aws:PrincipalTag/team", "data");
    assert!(p.evaluate("s3:GetObject", OBJECT, &data).is_allowed());
    // Outside the NotResource, the deny does not apply.
    assert!(
        p.evaluate("s3:GetObject", "arn:aws:s3:::public/a", &Context::new())
            .is_allowed()
    );
}

#[test]
fn variables_are_put_in_under_2012_and_literal_under_2008() {
    let statement = r#"{"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::home/${aws:username}/*"}"#;
    let ana = Context::new().with("aws:username", "ana");
    let current = policy(statement);
    assert!(
        current
            .evaluate("s3:GetObject", "arn:aws:s3:::home/ana/a", &ana)
            .is_allowed()
    );
    assert_eq!(
        current.evaluate("s3:GetObject", "arn:aws:s3:::home/bob/a", &ana),
        Decision::NotAllowed
    );
    // No value for the variable: the resource matches nothing.
    assert_eq!(
        current.evaluate("s3:GetObject", "arn:aws:s3:::home/ana/a", &Context::new()),
        Decision::NotAllowed
    );
    let old = Policy::parse(&format!(
        r#"{{"Version": "2008-10-17", "Statement": [{statement}]}}"#
    ))
    .unwrap();
    assert_eq!(
        old.evaluate("s3:GetObject", "arn:aws:s3:::home/ana/a", &ana),
        Decision::NotAllowed
    );
    assert!(
        old.evaluate("s3:GetObject", "arn:aws:s3:::home/${aws:username}/a", &ana)
            .is_allowed()
    );
    // A default, and the special characters.
    let p = policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::teams/${aws:PrincipalTag/team, 'shared'}/${*}"}"#,
    );
    assert!(
        p.evaluate(
            "s3:GetObject",
            "arn:aws:s3:::teams/shared/*",
            &Context::new()
        )
        .is_allowed()
    );
    assert_eq!(
        p.evaluate(
            "s3:GetObject",
            "arn:aws:s3:::teams/shared/a",
            &Context::new()
        ),
        Decision::NotAllowed
    );
}

#[test]
fn what_the_context_cannot_tell_is_undecided() {
    let p = policy(
        r#"{"Sid": "Prefix", "Effect": "Allow", "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::reports",
            "Condition": {"StringLike": {"s3:prefix": "2026/*"}}}"#,
    );
    let open = Context::open();
    assert_eq!(
        p.evaluate("s3:ListBucket", "arn:aws:s3:::reports", &open),
        Decision::Undecided {
            why: "statement Prefix (its condition StringLike on s3:prefix) would allow it, on a \
                  key the request's context does not give"
                .into()
        }
    );
    let given = Context::open().with("s3:prefix", "2026/01");
    assert!(
        p.evaluate("s3:ListBucket", "arn:aws:s3:::reports", &given)
            .is_allowed()
    );
    // A closed context says the key is absent: the condition is false.
    assert_eq!(
        p.evaluate("s3:ListBucket", "arn:aws:s3:::reports", &Context::new()),
        Decision::NotAllowed
    );
}

#[test]
fn a_malformed_policy_says_what_is_wrong() {
    let refused = |json: &str| Policy::parse(json).unwrap_err().to_string();
    assert!(refused("{").starts_with("the policy is not JSON"));
    assert_eq!(
        refused(r#"{"Version": "2012-10-17"}"#),
        "the policy has no Statement"
    );
    assert_eq!(
        refused(r#"{"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}"#),
        "statement #1's Effect is Some(\"Maybe\"): \"Allow\" or \"Deny\""
    );
    assert_eq!(
        refused(r#"{"Statement": {"Sid": "S", "Effect": "Allow", "Resource": "*"}}"#),
        "statement S has neither Action nor NotAction"
    );
    assert_eq!(
        refused(
            r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"StringSortOf": {"k": "v"}}}}"#
        ),
        "statement #1: the condition operator StringSortOf is not one IAM has"
    );
    assert!(
        refused(r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#)
            .contains("resource policy")
    );
}
