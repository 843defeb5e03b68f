//! Source files and spans. A schema is one or more files; every span names its file.

use serde::Serialize;

/// Index of a file in [`SourceFiles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file, in 8 bytes: spans are on every AST and IR node, so their size counts.
///
/// Two `u32` words each hold an offset in their low 26 bits and half of the file id in their top 6
/// bits: a schema has at most [`MAX_FILES`] files of at most [`MAX_FILE_SIZE`] bytes each (the
/// loader refuses more; [`Span::new`] keeps larger offsets at the limit rather than mixing them with
/// the file id).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    lo: u32,
    hi: u32,
}

const OFFSET_BITS: u32 = 26;
const OFFSET_MASK: u32 = (1 << OFFSET_BITS) - 1;
const HALF_FILE_BITS: u32 = 32 - OFFSET_BITS;

/// The most files a schema can have (spans keep the file id in 12 bits).
pub const MAX_FILES: usize = 1 << (2 * HALF_FILE_BITS);
/// The largest schema file, in bytes (spans keep offsets in 26 bits: 64 MiB).
pub const MAX_FILE_SIZE: usize = OFFSET_MASK as usize;

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        let offset = |o: usize| o.min(MAX_FILE_SIZE) as u32;
        let file = file.0.min(MAX_FILES as u32 - 1);
        Span {
            lo: (file >> HALF_FILE_BITS) << OFFSET_BITS | offset(start),
            hi: (file & ((1 << HALF_FILE_BITS) - 1)) << OFFSET_BITS | offset(end),
        }
    }

    pub fn file(&self) -> FileId {
        FileId((self.lo >> OFFSET_BITS) << HALF_FILE_BITS | self.hi >> OFFSET_BITS)
    }

    /// Byte range, for slicing the file's text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub fn start(&self) -> usize {
        (self.lo & OFFSET_MASK) as usize
    }

    pub fn end(&self) -> usize {
        (self.hi & OFFSET_MASK) as usize
    }

    /// The same span with another end.
    pub fn with_end(&self, end: usize) -> Span {
        Span::new(self.file(), self.start(), end)
    }

    pub fn empty(file: FileId) -> Self {
        Span::new(file, 0, 0)
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.file() == other.file() && self.start() <= other.start() && other.end() <= self.end()
    }
}

/// By file, then start, then end.
impl Ord for Span {
    fn cmp(&self, other: &Span) -> std::cmp::Ordering {
        (self.file(), self.start(), self.end()).cmp(&(other.file(), other.start(), other.end()))
    }
}

impl PartialOrd for Span {
    fn partial_cmp(&self, other: &Span) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Span")
            .field("file", &self.file())
            .field("start", &self.start())
            .field("end", &self.end())
            .finish()
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Span", 3)?;
        s.serialize_field("file", &self.file())?;
        s.serialize_field("start", &(self.start() as u32))?;
        s.serialize_field("end", &(self.end() as u32))?;
        s.end()
    }
}

/// One schema file: its path as the user gave it, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    /// Byte offsets of line starts, for line/column look-ups; computed on first use (most runs
    /// never need it: only diagnostics do).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// While the text is released ([`SourceFiles::release_texts`]): its length and fingerprint,
    /// to check the text given back.
    released: Option<(usize, u64)>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.text == other.text
    }
}

impl Eq for SourceFile {}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { path: path.into(), text: text.into(), line_starts: std::sync::OnceLock::new(), released: None }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            let bytes = self.text.as_bytes();
            for (i, b) in bytes.iter().enumerate() {
                // "\r\n" counts once, a lone "\r" is a line break too (the grammar accepts it).
                if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    starts.push(i + 1);
                }
            }
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.text[start..end].chars().count() + 1)
    }
}

/// All files of one schema, addressed by [`FileId`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

impl SourceFiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// A schema of one file.
    pub fn single(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut files = Self::new();
        files.add(path, text);
        files
    }

    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() as u32 - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn path(&self, id: FileId) -> &str {
        &self.get(id).path
    }

    pub fn text(&self, id: FileId) -> &str {
        &self.get(id).text
    }

    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        self.get(id).line_col(offset)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let text = self.text(span.file());
        text.get(span.start().min(text.len())..span.end().min(text.len())).unwrap_or("")
    }

    /// Frees every file's text, keeping its path, length and fingerprint: once a schema is parsed,
    /// only diagnostics read the text again (see [`crate::validate_schema_releasing_texts`]). The
    /// texts read as empty until [`SourceFiles::restore_texts`].
    pub fn release_texts(&mut self) {
        for f in &mut self.files {
            if f.released.is_none() {
                f.released = Some((f.text.len(), fingerprint(&f.text)));
                f.text = String::new();
            }
        }
    }

    /// Whether some file's text is released.
    pub fn texts_released(&self) -> bool {
        self.files.iter().any(|f| f.released.is_some())
    }

    /// Gives back released texts, from the same files read again. Fails, changing nothing, if
    /// they are not the same files with the same texts (a file edited meanwhile).
    pub fn restore_texts(&mut self, again: SourceFiles) -> Result<(), String> {
        if again.files.len() != self.files.len() {
            return Err("the schema's files changed while it was read".to_string());
        }
        for (mine, theirs) in self.files.iter().zip(&again.files) {
            if mine.path != theirs.path {
                return Err("the schema's files changed while it was read".to_string());
            }
            if let Some((len, print)) = mine.released {
                if theirs.text.len() != len || fingerprint(&theirs.text) != print {
                    return Err(format!("{} changed while it was read", mine.path));
                }
            }
        }
        for (mine, theirs) in self.files.iter_mut().zip(again.files) {
            if mine.released.take().is_some() {
                mine.text = theirs.text;
            }
        }
        Ok(())
    }
}

/// A 64-bit fingerprint of a text, to notice an edit between two reads of a file (not a defence
/// against crafted collisions: the file is the user's own). The passes' Fx hash, eight bytes at a
/// time: a large schema is fingerprinted in a fraction of a millisecond, and texts of one length
/// that differ in a single word always differ (each step is a bijection of the state).
fn fingerprint(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::ir::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_texts_come_back_only_unchanged() {
        let mut files = SourceFiles::single("a.prisma", "model A {\n  id Int @id\n}\n");
        files.release_texts();
        assert!(files.texts_released() && files.text(FileId(0)).is_empty());
        // The same file edited in one character, or longer: refused, nothing changed.
        for edited in ["model B {\n  id Int @id\n}\n", "model A {\n  id Int @id\n}\n\n"] {
            assert!(files.restore_texts(SourceFiles::single("a.prisma", edited)).is_err());
            assert!(files.texts_released());
        }
        assert!(files.restore_texts(SourceFiles::single("b.prisma", "model A {\n  id Int @id\n}\n")).is_err());
        files.restore_texts(SourceFiles::single("a.prisma", "model A {\n  id Int @id\n}\n")).unwrap();
        assert!(!files.texts_released());
        assert_eq!(files.text(FileId(0)), "model A {\n  id Int @id\n}\n");
        assert_eq!(files.line_col(FileId(0), 12), (2, 3));
    }

    #[test]
    fn line_col_handles_crlf_and_unicode() {
        let f = SourceFile::new("a.prisma", "ab\r\nçd\nx");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        assert_eq!(f.line_col(6), (2, 2));
        assert_eq!(f.line_col(8), (3, 1));
    }

    #[test]
    fn a_span_is_two_words_and_keeps_its_file_and_offsets() {
        assert_eq!(std::mem::size_of::<Span>(), 8);
        for (file, start, end) in
            [(0, 0, 0), (1, 5, 9), (63, 17, 4000), (64, 1, 2), (MAX_FILES as u32 - 1, MAX_FILE_SIZE, MAX_FILE_SIZE)]
        {
            let s = Span::new(FileId(file), start, end);
            assert_eq!((s.file(), s.start(), s.end()), (FileId(file), start, end));
        }
        // Beyond the limits: kept at them, the file id intact (the loader refuses such schemas).
        let s = Span::new(FileId(3), MAX_FILE_SIZE + 10, usize::MAX);
        assert_eq!((s.file(), s.start(), s.end()), (FileId(3), MAX_FILE_SIZE, MAX_FILE_SIZE));
        // Ordered by file, then start, then end.
        let mut spans = [
            Span::new(FileId(2), 0, 1),
            Span::new(FileId(1), 9, 9),
            Span::new(FileId(1), 3, 8),
            Span::new(FileId(1), 3, 4),
        ];
        spans.sort();
        let order: Vec<_> = spans.iter().map(|s| (s.file().0, s.start(), s.end())).collect();
        assert_eq!(order, [(1, 3, 4), (1, 3, 8), (1, 9, 9), (2, 0, 1)]);
    }
}
