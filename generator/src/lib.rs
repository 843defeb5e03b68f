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
pub mod name;
pub mod parser;
pub mod project;
pub mod source;
pub mod validate;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use generate::{generate as generate_sdk, GeneratedFile};
pub use project::Config;
pub use source::{FileId, SourceFiles, Span};

/// A schema read through the whole front end. (The AST is not kept: resolution consumes it, so
/// that a large schema's AST and IR are never both whole in memory.)
#[derive(Debug, Clone)]
pub struct ValidatedSchema {
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
/// does: validations run only on a schema that parsed, resolved and has a valid configuration.
/// Errors come in Prisma's order: syntax, names and types, attributes, configuration, validations.
///
/// The validations read the AST, so they run before resolution, which consumes it block by block;
/// their findings count only if resolution finds no error. Large schemas use two threads: a large
/// file is read in chunks at once ([`parser::parse`]), and the validations run in two halves at once
/// ([`validate::checks`]). The result is the same as [`validate_schema_on_one_thread`]'s (tests
/// compare them on the corpus).
pub fn validate_schema(files: &SourceFiles) -> ValidatedSchema {
    validate_schema_in(files, runs_concurrently(files))
}

/// [`validate_schema`] with every pass on the calling thread, whatever the schema's size.
pub fn validate_schema_on_one_thread(files: &SourceFiles) -> ValidatedSchema {
    validate_schema_in(files, false)
}

/// [`validate_schema`] with two threads, whatever the schema's size. For tests.
#[doc(hidden)]
pub fn validate_schema_concurrently(files: &SourceFiles) -> ValidatedSchema {
    validate_schema_in(files, true)
}

/// [`validate_schema`] for a caller that can read the schema's files again, as the CLI can: each
/// text is released as soon as the schema is parsed ([`SourceFiles::release_texts`]), since only
/// diagnostics read it after that. A large schema's peak memory is then lower by its size. To
/// render diagnostics, give the texts back with [`SourceFiles::restore_texts`].
pub fn validate_schema_releasing_texts(files: &mut SourceFiles) -> ValidatedSchema {
    let concurrent = runs_concurrently(files);
    let (ast, diagnostics) = parse_for_validation(files, concurrent);
    files.release_texts();
    validate_parsed(ast, diagnostics, concurrent)
}

fn runs_concurrently(files: &SourceFiles) -> bool {
    files.iter().map(|(_, f)| f.text.len()).sum::<usize>() >= parser::PARALLEL_MIN_BYTES
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

fn validate_schema_in(files: &SourceFiles, concurrent: bool) -> ValidatedSchema {
    let (ast, diagnostics) = parse_for_validation(files, concurrent);
    validate_parsed(ast, diagnostics, concurrent)
}

fn parse_for_validation(files: &SourceFiles, concurrent: bool) -> (ast::SchemaAst, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let ast = if concurrent {
        parser::parse(files, &mut diagnostics)
    } else {
        parser::parse_in_parts(files, &mut diagnostics, 1).0
    };
    (ast, diagnostics)
}

/// The front end after parsing (see [`validate_schema`]).
fn validate_parsed(ast: ast::SchemaAst, mut diagnostics: Diagnostics, concurrent: bool) -> ValidatedSchema {
    let duplicate_keys = config::duplicate_keys(&ast);
    let resolution_errors_from = diagnostics.errors.len();
    // Prisma reports the configuration's problems after those of resolution, before validations.
    let mut config_diagnostics = Diagnostics::new();
    let config = config::read_configuration(&ast, &mut config_diagnostics);
    // The validations only count for a schema that parses, has a valid configuration and resolves:
    // run them only when the first two hold (resolution decides the third). Resolution's first
    // passes only read the AST: on two threads they run while the validations finish.
    let mut resolution = Diagnostics::new();
    let (findings, prepared) =
        if !diagnostics.has_errors() && duplicate_keys.is_empty() && !config_diagnostics.has_errors() {
            let prepare = || ir::prepare(&ast, &config, &mut resolution);
            let (findings, prepared) = validate::checks_with(&ast, &config, concurrent, prepare);
            (Some(findings), prepared)
        } else {
            (None, ir::prepare(&ast, &config, &mut resolution))
        };
    diagnostics.extend(resolution);
    let (ir, later) = ir::resolve_prepared(ast, prepared, &mut diagnostics);
    config::merge_with_names(&mut diagnostics, resolution_errors_from, duplicate_keys);
    diagnostics.extend(config_diagnostics);
    // Resolution's validation-stage findings go with their block among the checks', the pipeline's
    // relation errors with their relation among the relation checks, as in Prisma's pipeline.
    if let Some(findings) = findings.filter(|_| !diagnostics.has_errors()) {
        validate::finish(&ir, findings, later, &mut diagnostics);
    }
    ValidatedSchema { config, ir, diagnostics }
}
