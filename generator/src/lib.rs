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
/// does: validations run only on a schema that parsed, resolved and has a valid configuration.
/// Errors come in Prisma's order: syntax, names and types, attributes, configuration, validations.
///
/// Large schemas use two threads: a large file is read in chunks at once ([`parser::parse`]), and
/// the validations, which read only the AST and the configuration, run while the IR is resolved.
/// The result is the same as [`validate_schema_on_one_thread`]'s (tests compare them on the corpus).
pub fn validate_schema(files: &SourceFiles) -> ValidatedSchema {
    let concurrent = files.iter().map(|(_, f)| f.text.len()).sum::<usize>() >= parser::PARALLEL_MIN_BYTES
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    validate_schema_in(files, concurrent)
}

/// [`validate_schema`] with every pass on the calling thread, whatever the schema's size.
pub fn validate_schema_on_one_thread(files: &SourceFiles) -> ValidatedSchema {
    validate_schema_in(files, false)
}

/// [`validate_schema`] with the validations beside resolution, whatever the schema's size. For tests.
#[doc(hidden)]
pub fn validate_schema_concurrently(files: &SourceFiles) -> ValidatedSchema {
    validate_schema_in(files, true)
}

fn validate_schema_in(files: &SourceFiles, concurrent: bool) -> ValidatedSchema {
    let mut diagnostics = Diagnostics::new();
    let ast = if concurrent {
        parser::parse(files, &mut diagnostics)
    } else {
        parser::parse_in_parts(files, &mut diagnostics, 1).0
    };
    let duplicate_keys = config::duplicate_keys(&ast);
    let resolution_errors_from = diagnostics.errors.len();
    // Prisma reports the configuration's problems after those of resolution, before validations.
    let mut config_diagnostics = Diagnostics::new();
    let config = config::read_configuration(&ast, &mut config_diagnostics);
    let ir = if concurrent && !diagnostics.has_errors() && duplicate_keys.is_empty() && !config_diagnostics.has_errors()
    {
        let (ast, config) = (&ast, &config);
        let (ir, findings) = std::thread::scope(|scope| {
            let checks = std::thread::Builder::new().spawn_scoped(scope, move || validate::checks(ast, config));
            let (ir, later) = ir::resolve_with_findings(ast, config, &mut diagnostics);
            let findings = match checks {
                // A panic in a check is a bug; surface it as it would have surfaced on one thread.
                Ok(checks) => checks.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: the checks run here.
                Err(_) => validate::checks(ast, config),
            };
            (ir, (findings, later))
        });
        diagnostics.extend(config_diagnostics);
        // As on one thread (see `validate::run`): the validations count only for a schema that
        // resolved; resolution's validation-stage findings go with their block among the checks',
        // the pipeline's relation errors with their relation among the relation checks, as in
        // Prisma's pipeline.
        if !diagnostics.has_errors() {
            let (checks, later) = findings;
            validate::finish(ast, &ir, checks, later, &mut diagnostics);
        }
        ir
    } else {
        let (ir, later) = ir::resolve_with_findings(&ast, &config, &mut diagnostics);
        config::merge_with_names(&mut diagnostics, resolution_errors_from, duplicate_keys);
        diagnostics.extend(config_diagnostics);
        validate::run(&ast, &config, &ir, later, &mut diagnostics);
        ir
    };
    ValidatedSchema { ast, config, ir, diagnostics }
}
