//! `cvpn doctor -o table`: one row per finding (severity, check, what it means, the fix), problems
//! first, and the verdict.

use comfy_table::{Cell, Color};
use serde_json::Value;

use crate::output::table::{TableStyle, table_with_columns};

const COLUMNS: [&str; 4] = ["Severity", "Check", "Finding", "Fix"];

/// The findings of `report` (`{"Findings": [{Severity, Check, Message, Fix}], "Problems", "Warnings"}`).
pub fn render_findings(title: &str, report: &Value, style: TableStyle) -> String {
    let mut table = table_with_columns(style, &COLUMNS);
    let findings = report.get("Findings").and_then(Value::as_array).cloned().unwrap_or_default();
    let text = |item: &Value, key: &str| item.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    for finding in &findings {
        let severity = text(finding, "Severity");
        let cell = match (style.color, severity.as_str()) {
            (true, "problem") => Cell::new(&severity).fg(Color::Red),
            (true, "warning") => Cell::new(&severity).fg(Color::Yellow),
            _ => Cell::new(&severity),
        };
        table.add_row(vec![
            cell,
            Cell::new(text(finding, "Check")),
            Cell::new(text(finding, "Message")),
            Cell::new(text(finding, "Fix")),
        ]);
    }
    let count = |key: &str| report.get(key).and_then(Value::as_u64).unwrap_or_default();
    let verdict = match (count("Problems"), count("Warnings")) {
        (0, 0) => "No problem found.".to_owned(),
        (0, warnings) => format!("No problem; {warnings} warning(s)."),
        (problems, warnings) => format!("{problems} problem(s), {warnings} warning(s)."),
    };
    if findings.is_empty() {
        return format!("{title}\n{verdict}\n");
    }
    format!("{title}\n{table}\n{verdict}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_row_per_finding_and_the_verdict() {
        let report = json!({"Findings": [
            {"Severity": "problem", "Check": "endpoint", "Message": "no association", "Fix": "cvpn associate E"}
        ], "Problems": 1, "Warnings": 0});
        let text = render_findings("Diagnosis of office", &report, TableStyle::for_output(None, false));
        let row = text.lines().find(|line| line.contains("no association")).unwrap();
        assert!(row.contains("problem") && row.contains("cvpn associate E"), "{row}");
        assert!(text.ends_with("1 problem(s), 0 warning(s).\n"), "{text}");
        let healthy = json!({"Findings": [], "Problems": 0, "Warnings": 0});
        assert_eq!(render_findings("t", &healthy, TableStyle::for_output(None, false)), "t\nNo problem found.\n");
    }
}
