//! The resolved schema (IR): names, types, attributes and relations resolved, with typed ids.
//! Built from the AST in passes by [`resolve`]. Every emitter reads this, never the AST.

use crate::ast::SchemaAst;
use crate::config::Configuration;
use crate::diagnostics::Diagnostics;

/// The resolved schema. (Placeholder: filled in by the resolution passes.)
#[derive(Debug, Clone, Default)]
pub struct Schema {}

/// Resolves the AST into the IR, reporting what Prisma's resolution reports.
pub fn resolve(_ast: &SchemaAst, _config: &Configuration, _diagnostics: &mut Diagnostics) -> Schema {
    Schema::default()
}
