//! Validations on the resolved schema: small named checks run in one pipeline (the model is
//! Prisma's psl-core validation pipeline). Every check is a `fn(&mut Context)` listed in
//! [`PIPELINE`], run in that order, only when resolution found no error (as Prisma does: the
//! validator never sees a schema that did not resolve).
//!
//! The checks read the AST through the small [`model`] helpers (indexes, native types, relation
//! arguments) and the [`Configuration`].
// TODO(ir): move the checks onto `ir::Schema` walkers once the IR exposes indexes, native types and
// relations; the helpers in `model.rs` then shrink to adapters.

mod capabilities;
pub mod codes;
mod datasource;
mod indexes;
mod model;
mod names;
mod native_types;
mod postgres_opclasses;
mod relations;
mod shard_keys;
mod views;

use crate::ast::SchemaAst;
use crate::config::Configuration;
use crate::connector::{Connector, RelationMode};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::Schema;

/// What every check sees.
pub struct Context<'a> {
    pub ast: &'a SchemaAst,
    pub config: &'a Configuration,
    pub connector: &'static Connector,
    pub relation_mode: RelationMode,
    pub models: model::Models<'a>,
    pub diagnostics: &'a mut Diagnostics,
}

impl Context<'_> {
    pub fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push_error(d);
    }

    pub fn warning(&mut self, d: Diagnostic) {
        self.diagnostics.push_warning(d);
    }

    pub fn preview(&self, feature: &str) -> bool {
        self.config.preview_feature(feature)
    }
}

/// One named check.
pub type Check = fn(&mut Context<'_>);

/// The pipeline, in Prisma's order.
pub const PIPELINE: &[(&str, Check)] = &[
    ("composite_types_supported", capabilities::composite_types),
    ("model_rules", capabilities::model_rules),
    ("views_preview_feature", views::preview_feature),
    ("primary_key_clustering", indexes::primary_key_clustering),
    ("mysql_index_length_required", native_types::mysql_length_required),
    ("length_field_types", indexes::length_field_types),
    ("sqlserver_heap_types", native_types::sqlserver_heap_types),
    ("native_type_arguments", native_types::arguments),
    ("scalar_fields_supported", capabilities::scalar_fields),
    ("constraint_map_names", capabilities::constraint_map_names),
    ("referential_actions", relations::referential_actions),
    ("index_rules", indexes::index_rules),
    ("multi_schema", datasource::multi_schema),
    ("database_names", names::database_names),
    ("constraint_names", names::constraint_names),
    ("views", views::rules),
    ("implicit_many_to_many_on_views", relations::views_many_to_many),
    ("missing_relation_index", relations::missing_relation_index),
    ("shard_keys", shard_keys::rules),
    ("enums_supported", capabilities::enums),
];

/// Runs every validation, unless an earlier pass found errors (then the validator stays silent, as
/// Prisma's does). `later` holds what resolution found that Prisma reports among its validations
/// ([`crate::ir::resolve_with_findings`]): it comes after the checks, before the relation checks.
pub fn run(
    ast: &SchemaAst,
    config: &Configuration,
    schema: &Schema,
    later: Diagnostics,
    diagnostics: &mut Diagnostics,
) {
    if diagnostics.has_errors() {
        return;
    }
    diagnostics.extend(checks(ast, config));
    diagnostics.extend(later);
    crate::ir::validate_relations(schema, diagnostics);
}

/// The findings of every check, whatever earlier passes found. The checks read the AST and the
/// configuration only, so this can run while the IR is being resolved ([`crate::validate_schema`]
/// does so on large schemas); the caller keeps the result only if resolution found no error.
pub fn checks(ast: &SchemaAst, config: &Configuration) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    run_checks(ast, config, &mut diagnostics, None);
    diagnostics
}

/// Runs every validation on this thread and returns how long each check took (for benchmarks).
pub fn run_timed(
    ast: &SchemaAst,
    config: &Configuration,
    schema: &Schema,
    diagnostics: &mut Diagnostics,
) -> Vec<(&'static str, std::time::Duration)> {
    let mut timings = Vec::new();
    if diagnostics.has_errors() {
        return timings;
    }
    run_checks(ast, config, diagnostics, Some(&mut timings));
    let started = std::time::Instant::now();
    crate::ir::validate_relations(schema, diagnostics);
    timings.push(("relations", started.elapsed()));
    timings
}

fn run_checks<'a>(
    ast: &'a SchemaAst,
    config: &'a Configuration,
    diagnostics: &'a mut Diagnostics,
    mut timings: Option<&mut Vec<(&'static str, std::time::Duration)>>,
) {
    let mut ctx = Context {
        ast,
        config,
        connector: config.connector(),
        relation_mode: config.relation_mode(),
        models: model::Models::new(ast, config),
        diagnostics,
    };
    for (name, check) in PIPELINE {
        match timings.as_deref_mut() {
            Some(timings) => {
                let start = std::time::Instant::now();
                check(&mut ctx);
                timings.push((*name, start.elapsed()));
            }
            None => check(&mut ctx),
        }
    }
}
