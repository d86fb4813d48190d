//! The calls a stubber answered, as IAM would authorize them: the least-privilege policy of
//! a test, and the calls held against the policy the code runs under.

use crate::policy::{self, Policy, Written};
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
