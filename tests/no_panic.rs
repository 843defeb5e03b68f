//! Robustness of the front end on any input:
//! * the fast reader and the pest-generated parser of `prisma.pest` agree (same AST, same
//!   diagnostics) on every corpus schema and on random mutations of them;
//! * reading a file in chunks on several threads gives what reading it in one go gives;
//! * parse + validate never panics, on mutated corpus files and on random bytes.
//!
//! The number of generated cases is `SCHEMAGEN_FUZZ_CASES` (default 100,000 in all, split between
//! the three properties).

use proptest::prelude::*;
use schemagen::{Diagnostics, SourceFiles};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "prisma") {
            out.push(p);
        }
    }
}

/// Every corpus schema, as text.
fn corpus() -> &'static Vec<String> {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut paths = Vec::new();
        collect(&corpus_dir(), &mut paths);
        collect(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema"), &mut paths);
        paths.sort();
        let texts: Vec<String> = paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
        assert!(texts.len() > 250, "corpus not found under {}", corpus_dir().display());
        texts
    })
}

/// Small corpus files (mutating them is cheap and hits every construct).
fn small_corpus() -> &'static Vec<String> {
    static SMALL: OnceLock<Vec<String>> = OnceLock::new();
    SMALL.get_or_init(|| corpus().iter().filter(|t| t.len() < 4_000).cloned().collect())
}

fn cases(share: u32) -> u32 {
    let total: u32 = std::env::var("SCHEMAGEN_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    (total / 100 * share).max(1)
}

fn assert_agree(text: &str) {
    let files = SourceFiles::single("schema.prisma", text);
    let mut fast_diags = Diagnostics::new();
    let fast = schemagen::parser::parse(&files, &mut fast_diags);
    let mut pest_diags = Diagnostics::new();
    let pest = schemagen::parser::parse_with_pest(&files, &mut pest_diags);
    // The pest parser refuses input nested deeper than its stack allows; the fast reader has a
    // fixed depth limit. Both report a syntax error then; the ASTs may differ.
    let deep = pest_diags
        .errors
        .iter()
        .chain(fast_diags.errors.iter())
        .any(|d| d.code == schemagen::diagnostics::codes::SYNTAX);
    if deep {
        assert!(fast_diags.has_errors() && pest_diags.has_errors(), "only one reader failed on:\n{text:?}");
        return;
    }
    assert_eq!(fast_diags, pest_diags, "diagnostics differ on:\n{text:?}");
    assert_eq!(fast, pest, "ASTs differ on:\n{text:?}");
}

#[test]
fn readers_agree_on_the_corpus() {
    for text in corpus() {
        assert_agree(text);
        // CRLF line endings read the same way.
        assert_agree(&text.replace('\n', "\r\n"));
    }
}

/// Bytes that matter to the grammar, to make mutations likely to hit interesting paths.
const ALPHABET: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "@",
    "@@",
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "/",
    "//",
    "///",
    "/*",
    "*/",
    ":",
    "=",
    ",",
    ".",
    "?",
    "!",
    "[]",
    "[]?",
    "-",
    "0",
    "1.5",
    "model ",
    "enum ",
    "type ",
    "view ",
    "datasource ",
    "generator ",
    "Unsupported(\"x\")",
    "@id",
    "@default(",
    "@relation(",
    "@@index([",
    "Int",
    "String?",
    "é",
    "\u{a0}",
    "\u{0}",
    "😀",
    "}\n",
];

fn mutate(text: &str, ops: &[(usize, usize, usize)]) -> String {
    let mut s = text.to_string();
    for &(kind, at, what) in ops {
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match kind % 3 {
            0 => s.insert_str(at, ALPHABET[what % ALPHABET.len()]),
            1 => {
                let mut end = (at + 1 + what % 8).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, "");
            }
            _ => {
                let mut end = (at + 1).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, ALPHABET[what % ALPHABET.len()]);
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(40), failure_persistence: None, ..ProptestConfig::default() })]

    /// Mutated corpus files: both readers agree, and validation does not panic.
    #[test]
    fn mutated_corpus_files(idx in any::<prop::sample::Index>(), ops in prop::collection::vec((0usize..3, any::<usize>(), any::<usize>()), 1..6)) {
        let texts = small_corpus();
        let text = mutate(&texts[idx.index(texts.len())], &ops);
        assert_agree(&text);
        let files = SourceFiles::single("schema.prisma", text);
        let _ = schemagen::validate_schema(&files);
    }
}

/// Reading a file in chunks on several threads (as `parse` does with large files) gives exactly what
/// reading it in one go gives. Returns how many chunks were read.
fn assert_chunks_agree(text: &str, parts: usize) -> usize {
    let files = SourceFiles::single("schema.prisma", text);
    let mut whole_diags = Diagnostics::new();
    let (whole, _) = schemagen::parser::parse_in_parts(&files, &mut whole_diags, 1);
    let mut chunk_diags = Diagnostics::new();
    let (chunked, read_in) = schemagen::parser::parse_in_parts(&files, &mut chunk_diags, parts);
    assert_eq!(chunk_diags, whole_diags, "diagnostics differ in {parts} parts on:\n{text:?}");
    assert_eq!(chunked, whole, "ASTs differ in {parts} parts on:\n{text:?}");
    read_in
}

#[test]
fn chunked_reading_matches_whole_reading_on_the_corpus() {
    let texts = corpus();
    let mut chunked = 0;
    for parts in [2, 3, 8] {
        for text in texts {
            if assert_chunks_agree(text, parts) > 1 {
                chunked += 1;
            }
        }
        // Every corpus file in one text: many cut points, blocks of every kind.
        let all = texts.join("\n\n");
        assert_eq!(assert_chunks_agree(&all, parts), parts, "the joined corpus was not read in {parts} chunks");
    }
    assert!(chunked > 100, "only {chunked} corpus files were read in chunks");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(3), failure_persistence: None, ..ProptestConfig::default() })]

    /// Several mutated corpus files joined: chunked reading agrees with whole reading, including when
    /// a cut lands where the sequential reader would not be (it must then fall back).
    #[test]
    fn chunked_reading_matches_whole_reading_on_mutations(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 2..10),
        ops in prop::collection::vec((0usize..3, any::<usize>(), any::<usize>()), 0..10),
        parts in 2usize..6,
    ) {
        let texts = small_corpus();
        let joined: Vec<&str> = picks.iter().map(|i| texts[i.index(texts.len())].as_str()).collect();
        assert_chunks_agree(&mutate(&joined.join("\n\n"), &ops), parts);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(40), failure_persistence: None, ..ProptestConfig::default() })]

    /// Random strings built from the grammar's alphabet.
    #[test]
    fn random_token_soup(tokens in prop::collection::vec(0usize..ALPHABET.len(), 0..80)) {
        let text: String = tokens.iter().map(|&t| ALPHABET[t]).collect();
        assert_agree(&text);
        let _ = schemagen::validate_schema(&SourceFiles::single("schema.prisma", text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(20), failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes (lossily decoded, as the CLI would refuse invalid UTF-8 before this point).
    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = schemagen::validate_schema(&SourceFiles::single("schema.prisma", text));
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "f("] {
        let close = if open == "[" { "]" } else { ")" };
        let deep =
            format!("model A {{\n  id Int @id @default({}1{})\n}}\n", open.repeat(100_000), close.repeat(100_000));
        let result = schemagen::validate_schema(&SourceFiles::single("schema.prisma", deep.clone()));
        assert!(result.diagnostics.has_errors());
        let mut d = Diagnostics::new();
        let _ = schemagen::parser::parse_with_pest(&SourceFiles::single("schema.prisma", deep), &mut d);
        assert!(d.has_errors());
    }
}
