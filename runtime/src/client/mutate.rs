//! Writes: create, create_many, update, update_many, upsert, delete, delete_many.

use super::conn::Conn;
use super::exec::{fetch_one, mask_of, shape_sql, ShapeKey};
use super::field::{unique_cond, Arith, Set, SetOp, Unique};
use super::filter::{Cond, Filter};
use super::include::{load_includes, Include};
use super::model::{ClientDefault, ColumnMeta, Model, ModelMeta, RelationLink, RelationMeta, ScalarKind};
use super::query::{check_unique, find_by_unique, unique_params};
use super::relation::NestedCreate;
use super::sql::{check_value, column, Sql, BARE};
use super::value::{Row, Value};
use super::{Ctx, Error, Repo, Result};
use crate::Backend;
use chrono::{DateTime, Utc};
use std::marker::PhantomData;

const OP_INSERT: u8 = 2;
const OP_UPDATE: u8 = 3;
const OP_DELETE: u8 = 4;
const OP_BY_ROWID: u8 = 5;
const OP_UPDATE_PLAIN: u8 = 6;
const OP_INSERT_PLAIN: u8 = 7;
/// `update_many` shapes: this plus the filter's form (0 = none, 1 = one comparison, 2 + n = AND of n).
const OP_UPDATE_MANY: u8 = 20;

/// Data for `create`, implemented by generated `…Create` structs: pushes `(column index, value)` for every field
/// that is present (absent ones get their default).
pub trait CreateData<M> {
    /// The values of the present fields.
    fn into_values(self, out: &mut Vec<(u16, Value)>);
}

impl<M> CreateData<M> for Vec<(u16, Value)> {
    fn into_values(self, out: &mut Vec<(u16, Value)>) {
        out.extend(self);
    }
}

/// The current time in whole milliseconds (what both databases store).
fn now_ms() -> DateTime<Utc> {
    let ms = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(e) => -(e.duration().as_millis() as i64),
    };
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A cuid (version 1): `c`, the time in ms (base 36), a process-wide counter (4 digits), a fingerprint of
/// the process (4 digits) and 8 random digits, 25 characters in all, as the `cuid` crate makes them, without its
/// per-call allocations. The random digits come from a per-thread generator seeded from the operating system's
/// randomness (cuid v1 ids are not secrets: like Prisma's, they are guessable by design).
pub(crate) fn cuid1(millis: i64) -> String {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::OnceLock;
    const BLOCK: u64 = 36 * 36 * 36 * 36;
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    static FINGERPRINT: OnceLock<u64> = OnceLock::new();
    thread_local! {
        static RNG: Cell<u64> = const { Cell::new(0) };
    }
    /// `v` in base 36, at least `width` digits.
    #[inline]
    fn push36(out: &mut Vec<u8>, mut v: u64, width: usize) {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut buf = [b'0'; 16];
        let mut i = 16;
        while v > 0 || i == 16 {
            i -= 1;
            buf[i] = DIGITS[(v % 36) as usize];
            v /= 36;
        }
        out.extend_from_slice(&buf[(16 - width).min(i)..]);
    }
    let fingerprint = *FINGERPRINT.get_or_init(|| {
        let random = u64::from_le_bytes(uuid::Uuid::new_v4().as_bytes()[..8].try_into().unwrap_or_default());
        (u64::from(std::process::id()) % (36 * 36)) * 36 * 36 + random % (36 * 36)
    });
    let counter = COUNTER.fetch_add(1, Ordering::Relaxed) as u64 % BLOCK;
    let random = RNG.with(|state| {
        let mut s = state.get();
        if s == 0 {
            s = u64::from_le_bytes(uuid::Uuid::new_v4().as_bytes()[..8].try_into().unwrap_or_default()) | 1;
        }
        // splitmix64
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    });
    let mut out = Vec::with_capacity(26);
    out.push(b'c');
    push36(&mut out, millis.max(0) as u64, 8);
    push36(&mut out, counter, 4);
    push36(&mut out, fingerprint, 4);
    push36(&mut out, random % (BLOCK * BLOCK), 8);
    String::from_utf8(out).unwrap_or_default()
}

/// The value of a client-side default (`None` for none). The common ones (`cuid()`, `now()`) here, the others out of
/// line: the code a create runs stays small.
#[inline]
fn generate(default: ClientDefault, now: &mut Option<DateTime<Utc>>) -> Option<Value> {
    match default {
        ClientDefault::None => None,
        ClientDefault::Cuid => Some(Value::String(cuid1(now.get_or_insert_with(now_ms).timestamp_millis()))),
        ClientDefault::Now => Some(Value::DateTime(*now.get_or_insert_with(now_ms))),
        other => Some(generate_id(other)),
    }
}

#[inline(never)]
fn generate_id(default: ClientDefault) -> Value {
    match default {
        ClientDefault::Cuid2 => Value::String(cuid::cuid2()),
        ClientDefault::Uuid4 => Value::String(uuid::Uuid::new_v4().to_string()),
        ClientDefault::Uuid7 => Value::String(uuid::Uuid::now_v7().to_string()),
        ClientDefault::Ulid => Value::String(ulid::Ulid::new().to_string()),
        ClientDefault::Nanoid(n) => {
            let n = if n == 0 { 21 } else { usize::from(n) };
            Value::String(nanoid::nanoid!(n))
        }
        ClientDefault::None | ClientDefault::Cuid | ClientDefault::Now => Value::Null,
    }
}

/// What a create needs to know of a model's columns, as bit sets (models of at most 64 columns): computed once
/// per model and thread, so a create looks at the metadata of the columns it fills only.
#[derive(Clone, Copy)]
struct CreatePlan {
    /// Columns that get a value when the create leaves them out (client default, `@updatedAt`, NULL).
    filled: u64,
    /// Columns that cannot be NULL.
    required: u64,
    /// Decimal columns (a Float given for them must be finite).
    decimal: u64,
    /// `@updatedAt` columns.
    updated_at: u64,
}

impl CreatePlan {
    fn of(meta: &ModelMeta) -> Self {
        let mut plan = CreatePlan { filled: 0, required: 0, decimal: 0, updated_at: 0 };
        for (i, col) in meta.columns.iter().enumerate().take(64) {
            let bit = 1u64 << i;
            if col.client_default != ClientDefault::None
                || col.updated_at
                || (col.nullable && !col.list && !col.has_db_default)
            {
                plan.filled |= bit;
            }
            if !col.nullable {
                plan.required |= bit;
            }
            if matches!(col.kind, ScalarKind::Decimal { .. }) {
                plan.decimal |= bit;
            }
            if col.updated_at {
                plan.updated_at |= bit;
            }
        }
        plan
    }
}

const PLAN_SLOTS: usize = 64;

thread_local! {
    /// Direct-mapped by the model's address; a model whose slot another one holds is recomputed (a walk of its
    /// columns, what every create did before).
    static PLANS: std::cell::Cell<[(usize, CreatePlan); PLAN_SLOTS]> =
        const { std::cell::Cell::new([(0, CreatePlan { filled: 0, required: 0, decimal: 0, updated_at: 0 }); PLAN_SLOTS]) };
}

#[inline]
fn create_plan(meta: &'static ModelMeta) -> CreatePlan {
    let addr = meta as *const ModelMeta as usize;
    let slot = ((addr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize;
    PLANS.with(|plans| {
        let cells: &std::cell::Cell<[(usize, CreatePlan)]> = plans;
        let cell = &cells.as_slice_of_cells()[slot];
        let (a, plan) = cell.get();
        if a == addr {
            return plan;
        }
        let plan = CreatePlan::of(meta);
        cell.set((addr, plan));
        plan
    })
}

/// Fills client defaults and `@updatedAt`, orders by column, checks the values. Returns the set of columns of the
/// completed row (`None` for models of more than 64 columns).
fn complete_create(meta: &'static ModelMeta, backend: Backend, values: &mut Vec<(u16, Value)>) -> Result<Option<u64>> {
    let n = meta.columns.len();
    if n > 64 {
        complete_create_wide(meta, backend, values)?;
        return Ok(None);
    }
    let plan = create_plan(meta);
    let mut present = 0u64;
    let mut sorted = true;
    let mut last = 0u64;
    for (c, v) in values.iter() {
        let c = *c as usize;
        if c >= n {
            return Err(Error::Validation(format!("{} has no column #{c}", meta.name)));
        }
        let bit = 1u64 << c;
        if present & bit != 0 {
            return Err(Error::Validation(format!("`{}` is given twice", meta.columns[c].name)));
        }
        sorted &= bit > last;
        last = bit;
        present |= bit;
        check_present(meta, &plan, backend, c, bit, v)?;
    }
    if !sorted {
        values.sort_unstable_by_key(|(c, _)| *c);
    }
    // The missing columns, put where they belong in one pass from the back (one timestamp for every `now()` /
    // `@updatedAt` column of the row).
    let missing = plan.filled & !present;
    if missing != 0 {
        let given = values.len();
        let mut src = given;
        let mut dst = given + missing.count_ones() as usize;
        values.resize_with(dst, || (0, Value::Null));
        let mut now = None;
        let mut cols = present | missing;
        // `dst - src` = missing columns not yet placed; none left = the rest is in place.
        while dst > src {
            let i = 63 - cols.leading_zeros() as usize;
            cols &= !(1u64 << i);
            dst -= 1;
            if missing & (1u64 << i) != 0 {
                // The slot holds a placeholder NULL: nothing to drop.
                std::mem::forget(std::mem::replace(&mut values[dst], (i as u16, fill(&meta.columns[i], &mut now))));
            } else {
                src -= 1;
                values.swap(src, dst);
            }
        }
    }
    Ok(Some(present | missing))
}

/// The value of a column a create leaves out: its client default, now (`@updatedAt`), else NULL (what the
/// database would store for it; with it the row is fully known client-side).
#[inline]
fn fill(col: &ColumnMeta, now: &mut Option<DateTime<Utc>>) -> Value {
    if let Some(v) = generate(col.client_default, now) {
        v
    } else if col.updated_at {
        Value::DateTime(*now.get_or_insert_with(now_ms))
    } else {
        Value::Null
    }
}

/// The checks of [`check_value`] for a value the caller gave, with the column facts from the plan.
#[inline]
fn check_present(meta: &ModelMeta, plan: &CreatePlan, backend: Backend, c: usize, bit: u64, v: &Value) -> Result<()> {
    let suspect = match v {
        Value::Null => plan.required & bit != 0,
        Value::Float(_) => plan.decimal & bit != 0,
        Value::String(_) | Value::Enum(_) | Value::Json(_) | Value::List(_) => backend == Backend::Postgres,
        _ => false,
    };
    if suspect {
        check_value(backend, &meta.columns[c], v)?;
    }
    Ok(())
}

/// [`complete_create`] for models of more than 64 columns.
fn complete_create_wide(meta: &ModelMeta, backend: Backend, values: &mut Vec<(u16, Value)>) -> Result<()> {
    let n = meta.columns.len();
    let mut present = vec![false; n];
    for (c, _) in values.iter() {
        let c = *c as usize;
        if c >= n {
            return Err(Error::Validation(format!("{} has no column #{c}", meta.name)));
        }
        if present[c] {
            return Err(Error::Validation(format!("`{}` is given twice", meta.columns[c].name)));
        }
        present[c] = true;
    }
    let mut now = None;
    for (i, col) in meta.columns.iter().enumerate() {
        if present[i] {
            continue;
        }
        if let Some(v) = generate(col.client_default, &mut now) {
            values.push((i as u16, v));
        } else if col.updated_at {
            values.push((i as u16, Value::DateTime(*now.get_or_insert_with(now_ms))));
        } else if col.nullable && !col.list && !col.has_db_default {
            values.push((i as u16, Value::Null));
        }
    }
    if !values.is_sorted_by_key(|(c, _)| *c) {
        values.sort_unstable_by_key(|(c, _)| *c);
    }
    for (c, v) in values.iter() {
        check_value(backend, &meta.columns[*c as usize], v)?;
    }
    Ok(())
}

fn insert_sql(
    meta: &ModelMeta,
    backend: Backend,
    rows: &[&[(u16, Value)]],
    skip_duplicates: bool,
    returning: bool,
) -> Result<String> {
    let mut sql = Sql::new(backend);
    sql.push("INSERT INTO ");
    sql.ident(meta.table);
    let first = rows.first().copied().unwrap_or(&[]);
    if first.is_empty() {
        sql.push(" DEFAULT VALUES");
    } else {
        sql.push(" (");
        for (i, (c, _)) in first.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.ident(column(meta, *c)?.db_name);
        }
        sql.push(") VALUES ");
        for (r, row) in rows.iter().enumerate() {
            if r > 0 {
                sql.push(", ");
            }
            sql.push("(");
            for (i, (c, v)) in row.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.param_for(column(meta, *c)?, v.clone());
            }
            sql.push(")");
        }
    }
    if skip_duplicates {
        sql.push(" ON CONFLICT DO NOTHING");
    }
    if returning {
        sql.push(" RETURNING ");
        sql.columns(meta, None);
    }
    Ok(sql.text)
}

/// Inserts one row (defaults filled in) and returns it as stored.
///
/// Omitted nullable columns without a database default are NULL, so a row is fully known client-side unless a
/// database default applies (autoincrement, `dbgenerated`, literal defaults). SQLite: `RETURNING` costs more than
/// the INSERT itself there, so a fully known row is built from the values as SQLite stores them, and otherwise read
/// back by rowid on the same connection. PostgreSQL: a plain INSERT when the row is fully known and stored as given
/// (see [`pg_stores_as_given`]), else `INSERT … RETURNING`.
pub(crate) fn insert_row<M: Model>(conn: &mut Conn, mut values: Vec<(u16, Value)>) -> Result<M> {
    let meta = M::META;
    let backend = conn.backend();
    let mask = complete_create(meta, backend, &mut values)?;
    let returning = backend == Backend::Postgres;
    let all_known = values.len() == meta.columns.len();
    if returning && all_known && mask.is_some() && pg_stores_as_given(meta, &values) {
        // PostgreSQL stores these values unchanged when the column types are the plain ones (checked on the
        // prepared statement's parameter types): a plain INSERT, the row built client-side.
        let key = mask.map(|m| ShapeKey::new(meta, OP_INSERT_PLAIN, backend, m, 0, 0));
        let sql = shape_sql(key, || insert_sql(meta, backend, &[&values], false, false))?;
        if conn.pg_params_exact(&sql, Some(meta))? {
            conn.execute(&sql, values.as_slice(), Some(meta))?;
            for ((_, v), col) in values.iter_mut().zip(meta.columns) {
                if let (Value::Decimal(d), ScalarKind::Decimal { scale: Some(s) }) = (v, col.kind) {
                    d.rescale(s);
                }
            }
            return row_of_values::<M>(values, meta);
        }
    }
    let key = mask.map(|m| ShapeKey::new(meta, OP_INSERT, backend, m, 0, 0));
    let sql = shape_sql(key, || insert_sql(meta, backend, &[&values], false, returning))?;
    if returning {
        return fetch_one::<M, _>(conn, &sql, values.as_slice())?
            .ok_or_else(|| Error::Validation(format!("the INSERT into {} returned no row", meta.name)));
    }
    conn.execute(&sql, values.as_slice(), Some(meta))?;
    if all_known {
        // `values` has every column once, in column order: position = column index.
        for (_, v) in values.iter_mut() {
            as_sqlite_stores(v);
        }
        return row_of_values::<M>(values, meta);
    }
    let rowid = conn.last_insert_rowid().unwrap_or_default();
    let sql = shape_sql(Some(ShapeKey::new(meta, OP_BY_ROWID, backend, 0, 0, 0)), || {
        let mut sql = Sql::new(backend);
        sql.push("SELECT ");
        sql.columns(meta, None);
        sql.push(" FROM ");
        sql.ident(meta.table);
        sql.push(" WHERE rowid = ?1");
        Ok(sql.text)
    })?;
    fetch_one::<M, _>(conn, &sql, &[Value::BigInt(rowid)])?
        .ok_or_else(|| Error::Validation(format!("the row inserted into {} is gone", meta.name)))
}

/// The model built from the values of a complete row (column order), taking them out.
#[inline]
fn row_of_values<M: Model>(values: Vec<(u16, Value)>, meta: &ModelMeta) -> Result<M> {
    let stored = std::cell::RefCell::new(values);
    let row = M::from_row(&Row::values(&stored, meta.columns));
    // `from_row` took every column (NULLs left in their place); only what it left needs dropping.
    for (_, v) in stored.into_inner() {
        if v.is_null() {
            std::mem::forget(v);
        }
    }
    row
}

/// PostgreSQL: whether every value of a complete row is stored exactly as given, judged by column metadata and
/// value (the column types are checked on the prepared statement too): no scalar lists or native-type casts,
/// date-times in whole milliseconds (`TIMESTAMP(3)`), decimals with a declared scale at least their own, no JSON
/// `null` documents.
fn pg_stores_as_given(meta: &ModelMeta, values: &[(u16, Value)]) -> bool {
    values.iter().all(|(c, v)| {
        let col = &meta.columns[*c as usize];
        if col.list || col.pg_cast.is_some() {
            return false;
        }
        match (v, col.kind) {
            (Value::Null, _) => true,
            (Value::DateTime(d), ScalarKind::DateTime) => d.timestamp_subsec_nanos() % 1_000_000 == 0,
            (Value::Decimal(d), ScalarKind::Decimal { scale: Some(s) }) => s <= 28 && d.scale() <= s,
            (Value::Json(j), ScalarKind::Json) => !j.is_null(),
            (Value::String(_), ScalarKind::String)
            | (Value::Bool(_), ScalarKind::Bool)
            | (Value::Int(_), ScalarKind::Int)
            | (Value::BigInt(_), ScalarKind::BigInt)
            | (Value::Float(_), ScalarKind::Float)
            | (Value::Bytes(_), ScalarKind::Bytes)
            | (Value::Enum(_), ScalarKind::Enum { .. }) => true,
            _ => false,
        }
    })
}

/// A bound value as SQLite stores it: date-times in whole milliseconds, decimals through REAL (NUMERIC affinity),
/// NaN as NULL.
#[inline]
fn as_sqlite_stores(v: &mut Value) {
    if matches!(v, Value::DateTime(_) | Value::Float(_) | Value::Decimal(_)) {
        as_sqlite_stores_slow(v);
    }
}

fn as_sqlite_stores_slow(v: &mut Value) {
    match v {
        Value::DateTime(d) if d.timestamp_subsec_nanos() % 1_000_000 != 0 => {
            if let Some(ms) = DateTime::from_timestamp_millis(d.timestamp_millis()) {
                *d = ms;
            }
        }
        Value::Float(f) if f.is_nan() => *v = Value::Null,
        Value::Decimal(d) if !d.fract().is_zero() || i64::try_from(*d).is_err() => {
            use rust_decimal::prelude::ToPrimitive;
            if let Some(r) = d.to_f64().and_then(|f| super::value::decimal_from_f64(f, None)) {
                *d = r;
            }
        }
        _ => {}
    }
}

/// Adds (`connect`) or removes a row of an implicit many-to-many join table.
pub(crate) fn link(conn: &mut Conn, rel: &RelationMeta, this: Value, other: Value, connect: bool) -> Result<()> {
    let RelationLink::ManyToMany { table, this_column, other_column, .. } = &rel.link else {
        return Err(Error::Validation(format!("`{}` is not an implicit many-to-many relation", rel.name)));
    };
    let mut sql = Sql::new(conn.backend());
    if connect {
        sql.push("INSERT INTO ");
        sql.ident(table);
        sql.push(" (");
        sql.ident(this_column);
        sql.push(", ");
        sql.ident(other_column);
        sql.push(") VALUES (");
        sql.param(this);
        sql.push(", ");
        sql.param(other);
        sql.push(") ON CONFLICT DO NOTHING");
    } else {
        sql.push("DELETE FROM ");
        sql.ident(table);
        sql.push(" WHERE ");
        sql.ident(this_column);
        sql.push(" = ");
        sql.param(this);
        sql.push(" AND ");
        sql.ident(other_column);
        sql.push(" = ");
        sql.param(other);
    }
    conn.execute(&sql.text, &sql.params, None)?;
    Ok(())
}

/// The value of `col` of the record of `meta` found by a unique lookup.
fn lookup_column(
    conn: &mut Conn,
    meta: &'static ModelMeta,
    unique: &[(u16, Value)],
    col: u16,
) -> Result<Option<Value>> {
    check_unique(meta, unique)?;
    let mut sql = Sql::new(conn.backend());
    sql.push("SELECT ");
    sql.col_out(Some(0), column(meta, col)?);
    sql.push(" FROM ");
    sql.table(meta, 0);
    sql.push(" WHERE ");
    sql.cond(meta, 0, &unique_cond(unique))?;
    let mut out = None;
    let picked = [col];
    conn.query(&sql.text, &sql.params, Some(meta), meta.columns, Some(&picked), &mut |row| {
        out = Some(row.value(0)?);
        Ok(())
    })?;
    Ok(out)
}

fn apply_links<M: Model>(conn: &mut Conn, parent: &M, links: Vec<SetOp>) -> Result<()> {
    for op in links {
        let (rel, targets, connect) = match op {
            SetOp::Connect(r, t) => (r, t, true),
            SetOp::Disconnect(r, t) => (r, t, false),
            _ => continue,
        };
        let meta = super::relation::relation::<M>(rel)?;
        let RelationLink::ManyToMany { this_id, other_id, .. } = meta.link else {
            return Err(Error::Validation(format!("`{}` is not an implicit many-to-many relation", meta.name)));
        };
        let target = (meta.target)();
        for unique in targets {
            match lookup_column(conn, target, &unique, other_id)? {
                Some(other) => link(conn, meta, parent.value(this_id), other, connect)?,
                None if connect => return Err(Error::NotFound { model: target.name }),
                None => {}
            }
        }
    }
    Ok(())
}

/// Splits update data into column changes (with `@updatedAt` added) and relation links.
fn split_sets<M: Model>(sets: Vec<Set<M>>, backend: Backend) -> Result<(Vec<SetOp>, Vec<SetOp>)> {
    let meta = M::META;
    let mut scalar = Vec::with_capacity(sets.len() + 1);
    let mut links = Vec::new();
    for s in sets {
        match &s.op {
            SetOp::Value(c, v) => {
                check_value(backend, column(meta, *c)?, v)?;
                scalar.push(s.op);
            }
            SetOp::Arith(c, _, v) => {
                let col = column(meta, *c)?;
                if v.is_null() {
                    return Err(Error::Validation(format!("`{}`: arithmetic with NULL", col.name)));
                }
                scalar.push(s.op);
            }
            SetOp::Connect(..) | SetOp::Disconnect(..) => links.push(s.op),
        }
    }
    // `@updatedAt` columns the update does not set: now.
    let is_set = |scalar: &[SetOp], i: usize| scalar.iter().any(|op| set_col(op) as usize == i);
    if meta.columns.len() <= 64 {
        let mut updated_at = create_plan(meta).updated_at;
        while updated_at != 0 {
            let i = updated_at.trailing_zeros() as usize;
            updated_at &= updated_at - 1;
            if !is_set(&scalar, i) {
                scalar.push(SetOp::Value(i as u16, Value::DateTime(now_ms())));
            }
        }
    } else {
        for (i, col) in meta.columns.iter().enumerate() {
            if col.updated_at && !is_set(&scalar, i) {
                scalar.push(SetOp::Value(i as u16, Value::DateTime(now_ms())));
            }
        }
    }
    Ok((scalar, links))
}

fn write_sets(sql: &mut Sql, meta: &ModelMeta, sets: &[SetOp], alias: u32) -> Result<()> {
    sql.push(" SET ");
    for (i, op) in sets.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        match op {
            SetOp::Value(c, v) => {
                let col = column(meta, *c)?;
                sql.ident(col.db_name);
                sql.push(" = ");
                sql.param_for(col, v.clone());
            }
            SetOp::Arith(c, op, v) => {
                let col = column(meta, *c)?;
                sql.ident(col.db_name);
                sql.push(" = ");
                sql.col(alias, col);
                sql.push(match op {
                    Arith::Add => " + ",
                    Arith::Sub => " - ",
                    Arith::Mul => " * ",
                    Arith::Div => " / ",
                });
                // SQLite: decimals are bound as text; make the arithmetic numeric.
                if sql.backend == Backend::Sqlite && matches!(col.kind, ScalarKind::Decimal { .. }) {
                    sql.push("CAST(");
                    sql.param(v.clone());
                    sql.push(" AS REAL)");
                } else {
                    sql.param(v.clone());
                }
            }
            SetOp::Connect(..) | SetOp::Disconnect(..) => {}
        }
    }
    Ok(())
}

/// The cache key of an `update_many` whose SQL depends only on its shape: at most 8 scalar sets, and a filter
/// that is empty, one comparison with a non-NULL value, or an AND of at most 8 of them (no nested trees, lists,
/// text or relation filters). `None` otherwise (the SQL is built every time).
fn update_many_key(meta: &'static ModelMeta, backend: Backend, sets: &[SetOp], filter: &Cond) -> Option<ShapeKey> {
    const MAX_COL: u16 = 4000;
    if sets.len() > 8 {
        return None;
    }
    let mut set_code = 0u128;
    for (i, op) in sets.iter().enumerate() {
        let code = match op {
            SetOp::Value(c, _) if *c < MAX_COL => u128::from(*c + 1) << 3,
            SetOp::Arith(c, a, _) if *c < MAX_COL => (u128::from(*c + 1) << 3) | (1 + *a as u128),
            _ => return None,
        };
        set_code |= code << (16 * i);
    }
    let cmp = |c: &Cond| match c {
        Cond::Cmp(col, op, v) if *col < MAX_COL && !v.is_null() && !matches!(v, Value::List(_)) => {
            Some((u128::from(*col + 1) << 3) | *op as u128)
        }
        _ => None,
    };
    let (form, filter_code) = match filter {
        Cond::All => (0, 0),
        Cond::Cmp(..) => (1, cmp(filter)?),
        Cond::And(items) if items.len() <= 8 => {
            let mut code = 0u128;
            for (i, item) in items.iter().enumerate() {
                code |= cmp(item)? << (16 * i);
            }
            (2 + items.len() as u8, code)
        }
        _ => return None,
    };
    Some(ShapeKey::new(meta, OP_UPDATE_MANY + form, backend, set_code as u64, (set_code >> 64) as u64, filter_code))
}

fn set_params(sets: Vec<SetOp>, out: &mut Vec<Value>) {
    for op in sets {
        match op {
            SetOp::Value(_, v) | SetOp::Arith(_, _, v) => out.push(v),
            SetOp::Connect(..) | SetOp::Disconnect(..) => {}
        }
    }
}

/// The shape of a set list for the SQL cache: (column mask, 2 bits of operation per column).
fn sets_shape(sets: &[SetOp]) -> Option<(u64, u128)> {
    let mut mask = 0u64;
    let mut ops = 0u128;
    for op in sets {
        let (c, code) = match op {
            SetOp::Value(c, _) => (*c, 0u128),
            SetOp::Arith(c, Arith::Add, _) => (*c, 1),
            SetOp::Arith(c, Arith::Sub, _) => (*c, 2),
            SetOp::Arith(c, Arith::Mul, _) => (*c, 3),
            _ => return None,
        };
        if c >= 64 || mask & (1 << c) != 0 {
            return None;
        }
        mask |= 1 << c;
        ops |= code << (2 * c);
    }
    // The set list's order must be the column order for the shape to identify the SQL.
    if !sets.windows(2).all(|w| set_col(&w[0]) < set_col(&w[1])) {
        return None;
    }
    Some((mask, ops))
}

fn set_col(op: &SetOp) -> u16 {
    match op {
        SetOp::Value(c, _) | SetOp::Arith(c, _, _) | SetOp::Connect(c, _) | SetOp::Disconnect(c, _) => *c,
    }
}

/// UPDATE … WHERE <unique> RETURNING, then the relation links. `NotFound` when no record matches.
pub(crate) fn update_row<M: Model>(conn: &mut Conn, unique: &[(u16, Value)], sets: Vec<Set<M>>) -> Result<M> {
    let meta = M::META;
    let backend = conn.backend();
    check_unique(meta, unique)?;
    let (mut scalar, links) = split_sets(sets, backend)?;
    scalar.sort_by_key(set_col);
    // SQLite: UPDATE then SELECT on the same connection (cheaper than RETURNING there), when the lookup's columns
    // are not among the changed ones.
    let plain = backend == Backend::Sqlite
        && !scalar.iter().any(|op| unique.iter().any(|(c, _)| *c == set_col(op)))
        && !unique.iter().any(|(_, v)| v.is_null());
    let row = if scalar.is_empty() {
        find_by_unique::<M>(conn, unique, false)?
    } else if plain {
        let key = match (sets_shape(&scalar), mask_of(unique.iter().map(|(c, _)| *c))) {
            (Some((mask, ops)), Some(umask)) => Some(ShapeKey::new(meta, OP_UPDATE_PLAIN, backend, umask, mask, ops)),
            _ => None,
        };
        let sql = shape_sql(key, || {
            let mut sql = Sql::new(backend);
            sql.push("UPDATE ");
            sql.table(meta, BARE);
            write_sets(&mut sql, meta, &scalar, BARE)?;
            sql.push(" WHERE ");
            sql.cond(meta, BARE, &unique_cond(unique))?;
            Ok(sql.text)
        })?;
        let mut params = Vec::with_capacity(scalar.len() + unique.len());
        set_params(scalar, &mut params);
        params.extend(unique_params(unique));
        if conn.execute(&sql, &params, Some(meta))? == 0 {
            None
        } else {
            find_by_unique::<M>(conn, unique, false)?
        }
    } else {
        let has_null = unique.iter().any(|(_, v)| v.is_null());
        let key = match (sets_shape(&scalar), mask_of(unique.iter().map(|(c, _)| *c))) {
            (Some((mask, ops)), Some(umask)) if !has_null => {
                Some(ShapeKey::new(meta, OP_UPDATE, backend, umask, mask, ops))
            }
            _ => None,
        };
        let sql = shape_sql(key, || {
            let mut sql = Sql::new(backend);
            sql.push("UPDATE ");
            sql.table(meta, BARE);
            write_sets(&mut sql, meta, &scalar, BARE)?;
            sql.push(" WHERE ");
            sql.cond(meta, BARE, &unique_cond(unique))?;
            sql.push(" RETURNING ");
            sql.columns(meta, None);
            Ok(sql.text)
        })?;
        let mut params = Vec::with_capacity(scalar.len() + unique.len());
        set_params(scalar, &mut params);
        params.extend(unique_params(unique));
        fetch_one::<M, _>(conn, &sql, &params)?
    };
    let row = row.ok_or(Error::NotFound { model: meta.name })?;
    if !links.is_empty() {
        apply_links(conn, &row, links)?;
    }
    Ok(row)
}

impl<'a, M: Model> Repo<'a, M> {
    /// Creates a record (client-side defaults and `@updatedAt` filled in; database defaults read back).
    pub fn create(&self, data: impl CreateData<M>) -> Create<'a, M> {
        let mut values = Vec::with_capacity(M::META.columns.len());
        data.into_values(&mut values);
        Create { ctx: self.ctx, values, include: Vec::new(), nested: Vec::new() }
    }

    /// Creates many records in one transaction (multi-row INSERTs); returns how many were inserted.
    pub fn create_many<D: CreateData<M>>(&self, data: Vec<D>) -> CreateMany<'a, M> {
        let rows = data
            .into_iter()
            .map(|d| {
                let mut v = Vec::new();
                d.into_values(&mut v);
                v
            })
            .collect();
        CreateMany { ctx: self.ctx, rows, skip_duplicates: false, _m: PhantomData }
    }

    /// Updates the record found by `unique`; [`Error::NotFound`] if there is none.
    pub fn update(&self, unique: Unique<M>, data: Vec<Set<M>>) -> Update<'a, M> {
        Update { ctx: self.ctx, unique, data, include: Vec::new() }
    }

    /// Updates every record matching `filter`; returns how many.
    pub fn update_many(&self, filter: impl Into<Filter<M>>, data: Vec<Set<M>>) -> UpdateMany<'a, M> {
        UpdateMany { ctx: self.ctx, filter: filter.into().cond, data }
    }

    /// Updates the record found by `unique`, or creates it from `create` if there is none (in one transaction).
    pub fn upsert(&self, unique: Unique<M>, create: impl CreateData<M>, update: Vec<Set<M>>) -> Upsert<'a, M> {
        let mut values = Vec::new();
        create.into_values(&mut values);
        Upsert { ctx: self.ctx, unique, create: values, update, include: Vec::new() }
    }

    /// Deletes the record found by `unique` and returns it; [`Error::NotFound`] if there is none.
    pub fn delete(&self, unique: Unique<M>) -> Delete<'a, M> {
        Delete { ctx: self.ctx, unique }
    }

    /// Deletes every record matching `filter` (`Filter::all()` for all); returns how many.
    pub fn delete_many(&self, filter: impl Into<Filter<M>>) -> DeleteMany<'a, M> {
        DeleteMany { ctx: self.ctx, filter: filter.into().cond, _m: PhantomData }
    }
}

/// Builder of `create`.
pub struct Create<'a, M: Model> {
    ctx: Ctx<'a>,
    values: Vec<(u16, Value)>,
    include: Vec<Include<M>>,
    nested: Vec<NestedCreate<'a, M>>,
}

impl<'a, M: Model> Create<'a, M> {
    /// Loads a relation of the created record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.include.push(include.into());
        self
    }

    /// Creates related records too (`relation.create(|parent| vec![..])`), in the same transaction.
    pub fn with(mut self, nested: NestedCreate<'a, M>) -> Self {
        self.nested.push(nested);
        self
    }

    /// Runs the statement(s).
    pub fn exec(self) -> Result<M> {
        let Create { ctx, values, include, nested } = self;
        if nested.is_empty() && include.is_empty() {
            // The plain create: the row goes straight from `insert_row` to the caller (no moves of it through a
            // closure's locals).
            return ctx.run(move |conn| insert_row::<M>(conn, values));
        }
        let multi = !nested.is_empty();
        let body = move |conn: &mut Conn| {
            let mut row = insert_row::<M>(conn, values)?;
            for n in nested {
                (n.run)(conn, &mut row)?;
            }
            if !include.is_empty() {
                let mut rows = vec![row];
                load_includes(conn, &mut rows, &include)?;
                row = rows.pop().ok_or(Error::NotFound { model: M::META.name })?;
            }
            Ok(row)
        };
        if multi {
            ctx.atomic(body)
        } else {
            ctx.run(body)
        }
    }
}

/// Builder of `create_many`.
pub struct CreateMany<'a, M> {
    ctx: Ctx<'a>,
    rows: Vec<Vec<(u16, Value)>>,
    skip_duplicates: bool,
    _m: PhantomData<fn() -> M>,
}

impl<M: Model> CreateMany<'_, M> {
    /// Rows that would violate a unique constraint are skipped (`ON CONFLICT DO NOTHING`).
    pub fn skip_duplicates(mut self) -> Self {
        self.skip_duplicates = true;
        self
    }

    /// Runs the statements; returns the number of rows inserted.
    pub fn exec(self) -> Result<u64> {
        let meta = M::META;
        let CreateMany { ctx, mut rows, skip_duplicates, .. } = self;
        if rows.is_empty() {
            return Ok(0);
        }
        ctx.atomic(|conn| {
            let backend = conn.backend();
            for r in rows.iter_mut() {
                complete_create(meta, backend, r)?;
            }
            let mut total = 0u64;
            let mut start = 0;
            while start < rows.len() {
                let cols: Vec<u16> = rows[start].iter().map(|(c, _)| *c).collect();
                let per_row = cols.len().max(1);
                let max_rows = if cols.is_empty() { 1 } else { (30_000 / per_row).max(1) };
                let mut end = start + 1;
                while end < rows.len()
                    && end - start < max_rows
                    && rows[end].len() == cols.len()
                    && rows[end].iter().map(|(c, _)| *c).eq(cols.iter().copied())
                {
                    end += 1;
                }
                let batch: Vec<&[(u16, Value)]> = rows[start..end].iter().map(Vec::as_slice).collect();
                let mut sql = Sql::new(backend);
                sql.push(&insert_sql(meta, backend, &batch, skip_duplicates, false)?);
                let params: Vec<Value> = batch.iter().flat_map(|r| r.iter().map(|(_, v)| v.clone())).collect();
                total += conn.execute(&sql.text, &params, Some(meta))?;
                start = end;
            }
            Ok(total)
        })
    }
}

/// Builder of `update`.
pub struct Update<'a, M: Model> {
    ctx: Ctx<'a>,
    unique: Unique<M>,
    data: Vec<Set<M>>,
    include: Vec<Include<M>>,
}

impl<M: Model> Update<'_, M> {
    /// Loads a relation of the updated record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.include.push(include.into());
        self
    }

    /// Runs the statement(s).
    pub fn exec(self) -> Result<M> {
        let Update { ctx, unique, data, include } = self;
        let links = data.iter().any(|s| matches!(s.op, SetOp::Connect(..) | SetOp::Disconnect(..)));
        let body = move |conn: &mut Conn| {
            let row = update_row::<M>(conn, &unique.values, data)?;
            with_includes(conn, row, &include)
        };
        if links {
            ctx.atomic(body)
        } else {
            ctx.run(body)
        }
    }
}

fn with_includes<M: Model>(conn: &mut Conn, row: M, include: &[Include<M>]) -> Result<M> {
    if include.is_empty() {
        return Ok(row);
    }
    let mut rows = vec![row];
    load_includes(conn, &mut rows, include)?;
    rows.pop().ok_or(Error::NotFound { model: M::META.name })
}

/// Builder of `update_many`.
pub struct UpdateMany<'a, M> {
    ctx: Ctx<'a>,
    filter: Cond,
    data: Vec<Set<M>>,
}

impl<M: Model> UpdateMany<'_, M> {
    /// Runs the statement; returns the number of records updated.
    pub fn exec(self) -> Result<u64> {
        let meta = M::META;
        let UpdateMany { ctx, filter, data } = self;
        ctx.run(|conn| {
            let backend = conn.backend();
            let (scalar, links) = split_sets(data, backend)?;
            if !links.is_empty() {
                return Err(Error::Validation(
                    "connect/disconnect need `update` (one record), not `update_many`".into(),
                ));
            }
            if scalar.is_empty() {
                return Ok(0);
            }
            let build = |scalar: &[SetOp], filter: &Cond| {
                let mut sql = Sql::new(backend);
                sql.push("UPDATE ");
                sql.table(meta, 0);
                write_sets(&mut sql, meta, scalar, 0)?;
                if !matches!(filter, Cond::All) {
                    sql.push(" WHERE ");
                    sql.cond(meta, 0, filter)?;
                }
                Ok(sql)
            };
            if let Some(key) = update_many_key(meta, backend, &scalar, &filter) {
                // A fixed shape: cached SQL text; the values go in SQL order (sets, then the filter's).
                let sql = shape_sql(Some(key), || build(&scalar, &filter).map(|s| s.text))?;
                let mut params = Vec::with_capacity(scalar.len() + 4);
                set_params(scalar, &mut params);
                match filter {
                    Cond::Cmp(_, _, v) => params.push(v),
                    Cond::And(items) => params.extend(items.into_iter().filter_map(|c| match c {
                        Cond::Cmp(_, _, v) => Some(v),
                        _ => None,
                    })),
                    _ => {}
                }
                return conn.execute(&sql, &params, Some(meta));
            }
            let sql = build(&scalar, &filter)?;
            conn.execute(&sql.text, &sql.params, Some(meta))
        })
    }
}

/// Builder of `upsert`.
pub struct Upsert<'a, M: Model> {
    ctx: Ctx<'a>,
    unique: Unique<M>,
    create: Vec<(u16, Value)>,
    update: Vec<Set<M>>,
    include: Vec<Include<M>>,
}

impl<M: Model> Upsert<'_, M> {
    /// Loads a relation of the record.
    pub fn include(mut self, include: impl Into<Include<M>>) -> Self {
        self.include.push(include.into());
        self
    }

    /// Runs the statements (in one transaction).
    pub fn exec(self) -> Result<M> {
        let Upsert { ctx, unique, create, update, include } = self;
        ctx.atomic(move |conn| {
            let row = match find_by_unique::<M>(conn, &unique.values, true)? {
                Some(_) => update_row::<M>(conn, &unique.values, update)?,
                None => insert_row::<M>(conn, create)?,
            };
            with_includes(conn, row, &include)
        })
    }
}

/// Builder of `delete`.
pub struct Delete<'a, M> {
    ctx: Ctx<'a>,
    unique: Unique<M>,
}

impl<M: Model> Delete<'_, M> {
    /// Runs the statement; returns the deleted record.
    pub fn exec(self) -> Result<M> {
        let meta = M::META;
        let values = self.unique.values;
        self.ctx.run(|conn| {
            check_unique(meta, &values)?;
            let backend = conn.backend();
            let has_null = values.iter().any(|(_, v)| v.is_null());
            let key = mask_of(values.iter().map(|(c, _)| *c))
                .filter(|_| !has_null)
                .map(|m| ShapeKey::new(meta, OP_DELETE, backend, m, 0, 0));
            let sql = shape_sql(key, || {
                let mut sql = Sql::new(backend);
                sql.push("DELETE FROM ");
                sql.table(meta, BARE);
                sql.push(" WHERE ");
                sql.cond(meta, BARE, &unique_cond(&values))?;
                sql.push(" RETURNING ");
                sql.columns(meta, None);
                Ok(sql.text)
            })?;
            fetch_one::<M, _>(conn, &sql, &unique_params(&values))?.ok_or(Error::NotFound { model: meta.name })
        })
    }
}

/// Builder of `delete_many`.
pub struct DeleteMany<'a, M> {
    ctx: Ctx<'a>,
    filter: Cond,
    _m: PhantomData<fn() -> M>,
}

impl<M: Model> DeleteMany<'_, M> {
    /// Runs the statement; returns the number of records deleted.
    pub fn exec(self) -> Result<u64> {
        let meta = M::META;
        self.ctx.run(|conn| {
            let mut sql = Sql::new(conn.backend());
            sql.push("DELETE FROM ");
            sql.table(meta, 0);
            if !matches!(self.filter, Cond::All) {
                sql.push(" WHERE ");
                sql.cond(meta, 0, &self.filter)?;
            }
            conn.execute(&sql.text, &sql.params, Some(meta))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuid_shape() {
        let now = 1_767_225_600_000; // 2026-01-01
        let ids: Vec<String> = (0..1000).map(|_| cuid1(now)).collect();
        for id in &ids {
            assert_eq!(id.len(), 25, "{id}");
            assert!(id.starts_with('c'), "{id}");
            assert!(id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()), "{id}");
            // The time block: 2026-01-01 in base 36.
            assert_eq!(&id[1..9], "mjuohs00", "{id}");
        }
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "cuids repeat");
        // Before 1970 (clock error): still 25 characters.
        assert_eq!(cuid1(-5).len(), 25);
    }
}
