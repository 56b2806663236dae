//! What Client VPN costs per region, as data: the price of an endpoint association-hour (per
//! associated subnet, whether anyone is connected or not) and of a connection-hour, in USD.
//! AWS changes them: `--association-price` and `--connection-price` override, and a region with
//! no price recorded here needs both.

/// Where the prices were read, and when.
pub const SOURCE: &str = "AWS VPN pricing, https://aws.amazon.com/vpn/pricing/ (AWS Price List API usage types \
                          REGION-ClientVPN-EndpointHours and REGION-ClientVPN-ConnectionHours), read 2026-09";

/// One region's prices: USD per association-hour, per connection-hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    pub association: f64,
    pub connection: f64,
}

/// The regions whose prices were read from the source above.
const PRICES: &[(&str, Prices)] = &[
    ("us-east-1", Prices { association: 0.10, connection: 0.05 }),
    ("ap-northeast-1", Prices { association: 0.15, connection: 0.05 }),
];

/// The prices recorded for `region`.
pub fn of_region(region: &str) -> Option<Prices> {
    PRICES.iter().find(|(name, _)| *name == region).map(|(_, prices)| *prices)
}

/// The regions prices are recorded for.
pub fn regions() -> impl Iterator<Item = &'static str> {
    PRICES.iter().map(|(region, _)| *region)
}
