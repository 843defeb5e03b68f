//! Hand-written (no `@generated` line): set-up shared by the SDK's test binaries (`mod common;` in each).
#![allow(dead_code)]

use schemagen_sdk::Client;

/// A client on a fresh PostgreSQL schema `<prefix>_<test>_<pid>`, migrated (the schema is dropped when the guard
/// goes), or `None` when `SCHEMAGEN_TEST_PG_URL` is not set — which fails under `CI`.
pub fn postgres(prefix: &str, test: &str) -> Option<(Client, DropSchema)> {
    let server = match std::env::var("SCHEMAGEN_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(std::env::var_os("CI").is_none(), "{test}: SCHEMAGEN_TEST_PG_URL must be set under CI");
            eprintln!("{test}: PostgreSQL skipped (SCHEMAGEN_TEST_PG_URL is not set)");
            return None;
        }
    };
    let schema = format!("{prefix}_{test}_{}", std::process::id());
    let admin = Client::connect(&server).expect("connect to PostgreSQL");
    admin.raw().execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"), &[]).expect("drop schema");
    admin.raw().execute(&format!("CREATE SCHEMA \"{schema}\""), &[]).expect("create schema");
    let sep = if server.contains('?') { '&' } else { '?' };
    let client = Client::connect(&format!("{server}{sep}schema={schema}")).expect("connect");
    client.migrate().expect("migrate");
    Some((client, DropSchema(admin, schema)))
}

/// Drops its PostgreSQL schema (through the admin client) when dropped.
pub struct DropSchema(Client, String);

impl Drop for DropSchema {
    fn drop(&mut self) {
        let _ = self.0.raw().execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.1), &[]);
    }
}
