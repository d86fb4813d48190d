use super::*;

fn read(service: &str, operation: &str, request: RecordedRequest) -> String {
    input(service, operation, &request).unwrap().compact()
}

#[test]
fn names_are_spelled_as_the_sdk_spells_types_and_variants() {
    assert_eq!(pascal("DescribeDBInstances"), "DescribeDbInstances");
    assert_eq!(pascal("t3.micro"), "T3Micro");
    assert_eq!(pascal("STANDARD_IA"), "StandardIa");
    assert_eq!(pascal("aws:kms"), "AwsKms");
    assert_eq!(pascal("ListObjectsV2"), "ListObjectsV2");
    assert_eq!(pascal("CRC32C"), "Crc32C");
    assert_eq!(pascal("m5d.24xlarge"), "M5d24xlarge");
}

#[test]
fn a_query_form_reads_back_into_the_input() {
    let request = RecordedRequest::new("POST", "https://iam.amazonaws.com/").with_body(
        "Action=CreateUser&Version=2010-05-08&UserName=ana&Tags.member.1.Key=team&Tags.member.1.Value=data",
    );
    assert_eq!(
        read("IAM", "CreateUser", request),
        r#"CreateUserInput { path: None, user_name: Some("ana"), permissions_boundary: None, tags: Some([Tag { key: Some("team"), value: Some("data") }]) }"#
    );
}

#[test]
fn ec2_names_members_by_their_query_names_and_enums_by_variant() {
    let request = RecordedRequest::new("POST", "https://ec2.us-east-1.amazonaws.com/").with_body(
        "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-type&Filter.1.Value.1=t3.micro&InstanceId.1=i-1&MaxResults=5",
    );
    let text = read("EC2", "DescribeInstances", request);
    assert!(
        text.contains(
            r#"filters: Some([Filter { name: Some("instance-type"), values: Some(["t3.micro"]) }])"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"instance_ids: Some(["i-1"])"#), "{text}");
    assert!(text.contains("max_results: Some(5)"), "{text}");
}

#[test]
fn rest_members_come_from_the_path_query_and_headers() {
    let request = RecordedRequest::new(
        "GET",
        "http://127.0.0.1:1/photos/a/b%20c.jpg?versionId=v1&x-id=GetObject",
    )
    .with_header("range", "bytes=0-9")
    .with_header("x-amz-checksum-mode", "ENABLED")
    .with_header("if-modified-since", "Tue, 14 Nov 2023 22:13:20 GMT");
    let text = read("S3", "GetObject", request);
    for part in [
        r#"bucket: Some("photos")"#,
        r#"key: Some("a/b c.jpg")"#,
        r#"version_id: Some("v1")"#,
        r#"range: Some("bytes=0-9")"#,
        "checksum_mode: Some(Enabled)",
        "if_modified_since: Some(2023-11-14T22:13:20Z)",
        // Redacted whether set or not, as the SDK's Debug prints it.
        r#"sse_customer_key: "*** Sensitive Data Redacted ***""#,
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}

#[test]
fn a_json_union_is_a_variant_and_an_unknown_enum_value_is_kept() {
    let request = RecordedRequest::new("POST", "https://dynamodb.us-east-1.amazonaws.com/")
        .with_header("x-amz-target", "DynamoDB_20120810.PutItem")
        .with_body(r#"{"TableName":"t","Item":{"id":{"S":"1"},"n":{"L":[{"N":"2"}]}},"ReturnValues":"SOMETHING_NEW"}"#);
    let text = read("DynamoDB", "PutItem", request);
    assert!(text.contains(r#""id": S("1")"#), "{text}");
    assert!(text.contains(r#""n": L([N("2")])"#), "{text}");
    assert!(
        text.contains(r#"return_values: Some(Unknown(UnknownVariantValue("SOMETHING_NEW")))"#),
        "{text}"
    );
}

#[test]
fn what_does_not_read_says_why() {
    let request = RecordedRequest::new("POST", "https://dynamodb.us-east-1.amazonaws.com/")
        .with_body("not json");
    assert_eq!(
        input("DynamoDB", "PutItem", &request).unwrap_err(),
        "the body of the request does not read as json"
    );
    let request = RecordedRequest::new("GET", "http://127.0.0.1:1/");
    assert_eq!(
        input("S3", "GetObject", &request).unwrap_err(),
        "the path / does not follow GetObject's URI template /{Bucket}/{Key+}"
    );
}
