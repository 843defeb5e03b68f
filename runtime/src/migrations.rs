//! A set of migrations in Prisma's layout, read from a folder or embedded in a binary.

use crate::error::{Error, Result};
use std::path::Path;

/// One migration: its folder name and its SQL script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    name: String,
    sql: String,
    checksum: String,
}

impl Migration {
    /// A migration from its name (the folder name, e.g. `20240101120000_init`) and script.
    pub fn new(name: impl Into<String>, sql: impl Into<String>) -> Self {
        let sql = sql.into();
        let checksum = checksum(&sql);
        Self { name: name.into(), sql, checksum }
    }

    /// The name, e.g. `20240101120000_init`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The SQL script.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The SHA-256 of the script's bytes, as 64 lower-case hex digits (what `_prisma_migrations.checksum` holds).
    pub fn checksum(&self) -> &str {
        &self.checksum
    }

    /// Whether a recorded checksum belongs to this script, as Prisma decides it: the script as is, with CRLF
    /// turned into LF, or LF into CRLF (git may change line endings), and old checksums written without
    /// zero-padding of each byte.
    pub fn matches_checksum(&self, recorded: &str) -> bool {
        if recorded == self.checksum {
            return true;
        }
        let variants = [self.sql.replace("\r\n", "\n"), self.sql.replace("\r\n", "\n").replace('\n', "\r\n")];
        std::iter::once(self.sql.as_str()).chain(variants.iter().map(String::as_str)).any(|script| {
            let digest = sha256(script);
            if recorded.len() == 64 {
                hex(&digest, true) == recorded
            } else {
                hex(&digest, false) == recorded
            }
        })
    }
}

/// An ordered set of migrations and the provider they were written for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migrations {
    migrations: Vec<Migration>,
    provider: Option<String>,
}

impl Migrations {
    /// Reads `dir/<name>/migration.sql` for every folder of `dir` (hidden folders skipped), sorted by name,
    /// and the provider from `dir/migration_lock.toml` if that file exists.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Self> {
        let dir = dir.as_ref();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let mut folders = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let entry = entry.map_err(io(dir))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !path.is_dir() {
                continue;
            }
            folders.push((name, path));
        }
        folders.sort();
        let mut migrations = Vec::with_capacity(folders.len());
        for (name, folder) in folders {
            let script = folder.join("migration.sql");
            if !script.is_file() {
                return Err(Error::MissingMigrationScript { dir: folder });
            }
            let bytes = std::fs::read(&script).map_err(io(&script))?;
            let sql = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 { path: script.clone() })?;
            migrations.push(Migration::new(name, sql));
        }
        let lock = dir.join("migration_lock.toml");
        let provider = if lock.is_file() {
            let text = std::fs::read_to_string(&lock).map_err(io(&lock))?;
            Some(parse_lock_provider(&text).map_err(|reason| Error::InvalidLockFile { path: lock, reason })?)
        } else {
            None
        };
        Ok(Self { migrations, provider })
    }

    /// Migrations embedded in a binary, e.g. `&[("20240101120000_init", include_str!("…/migration.sql"))]`.
    /// They are sorted by name; a name listed twice is an error.
    pub fn from_embedded(migrations: &[(&str, &str)]) -> Result<Self> {
        let mut list: Vec<Migration> = migrations.iter().map(|(name, sql)| Migration::new(*name, *sql)).collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(w) = list.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(Error::DuplicateMigration { name: w[0].name.clone() });
        }
        Ok(Self { migrations: list, provider: None })
    }

    /// Sets the provider the migrations were written for (`sqlite`, `postgresql`), as `migration_lock.toml` does.
    pub fn with_provider(mut self, provider: impl Into<String>) -> Self {
        self.provider = Some(provider.into());
        self
    }

    /// The provider of `migration_lock.toml`, if known.
    pub fn provider(&self) -> Option<&str> {
        self.provider.as_deref()
    }

    /// The migrations, in the order they are applied.
    pub fn iter(&self) -> std::slice::Iter<'_, Migration> {
        self.migrations.iter()
    }

    /// How many migrations there are.
    pub fn len(&self) -> usize {
        self.migrations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.migrations.is_empty()
    }

    /// The migration with this name.
    pub fn get(&self, name: &str) -> Option<&Migration> {
        self.migrations.iter().find(|m| m.name == name)
    }
}

impl<'a> IntoIterator for &'a Migrations {
    type Item = &'a Migration;
    type IntoIter = std::slice::Iter<'a, Migration>;
    fn into_iter(self) -> Self::IntoIter {
        self.migrations.iter()
    }
}

/// Reads `provider = "…"` from `migration_lock.toml` (the only key Prisma writes there).
fn parse_lock_provider(text: &str) -> std::result::Result<String, String> {
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        if key.trim() != "provider" {
            continue;
        }
        let value = value.trim();
        let value = value.split_once('#').map_or(value, |(v, _)| v.trim_end());
        return value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .map(str::to_owned)
            .ok_or_else(|| format!("`provider` must be a quoted string, found `{value}`"));
    }
    Err("no `provider = \"…\"` line".to_owned())
}

fn sha256(text: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).into()
}

fn hex(bytes: &[u8], padded: bool) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(64);
    for b in bytes {
        // Writing to a String cannot fail.
        let _ = if padded { write!(s, "{b:02x}") } else { write!(s, "{b:x}") };
    }
    s
}

/// SHA-256 of a script as 64 lower-case hex digits, as Prisma Migrate records it.
pub fn checksum(sql: &str) -> String {
    hex(&sha256(sql), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_zero_padded_sha256() {
        assert_eq!(checksum("hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    #[test]
    fn line_endings_and_old_checksums_match() {
        let lf = Migration::new("m", "a\nb\n");
        let crlf = Migration::new("m", "a\r\nb\r\n");
        assert!(lf.matches_checksum(crlf.checksum()));
        assert!(crlf.matches_checksum(lf.checksum()));
        assert!(!lf.matches_checksum(&checksum("a\nb")));
        let old = hex(&sha256("a\nb\n"), false);
        assert!(old.len() < 64 || old == lf.checksum());
        assert!(lf.matches_checksum(&old));
    }

    #[test]
    fn lock_file() {
        assert_eq!(parse_lock_provider("# comment\nprovider = \"postgresql\"\n").as_deref(), Ok("postgresql"));
        assert!(parse_lock_provider("provider = postgresql").is_err());
        assert!(parse_lock_provider("").is_err());
    }
}
