//! The escapes of string literals that Prisma refuses: `"C:\temp"` (an unknown escape), `"\u12"` or a
//! lone UTF-16 surrogate (`"\uD800"`). Both readers resolve escapes leniently into the AST; this pass
//! looks at the source text of every string literal that holds a backslash and reports, like Prisma's
//! parser, one error per bad escape.

use crate::ast::{ArgumentsList, Attribute, Expression, Field, FieldType, Top};
use crate::diagnostics::{codes, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};

const UNKNOWN: &str = "Unknown escape sequence. If the value is a windows-style path, `\\` must be escaped as `\\\\`.";
const INVALID_UNICODE: &str = "Invalid unicode escape sequence.";

/// Checks the string literals of `tops`, all read from `text` (one file).
pub(super) fn check(text: &str, tops: &[Top], diagnostics: &mut Diagnostics) {
    // Most schemas have no backslash at all.
    if !text.as_bytes().contains(&b'\\') {
        return;
    }
    let mut cx = Cx { text, diagnostics };
    for top in tops {
        match top {
            Top::Model(m) => {
                m.fields.iter().for_each(|f| cx.field(f));
                cx.attributes(&m.attributes);
            }
            Top::CompositeType(c) => {
                c.fields.iter().for_each(|f| cx.field(f));
                cx.attributes(&c.attributes);
            }
            Top::Enum(e) => {
                e.values.iter().for_each(|v| cx.attributes(&v.attributes));
                cx.attributes(&e.attributes);
            }
            Top::Datasource(c) | Top::Generator(c) => {
                c.properties.iter().filter_map(|p| p.value.as_ref()).for_each(|v| cx.expression(v));
            }
        }
    }
}

/// The string literals in `text[start..end]` (a line the grammar read as a field without a name or
/// a type: Prisma still reads its attributes), up to a `//` comment.
pub(super) fn check_text(text: &str, file: FileId, start: usize, end: usize, diagnostics: &mut Diagnostics) {
    let Some(line) = text.get(start..end) else { return };
    if !line.contains('\\') {
        return;
    }
    let mut cx = Cx { text, diagnostics };
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => return,
            b'"' => {
                let open = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(inner) = line.get(open + 1..i.min(bytes.len())) {
                    cx.literal(file, start + open, inner);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

struct Cx<'t, 'd> {
    text: &'t str,
    diagnostics: &'d mut Diagnostics,
}

impl Cx<'_, '_> {
    fn field(&mut self, f: &Field) {
        if let FieldType::Unsupported(u) = &f.field_type {
            let span = &u.1;
            // `Unsupported("...")`: the literal is between the first and the last quote.
            let written = self.text.get(span.range()).unwrap_or("");
            if let (Some(open), Some(close)) = (written.find('"'), written.rfind('"')) {
                if close > open {
                    self.literal(span.file(), span.start() + open, &written[open + 1..close]);
                }
            }
        }
        self.attributes(&f.attributes);
    }

    fn attributes(&mut self, attributes: &[Attribute]) {
        attributes.iter().for_each(|a| self.arguments(&a.arguments));
    }

    fn arguments(&mut self, list: &ArgumentsList) {
        list.arguments.iter().for_each(|a| self.expression(&a.value));
    }

    fn expression(&mut self, e: &Expression) {
        match e {
            Expression::String(_, span) => {
                // The span covers the quotes.
                let (start, end) = (span.start(), span.end());
                if end >= start + 2 {
                    if let Some(inner) = self.text.get(start + 1..end - 1) {
                        self.literal(span.file(), start, inner);
                    }
                }
            }
            Expression::Function(_, args, _) => self.arguments(args),
            Expression::Array(items, _) => items.iter().for_each(|i| self.expression(i)),
            Expression::Numeric(..) | Expression::Constant(..) => {}
        }
    }

    /// `inner` is a literal's text between its quotes; the opening quote is at byte `quote`.
    fn literal(&mut self, file: FileId, quote: usize, inner: &str) {
        let base = quote + 1;
        let mut i = 0;
        while let Some(found) = inner[i..].find('\\') {
            let at = i + found;
            let Some(next) = inner[at + 1..].chars().next() else { break };
            let (len, message) = match next {
                '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' => (2, None),
                'u' => match unicode_escape(&inner[at..]) {
                    (len, Some(_)) => (len, None),
                    (len, None) => (len, Some(INVALID_UNICODE)),
                },
                other => (1 + other.len_utf8(), Some(UNKNOWN)),
            };
            if let Some(message) = message {
                let span = Span::new(file, base + at, base + at + len);
                self.diagnostics.push_error(Diagnostic::error(codes::STRING_ESCAPE, message, span));
            }
            i = at + len;
        }
    }
}

/// A string literal's value (the text between its quotes), as Prisma reads it: JSON escapes
/// resolved, and an escape [`check`] reports left out.
pub(super) fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let Some(next) = escape[1..].chars().next() else {
            // A literal cannot end in a lone backslash (it would escape the closing quote).
            out.push('\\');
            return out;
        };
        let len = match next {
            'u' => {
                let (len, c) = unicode_escape(escape);
                out.extend(c);
                len
            }
            other => {
                match other {
                    '"' | '\\' | '/' => out.push(other),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    _ => {}
                }
                1 + other.len_utf8()
            }
        };
        rest = &escape[len..];
    }
    out.push_str(rest);
    out
}

/// `s` starts with `\u`. Returns how many bytes the escape takes (at least the two of `\u`) and
/// the character, if the escape is valid: four hex digits naming a scalar value, or two such
/// escapes forming a UTF-16 surrogate pair (`\uD83D\uDE00`). An invalid escape's length is what
/// Prisma underlines.
fn unicode_escape(s: &str) -> (usize, Option<char>) {
    match code_unit(s) {
        (len, None) => (len.max(2), None),
        (len, Some(first)) => {
            if let Some(c) = char::from_u32(u32::from(first)) {
                return (len, Some(c));
            }
            match code_unit(&s[len..]) {
                (_, None) => (len, None),
                (second_len, Some(second)) => {
                    (len + second_len, char::decode_utf16([first, second]).next().and_then(Result::ok))
                }
            }
        }
    }
}

/// Reads `\uXXXX` at the start of `s`: `(6, Some(unit))`, or how far it got and `None`. Too short a
/// rest (under four bytes) reads as nothing at all, as in Prisma.
fn code_unit(s: &str) -> (usize, Option<u16>) {
    if s.len() < 4 || !s.starts_with("\\u") {
        return (0, None);
    }
    let mut unit = 0u16;
    let mut digits = s[2..].chars();
    for read in 0..4 {
        match digits.next().and_then(|c| c.to_digit(16)) {
            Some(d) => unit = (unit << 4) | d as u16,
            None => return (2 + read, None),
        }
    }
    (6, Some(unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(literal: &str) -> Vec<(usize, usize, &'static str)> {
        let text = format!("\"{literal}\"");
        let mut d = Diagnostics::new();
        let mut cx = Cx { text: &text, diagnostics: &mut d };
        cx.literal(FileId(0), 0, literal);
        d.errors
            .iter()
            .map(|e| {
                let kind = if e.message.starts_with("Unknown") { "unknown" } else { "unicode" };
                (e.span.start(), e.span.end(), kind)
            })
            .collect()
    }

    // Expected spans are what `prisma validate` underlines for the same literals (1-based columns
    // there; byte offsets from the opening quote here).
    #[test]
    fn valid_escapes_pass() {
        assert!(errors(r#"a\"b\\c\/d\b\f\n\r\t"#).is_empty());
        assert!(errors(r"\u00e9\uD83D\uDE00\uFFFF").is_empty());
    }

    #[test]
    fn unknown_escapes_are_reported_one_each() {
        assert_eq!(errors(r"a\q"), vec![(2, 4, "unknown")]);
        assert_eq!(errors(r"a\u00e9\q\w"), vec![(8, 10, "unknown"), (10, 12, "unknown")]);
        assert_eq!(errors("\\é"), vec![(1, 4, "unknown")]);
    }

    #[test]
    fn values_leave_bad_escapes_out() {
        assert_eq!(unescape(r#"a\"b\\c\/d\n\u00e9\uD83D\uDE00"#), "a\"b\\c/d\né😀");
        assert_eq!(unescape(r"a\qb\é"), "ab");
        assert_eq!(unescape(r"a\u12g"), "ag");
        assert_eq!(unescape(r"a\uZZ"), "aZZ");
        assert_eq!(unescape(r"\uD800x"), "x");
        assert_eq!(unescape(r"\uD800\u0041!"), "!");
    }

    #[test]
    fn bad_unicode_escapes_are_reported() {
        assert_eq!(errors(r"a\u12"), vec![(2, 6, "unicode")]);
        assert_eq!(errors(r"a\uZZZZ"), vec![(2, 4, "unicode")]);
        assert_eq!(errors(r"a\uD800x"), vec![(2, 8, "unicode")]);
        assert_eq!(errors(r"x\uDE00"), vec![(2, 8, "unicode")]);
        assert_eq!(errors(r"\uD800\u0041"), vec![(1, 13, "unicode")]);
        assert_eq!(errors(r"\u1"), vec![(1, 3, "unicode")]);
    }
}
