//! The generator as a library, with file-system access: a configuration builder that the CLI (`generate`,
//! `check`) and build scripts drive alike.
//!
//! ```no_run
//! // In the build.rs of a crate that generates its SDK at build time instead of committing it:
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("sdk");
//! schemagen::Config::new().schema("schema.prisma").generate_to(&out).expect("schemagen");
//! ```
//!
//! [`Config::generate_to`] prints `cargo:rerun-if-changed=` for every schema file (and the schema folder),
//! so Cargo re-runs the build script only when the schema changes.
//!
//! # build.rs mode
//!
//! `generate_to(dir)` writes ONE self-contained file, `dir/lib.rs` ([`Config::single_file`]): every model
//! and the enums as inline modules, no inner attributes, the migrations embedded with absolute
//! `include_str!` paths. Include it at the root of the crate (its items refer to each other as `crate::…`):
//!
//! ```text
//! // build.rs                      (build-dependencies: schemagen)
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("schemagen");
//! schemagen::Config::new().schema("schema.prisma").generate_to(&out).expect("schemagen");
//!
//! // src/lib.rs                    (dependencies: schemagen-runtime, serde, serde_json, chrono, rust_decimal)
//! include!(concat!(env!("OUT_DIR"), "/schemagen/lib.rs"));
//! ```
//!
//! Migrations are read from `migrations/` next to the schema (what `schemagen migrate dev --schema
//! schema.prisma --name init` writes for a schema without a generator `output`), either Prisma's layout
//! `migrations/<name>/migration.sql` or one folder per provider (`migrations/sqlite/<name>/…`); another folder
//! with [`Config::migrations_dir`]. The crate then uses `Client`, `user::by_email(…)`, … as with a
//! generated crate (`docs/sdk.md`).

use crate::connector::Provider;
use crate::diagnostics::render_human;
use crate::generate::{self as gen, write, GeneratedFile};
use crate::source::SourceFiles;
use std::path::{Component, Path, PathBuf};

/// Why generation could not run. `Schema` and `Generate` are problems of the schema (exit code 1 in the
/// CLI); `Usage` and `Io` are everything else (exit code 2).
#[derive(Debug)]
pub enum Error {
    /// The schema is invalid: the rendered diagnostics.
    Schema { rendered: String, errors: usize },
    /// The schema is valid but cannot be generated (listed problems).
    Generate(gen::GenerateError),
    /// A configuration problem (no output folder, bad crate name, unreadable schema).
    Usage(String),
    /// Reading or writing files.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Schema { rendered, errors } => {
                write!(f, "{rendered}the schema has {errors} error{}", if *errors == 1 { "" } else { "s" })
            }
            Error::Generate(e) => write!(f, "{e}"),
            Error::Usage(m) | Error::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

/// What generation produces, before anything is written.
#[derive(Debug)]
pub struct Planned {
    /// The output folder (as configured: relative paths stay relative to the working directory).
    pub out: PathBuf,
    /// Every file, relative to `out`.
    pub files: Vec<GeneratedFile>,
    /// The crate's package name.
    pub crate_name: String,
    /// Providers whose migrations the crate embeds; their folders are `<out>/migrations/<provider>`.
    pub providers: Vec<Provider>,
    /// The schema files read (for `rerun-if-changed`).
    pub schema_files: Vec<PathBuf>,
    /// The resolved schema.
    pub ir: crate::ir::Schema,
}

/// Configuration of one generation, prost-build style (`&mut self -> &mut Self`).
#[derive(Debug, Clone, Default)]
pub struct Config {
    schema: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    templates: Option<PathBuf>,
    color: bool,
    single_file: bool,
    migrations: Option<PathBuf>,
}

impl Config {
    /// A configuration that reads `./schema/`, `./prisma/schema.prisma` or `./schema.prisma` and writes where
    /// the schema's `generator` block (`provider = "schemagen"`) says.
    pub fn new() -> Self {
        Self::default()
    }

    /// The schema: a `.prisma` file or a folder of them.
    pub fn schema(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.schema = Some(path.into());
        self
    }

    /// The output folder, instead of the generator block's `output`.
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out = Some(path.into());
        self
    }

    /// The crate's package name, instead of the generator block's `crateName`.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// A folder of template overrides laid out like `templates/` (`sdk/README.md.hbs`, ...).
    pub fn templates(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.templates = Some(dir.into());
        self
    }

    /// Build-script mode: one self-contained `lib.rs` (inline modules, migrations embedded by absolute
    /// `include_str!` paths, no `Cargo.toml` / `README.md`) for `include!`. [`Config::generate_to`] sets it.
    pub fn single_file(&mut self, on: bool) -> &mut Self {
        self.single_file = on;
        self
    }

    /// Where the migrations are: a folder with one subfolder per provider (`<dir>/sqlite/<name>/migration.sql`)
    /// or, for a single provider, Prisma's layout (`<dir>/<name>/migration.sql`). Default: `<out>/migrations`,
    /// and in single-file mode `migrations/` next to the schema (where `schemagen migrate dev` writes when the
    /// schema has no generator `output`).
    pub fn migrations_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.migrations = Some(dir.into());
        self
    }

    /// Colour in rendered diagnostics (the CLI sets it on a terminal).
    pub fn color(&mut self, on: bool) -> &mut Self {
        self.color = on;
        self
    }

    /// The schema path this configuration reads.
    pub fn schema_path(&self) -> PathBuf {
        self.schema.clone().unwrap_or_else(|| crate::loader::default_schema_path(Path::new(".")))
    }

    /// Loads, validates and generates in memory. Nothing is written.
    pub fn plan(&self) -> Result<Planned, Error> {
        let schema_path = self.schema_path();
        let files = crate::loader::load_schema(&schema_path).map_err(|e| {
            Error::Usage(format!("{e}\nhint: pass the schema with --schema PATH (a .prisma file or a folder)"))
        })?;
        let schema = crate::validate_schema(&files);
        if !schema.is_valid() {
            return Err(Error::Schema {
                rendered: render_human(&schema.diagnostics, &files, self.color),
                errors: schema.diagnostics.errors.len(),
            });
        }
        let settings = gen::settings_from_config(&schema.config, &files).map_err(Error::Generate)?;
        let out = self.out.clone().or_else(|| settings.output.clone().map(PathBuf::from)).ok_or_else(|| {
            Error::Usage(
                "no output folder: pass --out DIR, or add a generator block with provider = \"schemagen\" and output"
                    .into(),
            )
        })?;
        let out = tidy(&out);
        let out_abs = absolute(&out);
        let crate_name = self
            .crate_name
            .clone()
            .or_else(|| settings.crate_name.clone())
            .or_else(|| out_abs.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        if !gen::is_valid_crate_name(&crate_name) {
            return Err(Error::Usage(format!("{crate_name:?} is not a valid crate name; pass --crate-name")));
        }
        let providers = gen::resolve_providers(&settings, &schema.ir).map_err(Error::Generate)?;
        let mut options = gen::Options::new(crate_name.clone());
        options.providers = providers.clone();
        if let Some(p) = &settings.runtime_path {
            options.runtime = gen::RuntimeDependency::Path(p.clone());
        }
        options.source = relative_path(&out_abs, &absolute(&schema_path));
        if let Some(dir) = &self.templates {
            options.templates = write::read_templates(dir).map_err(|e| Error::Io(e.to_string()))?;
        }
        options.single_file = self.single_file;
        let migrations = if self.single_file || self.migrations.is_some() {
            let dir = match &self.migrations {
                Some(dir) => absolute(dir),
                None => {
                    let schema_abs = absolute(&schema_path);
                    let base = if schema_abs.is_dir() {
                        schema_abs
                    } else {
                        schema_abs.parent().map(Path::to_path_buf).unwrap_or_default()
                    };
                    base.join("migrations")
                }
            };
            // `<dir>/<provider>/…` when there, else Prisma's `<dir>/<name>/migration.sql`.
            let per_provider = options.providers.iter().any(|p| dir.join(p.name()).is_dir());
            let layout = if per_provider { dir.join("{provider}") } else { dir.clone() };
            let text = layout.to_string_lossy().replace('\\', "/");
            options.migrations_include =
                if self.single_file { text } else { relative_path(&absolute(&out.join("src")), &layout) };
            let mut list = gen::MigrationList::default();
            for p in &options.providers {
                let d = if per_provider { dir.join(p.name()) } else { dir.clone() };
                let mut names = Vec::new();
                if let Ok(entries) = std::fs::read_dir(&d) {
                    for e in entries.flatten() {
                        if e.path().join("migration.sql").is_file() {
                            names.push(e.file_name().to_string_lossy().into_owned());
                        }
                    }
                }
                list.by_provider.insert(p.name().to_string(), names);
            }
            list
        } else {
            write::read_migrations(&out, &options.providers).map_err(|e| Error::Io(e.to_string()))?
        };
        let generated = gen::generate(&schema.ir, &options, &migrations).map_err(Error::Generate)?;
        let schema_files = schema_file_paths(&schema_path, &files);
        Ok(Planned { out, files: generated, crate_name, providers, schema_files, ir: schema.ir })
    }

    /// Generates into the configured (or the generator block's) output folder, following the writing rules
    /// of [`write`]: nothing is written when anything fails, user files are never overwritten.
    pub fn generate(&self) -> Result<(Planned, write::WriteReport), Error> {
        let planned = self.plan()?;
        let report = write::write_files(&planned.out, &planned.files).map_err(|e| Error::Io(e.to_string()))?;
        Ok((planned, report))
    }

    /// For build scripts: generates `<out>/lib.rs`, one self-contained file (see [`Config::single_file`]) to
    /// `include!` at the root of the crate, and prints `cargo:rerun-if-changed` for the schema and the
    /// migrations folder.
    pub fn generate_to(&self, out: impl AsRef<Path>) -> Result<write::WriteReport, Error> {
        let mut config = self.clone();
        config.out = Some(out.as_ref().to_path_buf());
        config.single_file = true;
        let (planned, report) = config.generate()?;
        println!("cargo:rerun-if-changed={}", config.schema_path().display());
        for f in &planned.schema_files {
            println!("cargo:rerun-if-changed={}", f.display());
        }
        let schema_abs = absolute(&config.schema_path());
        let base = if schema_abs.is_dir() {
            schema_abs
        } else {
            schema_abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let migrations = config.migrations.as_ref().map(|d| absolute(d)).unwrap_or_else(|| base.join("migrations"));
        println!("cargo:rerun-if-changed={}", migrations.display());
        Ok(report)
    }
}

/// The files of a loaded schema as paths on disk.
fn schema_file_paths(schema_path: &Path, files: &SourceFiles) -> Vec<PathBuf> {
    if schema_path.is_file() {
        return vec![schema_path.to_path_buf()];
    }
    files.iter().map(|(_, f)| PathBuf::from(&f.path)).collect()
}

/// `path` with `.` and `dir/..` pairs removed lexically (`schema/../sdk` → `sdk`), still relative if it was.
pub fn tidy(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// `path` made absolute against the working directory, with `.` and `..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `to` relative to the folder `from` (both absolute, normalized), `/`-separated.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(b[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// The starter schema of `schemagen init`, rendered from `templates/init/schema.prisma.hbs`: a datasource of
/// `provider`, a `schemagen` generator block writing crate `crate_name` to `output` (relative to the schema
/// file), and one model.
pub fn starter_schema(provider: &str, output: &str, crate_name: &str) -> Result<String, String> {
    const TEMPLATE: &str = include_str!("../../templates/init/schema.prisma.hbs");
    let mut hb = handlebars::Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.render_template(
        TEMPLATE,
        &serde_json::json!({ "provider": provider, "output": output, "crate_name": crate_name }),
    )
    .map_err(|e| format!("template init/schema.prisma.hbs: {e}"))
}

/// `schemagen init`: writes `<dir>/schema.prisma` (or `<dir>/schema/schema.prisma` when `folder`), refusing
/// to overwrite anything: if any schema the loader would find (`schema/`, `prisma/schema.prisma`,
/// `schema.prisma`) already exists, nothing is written. Returns the path written.
pub fn init(dir: &Path, provider: &str, folder: bool, crate_name: &str) -> Result<PathBuf, Error> {
    for existing in [dir.join("schema.prisma"), dir.join("schema"), dir.join("prisma").join("schema.prisma")] {
        if existing.exists() {
            return Err(Error::Usage(format!(
                "{} already exists; `schemagen init` never overwrites a schema (edit it, or init in another folder)",
                existing.display()
            )));
        }
    }
    let (path, output) = if folder {
        (dir.join("schema").join("schema.prisma"), "../sdk")
    } else {
        (dir.join("schema.prisma"), "./sdk")
    };
    let text = starter_schema(provider, output, crate_name).map_err(Error::Usage)?;
    let io = |e: std::io::Error| Error::Io(format!("{}: {e}", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    // create_new: a file that appeared in the meantime is still never overwritten.
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    Ok(path)
}
