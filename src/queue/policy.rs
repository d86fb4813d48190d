//! The calls a stubber answered, as IAM would authorize them: the least-privilege policy of
//! a test, and the calls held against the policy the code runs under.

use crate::policy::{self, Policy, Written};
use crate::queue::state::Gate;
use crate::queue::stubber::Stubber;

impl Stubber {
    /// The IAM policy that allows exactly the calls this stubber saw so far (their actions on
    /// the resources each request named), with the calls it could only allow on every
    /// resource and those whose action is unknown (see [`policy::least_privilege`]).
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::get_object::GetObjectOutput;
    /// use aws_stubber::{client, op, Stubber};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.add_response(op!(aws_sdk_s3::Client::get_object), GetObjectOutput::builder().build());
    /// s3.get_object().bucket("reports").key("q1.csv").send().await.unwrap();
    /// let written = stubber.least_privilege_policy();
    /// assert!(written.document.contains(r#""Resource": "arn:aws:s3:::reports/q1.csv""#));
    /// assert!(written.unscoped.is_empty() && written.unknown.is_empty());
    /// # });
    /// ```
    pub fn least_privilege_policy(&self) -> Written {
        policy::least_privilege(&self.calls())
    }

    /// Holds every call this stubber saw against `policy`: `Err` lists, one line each, the
    /// actions it does not allow (the call, the action, the ARN and the statement that
    /// decided, or that none allows it).
    pub fn check_policy(&self, policy: &Policy) -> Result<(), String> {
        let refused = policy::check_calls(policy, &self.calls());
        if refused.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{}the policy does not allow {} of the test's calls' actions:\n    {}",
            crate::message::PREFIX,
            refused.len(),
            refused.join("\n    ")
        ))
    }
}

impl Stubber {
    /// Runs the code under test as a role whose identity policy is `policy`: every later call
    /// is held against it (the actions it needs, on the ARNs its request names, as
    /// [`Stubber::least_privilege_policy`] reads them), and a call the policy does not allow
    /// is answered as AWS answers it, with the service's access-denied error (`AccessDenied`,
    /// 403, in its protocol), and fails the test: the failure names the call, the action, the
    /// ARN and the statement that decided (or that none allows it). Its queued entry stays.
    ///
    /// ```
    /// # #[cfg(feature = "s3")]
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// use aws_sdk_s3::operation::get_object::GetObjectOutput;
    /// use aws_sdk_s3::error::ProvideErrorMetadata;
    /// use aws_stubber::policy::Policy;
    /// use aws_stubber::{client, op, Stubber, StubErrorKind};
    ///
    /// let stubber = Stubber::new();
    /// let s3 = client!(aws_sdk_s3, &stubber);
    /// stubber.run_under(Policy::parse(r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
    ///     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}}"#).unwrap());
    /// stubber.add_response(op!(aws_sdk_s3::Client::get_object), GetObjectOutput::builder().build());
    /// let err = s3.get_object().bucket("private").key("k").send().await.unwrap_err();
    /// assert_eq!(err.code(), Some("AccessDenied"));
    /// let failures = stubber.take_expected_failures(&[StubErrorKind::NotAuthorized]);
    /// assert!(failures[0].message().contains("s3:GetObject on arn:aws:s3:::private/k"));
    /// # stubber.verify_on_drop(false); // the denied call's entry stays
    /// # });
    /// ```
    pub fn run_under(&self, policy: Policy) {
        // A function the answer path calls only when it is set, so that a binary that never
        // runs under a policy carries neither the evaluator nor the actions table.
        let gate: Gate = std::sync::Arc::new(move |call, request| refusal(&policy, call, request));
        self.inner.lock().policy = Some(gate);
    }
}

/// When `policy` does not allow this call: the failure that says why, and the answer AWS
/// gives it.
fn refusal(
    policy: &Policy,
    call: &crate::history::CallContext,
    request: &crate::history::RecordedRequest,
) -> Option<(crate::error::StubError, crate::respond::Response)> {
    let refused = policy::refused_actions(policy, &call.id.service, &call.id.operation, request);
    if refused.is_empty() {
        return None;
    }
    let (code, status) = policy::access_denied(&call.id.service);
    let message = format!(
        "{}{} is not allowed by the policy the code runs under (Stubber::run_under):\n    {}\n\
         It was answered with {code} ({status}), as AWS answers it; its queue entry stays.",
        crate::message::PREFIX,
        crate::message::call(call.index, &call.id.service, &call.id.operation),
        refused.join("\n    ")
    );
    let error = crate::error::StubError::new(crate::error::StubErrorKind::NotAuthorized, message);
    let response = crate::respond::Response::Client(
        crate::respond::ClientError::new(code)
            .message(format!(
                "User is not authorized to perform: {}",
                refused[0].split(" on ").next().unwrap_or_default()
            ))
            .status(status),
    );
    Some((error, response))
}
