//! PostgreSQL connection URLs as Prisma reads them: the driver's settings, Prisma's own parameters
//! (`schema`, `connection_limit`, …) and TLS.
//!
//! TLS parameters (Prisma's names first, libpq's where Prisma has none):
//!
//! | parameter | values | meaning |
//! |---|---|---|
//! | `sslmode` | `prefer` (default), `disable`, `require`, `verify-ca`, `verify-full` | whether to use TLS; `verify-*` also check the server's certificate (libpq's meaning) |
//! | `sslaccept` | `accept_invalid_certs` (default), `strict` | Prisma's switch: `strict` checks the certificate chain and the host name |
//! | `sslcert`, `sslrootcert` | path to a PEM or DER file | a CA certificate to trust (Prisma's `sslcert` is the server's certificate) |
//! | `sslidentity`, `sslpassword` | path to a PKCS#12 file, its password | a client certificate |
//!
//! As with Prisma, `prefer` and `require` encrypt without checking who answers unless `sslaccept=strict`
//! (or `sslmode=verify-full`) is given: use one of those for a server reached over a network you do not trust.
//! Relative certificate paths are read from the current directory.

use crate::error::{DriverError, Error, Result};
use crate::redact;

/// URL parameters that Prisma understands and the driver does not (TLS ones are handled here).
const PRISMA_ONLY_PARAMS: &[&str] = &[
    "schema",
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "statement_cache_size",
    "socket_timeout",
    "max_connection_lifetime",
    "max_idle_connection_lifetime",
];

/// How much of the server's certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verify {
    /// Encrypt, check nothing (Prisma's default, libpq's `require`).
    Nothing,
    /// The chain up to a trusted CA, not the host name (`verify-ca`).
    Chain,
    /// Chain and host name (`verify-full`, `sslaccept=strict`).
    Full,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct TlsSettings {
    mode: postgres::config::SslMode,
    verify: Verify,
    root_cert: Option<String>,
    identity: Option<String>,
    password: String,
}

/// A parsed PostgreSQL URL.
pub(crate) struct PgUrl {
    config: postgres::Config,
    schema: Option<String>,
    tls: TlsSettings,
    redacted: String,
}

/// Minimal percent-decoding for parameter values.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl PgUrl {
    pub(crate) fn parse(url: &str) -> Result<Self> {
        let redacted = redact(url);
        let invalid = |reason: String| Error::InvalidUrl { url: redacted.clone(), reason };
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut schema = None;
        let mut kept = Vec::new();
        let mut tls = TlsSettings {
            mode: postgres::config::SslMode::Prefer,
            verify: Verify::Nothing,
            root_cert: None,
            identity: None,
            password: String::new(),
        };
        let mut strict = false;
        let mut mode_verify = Verify::Nothing;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(raw);
            match key {
                "schema" => schema = Some(value),
                "sslmode" => {
                    use postgres::config::SslMode;
                    (tls.mode, mode_verify) = match value.as_str() {
                        "disable" => (SslMode::Disable, Verify::Nothing),
                        "prefer" => (SslMode::Prefer, Verify::Nothing),
                        "require" => (SslMode::Require, Verify::Nothing),
                        "verify-ca" => (SslMode::Require, Verify::Chain),
                        "verify-full" => (SslMode::Require, Verify::Full),
                        other => {
                            return Err(invalid(format!(
                                "sslmode `{other}` is not one of disable, prefer, require, verify-ca, verify-full"
                            )))
                        }
                    }
                }
                "sslaccept" => {
                    strict = match value.as_str() {
                        "strict" => true,
                        "accept_invalid_certs" => false,
                        other => {
                            return Err(invalid(format!(
                                "sslaccept `{other}` is not one of strict, accept_invalid_certs"
                            )))
                        }
                    }
                }
                "sslcert" | "sslrootcert" => tls.root_cert = Some(value),
                "sslidentity" => tls.identity = Some(value),
                "sslpassword" => tls.password = value,
                k if PRISMA_ONLY_PARAMS.contains(&k) => {}
                _ => kept.push(pair),
            }
        }
        tls.verify = if strict { Verify::Full } else { mode_verify };
        let driver_url = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
        let mut config: postgres::Config = driver_url.parse().map_err(|e: postgres::Error| invalid(e.to_string()))?;
        config.ssl_mode(tls.mode);
        Ok(Self { config, schema, tls, redacted })
    }

    /// Prisma's `?schema=` (the search path), if given.
    pub(crate) fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Opens a client (TLS as the URL asks) and sets the search path to `schema` when one is given.
    pub(crate) fn connect(&self) -> Result<postgres::Client> {
        let connect_error =
            |source: DriverError| Error::Connect { backend: "postgresql", url: self.redacted.clone(), source };
        let mut client = if self.tls.mode == postgres::config::SslMode::Disable {
            self.config.connect(postgres::NoTls)
        } else {
            let connector = self.tls_connector().map_err(connect_error)?;
            self.config.connect(connector)
        }
        .map_err(|e| connect_error(crate::pg::driver_error(e)))?;
        if let Some(schema) = &self.schema {
            let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
            client
                .batch_execute(&format!("SET search_path TO {quoted}"))
                .map_err(|e| connect_error(crate::pg::driver_error(e)))?;
        }
        Ok(client)
    }

    #[cfg(feature = "tls")]
    fn tls_connector(&self) -> std::result::Result<postgres_native_tls::MakeTlsConnector, DriverError> {
        let read = |what: &str, path: &str| {
            std::fs::read(path).map_err(|e| DriverError::new(format!("cannot read the {what} {path}: {e}"), None, None))
        };
        let tls_error =
            |what: &str, e: native_tls::Error| DriverError::new(format!("{what}: {e}"), None, Some(Box::new(e)));
        let mut builder = native_tls::TlsConnector::builder();
        if let Some(path) = &self.tls.root_cert {
            let bytes = read("CA certificate (sslcert)", path)?;
            let cert = native_tls::Certificate::from_pem(&bytes)
                .or_else(|_| native_tls::Certificate::from_der(&bytes))
                .map_err(|e| tls_error(&format!("{path} is not a PEM or DER certificate"), e))?;
            builder.add_root_certificate(cert);
        }
        if let Some(path) = &self.tls.identity {
            let bytes = read("client identity (sslidentity)", path)?;
            let identity = native_tls::Identity::from_pkcs12(&bytes, &self.tls.password)
                .map_err(|e| tls_error(&format!("{path} is not a PKCS#12 file this password opens"), e))?;
            builder.identity(identity);
        }
        match self.tls.verify {
            Verify::Nothing => {
                builder.danger_accept_invalid_certs(true);
            }
            Verify::Chain => {
                builder.danger_accept_invalid_hostnames(true);
            }
            Verify::Full => {}
        }
        let connector = builder.build().map_err(|e| tls_error("setting up TLS", e))?;
        Ok(postgres_native_tls::MakeTlsConnector::new(connector))
    }

    #[cfg(not(feature = "tls"))]
    fn tls_connector(&self) -> std::result::Result<postgres::NoTls, DriverError> {
        if self.tls.mode == postgres::config::SslMode::Require {
            return Err(DriverError::new(
                "this URL requires TLS, but schemagen-runtime was built without its `tls` feature",
                None,
                None,
            ));
        }
        Ok(postgres::NoTls)
    }
}

/// Opens a PostgreSQL client for `url` the way the runtime does (Prisma's URL parameters, TLS, `?schema=` as the
/// search path) and returns it with the schema it works in (`public` unless the URL names one).
pub fn postgres_client(url: &str) -> Result<(postgres::Client, String)> {
    let parsed = PgUrl::parse(url)?;
    let client = parsed.connect()?;
    let schema = parsed.schema().unwrap_or("public").to_owned();
    Ok((client, schema))
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::config::SslMode;

    #[test]
    fn prisma_params_are_taken_out_and_tls_read() {
        let u =
            PgUrl::parse("postgresql://u@h/db?schema=my%20app&connection_limit=1&sslmode=require&application_name=x")
                .unwrap();
        assert_eq!(u.schema(), Some("my app"));
        assert_eq!(u.tls.mode, SslMode::Require);
        assert_eq!(u.tls.verify, Verify::Nothing);
        assert_eq!(u.config.get_application_name(), Some("x"));
        let u = PgUrl::parse("postgresql://u@h/db").unwrap();
        assert_eq!((u.schema(), u.tls.mode), (None, SslMode::Prefer));
    }

    #[test]
    fn verification_levels() {
        let verify = |q: &str| PgUrl::parse(&format!("postgresql://u@h/db?{q}")).unwrap().tls.verify;
        assert_eq!(verify("sslmode=require"), Verify::Nothing);
        assert_eq!(verify("sslmode=verify-ca"), Verify::Chain);
        assert_eq!(verify("sslmode=verify-full"), Verify::Full);
        assert_eq!(verify("sslmode=require&sslaccept=strict"), Verify::Full);
        assert_eq!(verify("sslaccept=strict&sslcert=ca.pem"), Verify::Full);
        let u = PgUrl::parse("postgresql://u@h/db?sslcert=a%2Fca.pem&sslidentity=id.p12&sslpassword=p%40ss").unwrap();
        assert_eq!(
            (u.tls.root_cert.as_deref(), u.tls.identity.as_deref(), u.tls.password.as_str()),
            (Some("a/ca.pem"), Some("id.p12"), "p@ss")
        );
    }

    #[test]
    fn bad_tls_values_are_url_errors() {
        for q in ["sslmode=sometimes", "sslaccept=maybe"] {
            let e = PgUrl::parse(&format!("postgresql://u:pw@h/db?{q}")).err().unwrap();
            let text = e.to_string();
            assert!(matches!(e, Error::InvalidUrl { .. }), "{text}");
            assert!(!text.contains("pw"), "{text}");
        }
    }
}
