//! Relation handles: filters through relations, includes, implicit many-to-many links, nested creates.

use super::conn::Conn;
use super::field::{Set, SetOp, Unique};
use super::filter::{Cond, Filter, RelOp};
use super::include::{IncludeMany, IncludeOne};
use super::model::{Model, RelationLink, RelationMeta};
use super::mutate::{insert_row, CreateData};
use super::{Error, Result};
use std::marker::PhantomData;

pub(crate) fn relation<M: Model>(rel: u16) -> Result<&'static RelationMeta> {
    M::META
        .relations
        .get(rel as usize)
        .ok_or_else(|| Error::Validation(format!("{} has no relation #{rel}", M::META.name)))
}

/// A to-many relation of `M` to `T`. Built by generated code:
/// `rt::ToMany::new(0, |m, v| m.posts = Some(v))`.
pub struct ToMany<M, T> {
    pub(crate) rel: u16,
    pub(crate) set: fn(&mut M, Vec<T>),
}

impl<M, T> Clone for ToMany<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for ToMany<M, T> {}

impl<M: Model, T: Model> ToMany<M, T> {
    /// Relation `rel` of `M::META.relations`; `set` stores loaded records in the struct.
    pub const fn new(rel: u16, set: fn(&mut M, Vec<T>)) -> Self {
        ToMany { rel, set }
    }

    /// At least one related record matches.
    pub fn some(&self, filter: impl Into<Filter<T>>) -> Filter<M> {
        Filter::from_cond(Cond::Rel(self.rel, RelOp::Some, Box::new(filter.into().cond)))
    }

    /// Every related record matches (true when there are none).
    pub fn every(&self, filter: impl Into<Filter<T>>) -> Filter<M> {
        Filter::from_cond(Cond::Rel(self.rel, RelOp::Every, Box::new(filter.into().cond)))
    }

    /// No related record matches.
    pub fn none(&self, filter: impl Into<Filter<T>>) -> Filter<M> {
        Filter::from_cond(Cond::Rel(self.rel, RelOp::None, Box::new(filter.into().cond)))
    }

    /// Loads the related records (`.filter / .order_by / .skip / .take / .include` on the result).
    pub fn include(&self) -> IncludeMany<M, T> {
        IncludeMany::new(self.rel, self.set)
    }

    /// Implicit many-to-many: links to these records (update data). Already linked records stay linked; a
    /// record that does not exist is [`Error::NotFound`].
    pub fn connect(&self, targets: Vec<Unique<T>>) -> Set<M> {
        Set::new(SetOp::Connect(self.rel, targets.into_iter().map(|u| u.values.into_vec()).collect()))
    }

    /// Implicit many-to-many: unlinks these records (update data). Records not linked are ignored.
    pub fn disconnect(&self, targets: Vec<Unique<T>>) -> Set<M> {
        Set::new(SetOp::Disconnect(self.rel, targets.into_iter().map(|u| u.values.into_vec()).collect()))
    }

    /// Creates related records with the parent (`create(..).with(..)`), in the same transaction. The foreign
    /// key to the parent is filled in (whatever the closure put there); for an implicit many-to-many relation
    /// the links are created. The created records are stored in the parent's relation field.
    pub fn create<'n, D: CreateData<T> + 'n>(&self, f: impl FnOnce(&M) -> Vec<D> + 'n) -> NestedCreate<'n, M> {
        let rel = self.rel;
        let set = self.set;
        NestedCreate {
            run: Box::new(move |conn: &mut Conn, parent: &mut M| {
                let meta = relation::<M>(rel)?;
                let data = f(parent);
                let mut created = Vec::with_capacity(data.len());
                for d in data {
                    let mut values = Vec::new();
                    d.into_values(&mut values);
                    match &meta.link {
                        RelationLink::Inverse { fields, references } => {
                            for (&fk, &r) in fields.iter().zip(references.iter()) {
                                values.retain(|(c, _)| *c != fk);
                                values.push((fk, parent.value(r)));
                            }
                            created.push(insert_row::<T>(conn, values)?);
                        }
                        RelationLink::ManyToMany { this_id, other_id, .. } => {
                            let child = insert_row::<T>(conn, values)?;
                            super::mutate::link(conn, meta, parent.value(*this_id), child.value(*other_id), true)?;
                            created.push(child);
                        }
                        RelationLink::Owned { .. } => {
                            return Err(Error::Validation(format!(
                                "nested create through `{}`: this side holds the foreign key",
                                meta.name
                            )))
                        }
                    }
                }
                set(parent, created);
                Ok(())
            }),
            _m: PhantomData,
        }
    }
}

/// A to-one relation of `M` to `T`. Built by generated code:
/// `rt::ToOne::new(1, |m, v| m.author = v.map(Box::new))`.
pub struct ToOne<M, T> {
    pub(crate) rel: u16,
    pub(crate) set: fn(&mut M, Option<T>),
}

impl<M, T> Clone for ToOne<M, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M, T> Copy for ToOne<M, T> {}

impl<M: Model, T: Model> ToOne<M, T> {
    /// Relation `rel` of `M::META.relations`; `set` stores the loaded record in the struct.
    pub const fn new(rel: u16, set: fn(&mut M, Option<T>)) -> Self {
        ToOne { rel, set }
    }

    /// The related record exists and matches.
    pub fn is(&self, filter: impl Into<Filter<T>>) -> Filter<M> {
        Filter::from_cond(Cond::Rel(self.rel, RelOp::Is, Box::new(filter.into().cond)))
    }

    /// There is no related record that matches (also true when there is no related record).
    pub fn is_not(&self, filter: impl Into<Filter<T>>) -> Filter<M> {
        Filter::from_cond(Cond::Rel(self.rel, RelOp::IsNot, Box::new(filter.into().cond)))
    }

    /// There is a related record.
    pub fn exists(&self) -> Filter<M> {
        Filter::from_cond(Cond::Rel(self.rel, RelOp::Is, Box::new(Cond::All)))
    }

    /// Loads the related record (`.include(..)` on the result for nested relations).
    pub fn include(&self) -> IncludeOne<M, T>
    where
        T: Clone,
    {
        IncludeOne::new(self.rel, self.set)
    }
}

type NestedFn<'n, M> = Box<dyn FnOnce(&mut Conn, &mut M) -> Result<()> + 'n>;

/// Related records created with their parent: `ToMany::create(|parent| vec![..])`, attached with
/// `create(..).with(..)`.
pub struct NestedCreate<'n, M> {
    pub(crate) run: NestedFn<'n, M>,
    _m: PhantomData<fn() -> M>,
}
