//! Validations: small named checks run in one pipeline (the model is Prisma's psl-core validation
//! pipeline). Every check is a `fn(&mut Context)` listed in [`PIPELINE`], run in that order; their
//! findings count only when resolution found no error (as in Prisma: the validator never sees a
//! schema that did not resolve).
//!
//! The checks read the AST through the small [`model`] helpers (indexes, native types, relation
//! arguments) and the [`Configuration`], so they run before resolution, which consumes the AST
//! block by block ([`checks`]); [`finish`] then orders their findings with resolution's and adds the
//! IR's relation checks. (Moving the checks onto the IR instead would keep the AST and the IR both
//! whole while they run: the larger peak of memory this order avoids.)

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
    pub models: &'a model::Models<'a>,
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
    ("datasource_extensions", datasource::extensions),
    ("composite_types_supported", capabilities::composite_types),
    ("model_rules", capabilities::model_rules),
    ("shard_keys", shard_keys::rules),
    ("views_preview_feature", views::preview_feature),
    ("primary_key_clustering", indexes::primary_key_clustering),
    ("mysql_index_length_required", native_types::mysql_length_required),
    ("length_field_types", indexes::length_field_types),
    ("sqlserver_heap_types", native_types::sqlserver_heap_types),
    ("scalar_fields_supported", capabilities::scalar_fields),
    ("constraint_map_names", capabilities::constraint_map_names),
    ("referential_actions", relations::referential_actions),
    ("index_rules", indexes::index_rules),
    ("autoincrement", capabilities::autoincrement_rules),
    ("multi_schema", datasource::multi_schema),
    ("database_names", names::database_names),
    ("constraint_names", names::constraint_names),
    ("views", views::rules),
    ("implicit_many_to_many_on_views", relations::views_many_to_many),
    ("missing_relation_index", relations::missing_relation_index),
    ("native_type_arguments", native_types::arguments),
    ("enums_supported", capabilities::enums),
];

/// Puts together what the validations found: the checks' findings (`found`, from [`checks`], run
/// on the AST before resolution consumed it), resolution's validation-stage ones (`later`: shard
/// keys, integer defaults, `sequence()` arguments) and the IR's relation checks, each where
/// Prisma's loops report it ([`in_block_order`], then the loop over relations). An ambiguous
/// relation stops Prisma where it is found: nothing after it is reported.
///
/// Callers run this only on a schema with no error so far (the validator never sees a schema that
/// did not resolve, as in Prisma).
pub fn finish(schema: &Schema, mut found: Diagnostics, later: Diagnostics, diagnostics: &mut Diagnostics) {
    let relation_errors = take_relation_errors(&mut found);
    let ambiguity = crate::ir::first_ambiguous_relation(schema);
    let stops = ambiguity.is_some();
    found.extend(later);
    found.errors.extend(crate::ir::relations_to_ignored_models(schema));
    found.errors.extend(ambiguity);
    in_block_order(schema, &mut found.errors);
    if stops {
        if let Some(at) = found.errors.iter().position(|d| d.code == crate::ir::codes::AMBIGUOUS_RELATION) {
            found.errors.truncate(at + 1);
        }
    }
    diagnostics.extend(found);
    if !stops {
        crate::ir::validate_relations_with(schema, diagnostics, relation_errors);
    }
}

/// The codes of the checks that Prisma runs in its loop over relations (after every block).
const RELATION_LOOP_CODES: &[&str] = &[codes::FOREIGN_KEY_NAME_CLASH, codes::REFERENTIAL_ACTION, codes::MANY_TO_MANY];

/// Takes the errors of the checks that Prisma reports in its loop over relations out of `found`
/// (for [`crate::ir::validate_relations_with`], which puts them with their relation).
pub fn take_relation_errors(found: &mut Diagnostics) -> Vec<Diagnostic> {
    let (relation, rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
        std::mem::take(&mut found.errors).into_iter().partition(|d| RELATION_LOOP_CODES.contains(&d.code));
    found.errors = rest;
    relation
}

/// The findings of every check, in pipeline order, whatever earlier passes found. The checks read
/// the AST and the configuration only, so they run before resolution consumes the AST; the caller
/// keeps the result only if resolution found no error, and [`finish`] puts it in Prisma's order.
///
/// With `two_threads`, [`ON_ITS_OWN`] (the costliest check) runs on this thread while the others
/// run on a second one; the findings are put back in pipeline order, so the result is the same as
/// on one thread.
pub fn checks(ast: &SchemaAst, config: &Configuration, two_threads: bool) -> Diagnostics {
    checks_with(ast, config, two_threads, || ()).0
}

/// [`checks`], and `beside` (which must only read the AST too): on two threads it runs on this
/// thread once [`ON_ITS_OWN`] is done, while the second thread is still checking.
pub fn checks_with<R>(
    ast: &SchemaAst,
    config: &Configuration,
    two_threads: bool,
    beside: impl FnOnce() -> R,
) -> (Diagnostics, R) {
    let models = model::Models::new(ast, config);
    let mut before = Diagnostics::new();
    if !two_threads {
        run_checks(ast, config, &models, PIPELINE, &mut before, None);
        return (before, beside());
    }
    let cut = PIPELINE.iter().position(|(name, _)| *name == ON_ITS_OWN).unwrap_or(PIPELINE.len());
    let (head, rest) = PIPELINE.split_at(cut);
    let (own, tail) = rest.split_at(rest.len().min(1));
    let models = &models;
    let (mut own_findings, mut after) = (Diagnostics::new(), Diagnostics::new());
    let others = |before: &mut Diagnostics, after: &mut Diagnostics| {
        run_checks(ast, config, models, head, before, None);
        run_checks(ast, config, models, tail, after, None);
    };
    let result = std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
            let (mut before, mut after) = (Diagnostics::new(), Diagnostics::new());
            others(&mut before, &mut after);
            (before, after)
        });
        run_checks(ast, config, models, own, &mut own_findings, None);
        let result = beside();
        match spawned {
            // A panic in a check is a bug; surface it as it would have surfaced on one thread.
            Ok(spawned) => (before, after) = spawned.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: the others run here too.
            Err(_) => others(&mut before, &mut after),
        }
        result
    });
    before.extend(own_findings);
    before.extend(after);
    (before, result)
}

/// The check [`checks`] runs apart on two threads.
const ON_ITS_OWN: &str = "constraint_names";

/// Puts the checks' errors in Prisma's order of blocks: Prisma validates composite types, then
/// model by model, then view by view, then enums, then relations, running every check on one block
/// before the next; our checks each run over all blocks. A stable sort by block keeps each block's
/// errors in check order. Errors outside any block come first.
///
/// Inside a block the errors follow the steps of Prisma's loop over models ([`phase`]): the model's
/// first checks, its own, the loop over its scalar fields and over its relation fields (field by
/// field, [`FIELD_LOOP_CODES`], [`RELATION_FIELD_LOOP_CODES`]), the loop over its indexes (index by
/// index in Prisma's order of indexes: field-level `@unique`s, then `@@index`, `@@unique`,
/// `@@fulltext`, each in source order; [`INDEX_LOOP_CODES`]), and for a view the rules of views.
fn in_block_order(schema: &Schema, errors: &mut [Diagnostic]) {
    if errors.len() < 2 {
        return;
    }
    use crate::ir::IndexKind;
    // (span, key) of every block, in source order within each kind.
    let mut blocks: Vec<(crate::source::Span, (u8, u32))> = Vec::new();
    // Every index of a model (its attribute's span), with its place in Prisma's order of the
    // model's indexes.
    let mut indexes: Vec<(crate::source::Span, (u8, u32))> = Vec::new();
    // Every `@id` / `@@id` attribute.
    let mut primary_keys: Vec<(crate::source::Span, (u8, u32))> = Vec::new();
    // Every field of a model, with whether it is a relation field (1) and its place in the model.
    let mut fields: Vec<(crate::source::Span, (u8, u32))> = Vec::new();
    blocks.extend(schema.composite_types.iter().zip(0u32..).map(|(c, i)| (c.span, (1, i))));
    blocks.extend(schema.enums.iter().zip(0u32..).map(|(e, i)| (e.span, (4, i))));
    let (mut models, mut views) = (0u32, 0u32);
    for m in &schema.models {
        let key = if m.is_view { (3, post_inc(&mut views)) } else { (2, post_inc(&mut models)) };
        blocks.push((m.span, key));
        fields.extend(
            m.fields
                .iter()
                .zip(0u32..)
                .map(|(f, i)| (f.span, (u8::from(matches!(f.kind, crate::ir::FieldKind::Relation(_))), i))),
        );
        primary_keys.extend(m.primary_key.as_ref().map(|pk| (pk.span, (0, 0))));
        // Prisma's order of a model's indexes: field-level `@unique`s, then `@@index`, `@@unique`
        // and `@@fulltext`, each in source order.
        let rank = |i: &crate::ir::Index| match i.kind {
            IndexKind::Unique if i.defined_on_field => 1,
            IndexKind::Normal => 2,
            IndexKind::Unique => 3,
            IndexKind::Fulltext => 4,
        };
        let first = indexes.len();
        indexes.extend(m.indexes.iter().map(|i| (i.span, (rank(i), 0))));
        let mine = &mut indexes[first..];
        mine.sort_by_key(|(s, (rank, _))| (*rank, s.start()));
        for (seq, (_, (_, n))) in mine.iter_mut().enumerate() {
            *n = seq as u32;
        }
    }
    blocks.sort_by_key(|(s, _)| (s.file(), s.start()));
    // Block attributes may stand between fields: by position, for the search below.
    indexes.sort_by_key(|(s, _)| (s.file(), s.start()));
    primary_keys.sort_by_key(|(s, _)| (s.file(), s.start()));
    let containing = |list: &[(crate::source::Span, (u8, u32))], span: &crate::source::Span| {
        let at = list.partition_point(|(b, _)| (b.file(), b.start()) <= (span.file(), span.start()));
        at.checked_sub(1).map(|i| &list[i]).filter(|(b, _)| b.contains(span)).map(|(_, key)| *key)
    };
    let key_of = |d: &Diagnostic| {
        // Relation checks come after every block (Prisma validates relations in a loop of their own).
        if RELATION_LOOP_CODES.contains(&d.code) {
            return ((5, 0), 0, ((0, 0), 0));
        }
        use phase::*;
        // Default functions the connector does not know, and `sequence()` arguments: Prisma's very
        // first validation.
        if d.code == codes::UNKNOWN_DEFAULT_FUNCTION || d.code == crate::ir::codes::SEQUENCE_ARGUMENT {
            return ((0, 0), 0, ((0, 0), 0));
        }
        let block = containing(&blocks, &d.span).unwrap_or((0, 0));
        // Database name clashes of models and views are checked across all of them, before the
        // first block; those of enums in the loop over enums.
        if d.code == codes::DATABASE_NAME_CLASH && block.0 != 4 {
            return ((0, 0), 1, ((0, 0), 0));
        }
        // The checks of the block itself, in the order of `phase`.
        let on_primary_key = || containing(&primary_keys, &d.ordered_at.unwrap_or(d.span)).is_some();
        let phase = match d.code {
            // Outside any block: with the database name clashes, in check order.
            _ if block == (0, 0) => OUTSIDE_BLOCKS,
            // An enum block: whether the database has enums at all comes first; a view: whether
            // views are enabled.
            codes::CAPABILITY_UNSUPPORTED if block.0 == 4 => FIRST,
            codes::PREVIEW_FEATURE_REQUIRED | codes::VIEW_PRIMARY_KEY if block.0 == 3 => FIRST,
            codes::UNIQUE_CRITERIA => FIRST,
            // The primary key's length prefixes and sort orders where the database has none.
            codes::INDEX_LENGTH_UNSUPPORTED | codes::INDEX_SORT | codes::NAMED_CONSTRAINT_UNSUPPORTED
                if on_primary_key() =>
            {
                PRIMARY_KEY_RULES
            }
            // Resolution's shard-key findings (an unsupported database, an empty `@@shardKey`)
            // carry its code.
            codes::SHARD_KEY | crate::ir::codes::SHARD_KEY => SHARD_KEY,
            _ => MODEL,
        };
        if phase != MODEL {
            return (block, phase, ((0, 0), 0));
        }
        // Then the loops over the model's scalar fields and over its relation fields, field by
        // field, ...
        if let Some((relation, field)) = containing(&fields, &d.ordered_at.unwrap_or(d.span)) {
            let (phase, loop_codes) = if relation == 1 {
                (RELATION_FIELDS, RELATION_FIELD_LOOP_CODES)
            } else {
                (SCALAR_FIELDS, FIELD_LOOP_CODES)
            };
            if let Some(check) = loop_codes.iter().position(|codes| codes.contains(&d.code)) {
                return (block, phase, ((0, field), check as u8));
            }
        }
        // ... and the view rules after every other check of the view.
        if d.code == codes::VIEW {
            return (block, VIEW_RULES, ((0, 0), 0));
        }
        // The generic index checks on the primary key's arguments (length, clustering) come after
        // the model's own checks, before its fields.
        if matches!(d.code, codes::INDEX_LENGTH_FIELD_TYPE | codes::INDEX_CLUSTERING) && on_primary_key() {
            return (block, PRIMARY_KEY_ARGUMENTS, ((0, 0), 0));
        }
        // ... and last the loop over its indexes, index by index.
        let index = INDEX_LOOP_CODES
            .iter()
            .position(|c| *c == d.code)
            .and_then(|check| Some((containing(&indexes, &d.ordered_at.unwrap_or(d.span))?, check as u8)));
        match index {
            Some(index) => (block, INDEXES, index),
            None => (block, phase, ((0, 0), 0)),
        }
    };
    errors.sort_by_cached_key(key_of);
}

/// The steps of Prisma's checks inside a block, in order ([`in_block_order`]).
mod phase {
    /// The unique criterion of a model; whether a view may be (views enabled) and has a primary key;
    /// whether the database has enums at all.
    pub const FIRST: u8 = 0;
    /// Errors outside any block, with the database name clashes of models, in check order.
    pub const OUTSIDE_BLOCKS: u8 = 1;
    /// A primary key's database name, length prefixes and sort orders where the database has none.
    pub const PRIMARY_KEY_RULES: u8 = 1;
    /// The shard key (resolution's findings included).
    pub const SHARD_KEY: u8 = 2;
    /// The model's other checks, in check order.
    pub const MODEL: u8 = 3;
    /// The generic index checks on the primary key's arguments (length on the field types,
    /// clustering).
    pub const PRIMARY_KEY_ARGUMENTS: u8 = 4;
    /// The loop over scalar fields, field by field.
    pub const SCALAR_FIELDS: u8 = 5;
    /// The loop over relation fields (an ambiguous relation stops Prisma there).
    pub const RELATION_FIELDS: u8 = 6;
    /// The loop over indexes, index by index in Prisma's order of indexes.
    pub const INDEXES: u8 = 7;
    /// The rules of views.
    pub const VIEW_RULES: u8 = 8;
}

/// The codes of the checks Prisma runs in its loop over a model's scalar fields, after the model's
/// own checks, in the order it runs them on each field: the connector's support of the type and
/// arity, the native type, the default value (those found while resolving included).
const FIELD_LOOP_CODES: &[&[&str]] = &[
    &[codes::SCALAR_FIELD_UNSUPPORTED],
    &[codes::CLIENT_NAME_CLASH],
    &[codes::NAMED_CONSTRAINT_UNSUPPORTED],
    &[
        codes::NATIVE_TYPE_UNKNOWN,
        codes::NATIVE_TYPE_ARGUMENTS,
        codes::NATIVE_TYPE_INCOMPATIBLE,
        codes::NATIVE_TYPE_PREFIX,
    ],
    &[codes::DEFAULT_VALUE, crate::ir::codes::INVALID_DEFAULT],
];

/// The codes of the checks Prisma runs in its loop over a model's relation fields (after the loop
/// over scalar fields), in the order it runs them on each field: an ambiguous relation (which stops
/// Prisma: [`finish`]), its client name, a relation to an
/// ignored model, a referential action the connector does not offer, its foreign key's name.
const RELATION_FIELD_LOOP_CODES: &[&[&str]] = &[
    &[crate::ir::codes::AMBIGUOUS_RELATION],
    &[codes::CLIENT_NAME_CLASH],
    &[crate::ir::codes::RELATION_TO_IGNORED_MODEL],
    &[codes::INVALID_REFERENTIAL_ACTION],
    // A foreign key name the database cannot take, or too long for it.
    &[codes::NAMED_CONSTRAINT_UNSUPPORTED, codes::CONSTRAINT_NAME_CLASH],
];

/// The codes of Prisma's generic index checks (its loop over a model's indexes), in the order it
/// runs them on each index: constraint and client names, length arguments, index types, fulltext,
/// clustering, operator classes outside `@@index`. Connector-specific rules on indexes (MySQL's
/// text lengths, SQL Server's heap types, PostgreSQL's Xml and operator classes, CockroachDB's and
/// SpGist's index types) run earlier, with the model's own checks.
const INDEX_LOOP_CODES: &[&str] = &[
    codes::CONSTRAINT_NAME_CLASH,
    codes::CLIENT_NAME_DUPLICATE,
    codes::INDEX_LENGTH_UNSUPPORTED,
    codes::INDEX_TYPE_UNSUPPORTED,
    codes::INDEX_SORT,
    codes::INDEX_FULLTEXT,
    codes::INDEX_CLUSTERING,
    codes::INDEX_OPERATOR_CLASS_PLACEMENT,
    codes::INDEX_LENGTH_FIELD_TYPE,
];

fn post_inc(n: &mut u32) -> u32 {
    *n += 1;
    *n - 1
}

/// Runs every validation on this thread and returns how long each check took (for benchmarks).
pub fn run_timed(
    ast: &SchemaAst,
    config: &Configuration,
    diagnostics: &mut Diagnostics,
) -> Vec<(&'static str, std::time::Duration)> {
    let mut timings = Vec::new();
    let models = model::Models::new(ast, config);
    run_checks(ast, config, &models, PIPELINE, diagnostics, Some(&mut timings));
    timings
}

fn run_checks<'a>(
    ast: &'a SchemaAst,
    config: &'a Configuration,
    models: &'a model::Models<'a>,
    checks: &[(&'static str, Check)],
    diagnostics: &'a mut Diagnostics,
    mut timings: Option<&mut Vec<(&'static str, std::time::Duration)>>,
) {
    let mut ctx = Context {
        ast,
        config,
        connector: config.connector(),
        relation_mode: config.relation_mode(),
        models,
        diagnostics,
    };
    for (name, check) in checks {
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
