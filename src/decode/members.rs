//! The members of a REST request that are not in its body: URI labels by the operation's
//! template, query parameters, headers and prefixed headers.

use crate::debug_tree::Node;
use crate::history::RecordedRequest;
use crate::models::shapes::{Member, Shape};
use crate::validate::wire::Node as Wire;

use super::Reader;

/// What a REST request carries outside its body.
pub(super) struct Located<'r> {
    request: &'r RecordedRequest,
    labels: Vec<(String, String)>,
    query: Vec<(String, String)>,
    /// The query parameters members name (a map of parameters takes the others).
    named: Vec<&'static str>,
}

impl<'r> Located<'r> {
    pub(super) fn new(
        service: &str,
        operation: &str,
        request: &'r RecordedRequest,
        members: &[Member],
    ) -> Result<Self, String> {
        let route = crate::models::routes::by_key(&crate::models::service_key(service))
            .and_then(|s| s.routes.iter().find(|r| r.operation == operation))
            .ok_or_else(|| format!("the models give no URI for {service} {operation}"))?;
        let labels = crate::validate::rest::labels(route.uri, request).ok_or_else(|| {
            format!(
                "the path {} does not follow {operation}'s URI template {}",
                request.raw_path(),
                route.uri
            )
        })?;
        Ok(Located {
            request,
            labels,
            query: request.query_pairs(),
            named: members
                .iter()
                .filter(|m| m.location == "querystring")
                .map(|m| m.wire)
                .collect(),
        })
    }

    /// The member `m`, found where its location says.
    pub(super) fn member(&self, reader: &Reader, m: &Member) -> Result<Option<Node>, String> {
        let shape = reader.models.shape(m.shape);
        let wire = match m.location {
            "uri" => self
                .labels
                .iter()
                .find(|(k, _)| k == m.wire)
                .map(|(_, v)| Wire::text(v.clone())),
            "querystring" => match shape {
                // A map of every parameter no other member names.
                Shape::Map { .. } => Some(Wire::Object(
                    self.query
                        .iter()
                        .filter(|(k, _)| !self.named.contains(&k.as_str()))
                        .map(|(k, v)| (k.clone().into(), Wire::text(v.clone())))
                        .collect(),
                ))
                .filter(|w| !matches!(w, Wire::Object(c) if c.is_empty())),
                Shape::List { .. } => {
                    let values: Vec<Wire<'_>> = self
                        .query
                        .iter()
                        .filter(|(k, _)| k == m.wire)
                        .map(|(_, v)| Wire::text(v.clone()))
                        .collect();
                    (!values.is_empty()).then_some(Wire::List(values))
                }
                _ => self
                    .query
                    .iter()
                    .find(|(k, _)| k == m.wire)
                    .map(|(_, v)| Wire::text(v.clone())),
            },
            "header" => self
                .request
                .header_values(m.wire)
                .first()
                .map(|v| match shape {
                    // A list in a header: its items separated by commas.
                    Shape::List { .. } => {
                        Wire::List(v.split(',').map(|item| Wire::text(item.trim())).collect())
                    }
                    _ => Wire::text(v.to_string()),
                }),
            "headers" => {
                let prefix = m.wire.to_ascii_lowercase();
                let entries: Vec<(std::borrow::Cow<'_, str>, Wire<'_>)> = self
                    .request
                    .headers
                    .iter()
                    .filter_map(|(k, v)| {
                        let key = k.to_ascii_lowercase().strip_prefix(&prefix)?.to_string();
                        Some((key.into(), Wire::text(v.clone())))
                    })
                    .collect();
                (!entries.is_empty()).then_some(Wire::Object(entries))
            }
            _ => None,
        };
        let Some(wire) = wire else {
            return Ok(None);
        };
        // Located members are read as JSON reads them: lists and maps are already whole.
        let json = Reader {
            form: crate::validate::wire::Form::Json,
            ..*reader
        };
        json.value(m.shape, &wire).map(Some)
    }
}
