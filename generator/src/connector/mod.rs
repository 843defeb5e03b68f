//! What differs per database: one [`Provider`] enum and the [`Connector`] answers for it.
//! Every provider-specific rule of the front end (native types, capabilities, default referential
//! actions) is asked of this module, never decided elsewhere.
//!
//! A connector is a table of facts ([`Connector`]), one `static` per provider (see the submodules),
//! plus [`NO_DATASOURCE`] for schemas without a datasource block.

mod cockroachdb;
mod mongodb;
mod mysql;
mod native_types;
mod postgres;
mod sqlite;
mod sqlserver;

pub use native_types::check_arguments as native_types_check_arguments;
pub use native_types::{parse_native_type, NativeTypeArgs, NativeTypeDef, NativeTypeError, NativeTypeInstance};

use serde::Serialize;

/// The database a schema targets (its datasource's `provider`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Provider {
    Postgres,
    CockroachDb,
    Mysql,
    Sqlite,
    SqlServer,
    MongoDb,
}

impl Provider {
    /// Parses a datasource `provider` string (`postgres` is an alias of `postgresql`).
    pub fn from_name(name: &str) -> Option<Provider> {
        Some(match name {
            "postgresql" | "postgres" => Provider::Postgres,
            "cockroachdb" => Provider::CockroachDb,
            "mysql" => Provider::Mysql,
            "sqlite" => Provider::Sqlite,
            "sqlserver" => Provider::SqlServer,
            "mongodb" => Provider::MongoDb,
            _ => return None,
        })
    }

    /// The canonical provider name (`postgresql` for `postgres`).
    pub fn name(self) -> &'static str {
        match self {
            Provider::Postgres => "postgresql",
            Provider::CockroachDb => "cockroachdb",
            Provider::Mysql => "mysql",
            Provider::Sqlite => "sqlite",
            Provider::SqlServer => "sqlserver",
            Provider::MongoDb => "mongodb",
        }
    }

    /// The facts about this provider's database.
    pub fn connector(self) -> &'static Connector {
        match self {
            Provider::Postgres => &postgres::CONNECTOR,
            Provider::CockroachDb => &cockroachdb::CONNECTOR,
            Provider::Mysql => &mysql::CONNECTOR,
            Provider::Sqlite => &sqlite::CONNECTOR,
            Provider::SqlServer => &sqlserver::CONNECTOR,
            Provider::MongoDb => &mongodb::CONNECTOR,
        }
    }
}

/// MySQL native types that need a `length` prefix to be part of an index, unique or primary key.
pub fn mysql_needs_length_in_index(native_type: &str) -> bool {
    mysql::NEEDS_LENGTH_IN_INDEX.contains(&native_type)
}

/// SQL Server native types stored off-row (`Text`, `NVarChar(Max)`...), which no key, unique or
/// index may hold: the type as Prisma names it in messages, or `None`. `args` as written.
pub fn sqlserver_heap_type<S: AsRef<str>>(native_type: &str, args: &[S]) -> Option<String> {
    sqlserver::heap_type(native_type, args)
}

/// The connector of an optional provider ([`NO_DATASOURCE`] when there is none).
pub fn connector_for(provider: Option<Provider>) -> &'static Connector {
    provider.map(Provider::connector).unwrap_or(&NO_DATASOURCE)
}

/// How relations are enforced: by foreign keys in the database, or emulated by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum RelationMode {
    #[default]
    ForeignKeys,
    Prisma,
}

impl RelationMode {
    /// The value as written in `relationMode = "..."`.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationMode::ForeignKeys => "foreignKeys",
            RelationMode::Prisma => "prisma",
        }
    }
}

/// The scalar types of Prisma, as native types name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ScalarType {
    String,
    Boolean,
    Int,
    BigInt,
    Float,
    Decimal,
    DateTime,
    Json,
    Bytes,
}

impl ScalarType {
    pub fn from_name(name: &str) -> Option<ScalarType> {
        Some(match name {
            "String" => ScalarType::String,
            "Boolean" => ScalarType::Boolean,
            "Int" => ScalarType::Int,
            "BigInt" => ScalarType::BigInt,
            "Float" => ScalarType::Float,
            "Decimal" => ScalarType::Decimal,
            "DateTime" => ScalarType::DateTime,
            "Json" => ScalarType::Json,
            "Bytes" => ScalarType::Bytes,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ScalarType::String => "String",
            ScalarType::Boolean => "Boolean",
            ScalarType::Int => "Int",
            ScalarType::BigInt => "BigInt",
            ScalarType::Float => "Float",
            ScalarType::Decimal => "Decimal",
            ScalarType::DateTime => "DateTime",
            ScalarType::Json => "Json",
            ScalarType::Bytes => "Bytes",
        }
    }
}

/// What a connector can do. Asked with [`Connector::has`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    Enums,
    EnumArrays,
    ScalarLists,
    JsonType,
    JsonLists,
    AutoIncrement,
    /// `autoincrement()` on a field that is not the model's single-field id.
    AutoIncrementAllowedOnNonId,
    /// `autoincrement()` on a field that does not lead any index, unique constraint or id.
    AutoIncrementNonIndexedAllowed,
    /// Several `autoincrement()` fields in one model.
    AutoIncrementMultipleAllowed,
    NamedPrimaryKeys,
    NamedForeignKeys,
    NamedDefaultValues,
    MultiSchema,
    IndexColumnLengthPrefixing,
    FullTextIndex,
    SortOrderInFullTextIndex,
    ClusteringSetting,
    CompoundIds,
    AnyId,
    AdvancedJsonNullability,
    UndefinedType,
    DecimalType,
    CompositeTypes,
    ImplicitManyToManyRelation,
    TwoWayEmbeddedManyToManyRelation,
    RelationFieldsInArbitraryOrder,
    PrimaryKeySortOrderDefinition,
    UniqueConstraintSortOrder,
    NativeUpsert,
    PostgresExtensions,
    NativeTypes,
    /// Enum values may carry `@map`.
    EnumValueMap,
    /// The database refuses foreign keys whose referential actions form cycles or cascade along
    /// several paths (Prisma checks them: [`crate::ir`]'s relation checks).
    ReferenceCycleDetection,
}

/// An index algorithm (`@@index(type: ...)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum IndexAlgorithm {
    BTree,
    Hash,
    Gist,
    Gin,
    SpGist,
    Brin,
}

impl IndexAlgorithm {
    pub fn from_name(name: &str) -> Option<IndexAlgorithm> {
        Some(match name {
            "BTree" => IndexAlgorithm::BTree,
            "Hash" => IndexAlgorithm::Hash,
            "Gist" => IndexAlgorithm::Gist,
            "Gin" => IndexAlgorithm::Gin,
            "SpGist" => IndexAlgorithm::SpGist,
            "Brin" => IndexAlgorithm::Brin,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            IndexAlgorithm::BTree => "BTree",
            IndexAlgorithm::Hash => "Hash",
            IndexAlgorithm::Gist => "Gist",
            IndexAlgorithm::Gin => "Gin",
            IndexAlgorithm::SpGist => "SpGist",
            IndexAlgorithm::Brin => "Brin",
        }
    }
}

/// `onDelete` / `onUpdate` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ReferentialAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn from_name(name: &str) -> Option<ReferentialAction> {
        Some(match name {
            "Cascade" => ReferentialAction::Cascade,
            "Restrict" => ReferentialAction::Restrict,
            "NoAction" => ReferentialAction::NoAction,
            "SetNull" => ReferentialAction::SetNull,
            "SetDefault" => ReferentialAction::SetDefault,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }
}

/// Referential actions Prisma can emulate when `relationMode = "prisma"`.
pub const EMULATED_REFERENTIAL_ACTIONS: &[ReferentialAction] =
    &[ReferentialAction::Cascade, ReferentialAction::Restrict, ReferentialAction::NoAction, ReferentialAction::SetNull];

/// The facts about one database.
#[derive(Debug)]
pub struct Connector {
    pub provider: Option<Provider>,
    /// How Prisma names the database in messages (`Postgres`, `MySQL`, `SQL Server`, `sqlite`...).
    pub display_name: &'static str,
    pub capabilities: &'static [Capability],
    pub native_types: &'static [NativeTypeDef],
    /// Index algorithms besides the default one.
    pub index_algorithms: &'static [IndexAlgorithm],
    /// Referential actions with foreign keys.
    pub referential_actions: &'static [ReferentialAction],
    /// Longest identifier the database accepts (0: no limit).
    pub max_identifier_length: usize,
    pub relation_modes: &'static [RelationMode],
    /// Whether constraint names (indexes, keys) are global to the schema rather than per table.
    pub constraint_names_global: bool,
}

impl Connector {
    pub fn has(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }

    pub fn native_type(&self, name: &str) -> Option<&'static NativeTypeDef> {
        self.native_types.iter().find(|t| t.name == name)
    }

    pub fn supports_index_algorithm(&self, algorithm: IndexAlgorithm) -> bool {
        algorithm == IndexAlgorithm::BTree || self.index_algorithms.contains(&algorithm)
    }

    /// Referential actions allowed under a relation mode.
    pub fn allowed_referential_actions(&self, mode: RelationMode) -> &'static [ReferentialAction] {
        match mode {
            RelationMode::ForeignKeys => self.referential_actions,
            // Emulation: `NoAction` only where Prisma emulates it (not on PostgreSQL and SQLite).
            RelationMode::Prisma => match self.provider {
                Some(Provider::Postgres) | Some(Provider::Sqlite) | None => {
                    &[ReferentialAction::Cascade, ReferentialAction::Restrict, ReferentialAction::SetNull]
                }
                _ => EMULATED_REFERENTIAL_ACTIONS,
            },
        }
    }

    /// Prisma's defaults: `onDelete` is `SetNull` for optional relations and `Restrict` for required
    /// ones (`NoAction` where the database has no `Restrict`); `onUpdate` is `Cascade`.
    pub fn default_on_delete(&self, relation_is_required: bool, mode: RelationMode) -> ReferentialAction {
        if !relation_is_required {
            return ReferentialAction::SetNull;
        }
        if mode == RelationMode::ForeignKeys && !self.referential_actions.contains(&ReferentialAction::Restrict) {
            ReferentialAction::NoAction
        } else {
            ReferentialAction::Restrict
        }
    }

    pub fn default_on_update(&self) -> ReferentialAction {
        ReferentialAction::Cascade
    }
}

/// The "connector" of a schema without a datasource (Prisma's empty connector): auto-increment,
/// compound ids, enums, Json and implicit many-to-many relations, nothing else (no native types).
pub static NO_DATASOURCE: Connector = Connector {
    provider: None,
    // Prisma's name for its empty connector (a Rust type name), as its messages print it.
    display_name: "psl_core::datamodel_connector::empty_connector::EmptyDatamodelConnector",
    // Exactly Prisma's empty connector: no scalar lists, no Decimal, no named primary/foreign keys
    // or defaults, no length prefixes, relation references in the order of a unique criterion.
    capabilities: &[
        Capability::AutoIncrement,
        Capability::CompoundIds,
        Capability::Enums,
        Capability::JsonType,
        Capability::ImplicitManyToManyRelation,
    ],
    native_types: &[],
    index_algorithms: &[],
    referential_actions: &[
        ReferentialAction::Cascade,
        ReferentialAction::Restrict,
        ReferentialAction::NoAction,
        ReferentialAction::SetNull,
        ReferentialAction::SetDefault,
    ],
    max_identifier_length: 0,
    relation_modes: &[RelationMode::ForeignKeys, RelationMode::Prisma],
    constraint_names_global: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_have_connectors() {
        for p in [
            Provider::Postgres,
            Provider::CockroachDb,
            Provider::Mysql,
            Provider::Sqlite,
            Provider::SqlServer,
            Provider::MongoDb,
        ] {
            assert_eq!(p.connector().provider, Some(p));
            assert_eq!(Provider::from_name(p.name()), Some(p));
        }
        assert_eq!(Provider::from_name("postgres"), Some(Provider::Postgres));
        assert!(Provider::Postgres.connector().native_type("VarChar").is_some());
        assert!(Provider::Sqlite.connector().native_types.is_empty());
    }
}
