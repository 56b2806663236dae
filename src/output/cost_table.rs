//! `cvpn cost --all` for a person: one row per endpoint, idle ones marked, the prices and the
//! totals under it.

use comfy_table::{Cell, Color};
use serde_json::Value;

use crate::output::table::{TableStyle, table_with_columns};

const COLUMNS: [&str; 7] =
    ["Endpoint", "Name", "Subnets", "Connections (1 h)", "$/month", "$/month on schedule", "Idle"];

/// The endpoints of `report` (`{"Endpoints": [...], "MonthlyTotal", ...}`) as a table.
pub fn render_costs(title: &str, report: &Value, style: TableStyle) -> String {
    let mut table = table_with_columns(style, &COLUMNS);
    let endpoints = report.get("Endpoints").and_then(Value::as_array).cloned().unwrap_or_default();
    let shown = |row: &Value, key: &str| match row.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    let money = |row: &Value, key: &str| format!("{:.2}", row.get(key).and_then(Value::as_f64).unwrap_or_default());
    for row in &endpoints {
        let idle = row.get("Idle") == Some(&Value::Bool(true));
        let idle_cell = match (idle, style.color) {
            (true, true) => Cell::new("idle").fg(Color::Yellow),
            (true, false) => Cell::new("idle"),
            (false, _) => Cell::new(""),
        };
        table.add_row(vec![
            Cell::new(shown(row, "ClientVpnEndpointId")),
            Cell::new(shown(row, "Name")),
            Cell::new(shown(row, "Associations")),
            Cell::new(shown(row, "ConnectionsLastHour")),
            Cell::new(money(row, "MonthlyAssociations")),
            Cell::new(money(row, "MonthlyOnSchedule")),
            idle_cell,
        ]);
    }
    let mut out = format!("{title}\n{table}\n");
    if endpoints.is_empty() {
        out.push_str("No endpoints.\n");
    }
    out.push_str(&format!(
        "Total ${} a month; ${} awake {} hours a week. Prices: ${}/association-hour, ${}/connection-hour ({}).\n",
        money(report, "MonthlyTotal"),
        money(report, "MonthlyTotalOnSchedule"),
        shown(report, "HoursPerWeek"),
        shown(report, "AssociationPrice"),
        shown(report, "ConnectionPrice"),
        shown(report, "PriceSource"),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_row_per_endpoint_idle_ones_marked_and_the_total() {
        let report = json!({"Endpoints": [
            {"ClientVpnEndpointId": "cvpn-endpoint-1", "Name": "office", "Associations": 2, "ConnectionsLastHour": 0,
             "Idle": true, "MonthlyAssociations": 146.0, "MonthlyOnSchedule": 43.45},
            {"ClientVpnEndpointId": "cvpn-endpoint-2", "Name": null, "Associations": 1, "ConnectionsLastHour": 3,
             "Idle": false, "MonthlyAssociations": 73.0, "MonthlyOnSchedule": 21.73}
        ], "MonthlyTotal": 219.0, "MonthlyTotalOnSchedule": 65.18, "HoursPerWeek": 50.0,
           "AssociationPrice": 0.1, "ConnectionPrice": 0.05, "PriceSource": "test"});
        let text = render_costs("endpoints", &report, TableStyle::for_output(None, false));
        let office = text.lines().find(|line| line.contains("cvpn-endpoint-1")).unwrap();
        assert!(office.contains("146.00") && office.contains("43.45") && office.contains("idle"), "{office}");
        let other = text.lines().find(|line| line.contains("cvpn-endpoint-2")).unwrap();
        assert!(!other.contains("idle") && other.contains(" 3 "), "{other}");
        assert!(text.contains("Total $219.00 a month; $65.18 awake 50.0 hours a week"), "{text}");
        assert!(!text.contains("[1]"), "not the generic nested table: {text}");
    }
}
