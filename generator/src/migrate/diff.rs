//! The differ: two [`SqlSchema`]s of one provider -> the [`Step`]s from the first to the second,
//! in Prisma Migrate's order, plus the data-loss warnings and the likely renames.
//!
//! Tables, columns, indexes, foreign keys and enums are matched by name. Renames are never
//! guessed: a dropped and an added column of the same type (or a dropped and an added table with
//! the same columns) only produce a hint; [`Renames`] (`--rename`) turn them into
//! `ALTER TABLE .. RENAME`. Columns are compared through the dialect's rendering (type and
//! default as SQL), so a state rebuilt from a database compares equal to a computed one.
//!
//! PostgreSQL alters tables in place; SQLite rebuilds a table for any change to its columns,
//! primary key or foreign keys (Prisma's "RedefineTables"), copying the data of kept columns.

use std::collections::{BTreeMap, BTreeSet};

use super::render::{renderer_for, SqlRenderer};
use super::sql_schema::{Arity, Column, ForeignKey, Index, IndexKind, MigrateError, SqlSchema, Table, TypeFamily};
use super::steps::{self, CopyColumn, EnumColumn, RedefineTable, Step, TableChange};
use crate::connector::Provider;

/// Explicit renames (`--rename Old=New` for a table, `--rename Table.old=new` for a column).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// (old table name, new table name).
    pub tables: Vec<(String, String)>,
    /// (table name — old or new —, old column name, new column name).
    pub columns: Vec<(String, String, String)>,
}

impl Renames {
    /// Parses `Old=New` or `Table.old=new`.
    pub fn add(&mut self, spec: &str) -> Result<(), MigrateError> {
        let bad = || MigrateError { message: format!("--rename {spec:?}: expected Old=New or Table.old=new") };
        let (left, right) = spec.split_once('=').ok_or_else(bad)?;
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() || right.is_empty() {
            return Err(bad());
        }
        match left.split_once('.') {
            Some((table, column)) if !table.is_empty() && !column.is_empty() => {
                let right = right.rsplit('.').next().unwrap_or(right);
                self.columns.push((table.to_string(), column.to_string(), right.to_string()));
            }
            Some(_) => return Err(bad()),
            None => self.tables.push((left.to_string(), right.to_string())),
        }
        Ok(())
    }
}

/// A destructive step: what it loses, and the query that counts the affected rows in a live database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Prisma's wording, naming the table/column.
    pub message: String,
    /// `SELECT COUNT(*) …` over the database *before* the migration, counting the rows the step affects
    /// (values lost, NULLs that block a required column, duplicate groups that block a unique constraint).
    pub count_sql: Option<String>,
    /// How to read the count (`"rows"`, `"non-null values"`, `"rows with NULL"`, `"duplicate groups"`).
    pub counts: &'static str,
}

impl Warning {
    fn new(message: String, count_sql: Option<String>, counts: &'static str) -> Self {
        Warning { message, count_sql, counts }
    }

    /// The message with the affected-row count appended (`affected` from running `count_sql`).
    pub fn with_count(&self, affected: i64) -> String {
        let mut unit = self.counts.to_owned();
        if affected == 1 {
            // "rows with NULL" -> "row with NULL": the first plural word becomes singular.
            let mut at = 0;
            for word in self.counts.split(' ') {
                if word.ends_with('s') {
                    unit.remove(at + word.len() - 1);
                    break;
                }
                at += word.len() + 1;
            }
        }
        format!("{} ({affected} {unit})", self.message)
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Counts the rows whose (scalar) enum columns hold one of `removed` values.
fn enum_usage_count(r: &dyn SqlRenderer, from: &SqlSchema, enum_index: usize, removed: &[String]) -> Option<String> {
    let values: Vec<String> = removed.iter().map(|v| r.string_literal(v)).collect();
    let parts: Vec<String> = from
        .tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.family == TypeFamily::Enum(enum_index) && c.arity != Arity::List)
                .map(move |c| (t, c))
        })
        .map(|(t, c)| {
            format!(
                "(SELECT COUNT(*) FROM {} WHERE {} IN ({}))",
                r.qualified(t.namespace.as_deref(), &t.name),
                r.quote(&c.name),
                values.join(", ")
            )
        })
        .collect();
    (!parts.is_empty()).then(|| format!("SELECT {}", parts.join(" + ")))
}

/// The result of [`diff`].
#[derive(Debug, Clone, Default)]
pub struct Diff {
    pub steps: Vec<Step>,
    /// Destructive steps, each naming its table/column (the data-loss guard).
    pub warnings: Vec<Warning>,
    /// Likely renames, with the `--rename` flag that keeps the data.
    pub rename_hints: Vec<String>,
}

impl Diff {
    pub fn is_destructive(&self) -> bool {
        !self.warnings.is_empty()
    }
}

fn key(ns: &Option<String>, name: &str) -> (Option<String>, String) {
    (ns.clone(), name.to_string())
}

/// Column identity for rename hints and type comparison: the rendered type without `SERIAL`
/// (`autoincrement()` is compared on its own: it is a sequence, not a type).
fn rendered_type(r: &dyn SqlRenderer, c: &Column, s: &SqlSchema) -> String {
    r.plain_column_type(c, s)
}

/// Whether PostgreSQL can change the column's type in place (an assignment cast exists).
fn castable(from: &TypeFamily, to: &TypeFamily) -> bool {
    use TypeFamily::*;
    let numeric = |f: &TypeFamily| matches!(f, Int | BigInt | Float | Decimal);
    match (from, to) {
        (a, b) if a == b => !matches!(a, Unsupported(_)),
        (a, b) if numeric(a) && numeric(b) => true,
        (Enum(_), Enum(_)) | (String, Enum(_)) => true,
        (Unsupported(_), _) | (_, Unsupported(_)) => false,
        (_, String) => true,
        _ => false,
    }
}

/// Whether every value of the old type fits the new one (no warning needed).
fn widening(from: &Column, to: &Column, from_type: &str, to_type: &str) -> bool {
    use TypeFamily::*;
    let args = |c: &Column| c.native_type.as_ref().map(|n| n.args.clone()).unwrap_or_default();
    match (&from.family, &to.family) {
        (Int, BigInt) | (Int, Float) | (Int, Decimal) | (BigInt, Decimal) => true,
        (_, String) if to_type == "TEXT" => true,
        (String, String) => {
            // VarChar(n) -> VarChar(m >= n) or Text.
            let (a, b) = (args(from), args(to));
            from_type.starts_with("VARCHAR") && to_type.starts_with("VARCHAR") && b.first() >= a.first()
        }
        (Decimal, Decimal) => {
            let (a, b) = (args(from), args(to));
            a.len() == 2 && b.len() == 2 && b[0] >= a[0] && b[1] >= a[1] && b[0] - b[1] >= a[0] - a[1]
        }
        _ => from_type == to_type,
    }
}

/// A foreign key as compared: name, columns, referenced table and columns, actions.
type FkSig = (String, Vec<String>, Option<String>, Vec<String>, String);

/// A foreign key across the schemas: name, table (new name), columns (new names), referenced
/// table and columns (new names), actions.
type FkFullSig = (String, Option<String>, Vec<String>, Option<String>, Vec<String>, String);

/// How the indexes of a kept table pair up: kept as they are, renamed, or neither (dropped,
/// created).
struct IndexPairs {
    /// Per index of the old table: kept or renamed.
    from_paired: Vec<bool>,
    /// Per index of the new table: kept or renamed.
    to_paired: Vec<bool>,
    /// (old name, index in the new table), in the new table's order.
    renamed: Vec<(String, usize)>,
}

/// Pairs the indexes of a kept table. Two indexes are the same when kind, method and columns
/// (old columns under their `--rename`d names) agree and no column is dropped and added again;
/// with the same name they are kept, with another name renamed (Prisma's `RenameIndex`), when
/// the pairing is unambiguous and neither name is used by another index of either side.
fn pair_indexes(f: &Table, t: &Table, renamed: &[(String, String)], changes: &[TableChange]) -> IndexPairs {
    let recreated: BTreeSet<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::DropAndRecreateColumn { column } => t.columns.get(*column).map(|c| c.name.as_str()),
            _ => None,
        })
        .collect();
    let same = |a: &Index, b: &Index| {
        a.kind == b.kind
            && a.algorithm == b.algorithm
            && a.columns.len() == b.columns.len()
            && a.columns.iter().zip(&b.columns).all(|(x, y)| {
                let name = renamed.iter().find(|(o, _)| *o == x.name).map_or(x.name.as_str(), |(_, n)| n.as_str());
                name == y.name
                    && x.sort_order == y.sort_order
                    && x.length == y.length
                    && x.operator_class == y.operator_class
            })
            && !b.columns.iter().any(|c| recreated.contains(c.name.as_str()))
    };
    let mut from_paired = vec![false; f.indexes.len()];
    let mut to_paired = vec![false; t.indexes.len()];
    for (i, a) in f.indexes.iter().enumerate() {
        if let Some(j) = t.indexes.iter().position(|b| b.name == a.name && same(a, b)) {
            from_paired[i] = true;
            to_paired[j] = true;
        }
    }
    let mut renamed_pairs = Vec::new();
    for (j, b) in t.indexes.iter().enumerate() {
        if to_paired[j] || f.indexes.iter().any(|a| a.name == b.name) {
            continue;
        }
        let candidates: Vec<usize> =
            (0..f.indexes.len()).filter(|&i| !from_paired[i] && same(&f.indexes[i], b)).collect();
        let [i] = candidates[..] else { continue };
        let a = &f.indexes[i];
        let rivals = (0..t.indexes.len()).filter(|&k| !to_paired[k] && same(a, &t.indexes[k])).count();
        if rivals == 1 && !t.indexes.iter().any(|x| x.name == a.name) {
            from_paired[i] = true;
            to_paired[j] = true;
            renamed_pairs.push((a.name.clone(), j));
        }
    }
    IndexPairs { from_paired, to_paired, renamed: renamed_pairs }
}

/// The steps from `from` to `to` (same provider).
pub fn diff(from: &SqlSchema, to: &SqlSchema, renames: &Renames) -> Result<Diff, MigrateError> {
    let provider = to.provider.unwrap_or(Provider::Postgres);
    if from.provider.is_some() && from.provider != to.provider {
        return Err(MigrateError {
            message: format!(
                "the current state is for {} but the target is for {}",
                from.provider.map(|p| p.name()).unwrap_or("?"),
                provider.name()
            ),
        });
    }
    let r = renderer_for(provider)
        .ok_or_else(|| MigrateError { message: format!("no SQL renderer for {}", provider.name()) })?;
    let sqlite = provider == Provider::Sqlite;
    let mut out = Diff::default();

    // Tables: to index -> from index.
    let from_by_name: BTreeMap<_, usize> =
        from.tables.iter().enumerate().map(|(i, t)| (key(&t.namespace, &t.name), i)).collect();
    let mut matched: BTreeMap<usize, usize> = BTreeMap::new();
    for (ti, t) in to.tables.iter().enumerate() {
        if let Some(fi) = from_by_name.get(&key(&t.namespace, &t.name)) {
            matched.insert(ti, *fi);
        }
    }
    let mut renamed_tables = Vec::new();
    for (old, new) in &renames.tables {
        let fi = from.tables.iter().position(|t| &t.name == old);
        let ti = to.tables.iter().position(|t| &t.name == new);
        match (fi, ti) {
            (Some(fi), Some(ti)) if !matched.contains_key(&ti) && !matched.values().any(|v| *v == fi) => {
                matched.insert(ti, fi);
                renamed_tables.push(ti);
            }
            _ => {
                return Err(MigrateError {
                    message: format!(
                        "--rename {old}={new}: needs a table `{old}` that goes away and a new table `{new}`"
                    ),
                })
            }
        }
    }
    let from_matched: BTreeSet<usize> = matched.values().copied().collect();
    let to_of_from: BTreeMap<usize, usize> = matched.iter().map(|(t, f)| (*f, *t)).collect();
    // The new name a table of `from` has in `to` (for comparing foreign keys).
    let new_name_of = |fi: usize| to_of_from.get(&fi).and_then(|ti| to.tables.get(*ti)).map(|t| t.name.clone());

    // Column renames: validated per table below.
    let mut used_column_renames = vec![false; renames.columns.len()];

    // Per matched table: the column pairing and what changed.
    struct TableDiff {
        ti: usize,
        fi: usize,
        /// (to column, from column)
        pairs: Vec<(usize, usize)>,
        renamed: Vec<(String, String)>,
        added: Vec<usize>,
        dropped: Vec<String>,
        changes: Vec<TableChange>,
        rebuild: bool,
        /// Target columns whose type changes (a primary key over one is dropped and added again).
        retyped: Vec<String>,
    }
    let mut table_diffs = Vec::new();
    for (&ti, &fi) in &matched {
        let (t, f) = (&to.tables[ti], &from.tables[fi]);
        let mut pairs = Vec::new();
        let mut renamed = Vec::new();
        let mut from_used = vec![false; f.columns.len()];
        let mut to_used = vec![false; t.columns.len()];
        for (ri, (tname, old, new)) in renames.columns.iter().enumerate() {
            if tname != &t.name && tname != &f.name {
                continue;
            }
            let fc = f.columns.iter().position(|c| &c.name == old);
            let tc = t.columns.iter().position(|c| &c.name == new);
            match (fc, tc) {
                (Some(fc), Some(tc)) if f.column(new).is_none() && t.column(old).is_none() => {
                    from_used[fc] = true;
                    to_used[tc] = true;
                    pairs.push((tc, fc));
                    renamed.push((old.clone(), new.clone()));
                    used_column_renames[ri] = true;
                }
                _ => {
                    return Err(MigrateError {
                        message: format!(
                            "--rename {tname}.{old}={new}: needs a column `{old}` that goes away and a new column `{new}` in table `{}`",
                            t.name
                        ),
                    })
                }
            }
        }
        for (tc, c) in t.columns.iter().enumerate() {
            if to_used[tc] {
                continue;
            }
            if let Some(fc) = f.columns.iter().position(|x| x.name == c.name) {
                if !from_used[fc] {
                    from_used[fc] = true;
                    to_used[tc] = true;
                    pairs.push((tc, fc));
                }
            }
        }
        let added: Vec<usize> = (0..t.columns.len()).filter(|i| !to_used[*i]).collect();
        let dropped: Vec<String> =
            f.columns.iter().enumerate().filter(|(i, _)| !from_used[*i]).map(|(_, c)| c.name.clone()).collect();
        pairs.sort();
        table_diffs.push(TableDiff {
            ti,
            fi,
            pairs,
            renamed,
            added,
            dropped,
            changes: Vec::new(),
            rebuild: false,
            retyped: Vec::new(),
        });
    }
    for (ri, used) in used_column_renames.iter().enumerate() {
        if !used {
            let (tname, old, new) = &renames.columns[ri];
            return Err(MigrateError {
                message: format!("--rename {tname}.{old}={new}: no table `{tname}` in both states"),
            });
        }
    }

    // Column-level comparison, warnings.
    for td in &mut table_diffs {
        let (t, f) = (&to.tables[td.ti], &from.tables[td.fi]);
        let from_table = r.qualified(f.namespace.as_deref(), &f.name);
        let count_where = |cond: String| Some(format!("SELECT COUNT(*) FROM {from_table} WHERE {cond}"));
        for name in &td.dropped {
            out.warnings.push(Warning::new(
                format!(
                    "You are about to drop the column `{name}` on the `{}` table. All the data in the column will be lost.",
                    f.name
                ),
                count_where(format!("{} IS NOT NULL", r.quote(name))),
                "non-null values",
            ));
        }
        for &tc in &td.added {
            let c = &t.columns[tc];
            if c.arity == Arity::Required && r.default_sql(c, to).is_none() && !c.auto_increment {
                out.warnings.push(Warning::new(
                    format!(
                        "Added the required column `{}` to the `{}` table without a default value. This is not possible if the table is not empty.",
                        c.name, t.name
                    ),
                    Some(format!("SELECT COUNT(*) FROM {from_table}")),
                    "rows",
                ));
            }
        }
        // Likely renames: same rendered type.
        for name in &td.dropped {
            let Some(fc) = f.column(name) else { continue };
            let ft = rendered_type(r, fc, from);
            for &tc in &td.added {
                let c = &t.columns[tc];
                if rendered_type(r, c, to) == ft && c.arity == fc.arity {
                    out.rename_hints.push(format!(
                        "`{}`.`{}` looks like a rename of `{name}` to `{}`: pass --rename {}.{name}={} to keep the data",
                        t.name, c.name, c.name, t.name, c.name
                    ));
                }
            }
        }
        let mut structural = !td.added.is_empty() || !td.dropped.is_empty();
        for &(tc, fc) in &td.pairs {
            let (c, o) = (&t.columns[tc], &f.columns[fc]);
            let (ct, ot) = (rendered_type(r, c, to), rendered_type(r, o, from));
            let type_changed = ct != ot || (c.arity == Arity::List) != (o.arity == Arity::List);
            let arity_changed = c.arity != o.arity && !type_changed;
            let default_changed = r.default_sql(c, to) != r.default_sql(o, from);
            // SQLite: `INTEGER PRIMARY KEY AUTOINCREMENT` either way, nothing to change.
            let sequence_changed = c.auto_increment != o.auto_increment && !sqlite;
            if !(type_changed || arity_changed || default_changed || sequence_changed) {
                continue;
            }
            if type_changed {
                td.retyped.push(c.name.clone());
            }
            structural = true;
            if type_changed && !widening(o, c, &ot, &ct) {
                out.warnings.push(Warning::new(
                    format!(
                        "You are about to alter the column `{}` on the `{}` table, from {ot} to {ct}: values that do not fit the new type will make the migration fail or be lost.",
                        c.name, t.name
                    ),
                    count_where(format!("{} IS NOT NULL", r.quote(&o.name))),
                    "non-null values",
                ));
            }
            if o.arity != Arity::Required && c.arity == Arity::Required && r.default_sql(c, to).is_none() {
                out.warnings.push(Warning::new(
                    format!(
                        "You are about to make the column `{}` on the `{}` table required without a default value. This will fail if it holds NULL values.",
                        c.name, t.name
                    ),
                    count_where(format!("{} IS NULL", r.quote(&o.name))),
                    "rows with NULL",
                ));
            }
            if sqlite {
                continue;
            }
            let list_changed = (c.arity == Arity::List) != (o.arity == Arity::List);
            if type_changed && (list_changed || !castable(&o.family, &c.family)) {
                if widening(o, c, &ot, &ct) {
                    out.warnings.push(Warning::new(
                        format!(
                            "The column `{}` on the `{}` table is dropped and added again to change its type: all the data in the column will be lost.",
                            c.name, t.name
                        ),
                        count_where(format!("{} IS NOT NULL", r.quote(&o.name))),
                        "non-null values",
                    ));
                }
                td.changes.push(TableChange::DropAndRecreateColumn { column: tc });
            } else {
                td.changes.push(TableChange::AlterColumn {
                    column: tc,
                    arity: c.arity != o.arity && !list_changed,
                    default: default_changed,
                    data_type: type_changed,
                    auto_increment: sequence_changed,
                });
            }
        }
        // Primary key.
        let pk_cols = |tb: &Table| tb.primary_key.as_ref().map(|pk| pk.columns.clone());
        let from_pk_cols = pk_cols(f).map(|cols| {
            cols.into_iter()
                .map(|mut c| {
                    if let Some((_, new)) = td.renamed.iter().find(|(o, _)| *o == c.name) {
                        c.name = new.clone();
                    }
                    c
                })
                .collect::<Vec<_>>()
        });
        // As Prisma: a primary key over a column whose type changes is dropped and added again.
        let pk_retyped =
            t.primary_key.as_ref().is_some_and(|pk| pk.columns.iter().any(|c| td.retyped.contains(&c.name)));
        let pk_changed = from_pk_cols != pk_cols(t) || (pk_retyped && f.primary_key.is_some());
        if pk_changed {
            structural = true;
            if !sqlite {
                if let Some(pk) = &f.primary_key {
                    td.changes.insert(0, TableChange::DropPrimaryKey { name: pk.name.clone() });
                }
                if t.primary_key.is_some() {
                    td.changes.push(TableChange::AddPrimaryKey);
                }
            }
        } else if let (Some(a), Some(b)) = (&f.primary_key, &t.primary_key) {
            if a.name != b.name && !sqlite {
                td.changes.insert(0, TableChange::RenamePrimaryKey { from: a.name.clone(), to: b.name.clone() });
            }
        }
        // Foreign keys of this table (SQLite: any change rebuilds).
        if sqlite {
            let fks = |s: &SqlSchema, i: usize, rename: bool| -> Vec<FkSig> {
                let mut v: Vec<_> = s
                    .foreign_keys
                    .iter()
                    .filter(|fk| fk.table == i)
                    .map(|fk| {
                        let cols = fk
                            .columns
                            .iter()
                            .map(|c| {
                                if rename {
                                    td.renamed.iter().find(|(o, _)| o == c).map(|(_, n)| n.clone()).unwrap_or(c.clone())
                                } else {
                                    c.clone()
                                }
                            })
                            .collect();
                        let referenced = if rename {
                            new_name_of(fk.referenced_table)
                        } else {
                            s.tables.get(fk.referenced_table).map(|t| t.name.clone())
                        };
                        (
                            fk.name.clone(),
                            cols,
                            referenced,
                            fk.referenced_columns.clone(),
                            format!("{:?}{:?}", fk.on_delete, fk.on_update),
                        )
                    })
                    .collect();
                v.sort();
                v
            };
            if fks(from, td.fi, true) != fks(to, td.ti, false) {
                structural = true;
            }
            // Only nullable columns added: `ALTER TABLE .. ADD COLUMN`, as Prisma does.
            let only_nullable_adds = td.dropped.is_empty()
                && !td.added.is_empty()
                && td.added.iter().all(|a| t.columns[*a].arity == Arity::Nullable && t.columns[*a].default.is_none())
                && td.changes.is_empty()
                && !pk_changed
                && fks(from, td.fi, true) == fks(to, td.ti, false)
                && td.pairs.iter().all(|&(tc, fc)| {
                    let (c, o) = (&t.columns[tc], &f.columns[fc]);
                    rendered_type(r, c, to) == rendered_type(r, o, from)
                        && c.arity == o.arity
                        && r.default_sql(c, to) == r.default_sql(o, from)
                });
            td.rebuild = structural && !only_nullable_adds;
        }
        if !sqlite || !td.rebuild {
            let mut renames_first: Vec<TableChange> = td
                .renamed
                .iter()
                .map(|(from, to)| TableChange::RenameColumn { from: from.clone(), to: to.clone() })
                .collect();
            if !sqlite || !td.rebuild {
                for name in &td.dropped {
                    td.changes.push(TableChange::DropColumn { name: name.clone() });
                }
                // Prisma adds columns in name order.
                let mut added = td.added.clone();
                added.sort_by(|a, b| t.columns[*a].name.cmp(&t.columns[*b].name));
                for tc in added {
                    td.changes.push(TableChange::AddColumn { column: tc });
                }
            }
            renames_first.append(&mut td.changes);
            // Prisma's order inside ALTER TABLE: drop pk, rename pk, drop, add, alter, add pk.
            renames_first.sort_by_key(|c| match c {
                TableChange::RenameColumn { .. } => 0,
                TableChange::DropPrimaryKey { .. } => 1,
                TableChange::RenamePrimaryKey { .. } => 2,
                TableChange::DropColumn { .. } => 3,
                TableChange::AddColumn { .. } => 4,
                TableChange::AlterColumn { .. } | TableChange::DropAndRecreateColumn { .. } => 5,
                TableChange::AddPrimaryKey => 6,
            });
            td.changes = renames_first;
        }
    }

    // Enums (PostgreSQL; SQLite stores enums as text).
    let from_enums: BTreeMap<_, usize> =
        from.enums.iter().enumerate().map(|(i, e)| (key(&e.namespace, &e.name), i)).collect();
    let to_enums: BTreeSet<_> = to.enums.iter().map(|e| key(&e.namespace, &e.name)).collect();

    // 1. CreateSchema, CreateEnum.
    for ns in &to.namespaces {
        if !from.namespaces.contains(ns) {
            out.steps.push(Step::CreateSchema { namespace: ns.clone() });
        }
    }
    for (i, e) in to.enums.iter().enumerate() {
        if !from_enums.contains_key(&key(&e.namespace, &e.name)) {
            out.steps.push(Step::CreateEnum { enum_index: i });
        }
    }
    // 2. RenameTable.
    for &ti in &renamed_tables {
        let fi = matched[&ti];
        let f = &from.tables[fi];
        out.steps.push(Step::RenameTable { namespace: f.namespace.clone(), from: f.name.clone(), table: ti });
    }
    // 3. AlterEnum.
    for (i, e) in to.enums.iter().enumerate() {
        let Some(fe) = from_enums.get(&key(&e.namespace, &e.name)).map(|fi| &from.enums[*fi]) else { continue };
        let added: Vec<String> = e.values.iter().filter(|v| !fe.values.contains(v)).cloned().collect();
        let removed: Vec<String> = fe.values.iter().filter(|v| !e.values.contains(v)).cloned().collect();
        if added.is_empty() && removed.is_empty() {
            continue;
        }
        if !removed.is_empty() {
            out.warnings.push(Warning::new(
                format!(
                    "The values [{}] on the enum `{}` will be removed. If these variants are still used in the database, this will fail.",
                    removed.join(","),
                    e.name
                ),
                enum_usage_count(r, from, from_enums[&key(&e.namespace, &e.name)], &removed),
                "rows using them",
            ));
        }
        let fei = from_enums[&key(&e.namespace, &e.name)];
        let mut columns = Vec::new();
        for td in &table_diffs {
            let f = &from.tables[td.fi];
            for (fc, c) in f.columns.iter().enumerate() {
                if c.family != TypeFamily::Enum(fei) {
                    continue;
                }
                let target = td.pairs.iter().find(|(_, x)| *x == fc).map(|(tc, _)| *tc);
                let target = target.filter(|tc| to.tables[td.ti].columns[*tc].family == TypeFamily::Enum(i));
                columns.push(EnumColumn { table: td.ti, column: c.name.clone(), restore_default_of: target });
            }
        }
        out.steps.push(Step::AlterEnum { enum_index: i, added, removed, columns });
    }
    // 4. DropForeignKey (PostgreSQL).
    let fk_sig = |fk: &ForeignKey, table_name: Option<String>, ref_name: Option<String>| -> FkFullSig {
        (
            fk.name.clone(),
            table_name,
            fk.columns.clone(),
            ref_name,
            fk.referenced_columns.clone(),
            format!("{:?}{:?}", fk.on_delete, fk.on_update),
        )
    };
    // Columns of `from` under their new names (`--rename Table.old=new`).
    let renamed_of: BTreeMap<usize, &Vec<(String, String)>> =
        table_diffs.iter().map(|td| (td.fi, &td.renamed)).collect();
    let new_columns = |fi: usize, columns: &[String]| -> Vec<String> {
        columns
            .iter()
            .map(|c| {
                renamed_of.get(&fi).and_then(|r| r.iter().find(|(o, _)| o == c)).map_or(c.clone(), |(_, n)| n.clone())
            })
            .collect()
    };
    let from_fk_sigs: Vec<_> = from
        .foreign_keys
        .iter()
        .map(|fk| {
            let mut sig = fk_sig(fk, new_name_of(fk.table), new_name_of(fk.referenced_table));
            sig.2 = new_columns(fk.table, &fk.columns);
            sig.4 = new_columns(fk.referenced_table, &fk.referenced_columns);
            sig
        })
        .collect();
    let to_fk_sigs: Vec<_> = to
        .foreign_keys
        .iter()
        .map(|fk| {
            fk_sig(
                fk,
                to.tables.get(fk.table).map(|t| t.name.clone()),
                to.tables.get(fk.referenced_table).map(|t| t.name.clone()),
            )
        })
        .collect();
    // A foreign key on a column that is dropped and added again must be added again too.
    let recreated: BTreeSet<(usize, String)> = table_diffs
        .iter()
        .flat_map(|td| {
            td.changes.iter().filter_map(move |c| match c {
                TableChange::DropAndRecreateColumn { column } => {
                    Some((td.ti, to.tables[td.ti].columns[*column].name.clone()))
                }
                _ => None,
            })
        })
        .collect();
    // ... and so must one over a column whose type changes, on either side (as Prisma does: the
    // referenced primary key may be dropped and added again).
    let retyped: BTreeSet<(usize, String)> =
        table_diffs.iter().flat_map(|td| td.retyped.iter().map(move |c| (td.ti, c.clone()))).collect();
    // Columns in target names, tables as target indexes.
    let touched = |ti: Option<usize>, columns: &[String], ref_ti: Option<usize>, ref_columns: &[String]| {
        ti.is_some_and(|ti| {
            columns.iter().any(|c| recreated.contains(&(ti, c.clone())) || retyped.contains(&(ti, c.clone())))
        }) || ref_ti.is_some_and(|rt| ref_columns.iter().any(|c| retyped.contains(&(rt, c.clone()))))
    };
    let from_fk_touched = |i: usize| {
        let fk = &from.foreign_keys[i];
        let (cols, ref_cols) = (&from_fk_sigs[i].2, &from_fk_sigs[i].4);
        touched(to_of_from.get(&fk.table).copied(), cols, to_of_from.get(&fk.referenced_table).copied(), ref_cols)
    };
    let to_fk_touched = |i: usize| {
        let fk = &to.foreign_keys[i];
        touched(Some(fk.table), &fk.columns, Some(fk.referenced_table), &fk.referenced_columns)
    };
    // Foreign keys whose name alone changes (the rest compared after renames): renamed, when the
    // pairing is unambiguous and no name is reused.
    let mut fk_renames: Vec<(usize, usize)> = Vec::new();
    if !sqlite {
        let gone: Vec<usize> = (0..from.foreign_keys.len())
            .filter(|&i| {
                let fk = &from.foreign_keys[i];
                let ti = to_of_from.get(&fk.table).copied();
                ti.is_some() && !to_fk_sigs.contains(&from_fk_sigs[i]) && !from_fk_touched(i)
            })
            .collect();
        let new: Vec<usize> = (0..to.foreign_keys.len())
            .filter(|&i| !from_fk_sigs.contains(&to_fk_sigs[i]) && !to_fk_touched(i))
            .collect();
        let unnamed = |sig: &FkFullSig| {
            let mut s = sig.clone();
            s.0.clear();
            s
        };
        for &fi in &gone {
            let matches: Vec<usize> =
                new.iter().copied().filter(|&ti| unnamed(&to_fk_sigs[ti]) == unnamed(&from_fk_sigs[fi])).collect();
            let [ti] = matches[..] else { continue };
            let back = gone.iter().filter(|&&g| unnamed(&from_fk_sigs[g]) == unnamed(&to_fk_sigs[ti])).count();
            let (old, newer) = (&from.foreign_keys[fi], &to.foreign_keys[ti]);
            let reused = from.foreign_keys.iter().any(|f| f.table == old.table && f.name == newer.name)
                || to.foreign_keys.iter().any(|t| t.table == newer.table && t.name == old.name);
            if back == 1 && !reused {
                fk_renames.push((fi, ti));
            }
        }
    }
    if !sqlite {
        for (i, fk) in from.foreign_keys.iter().enumerate() {
            let Some(ft) = from.tables.get(fk.table) else { continue };
            if fk_renames.iter().any(|(f, _)| *f == i) {
                continue;
            }
            // Foreign keys of dropped tables are dropped first too, as Prisma does.
            if !to_fk_sigs.contains(&from_fk_sigs[i]) || from_fk_touched(i) {
                let table_name = new_name_of(fk.table).unwrap_or(ft.name.clone());
                out.steps.push(Step::DropForeignKey {
                    namespace: ft.namespace.clone(),
                    table: table_name,
                    name: fk.name.clone(),
                });
            }
        }
    }
    // Indexes of kept tables (not rebuilt): kept, renamed, or dropped and created.
    let index_pairs: Vec<IndexPairs> = table_diffs
        .iter()
        .map(|td| pair_indexes(&from.tables[td.fi], &to.tables[td.ti], &td.renamed, &td.changes))
        .collect();
    // 5. DropIndex: indexes of kept tables (not rebuilt) that are gone or changed.
    for (td, pairs) in table_diffs.iter().zip(&index_pairs) {
        if td.rebuild {
            continue;
        }
        let (t, f) = (&to.tables[td.ti], &from.tables[td.fi]);
        for (i, idx) in f.indexes.iter().enumerate() {
            if !pairs.from_paired[i] {
                // Dropping a column drops its indexes; dropping them first is harmless.
                out.steps.push(Step::DropIndex {
                    namespace: t.namespace.clone(),
                    table: t.name.clone(),
                    name: idx.name.clone(),
                });
            }
        }
    }
    // 6. AlterTable.
    for td in &table_diffs {
        if !td.changes.is_empty() && !td.rebuild {
            out.steps.push(Step::AlterTable { table: td.ti, changes: td.changes.clone() });
        }
    }
    // 7. DropTable, DropEnum.
    let added_tables: Vec<usize> = (0..to.tables.len()).filter(|t| !matched.contains_key(t)).collect();
    for (fi, f) in from.tables.iter().enumerate() {
        if from_matched.contains(&fi) {
            continue;
        }
        out.warnings.push(Warning::new(
            format!("You are about to drop the table `{}`. All the data in the table will be lost.", f.name),
            Some(format!("SELECT COUNT(*) FROM {}", r.qualified(f.namespace.as_deref(), &f.name))),
            "rows",
        ));
        // Same column types (names may differ too: renamed columns are hinted after the table).
        let cols = |tb: &Table, s: &SqlSchema| -> Vec<String> {
            let mut v: Vec<String> =
                tb.columns.iter().map(|c| format!("{} {:?}", rendered_type(r, c, s), c.arity)).collect();
            v.sort();
            v
        };
        for &ti in &added_tables {
            if cols(f, from) == cols(&to.tables[ti], to) {
                out.rename_hints.push(format!(
                    "table `{}` looks like a rename of `{}` to `{}`: pass --rename {}={} to keep the data",
                    to.tables[ti].name, f.name, to.tables[ti].name, f.name, to.tables[ti].name
                ));
            }
        }
        out.steps.push(Step::DropTable { namespace: f.namespace.clone(), name: f.name.clone() });
    }
    for e in &from.enums {
        if !to_enums.contains(&key(&e.namespace, &e.name)) {
            out.steps.push(Step::DropEnum { namespace: e.namespace.clone(), name: e.name.clone() });
        }
    }
    // 8. CreateTable.
    for &ti in &added_tables {
        out.steps.push(Step::CreateTable { table: ti });
    }
    // 9. RedefineTables (SQLite).
    let mut redefine = Vec::new();
    for td in &table_diffs {
        if !td.rebuild {
            continue;
        }
        let (t, f) = (&to.tables[td.ti], &from.tables[td.fi]);
        let mut copy: Vec<CopyColumn> = td
            .pairs
            .iter()
            .map(|&(tc, fc)| {
                let (c, o) = (&t.columns[tc], &f.columns[fc]);
                CopyColumn {
                    from: o.name.clone(),
                    to: c.name.clone(),
                    coalesce: o.arity == Arity::Nullable && c.arity == Arity::Required && c.default.is_some(),
                }
            })
            .collect();
        copy.sort_by(|a, b| a.to.cmp(&b.to));
        redefine.push(RedefineTable { table: td.ti, from_name: t.name.clone(), copy });
    }
    if !redefine.is_empty() {
        out.steps.push(Step::RedefineTables { tables: redefine });
    }
    // 10. CreateIndex: new tables, then changed indexes of kept tables.
    for &ti in &added_tables {
        out.steps.extend((0..to.tables[ti].indexes.len()).map(|index| Step::CreateIndex { table: ti, index }));
    }
    for (td, pairs) in table_diffs.iter().zip(&index_pairs) {
        if td.rebuild {
            continue;
        }
        for ii in 0..to.tables[td.ti].indexes.len() {
            if !pairs.to_paired[ii] {
                out.steps.push(Step::CreateIndex { table: td.ti, index: ii });
            }
        }
    }
    // Unique indexes added to existing tables (also inside rebuilds) may fail on duplicates.
    for td in &table_diffs {
        let (t, f) = (&to.tables[td.ti], &from.tables[td.fi]);
        for idx in t.indexes.iter().filter(|i| i.kind == IndexKind::Unique) {
            let cols: Vec<&str> = idx.columns.iter().map(|c| c.name.as_str()).collect();
            let existed = f.indexes.iter().any(|x| {
                x.kind == IndexKind::Unique && {
                    let xc: Vec<String> = x
                        .columns
                        .iter()
                        .map(|c| {
                            td.renamed
                                .iter()
                                .find(|(o, _)| *o == c.name)
                                .map(|(_, n)| n.clone())
                                .unwrap_or(c.name.clone())
                        })
                        .collect();
                    xc.iter().map(String::as_str).eq(cols.iter().copied())
                }
            });
            let new_columns_only = idx.columns.iter().all(|c| td.added.iter().any(|a| t.columns[*a].name == c.name));
            if !existed && !new_columns_only {
                // Duplicates among the rows that exist now: old column names, old table name.
                let old_cols: Vec<String> = cols
                    .iter()
                    .map(|c| {
                        let old = td.renamed.iter().find(|(_, n)| n == c).map_or(*c, |(o, _)| o.as_str());
                        r.quote(old)
                    })
                    .collect();
                let count_sql =
                    idx.columns.iter().all(|c| !td.added.iter().any(|a| t.columns[*a].name == c.name)).then(|| {
                        format!(
                            "SELECT COUNT(*) FROM (SELECT 1 FROM {} GROUP BY {} HAVING COUNT(*) > 1) AS d",
                            r.qualified(f.namespace.as_deref(), &f.name),
                            old_cols.join(", ")
                        )
                    });
                out.warnings.push(Warning::new(
                    format!(
                        "A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.",
                        cols.join(","),
                        t.name
                    ),
                    count_sql,
                    "duplicate groups",
                ));
            }
        }
    }
    // 11. RenameForeignKey, AddForeignKey (PostgreSQL).
    for &(fi, ti) in &fk_renames {
        let (old, new) = (&from.foreign_keys[fi], &to.foreign_keys[ti]);
        let Some(table) = to.tables.get(new.table) else { continue };
        out.steps.push(Step::RenameForeignKey {
            namespace: table.namespace.clone(),
            table: table.name.clone(),
            from: old.name.clone(),
            to: new.name.clone(),
        });
    }
    if !sqlite {
        for (i, sig) in to_fk_sigs.iter().enumerate() {
            if fk_renames.iter().any(|(_, t)| *t == i) {
                continue;
            }
            if !from_fk_sigs.contains(sig) || to_fk_touched(i) {
                out.steps.push(Step::AddForeignKey { foreign_key: i });
            }
        }
    }
    // 12. RenameIndex (PostgreSQL) / RedefineIndex (SQLite, which cannot rename one).
    for (td, pairs) in table_diffs.iter().zip(&index_pairs) {
        if td.rebuild {
            continue;
        }
        for (from_name, index) in &pairs.renamed {
            let (table, from, index) = (td.ti, from_name.clone(), *index);
            out.steps.push(if sqlite {
                Step::RedefineIndex { table, from, index }
            } else {
                Step::RenameIndex { table, from, index }
            });
        }
    }
    out.warnings.dedup();
    Ok(out)
}

/// `migrate diff` between two states: the steps and their rendering.
#[derive(Debug, Clone)]
pub struct SchemaDiff {
    pub to: SqlSchema,
    pub diff: Diff,
}

impl SchemaDiff {
    pub fn script(&self) -> String {
        match self.to.provider.and_then(renderer_for) {
            Some(r) => r.render_script(&self.diff.steps, &self.to),
            None => super::EMPTY_MIGRATION.to_string(),
        }
    }

    pub fn summary(&self) -> String {
        steps::summary(&self.diff.steps, &self.to)
    }

    pub fn has_changes(&self) -> bool {
        !self.diff.steps.is_empty()
    }
}
