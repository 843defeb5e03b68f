//! Typed handles on scalar fields, and what they build: filters, orderings, updates, unique lookups.

use super::filter::{CmpOp, Cond, Filter, Having, TextFilter, TextOp};
use super::value::{DbType, Numeric, Ordered, Scalar, Value};
use std::marker::PhantomData;

/// The Rust type of a field: a [`Scalar`] `T`, or `Option<T>` for a nullable field. Filters take the inner `T`.
pub trait FieldType: DbType {
    /// The non-null type.
    type Inner: Scalar;
}

impl<T: Scalar> FieldType for T {
    type Inner = T;
}

impl<T: Scalar> FieldType for Option<T> {
    type Inner = T;
}

/// A scalar field of model `M` whose Rust type is `T` (`Option<_>` when nullable). Built by generated code:
/// `pub fn email() -> rt::Field<User, String> { rt::Field::new(1) }`.
pub struct Field<M, T> {
    pub(crate) col: u16,
    _m: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Clone for Field<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for Field<M, T> {}

impl<M, T> std::fmt::Debug for Field<M, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Field({})", self.col)
    }
}

impl<M, T> Field<M, T> {
    /// The field at index `col` of the model's `META.columns`.
    pub const fn new(col: u16) -> Self {
        Field { col, _m: PhantomData }
    }

    /// The column index.
    pub const fn index(&self) -> u16 {
        self.col
    }

    fn filter(&self, cond: Cond) -> Filter<M> {
        Filter::from_cond(cond)
    }

    /// Ascending order.
    pub fn asc(&self) -> OrderBy<M> {
        OrderBy::column(self.col, SortOrder::Asc)
    }

    /// Descending order.
    pub fn desc(&self) -> OrderBy<M> {
        OrderBy::column(self.col, SortOrder::Desc)
    }

    /// The number of non-null values (an aggregate, for `having` and group ordering).
    pub fn count(&self) -> AggExpr<M> {
        AggExpr::new(AggKind::Count, self.col)
    }

    /// The smallest value (an aggregate, for `having` and group ordering).
    pub fn min(&self) -> AggExpr<M> {
        AggExpr::new(AggKind::Min, self.col)
    }

    /// The largest value (an aggregate, for `having` and group ordering).
    pub fn max(&self) -> AggExpr<M> {
        AggExpr::new(AggKind::Max, self.col)
    }
}

impl<M, T: FieldType> Field<M, T> {
    /// Equal to `v`.
    pub fn equals(&self, v: impl Into<T::Inner>) -> Filter<M> {
        self.filter(Cond::Cmp(self.col, CmpOp::Eq, v.into().to_value()))
    }

    /// Not equal to `v` (as in SQL, records where the field is NULL do not match).
    pub fn not(&self, v: impl Into<T::Inner>) -> Filter<M> {
        self.filter(Cond::Cmp(self.col, CmpOp::Ne, v.into().to_value()))
    }

    /// One of `values` (an empty list matches nothing).
    pub fn in_(&self, values: impl IntoIterator<Item = impl Into<T::Inner>>) -> Filter<M> {
        self.filter(Cond::In(self.col, values.into_iter().map(|v| v.into().to_value()).collect(), false))
    }

    /// None of `values` (an empty list matches every record).
    pub fn not_in(&self, values: impl IntoIterator<Item = impl Into<T::Inner>>) -> Filter<M> {
        self.filter(Cond::In(self.col, values.into_iter().map(|v| v.into().to_value()).collect(), true))
    }

    /// Sets the field (in `update` data).
    pub fn set(&self, v: T) -> Set<M> {
        Set::new(SetOp::Value(self.col, v.to_value()))
    }
}

impl<M, T: FieldType> Field<M, T>
where
    T::Inner: Ordered,
{
    /// Less than `v`.
    pub fn lt(&self, v: impl Into<T::Inner>) -> Filter<M> {
        self.filter(Cond::Cmp(self.col, CmpOp::Lt, v.into().to_value()))
    }
    /// Less than or equal to `v`.
    pub fn lte(&self, v: impl Into<T::Inner>) -> Filter<M> {
        self.filter(Cond::Cmp(self.col, CmpOp::Lte, v.into().to_value()))
    }
    /// Greater than `v`.
    pub fn gt(&self, v: impl Into<T::Inner>) -> Filter<M> {
        self.filter(Cond::Cmp(self.col, CmpOp::Gt, v.into().to_value()))
    }
    /// Greater than or equal to `v`.
    pub fn gte(&self, v: impl Into<T::Inner>) -> Filter<M> {
        self.filter(Cond::Cmp(self.col, CmpOp::Gte, v.into().to_value()))
    }
}

impl<M, T: FieldType<Inner = String>> Field<M, T> {
    /// Contains `s` (case-sensitive; `.insensitive()` for Prisma's `mode: insensitive`). `%`, `_` and `\` are
    /// plain characters.
    pub fn contains(&self, s: impl Into<String>) -> TextFilter<M> {
        TextFilter::new(self.col, TextOp::Contains, s.into())
    }
    /// Starts with `s`.
    pub fn starts_with(&self, s: impl Into<String>) -> TextFilter<M> {
        TextFilter::new(self.col, TextOp::StartsWith, s.into())
    }
    /// Ends with `s`.
    pub fn ends_with(&self, s: impl Into<String>) -> TextFilter<M> {
        TextFilter::new(self.col, TextOp::EndsWith, s.into())
    }
}

impl<M, T: Scalar> Field<M, Option<T>> {
    /// The field is NULL.
    pub fn is_null(&self) -> Filter<M> {
        self.filter(Cond::Null(self.col, true))
    }
    /// The field is not NULL.
    pub fn is_not_null(&self) -> Filter<M> {
        self.filter(Cond::Null(self.col, false))
    }
    /// The field is NULL (Prisma's `equals: null`).
    pub fn equals_null(&self) -> Filter<M> {
        self.is_null()
    }
    /// Sets the field to NULL.
    pub fn set_null(&self) -> Set<M> {
        Set::new(SetOp::Value(self.col, Value::Null))
    }
}

impl<M, T: FieldType> Field<M, T>
where
    T::Inner: Numeric,
{
    /// Adds `v` (in `update` data).
    pub fn increment(&self, v: impl Into<T::Inner>) -> Set<M> {
        Set::new(SetOp::Arith(self.col, Arith::Add, v.into().to_value()))
    }
    /// Subtracts `v`.
    pub fn decrement(&self, v: impl Into<T::Inner>) -> Set<M> {
        Set::new(SetOp::Arith(self.col, Arith::Sub, v.into().to_value()))
    }
    /// Multiplies by `v`.
    pub fn multiply(&self, v: impl Into<T::Inner>) -> Set<M> {
        Set::new(SetOp::Arith(self.col, Arith::Mul, v.into().to_value()))
    }
    /// Divides by `v` (integer division on integer fields).
    pub fn divide(&self, v: impl Into<T::Inner>) -> Set<M> {
        Set::new(SetOp::Arith(self.col, Arith::Div, v.into().to_value()))
    }
    /// The sum (an aggregate, for `having` and group ordering).
    pub fn sum(&self) -> AggExpr<M> {
        AggExpr::new(AggKind::Sum, self.col)
    }
    /// The average (an aggregate, for `having` and group ordering).
    pub fn avg(&self) -> AggExpr<M> {
        AggExpr::new(AggKind::Avg, self.col)
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nulls {
    Default,
    First,
    Last,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum OrderTarget {
    Column(u16),
    Agg(AggKind, u16),
}

/// An ordering of model `M`'s records (`field.asc()`, `field.desc().nulls_last()`).
pub struct OrderBy<M> {
    pub(crate) target: OrderTarget,
    pub(crate) dir: SortOrder,
    pub(crate) nulls: Nulls,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for OrderBy<M> {
    fn clone(&self) -> Self {
        OrderBy { target: self.target, dir: self.dir, nulls: self.nulls, _m: PhantomData }
    }
}

impl<M> OrderBy<M> {
    fn column(col: u16, dir: SortOrder) -> Self {
        OrderBy { target: OrderTarget::Column(col), dir, nulls: Nulls::Default, _m: PhantomData }
    }

    /// NULLs before other values.
    pub fn nulls_first(mut self) -> Self {
        self.nulls = Nulls::First;
        self
    }

    /// NULLs after other values.
    pub fn nulls_last(mut self) -> Self {
        self.nulls = Nulls::Last;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone)]
pub(crate) enum SetOp {
    Value(u16, Value),
    Arith(u16, Arith, Value),
    /// Implicit many-to-many: link the parent to these targets (relation index, unique lookups of the target).
    Connect(u16, Vec<Vec<(u16, Value)>>),
    /// Implicit many-to-many: unlink.
    Disconnect(u16, Vec<Vec<(u16, Value)>>),
}

/// One change in `update` data: `field.set(v)`, `field.increment(1)`, `relation.connect(..)`.
pub struct Set<M> {
    pub(crate) op: SetOp,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Set<M> {
    fn clone(&self) -> Self {
        Set::new(self.op.clone())
    }
}

impl<M> Set<M> {
    pub(crate) fn new(op: SetOp) -> Self {
        Set { op, _m: PhantomData }
    }
}

/// The `(column index, value)` pairs of a unique lookup: one pair (most keys) held inline, without a `Vec`.
#[derive(Debug, Clone)]
pub(crate) enum Keys {
    One([(u16, Value); 1]),
    Many(Vec<(u16, Value)>),
}

impl Keys {
    pub(crate) fn as_slice(&self) -> &[(u16, Value)] {
        match self {
            Keys::One(one) => one,
            Keys::Many(many) => many,
        }
    }

    pub(crate) fn into_vec(self) -> Vec<(u16, Value)> {
        match self {
            Keys::One([one]) => vec![one],
            Keys::Many(many) => many,
        }
    }
}

impl std::ops::Deref for Keys {
    type Target = [(u16, Value)];
    #[inline]
    fn deref(&self) -> &[(u16, Value)] {
        self.as_slice()
    }
}

/// A unique lookup of one record of `M` (primary key or a unique constraint). Built by generated code:
/// `rt::Unique::one((0, rt::DbType::to_value(&id)))`, `rt::Unique::from_vec(vec![..])` for compound keys.
pub struct Unique<M> {
    pub(crate) values: Keys,
    _m: PhantomData<fn() -> M>,
}

impl<M> Clone for Unique<M> {
    fn clone(&self) -> Self {
        Unique { values: self.values.clone(), _m: PhantomData }
    }
}

impl<M> std::fmt::Debug for Unique<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.values.as_slice().fmt(f)
    }
}

impl<M> Unique<M> {
    /// From `(column index, value)` pairs.
    pub fn new(values: &[(u16, Value)]) -> Self {
        Unique::from_vec(values.to_vec())
    }

    /// From one `(column index, value)` pair (a single-field key), without allocating a list.
    #[inline]
    pub fn one(key: (u16, Value)) -> Self {
        Unique { values: Keys::One([key]), _m: PhantomData }
    }

    /// From `(column index, value)` pairs, without copying.
    pub fn from_vec(mut values: Vec<(u16, Value)>) -> Self {
        values.sort_by_key(|(c, _)| *c);
        Unique { values: Keys::Many(values), _m: PhantomData }
    }

    /// The equivalent filter.
    pub fn to_filter(&self) -> Filter<M> {
        Filter::from_cond(unique_cond(&self.values))
    }
}

pub(crate) fn unique_cond(values: &[(u16, Value)]) -> Cond {
    let mut conds: Vec<Cond> = values
        .iter()
        .map(|(c, v)| if v.is_null() { Cond::Null(*c, true) } else { Cond::Cmp(*c, CmpOp::Eq, v.clone()) })
        .collect();
    if conds.len() == 1 {
        conds.pop().unwrap_or(Cond::All)
    } else {
        Cond::And(conds)
    }
}

impl<M> From<Unique<M>> for Filter<M> {
    fn from(u: Unique<M>) -> Self {
        u.to_filter()
    }
}

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AggKind {
    CountAll,
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

/// An aggregate over a model's records, for `having` (`.gt(..)`) and group ordering (`.desc()`).
pub struct AggExpr<M> {
    pub(crate) kind: AggKind,
    pub(crate) col: u16,
    _m: PhantomData<fn() -> M>,
}

impl<M> AggExpr<M> {
    pub(crate) fn new(kind: AggKind, col: u16) -> Self {
        AggExpr { kind, col, _m: PhantomData }
    }

    /// `COUNT(*)`.
    pub fn count_all() -> Self {
        AggExpr::new(AggKind::CountAll, 0)
    }

    fn cmp(&self, op: CmpOp, v: impl Into<Value>) -> Having<M> {
        Having::from_cond(Cond::Agg(self.kind, self.col, op, v.into()))
    }

    /// Equal to `v`.
    pub fn equals(&self, v: impl Into<Value>) -> Having<M> {
        self.cmp(CmpOp::Eq, v)
    }
    /// Not equal to `v`.
    pub fn not(&self, v: impl Into<Value>) -> Having<M> {
        self.cmp(CmpOp::Ne, v)
    }
    /// Less than `v`.
    pub fn lt(&self, v: impl Into<Value>) -> Having<M> {
        self.cmp(CmpOp::Lt, v)
    }
    /// Less than or equal to `v`.
    pub fn lte(&self, v: impl Into<Value>) -> Having<M> {
        self.cmp(CmpOp::Lte, v)
    }
    /// Greater than `v`.
    pub fn gt(&self, v: impl Into<Value>) -> Having<M> {
        self.cmp(CmpOp::Gt, v)
    }
    /// Greater than or equal to `v`.
    pub fn gte(&self, v: impl Into<Value>) -> Having<M> {
        self.cmp(CmpOp::Gte, v)
    }

    /// Groups in ascending order of this aggregate.
    pub fn asc(&self) -> OrderBy<M> {
        OrderBy {
            target: OrderTarget::Agg(self.kind, self.col),
            dir: SortOrder::Asc,
            nulls: Nulls::Default,
            _m: PhantomData,
        }
    }

    /// Groups in descending order of this aggregate.
    pub fn desc(&self) -> OrderBy<M> {
        OrderBy {
            target: OrderTarget::Agg(self.kind, self.col),
            dir: SortOrder::Desc,
            nulls: Nulls::Default,
            _m: PhantomData,
        }
    }
}
