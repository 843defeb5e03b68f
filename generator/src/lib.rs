//! schemagen: read Prisma schemas exactly as Prisma does, and generate Rust from them.
//!
//! The library does no I/O: every entry point takes text and returns values. The `schemagen` binary
//! reads files and writes output.
//!
//! Pipeline: [`parser`] (text -> [`ast`]) -> resolution into the IR -> validations -> emitters.

pub mod ast;
pub mod diagnostics;
pub mod parser;
pub mod source;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use source::{FileId, SourceFiles, Span};
