//! Prisma's default constraint names. They are built from database names (mapped table and column
//! names), and cut to the connector's maximum identifier length the way Prisma cuts them: the
//! `table_columns` part is truncated (on a character boundary) so that the suffix still fits.
//!
//! - primary key: `Table_pkey`
//! - unique: `Table_col1_col2_key`
//! - index / fulltext: `Table_col1_col2_idx`
//! - foreign key: `Table_col1_col2_fkey`
//! - default (SQL Server): `Table_col_df`

use super::{IndexKind, Schema};

pub fn primary_key_name(table: &str, max_len: usize) -> String {
    let mut base = table.to_string();
    truncate(&mut base, max_len.saturating_sub(5));
    base.push_str("_pkey");
    base
}

pub fn unique_index_name(table: &str, columns: &[&str], max_len: usize) -> String {
    index_name_impl(table, columns, "_key", max_len)
}

pub fn non_unique_index_name(table: &str, columns: &[&str], max_len: usize) -> String {
    index_name_impl(table, columns, "_idx", max_len)
}

pub fn foreign_key_name(table: &str, columns: &[&str], max_len: usize) -> String {
    index_name_impl(table, columns, "_fkey", max_len)
}

pub fn default_constraint_name(table: &str, column: &str, max_len: usize) -> String {
    index_name_impl(table, &[column], "_df", max_len)
}

fn index_name_impl(table: &str, columns: &[&str], suffix: &str, max_len: usize) -> String {
    let mut out =
        String::with_capacity(table.len() + 1 + columns.iter().map(|c| c.len() + 1).sum::<usize>() + suffix.len());
    out.push_str(table);
    out.push('_');
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push('_');
        }
        out.push_str(c);
    }
    truncate(&mut out, max_len.saturating_sub(suffix.len()));
    out.push_str(suffix);
    out
}

/// Prisma cuts when the name is at least `limit` bytes long, at the nearest char boundary below.
fn truncate(s: &mut String, limit: usize) {
    if s.len() >= limit {
        let mut i = limit.min(s.len());
        while i > 0 && !s.is_char_boundary(i) {
            i -= 1;
        }
        s.truncate(i);
    }
}

/// Fills `db_name` of every primary key and index: the `map` name, or the default one.
pub(super) fn fill_default_names(schema: &mut Schema) {
    let max = schema.max_identifier_length;
    let mut index_names: Vec<String> = Vec::new();
    for mi in 0..schema.models.len() {
        let model = &schema.models[mi];
        let table: &str = model.mapped_name.as_deref().unwrap_or(&model.name);
        let pk_name = model
            .primary_key
            .as_ref()
            .map(|pk| pk.mapped_name.clone().unwrap_or_else(|| primary_key_name(table, max).into()));
        index_names.clear();
        for idx in &model.indexes {
            if let Some(m) = &idx.mapped_name {
                index_names.push(m.to_string());
                continue;
            }
            let suffix = match idx.kind {
                IndexKind::Unique => "_key",
                IndexKind::Normal | IndexKind::Fulltext => "_idx",
            };
            // As `index_name_impl`, with each column written straight into the name.
            let mut name = String::with_capacity(table.len() + 1 + 16 * idx.fields.len() + suffix.len());
            name.push_str(table);
            name.push('_');
            for (i, f) in idx.fields.iter().enumerate() {
                if i > 0 {
                    name.push('_');
                }
                name.push_str(schema.walk(f.field).column_name());
                for (ct, fi) in &f.path {
                    if let Some(cf) = schema.composite_types.get(ct.0 as usize).and_then(|c| c.fields.get(*fi as usize))
                    {
                        name.push('.');
                        name.push_str(cf.mapped_name.as_deref().unwrap_or(&cf.name));
                    }
                }
            }
            truncate(&mut name, max.saturating_sub(suffix.len()));
            name.push_str(suffix);
            index_names.push(name);
        }
        let model = &mut schema.models[mi];
        if let (Some(pk), Some(name)) = (model.primary_key.as_mut(), pk_name) {
            pk.db_name = name;
        }
        for (idx, name) in model.indexes.iter_mut().zip(index_names.drain(..)) {
            idx.db_name = name.into();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names() {
        assert_eq!(primary_key_name("User", 63), "User_pkey");
        assert_eq!(unique_index_name("User", &["email"], 63), "User_email_key");
        assert_eq!(non_unique_index_name("Post", &["a", "b"], 63), "Post_a_b_idx");
        assert_eq!(foreign_key_name("Post", &["author_id"], 63), "Post_author_id_fkey");
        assert_eq!(default_constraint_name("Post", "title", 128), "Post_title_df");
    }

    #[test]
    fn truncates_to_the_identifier_limit() {
        let table = "a".repeat(40);
        let name = non_unique_index_name(&table, &["bbbbbbbbbbbbbbbbbbbb", "cccccccccc"], 63);
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_idx"));
        assert_eq!(&name[..59], &format!("{table}_bbbbbbbbbbbbbbbbbbbb_cc")[..59]);
        let fk = foreign_key_name(&table, &["x".repeat(30).as_str()], 63);
        assert_eq!(fk.len(), 63);
        assert!(fk.ends_with("_fkey"));
        // Exactly at the limit minus the suffix: Prisma still cuts (>=), which is a no-op here.
        let t = "t".repeat(58);
        assert_eq!(primary_key_name(&t, 63), format!("{t}_pkey"));
        // Multi-byte characters are never split.
        let t = "é".repeat(40);
        let pk = primary_key_name(&t, 63);
        assert!(pk.len() <= 63 && pk.ends_with("_pkey"));
    }
}
