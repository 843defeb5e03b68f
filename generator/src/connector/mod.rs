//! What differs per database: one [`Provider`] enum and the [`Connector`] answers for it.
//! Every provider-specific rule of the front end (native types, capabilities, default referential
//! actions) is asked of this module, never decided elsewhere.

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
}

/// How relations are enforced: by foreign keys in the database, or emulated by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum RelationMode {
    #[default]
    ForeignKeys,
    Prisma,
}
