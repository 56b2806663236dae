//! What an endpoint costs: its associations and connections at a region's prices, now and per
//! month, and what a schedule that keeps it awake only some hours a week saves (`cvpn cost`).
//! Plain arithmetic over counts the API gives; the prices are data (`prices.rs`).

pub mod prices;

use prices::Prices;

/// AWS bills a month as 730 hours (365 days × 24 / 12).
pub const HOURS_PER_MONTH: f64 = 730.0;
pub const HOURS_PER_WEEK: f64 = 168.0;

/// An endpoint's cost from what it holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub associations: usize,
    pub connections: usize,
    pub prices: Prices,
}

/// A sum of money as a person reads it (cents), and as JSON carries it (a number).
pub fn dollars(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

impl Estimate {
    /// What the endpoint costs in this hour: its associations and its connections.
    pub fn hourly(&self) -> f64 {
        self.associations as f64 * self.prices.association + self.connections as f64 * self.prices.connection
    }

    /// The associations for a month, awake all the time.
    pub fn monthly_associations(&self) -> f64 {
        self.associations as f64 * self.prices.association * HOURS_PER_MONTH
    }

    /// The associations for a month awake `hours` a week, and the saving against always awake.
    pub fn with_schedule(&self, hours_per_week: f64) -> (f64, f64) {
        let awake = self.monthly_associations() * hours_per_week.clamp(0.0, HOURS_PER_WEEK) / HOURS_PER_WEEK;
        (awake, self.monthly_associations() - awake)
    }
}

/// Hours a week from `--hours-per-week`: 0 to 168.
pub fn parse_hours_per_week(text: &str) -> Result<f64, String> {
    let hours: f64 = text.trim().parse().map_err(|_| format!("'{text}' is not a number of hours"))?;
    if !(0.0..=HOURS_PER_WEEK).contains(&hours) {
        return Err(format!("'{text}' is out of range: a week has 0 to 168 hours"));
    }
    Ok(hours)
}

/// A price from `--association-price` or `--connection-price`: USD per hour, 0 to 100.
pub fn parse_price(text: &str) -> Result<f64, String> {
    let price: f64 =
        text.trim().trim_start_matches('$').parse().map_err(|_| format!("'{text}' is not a price in USD"))?;
    if !(0.0..=100.0).contains(&price) {
        return Err(format!("'{text}' is out of range: give USD per hour, 0 to 100"));
    }
    Ok(price)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_idle_association_in_us_east_1_is_73_dollars_a_month_and_876_a_year() {
        let prices = prices::of_region("us-east-1").unwrap();
        let one = Estimate { associations: 1, connections: 0, prices };
        assert_eq!(dollars(one.monthly_associations()), 73.0);
        assert_eq!(dollars(one.monthly_associations() * 12.0), 876.0);
        let busy = Estimate { associations: 2, connections: 3, prices };
        assert_eq!(dollars(busy.hourly()), 0.35);
        let (awake, saving) = busy.with_schedule(50.0);
        assert_eq!((dollars(awake), dollars(saving)), (43.45, 102.55));
        let tokyo = Estimate { associations: 2, connections: 0, prices: prices::of_region("ap-northeast-1").unwrap() };
        assert_eq!(dollars(tokyo.monthly_associations()), 219.0);
    }

    #[test]
    fn hours_and_prices_out_of_range_are_refused_with_the_rule() {
        assert_eq!(parse_hours_per_week("50"), Ok(50.0));
        assert!(parse_hours_per_week("169").unwrap_err().contains("0 to 168"));
        assert!(parse_hours_per_week("x").is_err());
        assert_eq!(parse_price("$0.12"), Ok(0.12));
        assert!(parse_price("-1").unwrap_err().contains("0 to 100"));
        assert!(prices::of_region("mars-1").is_none());
    }
}
