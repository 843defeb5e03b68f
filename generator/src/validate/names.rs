//! Database names: two models (or views, or enums) with one database name in one schema, and
//! constraint names that clash in their namespace.

use super::model::{attrs, db_name, field, is_one_sided, related_model, schema_attr, IndexKind};
use super::{codes, Context};
use crate::ast::{Field, Top};
use crate::connector::Provider;
use crate::diagnostics::Diagnostic;
use crate::ir::FastMap;

fn column_name(f: &Field) -> &str {
    attrs(&f.attributes, "map")
        .next()
        .and_then(|a| a.positional().or_else(|| a.named("name")))
        .and_then(|a| a.value.as_string())
        .unwrap_or(&f.name.name)
}

/// Models, views and enums with the same database name in the same schema.
pub fn database_names(ctx: &mut Context<'_>) {
    let mut tables: FastMap<(&str, &str), &str> = FastMap::default();
    let mut enums: FastMap<(&str, &str), &str> = FastMap::default();
    let mut out = Vec::new();
    for (_, top) in ctx.ast.iter_tops() {
        match top {
            Top::Model(m) => {
                let (name, map) = db_name(m);
                let schema = schema_attr(&m.attributes).map(|(s, _)| s).unwrap_or("");
                match tables.get(&(schema, name)) {
                    Some(existing) if *existing != m.name.name => {
                        let kind = if m.is_view { "view" } else { "model" };
                        out.push(Diagnostic::error(
                            codes::DATABASE_NAME_CLASH,
                            format!("The {kind} with database name \"{name}\" could not be defined because another model or view with this name exists: \"{existing}\""),
                            map.map(|a| a.span).unwrap_or(m.name.span),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        tables.insert((schema, name), &m.name.name);
                    }
                }
            }
            // Without enums in the database (SQL Server), their names cannot clash there either.
            Top::Enum(e) if ctx.connector.has(crate::connector::Capability::Enums) => {
                let map = attrs(&e.attributes, "map").next();
                let name = map.and_then(|a| a.positional()).and_then(|a| a.value.as_string()).unwrap_or(&e.name.name);
                let schema = schema_attr(&e.attributes).map(|(s, _)| s).unwrap_or("");
                match enums.get(&(schema, name)) {
                    Some(existing) if *existing != e.name.name => out.push(Diagnostic::error(
                        codes::DATABASE_NAME_CLASH,
                        "An enum with the same database name is already defined.",
                        // Prisma points at the whole enum.
                        e.span,
                    )),
                    Some(_) => {}
                    None => {
                        enums.insert((schema, name), &e.name.name);
                    }
                }
            }
            _ => {}
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// What can carry a constraint name: a primary key, an index or unique constraint, a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Member {
    PrimaryKey,
    Index,
    ForeignKey,
}

/// A namespace in which constraint names must be unique: the whole schema (per database schema) or
/// one model; who is in it, and on whom a clash is reported.
struct Namespace {
    global: bool,
    members: &'static [Member],
    reported: &'static [Member],
    /// "global for ..." / "for ..." (after "on model `M` ").
    text: &'static str,
}

/// The namespaces of each database, as Prisma checks them (in its order).
fn namespaces(provider: Option<Provider>) -> &'static [Namespace] {
    use Member::*;
    match provider {
        Some(Provider::Postgres) => &[
            Namespace {
                global: true,
                members: &[PrimaryKey, Index],
                reported: &[PrimaryKey, Index],
                text: "global for primary key, indexes and unique constraints",
            },
            Namespace {
                global: false,
                members: &[PrimaryKey, Index, ForeignKey],
                reported: &[PrimaryKey, ForeignKey],
                text: "for primary key, indexes, unique constraints and foreign keys",
            },
        ],
        Some(Provider::CockroachDb) => &[Namespace {
            global: false,
            members: &[PrimaryKey, Index, ForeignKey],
            reported: &[PrimaryKey, ForeignKey],
            text: "for primary key, indexes, unique constraints and foreign keys",
        }],
        Some(Provider::Mysql) => &[
            Namespace {
                global: false,
                members: &[Index],
                reported: &[Index],
                text: "for indexes and unique constraints",
            },
            Namespace {
                global: true,
                members: &[ForeignKey],
                reported: &[ForeignKey],
                text: "global for foreign keys",
            },
        ],
        Some(Provider::Sqlite) => &[Namespace {
            global: true,
            members: &[Index],
            reported: &[Index],
            text: "global for indexes and unique constraints",
        }],
        Some(Provider::SqlServer) => &[
            Namespace {
                global: false,
                members: &[PrimaryKey, Index],
                reported: &[PrimaryKey, Index],
                text: "for primary key, indexes and unique constraints",
            },
            Namespace {
                global: true,
                members: &[PrimaryKey, ForeignKey],
                reported: &[PrimaryKey, ForeignKey],
                text: "global for primary keys, foreign keys and default constraints",
            },
        ],
        Some(Provider::MongoDb) | None => &[],
    }
}

/// One named constraint. Its name is not kept: [`write_name`] writes it again when needed, and
/// `hash` tells which names may be equal. Nor is where it is reported: that is read again for the
/// few that clash. Kept small (24 bytes): a large schema has one per index and foreign key, all
/// alive at once, beside its whole AST.
struct Named {
    member: Member,
    /// The index's place in Prisma's order of the model's indexes ([`IndexDef::prisma_rank`]); 0
    /// for foreign keys.
    rank: u8,
    /// The attribute named in the message, in [`ATTRIBUTES`].
    attribute: u8,
    /// The database schema (`@@schema`), in the list of schemas met.
    schema: u16,
    /// The model, in the list of models checked.
    model: u32,
    /// The index among the model's indexes, or the relation field among its fields.
    item: u32,
    /// A hash of the name: equal names have equal hashes.
    hash: u64,
    /// The foreign key a relation without its other side leaves to the missing field (on a list
    /// field). Such a name counts in the database-wide namespaces only.
    lone_list: bool,
}

impl Named {
    /// Where Prisma reports it: index-like constraints before foreign keys, model by model, primary
    /// key first.
    fn order(&self) -> (bool, u32, u8) {
        (self.member == Member::ForeignKey, self.model, self.rank)
    }
}

/// The place of `schema` in `schemas`, added if new (a schema has few database schemas: a scan).
fn schema_id<'a>(schema: &'a str, schemas: &mut Vec<&'a str>) -> u16 {
    match schemas.iter().position(|s| *s == schema) {
        Some(i) => i as u16,
        None => {
            schemas.push(schema);
            (schemas.len() - 1) as u16
        }
    }
}

/// The attributes a constraint-name clash names.
const ATTRIBUTES: [&str; 7] = ["@id", "@unique", "@@id", "@@unique", "@@index", "@@fulltext", "@relation"];

fn attribute_code(name: &str) -> u8 {
    ATTRIBUTES.iter().position(|a| *a == name).unwrap_or(ATTRIBUTES.len() - 1) as u8
}

/// Primary key, index, unique and foreign key names (given with `map:` or Prisma's defaults) that
/// clash in one of the database's namespaces ([`namespaces`]). Index-like constraints first, model
/// by model, then foreign keys, as Prisma reports them.
pub fn constraint_names(ctx: &mut Context<'_>) {
    let spaces = namespaces(ctx.connector.provider);
    if spaces.is_empty() {
        return;
    }
    let foreign_keys = ctx.relation_mode == crate::connector::RelationMode::ForeignKeys
        && spaces.iter().any(|s| s.members.contains(&Member::ForeignKey));
    let mut entries: Vec<Named> = Vec::with_capacity(ctx.models.index_count());
    // The database schemas met, for `Named::schema`.
    let mut schemas: Vec<&str> = Vec::new();
    // Each name is written here, hashed, and forgotten.
    let mut scratch = String::new();
    // SipHash (std's), not the Fx hash of the name tables: names that differ in a few characters,
    // as constraint names do, collide often under Fx, and each collision costs writing names again.
    let hash = |text: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hasher::write(&mut h, text.as_bytes());
        std::hash::Hasher::finish(&h)
    };

    let models: Vec<_> = ctx.models.with_indexes().filter(|(m, _)| !m.is_view).collect();
    // Per model: its index-like entries, then its foreign keys (ranges of `entries`).
    let mut ranges: Vec<[(u32, u32); 2]> = vec![[(0, 0); 2]; models.len()];
    for (mi, (m, model_indexes)) in models.iter().enumerate() {
        let first = entries.len() as u32;
        let schema = schema_id(schema_attr(&m.attributes).map(|(s, _)| s).unwrap_or(""), &mut schemas);
        for (item, index) in model_indexes.iter().enumerate() {
            scratch.clear();
            write_index_name(&mut scratch, m, index);
            entries.push(Named {
                member: if index.kind == IndexKind::Id { Member::PrimaryKey } else { Member::Index },
                rank: index.prisma_rank(),
                attribute: attribute_code(index.attribute_name()),
                schema,
                model: mi as u32,
                item: item as u32,
                hash: hash(&scratch),
                lone_list: false,
            });
        }
        ranges[mi][0] = (first, entries.len() as u32);
    }
    if foreign_keys {
        // Room for the foreign keys given with `fields:` at once (those of relations without their
        // other side are rare): the list stays alive through the counting below, and growing it by
        // doubling would hold twice its size at the peak of a large schema.
        let relation_fields = models
            .iter()
            .flat_map(|(m, _)| m.fields.iter())
            .filter(|f| !f.arity.is_list())
            .filter(|f| attrs(&f.attributes, "relation").next().is_some_and(|r| r.named("fields").is_some()))
            .count();
        entries.reserve_exact(relation_fields);
        for (mi, (m, _)) in models.iter().enumerate() {
            let first = entries.len() as u32;
            let schema = schema_attr(&m.attributes).map(|(s, _)| s).unwrap_or("");
            for (item, f) in m.fields.iter().enumerate() {
                let Some(key) = foreign_key(ctx.models, m, f) else { continue };
                scratch.clear();
                write_foreign_key_name(&mut scratch, m, &key);
                let list = f.arity.is_list();
                let schema =
                    if list { schema_attr(&key.holder.attributes).map(|(s, _)| s).unwrap_or("") } else { schema };
                entries.push(Named {
                    member: Member::ForeignKey,
                    rank: 0,
                    attribute: attribute_code("@relation"),
                    schema: schema_id(schema, &mut schemas),
                    model: mi as u32,
                    item: item as u32,
                    hash: hash(&scratch),
                    lone_list: list,
                });
            }
            ranges[mi][1] = (first, entries.len() as u32);
        }
    }
    // The name of an entry, written again (into `out`).
    let write = |e: &Named, out: &mut String| {
        out.clear();
        let (m, indexes) = models[e.model as usize];
        match e.member {
            Member::ForeignKey => {
                if let Some(key) = m.fields.get(e.item as usize).and_then(|f| foreign_key(ctx.models, m, f)) {
                    write_foreign_key_name(out, m, &key);
                }
            }
            _ => {
                if let Some(index) = indexes.get(e.item as usize) {
                    write_index_name(out, m, index);
                }
            }
        }
    };
    // Whether two entries have the same name (their hashes are equal first, so this writes names
    // only for the rare entries that may clash).
    let (mut a, mut b) = (String::new(), String::new());
    let mut same_name = |x: &Named, y: &Named| {
        x.hash == y.hash && {
            write(x, &mut a);
            write(y, &mut b);
            a == b
        }
    };
    // Per namespace, how many members carry each entry's name: global namespaces (per database
    // schema) by hashing, per-model ones by comparing the few constraints of the model.
    let entry_counts: Vec<Vec<u32>> = spaces
        .iter()
        .map(|space| {
            let mut counts = vec![0u32; entries.len()];
            if space.global {
                // The members' (schema, hash) keys, sorted: a name's count is the length of its
                // key's run (a sorted list takes a third of a hash map's memory).
                let mut keys: Vec<(u16, u64)> =
                    entries.iter().filter(|e| space.members.contains(&e.member)).map(|e| (e.schema, e.hash)).collect();
                keys.sort_unstable();
                for (i, e) in entries.iter().enumerate() {
                    if !space.members.contains(&e.member) {
                        continue;
                    }
                    let key = (e.schema, e.hash);
                    let run = keys.partition_point(|k| *k < key)..keys.partition_point(|k| *k <= key);
                    counts[i] = run.len() as u32;
                    if counts[i] > 1 {
                        // Equal hashes: count the equal names.
                        counts[i] = entries
                            .iter()
                            .filter(|o| space.members.contains(&o.member) && o.schema == e.schema)
                            .filter(|o| same_name(o, e))
                            .count() as u32;
                    }
                }
            } else {
                for model_ranges in &ranges {
                    let members: Vec<usize> = model_ranges
                        .iter()
                        .flat_map(|&(from, to)| from as usize..to as usize)
                        .filter(|&i| space.members.contains(&entries[i].member) && !entries[i].lone_list)
                        .collect();
                    for &i in &members {
                        counts[i] =
                            members.iter().filter(|&&j| j == i || same_name(&entries[j], &entries[i])).count() as u32;
                    }
                }
            }
            counts
        })
        .collect();
    let mut out = Vec::new();
    let mut name = String::new();
    for (ei, e) in entries.iter().enumerate() {
        for (space, counts) in spaces.iter().zip(&entry_counts) {
            if !space.reported.contains(&e.member) || counts[ei] < 2 {
                continue;
            }
            write(e, &mut name);
            let namespace = if space.global {
                space.text.to_string()
            } else {
                format!("on model `{}` {}", models[e.model as usize].0.name.name, space.text)
            };
            let code = match e.member {
                Member::ForeignKey => codes::FOREIGN_KEY_NAME_CLASH,
                _ => codes::CONSTRAINT_NAME_CLASH,
            };
            let (m, indexes) = models[e.model as usize];
            let (span, lone_list_at) = match e.member {
                Member::ForeignKey => {
                    let f = &m.fields[e.item as usize];
                    // For a lone list, Prisma points at the model that holds it, and orders the
                    // error by the field.
                    if e.lone_list {
                        (m.span, Some(f.span()))
                    } else {
                        let map = foreign_key(ctx.models, m, f).and_then(|key| key.map);
                        (map.map(|a| a.span()).unwrap_or(f.span()), None)
                    }
                }
                // Prisma points at `map:`, else at `name:`, else at the attribute.
                _ => {
                    let index = &indexes[e.item as usize];
                    (
                        index
                            .arg("map")
                            .or_else(|| index.arg("name"))
                            .map(|a| a.span())
                            .unwrap_or(index.attribute.span),
                        None,
                    )
                }
            };
            let d = Diagnostic::attribute(
                code,
                ATTRIBUTES[e.attribute as usize],
                format!("The given constraint name `{name}` has to be unique in the following namespace: {namespace}. Please provide a different name using the `map` argument."),
                span,
            );
            out.push((
                e.order(),
                match lone_list_at {
                    Some(at) => d.ordered_at(at),
                    None => d,
                },
            ));
        }
    }
    // Entries were listed in source order; Prisma's order (stable: namespaces stay in order).
    out.sort_by_key(|(order, _)| *order);
    let out = out.into_iter().map(|(_, d)| d);
    for d in out {
        ctx.error(d);
    }
}

/// An index's name: its `map:` (or the legacy `name:` of `@@index`), else Prisma's default,
/// `{table}_pkey` or `{table}_{columns joined by "_"}_key` / `_idx` (no columns leave two
/// underscores).
fn write_index_name(out: &mut String, m: &crate::ast::Model, index: &super::model::IndexDef<'_>) {
    if let Some(n) = index.map() {
        out.push_str(n);
        return;
    }
    out.push_str(db_name(m).0);
    if index.kind != IndexKind::Id {
        if index.fields.is_empty() {
            out.push('_');
        }
        for f in &index.fields {
            out.push('_');
            out.push_str(field(m, f.name()).map(column_name).unwrap_or(f.name()));
        }
    }
    out.push_str(match index.kind {
        IndexKind::Id => "_pkey",
        IndexKind::Unique => "_key",
        _ => "_idx",
    });
}

/// The foreign key a relation field names, if any.
struct ForeignKey<'a> {
    /// The model whose table holds it.
    holder: &'a crate::ast::Model,
    /// `map:` of `@relation`.
    map: Option<&'a crate::ast::Argument>,
    /// `fields:` of `@relation`.
    fields: Option<&'a crate::ast::Argument>,
}

/// Prisma names the foreign key of every inline relation: those with `fields:`, and those whose other
/// side is missing (a lone field holds it; a lone list leaves it to the missing field of the related
/// model). A list field with `fields:` is an embedded many-to-many relation: no foreign key.
fn foreign_key<'a>(
    models: &super::model::Models<'a>,
    m: &'a crate::ast::Model,
    f: &'a Field,
) -> Option<ForeignKey<'a>> {
    let relation = attrs(&f.attributes, "relation").next();
    let fields = relation.and_then(|r| r.named("fields"));
    let lone = fields.is_none() && is_one_sided(models, m, f);
    let holder = match (f.arity.is_list(), fields.is_some() || lone) {
        (false, true) => m,
        (true, true) if lone => related_model(models, f)?,
        _ => return None,
    };
    Some(ForeignKey { holder, map: relation.and_then(|r| r.named("map")), fields })
}

/// A foreign key's name: its `map:`, else `{table}_{columns joined by "_"}_fkey` (no columns leave
/// two underscores).
fn write_foreign_key_name(out: &mut String, m: &crate::ast::Model, key: &ForeignKey<'_>) {
    if let Some(n) = key.map.and_then(|a| a.value.as_string()) {
        out.push_str(n);
        return;
    }
    out.push_str(db_name(key.holder).0);
    let names: Vec<&str> = match key.fields.map(|a| &a.value) {
        Some(crate::ast::Expression::Array(items, _)) => items.iter().filter_map(|i| i.as_constant()).collect(),
        Some(other) => other.as_constant().into_iter().collect(),
        None => Vec::new(),
    };
    if names.is_empty() {
        out.push('_');
    }
    for n in names {
        out.push('_');
        out.push_str(field(m, n).map(column_name).unwrap_or(n));
    }
    out.push_str("_fkey");
}
