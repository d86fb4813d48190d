//! One entry in the queue: what it expects, what it answers, how many calls it takes, and
//! how it describes itself in failure messages.

use std::panic::Location;
use std::time::Duration;

use crate::compare::expect::InputExpectation;
use crate::compare::http::HttpExpectation;
use crate::operation::OpKey;
use crate::respond::Response;

/// An entry built outside the queue (see [`Stubber::push_all`]).
pub(crate) struct QueuedEntry {
    pub(crate) op: OpKey,
    pub(crate) response: Response,
    pub(crate) http: Option<HttpExpectation>,
    pub(crate) label: Option<String>,
}

/// `Entry::times` of an entry that answers any number of calls (see
/// [`QueuedResponse::repeatedly`](crate::QueuedResponse::repeatedly)).
pub(crate) const FOREVER: usize = usize::MAX;

/// One attempt an entry answered: the entry's number, the call's index (1-based), and the
/// attempt's place among the call's requests.
pub(crate) struct Use {
    pub(crate) entry: usize,
    pub(crate) call: usize,
    pub(crate) attempt: usize,
}

pub(crate) struct Entry {
    pub(crate) number: usize,
    pub(crate) op: OpKey,
    pub(crate) input: Option<InputExpectation>,
    pub(crate) http: Option<HttpExpectation>,
    pub(crate) response: Response,
    pub(crate) delay: Option<Duration>,
    pub(crate) label: Option<String>,
    /// The entry's place in a run of pages (see [`Stubber::add_pages`]).
    pub(crate) page: Option<crate::pages::PageCheck>,
    pub(crate) location: &'static Location<'static>,
    /// How many more calls the entry answers (see [`QueuedResponse::times`]).
    pub(crate) uses_left: usize,
    /// How many calls it answers in all ([`FOREVER`] for any number).
    pub(crate) times: usize,
    /// How many calls it answered so far.
    pub(crate) answered: usize,
    /// False while the [`QueuedResponse`] that `add_*` returned is alive: a call never takes
    /// an entry before the expectations chained on it are attached.
    pub(crate) sealed: bool,
    /// The test means this entry to answer a request AWS would refuse (see
    /// [`QueuedResponse::accept_invalid_request`]).
    pub(crate) accepts_invalid: bool,
    /// The entry may go unused (see [`QueuedResponse::optional`]).
    pub(crate) optional: bool,
}

impl Entry {
    /// Whether the entry answers a request the service refuses: it was told so, or it
    /// answers with the service's error for such a request (a client or modeled error by
    /// code, or a recorded 400 that names one).
    pub(crate) fn answers_invalid(&self, invalid: &crate::validate::Invalid) -> bool {
        use crate::respond::Response;
        self.accepts_invalid
            || match &self.response {
                Response::Client(error) => invalid.answered_by(&error.code),
                Response::ModeledError { code, .. } => {
                    code.as_deref().is_some_and(|c| invalid.answered_by(c))
                }
                Response::Http(raw) => {
                    raw.status == 400 && {
                        let body = String::from_utf8_lossy(&raw.body);
                        body.contains(invalid.code)
                            || crate::validate::names_a_validation_code(&body)
                    }
                }
                _ => false,
            }
    }

    /// ` "label" (page 2 of 3)`, or what of it is set.
    fn label_text(&self) -> String {
        let mut text = match &self.label {
            Some(l) => format!(" {l:?}"),
            None => String::new(),
        };
        if let Some(page) = &self.page {
            text.push_str(&format!(" ({})", page.describe()));
        }
        text
    }

    pub(crate) fn describe(&self) -> String {
        let label = self.label_text();
        let uses = match self.times {
            1 => String::new(),
            FOREVER => format!(", answers any number of calls ({} so far)", self.answered),
            n => format!(", {} of {n} calls left", self.uses_left),
        };
        format!(
            "#{} {}{label} -> {}{uses} (queued at {})",
            self.number,
            self.op.display(),
            self.response.summary(),
            self.location
        )
    }

    pub(crate) fn header(&self) -> String {
        let label = self.label_text();
        let left = crate::message::calls_left(self.times, self.uses_left, self.times == FOREVER)
            .map(|left| format!("{left}, "))
            .unwrap_or_default();
        format!(
            "queue entry #{} {}{label} ({left}queued at {})",
            self.number,
            self.op.display(),
            self.location
        )
    }
}
