//! The aws CLI's shorthand syntax (`Type=certificate-authentication,MutualAuthentication={...}`),
//! parsed exactly as awscli's `ShorthandParser` parses it, into an untyped JSON value in which
//! every scalar is a string. Shaping by the model (booleans, integers, lists) happens later.
//!
//! Positions count characters, as Python's do, so the caret of an error sits where the aws CLI
//! puts it.

use serde_json::{Map, Value};

/// How deep `[` and `{` may nest before the input is refused (the API's shapes need 4).
pub const MAX_DEPTH: usize = 32;

/// A shorthand error with the text the aws CLI prints (without the `Error parsing parameter`
/// prefix, which names the flag and is added by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShorthandError {
    pub message: String,
}

impl std::fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Reads `file://` and `fileb://` values after `key@=`; the caller decides what a file is.
pub trait FileLoader {
    fn load(&self, reference: &str) -> Result<String, String>;
}

/// Resolves nothing: `@=` values are kept as written.
pub struct NoFiles;

impl FileLoader for NoFiles {
    fn load(&self, reference: &str) -> Result<String, String> {
        Ok(reference.to_owned())
    }
}

/// Python's `string.whitespace`, which the parser skips around punctuation.
fn is_skippable_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Python's `str.isspace()`, which `rstrip()` removes and `\s` matches.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\x1c'..='\x1f')
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}

/// Characters a value may start with: not whitespace, `"`, `'`, `,`, `=`, nor astral. (`[` and
/// `{` are taken as lists and objects before a first value is tried.)
fn is_start_char(c: char) -> bool {
    matches!(c as u32, 0x21 | 0x23..=0x26 | 0x28..=0x2B | 0x2D..=0x3C | 0x3E..=0xFFFF)
}

/// Characters that may follow in a first value: `=`, `[`, `{` are allowed; `"`, `'`, `,`, `]`,
/// `}` are not.
fn is_first_follow_char(c: char) -> bool {
    let code = c as u32;
    is_python_space(c) && code <= 0xFFFF
        || matches!(code, 0x21 | 0x23..=0x26 | 0x28..=0x2B | 0x2D..=0x5C | 0x5E..=0x7C | 0x7E..=0xFFFF)
}

/// Characters that may follow in a second and later csv value: no `=`, so `a=b,c=d` is two pairs.
fn is_second_follow_char(c: char) -> bool {
    let code = c as u32;
    is_python_space(c) && code <= 0xFFFF
        || matches!(code, 0x21 | 0x23..=0x26 | 0x28..=0x2B | 0x2D..=0x3C | 0x3E..=0xFFFF)
}

/// The regex each unquoted or quoted value is matched with; the name appears in errors.
#[derive(Clone, Copy)]
enum Token {
    First,
    Second,
    SingleQuoted,
    DoubleQuoted,
}

impl Token {
    fn name(self) -> &'static str {
        match self {
            Token::First => "first",
            Token::Second => "second",
            Token::SingleQuoted => "singled quoted",
            Token::DoubleQuoted => "double quoted",
        }
    }
}

enum Failure {
    Syntax { expected: String, actual: String, index: usize },
    Duplicate { key: String, index: usize },
    TooDeep { index: usize },
    File(String),
}

struct Parser<'a, L: FileLoader> {
    input: Vec<char>,
    index: usize,
    depth: usize,
    resolve_files: bool,
    loader: &'a L,
}

type Step<T> = Result<T, Failure>;

/// Parses one shorthand value, as given after a flag, into a JSON object of strings, lists and
/// objects.
pub fn parse(input: &str, loader: &impl FileLoader) -> Result<Map<String, Value>, ShorthandError> {
    let chars: Vec<char> = input.chars().collect();
    let mut parser = Parser { input: chars, index: 0, depth: 0, resolve_files: false, loader };
    parser.parameter().map_err(|failure| ShorthandError { message: describe(&parser.input, failure) })
}

fn describe(input: &[char], failure: Failure) -> String {
    match failure {
        Failure::Syntax { expected, actual, index } => {
            format!("Expected: '{expected}', received: '{actual}' for input:\n{}", error_location(input, index))
        }
        Failure::Duplicate { key, index } => format!(
            "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often because there is a preceding \",\" instead of a space.",
            error_location(input, index)
        ),
        Failure::TooDeep { index } => {
            format!("Nesting deeper than {MAX_DEPTH} levels of [ and {{ for input:\n{}", error_location(input, index))
        }
        Failure::File(message) => message,
    }
}

/// The input with a caret under the character at `index`, as awscli prints it: for multi-line
/// input the caret goes under the offending line and the rest follows.
fn error_location(input: &[char], index: usize) -> String {
    let index = index.min(input.len());
    let consumed = &input[..index];
    let spaces = match consumed.iter().rposition(|&c| c == '\n') {
        Some(newline) => index - newline - 1,
        None => index,
    };
    let (shown, remaining): (String, String) = match input[index..].iter().position(|&c| c == '\n') {
        Some(offset) => (input[..index + offset].iter().collect(), input[index + offset..].iter().collect()),
        None => (input.iter().collect(), String::new()),
    };
    format!("{shown}\n{}^{remaining}", " ".repeat(spaces))
}

impl<L: FileLoader> Parser<'_, L> {
    fn current(&self) -> Option<char> {
        self.input.get(self.index).copied()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }

    fn syntax(&self, expected: impl Into<String>, actual: impl Into<String>) -> Failure {
        Failure::Syntax { expected: expected.into(), actual: actual.into(), index: self.index }
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(is_skippable_whitespace) {
            self.index += 1;
        }
    }

    fn expect(&mut self, wanted: char, consume_whitespace: bool) -> Step<()> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.syntax(wanted, "EOF")),
            Some(actual) if actual != wanted => return Err(self.syntax(wanted, actual)),
            Some(_) => self.index += 1,
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    /// parameter = keyval *( "," keyval ); a repeated top-level key is an error.
    fn parameter(&mut self) -> Step<Map<String, Value>> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(Failure::Duplicate { key, index: last_index + 1 });
            }
            params.insert(key, value);
            last_index = self.index;
        }
        Ok(params)
    }

    /// `key`, an optional `@` (resolve files), `=`.
    fn key_and_assignment(&mut self) -> Step<String> {
        let key = self.key();
        self.resolve_files = false;
        self.consume_whitespace();
        if self.current() == Some('@') {
            self.index += 1;
            self.consume_whitespace();
            self.resolve_files = true;
        }
        self.expect('=', true)?;
        Ok(key)
    }

    fn keyval(&mut self) -> Step<(String, Value)> {
        let key = self.key_and_assignment()?;
        let value = self.values()?;
        Ok((key, value))
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self.current().is_some_and(is_key_char) {
            self.index += 1;
        }
        self.input[start..self.index].iter().collect()
    }

    fn values(&mut self) -> Step<Value> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `a` → "a"; `a,b,c` → ["a","b","c"]; in `a=b,c=d` the `,c` is given back to the caller.
    fn csv_value(&mut self) -> Step<Value> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first];
        loop {
            let attempt = self.second_value().and_then(|value| {
                self.consume_whitespace();
                if self.at_eof() {
                    return Ok((value, true));
                }
                self.expect(',', true)?;
                Ok((value, false))
            });
            match attempt {
                Ok((value, done)) => {
                    list.push(value);
                    if done {
                        break;
                    }
                }
                Err(failure) => {
                    if self.at_eof() {
                        return Err(failure);
                    }
                    while self.index > 0 && self.input[self.index] != ',' {
                        self.index -= 1;
                    }
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(list.pop().expect("one element"));
        }
        Ok(Value::Array(list))
    }

    fn enter(&mut self) -> Step<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Failure::TooDeep { index: self.index });
        }
        Ok(())
    }

    fn explicit_list(&mut self) -> Step<Value> {
        self.enter()?;
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        self.depth -= 1;
        Ok(Value::Array(values))
    }

    /// `{k=v,...}`; inside braces a repeated key silently takes the last value, as in awscli.
    fn hash_literal(&mut self) -> Step<Value> {
        self.enter()?;
        self.expect('{', true)?;
        let mut members = Map::new();
        while self.current() != Some('}') {
            let key = self.key_and_assignment()?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            members.insert(key, value);
        }
        self.expect('}', false)?;
        self.depth -= 1;
        Ok(Value::Object(members))
    }

    fn explicit_value(&mut self) -> Step<Value> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn first_value(&mut self) -> Step<Value> {
        let text = match self.current() {
            Some('\'') => self.quoted(Token::SingleQuoted, '\'')?,
            Some('"') => self.quoted(Token::DoubleQuoted, '"')?,
            _ => self.unquoted(Token::First).unwrap_or_default(),
        };
        self.scalar(text)
    }

    fn second_value(&mut self) -> Step<Value> {
        let text = match self.current() {
            Some('\'') => self.quoted(Token::SingleQuoted, '\'')?,
            Some('"') => self.quoted(Token::DoubleQuoted, '"')?,
            _ => match self.unquoted(Token::Second) {
                Some(text) => text,
                None => return Err(self.syntax(format!("<{}>", Token::Second.name()), "<none>")),
            },
        };
        self.scalar(text)
    }

    fn scalar(&self, text: String) -> Step<Value> {
        if self.resolve_files && (text.starts_with("file://") || text.starts_with("fileb://")) {
            return self.loader.load(&text).map(Value::String).map_err(Failure::File);
        }
        Ok(Value::String(text))
    }

    /// `(\,|START)(\,|FOLLOW)*`, then `\,` → `,` and trailing whitespace removed. `None` when
    /// nothing matches.
    fn unquoted(&mut self, token: Token) -> Option<String> {
        let follows: fn(char) -> bool = match token {
            Token::First => is_first_follow_char,
            _ => is_second_follow_char,
        };
        let start = self.index;
        let mut index = self.index;
        let mut first = true;
        loop {
            let c = self.input.get(index).copied();
            if c == Some('\\') && self.input.get(index + 1) == Some(&',') {
                index += 2;
            } else if c.is_some_and(|c| if first { is_start_char(c) } else { follows(c) }) {
                index += 1;
            } else {
                break;
            }
            first = false;
        }
        if index == start {
            return None;
        }
        self.index = index;
        let raw: String = self.input[start..index].iter().collect();
        Some(raw.replace("\\,", ",").trim_end_matches(is_python_space).to_owned())
    }

    /// A quoted value as the regex `Q(?:\\\\|\\Q|[^Q])*Q` matches it (with the regex's
    /// backtracking), then `\Q` → `Q` and `\\` → `\`.
    fn quoted(&mut self, token: Token, quote: char) -> Step<String> {
        let end = quoted_end(&self.input[self.index..], quote)
            .ok_or_else(|| self.syntax(format!("<{}>", token.name()), "<none>"))?;
        let inner: String = self.input[self.index + 1..self.index + end - 1].iter().collect();
        self.index += end;
        let escaped_quote = format!("\\{quote}");
        Ok(inner.replace(&escaped_quote, &quote.to_string()).replace("\\\\", "\\"))
    }
}

/// Where the quoted string at the start of `text` ends (one past its closing quote), choosing the
/// match Python's backtracking regex engine would choose; `None` if it has no end.
fn quoted_end(text: &[char], quote: char) -> Option<usize> {
    if text.first() != Some(&quote) {
        return None;
    }
    // end[i]: the match end when the repetition is at position i. Each position tries, in order,
    // `\\`, `\Q`, then any non-quote character, and only then the closing quote, so end[i]
    // depends only on later positions: fill it from the right.
    let n = text.len();
    let mut end: Vec<Option<usize>> = vec![None; n + 2];
    for i in (1..n).rev() {
        let c = text[i];
        let next = text.get(i + 1).copied();
        let mut found = None;
        if c == '\\' && next == Some('\\') {
            found = end[i + 2];
        }
        if found.is_none() && c == '\\' && next == Some(quote) {
            found = end[i + 2];
        }
        if found.is_none() && c != quote {
            found = end[i + 1];
        }
        if found.is_none() && c == quote {
            found = Some(i + 1);
        }
        end[i] = found;
    }
    end.get(1).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(input: &str) -> Value {
        Value::Object(parse(input, &NoFiles).unwrap_or_else(|error| panic!("{input:?}: {error}")))
    }

    fn error(input: &str) -> String {
        match parse(input, &NoFiles) {
            Ok(value) => panic!("{input:?} was accepted as {value:?}"),
            Err(error) => error.message,
        }
    }

    /// The parse vectors of awscli's own tests (aws/aws-cli `tests/unit/test_shorthand.py`).
    #[test]
    fn the_aws_cli_parse_vectors_pass() {
        let vectors: &[(&str, Value)] = &[
            ("foo=bar", json!({"foo": "bar"})),
            ("foo=bar,baz=qux", json!({"foo": "bar", "baz": "qux"})),
            ("foo=", json!({"foo": ""})),
            ("foo=,bar=", json!({"foo": "", "bar": ""})),
            ("foo=\u{2713},\u{2713}", json!({"foo": ["✓", "✓"]})),
            ("foo=a,b,c", json!({"foo": ["a", "b", "c"]})),
            ("foo=a,b,bar=c,d", json!({"foo": ["a", "b"], "bar": ["c", "d"]})),
            ("foo=a,b=with space", json!({"foo": "a", "b": "with space"})),
            ("foo=a,b=with trailing space  ", json!({"foo": "a", "b": "with trailing space"})),
            ("with-dash=bar", json!({"with-dash": "bar"})),
            ("with_underscore=bar", json!({"with_underscore": "bar"})),
            ("with.dot=bar", json!({"with.dot": "bar"})),
            ("#key=value", json!({"#key": "value"})),
            ("some/thing=value", json!({"some/thing": "value"})),
            ("aws:service:region:124:foo/bar=baz", json!({"aws:service:region:124:foo/bar": "baz"})),
            ("foo=[]", json!({"foo": []})),
            ("foo=[a,b],bar=c,d", json!({"foo": ["a", "b"], "bar": ["c", "d"]})),
            ("foo=[a=b,c=d]", json!({"foo": ["a=b", "c=d"]})),
            ("foo  =  [ a , b  , c  ]", json!({"foo": ["a", "b", "c"]})),
            ("foo=[,,]", json!({"foo": ["", ""]})),
            ("foo='bar,baz'", json!({"foo": "bar,baz"})),
            ("foo='bar','baz'", json!({"foo": ["bar", "baz"]})),
            ("foo=bar,'baz=qux'", json!({"foo": ["bar", "baz=qux"]})),
            ("foo=bar,'--option=bar space'", json!({"foo": ["bar", "--option=bar space"]})),
            ("foo='bar\\'baz'", json!({"foo": "bar'baz"})),
            ("foo='bar\\\\baz'", json!({"foo": "bar\\baz"})),
            ("foo=\"bar\\\"baz\"", json!({"foo": "bar\"baz"})),
            ("foo=a\\,b", json!({"foo": "a,b"})),
            ("foo=\\,", json!({"foo": ","})),
            ("foo=a,b\\,c", json!({"foo": ["a", "b,c"]})),
            ("foo=a,\\,bc", json!({"foo": ["a", ",bc"]})),
            ("a = b,  c = d , e = f", json!({"a": "b", "c": "d", "e": "f"})),
            ("foo = ", json!({"foo": ""})),
            ("a=b,c=  d,  e,  f", json!({"a": "b", "c": ["d", "e", "f"]})),
            ("Name=foo,Values=  a  ,  b  ,  c  ", json!({"Name": "foo", "Values": ["a", "b", "c"]})),
            ("Name=foo,\nValues=a,b,c", json!({"Name": "foo", "Values": ["a", "b", "c"]})),
            ("A=b,\nC=d,\nE=f\n", json!({"A": "b", "C": "d", "E": "f"})),
            ("Name={foo=bar,baz=qux}", json!({"Name": {"foo": "bar", "baz": "qux"}})),
            ("Name={foo=[a,b,c],bar=baz}", json!({"Name": {"foo": ["a", "b", "c"], "bar": "baz"}})),
            ("a={b={c=d,e=f},g=h}", json!({"a": {"b": {"c": "d", "e": "f"}, "g": "h"}})),
            ("Name=[{foo=bar}, {baz=qux}]", json!({"Name": [{"foo": "bar"}, {"baz": "qux"}]})),
            ("Name=[{foo=[a,b]}, {bar=[c,d]}]", json!({"Name": [{"foo": ["a", "b"]}, {"bar": ["c", "d"]}]})),
            ("foo@=bar,baz@=qux", json!({"foo": "bar", "baz": "qux"})),
            ("foo  @=  [ a , b  , c  ]", json!({"foo": ["a", "b", "c"]})),
            ("Bar@=baz,Name={foo@=bar}", json!({"Bar": "baz", "Name": {"foo": "bar"}})),
            ("Bar@={Baz=file://foo}", json!({"Bar": {"Baz": "file://foo"}})),
        ];
        for (input, expected) in vectors {
            assert_eq!(&parsed(input), expected, "{input:?}");
        }
    }

    /// Further vectors observed from the real CLI (aws-cli 1.46.3).
    #[test]
    fn the_observed_vectors_pass() {
        let vectors: &[(&str, Value)] = &[
            ("a=x=y", json!({"a": "x=y"})),
            ("a=b,c=d=e", json!({"a": "b", "c": "d=e"})),
            ("a=b c=d", json!({"a": "b c=d"})),
            ("a=[a,b,]", json!({"a": ["a", "b"]})),
            ("a={b=c,}", json!({"a": {"b": "c"}})),
            ("a={}", json!({"a": {}})),
            ("a=[{}]", json!({"a": [{}]})),
            ("a=[[]]", json!({"a": [[]]})),
            ("a=[1,[2,3]]", json!({"a": ["1", ["2", "3"]]})),
            ("foo={a=b,a=c}", json!({"foo": {"a": "c"}})),
            ("a={b=\"\"}", json!({"a": {"b": ""}})),
            ("a=\"it's\"", json!({"a": "it's"})),
            ("a='say \"hi\"'", json!({"a": "say \"hi\""})),
            ("a=\\n", json!({"a": "\\n"})),
            ("a=tab\tsep", json!({"a": "tab\tsep"})),
            ("a=é,ü", json!({"a": ["é", "ü"]})),
            ("a=b,,c=d", json!({"a": "b", "c": "d"})),
            ("Key=Name ,Value=x", json!({"Key": "Name", "Value": "x"})),
            ("=bar", json!({"": "bar"})),
            ("a=\"😀\"", json!({"a": "😀"})),
        ];
        for (input, expected) in vectors {
            assert_eq!(&parsed(input), expected, "{input:?}");
        }
    }

    /// What awscli's parser rejects (aws/aws-cli `awscli/shorthand.py`), with its exact message and caret.
    #[test]
    fn the_aws_cli_rejections_match_message_and_caret() {
        let cases: &[(&str, &str)] = &[
            ("foo", "Expected: '=', received: 'EOF' for input:\nfoo\n   ^"),
            ("", "Expected: '=', received: 'EOF' for input:\n\n^"),
            ("foo=\"bar", "Expected: '<double quoted>', received: '<none>' for input:\nfoo=\"bar\n    ^"),
            ("\"foo=bar", "Expected: '=', received: '\"' for input:\n\"foo=bar\n^"),
            ("foo='bar", "Expected: '<singled quoted>', received: '<none>' for input:\nfoo='bar\n    ^"),
            ("foo=[bar", "Expected: ',', received: 'EOF' for input:\nfoo=[bar\n        ^"),
            ("foo={bar", "Expected: '=', received: 'EOF' for input:\nfoo={bar\n        ^"),
            ("foo={bar}", "Expected: '=', received: '}' for input:\nfoo={bar}\n        ^"),
            ("foo={bar=bar", "Expected: ',', received: 'EOF' for input:\nfoo={bar=bar\n            ^"),
            ("foo=bar,", "Expected: '<second>', received: '<none>' for input:\nfoo=bar,\n        ^"),
            ("foo==bar,\nbar=baz", "Expected: ',', received: '=' for input:\nfoo==bar,\n    ^\nbar=baz"),
            (
                "foo=bar,foo=qux",
                "Second instance of key \"foo\" encountered for input:\nfoo=bar,foo=qux\n        ^\nThis is often because there is a preceding \",\" instead of a space.",
            ),
            ("foo=[a]]", "Expected: ',', received: ']' for input:\nfoo=[a]]\n       ^"),
        ];
        for (input, expected) in cases {
            assert_eq!(&error(input), expected, "{input:?}");
        }
        let starts: &[(&str, &str)] = &[
            ("foo={a=b}x", "Expected: ',', received: 'x'"),
            ("foo=\"a\"b", "Expected: ',', received: 'b'"),
            ("foo=a,,b", "Expected: '=', received: 'EOF'"),
            ("a={b=}", "Expected: ',', received: 'EOF'"),
            ("Tags=[{Key=e,Value=}]", "Expected: ',', received: ']'"),
            ("a=${HOME}", "Expected: ',', received: '}'"),
            ("k e y=v", "Expected: '=', received: 'e'"),
            (" Key=Name", "Expected: '=', received: 'K'"),
            ("a=😀", "Expected: ',', received: '😀'"),
        ];
        for (input, expected) in starts {
            let message = error(input);
            assert!(message.starts_with(expected), "{input:?}: {message}");
        }
    }

    #[test]
    fn quoted_values_backtrack_like_the_regex() {
        assert_eq!(parsed("a='x\\'"), json!({"a": "x\\"}));
        assert_eq!(parsed("a='x\\',b=c"), json!({"a": "x\\", "b": "c"}));
        assert_eq!(parsed("a='x\\'y'"), json!({"a": "x'y"}));
        assert_eq!(parsed("a='x\\\\'"), json!({"a": "x\\"}));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("a={}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(error(&deep).starts_with("Nesting deeper than 32 levels"));
        let fine = format!("a={}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        parsed(&fine);
        let hostile = format!("a={}", "{a=".repeat(100_000));
        assert!(error(&hostile).starts_with("Nesting deeper"));
    }

    struct OneFile;

    impl FileLoader for OneFile {
        fn load(&self, reference: &str) -> Result<String, String> {
            match reference {
                "file://foo" => Ok("file-contents123".into()),
                other => Err(format!("Unable to load paramfile {other}")),
            }
        }
    }

    #[test]
    fn at_equals_resolves_files_directly_under_its_key() {
        let value = parse("Foo@=file://foo,Bar={Baz@=file://foo}", &OneFile).unwrap();
        assert_eq!(Value::Object(value), json!({"Foo": "file-contents123", "Bar": {"Baz": "file-contents123"}}));
        let value = parse("Foo@=[a, file://foo]", &OneFile).unwrap();
        assert_eq!(Value::Object(value), json!({"Foo": ["a", "file-contents123"]}));
        let literal = parse("Foo=file://foo", &OneFile).unwrap();
        assert_eq!(Value::Object(literal), json!({"Foo": "file://foo"}));
        let missing = parse("Foo@=file://nope", &OneFile).unwrap_err();
        assert_eq!(missing.message, "Unable to load paramfile file://nope");
    }
}
