//! `cvpn cost (NAME | ENDPOINT-ID | --all)`: what an endpoint costs now and per month at the
//! region's prices (`src/cost/`), and what sleeping outside working hours saves
//! (`--hours-per-week`). `--all` lists every endpoint of the region with its monthly cost and its
//! connections over the last hour (DescribeClientVpnConnections lists the active ones and those
//! ended within the hour), idle ones marked. Read-only.

use clap::Args;

pub const EXAMPLES: &str = "Examples:
  cvpn cost office                          # now, per month, and with a 50-hour working week
  cvpn cost office --hours-per-week 40
  cvpn cost --all -o table                  # every endpoint of the region, idle ones marked
  cvpn cost office --association-price 0.12 --connection-price 0.05";

/// The arguments of `cvpn cost`.
#[derive(Debug, Args)]
pub struct CostArgs {
    /// The VPN (a name as `cvpn up` gave it) or an endpoint ID (cvpn-endpoint-…).
    #[arg(value_name = "NAME|ENDPOINT_ID", required_unless_present = "all", conflicts_with = "all")]
    pub target: Option<String>,
    /// Every endpoint of the region, with its monthly cost and connections over the last hour.
    #[arg(long)]
    pub all: bool,
    /// Hours a week the VPN is awake on a schedule (`cvpn sleep`/`wake`): the monthly cost then,
    /// and the saving. Default 50 (ten hours, five days).
    #[arg(
        long,
        value_name = "HOURS",
        default_value = "50",
        value_parser = crate::cost::parse_hours_per_week,
        allow_negative_numbers = true
    )]
    pub hours_per_week: f64,
    /// USD per association-hour, instead of the region's recorded price.
    #[arg(long, value_name = "USD", value_parser = crate::cost::parse_price, allow_negative_numbers = true)]
    pub association_price: Option<f64>,
    /// USD per connection-hour, instead of the region's recorded price.
    #[arg(long, value_name = "USD", value_parser = crate::cost::parse_price, allow_negative_numbers = true)]
    pub connection_price: Option<f64>,
}

impl CostArgs {
    /// The prices for `region`: the flags, else the recorded ones; a region with none recorded
    /// needs both flags.
    pub fn prices(&self, region: &str) -> Result<crate::cost::prices::Prices, crate::failure::Failure> {
        let recorded = crate::cost::prices::of_region(region);
        match (self.association_price, self.connection_price, recorded) {
            (Some(association), Some(connection), _) => Ok(crate::cost::prices::Prices { association, connection }),
            (association, connection, Some(recorded)) => Ok(crate::cost::prices::Prices {
                association: association.unwrap_or(recorded.association),
                connection: connection.unwrap_or(recorded.connection),
            }),
            _ => Err(crate::failure::Failure::usage(format!(
                "no Client VPN price is recorded for {region} (cvpn has {}): give --association-price and \
                 --connection-price in USD per hour, as https://aws.amazon.com/vpn/pricing/ lists them. Nothing was \
                 sent.",
                crate::cost::prices::regions().collect::<Vec<_>>().join(", ")
            ))),
        }
    }
}

#[cfg(feature = "aws")]
pub fn run(global: &crate::cli::GlobalArgs, args: &CostArgs) -> Result<u8, crate::failure::Failure> {
    use serde_json::{Value, json};

    use crate::api::operations::{DESCRIBE_CLIENT_VPN_CONNECTIONS, DESCRIBE_CLIENT_VPN_ENDPOINTS};
    use crate::aws::vpn::{state, tag, text};
    use crate::cost::{Estimate, dollars};
    use crate::failure::Failure;
    use crate::provision::endpoint_parts::DISASSOCIATION;

    let mut printing = crate::commands::global_options::printing(global)?;
    let (report, title) = crate::runtime::run_async(
        async {
            let connection = crate::commands::global_options::connect(global, &mut printing).await?;
            let region = connection.region().to_owned();
            let prices = args.prices(&region)?;
            let endpoints = match &args.target {
                Some(target) => vec![crate::aws::vpn::the_endpoint(&connection, target, "").await?],
                None => connection.every_item(&DESCRIBE_CLIENT_VPN_ENDPOINTS, Default::default()).await?,
            };
            let mut rows = Vec::new();
            for endpoint in endpoints.iter().filter(|endpoint| !matches!(state(endpoint), "deleting" | "deleted")) {
                let id = text(endpoint, "ClientVpnEndpointId");
                let (networks, connections) = tokio::join!(
                    DISASSOCIATION.listed(&connection, id),
                    crate::aws::vpn::of_endpoint(&DESCRIBE_CLIENT_VPN_CONNECTIONS, &connection, id),
                );
                let associations = networks?.iter().filter(|network| state(network) != "disassociating").count();
                let connections = connections?;
                let active = connections.iter().filter(|connection| state(connection) == "active").count();
                let estimate = Estimate { associations, connections: active, prices };
                let (scheduled, saving) = estimate.with_schedule(args.hours_per_week);
                rows.push(json!({
                    "ClientVpnEndpointId": id,
                    "Name": tag(endpoint, crate::provision::NAME_TAG),
                    "Associations": associations,
                    "ActiveConnections": active,
                    "ConnectionsLastHour": connections.len(),
                    "Idle": associations > 0 && connections.is_empty(),
                    "HourlyNow": dollars(estimate.hourly()),
                    "MonthlyAssociations": dollars(estimate.monthly_associations()),
                    "MonthlyOnSchedule": dollars(scheduled),
                    "MonthlySaving": dollars(saving),
                }));
            }
            let total = |member: &str| dollars(rows.iter().filter_map(|row| row[member].as_f64()).sum::<f64>());
            let mut report = json!({
                "Region": region,
                "AssociationPrice": prices.association,
                "ConnectionPrice": prices.connection,
                "HoursPerWeek": args.hours_per_week,
                "PriceSource": if args.association_price.is_some() || args.connection_price.is_some() {
                    "--association-price / --connection-price".to_owned()
                } else {
                    crate::cost::prices::SOURCE.to_owned()
                },
            });
            let title = match args.target.as_deref() {
                Some(target) => {
                    report["Endpoint"] = rows.pop().unwrap_or(Value::Null);
                    format!("Cost of {target}")
                }
                None => {
                    report["MonthlyTotal"] = json!(total("MonthlyAssociations"));
                    report["MonthlyTotalOnSchedule"] = json!(total("MonthlyOnSchedule"));
                    report["Endpoints"] = Value::Array(rows);
                    format!("Client VPN endpoints in {}", report["Region"].as_str().unwrap_or_default())
                }
            };
            Ok::<_, Failure>((report, title))
        },
        || Failure::interrupted("Interrupted; cost changes nothing."),
    )?;
    let options = &printing.options;
    let listing = args.all && options.format == crate::output::format::OutputFormat::Table && options.query.is_none();
    let text = if listing {
        crate::output::cost_table::render_costs(&title, &options.shown(report), options.table)
    } else {
        crate::output::render(&report, &title, options)?
    };
    crate::output::printer::result(&text);
    Ok(0)
}
