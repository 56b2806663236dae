//! `cvpn show ENDPOINT`: the endpoint with its target networks, authorization rules, routes and
//! connections, the five describes sent at once; a section per kind for a person, one JSON
//! object for scripts.

use clap::Args;

/// The arguments of `cvpn show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The endpoint to show (cvpn-endpoint-…).
    #[arg(value_name = "ENDPOINT_ID")]
    pub endpoint: String,
}

/// The describes `show` sends, and the member of the view each fills.
#[cfg(feature = "aws")]
const PARTS: [(&crate::api::operation::Operation, &str); 4] = [
    (&crate::api::operations::DESCRIBE_CLIENT_VPN_TARGET_NETWORKS, "ClientVpnTargetNetworks"),
    (&crate::api::operations::DESCRIBE_CLIENT_VPN_AUTHORIZATION_RULES, "AuthorizationRules"),
    (&crate::api::operations::DESCRIBE_CLIENT_VPN_ROUTES, "Routes"),
    (&crate::api::operations::DESCRIBE_CLIENT_VPN_CONNECTIONS, "Connections"),
];

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &ShowArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::{Map, Value, json};

    use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;
    use crate::commands::global_options::{connect, printing};
    use crate::failure::Failure;
    use crate::output::format::OutputFormat;
    use crate::output::{endpoint_view, printer, render};

    let mut printing = printing(global)?;
    let request: Map<String, Value> = match json!({"ClientVpnEndpointIds": [args.endpoint]}) {
        Value::Object(request) => request,
        _ => unreachable!("an object"),
    };
    if !crate::validate::model_rules::is_id(&args.endpoint, crate::api::model::ENDPOINT_ID_PREFIX) {
        return Err(Failure::usage(format!(
            "ENDPOINT_ID \"{}\": is not an endpoint ID (cvpn-endpoint- followed by hexadecimal digits); `cvpn ls` lists them",
            args.endpoint
        )));
    }
    let view = crate::runtime::run_async(
        async {
            let connection = connect(global, &mut printing).await?;
            // Each describe on a connection of its own: its attempt log checks its own answers.
            let one = |operation, request| {
                let beside = connection.beside();
                async move { beside.every_item(operation, request).await }
            };
            let of_endpoint = || match json!({"ClientVpnEndpointId": args.endpoint}) {
                Value::Object(request) => request,
                _ => unreachable!("an object"),
            };
            let (endpoints, networks, rules, routes, connections) = tokio::join!(
                one(&DESCRIBE_CLIENT_VPN_ENDPOINTS, request.clone()),
                one(PARTS[0].0, of_endpoint()),
                one(PARTS[1].0, of_endpoint()),
                one(PARTS[2].0, of_endpoint()),
                one(PARTS[3].0, of_endpoint()),
            );
            let endpoint = endpoints
                .map_err(|failure| {
                    let next = crate::api::lifecycle_errors::next_step(
                        "InvalidClientVpnEndpointId.NotFound",
                        DESCRIBE_CLIENT_VPN_ENDPOINTS.name,
                        &args.endpoint,
                    );
                    match (&failure.kind, next) {
                        (crate::failure::FailureKind::Service(_), Some(hint)) => failure.with_hint(hint),
                        _ => failure,
                    }
                })?
                .into_iter()
                .next()
                .ok_or_else(|| Failure::other(format!("No endpoint {} was listed", args.endpoint)))?;
            let mut view = Map::new();
            view.insert("ClientVpnEndpoint".to_owned(), endpoint);
            for ((_, key), items) in PARTS.iter().zip([networks, rules, routes, connections]) {
                view.insert((*key).to_owned(), Value::Array(items?));
            }
            Ok(Value::Object(view))
        },
        || Failure::interrupted("Interrupted; show changes nothing, so running it again is safe."),
    )?;
    let options = &printing.options;
    let text = if options.format == OutputFormat::Table && options.query.is_none() {
        endpoint_view::render(&options.shown(view), options.table)
    } else {
        render(&view, "show", options)?
    };
    printer::result(&text);
    Ok(0)
}
