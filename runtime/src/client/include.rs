//! Loading relations: one query per included relation and level, grouped in memory.

use super::conn::Conn;
use super::exec::{key_part, model_key, shape_sql, Key, ShapeKey};
use super::field::OrderBy;
use super::filter::{Cond, Filter};
use super::model::{Model, ModelMeta, RelationLink};
use super::relation::relation;
use super::sql::{column, Sql};
use super::value::Value;
use super::{Error, Result};
use crate::Backend;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Keys per statement (SQLite binds at most 32766 parameters; PostgreSQL takes one array parameter).
const KEYS_PER_QUERY: usize = 10_000;

pub(crate) trait Loader<M> {
    fn load(&self, conn: &mut Conn, parents: &mut [M]) -> Result<()>;
}

/// A relation to load with the records of `M` (`relation.include()`, or the relation handle itself).
pub struct Include<M> {
    loader: Box<dyn Loader<M>>,
}

pub(crate) fn load_includes<M>(conn: &mut Conn, rows: &mut [M], include: &[Include<M>]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    for inc in include {
        inc.loader.load(conn, rows)?;
    }
    Ok(())
}

/// Options of a to-many include.
pub struct IncludeMany<M, T> {
    rel: u16,
    set: fn(&mut M, Vec<T>),
    filter: Cond,
    order: Vec<OrderBy<T>>,
    skip: Option<i64>,
    take: Option<i64>,
    nested: Vec<Include<T>>,
}

impl<M: Model, T: Model> IncludeMany<M, T> {
    pub(crate) fn new(rel: u16, set: fn(&mut M, Vec<T>)) -> Self {
        IncludeMany { rel, set, filter: Cond::All, order: Vec::new(), skip: None, take: None, nested: Vec::new() }
    }

    /// Only related records matching `filter`.
    pub fn filter(mut self, filter: impl Into<Filter<T>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::All).and(filter.into().cond);
        self
    }

    /// Orders the related records of each parent.
    pub fn order_by(mut self, order: OrderBy<T>) -> Self {
        self.order.push(order);
        self
    }

    /// Skips the first `n` related records of each parent.
    pub fn skip(mut self, n: i64) -> Self {
        self.skip = Some(n);
        self
    }

    /// At most `n` related records per parent.
    pub fn take(mut self, n: i64) -> Self {
        self.take = Some(n);
        self
    }

    /// Loads a relation of the related records too.
    pub fn include(mut self, include: impl Into<Include<T>>) -> Self {
        self.nested.push(include.into());
        self
    }
}

impl<M: Model, T: Model> From<IncludeMany<M, T>> for Include<M> {
    fn from(i: IncludeMany<M, T>) -> Self {
        Include { loader: Box::new(i) }
    }
}

impl<M: Model, T: Model> From<super::relation::ToMany<M, T>> for Include<M> {
    fn from(r: super::relation::ToMany<M, T>) -> Self {
        r.include().into()
    }
}

/// Options of a to-one include.
pub struct IncludeOne<M, T> {
    rel: u16,
    set: fn(&mut M, Option<T>),
    nested: Vec<Include<T>>,
}

impl<M: Model, T: Model + Clone> IncludeOne<M, T> {
    pub(crate) fn new(rel: u16, set: fn(&mut M, Option<T>)) -> Self {
        IncludeOne { rel, set, nested: Vec::new() }
    }

    /// Loads a relation of the related record too.
    pub fn include(mut self, include: impl Into<Include<T>>) -> Self {
        self.nested.push(include.into());
        self
    }
}

impl<M: Model, T: Model + Clone> From<IncludeOne<M, T>> for Include<M> {
    fn from(i: IncludeOne<M, T>) -> Self {
        Include { loader: Box::new(i) }
    }
}

impl<M: Model, T: Model + Clone> From<super::relation::ToOne<M, T>> for Include<M> {
    fn from(r: super::relation::ToOne<M, T>) -> Self {
        r.include().into()
    }
}

/// Distinct non-NULL keys of the parents over `cols`, with their values.
fn parent_keys<M: Model>(parents: &[M], cols: &[u16]) -> Vec<Vec<Value>> {
    let mut seen: HashSet<Key> = HashSet::new();
    let mut out = Vec::new();
    for p in parents {
        if let Some((k, v)) = model_key(p, cols) {
            if seen.insert(k) {
                out.push(v);
            }
        }
    }
    out
}

/// The parameters [`keys_cond`] binds, in order.
fn keys_params(backend: Backend, exprs: usize, keys: &[Vec<Value>]) -> Vec<Value> {
    if exprs == 1 && backend == Backend::Postgres && keys.len() > 1 {
        return vec![Value::List(keys.iter().map(|k| k[0].clone()).collect())];
    }
    keys.iter().flat_map(|k| k.iter().cloned()).collect()
}

/// `<cols> IN (<keys>)` on alias `tA` (or a raw column expression for join tables).
fn keys_cond(sql: &mut Sql, exprs: &[String], casts: &[Option<&str>], keys: &[Vec<Value>]) {
    if exprs.len() == 1 {
        sql.push(&exprs[0]);
        match sql.backend {
            // One parent (a unique lookup with includes): `=`, which PostgreSQL evaluates faster per scanned row
            // than `= ANY` over an array, and plans with the column's statistics for one value.
            Backend::Postgres if keys.len() == 1 => {
                sql.push(" = ");
                sql.param(keys[0][0].clone());
                if let Some(cast) = casts[0] {
                    let _ = write!(sql.text, "::text::{cast}");
                }
            }
            Backend::Postgres => {
                sql.push(" = ANY(");
                sql.param(Value::List(keys.iter().map(|k| k[0].clone()).collect()));
                if let Some(cast) = casts[0] {
                    let _ = write!(sql.text, "::text[]::{cast}[]");
                }
                sql.push(")");
            }
            Backend::Sqlite => {
                sql.push(" IN (");
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        sql.push(", ");
                    }
                    sql.param(k[0].clone());
                }
                sql.push(")");
            }
        }
        return;
    }
    sql.push("(");
    sql.push(&exprs.join(", "));
    sql.push(") IN (");
    if sql.backend == Backend::Sqlite {
        sql.push("VALUES ");
    }
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push("(");
        for (j, v) in k.iter().enumerate() {
            if j > 0 {
                sql.push(", ");
            }
            sql.param(v.clone());
            if sql.backend == Backend::Postgres {
                if let Some(cast) = casts[j] {
                    let _ = write!(sql.text, "::text::{cast}");
                }
            }
        }
        sql.push(")");
    }
    sql.push(")");
}

fn col_expr(meta: &ModelMeta, alias: u32, c: u16) -> Result<(String, Option<&'static str>)> {
    let col = column(meta, c)?;
    Ok((format!("\"t{alias}\".\"{}\"", col.db_name.replace('"', "\"\"")), col.pg_cast))
}

/// Loads rows of `T` related to `keys`; each result row is `T`'s columns then the key columns.
/// `join`: for implicit many-to-many, (join table, column to the parent, column to the target, target id).
///
/// `relation`: the parent model and the relation's index, which determine the key columns: a plain include
/// (no filter, order, skip or take) then has a fixed SQL shape per number of keys, cached.
#[allow(clippy::too_many_arguments)]
fn load_related<T: Model>(
    conn: &mut Conn,
    relation: (&'static ModelMeta, u16),
    key_exprs: &[String],
    key_casts: &[Option<&str>],
    join: Option<(&str, &str, &str, u16)>,
    keys: &[Vec<Value>],
    filter: &Cond,
    order: &[OrderBy<T>],
    skip: Option<i64>,
    take: Option<i64>,
) -> Result<Vec<(Key, T)>> {
    let meta = T::META;
    let backend = conn.backend();
    let plain = matches!(filter, Cond::All) && order.is_empty() && skip.is_none() && take.is_none();
    let mut out = Vec::new();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        // PostgreSQL binds one key column's values (of more than one parent) as one array.
        let n = if backend == Backend::Postgres && key_exprs.len() == 1 && chunk.len() > 1 {
            0
        } else {
            chunk.len() as u64
        };
        let key = plain.then(|| {
            let a = relation.0 as *const ModelMeta as u64;
            ShapeKey::new(meta, OP_INCLUDE, backend, a, u64::from(relation.1) | (n << 16), 0)
        });
        let build = || load_related_sql(meta, backend, key_exprs, key_casts, join, chunk, filter, order, skip, take);
        let n = meta.columns.len();
        let nk = key_exprs.len();
        let mut decode = |row: &super::value::Row<'_>| {
            let t = T::from_row(row)?;
            let mut key = Vec::with_capacity(nk);
            for i in 0..nk {
                key.push(key_part(&row.value(n + i)?));
            }
            out.push((key, t));
            Ok(())
        };
        if key.is_some() {
            let sql = shape_sql(key, || build().map(|s| s.text))?;
            let params = keys_params(backend, nk, chunk);
            conn.query(&sql, &params, Some(meta), meta.columns, None, &mut decode)?;
        } else {
            let sql = build()?;
            conn.query(&sql.text, &sql.params, Some(meta), meta.columns, None, &mut decode)?;
        }
    }
    Ok(out)
}

/// The shape-cache operation of plain includes. Taken elsewhere: 1 and 101 (find_unique), 2–7 (writes), 20–30
/// (update_many), 250–251 (transaction control).
const OP_INCLUDE: u8 = 40;

/// The SQL of [`load_related`] for one chunk of keys.
#[allow(clippy::too_many_arguments)]
fn load_related_sql<T>(
    meta: &ModelMeta,
    backend: Backend,
    key_exprs: &[String],
    key_casts: &[Option<&str>],
    join: Option<(&str, &str, &str, u16)>,
    chunk: &[Vec<Value>],
    filter: &Cond,
    order: &[OrderBy<T>],
    skip: Option<i64>,
    take: Option<i64>,
) -> Result<Sql> {
    {
        let mut sql = Sql::new(backend);
        let windowed = skip.is_some_and(|s| s > 0) || take.is_some();
        sql.push("SELECT ");
        if windowed {
            for i in 0..meta.columns.len() {
                let _ = write!(sql.text, "{}\"c{i}\"", if i > 0 { ", " } else { "" });
            }
            for i in 0..key_exprs.len() {
                let _ = write!(sql.text, ", \"k{i}\"");
            }
            sql.push(" FROM (SELECT ");
        }
        for (i, c) in meta.columns.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.col_out(Some(1), c);
            if windowed {
                let _ = write!(sql.text, " AS \"c{i}\"");
            }
        }
        for (i, e) in key_exprs.iter().enumerate() {
            sql.push(", ");
            sql.push(e);
            if sql.backend == Backend::Postgres && key_casts[i].is_some() {
                sql.push("::text");
            }
            if windowed {
                let _ = write!(sql.text, " AS \"k{i}\"");
            }
        }
        if windowed {
            sql.push(", ROW_NUMBER() OVER (PARTITION BY ");
            sql.push(&key_exprs.join(", "));
            if order.is_empty() {
                sql.push(" ORDER BY ");
                let pk: Vec<String> =
                    meta.primary_key.iter().map(|&c| col_expr(meta, 1, c).map(|e| e.0)).collect::<Result<_>>()?;
                sql.push(&pk.join(", "));
            } else {
                sql.order_by(meta, 1, order)?;
            }
            sql.push(") AS \"rn\"");
        }
        sql.push(" FROM ");
        sql.table(meta, 1);
        if let Some((table, this_col, other_col, other_id)) = join {
            sql.push(" JOIN ");
            sql.ident(table);
            sql.push(" AS \"t2\" ON \"t2\".");
            sql.ident(other_col);
            sql.push(" = ");
            sql.col(1, column(meta, other_id)?);
            let _ = this_col;
        }
        sql.push(" WHERE ");
        keys_cond(&mut sql, key_exprs, key_casts, chunk);
        if !matches!(filter, Cond::All) {
            sql.push(" AND ");
            // Relation filters inside use aliases from 3 on.
            sql.alias();
            sql.alias();
            sql.cond(meta, 1, filter)?;
        }
        if windowed {
            sql.push(") AS \"w\" WHERE \"rn\" > ");
            sql.param(Value::BigInt(skip.unwrap_or(0)));
            if let Some(t) = take {
                sql.push(" AND \"rn\" <= ");
                sql.param(Value::BigInt(skip.unwrap_or(0).saturating_add(t)));
            }
            sql.push(" ORDER BY ");
            for i in 0..key_exprs.len() {
                let _ = write!(sql.text, "\"k{i}\", ");
            }
            sql.push("\"rn\"");
        } else {
            sql.order_by(meta, 1, order)?;
        }
        Ok(sql)
    }
}

fn check_counts(skip: Option<i64>, take: Option<i64>) -> Result<()> {
    for (what, n) in [("skip", skip), ("take", take)] {
        if let Some(n) = n.filter(|n| *n < 0) {
            return Err(Error::Validation(format!("include `{what}` must not be negative (got {n})")));
        }
    }
    Ok(())
}

impl<M: Model, T: Model> Loader<M> for IncludeMany<M, T> {
    fn load(&self, conn: &mut Conn, parents: &mut [M]) -> Result<()> {
        check_counts(self.skip, self.take)?;
        let rel = relation::<M>(self.rel)?;
        let target = T::META;
        let (parent_cols, key_exprs, key_casts, join): (Vec<u16>, Vec<String>, Vec<Option<&str>>, _) = match &rel.link {
            RelationLink::Inverse { fields, references } => {
                let mut exprs = Vec::new();
                let mut casts = Vec::new();
                for &f in fields.iter() {
                    let (e, c) = col_expr(target, 1, f)?;
                    exprs.push(e);
                    casts.push(c);
                }
                (references.to_vec(), exprs, casts, None)
            }
            RelationLink::ManyToMany { table, this_column, other_column, this_id, other_id } => {
                let cast = column(M::META, *this_id)?.pg_cast;
                let expr = format!("\"t2\".\"{}\"", this_column.replace('"', "\"\""));
                (vec![*this_id], vec![expr], vec![cast], Some((*table, *this_column, *other_column, *other_id)))
            }
            RelationLink::Owned { fields, references } => {
                // A to-many relation whose foreign key is on this side (not produced by Prisma schemas).
                let mut exprs = Vec::new();
                let mut casts = Vec::new();
                for &r in references.iter() {
                    let (e, c) = col_expr(target, 1, r)?;
                    exprs.push(e);
                    casts.push(c);
                }
                (fields.to_vec(), exprs, casts, None)
            }
        };
        let keys = parent_keys(parents, &parent_cols);
        let mut rows = if keys.is_empty() {
            Vec::new()
        } else {
            load_related::<T>(
                conn,
                (M::META, self.rel),
                &key_exprs,
                &key_casts,
                join,
                &keys,
                &self.filter,
                &self.order,
                self.skip,
                self.take,
            )?
        };
        if !self.nested.is_empty() && !rows.is_empty() {
            let (ks, mut ts): (Vec<Key>, Vec<T>) = rows.into_iter().unzip();
            load_includes(conn, &mut ts, &self.nested)?;
            rows = ks.into_iter().zip(ts).collect();
        }
        let mut groups: HashMap<Key, Vec<T>> = HashMap::new();
        for (k, t) in rows {
            groups.entry(k).or_default().push(t);
        }
        for p in parents.iter_mut() {
            let list = model_key(p, &parent_cols).and_then(|(k, _)| groups.remove(&k)).unwrap_or_default();
            (self.set)(p, list);
        }
        Ok(())
    }
}

impl<M: Model, T: Model + Clone> Loader<M> for IncludeOne<M, T> {
    fn load(&self, conn: &mut Conn, parents: &mut [M]) -> Result<()> {
        let rel = relation::<M>(self.rel)?;
        let target = T::META;
        let (parent_cols, target_cols) = match &rel.link {
            RelationLink::Owned { fields, references } => (fields.to_vec(), references.to_vec()),
            RelationLink::Inverse { fields, references } => (references.to_vec(), fields.to_vec()),
            RelationLink::ManyToMany { .. } => {
                return Err(Error::Validation(format!("`{}` is a many-to-many relation", rel.name)))
            }
        };
        let mut exprs = Vec::new();
        let mut casts = Vec::new();
        for &c in &target_cols {
            let (e, cast) = col_expr(target, 1, c)?;
            exprs.push(e);
            casts.push(cast);
        }
        let keys = parent_keys(parents, &parent_cols);
        let rows = if keys.is_empty() {
            Vec::new()
        } else {
            load_related::<T>(conn, (M::META, self.rel), &exprs, &casts, None, &keys, &Cond::All, &[], None, None)?
        };
        let (ks, mut ts): (Vec<Key>, Vec<T>) = rows.into_iter().unzip();
        load_includes(conn, &mut ts, &self.nested)?;
        let map: HashMap<Key, T> = ks.into_iter().zip(ts).collect();
        for p in parents.iter_mut() {
            let found = model_key(p, &parent_cols).and_then(|(k, _)| map.get(&k).cloned());
            (self.set)(p, found);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize, width: usize) -> Vec<Vec<Value>> {
        (0..n).map(|i| (0..width).map(|j| Value::String(format!("k{i}_{j}"))).collect()).collect()
    }

    /// The cached include SQL is bound with `keys_params`: it must bind what `keys_cond` would, in order.
    #[test]
    fn key_parameters_match_the_built_condition() {
        for backend in [Backend::Postgres, Backend::Sqlite] {
            for width in [1, 2] {
                for n in [1, 2, 5] {
                    let exprs: Vec<String> = (0..width).map(|j| format!("\"t1\".\"c{j}\"")).collect();
                    let casts = vec![None; width];
                    let keys = keys(n, width);
                    let mut sql = Sql::new(backend);
                    keys_cond(&mut sql, &exprs, &casts, &keys);
                    assert_eq!(keys_params(backend, width, &keys), sql.params, "{backend:?} {width} {n}: {}", sql.text);
                }
            }
        }
    }

    #[test]
    fn one_parent_is_an_equality_on_postgres_many_an_array() {
        let exprs = ["\"t1\".\"tagId\"".to_owned()];
        let mut sql = Sql::new(Backend::Postgres);
        keys_cond(&mut sql, &exprs, &[Some("uuid")], &keys(1, 1));
        assert_eq!(sql.text, "\"t1\".\"tagId\" = $1::text::uuid");
        let mut sql = Sql::new(Backend::Postgres);
        keys_cond(&mut sql, &exprs, &[Some("uuid")], &keys(3, 1));
        assert_eq!(sql.text, "\"t1\".\"tagId\" = ANY($1::text[]::uuid[])");
        assert!(matches!(&sql.params[..], [Value::List(l)] if l.len() == 3));
    }
}
