//! `cvpn pki status NAME -o table`: one row per thing that expires (item, where, expires, days
//! left, state, what it means), what needs attention coloured.

use comfy_table::{Cell, Color};
use serde_json::Value;

use crate::output::table::{TableStyle, table_with_columns};

const COLUMNS: [&str; 6] = ["Item", "Where", "Expires", "Days left", "State", "Note"];

/// The items of `status` (`{"Items": [{Item, Source, NotAfter, DaysLeft, State, Note}]}`) as a table.
pub fn render_status(title: &str, status: &Value, style: TableStyle) -> String {
    let mut table = table_with_columns(style, &COLUMNS);
    let items = status.get("Items").and_then(Value::as_array).cloned().unwrap_or_default();
    let text = |item: &Value, key: &str| match item.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    for item in &items {
        let state = text(item, "State");
        let state_cell = match (style.color, state.as_str()) {
            (true, "expired" | "problem" | "drift") => Cell::new(&state).fg(Color::Red),
            (true, "expiring") => Cell::new(&state).fg(Color::Yellow),
            (true, "ok") => Cell::new(&state).fg(Color::Green),
            _ => Cell::new(&state),
        };
        table.add_row(vec![
            Cell::new(text(item, "Item")),
            Cell::new(text(item, "Source")),
            Cell::new(text(item, "NotAfter")),
            Cell::new(text(item, "DaysLeft")),
            state_cell,
            Cell::new(text(item, "Note")),
        ]);
    }
    let attention = status.get("NeedsAttention").and_then(Value::as_u64).unwrap_or_default();
    let verdict = if attention == 0 {
        "Nothing needs attention.".to_owned()
    } else {
        format!("{attention} item(s) need attention.")
    };
    format!("{title}\n{table}\n{verdict}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_row_per_item_and_the_verdict() {
        let status = json!({"Items": [
            {"Item": "CA", "Source": "ca.crt", "NotAfter": "2036-01-01T00:00:00Z", "DaysLeft": 3300, "State": "ok", "Note": "signs"},
            {"Item": "revocation list", "Source": "cvpn-endpoint-1", "NotAfter": null, "DaysLeft": null, "State": "drift", "Note": "does not name 1"}
        ], "NeedsAttention": 1});
        let text = render_status("What expires in office", &status, TableStyle::for_output(None, false));
        assert!(text.starts_with("What expires in office\n"), "{text}");
        let ca = text.lines().find(|line| line.contains("ca.crt")).unwrap();
        assert!(ca.contains("3300") && ca.contains("ok"), "{ca}");
        assert!(text.contains("drift") && text.ends_with("1 item(s) need attention.\n"), "{text}");
    }
}
