//! Splitting a PostgreSQL script into statements, so that each one can be run (and reported) on its own.
//!
//! The lexer knows what can hide a `;`: string literals (`'…'` with `''`, `E'…'` with backslash escapes),
//! quoted identifiers (`"…"`), dollar-quoted bodies (`$tag$…$tag$`), line comments (`--`), nested block
//! comments (`/* /* */ */`), and SQL-standard function bodies (`CREATE FUNCTION … BEGIN ATOMIC … END`), where
//! `BEGIN`/`CASE` open and `END` closes a block, as psql counts them. It never splits inside any of these;
//! a statement it cannot finish (an unterminated string) runs as the last statement, and the database
//! reports the error.

/// One statement of a script: its text (without the `;`) and its byte offset in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement<'a> {
    pub(crate) text: &'a str,
    pub(crate) offset: usize,
}

/// Splits a PostgreSQL script at top-level semicolons. Chunks holding only whitespace and comments are left out.
pub(crate) fn split_postgres(script: &str) -> Vec<Statement<'_>> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Start of the current statement's first token, if it has one yet.
    let mut start: Option<usize> = None;
    // Keywords seen at the start of the statement (upper-cased), to recognise CREATE [OR REPLACE] FUNCTION.
    let mut head: Vec<String> = Vec::new();
    let mut is_routine = false;
    let mut depth: u32 = 0;

    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut level = 1u32;
                i += 2;
                while i < bytes.len() && level > 0 {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        level += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        level -= 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
            }
            b';' if depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(Statement { text: &script[s..i], offset: s });
                }
                head.clear();
                is_routine = false;
                i += 1;
            }
            b if b.is_ascii_whitespace() => i += 1,
            _ => {
                start.get_or_insert(i);
                i = token(script, i, &mut head, &mut is_routine, &mut depth);
            }
        }
    }
    if let Some(s) = start {
        out.push(Statement { text: script[s..].trim_end(), offset: s });
    }
    out
}

/// Skips one token starting at `i` (not whitespace or a comment) and returns the index after it.
fn token(script: &str, i: usize, head: &mut Vec<String>, is_routine: &mut bool, depth: &mut u32) -> usize {
    let bytes = script.as_bytes();
    let b = bytes[i];
    match b {
        b'\'' => skip_quoted(bytes, i + 1, b'\'', false),
        b'"' => skip_quoted(bytes, i + 1, b'"', false),
        b'$' => match dollar_tag(bytes, i) {
            Some(tag_end) => {
                let tag = &script[i..tag_end];
                match script[tag_end..].find(tag) {
                    Some(pos) => tag_end + pos + tag.len(),
                    None => bytes.len(),
                }
            }
            // A positional parameter like `$1`, or a lone `$`.
            None => i + 1,
        },
        b if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
            let mut j = i;
            while j < bytes.len()
                && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] == b'$' || bytes[j] >= 0x80)
            {
                j += 1;
            }
            let word = &script[i..j];
            // E'…' (and e'…'): an escape string, where a backslash escapes the next character.
            if (word == "E" || word == "e") && bytes.get(j) == Some(&b'\'') {
                return skip_quoted(bytes, j + 1, b'\'', true);
            }
            keyword(word, head, is_routine, depth);
            j
        }
        _ => i + 1,
    }
}

fn keyword(word: &str, head: &mut Vec<String>, is_routine: &mut bool, depth: &mut u32) {
    let upper = word.to_ascii_uppercase();
    if head.len() < 4 {
        head.push(upper.clone());
        let h: Vec<&str> = head.iter().map(String::as_str).collect();
        if matches!(
            h.as_slice(),
            ["CREATE", "FUNCTION"] | ["CREATE", "PROCEDURE"] | ["CREATE", "OR", "REPLACE", "FUNCTION" | "PROCEDURE"]
        ) {
            *is_routine = true;
        }
    }
    if *is_routine {
        match upper.as_str() {
            "BEGIN" | "CASE" => *depth += 1,
            "END" => *depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// Skips to just after the closing `quote` (a doubled quote is an escaped one).
fn skip_quoted(bytes: &[u8], mut i: usize, quote: u8, backslash_escapes: bool) -> usize {
    while i < bytes.len() {
        let b = bytes[i];
        if backslash_escapes && b == b'\\' {
            i += 2;
        } else if b == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// If a dollar-quote tag (`$$` or `$tag$`) starts at `i`, returns the index just after it.
fn dollar_tag(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if bytes.get(j).is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] >= 0x80) {
        j += 1;
    }
    (bytes.get(j) == Some(&b'$')).then_some(j + 1)
}

/// Why a transaction control statement fails a migration.
pub(crate) const TX_CONTROL_MESSAGE: &str = "transaction control is not allowed in a migration script: the runner \
     runs each migration in its own transaction (a script wrapped whole in BEGIN; ... COMMIT; is accepted)";

/// A statement that controls the transaction; the runner owns the transaction, so these need care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TxControl {
    /// `BEGIN`, `START TRANSACTION`.
    Begin,
    /// `COMMIT`, `END`.
    Commit,
    /// `ROLLBACK`, `ABORT`, `PREPARE TRANSACTION`, `COMMIT PREPARED`…: never allowed in a migration.
    Other,
}

/// Whether a statement (leading comments allowed) is transaction control. `ROLLBACK TO [SAVEPOINT]`,
/// `SAVEPOINT` and `RELEASE` work inside the runner's transaction, so they are not.
pub(crate) fn transaction_control(statement: &str) -> Option<TxControl> {
    let text = &statement[leading_trivia(statement)..];
    let mut words = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_ascii_uppercase);
    let first = words.next()?;
    let rest: Vec<String> = words.collect();
    let second = rest.first().map(String::as_str);
    match first.as_str() {
        "COMMIT" | "END" if second == Some("PREPARED") => Some(TxControl::Other),
        "BEGIN" | "START" => Some(TxControl::Begin),
        "COMMIT" | "END" => Some(TxControl::Commit),
        "ROLLBACK" if rest.iter().any(|w| w == "TO") => None,
        "ROLLBACK" | "ABORT" => Some(TxControl::Other),
        "PREPARE" if second == Some("TRANSACTION") => Some(TxControl::Other),
        _ => None,
    }
}

/// Length of the whitespace and comments before the first token of `text`.
pub(crate) fn leading_trivia(text: &str) -> usize {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        if let Some(after) = trimmed.strip_prefix("--") {
            rest = after.find('\n').map_or("", |p| &after[p..]);
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |p| &after[p + 2..]);
        } else {
            return text.len() - trimmed.len();
        }
    }
}

/// 1-based line number of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Byte offset of the `n`th character (1-based, as PostgreSQL counts error positions) of `text`.
pub(crate) fn char_position_to_byte(text: &str, n: usize) -> usize {
    text.char_indices().nth(n.saturating_sub(1)).map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<&str> {
        split_postgres(script).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_plain_statements_and_skips_comment_only_chunks() {
        let script = "-- CreateTable\nCREATE TABLE \"a\" (\"id\" INT);\n\n-- CreateIndex\nCREATE INDEX \"i\" ON \"a\"(\"id\");\n-- done\n";
        assert_eq!(texts(script), ["CREATE TABLE \"a\" (\"id\" INT)", "CREATE INDEX \"i\" ON \"a\"(\"id\")"]);
        let first = &split_postgres(script)[0];
        assert_eq!(line_of(script, first.offset), 2);
    }

    #[test]
    fn semicolons_inside_literals_identifiers_comments_and_bodies_do_not_split() {
        let script = r#"INSERT INTO "t;x" VALUES ('a;''b', E'c\';d');
/* a; /* nested; */ still; */ SELECT 1;
CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := 1; RETURN NEW; END; $body$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;
SELECT $1, $$a;b$$;
SELECT 'unterminated;"#;
        let t = texts(script);
        assert_eq!(t.len(), 6, "{t:#?}");
        assert!(t[0].ends_with("E'c\\';d')"));
        assert!(t[2].ends_with("LANGUAGE plpgsql"));
        assert!(t[3].ends_with("SELECT 2; END"));
        assert_eq!(t[4], "SELECT $1, $$a;b$$");
        assert_eq!(t[5], "SELECT 'unterminated;");
    }

    #[test]
    fn transaction_control_statements() {
        assert_eq!(transaction_control("-- x\nBEGIN"), Some(TxControl::Begin));
        assert_eq!(transaction_control("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"), Some(TxControl::Begin));
        assert_eq!(transaction_control("commit"), Some(TxControl::Commit));
        assert_eq!(transaction_control("END TRANSACTION"), Some(TxControl::Commit));
        assert_eq!(transaction_control("COMMIT PREPARED 'x'"), Some(TxControl::Other));
        assert_eq!(transaction_control("ROLLBACK"), Some(TxControl::Other));
        assert_eq!(transaction_control("ROLLBACK TO SAVEPOINT a"), None);
        assert_eq!(transaction_control("SAVEPOINT a"), None);
        assert_eq!(transaction_control("CREATE TABLE \"begin\" (id INT)"), None);
    }

    #[test]
    fn trivia() {
        assert_eq!(leading_trivia("\n-- a\n /* b */ CREATE"), 15);
        assert_eq!(leading_trivia("CREATE"), 0);
        assert_eq!(leading_trivia("-- only"), 7);
    }

    #[test]
    fn positions() {
        assert_eq!(char_position_to_byte("é;abc", 3), 3);
        assert_eq!(char_position_to_byte("abc", 10), 3);
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }
}
