#!/usr/bin/env bash
# Compile time of a test file with 50 stubbed S3 operations: aws-stubber against
# aws-smithy-mocks, as the wall time of the incremental rebuild after touching the file
# (median of 3). Run from the repository root: bash benches/compile_time.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ops=(list_buckets list_objects_v2 get_object put_object delete_object head_object head_bucket
  create_bucket delete_bucket copy_object get_bucket_acl put_bucket_acl get_bucket_policy
  put_bucket_policy delete_bucket_policy get_bucket_tagging put_bucket_tagging
  delete_bucket_tagging get_bucket_versioning put_bucket_versioning get_bucket_location
  get_bucket_cors put_bucket_cors delete_bucket_cors get_bucket_lifecycle_configuration
  put_bucket_lifecycle_configuration delete_bucket_lifecycle get_bucket_encryption
  put_bucket_encryption delete_bucket_encryption get_bucket_website put_bucket_website
  delete_bucket_website get_object_acl put_object_acl get_object_tagging put_object_tagging
  delete_object_tagging list_object_versions list_multipart_uploads create_multipart_upload
  upload_part complete_multipart_upload abort_multipart_upload list_parts
  get_bucket_notification_configuration put_bucket_notification_configuration
  get_public_access_block put_public_access_block delete_public_access_block)

mkdir -p "$work/tests" "$work/src"
echo "" > "$work/src/lib.rs"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "compile-bench"
version = "0.0.0"
edition = "2021"
publish = false

[dev-dependencies]
aws-stubber = { path = "$root", features = ["s3"] }
aws-smithy-mocks = "0.3"
aws-sdk-s3 = { version = "1", default-features = false, features = ["rt-tokio"] }
aws-smithy-runtime-api = { version = "1", features = ["client", "http-1x"] }
aws-smithy-types = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML

{
  echo "use aws_stubber::{op, RawResponse, Stubber};"
  echo "#[test] fn fifty_operations() {"
  echo "    let stubber = Stubber::new();"
  echo "    stubber.verify_on_drop(false);"
  for op in "${ops[@]}"; do
    echo "    stubber.add_http_response(op!(aws_sdk_s3::Client::$op), RawResponse::new(200));"
  done
  echo "    assert_eq!(stubber.pending(), ${#ops[@]});"
  echo "}"
} > "$work/tests/stubber.rs"

{
  echo "use aws_smithy_mocks::mock;"
  echo "use aws_smithy_runtime_api::client::orchestrator::HttpResponse;"
  echo "use aws_smithy_types::body::SdkBody;"
  echo "#[test] fn fifty_operations() {"
  echo "    let mut rules = Vec::new();"
  for op in "${ops[@]}"; do
    echo "    rules.push(mock!(aws_sdk_s3::Client::$op).then_http_response(|| HttpResponse::new(200.try_into().unwrap(), SdkBody::empty())));"
  done
  echo "    assert_eq!(rules.len(), ${#ops[@]});"
  echo "}"
} > "$work/tests/mocks.rs"

cd "$work"
export CARGO_TARGET_DIR="$work/target"
if ! cargo test --no-run --quiet 2>"$work/build.log"; then
  cat "$work/build.log" >&2
  exit 1
fi
measure() {
  local t=$1 times=()
  for _ in 1 2 3; do
    touch "tests/$t.rs"
    local start=$(date +%s.%N)
    cargo test --no-run --quiet --test "$t" 2>>"$work/build.log"
    times+=("$(echo "$(date +%s.%N) - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}
s=$(measure stubber)
m=$(measure mocks)
echo "incremental rebuild of a test file with 50 stubbed operations (median of 3, seconds):"
echo "  aws-stubber      $s"
echo "  aws-smithy-mocks $m"
echo "  ratio            $(echo "scale=2; $s / $m" | bc)"
