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
//! TLS is rustls (with `ring`): nothing to install on the system, nothing loaded when TLS is not used.
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
    fn tls_connector(&self) -> std::result::Result<tokio_postgres_rustls::MakeRustlsConnect, DriverError> {
        tls::connector(&self.tls).map(tokio_postgres_rustls::MakeRustlsConnect::new)
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

/// TLS with rustls (pure Rust, `ring` for the cryptography): no system library to build or load.
#[cfg(feature = "tls")]
mod tls {
    use super::{TlsSettings, Verify};
    use crate::error::DriverError;
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::client::WebPkiServerVerifier;
    use rustls::crypto::{ring, CryptoProvider};
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
    use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
    use std::sync::Arc;

    fn error(message: String) -> DriverError {
        DriverError::new(message, None, None)
    }

    /// The client configuration for `settings`.
    pub(super) fn connector(settings: &TlsSettings) -> Result<ClientConfig, DriverError> {
        let provider = Arc::new(ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| error(format!("setting up TLS: {e}")))?;
        // A certificate file named in the URL is read (and must be readable) whatever is checked.
        let (roots, pinned) = roots(settings)?;
        let check = match settings.verify {
            Verify::Nothing => None,
            level => {
                let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| error(format!("setting up TLS certificate checks: {e}")))?;
                Some(CertCheck { webpki, any_host_name: level == Verify::Chain, pinned })
            }
        };
        let verifier: Arc<dyn ServerCertVerifier> = Arc::new(ServerCert { provider, check });
        let builder = builder.dangerous().with_custom_certificate_verifier(verifier);
        match &settings.identity {
            None => Ok(builder.with_no_client_auth()),
            Some(path) => {
                let (chain, key) = identity(path, &settings.password)?;
                builder
                    .with_client_auth_cert(chain, key)
                    .map_err(|e| error(format!("the client certificate in {path} cannot be used: {e}")))
            }
        }
    }

    fn read(what: &str, path: &str) -> Result<Vec<u8>, DriverError> {
        std::fs::read(path).map_err(|e| error(format!("cannot read the {what} {path}: {e}")))
    }

    /// The CA certificates to trust: the URL's (`sslcert`/`sslrootcert`, PEM with one or more certificates, or
    /// DER), else the system's; and the URL's certificates again, as certificates the server may present itself
    /// (Prisma's `sslcert` is "the server certificate": a self-signed one is trusted as it is).
    fn roots(settings: &TlsSettings) -> Result<(RootCertStore, Vec<CertificateDer<'static>>), DriverError> {
        let mut roots = RootCertStore::empty();
        match &settings.root_cert {
            Some(path) => {
                let bytes = read("CA certificate (sslcert)", path)?;
                let pem: Vec<CertificateDer<'static>> =
                    CertificateDer::pem_slice_iter(&bytes).filter_map(Result::ok).collect();
                let certs = if pem.is_empty() { vec![CertificateDer::from(bytes)] } else { pem };
                for cert in &certs {
                    roots
                        .add(cert.clone())
                        .map_err(|e| error(format!("{path} is not a PEM or DER certificate: {e}")))?;
                }
                Ok((roots, certs))
            }
            None if settings.verify == Verify::Nothing => Ok((roots, Vec::new())),
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
                if roots.is_empty() {
                    return Err(error(
                        "no CA certificates found on this system to check the server's certificate against: \
                         pass one with sslcert=PATH"
                            .to_owned(),
                    ));
                }
                Ok((roots, Vec::new()))
            }
        }
    }

    /// The certificate chain and key of a PKCS#12 file (Prisma's `sslidentity` + `sslpassword`).
    fn identity(
        path: &str,
        password: &str,
    ) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), DriverError> {
        let bytes = read("client identity (sslidentity)", path)?;
        let store = p12_keystore::KeyStore::from_pkcs12(&bytes, password)
            .map_err(|e| error(format!("{path} is not a PKCS#12 file this password opens: {e}")))?;
        let (_, chain) = store.private_key_chain().ok_or_else(|| error(format!("{path} holds no private key")))?;
        let certs = chain.chain().iter().map(|c| CertificateDer::from(c.as_der().to_vec())).collect();
        Ok((certs, PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(chain.key().to_vec()))))
    }

    /// How the server is judged. The handshake's signatures are always checked, with the provider's algorithms.
    #[derive(Debug)]
    struct ServerCert {
        provider: Arc<CryptoProvider>,
        /// `None`: Prisma's default (`sslaccept=accept_invalid_certs`) and libpq's `require`: the connection is
        /// encrypted, the certificate is not checked.
        check: Option<CertCheck>,
    }

    /// `verify-full` / `sslaccept=strict`: the chain must lead to a trusted CA and name the host; `verify-ca`
    /// (`any_host_name`): the chain only. A server presenting exactly a certificate of the URL's `sslcert` is
    /// trusted as it is (webpki refuses a self-signed CA certificate as the server's own).
    #[derive(Debug)]
    struct CertCheck {
        webpki: Arc<WebPkiServerVerifier>,
        any_host_name: bool,
        pinned: Vec<CertificateDer<'static>>,
    }

    impl ServerCertVerifier for ServerCert {
        fn verify_server_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            intermediates: &[CertificateDer<'_>],
            server_name: &ServerName<'_>,
            ocsp: &[u8],
            now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            let Some(check) = &self.check else { return Ok(ServerCertVerified::assertion()) };
            if check.pinned.iter().any(|p| p.as_ref() == end_entity.as_ref()) {
                return Ok(ServerCertVerified::assertion());
            }
            match check.webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
                Err(rustls::Error::InvalidCertificate(
                    CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
                )) if check.any_host_name => Ok(ServerCertVerified::assertion()),
                other => other,
            }
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.provider.signature_verification_algorithms.supported_schemes()
        }
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
