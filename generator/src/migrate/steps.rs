//! Dialect-neutral migration steps, in the order Prisma Migrate runs them, and the human summary
//! (`migrate diff` without `--script`).

use super::sql_schema::{IndexKind, SqlSchema};
use crate::connector::Provider;

/// One change to a database. Indexes refer to the target [`SqlSchema`] of the migration.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// `CREATE SCHEMA IF NOT EXISTS` (PostgreSQL).
    CreateSchema {
        namespace: String,
    },
    /// An enum type (PostgreSQL): index in [`SqlSchema::enums`].
    CreateEnum {
        enum_index: usize,
    },
    /// A table with its columns and primary key (and, on SQLite, its foreign keys).
    CreateTable {
        table: usize,
    },
    CreateIndex {
        table: usize,
        index: usize,
    },
    /// A foreign key added after the tables (PostgreSQL): index in [`SqlSchema::foreign_keys`].
    AddForeignKey {
        foreign_key: usize,
    },
}

impl Step {
    /// The comment line Prisma writes above the step's SQL.
    pub fn label(&self) -> &'static str {
        match self {
            Step::CreateSchema { .. } => "CreateSchema",
            Step::CreateEnum { .. } => "CreateEnum",
            Step::CreateTable { .. } => "CreateTable",
            Step::CreateIndex { .. } => "CreateIndex",
            Step::AddForeignKey { .. } => "AddForeignKey",
        }
    }
}

/// The steps that create `to` in a database holding nothing but `existing_namespaces` (an empty
/// database: none; Prisma's own test harness starts with `public`).
pub fn create_all(to: &SqlSchema, existing_namespaces: &[&str]) -> Vec<Step> {
    let mut steps = Vec::new();
    for ns in &to.namespaces {
        if !existing_namespaces.contains(&ns.as_str()) {
            steps.push(Step::CreateSchema { namespace: ns.clone() });
        }
    }
    steps.extend((0..to.enums.len()).map(|enum_index| Step::CreateEnum { enum_index }));
    steps.extend((0..to.tables.len()).map(|table| Step::CreateTable { table }));
    for (t, table) in to.tables.iter().enumerate() {
        steps.extend((0..table.indexes.len()).map(|index| Step::CreateIndex { table: t, index }));
    }
    // SQLite declares foreign keys inside CREATE TABLE.
    if to.provider != Some(Provider::Sqlite) {
        steps.extend((0..to.foreign_keys.len()).map(|foreign_key| Step::AddForeignKey { foreign_key }));
    }
    steps
}

/// The human summary of `steps`, in Prisma's layout:
///
/// ```text
///
/// [+] Added tables
///   - User
///
/// [*] Changed the `User` table
///   [+] Added unique index on columns (email)
/// ```
///
/// `No difference detected.` when there is no step.
pub fn summary(steps: &[Step], to: &SqlSchema) -> String {
    if steps.is_empty() {
        return "No difference detected.\n".to_string();
    }
    let mut out = String::new();
    let mut list = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!("\n[+] Added {title}\n"));
            for i in items {
                out.push_str(&format!("  - {i}\n"));
            }
        }
    };
    list(
        "Schemas",
        steps
            .iter()
            .filter_map(|s| match s {
                Step::CreateSchema { namespace } => Some(namespace.clone()),
                _ => None,
            })
            .collect(),
    );
    list(
        "enums",
        steps
            .iter()
            .filter_map(|s| match s {
                Step::CreateEnum { enum_index } => to.enums.get(*enum_index).map(|e| e.name.clone()),
                _ => None,
            })
            .collect(),
    );
    list(
        "tables",
        steps
            .iter()
            .filter_map(|s| match s {
                Step::CreateTable { table } => to.tables.get(*table).map(|t| t.name.clone()),
                _ => None,
            })
            .collect(),
    );
    // Changed tables in name order, as Prisma lists them.
    let mut order: Vec<usize> = (0..to.tables.len()).collect();
    order.sort_by(|a, b| to.tables[*a].name.cmp(&to.tables[*b].name));
    for t in order {
        let table = &to.tables[t];
        let mut lines = Vec::new();
        for s in steps {
            match s {
                Step::CreateIndex { table, index } if *table == t => {
                    if let Some(idx) = to.tables.get(*table).and_then(|tb| tb.indexes.get(*index)) {
                        let kind = match idx.kind {
                            IndexKind::Unique => "unique index",
                            IndexKind::Normal => "index",
                            IndexKind::Fulltext => "fulltext index",
                        };
                        let cols: Vec<&str> = idx.columns.iter().map(|c| c.name.as_str()).collect();
                        lines.push((0, format!("  [+] Added {kind} on columns ({})", cols.join(", "))));
                    }
                }
                Step::AddForeignKey { foreign_key } => {
                    if let Some(fk) = to.foreign_keys.get(*foreign_key).filter(|fk| fk.table == t) {
                        lines.push((1, format!("  [+] Added foreign key on columns ({})", fk.columns.join(", "))));
                    }
                }
                _ => {}
            }
        }
        lines.sort_by_key(|(order, _)| *order);
        if !lines.is_empty() {
            out.push_str(&format!("\n[*] Changed the `{}` table\n", table.name));
            for (_, l) in lines {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    out
}
