//! `table` output, made for a person: a title, nested members indented under their parent, the
//! terminal's width, borders that stay straight with any Unicode, and colour only when asked for.
//! Into a pipe or a file no value is ever broken: the table grows as wide as its longest value,
//! as the aws CLI's does, so `grep` and `cut` see whole IDs and DNS names.

use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Cell, Color, ContentArrangement, Table};
use serde_json::Value;

/// How the table is drawn: where it goes decides these, not the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableStyle {
    /// The terminal's columns; `None` (a pipe or a file) never wraps.
    pub width: Option<u16>,
    pub color: bool,
    /// Box-drawing borders on a terminal; ASCII in pipes and files.
    pub unicode: bool,
}

/// The width and borders for a terminal of `columns`, or for a pipe when `None`.
impl TableStyle {
    pub fn for_output(columns: Option<u16>, color: bool) -> TableStyle {
        TableStyle { width: columns, color, unicode: columns.is_some() }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

/// (depth, label, value) for each line: a structure's members follow it one level deeper.
fn rows(value: &Value, depth: usize, out: &mut Vec<(usize, String, Option<String>)>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                match child {
                    Value::Object(_) | Value::Array(_) => {
                        out.push((depth, key.clone(), None));
                        rows(child, depth + 1, out);
                    }
                    scalar => out.push((depth, key.clone(), Some(scalar_text(scalar)))),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let label = format!("[{}]", index + 1);
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        out.push((depth, label, None));
                        rows(item, depth + 1, out);
                    }
                    scalar => out.push((depth, label, Some(scalar_text(scalar)))),
                }
            }
        }
        scalar => out.push((depth, String::new(), Some(scalar_text(scalar)))),
    }
}

/// An empty table drawn in `style`: borders, width (none when piped: values stay whole), colour.
pub fn styled_table(style: TableStyle) -> Table {
    let mut table = Table::new();
    table.load_style(if style.unicode { UTF8_FULL_CONDENSED.with_rounded_corners() } else { ASCII_FULL_CONDENSED });
    match style.width {
        Some(width) => table.set_content_arrangement(ContentArrangement::Dynamic).set_width(width),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    table.force_no_tty();
    if style.color {
        table.enforce_styling();
    }
    table
}

/// A table of rows under these column names (cyan with colour), as the one-row-per-item views
/// (endpoints, users) draw them.
pub fn table_with_columns(style: TableStyle, columns: &[&str]) -> Table {
    let mut table = styled_table(style);
    let header: Vec<comfy_table::Cell> = columns
        .iter()
        .map(|column| {
            let cell = comfy_table::Cell::new(column);
            if style.color { cell.fg(comfy_table::Color::Cyan) } else { cell }
        })
        .collect();
    table.set_header(header);
    table
}

pub fn render_table(title: &str, value: &Value, style: TableStyle) -> String {
    let mut table = styled_table(style);
    let mut lines = Vec::new();
    rows(value, 0, &mut lines);
    for (depth, label, text) in lines {
        let label = Cell::new(format!("{}{label}", "  ".repeat(depth)));
        let label = if style.color { label.fg(Color::Cyan) } else { label };
        match text {
            Some(text) => table.add_row(vec![label, Cell::new(text)]),
            None => table.add_row(vec![label]),
        };
    }
    let title = if style.color { format!("\u{1b}[1m{title}\u{1b}[0m") } else { title.to_owned() };
    format!("{title}\n{table}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::api::results::sample_document as response;

    fn widths(text: &str) -> Vec<usize> {
        text.lines().map(unicode_width::UnicodeWidthStr::width).collect()
    }

    #[test]
    fn every_line_fits_the_width_and_borders_line_up() {
        for width in [40u16, 80, 200] {
            for unicode in [false, true] {
                let text = render_table(
                    "CreateClientVpnEndpoint",
                    &response(),
                    TableStyle { width: Some(width), color: false, unicode },
                );
                let lines = widths(&text);
                assert!(lines.iter().all(|w| *w <= width as usize), "{width}: {text}");
                assert!(lines[1..].windows(2).all(|pair| pair[0] == pair[1]), "ragged at {width}:\n{text}");
            }
        }
    }

    #[test]
    fn wide_characters_keep_the_borders_straight() {
        let value = json!({"Message": "Méssäge ✓ & <tag> 日本語の説明"});
        let text = render_table("T", &value, TableStyle { width: Some(80), color: false, unicode: true });
        let lines = widths(&text);
        assert!(lines[1..].windows(2).all(|pair| pair[0] == pair[1]), "{text}");
    }

    #[test]
    fn nesting_is_indented_under_its_parent() {
        let text = render_table(
            "CreateClientVpnEndpoint",
            &response(),
            TableStyle { width: Some(200), color: false, unicode: false },
        );
        assert!(text.contains("| Status "), "{text}");
        assert!(text.contains("|   Code "), "{text}");
        assert!(text.contains("CreateClientVpnEndpoint"), "{text}");
        assert!(!text.contains('\u{1b}'), "no colour unless asked: {text}");
    }

    #[test]
    fn colour_only_when_asked() {
        let text = render_table("T", &response(), TableStyle { width: Some(80), color: true, unicode: true });
        assert!(text.contains('\u{1b}'));
    }

    #[test]
    fn piped_tables_never_break_a_value() {
        let dns = "cvpn-endpoint-123456789123abcde.prod.clientvpn.us-east-1.amazonaws.com";
        let value = json!({"ClientVpnEndpointId": "cvpn-endpoint-123456789123abcde", "DnsName": dns, "Description": "x".repeat(150)});
        let text = render_table("T", &value, TableStyle::for_output(None, false));
        assert!(text.lines().any(|line| line.contains(dns)), "{text}");
        assert!(text.contains(&"x".repeat(150)), "{text}");
        let lines = widths(&text);
        assert!(lines[1..].windows(2).all(|pair| pair[0] == pair[1]), "ragged:\n{text}");
        assert!(lines[1] > 150, "the table widens to its longest value: {text}");
    }

    #[test]
    fn a_scalar_result_is_a_one_cell_table() {
        let text =
            render_table("T", &json!("cvpn-endpoint-1"), TableStyle { width: Some(80), color: false, unicode: false });
        assert!(text.contains("cvpn-endpoint-1"), "{text}");
    }
}
