//! Validations on the resolved schema: small named checks run in one pipeline.

pub mod codes;

use crate::ast::SchemaAst;
use crate::config::Configuration;
use crate::diagnostics::Diagnostics;
use crate::ir::Schema;

/// Runs every validation. (Placeholder.)
pub fn run(_ast: &SchemaAst, _config: &Configuration, _schema: &Schema, _diagnostics: &mut Diagnostics) {}
