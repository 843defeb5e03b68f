//! Diagnostics: collected during every pass, never thrown, rendered once.
//!
//! Every diagnostic carries a stable `code` (see [`codes`]), a message worded like Prisma's (so that
//! users moving between the tools see the same text), a [`Span`] and optionally a help line.

use crate::source::{SourceFiles, Span};
use serde::Serialize;

/// How bad a diagnostic is. Warnings never fail a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word under the underlined span.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error here",
            Severity::Warning => "warning here",
        }
    }
}

/// One problem found in a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier of the kind of problem, e.g. `E0001`.
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    /// A suggestion shown under the snippet ("did you mean `Workspace`?").
    pub help: Option<String>,
    /// Where Prisma reports this error among those of its block, when that is not at `span` (a
    /// model-wide message that one of its loops reports with a field, an index or the primary key:
    /// `validate::in_block_order`).
    pub ordered_at: Option<Span>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic { severity: Severity::Error, code, message: message.into(), span, help: None, ordered_at: None }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic { severity: Severity::Warning, code, message: message.into(), span, help: None, ordered_at: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sorts this error among its block's as if it were at `span` (see [`Diagnostic::ordered_at`]).
    pub fn ordered_at(mut self, span: Span) -> Self {
        self.ordered_at = Some(span);
        self
    }

    /// `Error parsing attribute "@name": message` (Prisma's wording for attribute errors).
    pub fn attribute(code: &'static str, attribute: &str, message: impl AsRef<str>, span: Span) -> Self {
        Self::error(code, format!("Error parsing attribute \"{attribute}\": {}", message.as_ref()), span)
    }

    /// `Error validating model "Name": message` (also for views, composite types, enums).
    pub fn in_block(code: &'static str, block_kind: &str, block: &str, message: impl AsRef<str>, span: Span) -> Self {
        Self::error(code, format!("Error validating {block_kind} \"{block}\": {}", message.as_ref()), span)
    }

    /// `Error validating: message`.
    pub fn validation(code: &'static str, message: impl AsRef<str>, span: Span) -> Self {
        Self::error(code, format!("Error validating: {}", message.as_ref()), span)
    }
}

/// Stable diagnostic codes. Codes are never reused for a different kind of problem.
pub mod codes {
    /// Syntax the grammar could not read at all.
    pub const SYNTAX: &str = "E0001";
    /// A line at the top level that does not start with a known keyword.
    pub const INVALID_LINE: &str = "E0002";
    /// A block without a known keyword.
    pub const INVALID_BLOCK: &str = "E0003";
    /// A line inside a block that is neither a field nor an attribute.
    pub const INVALID_MEMBER: &str = "E0004";
    /// A field declaration without a name or a type.
    pub const INVALID_FIELD: &str = "E0005";
    /// Legacy syntax (`:`, `!`, `[Type]`, `Type[]?`, type aliases).
    pub const LEGACY_SYNTAX: &str = "E0006";
    /// An unknown escape (`\q`) or an invalid unicode escape (`\u12`, a lone surrogate) in a string.
    pub const STRING_ESCAPE: &str = "E0007";
    /// An attribute a composite type (`type` block) may not have: any block attribute, or `@id`,
    /// `@unique` or `@relation` on a field.
    pub const COMPOSITE_TYPE_ATTRIBUTE: &str = "E0008";
    /// A schema beyond what spans can address: more than [`crate::source::MAX_FILES`] files, or a
    /// file over [`crate::source::MAX_FILE_SIZE`] bytes. Not read.
    pub const SCHEMA_TOO_LARGE: &str = "E0009";
    /// Anything reported by a later pass that has no dedicated code yet.
    pub const VALIDATION: &str = "E0100";
}

/// The diagnostics of one run, errors and warnings kept apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors.push(diagnostic),
            Severity::Warning => self.warnings.push(diagnostic),
        }
    }

    pub fn push_error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(Diagnostic { severity: Severity::Error, ..diagnostic });
    }

    pub fn push_warning(&mut self, diagnostic: Diagnostic) {
        self.warnings.push(Diagnostic { severity: Severity::Warning, ..diagnostic });
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    /// Warnings first, then errors, each in the order they were found (Prisma's order).
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.warnings.iter().chain(self.errors.iter())
    }

    pub fn to_json(&self, files: &SourceFiles) -> Vec<JsonDiagnostic> {
        self.iter().map(|d| JsonDiagnostic::new(d, files)).collect()
    }
}

/// The machine-readable shape of a diagnostic (`--format json`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl JsonDiagnostic {
    pub fn new(d: &Diagnostic, files: &SourceFiles) -> Self {
        let (line, column) = files.line_col(d.span.file(), d.span.start());
        JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            file: files.path(d.span.file()).to_string(),
            start: d.span.start(),
            end: d.span.end(),
            line,
            column,
            help: d.help.clone(),
        }
    }
}

/// Renders diagnostics like rustc: `error[E0002]: message`, `--> file:line:col`, the source snippet
/// with the span underlined, then the help line.
pub fn render_human(diagnostics: &Diagnostics, files: &SourceFiles, color: bool) -> String {
    use ariadne::{Config, Label, Report, ReportKind};

    let mut out = Vec::new();
    let mut cache = AriadneSources::new(files);
    for d in diagnostics.iter() {
        let kind = match d.severity {
            Severity::Error => ReportKind::Error,
            Severity::Warning => ReportKind::Warning,
        };
        let path = files.path(d.span.file()).to_string();
        let text = files.text(d.span.file());
        // ariadne counts characters; spans are byte offsets.
        let start = char_index(text, d.span.start());
        let end = char_index(text, d.span.end()).max(start);
        let label_end = if end == start { start + 1 } else { end };
        let mut report = Report::build(kind, (path.clone(), start..label_end))
            .with_code(d.code)
            .with_message(&d.message)
            .with_config(Config::default().with_color(color))
            .with_label(Label::new((path.clone(), start..label_end)).with_message(d.severity.label()));
        if let Some(help) = &d.help {
            report = report.with_help(help);
        }
        let _ = report.finish().write(&mut cache, &mut out);
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn char_index(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    let mut b = byte;
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].chars().count()
}

struct AriadneSources<'a> {
    files: &'a SourceFiles,
    cache: std::collections::HashMap<String, ariadne::Source<String>>,
}

impl<'a> AriadneSources<'a> {
    fn new(files: &'a SourceFiles) -> Self {
        AriadneSources { files, cache: Default::default() }
    }
}

impl ariadne::Cache<String> for AriadneSources<'_> {
    type Storage = String;

    fn fetch(&mut self, id: &String) -> Result<&ariadne::Source<String>, impl std::fmt::Debug> {
        if !self.cache.contains_key(id) {
            let text = self.files.iter().find(|(_, f)| &f.path == id).map(|(_, f)| f.text.clone()).unwrap_or_default();
            self.cache.insert(id.clone(), ariadne::Source::from(text));
        }
        Ok::<_, ()>(&self.cache[id])
    }

    fn display<'b>(&self, id: &'b String) -> Option<impl std::fmt::Display + 'b> {
        Some(id.clone())
    }
}

/// Renders like `prisma validate` does (used to compare with Prisma's own expectations):
/// `error: message\n  -->  file:line\n...`. Only the first line of each entry is meant to be compared.
pub fn render_prisma_style(diagnostics: &Diagnostics, files: &SourceFiles) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        let (line, _) = files.line_col(d.span.file(), d.span.start());
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{kind}: {}\n  -->  {}:{line}\n", d.message, files.path(d.span.file())));
    }
    out
}
