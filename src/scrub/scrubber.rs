//! The [`Scrubber`]: which secrets it removes besides those the service models mark, and its
//! entry points over a fixture and one interaction.

use super::everywhere::{propagate, replace_all, variants};
use super::sensitive::Sensitive;
use crate::compare::wildcard::REDACTED;
use crate::fixture::{Fixture, Interaction};
use crate::models::Direction;

/// What happens to a body the scrubber cannot read (malformed XML or JSON, a compressed or
/// unknown encoding, a content type it does not know): it is never written as it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnreadableBody {
    /// The whole body is replaced by `REDACTED` (the default when recording).
    #[default]
    Redact,
    /// Nothing is written; the error names each such body (the default of
    /// `aws-stubber-fixture scrub`).
    Refuse,
}

/// Which secrets are scrubbed besides the members the service model marks sensitive. The
/// defaults cover AWS signatures, session tokens, cookies, SSE-C keys, SSO bearer tokens,
/// and fields such as `SecretAccessKey`, `SessionToken` and `Password`; add your own with
/// the builder methods.
///
/// ```
/// use aws_stubber::scrub::{Scrubber, UnreadableBody};
/// let scrubber = Scrubber::default()
///     .field("ApiKey")
///     .header("x-api-key")
///     .unreadable_bodies(UnreadableBody::Refuse);
/// # let _ = scrubber;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Scrubber {
    pub(super) headers: Vec<String>,
    pub(super) query: Vec<String>,
    pub(super) fields: Vec<String>,
    pub(super) unreadable: UnreadableBody,
}

/// Why a fixture cannot be scrubbed safely: bodies the scrubber cannot read while
/// [`UnreadableBody::Refuse`] is set. Nothing is written then.
///
/// ```
/// # use aws_stubber::fixture::Fixture;
/// use aws_stubber::scrub::{Scrubber, UnreadableBody};
/// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
/// #   "request": { "method": "POST", "uri": "https://pay.example/charge",
/// #     "headers": { "content-type": "application/json" }, "body": "{not json" },
/// #   "response": { "status": 200, "headers": {}, "body": "" } } ] }"#;
/// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
/// let err = Scrubber::default()
///     .unreadable_bodies(UnreadableBody::Refuse)
///     .scrub_fixture(&mut fixture)
///     .unwrap_err();
/// assert!(err.unreadable()[0].starts_with("interaction #1 request body"), "{err}");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ScrubError {
    unreadable: Vec<String>,
}

impl ScrubError {
    /// Each body that could not be read, with its interaction and why
    /// (`interaction #1 request body: ...`).
    pub fn unreadable(&self) -> &[String] {
        &self.unreadable
    }
}

impl std::fmt::Display for ScrubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot be scrubbed safely, so nothing was written: {}. Redact such bodies whole \
             instead (UnreadableBody::Redact, or --redact-unreadable), or mark a body that is an \
             operation's raw payload with \"payload\": true",
            self.unreadable.join("; ")
        )
    }
}

/// The message as it reads: an `unwrap()` or a test returning `Err` shows it so.
impl std::fmt::Debug for ScrubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ScrubError {}

/// What the SDK knew about one recorded exchange: the sensitive members of its input and
/// output.
#[derive(Debug, Default, Clone)]
pub(crate) struct Knowledge {
    pub(crate) input: Option<Sensitive>,
    pub(crate) output: Option<Sensitive>,
}

/// The access key ids a file's requests were signed with, read from their signatures'
/// credential scopes (`Credential=AKID/20260101/...`, `X-Amz-Credential`): credentials the
/// recording used, to remove wherever else they stand.
pub(crate) fn key_ids(fixture: &Fixture) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for it in &fixture.interactions {
        let scopes = it
            .request
            .header_values("authorization")
            .into_iter()
            .filter_map(|v| Some(v.split_once("Credential=")?.1.to_string()))
            .chain(
                it.request
                    .query_pairs()
                    .into_iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case("X-Amz-Credential"))
                    .map(|(_, v)| v),
            );
        for scope in scopes {
            if let Some((id, _)) = scope.split_once('/')
                && id.len() >= 4
                && !crate::compare::wildcard::is_mark(id.as_bytes())
                && !out.iter().any(|o| o == id)
            {
                out.push(id.to_string());
            }
        }
    }
    out
}

impl Knowledge {
    /// What the models' tables say of an interaction's operation, for files on disk.
    pub(crate) fn of(it: &Interaction) -> Knowledge {
        Knowledge {
            input: Some(Sensitive::from_table(
                &it.service,
                &it.operation,
                Direction::Input,
            )),
            output: Some(Sensitive::from_table(
                &it.service,
                &it.operation,
                Direction::Output,
            )),
        }
    }
}

/// Which side of an exchange a body is on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
}

impl Scrubber {
    /// Also scrubs this header (name compared ignoring case).
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::{Scrubber, UnreadableBody};
    /// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
    /// #   "request": { "method": "POST", "uri": "https://pay.example/charge?ticket=t-42",
    /// #     "headers": { "content-type": "application/json", "x-api-key": "k-42" }, "body": "{\"pin\": \"4242\"}" },
    /// #   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": "{}" } } ] }"#;
    /// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
    /// Scrubber::default().header("x-api-key").scrub_fixture(&mut fixture).unwrap();
    /// assert_eq!(fixture.interactions[0].request.header_values("x-api-key"), ["REDACTED"]);
    /// ```
    pub fn header(mut self, name: impl Into<String>) -> Self {
        self.headers.push(name.into());
        self
    }

    /// Also scrubs this query parameter (compared ignoring case).
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::{Scrubber, UnreadableBody};
    /// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
    /// #   "request": { "method": "POST", "uri": "https://pay.example/charge?ticket=t-42",
    /// #     "headers": { "content-type": "application/json", "x-api-key": "k-42" }, "body": "{\"pin\": \"4242\"}" },
    /// #   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": "{}" } } ] }"#;
    /// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
    /// Scrubber::default().query_param("ticket").scrub_fixture(&mut fixture).unwrap();
    /// let query = fixture.interactions[0].request.query_pairs();
    /// assert_eq!(query, [("ticket".to_string(), "REDACTED".to_string())]);
    /// ```
    pub fn query_param(mut self, name: impl Into<String>) -> Self {
        self.query.push(name.into());
        self
    }

    /// Also scrubs body fields of this name: XML elements, JSON members and form
    /// parameters (`Foo.1.Password` counts as `Password`), compared ignoring case.
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::{Scrubber, UnreadableBody};
    /// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
    /// #   "request": { "method": "POST", "uri": "https://pay.example/charge?ticket=t-42",
    /// #     "headers": { "content-type": "application/json", "x-api-key": "k-42" }, "body": "{\"pin\": \"4242\"}" },
    /// #   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": "{}" } } ] }"#;
    /// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
    /// Scrubber::default().field("pin").scrub_fixture(&mut fixture).unwrap();
    /// let body = fixture.interactions[0].request.body_text();
    /// assert!(!body.contains("4242") && body.contains("REDACTED"), "{body}");
    /// ```
    pub fn field(mut self, name: impl Into<String>) -> Self {
        self.fields.push(name.into());
        self
    }

    /// What happens to a body the scrubber cannot read (see [`UnreadableBody`]).
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::{Scrubber, UnreadableBody};
    /// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
    /// #   "request": { "method": "POST", "uri": "https://pay.example/charge?ticket=t-42",
    /// #     "headers": { "content-type": "application/json", "x-api-key": "k-42" }, "body": "{\"pin\": \"4242\"}" },
    /// #   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": "{}" } } ] }"#;
    /// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
    /// // A body that says it is JSON but is not: refused, nothing changed.
    /// fixture.interactions[0].request.body = "{not json".into();
    /// let refuse = Scrubber::default().unreadable_bodies(UnreadableBody::Refuse);
    /// assert!(refuse.scrub_fixture(&mut fixture).is_err());
    /// assert_eq!(fixture.interactions[0].request.body_text(), "{not json");
    /// ```
    pub fn unreadable_bodies(mut self, policy: UnreadableBody) -> Self {
        self.unreadable = policy;
        self
    }

    pub(super) fn is_secret_field(&self, name: &str) -> bool {
        let last = name.rsplit(['.', ':']).next().unwrap_or(name);
        self.fields.iter().any(|f| f.eq_ignore_ascii_case(last))
    }

    pub(super) fn is_secret_header(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h.eq_ignore_ascii_case(name))
    }

    /// Scrubs a fixture in place, with no SDK types at hand (for files written by hand or by
    /// older versions): the members the AWS service models mark sensitive for each
    /// interaction's service and operation (from the tables the crate compiles in), names,
    /// known shapes of secrets, URL user info, and bodies it cannot read (see
    /// [`UnreadableBody`]). Returns how many interactions
    /// changed, or, with [`UnreadableBody::Refuse`], the bodies it could not read.
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::{Scrubber, UnreadableBody};
    /// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
    /// #   "request": { "method": "POST", "uri": "https://pay.example/charge?ticket=t-42",
    /// #     "headers": { "content-type": "application/json", "x-api-key": "k-42" }, "body": "{\"pin\": \"4242\"}" },
    /// #   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": "{}" } } ] }"#;
    /// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
    /// let changed = Scrubber::default().field("pin").scrub_fixture(&mut fixture).unwrap();
    /// assert_eq!(changed, 1, "interactions changed");
    /// ```
    pub fn scrub_fixture(&self, fixture: &mut Fixture) -> Result<usize, ScrubError> {
        let before = fixture.interactions.clone();
        let knowledge: Vec<Knowledge> = fixture.interactions.iter().map(Knowledge::of).collect();
        let known = key_ids(fixture);
        self.scrub_with(fixture, &knowledge, &known)?;
        Ok(fixture
            .interactions
            .iter()
            .zip(&before)
            .filter(|(a, b)| a != b)
            .count())
    }

    /// Scrubs a recording: `knowledge[i]` is what the SDK knew about interaction `i`, and
    /// `known` are secret values (the recording's credentials) to remove wherever they are.
    pub(crate) fn scrub_with(
        &self,
        fixture: &mut Fixture,
        knowledge: &[Knowledge],
        known: &[String],
    ) -> Result<(), ScrubError> {
        let mut secrets: Vec<String> = known.to_vec();
        let mut unreadable = Vec::new();
        if let Some(endpoint) = fixture.endpoint.as_mut() {
            *endpoint = self.scrub_endpoint(endpoint, &mut secrets);
        }
        let none = Knowledge::default();
        for (i, it) in fixture.interactions.iter_mut().enumerate() {
            let k = knowledge.get(i).unwrap_or(&none);
            if let Err(why) = self.scrub_interaction(it, k, &mut secrets) {
                unreadable.push(format!("interaction #{} {why}", i + 1));
            }
        }
        if !unreadable.is_empty() {
            return Err(ScrubError { unreadable });
        }
        let variants = variants(&secrets);
        if let Some(endpoint) = fixture.endpoint.as_mut() {
            *endpoint = replace_all(endpoint, &variants, REDACTED);
        }
        for it in &mut fixture.interactions {
            propagate(it, &variants);
        }
        Ok(())
    }

    /// Scrubs one interaction, with no knowledge of the SDK's types. With
    /// [`UnreadableBody::Refuse`], a body it cannot read is an error.
    ///
    /// ```
    /// # use aws_stubber::fixture::Fixture;
    /// # use aws_stubber::scrub::{Scrubber, UnreadableBody};
    /// # let text = br#"{ "version": 1, "interactions": [ { "service": "Pay", "operation": "Charge",
    /// #   "request": { "method": "POST", "uri": "https://pay.example/charge?ticket=t-42",
    /// #     "headers": { "content-type": "application/json", "x-api-key": "k-42" }, "body": "{\"pin\": \"4242\"}" },
    /// #   "response": { "status": 200, "headers": { "content-type": "application/json" }, "body": "{}" } } ] }"#;
    /// # let mut fixture = Fixture::parse("pay.json".as_ref(), text).unwrap();
    /// let interaction = &mut fixture.interactions[0];
    /// Scrubber::default().header("x-api-key").scrub(interaction).unwrap();
    /// assert_eq!(interaction.request.header_values("x-api-key"), ["REDACTED"]);
    /// ```
    pub fn scrub(&self, interaction: &mut Interaction) -> Result<(), ScrubError> {
        let mut fixture = Fixture::new();
        fixture.interactions.push(interaction.clone());
        self.scrub_fixture(&mut fixture)?;
        *interaction = fixture.interactions.remove(0);
        Ok(())
    }
}
