//! PostgreSQL over TLS: the URL's `sslmode` / `sslaccept` / `sslcert` decide whether connections are encrypted
//! and what is checked. Needs a server with TLS on (`.ci/pg-tls DIR PORT` turns it on with a test CA and prints
//! the CA certificate's path; the server's certificate is `server.crt` beside it) and `SCHEMAGEN_TEST_PG_TLS_CA`
//! set to that path; with `CI` set, a missing server fails.

use schemagen_runtime::client::{Client, Error as ClientError, Value};
use schemagen_runtime::Error;

/// (server URL, CA certificate path)
fn server() -> Option<(String, String)> {
    let url = std::env::var("SCHEMAGEN_TEST_PG_URL").or_else(|_| std::env::var("DATABASE_URL")).ok();
    let ca = std::env::var("SCHEMAGEN_TEST_PG_TLS_CA").ok();
    match (url, ca) {
        (Some(url), Some(ca)) if !url.is_empty() && !ca.is_empty() => Some((url, ca)),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI is set but SCHEMAGEN_TEST_PG_URL and SCHEMAGEN_TEST_PG_TLS_CA are not: the TLS tests must run")
        }
        _ => {
            eprintln!("TLS tests skipped: set SCHEMAGEN_TEST_PG_URL and SCHEMAGEN_TEST_PG_TLS_CA (see .ci/pg-tls)");
            None
        }
    }
}

fn with_params(url: &str, params: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{params}")
}

/// Whether the query engine's connection for `url` is encrypted, as the server sees it.
fn engine_encrypted(url: &str) -> Result<bool, ClientError> {
    let client = Client::connect(url)?;
    let rows = client.raw().query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])?;
    Ok(matches!(rows[0][0], Value::Bool(true)))
}

/// The same through the runtime's own client (migration runner, `schemagen` CLI).
fn runner_encrypted(url: &str) -> Result<bool, Error> {
    let (mut client, _schema) = schemagen_runtime::postgres_client(url)?;
    let row = client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap();
    Ok(row.get(0))
}

#[test]
fn sslmode_decides_whether_connections_are_encrypted() {
    let Some((url, _)) = server() else { return };
    for (params, encrypted) in [("sslmode=disable", false), ("sslmode=prefer", true), ("sslmode=require", true)] {
        let u = with_params(&url, params);
        assert_eq!(engine_encrypted(&u).unwrap(), encrypted, "query engine, {params}");
        assert_eq!(runner_encrypted(&u).unwrap(), encrypted, "runner, {params}");
    }
}

#[test]
fn verified_connections_need_the_servers_ca() {
    let Some((url, ca)) = server() else { return };
    let server_cert = std::path::Path::new(&ca).with_file_name("server.crt");
    let server_cert = server_cert.to_str().unwrap();
    // Trusting the CA that signed the server's certificate: chain (and host name) checked, and they pass.
    // Trusting the server's own certificate (Prisma's meaning of `sslcert`): accepted as it is.
    for params in [
        format!("sslmode=verify-full&sslrootcert={ca}"),
        format!("sslmode=verify-ca&sslrootcert={ca}"),
        format!("sslaccept=strict&sslcert={ca}"),
        format!("sslaccept=strict&sslcert={server_cert}"),
    ] {
        let u = with_params(&url, &params);
        assert!(engine_encrypted(&u).unwrap(), "{params}");
        assert!(runner_encrypted(&u).unwrap(), "{params}");
    }
    // Without it the certificate is unknown (the system's CAs did not sign it): refused, with the reason, as a
    // connection error.
    for params in ["sslaccept=strict", "sslmode=verify-full", "sslmode=verify-ca"] {
        let u = with_params(&url, params);
        let err = engine_encrypted(&u).unwrap_err();
        assert!(matches!(err, ClientError::Unavailable(_)), "{params}: {err:?}");
        let text = schemagen_runtime::postgres_client(&u).err().unwrap().to_string();
        assert!(text.contains("certificate"), "{params}: {text}");
    }
    // Prisma's default (`sslaccept=accept_invalid_certs`) encrypts without checking.
    assert!(engine_encrypted(&with_params(&url, "sslmode=require&sslaccept=accept_invalid_certs")).unwrap());
}

#[test]
fn unreadable_certificates_are_named() {
    let Some((url, _)) = server() else { return };
    let u = with_params(&url, "sslmode=require&sslcert=/nonexistent/ca.pem");
    let text = schemagen_runtime::postgres_client(&u).err().unwrap().to_string();
    assert!(text.contains("/nonexistent/ca.pem"), "{text}");
}

#[test]
fn migrations_deploy_over_tls() {
    let Some((url, ca)) = server() else { return };
    let schema = format!("tls_deploy_{}", std::process::id());
    let (mut admin, _) = schemagen_runtime::postgres_client(&url).unwrap();
    admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
    let u = with_params(&url, &format!("schema={schema}&sslmode=verify-full&sslrootcert={ca}"));
    let migrations = schemagen_runtime::Migrations::from_embedded(&[(
        "20240101000000_init",
        "CREATE TABLE \"T\" (\"id\" INTEGER NOT NULL, CONSTRAINT \"T_pkey\" PRIMARY KEY (\"id\"));",
    )])
    .unwrap();
    let result = schemagen_runtime::connect(&u).and_then(|mut conn| schemagen_runtime::deploy(&mut conn, &migrations));
    let tables: i64 = admin
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'T'",
            &[&schema],
        )
        .unwrap()
        .get(0);
    admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    result.unwrap();
    assert_eq!(tables, 1);
}
