//! `@shardKey` / `@@shardKey`: the preview feature, required fields. (The fields of `@@shardKey` are
//! checked while resolving it: `ir::attributes`.)

use super::model::attrs;
use super::{codes, Context};
use crate::diagnostics::Diagnostic;

pub fn rules(ctx: &mut Context<'_>) {
    let enabled = ctx.preview("shardKeys");
    let mut out = Vec::new();
    // Views take shard keys without a word from Prisma.
    for m in ctx.models.list.iter().filter(|m| !m.is_view) {
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
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}
