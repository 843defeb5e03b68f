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
    /// `ALTER TABLE "from" RENAME TO "to"` (an explicit `--rename Old=New`, e.g. for a `@@map` change).
    RenameTable {
        namespace: Option<String>,
        from: String,
        table: usize,
    },
    /// Values added to and removed from an enum type (PostgreSQL).
    AlterEnum {
        enum_index: usize,
        added: Vec<String>,
        removed: Vec<String>,
        /// The columns using the enum when it changes (removing values recreates the type).
        columns: Vec<EnumColumn>,
    },
    DropForeignKey {
        namespace: Option<String>,
        table: String,
        name: String,
    },
    DropIndex {
        namespace: Option<String>,
        table: String,
        name: String,
    },
    /// Changes to one table in place (PostgreSQL; on SQLite only column renames).
    AlterTable {
        table: usize,
        changes: Vec<TableChange>,
    },
    DropTable {
        namespace: Option<String>,
        name: String,
    },
    DropEnum {
        namespace: Option<String>,
        name: String,
    },
    /// SQLite: tables rebuilt to change what `ALTER TABLE` cannot (new table, copy, drop, rename).
    RedefineTables {
        tables: Vec<RedefineTable>,
    },
    /// A foreign key whose name alone changed (PostgreSQL): `ALTER TABLE .. RENAME CONSTRAINT`.
    /// `table` is the table's name in the target schema.
    RenameForeignKey {
        namespace: Option<String>,
        table: String,
        from: String,
        to: String,
    },
    /// An index whose name alone changed (PostgreSQL): `ALTER INDEX .. RENAME TO`.
    RenameIndex {
        table: usize,
        from: String,
        index: usize,
    },
    /// An index whose name alone changed (SQLite, which cannot rename an index): dropped and
    /// created again under the new name.
    RedefineIndex {
        table: usize,
        from: String,
        index: usize,
    },
}

/// A column of an enum type being altered: the table (index in the target schema), the column's
/// name at that point of the migration, and the target column whose default is restored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EnumColumn {
    pub table: usize,
    pub column: String,
    pub restore_default_of: Option<usize>,
}

/// One change inside [`Step::AlterTable`]. Column indexes refer to the target table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableChange {
    DropPrimaryKey {
        name: String,
    },
    RenamePrimaryKey {
        from: String,
        to: String,
    },
    RenameColumn {
        from: String,
        to: String,
    },
    DropColumn {
        name: String,
    },
    AddColumn {
        column: usize,
    },
    AlterColumn {
        column: usize,
        arity: bool,
        default: bool,
        data_type: bool,
        /// `autoincrement()` added or removed (PostgreSQL: a sequence created or dropped). The
        /// target column says which.
        auto_increment: bool,
    },
    /// The type cannot be cast: the column is dropped and added again (its data is lost).
    DropAndRecreateColumn {
        column: usize,
    },
    AddPrimaryKey,
}

/// One SQLite table rebuild: the target table, its current name and the columns copied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RedefineTable {
    pub table: usize,
    pub from_name: String,
    pub copy: Vec<CopyColumn>,
}

/// A column copied by a table rebuild: `from` in the old table to `to` in the new one; with
/// `coalesce`, NULLs become the target column's default (the column became required).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CopyColumn {
    pub from: String,
    pub to: String,
    pub coalesce: bool,
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
            Step::RenameTable { .. } => "RenameTable",
            Step::AlterEnum { .. } => "AlterEnum",
            Step::DropForeignKey { .. } => "DropForeignKey",
            Step::DropIndex { .. } => "DropIndex",
            Step::AlterTable { .. } => "AlterTable",
            Step::DropTable { .. } => "DropTable",
            Step::DropEnum { .. } => "DropEnum",
            Step::RedefineTables { .. } => "RedefineTables",
            Step::RenameForeignKey { .. } => "RenameForeignKey",
            Step::RenameIndex { .. } => "RenameIndex",
            Step::RedefineIndex { .. } => "RedefineIndex",
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
    let mut removed = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            out.push_str(&format!("\n[-] Removed {title}\n"));
            for i in items {
                out.push_str(&format!("  - {i}\n"));
            }
        }
    };
    removed(
        "enums",
        steps
            .iter()
            .filter_map(|s| match s {
                Step::DropEnum { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect(),
    );
    removed(
        "tables",
        steps
            .iter()
            .filter_map(|s| match s {
                Step::DropTable { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect(),
    );
    for s in steps {
        if let Step::AlterEnum { enum_index, added, removed, .. } = s {
            let name = to.enums.get(*enum_index).map(|e| e.name.as_str()).unwrap_or("?");
            out.push_str(&format!("\n[*] Changed the `{name}` enum\n"));
            for v in added {
                out.push_str(&format!("  [+] Added variant `{v}`\n"));
            }
            for v in removed {
                out.push_str(&format!("  [-] Removed variant `{v}`\n"));
            }
        }
    }
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
                Step::RenameTable { from, table, .. } if *table == t => {
                    lines.push((0, format!("  [*] Renamed from `{from}`")));
                }
                Step::DropIndex { table: tname, name, .. } if *tname == table.name => {
                    lines.push((0, format!("  [-] Removed index `{name}`")));
                }
                Step::DropForeignKey { table: tname, name, .. } if *tname == table.name => {
                    lines.push((1, format!("  [-] Removed foreign key `{name}`")));
                }
                Step::AlterTable { table: at, changes } if *at == t => {
                    for c in changes {
                        let col = |i: &usize| table.columns.get(*i).map(|c| c.name.clone()).unwrap_or_default();
                        lines.push((
                            0,
                            match c {
                                TableChange::DropPrimaryKey { .. } => "  [-] Removed the primary key".to_string(),
                                TableChange::RenamePrimaryKey { to, .. } => {
                                    format!("  [*] Renamed the primary key to `{to}`")
                                }
                                TableChange::RenameColumn { from, to } => {
                                    format!("  [*] Renamed column `{from}` to `{to}`")
                                }
                                TableChange::DropColumn { name } => format!("  [-] Removed column `{name}`"),
                                TableChange::AddColumn { column } => format!("  [+] Added column `{}`", col(column)),
                                TableChange::AlterColumn { column, .. }
                                | TableChange::DropAndRecreateColumn { column } => {
                                    format!("  [*] Altered column `{}`", col(column))
                                }
                                TableChange::AddPrimaryKey => "  [+] Added the primary key".to_string(),
                            },
                        ));
                    }
                }
                Step::RenameIndex { table, from, index } | Step::RedefineIndex { table, from, index }
                    if *table == t =>
                {
                    if let Some(idx) = to.tables.get(*table).and_then(|tb| tb.indexes.get(*index)) {
                        lines.push((0, format!("  [*] Renamed index `{from}` to `{}`", idx.name)));
                    }
                }
                Step::RenameForeignKey { table: tname, from, to, .. } if *tname == table.name => {
                    lines.push((1, format!("  [*] Renamed foreign key `{from}` to `{to}`")));
                }
                Step::RedefineTables { tables } if tables.iter().any(|r| r.table == t) => {
                    lines.push((0, "  [*] Redefined table (rebuilt, data copied)".to_string()));
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
