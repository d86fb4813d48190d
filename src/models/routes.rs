//! The routes table (`routes.tsv`): how a request as sent names its service and operation,
//! for a stubber at an address, where no interceptor says which operation is called.
//!
//! JSON protocols name the operation in `X-Amz-Target`, query protocols in the form's
//! `Action`, rpcv2Cbor in its path (`/service/<name>/operation/<operation>`); REST protocols by
//! the method and the URI template, with what the input requires telling apart operations
//! that share a template (S3 `GetObject` and `ListParts`).

use std::sync::OnceLock;

static ROUTES: super::packed::Packed = super::packed::Packed::new(include_bytes!("routes.pack"));

/// One service of the table.
pub(crate) struct Service {
    /// The SDK's service id (`S3`, `Route 53`), as the in-process history names services.
    pub(crate) id: &'static str,
    pub(crate) protocol: &'static str,
    /// The name in the signature's credential scope (`s3`, `monitoring`).
    pub(crate) signing: &'static str,
    /// The `X-Amz-Target` prefix of JSON protocols, the service's name in rpcv2Cbor paths.
    pub(crate) target: &'static str,
    /// The API version a query protocol's form carries.
    pub(crate) version: &'static str,
    /// The operations of a REST protocol.
    pub(crate) routes: Vec<Route>,
}

/// How a REST operation's request looks.
pub(crate) struct Route {
    pub(crate) operation: &'static str,
    pub(crate) method: &'static str,
    /// The request URI template (`/{Bucket}/{Key+}?uploads`).
    pub(crate) uri: &'static str,
    /// Query parameters the input requires (lowercase).
    pub(crate) query: Vec<&'static str>,
    /// Headers the input requires (lowercase).
    pub(crate) headers: Vec<&'static str>,
    pub(crate) deprecated: bool,
}

/// Every service of the table, in the table's order.
pub(crate) fn services() -> &'static [Service] {
    static TABLE: OnceLock<Vec<Service>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let list = |s: &'static str| -> Vec<&'static str> {
            s.split(',').filter(|t| !t.is_empty()).collect()
        };
        let mut services: Vec<Service> = Vec::new();
        for row in super::rows(ROUTES.whole()) {
            if row[0] == "service" && row.len() >= 7 {
                services.push(Service {
                    id: row[2],
                    protocol: row[3],
                    signing: row[4],
                    target: row[5],
                    version: row[6],
                    routes: Vec::new(),
                });
            } else if let Some(service) = services.last_mut()
                && row.len() >= 6
            {
                service.routes.push(Route {
                    operation: row[0],
                    method: row[1],
                    uri: row[2],
                    query: list(row[3]),
                    headers: list(row[4]),
                    deprecated: row[5] == "d",
                });
            }
        }
        services
    })
}

/// The services by key, to look one up by its id.
pub(crate) fn by_key(key: &str) -> Option<&'static Service> {
    static INDEX: OnceLock<std::collections::HashMap<String, usize>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        services()
            .iter()
            .enumerate()
            .map(|(i, s)| (super::service_key(s.id), i))
            .collect()
    });
    index.get(&super::service_key(key)).map(|&i| &services()[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_protocol_and_the_rest_operations() {
        let s3 = by_key("S3").expect("S3 is in the table");
        assert_eq!((s3.protocol, s3.signing), ("rest-xml", "s3"));
        let list_parts = s3
            .routes
            .iter()
            .find(|r| r.operation == "ListParts")
            .unwrap();
        assert_eq!(
            (
                list_parts.method,
                list_parts.uri,
                list_parts.query.as_slice()
            ),
            ("GET", "/{Bucket}/{Key+}", ["uploadid"].as_slice())
        );
        let ec2 = by_key("ec2").unwrap();
        assert_eq!(
            (ec2.id, ec2.protocol, ec2.version),
            ("EC2", "ec2", "2016-11-15")
        );
        assert!(
            ec2.routes.is_empty(),
            "query protocols name the operation in the form"
        );
        let cw = by_key("CloudWatch").unwrap();
        assert_eq!(cw.signing, "monitoring");
        assert!(services().len() > 400, "{} services", services().len());
    }
}
