//! Pages as the aws CLI gets them (botocore's `PageIterator`): every page by default, merged into
//! one result; `--page-size` asks for pages of that size; `--max-items` stops after that many
//! items and hands back a resume token for `--starting-token`, base64 of
//! `{"NextToken": …, "boto_truncate_amount": N}`. A pure state machine: the caller sends the
//! requests it asks for and gives it the answers.
//! (aws/aws-cli's botocore: `botocore/paginate.py`.)

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};

use crate::api::operation::Pagination;
use crate::failure::Failure;

/// What the user asked of the pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageSettings {
    pub max_items: Option<usize>,
    pub page_size: Option<i32>,
    pub starting_token: Option<String>,
}

pub struct Pager {
    pagination: &'static Pagination,
    max_items: Option<usize>,
    /// The token that asks for the page to come; `None` before the first page of a fresh start.
    token: Option<String>,
    starting_truncation: usize,
    first: bool,
    total_items: usize,
    done: bool,
    /// Each answer, with the result list cut as botocore cuts it.
    pub pages: Vec<Map<String, Value>>,
    /// Where `--starting-token` resumes, when `--max-items` stopped early.
    pub resume_token: Option<String>,
}

/// The resume token botocore writes: Python's `json.dumps` of the token dict, in base64.
fn encode_token(token: Option<&str>, truncate: Option<usize>) -> String {
    let mut text = format!("{{\"NextToken\": {}", token.map_or("null".to_owned(), python_json_string));
    if let Some(amount) = truncate {
        text.push_str(&format!(", \"boto_truncate_amount\": {amount}"));
    }
    text.push('}');
    STANDARD.encode(text)
}

/// A string as Python's `json.dumps` writes it (ASCII only, `\uXXXX` for the rest).
fn python_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The token and left truncation a `--starting-token` names. A token that is not botocore's
/// base64 JSON is taken as the service's own token, as botocore's older format allows
/// (`TOKEN` or `TOKEN___N`).
fn decode_token(starting: &str) -> (Option<String>, usize) {
    let decoded = STANDARD
        .decode(starting.trim())
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Map<String, Value>>(&bytes).ok())
        .filter(|object| object.contains_key("NextToken"));
    if let Some(object) = decoded {
        let token = object.get("NextToken").and_then(Value::as_str).map(str::to_owned);
        let index = object.get("boto_truncate_amount").and_then(Value::as_u64).unwrap_or(0) as usize;
        return (token, index);
    }
    if let Some((token, index)) = starting.rsplit_once("___")
        && let Ok(index) = index.parse::<usize>()
    {
        return ((token != "None").then(|| token.to_owned()), index);
    }
    ((starting != "None").then(|| starting.to_owned()), 0)
}

impl Pager {
    pub fn new(pagination: &'static Pagination, settings: &PageSettings) -> Pager {
        let (token, starting_truncation) = match &settings.starting_token {
            Some(starting) => decode_token(starting),
            None => (None, 0),
        };
        Pager {
            pagination,
            max_items: settings.max_items,
            token,
            starting_truncation,
            first: true,
            total_items: 0,
            done: false,
            pages: Vec::new(),
            resume_token: None,
        }
    }

    /// The token to send with the next request (`Some(None)`: the first, without one); `None`
    /// when there is nothing more to ask.
    pub fn next_request(&self) -> Option<Option<&str>> {
        (!self.done).then_some(self.token.as_deref())
    }

    fn result_list(page: &Map<String, Value>, key: &str) -> Vec<Value> {
        page.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
    }

    /// Takes the answer to the request `next_request` asked for.
    pub fn take(&mut self, mut page: Map<String, Value>) -> Result<(), Failure> {
        let key = self.pagination.result_key;
        if self.first {
            self.first = false;
            if self.starting_truncation > 0
                && let Some(Value::Array(items)) = page.get_mut(key)
            {
                let keep = items.split_off(self.starting_truncation.min(items.len()));
                *items = keep;
            }
        }
        let count = Self::result_list(&page, key).len();
        let next = page
            .get(self.pagination.output_token)
            .and_then(Value::as_str)
            .filter(|token| !token.is_empty())
            .map(str::to_owned);
        if let Some(max) = self.max_items
            && self.total_items + count > max
        {
            let keep = max - self.total_items;
            if let Some(Value::Array(items)) = page.get_mut(key) {
                items.truncate(keep);
            }
            self.resume_token = Some(encode_token(self.token.as_deref(), Some(keep + self.starting_truncation)));
            self.pages.push(page);
            self.done = true;
            return Ok(());
        }
        self.pages.push(page);
        self.total_items += count;
        let Some(next) = next else {
            self.done = true;
            return Ok(());
        };
        if self.max_items == Some(self.total_items) {
            self.resume_token = Some(encode_token(Some(&next), None));
            self.done = true;
            return Ok(());
        }
        if self.token.as_deref() == Some(next.as_str()) {
            return Err(Failure::other(format!("The same next token was received twice: {{'NextToken': '{next}'}}")));
        }
        self.token = Some(next);
        Ok(())
    }

    /// All pages as one result: the lists joined, and `NextToken` when stopped early.
    pub fn merged(&self) -> Value {
        let key = self.pagination.result_key;
        let mut result = Map::new();
        for page in &self.pages {
            let Some(Value::Array(items)) = page.get(key) else { continue };
            match result.get_mut(key) {
                Some(Value::Array(all)) => all.extend(items.iter().cloned()),
                _ => {
                    result.insert(key.to_owned(), Value::Array(items.clone()));
                }
            }
        }
        if let Some(token) = &self.resume_token {
            result.insert(self.pagination.output_token.to_owned(), Value::String(token.clone()));
        }
        Value::Object(result)
    }

    /// The pages as the aws CLI's text output prints them: each page's list, then the resume token.
    pub fn text_chunks(&self) -> Vec<Value> {
        let key = self.pagination.result_key;
        let mut chunks: Vec<Value> = self
            .pages
            .iter()
            .map(|page| {
                let mut chunk = Map::new();
                chunk.insert(key.to_owned(), page.get(key).cloned().unwrap_or(Value::Null));
                Value::Object(chunk)
            })
            .collect();
        if let Some(token) = &self.resume_token {
            chunks.push(serde_json::json!({"NextToken": {"NextToken": token}}));
        }
        chunks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::operations::DESCRIBE_CLIENT_VPN_ENDPOINTS;
    use serde_json::json;

    fn pagination() -> &'static Pagination {
        DESCRIBE_CLIENT_VPN_ENDPOINTS.pagination.as_ref().unwrap()
    }

    /// Serves `items` in pages of `size`, tokens "t2", "t3", … as EC2 would.
    fn run(items: &[&str], size: usize, settings: PageSettings) -> (Pager, Vec<Option<String>>) {
        let mut pager = Pager::new(pagination(), &settings);
        let mut asked = Vec::new();
        while let Some(token) = pager.next_request() {
            asked.push(token.map(str::to_owned));
            let start = token.map(|t| t[1..].parse::<usize>().unwrap() - 1).unwrap_or(0) * size;
            let end = (start + size).min(items.len());
            let mut page = Map::new();
            page.insert("ClientVpnEndpoints".into(), json!(items[start..end]));
            if end < items.len() {
                page.insert("NextToken".into(), json!(format!("t{}", start / size + 2)));
            }
            pager.take(page).unwrap();
        }
        (pager, asked)
    }

    const ITEMS: [&str; 5] = ["a", "b", "c", "d", "e"];

    #[test]
    fn every_page_is_fetched_and_merged() {
        let (pager, asked) = run(&ITEMS, 2, PageSettings::default());
        assert_eq!(asked, [None, Some("t2".into()), Some("t3".into())]);
        assert_eq!(pager.merged(), json!({"ClientVpnEndpoints": ["a", "b", "c", "d", "e"]}));
    }

    #[test]
    fn max_items_mid_page_resumes_where_it_stopped() {
        let settings = PageSettings { max_items: Some(3), ..Default::default() };
        let (pager, _) = run(&ITEMS, 2, settings);
        let token = pager.resume_token.clone().unwrap();
        let decoded = String::from_utf8(STANDARD.decode(&token).unwrap()).unwrap();
        assert_eq!(decoded, r#"{"NextToken": "t2", "boto_truncate_amount": 1}"#);
        assert_eq!(pager.merged(), json!({"ClientVpnEndpoints": ["a", "b", "c"], "NextToken": token}));
        let resumed = PageSettings { max_items: Some(3), starting_token: Some(token), ..Default::default() };
        let (pager, asked) = run(&ITEMS, 2, resumed);
        assert_eq!(asked, [Some("t2".into()), Some("t3".into())]);
        assert_eq!(pager.merged(), json!({"ClientVpnEndpoints": ["d", "e"]}));
    }

    #[test]
    fn max_items_on_a_page_boundary_resumes_with_the_service_token() {
        let (pager, asked) = run(&ITEMS, 2, PageSettings { max_items: Some(2), ..Default::default() });
        assert_eq!(asked, [None]);
        let decoded = String::from_utf8(STANDARD.decode(pager.resume_token.unwrap()).unwrap()).unwrap();
        assert_eq!(decoded, r#"{"NextToken": "t2"}"#);
    }

    #[test]
    fn truncating_the_first_page_names_no_token() {
        let (pager, _) = run(&ITEMS, 5, PageSettings { max_items: Some(1), ..Default::default() });
        let decoded = String::from_utf8(STANDARD.decode(pager.resume_token.unwrap()).unwrap()).unwrap();
        assert_eq!(decoded, r#"{"NextToken": null, "boto_truncate_amount": 1}"#);
    }

    #[test]
    fn a_raw_service_token_is_a_starting_token_too() {
        assert_eq!(decode_token("t3"), (Some("t3".into()), 0));
        assert_eq!(decode_token("t3___2"), (Some("t3".into()), 2));
        let (pager, asked) = run(&ITEMS, 2, PageSettings { starting_token: Some("t3".into()), ..Default::default() });
        assert_eq!(asked, [Some("t3".into())]);
        assert_eq!(pager.merged(), json!({"ClientVpnEndpoints": ["e"]}));
    }

    #[test]
    fn text_prints_each_page_then_the_token() {
        let (pager, _) = run(&ITEMS, 2, PageSettings { max_items: Some(3), ..Default::default() });
        let chunks = pager.text_chunks();
        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[1], json!({"ClientVpnEndpoints": ["c"]}));
        assert!(chunks[2]["NextToken"]["NextToken"].is_string());
    }

    #[test]
    fn tokens_are_written_as_python_writes_them() {
        assert_eq!(python_json_string("a\"b\\é"), "\"a\\\"b\\\\\\u00e9\"");
    }
}
