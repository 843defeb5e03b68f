//! The one place the library touches the file system: reading a schema given as a file or a folder.
//! Everything else in the library takes [`SourceFiles`] and returns values.

use crate::source::{SourceFiles, MAX_FILES, MAX_FILE_SIZE};
use std::path::{Path, PathBuf};

/// Why a schema could not be read (a usage or I/O error, not a schema error).
#[derive(Debug)]
pub enum LoadError {
    NotFound(PathBuf),
    NoSchemaFiles(PathBuf),
    Io(PathBuf, std::io::Error),
    /// A file over [`MAX_FILE_SIZE`] bytes.
    TooLarge(PathBuf),
    /// More than [`MAX_FILES`] schema files under a folder.
    TooManyFiles(PathBuf, usize),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "schema not found: {}", p.display()),
            LoadError::NoSchemaFiles(p) => write!(f, "no .prisma files found under {}", p.display()),
            LoadError::Io(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            LoadError::TooLarge(p) => {
                write!(f, "{} is larger than {MAX_FILE_SIZE} bytes, the most a schema file can have", p.display())
            }
            LoadError::TooManyFiles(p, n) => {
                write!(f, "{} holds {n} .prisma files; a schema can have at most {MAX_FILES}", p.display())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// The schema location used when none is given: `./schema/` if it exists, else
/// `./prisma/schema.prisma`, else `./schema.prisma`.
pub fn default_schema_path(base: &Path) -> PathBuf {
    let dir = base.join("schema");
    if dir.is_dir() {
        return dir;
    }
    let prisma = base.join("prisma").join("schema.prisma");
    if prisma.is_file() {
        return prisma;
    }
    base.join("schema.prisma")
}

/// Reads a schema: one `.prisma` file, or every `*.prisma` file below a folder (sorted by path,
/// hidden folders and `node_modules` skipped). Paths in the result are as given, joined.
pub fn load_schema(path: &Path) -> Result<SourceFiles, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound(path.to_path_buf()),
        _ => LoadError::Io(path.to_path_buf(), e),
    })?;
    let mut files = SourceFiles::new();
    if meta.is_file() {
        files.add(display_path(path), read(path)?);
        return Ok(files);
    }
    let mut paths = Vec::new();
    collect(path, &mut paths)?;
    paths.sort();
    if paths.is_empty() {
        return Err(LoadError::NoSchemaFiles(path.to_path_buf()));
    }
    if paths.len() > MAX_FILES {
        return Err(LoadError::TooManyFiles(path.to_path_buf(), paths.len()));
    }
    for p in paths {
        let text = read(&p)?;
        files.add(display_path(&p), text);
    }
    Ok(files)
}

/// One schema file's text, refused unread beyond [`MAX_FILE_SIZE`] (spans could not address it; a
/// file that grows past it meanwhile gets the parser's error).
fn read(path: &Path) -> Result<String, LoadError> {
    let size = std::fs::metadata(path).map_err(|e| LoadError::Io(path.to_path_buf(), e))?.len();
    if size > MAX_FILE_SIZE as u64 {
        return Err(LoadError::TooLarge(path.to_path_buf()));
    }
    std::fs::read_to_string(path).map_err(|e| LoadError::Io(path.to_path_buf(), e))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::Io(dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| LoadError::Io(dir.to_path_buf(), e))?;
        let p = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ty = entry.file_type().map_err(|e| LoadError::Io(p.clone(), e))?;
        if ty.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                collect(&p, out)?;
            }
        } else if name.ends_with(".prisma") {
            out.push(p);
        }
    }
    Ok(())
}

fn display_path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_beyond_what_spans_address_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.prisma");
        // Sparse: no 64 MiB written.
        std::fs::File::create(&path).unwrap().set_len(MAX_FILE_SIZE as u64 + 1).unwrap();
        match load_schema(&path) {
            Err(e @ LoadError::TooLarge(_)) => assert!(e.to_string().contains("larger than"), "{e}"),
            other => panic!("expected TooLarge, got {other:?}"),
        }
        match load_schema(dir.path()) {
            Err(LoadError::TooLarge(p)) => assert_eq!(p, path),
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }
}
