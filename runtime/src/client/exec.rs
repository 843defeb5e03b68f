//! Shared execution helpers: decoding models, the cache of SQL text for fixed statement shapes, keys.

use super::conn::{Conn, Params, SqlText};
use super::model::{Model, ModelMeta};
use super::value::Value;
use super::Result;
use crate::Backend;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// Runs a query returning at most one `M` (the first row; the statement is not stepped further).
#[inline]
pub(crate) fn fetch_one<M: Model, P: Params + ?Sized>(
    conn: &mut Conn,
    sql: &(impl SqlText + ?Sized),
    params: &P,
) -> Result<Option<M>> {
    conn.query_one(sql, params, Some(M::META), M::META.columns, M::from_row)
}

// ---- SQL text cache for fixed shapes (insert of a column set, lookup/update/delete by a unique key) ----

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ShapeKey {
    pub(crate) meta: usize,
    pub(crate) op: u8,
    pub(crate) backend: u8,
    pub(crate) a: u64,
    pub(crate) b: u64,
    pub(crate) c: u128,
}

impl ShapeKey {
    pub(crate) fn new(meta: &'static ModelMeta, op: u8, backend: Backend, a: u64, b: u64, c: u128) -> Self {
        ShapeKey { meta: meta as *const ModelMeta as usize, op, backend: backend as u8, a, b, c }
    }

    /// The key of a statement that belongs to no model (transaction control): `meta` 0, no model's address.
    pub(crate) const fn fixed(op: u8) -> Self {
        ShapeKey { meta: 0, op, backend: 0, a: 0, b: 0, c: 0 }
    }
}

/// The SQL of a fixed statement shape and its key: connections keep the prepared statement under the key, so
/// running it again neither hashes nor compares the text.
pub(crate) struct Shaped {
    pub(crate) key: Option<ShapeKey>,
    pub(crate) text: Rc<str>,
}

impl std::ops::Deref for Shaped {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.text
    }
}

/// FxHash (rustc's): fast for small integer keys.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

type ShapeMap = HashMap<ShapeKey, Rc<str>, BuildHasherDefault<FxHasher>>;
type RecentShapes = [Option<(ShapeKey, Rc<str>)>; RECENT_SLOTS];

thread_local! {
    static SHAPES: RefCell<ShapeMap> = RefCell::new(HashMap::default());
    /// In front of [`SHAPES`]: a small direct-mapped table, looked up without hashing the whole key (a hot
    /// statement shape costs a few compares instead of a hash map probe).
    static RECENT: RefCell<RecentShapes> = const { RefCell::new([const { None }; RECENT_SLOTS]) };
}

const SHAPE_CACHE_MAX: usize = 4096;
const RECENT_SLOTS: usize = 32;

#[inline]
fn recent_slot(key: &ShapeKey) -> usize {
    let h = (key.meta as u64 >> 3)
        ^ key.a.rotate_left(17)
        ^ key.b.rotate_left(31)
        ^ (key.c as u64)
        ^ ((key.c >> 64) as u64)
        ^ (u64::from(key.op) << 40)
        ^ (u64::from(key.backend) << 56);
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 59) as usize
}

/// The SQL of a fixed statement shape: built once per thread, then reused.
#[inline]
pub(crate) fn shape_sql(key: Option<ShapeKey>, build: impl FnOnce() -> Result<String>) -> Result<Shaped> {
    let text = shape_text(key, build)?;
    Ok(Shaped { key, text })
}

#[inline]
fn shape_text(key: Option<ShapeKey>, build: impl FnOnce() -> Result<String>) -> Result<Rc<str>> {
    let Some(key) = key else { return build().map(Rc::from) };
    let slot = recent_slot(&key);
    let hit = RECENT.with(|r| match &r.borrow()[slot] {
        Some((k, sql)) if *k == key => Some(sql.clone()),
        _ => None,
    });
    if let Some(sql) = hit {
        return Ok(sql);
    }
    let sql = shape_sql_slow(key, build)?;
    RECENT.with(|r| r.borrow_mut()[slot] = Some((key, sql.clone())));
    Ok(sql)
}

#[cold]
fn shape_sql_slow(key: ShapeKey, build: impl FnOnce() -> Result<String>) -> Result<Rc<str>> {
    if let Some(s) = SHAPES.with(|m| m.borrow().get(&key).cloned()) {
        return Ok(s);
    }
    let sql: Rc<str> = Rc::from(build()?);
    SHAPES.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= SHAPE_CACHE_MAX {
            m.clear();
        }
        m.insert(key, sql.clone());
    });
    Ok(sql)
}

/// A bit mask of column indexes (None when an index is 64 or more: no caching then).
pub(crate) fn mask_of(cols: impl Iterator<Item = u16>) -> Option<u64> {
    let mut m = 0u64;
    for c in cols {
        if c >= 64 {
            return None;
        }
        let bit = 1u64 << c;
        if m & bit != 0 {
            return None;
        }
        m |= bit;
    }
    Some(m)
}

// ---- keys for grouping related rows in memory ----

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum KeyPart {
    Null,
    Int(i64),
    Str(String),
    Bytes(Vec<u8>),
    Other(String),
}

pub(crate) type Key = Vec<KeyPart>;

pub(crate) fn key_part(v: &Value) -> KeyPart {
    match v {
        Value::Null => KeyPart::Null,
        Value::Bool(b) => KeyPart::Int(i64::from(*b)),
        Value::Int(i) => KeyPart::Int(i64::from(*i)),
        Value::BigInt(i) => KeyPart::Int(*i),
        Value::String(s) => KeyPart::Str(s.clone()),
        Value::Enum(s) => KeyPart::Str((*s).to_owned()),
        Value::Bytes(b) => KeyPart::Bytes(b.clone()),
        Value::Float(f) => KeyPart::Other(format!("f{}", f.to_bits())),
        Value::Decimal(d) => KeyPart::Other(format!("d{}", d.normalize())),
        Value::DateTime(d) => KeyPart::Other(format!("t{}", d.timestamp_micros())),
        Value::Json(j) => KeyPart::Other(format!("j{j}")),
        Value::List(l) => KeyPart::Other(format!("l{l:?}")),
    }
}

/// The key of a model's columns; `None` when one of them is NULL (no related record).
pub(crate) fn model_key<M: Model>(m: &M, cols: &[u16]) -> Option<(Key, Vec<Value>)> {
    let mut key = Vec::with_capacity(cols.len());
    let mut values = Vec::with_capacity(cols.len());
    for &c in cols {
        let v = m.value(c);
        if v.is_null() {
            return None;
        }
        key.push(key_part(&v));
        values.push(v);
    }
    Some((key, values))
}
