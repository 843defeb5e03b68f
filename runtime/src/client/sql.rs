//! SQL text for both dialects. Values are always parameters; identifiers come from static metadata and are
//! quoted.

use super::field::{AggKind, Nulls, OrderBy, OrderTarget, SortOrder};
use super::filter::{CmpOp, Cond, RelOp, TextOp};
use super::model::{ColumnMeta, ModelMeta, RelationLink, ScalarKind};
use super::value::Value;
use super::{Error, Result};
use crate::Backend;
use std::fmt::Write;

/// The "alias" of a statement on one table without subqueries: columns are not qualified (shorter SQL for the
/// fixed shapes: unique lookups, updates and deletes by unique key).
pub(crate) const BARE: u32 = u32::MAX;

/// A statement being built: its text and its parameters.
pub(crate) struct Sql {
    pub(crate) text: String,
    pub(crate) params: Vec<Value>,
    pub(crate) backend: Backend,
    next_alias: u32,
}

impl Sql {
    pub(crate) fn new(backend: Backend) -> Self {
        Sql { text: String::with_capacity(256), params: Vec::new(), backend, next_alias: 1 }
    }

    #[inline]
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub(crate) fn alias(&mut self) -> u32 {
        let a = self.next_alias;
        self.next_alias += 1;
        a
    }

    pub(crate) fn ident(&mut self, name: &str) {
        self.text.push('"');
        if name.contains('"') {
            self.text.push_str(&name.replace('"', "\"\""));
        } else {
            self.text.push_str(name);
        }
        self.text.push('"');
    }

    /// `"tN"."col"` (just `"col"` for [`BARE`]).
    pub(crate) fn col(&mut self, alias: u32, c: &ColumnMeta) {
        if alias != BARE {
            let _ = write!(self.text, "\"t{alias}\".");
        }
        self.ident(c.db_name);
    }

    /// A column as read back: PostgreSQL native types the driver cannot decode are cast to text.
    pub(crate) fn col_out(&mut self, alias: Option<u32>, c: &ColumnMeta) {
        match alias {
            Some(a) => self.col(a, c),
            None => self.ident(c.db_name),
        }
        if self.backend == Backend::Postgres && c.pg_cast.is_some() {
            self.push("::text");
        }
    }

    /// The column list of a model, in metadata order.
    pub(crate) fn columns(&mut self, meta: &ModelMeta, alias: Option<u32>) {
        for (i, c) in meta.columns.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.col_out(alias, c);
        }
    }

    /// A placeholder for a new parameter.
    pub(crate) fn param(&mut self, v: Value) {
        self.params.push(v);
        let n = self.params.len();
        self.text.push(match self.backend {
            Backend::Sqlite => '?',
            Backend::Postgres => '$',
        });
        // Placeholder numbers without the formatting machinery (most statements have fewer than 100).
        if n < 10 {
            self.text.push(char::from(b'0' + n as u8));
        } else if n < 100 {
            self.text.push(char::from(b'0' + (n / 10) as u8));
            self.text.push(char::from(b'0' + (n % 10) as u8));
        } else {
            let _ = write!(self.text, "{n}");
        }
    }

    /// A placeholder for a value of column `c` (PostgreSQL: cast for native types).
    pub(crate) fn param_for(&mut self, c: &ColumnMeta, v: Value) {
        self.param(v);
        if self.backend == Backend::Postgres {
            if let Some(cast) = c.pg_cast {
                let _ = write!(self.text, "::text::{cast}");
            }
        }
    }

    /// `"table" AS "tN"` (just `"table"` for [`BARE`]).
    pub(crate) fn table(&mut self, meta: &ModelMeta, alias: u32) {
        self.ident(meta.table);
        if alias != BARE {
            let _ = write!(self.text, " AS \"t{alias}\"");
        }
    }

    /// A condition on model `meta` aliased `tN`.
    pub(crate) fn cond(&mut self, meta: &ModelMeta, alias: u32, cond: &Cond) -> Result<()> {
        match cond {
            Cond::All => self.push("1 = 1"),
            Cond::Cmp(c, op, v) => {
                let col = column(meta, *c)?;
                if v.is_null() {
                    self.col(alias, col);
                    self.push(match op {
                        CmpOp::Eq => " IS NULL",
                        CmpOp::Ne => " IS NOT NULL",
                        _ => return Err(Error::Validation("cannot order-compare with NULL".into())),
                    });
                } else {
                    self.col(alias, col);
                    self.push(op.sql());
                    self.param_for(col, v.clone());
                }
            }
            Cond::In(c, values, negated) => {
                let col = column(meta, *c)?;
                if values.is_empty() {
                    self.push(if *negated { "1 = 1" } else { "1 = 0" });
                    return Ok(());
                }
                self.col(alias, col);
                match self.backend {
                    Backend::Postgres => {
                        self.push(if *negated { " <> ALL(" } else { " = ANY(" });
                        self.param(Value::List(values.clone()));
                        if let Some(cast) = col.pg_cast {
                            let _ = write!(self.text, "::text[]::{cast}[]");
                        }
                        self.push(")");
                    }
                    Backend::Sqlite => {
                        self.push(if *negated { " NOT IN (" } else { " IN (" });
                        for (i, v) in values.iter().enumerate() {
                            if i > 0 {
                                self.push(", ");
                            }
                            self.param(v.clone());
                        }
                        self.push(")");
                    }
                }
            }
            Cond::Null(c, is_null) => {
                let col = column(meta, *c)?;
                self.col(alias, col);
                self.push(if *is_null { " IS NULL" } else { " IS NOT NULL" });
            }
            Cond::Text { col: c, op, value, insensitive } => {
                let col = column(meta, *c)?;
                self.text_cond(alias, col, *op, value, *insensitive);
            }
            Cond::And(items) | Cond::Or(items) => {
                let or = matches!(cond, Cond::Or(_));
                if items.is_empty() {
                    self.push(if or { "1 = 0" } else { "1 = 1" });
                    return Ok(());
                }
                self.push("(");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(if or { " OR " } else { " AND " });
                    }
                    self.cond(meta, alias, item)?;
                }
                self.push(")");
            }
            Cond::Not(inner) => {
                self.push("NOT (");
                self.cond(meta, alias, inner)?;
                self.push(")");
            }
            Cond::Rel(r, op, inner) => self.rel_cond(meta, alias, *r, *op, inner)?,
            Cond::Agg(kind, c, op, v) => {
                self.agg(meta, alias, *kind, *c)?;
                self.push(op.sql());
                self.param(v.clone());
            }
        }
        Ok(())
    }

    fn text_cond(&mut self, alias: u32, col: &ColumnMeta, op: TextOp, value: &str, insensitive: bool) {
        match self.backend {
            Backend::Postgres => {
                self.col(alias, col);
                if col.pg_cast.is_some() {
                    self.push("::text");
                }
                self.push(if insensitive { " ILIKE " } else { " LIKE " });
                let escaped = escape_like(value);
                let pattern = match op {
                    TextOp::Contains => format!("%{escaped}%"),
                    TextOp::StartsWith => format!("{escaped}%"),
                    TextOp::EndsWith => format!("%{escaped}"),
                };
                self.param(Value::String(pattern));
                self.push(" ESCAPE '\\'");
            }
            Backend::Sqlite => {
                // Byte-wise on the UTF-8 text: no wildcards to escape, NUL-safe. `lower()` folds ASCII letters.
                let hay = |s: &mut Sql| {
                    if insensitive {
                        s.push("CAST(lower(");
                        s.col(alias, col);
                        s.push(") AS BLOB)");
                    } else {
                        s.push("CAST(");
                        s.col(alias, col);
                        s.push(" AS BLOB)");
                    }
                };
                let needle = if insensitive { value.to_ascii_lowercase() } else { value.to_owned() };
                match op {
                    TextOp::Contains => {
                        self.push("instr(");
                        hay(self);
                        self.push(", CAST(");
                        self.param(Value::String(needle));
                        self.push(" AS BLOB)) > 0");
                    }
                    TextOp::StartsWith | TextOp::EndsWith => {
                        let n = needle.len() as i64;
                        // The first n bytes (`substr(x, 1, n)`) or the last n (`substr(x, -n)`). n = 0 is special-cased:
                        // substr() of an empty BLOB is NULL and `-0` means "all"; every value starts and ends with "".
                        if n == 0 {
                            self.col(alias, col);
                            self.push(" IS NOT NULL");
                        } else {
                            self.push("substr(");
                            hay(self);
                            self.push(if matches!(op, TextOp::StartsWith) { ", 1, " } else { ", -" });
                            self.param(Value::BigInt(n));
                            self.push(") = CAST(");
                            self.param(Value::String(needle));
                            self.push(" AS BLOB)");
                        }
                    }
                }
            }
        }
    }

    fn rel_cond(&mut self, meta: &ModelMeta, alias: u32, r: u16, op: RelOp, inner: &Cond) -> Result<()> {
        let rel = meta
            .relations
            .get(r as usize)
            .ok_or_else(|| Error::Validation(format!("{} has no relation #{r}", meta.name)))?;
        let target = (rel.target)();
        let a = self.alias();
        let negate_outer = matches!(op, RelOp::None | RelOp::Every | RelOp::IsNot);
        if negate_outer {
            self.push("NOT ");
        }
        self.push("EXISTS (SELECT 1 FROM ");
        match &rel.link {
            RelationLink::ManyToMany { table, this_column, other_column, this_id, other_id } => {
                let j = self.alias();
                self.ident(table);
                let _ = write!(self.text, " AS \"t{j}\" JOIN ");
                self.table(target, a);
                self.push(" ON ");
                self.col(a, column(target, *other_id)?);
                let _ = write!(self.text, " = \"t{j}\".");
                self.ident(other_column);
                let _ = write!(self.text, " WHERE \"t{j}\".");
                self.ident(this_column);
                self.push(" = ");
                self.col(alias, column(meta, *this_id)?);
            }
            RelationLink::Owned { fields, references } => {
                self.table(target, a);
                self.push(" WHERE ");
                self.join_cols(meta, alias, fields, target, a, references)?;
            }
            RelationLink::Inverse { fields, references } => {
                self.table(target, a);
                self.push(" WHERE ");
                self.join_cols(meta, alias, references, target, a, fields)?;
            }
        }
        if !matches!(inner, Cond::All) || matches!(op, RelOp::Every) {
            self.push(" AND ");
            if matches!(op, RelOp::Every) {
                self.push("(");
                self.cond(target, a, inner)?;
                self.push(") IS NOT TRUE");
            } else {
                self.cond(target, a, inner)?;
            }
        }
        self.push(")");
        Ok(())
    }

    fn join_cols(
        &mut self,
        meta: &ModelMeta,
        alias: u32,
        cols: &[u16],
        target: &ModelMeta,
        a: u32,
        tcols: &[u16],
    ) -> Result<()> {
        for (i, (c, t)) in cols.iter().zip(tcols).enumerate() {
            if i > 0 {
                self.push(" AND ");
            }
            self.col(a, column(target, *t)?);
            self.push(" = ");
            self.col(alias, column(meta, *c)?);
        }
        Ok(())
    }

    pub(crate) fn agg(&mut self, meta: &ModelMeta, alias: u32, kind: AggKind, c: u16) -> Result<()> {
        if kind == AggKind::CountAll {
            self.push("COUNT(*)");
            return Ok(());
        }
        let col = column(meta, c)?;
        self.push(match kind {
            AggKind::CountAll | AggKind::Count => "COUNT(",
            AggKind::Sum => "SUM(",
            AggKind::Avg => "AVG(",
            AggKind::Min => "MIN(",
            AggKind::Max => "MAX(",
        });
        self.col(alias, col);
        self.push(")");
        Ok(())
    }

    pub(crate) fn order_by(&mut self, meta: &ModelMeta, alias: u32, order: &[OrderBy<impl Sized>]) -> Result<()> {
        if order.is_empty() {
            return Ok(());
        }
        self.push(" ORDER BY ");
        self.order_list(meta, alias, order)
    }

    pub(crate) fn order_list(&mut self, meta: &ModelMeta, alias: u32, order: &[OrderBy<impl Sized>]) -> Result<()> {
        for (i, o) in order.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            match o.target {
                OrderTarget::Column(c) => self.col(alias, column(meta, c)?),
                OrderTarget::Agg(kind, c) => self.agg(meta, alias, kind, c)?,
            }
            self.push(match o.dir {
                SortOrder::Asc => " ASC",
                SortOrder::Desc => " DESC",
            });
            match o.nulls {
                Nulls::Default => {}
                Nulls::First => self.push(" NULLS FIRST"),
                Nulls::Last => self.push(" NULLS LAST"),
            }
        }
        Ok(())
    }

    /// `LIMIT/OFFSET` (both optional).
    pub(crate) fn limit(&mut self, take: Option<i64>, skip: Option<i64>) {
        match (take, skip) {
            (None, None) => {}
            (Some(t), s) => {
                self.push(" LIMIT ");
                self.param(Value::BigInt(t));
                if let Some(s) = s.filter(|s| *s > 0) {
                    self.push(" OFFSET ");
                    self.param(Value::BigInt(s));
                }
            }
            (None, Some(s)) => {
                if self.backend == Backend::Sqlite {
                    self.push(" LIMIT -1");
                }
                self.push(" OFFSET ");
                self.param(Value::BigInt(s));
            }
        }
    }
}

pub(crate) fn column(meta: &ModelMeta, c: u16) -> Result<&ColumnMeta> {
    meta.columns.get(c as usize).ok_or_else(|| Error::Validation(format!("{} has no column #{c}", meta.name)))
}

/// `%`, `_` and `\` as plain characters in a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Whether a value fits the column (client-side checks that make input errors `Validation`, not driver errors).
#[inline]
pub(crate) fn check_value(backend: Backend, col: &ColumnMeta, v: &Value) -> Result<()> {
    if v.is_null() && !col.nullable {
        return Err(Error::Validation(format!("`{}` is required and cannot be NULL", col.name)));
    }
    if backend == Backend::Postgres && v.has_nul() {
        return Err(Error::Validation(format!(
            "`{}`: PostgreSQL text cannot contain NUL (0x00) characters; remove them or store the data as Bytes",
            col.name
        )));
    }
    if let (ScalarKind::Decimal { .. }, Value::Float(f)) = (col.kind, v) {
        if !f.is_finite() {
            return Err(Error::Validation(format!("`{}`: {f} is not a decimal", col.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_escaping() {
        assert_eq!(escape_like(r"50%_off\x"), r"50\%\_off\\x");
    }
}
