//! schemagen: read Prisma schemas exactly as Prisma does, and generate Rust from them.
//!
//! The library does no I/O: every entry point takes text and returns values. The `schemagen` binary
//! reads files and writes output (through [`loader`], [`generate::write`] and the migration history).
//!
//! Pipeline: [`parser`] (text -> [`ast`]) -> [`config`] (datasource/generator blocks) ->
//! [`ir::resolve`] (names, types, attributes, relations) -> [`validate`] -> emitters ([`dmmf`], [`generate`],
//! [`migrate`]).

pub mod ast;
pub mod check;
pub mod config;
pub mod connector;
pub mod diagnostics;
pub mod dmmf;
pub mod format;
pub mod generate;
pub mod ir;
pub mod loader;
pub mod migrate;
pub mod parser;
pub mod project;
pub mod source;
pub mod validate;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use generate::{generate as generate_sdk, GeneratedFile};
pub use project::Config;
pub use source::{FileId, SourceFiles, Span};

/// A schema read through the whole front end.
#[derive(Debug, Clone)]
pub struct ValidatedSchema {
    pub ast: ast::SchemaAst,
    pub config: config::Configuration,
    pub ir: ir::Schema,
    pub diagnostics: Diagnostics,
}

impl ValidatedSchema {
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Parses, resolves and validates a schema (one or several files).
///
/// Passes stop early when an earlier pass found errors that would only cause noise later, as Prisma
/// does: a schema that does not parse is not resolved.
pub fn validate_schema(files: &SourceFiles) -> ValidatedSchema {
    let mut diagnostics = Diagnostics::new();
    let ast = parser::parse(files, &mut diagnostics);
    let config = config::read_configuration(&ast, &mut diagnostics);
    let ir = ir::resolve(&ast, &config, &mut diagnostics);
    validate::run(&ast, &config, &ir, &mut diagnostics);
    ValidatedSchema { ast, config, ir, diagnostics }
}
