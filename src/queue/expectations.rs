//! The input expectations chained on a queued entry of a typed operation.

use std::fmt;

use super::queued::QueuedResponse;
use crate::compare::expect::InputExpectation;
use crate::debug_tree::{FieldRule, Node};
use crate::message::PREFIX;
use crate::operation::BuildFn;

impl<I, B, K> QueuedResponse<'_, I, B, K>
where
    I: fmt::Debug + Send + Sync + 'static,
    B: Default,
{
    fn build_fn(&self) -> BuildFn<B, I> {
        self.build
            .expect("typed entries always carry their input builder")
    }

    /// Expects an input whose fields equal those the closure sets on the input builder;
    /// fields it leaves unset are not compared. `ANY` as a string value matches any
    /// present value.
    ///
    /// ```
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// # #[cfg(feature = "s3")] {
    /// use aws_stubber::{op, ANY};
    /// let output = aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder().build();
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_objects_v2), output)
    ///     .expect_input(|i| i.bucket("my-bucket").prefix("logs/").continuation_token(ANY));
    /// # }
    /// ```
    #[track_caller]
    pub fn expect_input(self, expect: impl FnOnce(B) -> B) -> Self {
        let mut tree = partial_tree(self.build_fn(), expect, true);
        let mut conflict = None;
        self.edit(|e| {
            // Keep what expect_absent and expect_present required, unless this sets it.
            if let Some(InputExpectation::Partial { expected }) = &e.input {
                for (field, rule) in expected.field_rules() {
                    if let Err(why) = tree.require(&field, rule) {
                        conflict = Some(why);
                    }
                }
            }
            e.input = Some(InputExpectation::partial(tree.clone()));
        });
        if let Some(why) = conflict {
            panic!(
                "{PREFIX}expect_input conflicts with an earlier expect_absent or expect_present: {why}"
            );
        }
        self
    }

    /// Requires these fields of the input to be absent (`None`), where a partial
    /// expectation otherwise leaves unset fields unchecked: the meaning of botocore's
    /// `{'Prefix': None}`. Adds to [`expect_input`](Self::expect_input), in either order;
    /// works for fields of every type (strings, numbers, lists, maps, structures). Names are
    /// the input's top-level fields as its builder methods spell them (`continuation_token`).
    ///
    /// ```
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// # #[cfg(feature = "s3")] {
    /// use aws_stubber::op;
    /// let output = aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output::builder().build();
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_objects_v2), output)
    ///     .expect_input(|i| i.bucket("my-bucket"))
    ///     .expect_absent(["prefix", "continuation_token"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// If the input has no such field, the field is not optional, the expectation sets it,
    /// or the entry's input is compared by `expect_input_eq` or `expect_input_matches`.
    #[track_caller]
    pub fn expect_absent<'f>(self, fields: impl IntoIterator<Item = &'f str>) -> Self {
        self.require_fields(fields, FieldRule::Absent, "expect_absent")
    }

    /// Requires these fields of the input to be present, with any value: botocore's `ANY`
    /// for fields of every type (`max_keys`, booleans, timestamps, enums, whole lists, maps
    /// and structures), where the [`ANY`](crate::ANY) string only fits string fields (and
    /// `instance_ids(ANY)` means a one-element list). Adds to
    /// [`expect_input`](Self::expect_input), in either order.
    ///
    /// ```
    /// # let stubber = aws_stubber::Stubber::new();
    /// # stubber.verify_on_drop(false);
    /// # #[cfg(feature = "ec2")] {
    /// use aws_stubber::op;
    /// let output = aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput::builder().build();
    /// stubber
    ///     .add_response(op!(aws_sdk_ec2::Client::describe_instances), output)
    ///     .expect_present(["instance_ids", "max_results", "dry_run"]);
    /// # }
    /// ```
    ///
    /// # Panics
    /// As [`expect_absent`](Self::expect_absent).
    #[track_caller]
    pub fn expect_present<'f>(self, fields: impl IntoIterator<Item = &'f str>) -> Self {
        self.require_fields(fields, FieldRule::Present, "expect_present")
    }

    #[track_caller]
    fn require_fields<'f>(
        self,
        fields: impl IntoIterator<Item = &'f str>,
        rule: FieldRule,
        method: &str,
    ) -> Self {
        let build = self.build_fn();
        let fields: Vec<&str> = fields.into_iter().collect();
        let mut problem = None;
        self.edit(|e| {
            let mut tree = match e.input.take() {
                None => partial_tree(build, |b| b, false),
                Some(InputExpectation::Partial { expected }) => expected,
                Some(other) => {
                    e.input = Some(other);
                    problem = Some(
                        "the entry's input is already compared whole (expect_input_eq) or by a \
                         predicate (expect_input_matches); say it there"
                            .to_string(),
                    );
                    return;
                }
            };
            for field in &fields {
                if let Err(why) = tree.require(field, rule) {
                    problem.get_or_insert(why);
                }
            }
            e.input = Some(InputExpectation::partial(tree));
        });
        if let Some(why) = problem {
            panic!("{PREFIX}{method}: {why}");
        }
        self
    }

    /// Expects exactly this input (compared with `==`; when it contains `ANY`, compared
    /// field by field with `ANY` matching any present value).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::{ListBucketsInput, ListBucketsOutput};
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// let expected = ListBucketsInput::builder().max_buckets(10).build().unwrap();
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build())
    ///     .expect_input_eq(expected);
    /// s3.list_buckets().max_buckets(10).send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn expect_input_eq(self, input: I) -> Self
    where
        I: PartialEq,
    {
        let expectation = InputExpectation::exact(input);
        self.edit(|e| e.input = Some(expectation.clone()));
        self
    }

    /// Expects an input for which the predicate returns true (for inputs that are `Clone`:
    /// the stubber keeps a copy of each call's input to run it on).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber
    ///     .add_response(op!(aws_sdk_s3::Client::list_buckets), ListBucketsOutput::builder().build())
    ///     .expect_input_matches(|i| i.max_buckets().is_some_and(|n| n <= 100));
    /// s3.list_buckets().max_buckets(10).send().await.unwrap();
    /// # });
    /// ```
    #[track_caller]
    pub fn expect_input_matches(
        self,
        predicate: impl Fn(&I) -> bool + Send + Sync + 'static,
    ) -> Self
    where
        I: Clone,
    {
        let expectation = InputExpectation::predicate(predicate);
        self.edit(|e| e.input = Some(expectation.clone()));
        self
    }
}

#[track_caller]
pub(crate) fn partial_tree<I: fmt::Debug, B: Default>(
    build: BuildFn<B, I>,
    expect: impl FnOnce(B) -> B,
    reject_empty: bool,
) -> Node {
    let build_or_panic = |builder: B| match build(builder) {
        Ok(input) => input,
        Err(err) => panic!("{PREFIX}the expected input does not build: {err}"),
    };
    let text = format!("{:?}", build_or_panic(expect(B::default())));
    let default = format!("{:?}", build_or_panic(B::default()));
    if reject_empty && text == default {
        panic!(
            "{PREFIX}the expectation passed to expect_input sets no field the stubber can \
             compare: it sets nothing, or only fields that the SDK redacts in Debug output \
             (passwords, secrets, user data). Use expect_input_eq (compares with ==) or \
             expect_input_matches (a predicate) for those."
        );
    }
    Node::parse(&text).without_defaults(&Node::parse(&default))
}
