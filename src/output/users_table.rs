//! `cvpn user list NAME -o table`: one row per certificate, the columns a person looks for (user,
//! serial, expiry, state, connected now), instead of the generic nested table.

use comfy_table::{Cell, Color};
use serde_json::Value;

use crate::output::table::{TableStyle, table_with_columns};

const COLUMNS: [&str; 5] = ["User", "Serial", "Expires", "State", "Connected"];

/// The users of `listed` (`{"Users": [{User, Serial, NotAfter, State, Connected}]}`) as a table.
pub fn render_users(title: &str, listed: &Value, style: TableStyle) -> String {
    let mut table = table_with_columns(style, &COLUMNS);
    let users = listed.get("Users").and_then(Value::as_array).cloned().unwrap_or_default();
    let text = |user: &Value, key: &str| user.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    for user in &users {
        let state = text(user, "State");
        let state_cell = match (style.color, state.as_str()) {
            (true, "expired" | "revoked") => Cell::new(&state).fg(Color::Red),
            (true, "expiring" | "replaced") => Cell::new(&state).fg(Color::Yellow),
            _ => Cell::new(&state),
        };
        let connected = if user.get("Connected") == Some(&Value::Bool(true)) { "yes" } else { "no" };
        table.add_row(vec![
            Cell::new(text(user, "User")),
            Cell::new(text(user, "Serial")),
            Cell::new(text(user, "NotAfter")),
            state_cell,
            Cell::new(connected),
        ]);
    }
    let mut out = format!("{title}\n{table}\n");
    if users.is_empty() {
        out.push_str("No users.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_row_per_certificate() {
        let listed = json!({"Users": [
            {"User": "alice", "Serial": "0a1b", "NotAfter": "2029-03-01T00:00:00Z", "State": "valid", "Connected": true},
            {"User": "bob", "Serial": "0c2d", "NotAfter": "2027-01-01T00:00:00Z", "State": "replaced", "Connected": false}
        ]});
        let text = render_users("office users", &listed, TableStyle::for_output(None, false));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "office users");
        assert!(lines[2].contains("User") && lines[2].contains("Connected"), "{text}");
        let alice = lines.iter().find(|line| line.contains("alice")).unwrap();
        for cell in ["0a1b", "2029-03-01T00:00:00Z", "valid", "yes"] {
            assert!(alice.contains(cell), "{cell} not in {alice}");
        }
        let bob = lines.iter().find(|line| line.contains("bob")).unwrap();
        assert!(bob.contains("replaced") && bob.contains(" no "), "{bob}");
        assert!(!text.contains("[1]"), "not the generic nested table: {text}");
        assert!(render_users("t", &json!({"Users": []}), TableStyle::for_output(None, false)).contains("No users."));
    }
}
