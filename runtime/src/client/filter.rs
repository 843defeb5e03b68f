//! Filters: typed by model on the outside, one untyped condition tree inside.

use super::field::AggKind;
use super::value::Value;
use std::marker::PhantomData;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
}

impl CmpOp {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            CmpOp::Eq => " = ",
            CmpOp::Ne => " <> ",
            CmpOp::Lt => " < ",
            CmpOp::Lte => " <= ",
            CmpOp::Gt => " > ",
            CmpOp::Gte => " >= ",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextOp {
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RelOp {
    Some,
    Every,
    None,
    Is,
    IsNot,
}

/// The condition tree. Column and relation numbers index the metadata of the model the condition is on.
#[derive(Debug, Clone)]
pub(crate) enum Cond {
    All,
    Cmp(u16, CmpOp, Value),
    In(u16, Vec<Value>, bool),
    Null(u16, bool),
    Text {
        col: u16,
        op: TextOp,
        value: String,
        insensitive: bool,
    },
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Rel(u16, RelOp, Box<Cond>),
    /// Only in `having`.
    Agg(AggKind, u16, CmpOp, Value),
}

impl Cond {
    pub(crate) fn and(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::All, o) | (o, Cond::All) => o,
            (Cond::And(mut a), Cond::And(b)) => {
                a.extend(b);
                Cond::And(a)
            }
            (Cond::And(mut a), o) => {
                a.push(o);
                Cond::And(a)
            }
            (s, o) => Cond::And(vec![s, o]),
        }
    }

    fn or(self, other: Cond) -> Cond {
        match (self, other) {
            (Cond::Or(mut a), Cond::Or(b)) => {
                a.extend(b);
                Cond::Or(a)
            }
            (Cond::Or(mut a), o) => {
                a.push(o);
                Cond::Or(a)
            }
            (s, o) => Cond::Or(vec![s, o]),
        }
    }
}

/// A condition on the records of model `M` (a `WHERE`). `Filter<User>` and `Filter<Task>` are different types.
pub struct Filter<M> {
    pub(crate) cond: Cond,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Filter<M> {
    fn clone(&self) -> Self {
        Filter::from_cond(self.cond.clone())
    }
}

impl<M> std::fmt::Debug for Filter<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.cond.fmt(f)
    }
}

impl<M> Filter<M> {
    pub(crate) fn from_cond(cond: Cond) -> Self {
        Filter { cond, _m: PhantomData }
    }

    /// Matches every record.
    pub fn all() -> Self {
        Filter::from_cond(Cond::All)
    }

    /// Both conditions.
    pub fn and(self, other: impl Into<Filter<M>>) -> Self {
        Filter::from_cond(self.cond.and(other.into().cond))
    }

    /// Either condition.
    pub fn or(self, other: impl Into<Filter<M>>) -> Self {
        Filter::from_cond(self.cond.or(other.into().cond))
    }
}

impl<M> std::ops::Not for Filter<M> {
    type Output = Filter<M>;
    fn not(self) -> Self {
        not(self)
    }
}

impl<M> std::ops::BitAnd for Filter<M> {
    type Output = Filter<M>;
    fn bitand(self, rhs: Self) -> Self {
        self.and(rhs)
    }
}

impl<M> std::ops::BitOr for Filter<M> {
    type Output = Filter<M>;
    fn bitor(self, rhs: Self) -> Self {
        self.or(rhs)
    }
}

/// All of the filters (an empty list matches everything).
pub fn and<M>(filters: Vec<Filter<M>>) -> Filter<M> {
    Filter::from_cond(filters.into_iter().fold(Cond::All, |acc, f| acc.and(f.cond)))
}

/// Any of the filters (an empty list matches nothing).
pub fn or<M>(filters: Vec<Filter<M>>) -> Filter<M> {
    Filter::from_cond(Cond::Or(filters.into_iter().map(|f| f.cond).collect()))
}

/// The negation of a filter. As in SQL, a comparison with NULL is neither true nor false, so `not(x.equals(1))`
/// does not match records where `x` is NULL.
pub fn not<M>(filter: Filter<M>) -> Filter<M> {
    Filter::from_cond(Cond::Not(Box::new(filter.cond)))
}

/// A string filter (`contains`, `starts_with`, `ends_with`), case-sensitive unless made
/// [`insensitive`](TextFilter::insensitive). Usable wherever a [`Filter`] is.
pub struct TextFilter<M> {
    pub(crate) col: u16,
    pub(crate) op: TextOp,
    pub(crate) value: String,
    pub(crate) insensitive: bool,
    _m: PhantomData<fn() -> M>,
}

impl<M> TextFilter<M> {
    pub(crate) fn new(col: u16, op: TextOp, value: String) -> Self {
        TextFilter { col, op, value, insensitive: false, _m: PhantomData }
    }

    /// Case-insensitive (Prisma's `mode: insensitive`): `ILIKE` on PostgreSQL (Unicode), ASCII letters only on
    /// SQLite (`lower()`).
    pub fn insensitive(mut self) -> Self {
        self.insensitive = true;
        self
    }

    /// Both conditions.
    pub fn and(self, other: impl Into<Filter<M>>) -> Filter<M> {
        Filter::from(self).and(other)
    }

    /// Either condition.
    pub fn or(self, other: impl Into<Filter<M>>) -> Filter<M> {
        Filter::from(self).or(other)
    }
}

impl<M> From<TextFilter<M>> for Filter<M> {
    fn from(t: TextFilter<M>) -> Self {
        Filter::from_cond(Cond::Text { col: t.col, op: t.op, value: t.value, insensitive: t.insensitive })
    }
}

impl<M> std::ops::Not for TextFilter<M> {
    type Output = Filter<M>;
    fn not(self) -> Filter<M> {
        not(self.into())
    }
}

/// A condition on groups (`having`), built from aggregates: `AggExpr::count().gt(1)`, `field.sum().gte(10)`.
pub struct Having<M> {
    pub(crate) cond: Cond,
    _m: PhantomData<fn() -> M>,
}

impl<M> Having<M> {
    pub(crate) fn from_cond(cond: Cond) -> Self {
        Having { cond, _m: PhantomData }
    }

    /// Both conditions.
    pub fn and(self, other: Having<M>) -> Self {
        Having::from_cond(self.cond.and(other.cond))
    }

    /// Either condition.
    pub fn or(self, other: Having<M>) -> Self {
        Having::from_cond(self.cond.or(other.cond))
    }
}
