//! `@shardKey` / `@@shardKey`: the preview feature, required scalar fields.
// TODO(ir): the IR must accept `@shardKey` and `@@shardKey` (and report their argument errors)
// for these checks to run.

use super::model::{attrs, field, related_model};
use super::{codes, Context};
use crate::ast::Expression;
use crate::diagnostics::Diagnostic;

pub fn rules(ctx: &mut Context<'_>) {
    let enabled = ctx.preview("shardKeys");
    let mut out = Vec::new();
    for m in &ctx.models.list {
        let ignored = attrs(&m.attributes, "ignore").next().is_some();
        for f in &m.fields {
            for a in attrs(&f.attributes, "shardKey") {
                if !enabled {
                    out.push(Diagnostic::attribute(
                        codes::SHARD_KEY,
                        "@shardKey",
                        "Defining shard keys requires enabling the `shardKeys` preview feature",
                        a.span,
                    ));
                } else if !ignored && f.arity.is_optional() {
                    out.push(Diagnostic::attribute(
                        codes::SHARD_KEY,
                        "@shardKey",
                        "Fields that are marked as shard keys must be required.",
                        a.span,
                    ));
                }
            }
        }
        for a in attrs(&m.attributes, "shardKey") {
            if !enabled {
                out.push(Diagnostic::attribute(
                    codes::SHARD_KEY,
                    "@@shardKey",
                    "Defining shard keys requires enabling the `shardKeys` preview feature",
                    a.span,
                ));
                continue;
            }
            let names: Vec<&str> = match a.named("fields").or_else(|| a.positional()).map(|x| &x.value) {
                Some(Expression::Array(items, _)) => items.iter().filter_map(|i| i.as_constant()).collect(),
                _ => Vec::new(),
            };
            for n in names {
                let Some(sf) = field(m, n) else { continue };
                if related_model(&ctx.models, sf).is_some() {
                    out.push(Diagnostic::in_block(
                        codes::SHARD_KEY,
                        "model",
                        &m.name.name,
                        format!("The shard key definition refers to the relation field `{n}`. Shard key definitions must reference only scalar fields."),
                        a.span,
                    ));
                } else if !ignored && sf.arity.is_optional() {
                    out.push(Diagnostic::in_block(
                        codes::SHARD_KEY,
                        "model",
                        &m.name.name,
                        format!("The shard key definition refers to the optional field `{n}`. Shard key definitions must reference only required fields."),
                        a.span,
                    ));
                }
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}
