//! Reads: find_unique, find_first, find_many (+ select), count, aggregate, group_by.

use super::conn::Conn;
use super::exec::{fetch_one, key_part, mask_of, shape_sql, Key, ShapeKey};
use super::field::{unique_cond, AggKind, Field, FieldType, OrderBy, OrderTarget, SortOrder, Unique};
use super::filter::{CmpOp, Cond, Filter, Having};
use super::include::{load_includes, Include};
use super::model::{Model, ModelMeta};
use super::sql::{column, Sql, BARE};
use super::value::{DbType, Numeric, Ordered, Row, Value};
use super::{Ctx, Error, Repo, Result};
use std::collections::HashSet;
use std::marker::PhantomData;

pub(crate) const OP_FIND_UNIQUE: u8 = 1;

fn check_count(what: &str, n: Option<i64>) -> Result<()> {
    match n {
        Some(n) if n < 0 => Err(Error::Validation(format!("`{what}` must not be negative (got {n})"))),
        _ => Ok(()),
    }
}

/// `SELECT <cols> FROM t AS t0 WHERE <unique>` (cached per unique key shape).
pub(crate) fn select_unique_sql(
    meta: &'static ModelMeta,
    backend: crate::Backend,
    values: &[(u16, Value)],
    lock: bool,
) -> Result<super::exec::Shaped> {
    let mask = if values.iter().any(|(_, v)| v.is_null()) { None } else { mask_of(values.iter().map(|(c, _)| *c)) };
    let key = mask.map(|m| ShapeKey::new(meta, OP_FIND_UNIQUE + if lock { 100 } else { 0 }, backend, m, 0, 0));
    shape_sql(key, || {
        let mut sql = Sql::new(backend);
        sql.push("SELECT ");
        sql.columns(meta, None);
        sql.push(" FROM ");
        sql.table(meta, BARE);
        sql.push(" WHERE ");
        sql.cond(meta, BARE, &unique_cond(values))?;
        if lock && backend == crate::Backend::Postgres {
            sql.push(" FOR UPDATE");
        }
        Ok(sql.text)
    })
}

pub(crate) fn unique_params(values: &[(u16, Value)]) -> Vec<Value> {
    values.iter().filter(|(_, v)| !v.is_null()).map(|(_, v)| v.clone()).collect()
}

pub(crate) fn find_by_unique<M: Model>(conn: &mut Conn, values: &[(u16, Value)], lock: bool) -> Result<Option<M>> {
    check_unique(M::META, values)?;
    let sql = select_unique_sql(M::META, conn.backend(), values, lock)?;
    if values.iter().any(|(_, v)| v.is_null()) {
        fetch_one(conn, &sql, &unique_params(values))
    } else {
        fetch_one(conn, &sql, values)
    }
}

#[inline]
pub(crate) fn check_unique(meta: &ModelMeta, values: &[(u16, Value)]) -> Result<()> {
    if values.is_empty() {
        return Err(Error::Validation(format!("a unique lookup of {} needs at least one field", meta.name)));
    }
    for (c, _) in values {
        if usize::from(*c) >= meta.columns.len() {
            column(meta, *c)?;
        }
    }
    Ok(())
}

impl<'a, M: Model> Repo<'a, M> {
    /// The record with this primary key / unique value, if any.
    pub fn find_unique(&self, unique: Unique<M>) -> FindUnique<'a, M> {
        FindUnique { ctx: self.ctx, unique, include: Vec::new() }
    }

    /// The first record matching the filter (in the given order).
    pub fn find_first(&self) -> FindFirst<'a, M> {
        FindFirst { inner: self.find_many() }
    }

    /// The records matching the filter.
    pub fn find_many(&self) -> FindMany<'a, M> {
        FindMany {
            ctx: self.ctx,
            filter: Cond::All,
            order: Vec::new(),
            skip: None,
            take: None,
            cursor: None,
            distinct: Vec::new(),
            include: Vec::new(),
        }
    }

    /// The number of records matching the filter.
    pub fn count(&self) -> Count<'a, M> {
        Count { ctx: self.ctx, filter: Cond::All, _m: PhantomData }
    }

    /// Aggregates over the records matching the filter: `.count()`, `.sum(f)`, `.avg(f)`, `.min(f)`, `.max(f)`.
    pub fn aggregate(&self) -> Aggregate<'a, M> {
        Aggregate { ctx: self.ctx, filter: Cond::All, aggs: Vec::new(), _m: PhantomData }
    }

    /// Groups of records by the values of `keys` (a field or a tuple of fields), with aggregates per group.
    pub fn group_by<S: Selection<M>>(&self, keys: S) -> GroupBy<'a, M, S> {
        GroupBy {
            ctx: self.ctx,
            keys,
            filter: Cond::All,
            aggs: Vec::new(),
            having: Cond::All,
            order: Vec::new(),
            skip: None,
            take: None,
        }
    }
}

/// Builder of `find_unique`.
pub struct FindUnique<'a, M: Model> {
    ctx: Ctx<'a>,
    unique: Unique<M>,
    include: Vec<Include<M>>,
}

impl<M: Model> FindUnique<'_, M> {
    /// Loads a relation (one more query per relation).
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.include.push(include.into());
        self
    }

    /// Runs the query.
    #[inline]
    pub fn exec(self) -> Result<Option<M>> {
        let FindUnique { ctx, unique, include } = self;
        ctx.run(|conn| {
            let values = unique.values;
            check_unique(M::META, &values)?;
            let sql = select_unique_sql(M::META, conn.backend(), &values, false)?;
            // NULLs are matched with IS NULL, not bound.
            let found = if values.iter().any(|(_, v)| v.is_null()) {
                fetch_one::<M, _>(conn, &sql, &unique_params(&values))
            } else {
                fetch_one::<M, _>(conn, &sql, values.as_slice())
            };
            if include.is_empty() {
                // Nothing to free (never pushed to): skips the out-of-line drop of an empty `Vec`.
                std::mem::forget(include);
                return found;
            }
            let Some(m) = found? else { return Ok(None) };
            let mut rows = vec![m];
            load_includes(conn, &mut rows, &include)?;
            Ok(rows.pop())
        })
    }
}

/// Builder of `find_many`.
pub struct FindMany<'a, M: Model> {
    ctx: Ctx<'a>,
    filter: Cond,
    order: Vec<OrderBy<M>>,
    skip: Option<i64>,
    take: Option<i64>,
    cursor: Option<Unique<M>>,
    distinct: Vec<u16>,
    include: Vec<Include<M>>,
}

impl<'a, M: Model> FindMany<'a, M> {
    /// Only records matching `filter` (repeated calls AND the filters).
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::All).and(filter.into().cond);
        self
    }

    /// Orders the records (repeatable: later orderings break ties of earlier ones).
    pub fn order_by(mut self, order: OrderBy<M>) -> Self {
        self.order.push(order);
        self
    }

    /// Skips the first `n` records (must not be negative).
    pub fn skip(mut self, n: i64) -> Self {
        self.skip = Some(n);
        self
    }

    /// At most `n` records (must not be negative).
    pub fn take(mut self, n: i64) -> Self {
        self.take = Some(n);
        self
    }

    /// Starts at this record (included), in the query's order (the primary key breaks ties). A cursor record
    /// that does not exist gives no records.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.cursor = Some(unique);
        self
    }

    /// Only the first record of each distinct value of `field` (repeatable: distinct combinations).
    pub fn distinct<T>(mut self, field: Field<M, T>) -> Self {
        self.distinct.push(field.col);
        self
    }

    /// Loads a relation: one query per included relation and level, whatever the number of records.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.include.push(include.into());
        self
    }

    /// Only some fields: `.select((user::id(), user::email()))` gives `Vec<(String, String)>`.
    pub fn select<S: Selection<M>>(self, fields: S) -> SelectMany<'a, M, S> {
        SelectMany { inner: self, fields }
    }

    /// Runs the query.
    pub fn exec(self) -> Result<Vec<M>> {
        check_count("skip", self.skip)?;
        check_count("take", self.take)?;
        let ctx = self.ctx;
        ctx.run(|conn| {
            let mut rows = Vec::new();
            let picked: Vec<u16> = (0..M::META.columns.len() as u16).collect();
            self.run(conn, &picked, &mut |row| {
                rows.push(M::from_row(row)?);
                Ok(())
            })?;
            if !self.distinct.is_empty() {
                rows = apply_distinct(rows, &self.distinct, self.skip, self.take);
            }
            load_includes(conn, &mut rows, &self.include)?;
            Ok(rows)
        })
    }

    /// Builds and runs the SELECT of `picked` columns (all columns for models).
    fn run(&self, conn: &mut Conn, picked: &[u16], f: &mut dyn FnMut(&Row<'_>) -> Result<()>) -> Result<()> {
        let meta = M::META;
        let mut sql = Sql::new(conn.backend());
        let mut order = self.order.clone();
        let mut filter = self.filter.clone();
        if let Some(cursor) = &self.cursor {
            let Some(c) = find_by_unique::<M>(conn, &cursor.values, false)? else { return Ok(()) };
            for &pk in meta.primary_key {
                if !order.iter().any(|o| matches!(o.target, OrderTarget::Column(x) if x == pk)) {
                    order.push(Field::<M, ()>::new(pk).asc());
                }
            }
            filter = filter.and(cursor_cond(&order, &c));
        }
        sql.push("SELECT ");
        for (i, &c) in picked.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.col_out(Some(0), column(meta, c)?);
        }
        sql.push(" FROM ");
        sql.table(meta, 0);
        if !matches!(filter, Cond::All) {
            sql.push(" WHERE ");
            sql.cond(meta, 0, &filter)?;
        }
        sql.order_by(meta, 0, &order)?;
        if self.distinct.is_empty() {
            sql.limit(self.take, self.skip);
        }
        let all = picked.len() == meta.columns.len() && picked.iter().enumerate().all(|(i, &c)| i == c as usize);
        let picked = if all { None } else { Some(picked) };
        conn.query(&sql.text, &sql.params, Some(meta), meta.columns, picked, f)
    }
}

/// Records at or after the cursor record in `order` (lexicographic over the order columns).
fn cursor_cond<M: Model>(order: &[OrderBy<M>], c: &M) -> Cond {
    let cols: Vec<(u16, SortOrder)> = order
        .iter()
        .filter_map(|o| match o.target {
            OrderTarget::Column(col) => Some((col, o.dir)),
            OrderTarget::Agg(..) => None,
        })
        .collect();
    let mut alternatives = Vec::new();
    for i in 0..=cols.len() {
        let mut conj: Vec<Cond> = cols[..i].iter().map(|&(col, _)| Cond::Cmp(col, CmpOp::Eq, c.value(col))).collect();
        if let Some(&(col, dir)) = cols.get(i) {
            let op = if dir == SortOrder::Asc { CmpOp::Gt } else { CmpOp::Lt };
            conj.push(Cond::Cmp(col, op, c.value(col)));
        }
        alternatives.push(Cond::And(conj));
    }
    Cond::Or(alternatives)
}

fn apply_distinct<M: Model>(rows: Vec<M>, cols: &[u16], skip: Option<i64>, take: Option<i64>) -> Vec<M> {
    let mut seen: HashSet<Key> = HashSet::new();
    let skip = skip.unwrap_or(0).max(0) as usize;
    let take = take.map_or(usize::MAX, |t| t.max(0) as usize);
    rows.into_iter()
        .filter(|r| seen.insert(cols.iter().map(|&c| key_part(&r.value(c))).collect()))
        .skip(skip)
        .take(take)
        .collect()
}

/// Builder of `find_first`.
pub struct FindFirst<'a, M: Model> {
    inner: FindMany<'a, M>,
}

impl<M: Model> FindFirst<'_, M> {
    /// Only records matching `filter`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.inner = self.inner.filter(filter);
        self
    }
    /// Orders the records.
    pub fn order_by(mut self, order: OrderBy<M>) -> Self {
        self.inner = self.inner.order_by(order);
        self
    }
    /// Skips the first `n` records.
    pub fn skip(mut self, n: i64) -> Self {
        self.inner = self.inner.skip(n);
        self
    }
    /// Starts at this record.
    pub fn cursor(mut self, unique: Unique<M>) -> Self {
        self.inner = self.inner.cursor(unique);
        self
    }
    /// Only the first record of each distinct value of `field`.
    pub fn distinct<T>(mut self, field: Field<M, T>) -> Self {
        self.inner = self.inner.distinct(field);
        self
    }
    /// Loads a relation.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.inner = self.inner.include(include);
        self
    }
    /// Runs the query.
    pub fn exec(self) -> Result<Option<M>> {
        Ok(self.inner.take(1).exec()?.pop())
    }
}

/// Fields chosen with `.select(..)` (a field or a tuple of up to 6 fields) or grouped with `group_by(..)`.
pub trait Selection<M> {
    /// The Rust type of a result row.
    type Out;
    /// The column indexes.
    fn columns(&self) -> Vec<u16>;
    /// Decodes a row whose first columns are the selected ones.
    fn decode(row: &Row<'_>) -> Result<Self::Out>;
}

impl<M, T: DbType> Selection<M> for Field<M, T> {
    type Out = T;
    fn columns(&self) -> Vec<u16> {
        vec![self.col]
    }
    fn decode(row: &Row<'_>) -> Result<T> {
        row.get(0)
    }
}

macro_rules! selection_tuple {
    ($($t:ident $i:tt),+) => {
        impl<M, $($t: DbType),+> Selection<M> for ($(Field<M, $t>,)+) {
            type Out = ($($t,)+);
            fn columns(&self) -> Vec<u16> {
                vec![$(self.$i.col),+]
            }
            fn decode(row: &Row<'_>) -> Result<Self::Out> {
                Ok(($(row.get::<$t>($i)?,)+))
            }
        }
    };
}
selection_tuple!(A 0);
selection_tuple!(A 0, B 1);
selection_tuple!(A 0, B 1, C 2);
selection_tuple!(A 0, B 1, C 2, D 3);
selection_tuple!(A 0, B 1, C 2, D 3, E 4);
selection_tuple!(A 0, B 1, C 2, D 3, E 4, F 5);

/// `find_many().select(..)`: rows of the selected fields.
pub struct SelectMany<'a, M: Model, S> {
    inner: FindMany<'a, M>,
    fields: S,
}

impl<M: Model, S: Selection<M>> SelectMany<'_, M, S> {
    /// Runs the query.
    pub fn exec(self) -> Result<Vec<S::Out>> {
        let inner = self.inner;
        check_count("skip", inner.skip)?;
        check_count("take", inner.take)?;
        if !inner.include.is_empty() {
            return Err(Error::Validation("`select` cannot be combined with `include`".into()));
        }
        let mut picked = self.fields.columns();
        let n = picked.len();
        // Distinct needs the distinct columns too: they are appended after the selected ones.
        for &d in &inner.distinct {
            picked.push(d);
        }
        inner.ctx.run(|conn| {
            let mut out = Vec::new();
            let mut seen: HashSet<Key> = HashSet::new();
            inner.run(conn, &picked, &mut |row| {
                if !inner.distinct.is_empty() {
                    let mut key = Vec::new();
                    for i in n..picked.len() {
                        key.push(key_part(&row.value(i)?));
                    }
                    if !seen.insert(key) {
                        return Ok(());
                    }
                }
                out.push(S::decode(row)?);
                Ok(())
            })?;
            if !inner.distinct.is_empty() {
                let skip = inner.skip.unwrap_or(0) as usize;
                let take = inner.take.map_or(usize::MAX, |t| t as usize);
                out = out.into_iter().skip(skip).take(take).collect();
            }
            Ok(out)
        })
    }
}

/// Builder of `count`.
pub struct Count<'a, M> {
    ctx: Ctx<'a>,
    filter: Cond,
    _m: PhantomData<fn() -> M>,
}

impl<M: Model> Count<'_, M> {
    /// Only records matching `filter`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::All).and(filter.into().cond);
        self
    }

    /// Runs the query.
    pub fn exec(self) -> Result<i64> {
        let meta = M::META;
        self.ctx.run(|conn| {
            let mut sql = Sql::new(conn.backend());
            sql.push("SELECT COUNT(*) FROM ");
            sql.table(meta, 0);
            if !matches!(self.filter, Cond::All) {
                sql.push(" WHERE ");
                sql.cond(meta, 0, &self.filter)?;
            }
            let mut n = 0;
            conn.query(&sql.text, &sql.params, Some(meta), &[], None, &mut |row| {
                n = row.get::<i64>(0)?;
                Ok(())
            })?;
            Ok(n)
        })
    }
}

/// Aggregates computed by `aggregate()` or per group of `group_by()`. Getters return `None` when there was no
/// non-NULL value (or the aggregate was not asked for).
pub struct AggResult<M> {
    values: Vec<((AggKind, u16), Value)>,
    _m: PhantomData<fn() -> M>,
}

impl<M> std::fmt::Debug for AggResult<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values.iter()).finish()
    }
}

impl<M> AggResult<M> {
    fn get(&self, kind: AggKind, col: u16) -> Option<&Value> {
        self.values.iter().find(|((k, c), _)| *k == kind && *c == col).map(|(_, v)| v).filter(|v| !v.is_null())
    }

    /// The number of records (`COUNT(*)`); 0 if not asked for.
    pub fn count(&self) -> i64 {
        self.get(AggKind::CountAll, 0).and_then(Value::as_i64).unwrap_or(0)
    }

    /// The number of non-NULL values of `field`; 0 if not asked for.
    pub fn count_of<T>(&self, field: Field<M, T>) -> i64 {
        self.get(AggKind::Count, field.col).and_then(Value::as_i64).unwrap_or(0)
    }

    /// The sum of `field` (`i64` for `Int` and `BigInt`, `f64` for `Float`, `Decimal` for `Decimal`).
    pub fn sum<T: FieldType>(&self, field: Field<M, T>) -> Option<<T::Inner as Numeric>::Sum>
    where
        T::Inner: Numeric,
    {
        self.get(AggKind::Sum, field.col).and_then(|v| DbType::from_value(v.clone()).ok())
    }

    /// The average of `field` (`f64`, or `Decimal` for `Decimal`).
    pub fn avg<T: FieldType>(&self, field: Field<M, T>) -> Option<<T::Inner as Numeric>::Avg>
    where
        T::Inner: Numeric,
    {
        self.get(AggKind::Avg, field.col).and_then(|v| DbType::from_value(v.clone()).ok())
    }

    /// The smallest value of `field`.
    pub fn min<T: FieldType>(&self, field: Field<M, T>) -> Option<T::Inner> {
        self.get(AggKind::Min, field.col).and_then(|v| DbType::from_value(v.clone()).ok())
    }

    /// The largest value of `field`.
    pub fn max<T: FieldType>(&self, field: Field<M, T>) -> Option<T::Inner> {
        self.get(AggKind::Max, field.col).and_then(|v| DbType::from_value(v.clone()).ok())
    }

    /// The raw value of an aggregate, as the database returned it.
    pub fn raw(&self, index: usize) -> Option<&Value> {
        self.values.get(index).map(|(_, v)| v)
    }
}

fn write_aggs(sql: &mut Sql, meta: &ModelMeta, aggs: &[(AggKind, u16)], first: bool) -> Result<()> {
    for (i, &(kind, col)) in aggs.iter().enumerate() {
        if i > 0 || !first {
            sql.push(", ");
        }
        sql.agg(meta, 0, kind, col)?;
    }
    Ok(())
}

fn read_aggs<M>(row: &Row<'_>, base: usize, aggs: &[(AggKind, u16)]) -> Result<AggResult<M>> {
    let mut values = Vec::with_capacity(aggs.len());
    for (i, &a) in aggs.iter().enumerate() {
        // Decoded by database type only: no column metadata applies (AVG of an Int is not an Int).
        values.push((a, row.value(base + i)?));
    }
    Ok(AggResult { values, _m: PhantomData })
}

macro_rules! agg_methods {
    () => {
        /// Counts the records (`COUNT(*)`): read with `.count()`.
        pub fn count(mut self) -> Self {
            self.aggs.push((AggKind::CountAll, 0));
            self
        }
        /// Counts the non-NULL values of `field`: read with `.count_of(field)`.
        pub fn count_of<T>(mut self, field: Field<M, T>) -> Self {
            self.aggs.push((AggKind::Count, field.col));
            self
        }
        /// The sum of a numeric field: read with `.sum(field)`.
        pub fn sum<T: FieldType>(mut self, field: Field<M, T>) -> Self
        where
            T::Inner: Numeric,
        {
            self.aggs.push((AggKind::Sum, field.col));
            self
        }
        /// The average of a numeric field: read with `.avg(field)`.
        pub fn avg<T: FieldType>(mut self, field: Field<M, T>) -> Self
        where
            T::Inner: Numeric,
        {
            self.aggs.push((AggKind::Avg, field.col));
            self
        }
        /// The smallest value: read with `.min(field)`.
        pub fn min<T: FieldType>(mut self, field: Field<M, T>) -> Self
        where
            T::Inner: Ordered,
        {
            self.aggs.push((AggKind::Min, field.col));
            self
        }
        /// The largest value: read with `.max(field)`.
        pub fn max<T: FieldType>(mut self, field: Field<M, T>) -> Self
        where
            T::Inner: Ordered,
        {
            self.aggs.push((AggKind::Max, field.col));
            self
        }
    };
}

/// Builder of `aggregate`.
pub struct Aggregate<'a, M> {
    ctx: Ctx<'a>,
    filter: Cond,
    aggs: Vec<(AggKind, u16)>,
    _m: PhantomData<fn() -> M>,
}

impl<M: Model> Aggregate<'_, M> {
    agg_methods!();

    /// Only records matching `filter`.
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::All).and(filter.into().cond);
        self
    }

    /// Runs the query.
    pub fn exec(self) -> Result<AggResult<M>> {
        let meta = M::META;
        if self.aggs.is_empty() {
            return Ok(AggResult { values: Vec::new(), _m: PhantomData });
        }
        self.ctx.run(|conn| {
            let mut sql = Sql::new(conn.backend());
            sql.push("SELECT ");
            write_aggs(&mut sql, meta, &self.aggs, true)?;
            sql.push(" FROM ");
            sql.table(meta, 0);
            if !matches!(self.filter, Cond::All) {
                sql.push(" WHERE ");
                sql.cond(meta, 0, &self.filter)?;
            }
            let mut out = None;
            conn.query(&sql.text, &sql.params, Some(meta), &[], None, &mut |row| {
                out = Some(read_aggs(row, 0, &self.aggs)?);
                Ok(())
            })?;
            Ok(out.unwrap_or(AggResult { values: Vec::new(), _m: PhantomData }))
        })
    }
}

/// One group of `group_by`: the key values and the aggregates (`group.aggs.count()`, `group.aggs.sum(f)`, ...).
#[derive(Debug)]
pub struct Group<M, K> {
    /// The values of the grouping fields.
    pub key: K,
    /// The aggregates of the group.
    pub aggs: AggResult<M>,
}

/// Builder of `group_by`.
pub struct GroupBy<'a, M, S> {
    ctx: Ctx<'a>,
    keys: S,
    filter: Cond,
    aggs: Vec<(AggKind, u16)>,
    having: Cond,
    order: Vec<OrderBy<M>>,
    skip: Option<i64>,
    take: Option<i64>,
}

impl<M: Model, S: Selection<M>> GroupBy<'_, M, S> {
    agg_methods!();

    /// Only records matching `filter` (before grouping).
    pub fn filter(mut self, filter: impl Into<Filter<M>>) -> Self {
        self.filter = std::mem::replace(&mut self.filter, Cond::All).and(filter.into().cond);
        self
    }

    /// Only groups matching `having` (aggregates: `AggExpr::count_all().gt(1)`, `field.sum().gte(10)`).
    pub fn having(mut self, having: Having<M>) -> Self {
        self.having = std::mem::replace(&mut self.having, Cond::All).and(having.cond);
        self
    }

    /// Orders the groups by a grouping field (`field.asc()`) or an aggregate (`field.sum().desc()`).
    pub fn order_by(mut self, order: OrderBy<M>) -> Self {
        self.order.push(order);
        self
    }

    /// Skips the first `n` groups.
    pub fn skip(mut self, n: i64) -> Self {
        self.skip = Some(n);
        self
    }

    /// At most `n` groups.
    pub fn take(mut self, n: i64) -> Self {
        self.take = Some(n);
        self
    }

    /// Runs the query.
    pub fn exec(self) -> Result<Vec<Group<M, S::Out>>> {
        check_count("skip", self.skip)?;
        check_count("take", self.take)?;
        let meta = M::META;
        let keys = self.keys.columns();
        self.ctx.run(|conn| {
            let mut sql = Sql::new(conn.backend());
            sql.push("SELECT ");
            for (i, &c) in keys.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.col_out(Some(0), column(meta, c)?);
            }
            write_aggs(&mut sql, meta, &self.aggs, keys.is_empty())?;
            sql.push(" FROM ");
            sql.table(meta, 0);
            if !matches!(self.filter, Cond::All) {
                sql.push(" WHERE ");
                sql.cond(meta, 0, &self.filter)?;
            }
            if !keys.is_empty() {
                sql.push(" GROUP BY ");
                for (i, &c) in keys.iter().enumerate() {
                    if i > 0 {
                        sql.push(", ");
                    }
                    sql.col(0, column(meta, c)?);
                }
            }
            if !matches!(self.having, Cond::All) {
                sql.push(" HAVING ");
                sql.cond(meta, 0, &self.having)?;
            }
            sql.order_by(meta, 0, &self.order)?;
            sql.limit(self.take, self.skip);
            let mut out = Vec::new();
            let n = keys.len();
            conn.query(&sql.text, &sql.params, Some(meta), meta.columns, Some(&keys), &mut |row| {
                let key = S::decode(row)?;
                let aggs = read_aggs(row, n, &self.aggs)?;
                out.push(Group { key, aggs });
                Ok(())
            })?;
            Ok(out)
        })
    }
}
