//! The `schemagen` command line: reads files, calls the library, writes output.
//!
//! Exit codes: 0 success, 1 the schema is invalid (or a check found differences), 2 usage or I/O error.

mod live;

use clap::{Parser, Subcommand, ValueEnum};
use schemagen::connector::Provider;
use schemagen::diagnostics::{render_human, JsonDiagnostic};
use schemagen::loader::{default_schema_path, load_schema};
use schemagen::migrate;
use schemagen::SourceFiles;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "schemagen",
    version,
    about = "Prisma schema front end: validate, format and inspect .prisma schemas",
    long_about = "schemagen reads Prisma schemas (one file, or a folder of *.prisma files) exactly as Prisma does.\n\n\
                  Exit codes: 0 success, 1 invalid schema or a check that found differences, 2 usage or I/O error.",
    after_help = "When --schema is not given: ./schema/ if it exists, else ./prisma/schema.prisma, else ./schema.prisma."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a schema and report every error and warning
    Validate {
        #[command(flatten)]
        schema: SchemaArg,
        /// Output format of the diagnostics
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Rewrite schema files in Prisma's canonical formatting
    Format {
        #[command(flatten)]
        schema: SchemaArg,
        /// Write nothing; exit 1 and list the files that would change
        #[arg(long)]
        check: bool,
    },
    /// Print the resolved schema
    Inspect {
        #[command(flatten)]
        schema: SchemaArg,
        /// Print Prisma's DMMF datamodel (JSON), as other Prisma generators consume it
        #[arg(long, required = true)]
        dmmf: bool,
    },
    /// Generate the Rust client crate (the SDK) of a schema
    Generate(GenerateArgs),
    /// CI drift check: exit 1 when the generated crate or the migrations do not match the schema
    Check(CheckArgs),
    /// Create a starter schema (datasource, generator block, one model); never overwrites anything
    Init(InitArgs),
    /// SQL migrations (Prisma Migrate's SQL for PostgreSQL and SQLite)
    Migrate {
        #[command(subcommand)]
        command: MigrateCommand,
    },
}

#[derive(Subcommand)]
enum MigrateCommand {
    /// Print what changes from one state to a schema: SQL with --script, else a summary
    Diff(DiffArgs),
    /// Write a new migration folder: from the state the existing migrations produce to the schema
    Dev(DevArgs),
    /// Apply the pending migrations to a database (exit 1 when a migration fails or is blocked)
    Deploy(DbArgs),
    /// Compare a database's history with the migrations (exit 1 when pending, failed or modified)
    Status(DbArgs),
}

#[derive(clap::Args)]
struct GenerateArgs {
    #[command(flatten)]
    schema: SchemaArg,
    /// Output folder [default: `output` of the schema's generator block with provider "schemagen"]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The crate's package name [default: `crateName` of the generator block, else the output folder's name]
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// A folder of templates overriding the embedded ones (laid out like templates/: sdk/Cargo.toml.hbs,
    /// sdk/README.md.hbs)
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

#[derive(clap::Args)]
struct InitArgs {
    /// The project folder
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// The database of the datasource block
    #[arg(long, value_enum, default_value_t = ProviderArg::Sqlite)]
    provider: ProviderArg,
    /// Create schema/schema.prisma (a multi-file schema folder) instead of schema.prisma
    #[arg(long)]
    folder: bool,
    /// The generated crate's package name
    #[arg(long, value_name = "NAME", default_value = "app-sdk")]
    crate_name: String,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    schema: SchemaArg,
    /// The generated crate's folder [default: `output` of the schema's generator block]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Output format of the findings
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Only for a PostgreSQL migration history without schemagen's snapshots (written by Prisma Migrate): a
    /// server to replay it on, in a scratch schema dropped afterwards [default: the datasource's
    /// shadowDatabaseUrl]
    #[arg(long, value_name = "URL")]
    shadow_url: Option<String>,
}

#[derive(clap::Args)]
struct DevArgs {
    /// The migration's name (the folder is <YYYYMMDDHHMMSS>_<name>)
    #[arg(long)]
    name: String,
    #[command(flatten)]
    schema: SchemaArg,
    /// The migrations folder [default: <output>/migrations/<provider> of the schemagen generator block, else
    /// migrations/ next to the schema]
    #[arg(long, value_name = "DIR")]
    migrations: Option<PathBuf>,
    /// Render for this provider instead of the schema's datasource
    #[arg(long, value_enum)]
    provider: Option<ProviderArg>,
    /// Write the migration even when it drops or narrows data
    #[arg(long)]
    accept_data_loss: bool,
    /// A rename to keep data: Old=New (table) or Table.old=new (column); repeatable
    #[arg(long, value_name = "OLD=NEW")]
    rename: Vec<String>,
    /// A database in the state before the migration: each data-loss warning says how many rows it affects
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// A PostgreSQL server for replaying migrations that have no schemagen snapshot (Prisma's shadow
    /// database): a scratch schema is created there and dropped afterwards [default: shadowDatabaseUrl of the
    /// datasource]
    #[arg(long, value_name = "URL")]
    shadow_url: Option<String>,
}

#[derive(clap::Args)]
struct DbArgs {
    /// The database: postgresql://..., sqlite:PATH or file:PATH
    #[arg(long)]
    url: String,
    /// The migrations folder
    #[arg(long, value_name = "DIR", default_value = "migrations")]
    migrations: PathBuf,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("from").required(true).args(["from_empty", "from_schema", "from_migrations"])))]
struct DiffArgs {
    /// Start from an empty database
    #[arg(long)]
    from_empty: bool,
    /// Start from the database a schema describes
    #[arg(long, value_name = "PATH")]
    from_schema: Option<PathBuf>,
    /// Start from the state a migrations folder produces (snapshots; history without them is replayed: SQLite in
    /// memory, PostgreSQL on --shadow-url)
    #[arg(long, value_name = "DIR")]
    from_migrations: Option<PathBuf>,
    /// The schema to reach (a .prisma file or a folder)
    #[arg(long, value_name = "PATH")]
    to_schema: PathBuf,
    /// Print the SQL script instead of a summary
    #[arg(long)]
    script: bool,
    /// Render for this provider instead of the schema's datasource
    #[arg(long, value_enum)]
    provider: Option<ProviderArg>,
    /// Exit 2 when there are changes, 0 when there are none
    #[arg(long)]
    exit_code: bool,
    /// A rename to keep data: Old=New (table) or Table.old=new (column); repeatable
    #[arg(long, value_name = "OLD=NEW")]
    rename: Vec<String>,
    /// A database in the state before the migration: each data-loss warning says how many rows it affects
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// A PostgreSQL server for replaying migrations that have no schemagen snapshot (Prisma's shadow
    /// database): a scratch schema is created there and dropped afterwards [default: shadowDatabaseUrl of the
    /// datasource]
    #[arg(long, value_name = "URL")]
    shadow_url: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProviderArg {
    Postgresql,
    Sqlite,
}

#[derive(clap::Args)]
struct SchemaArg {
    /// A .prisma file or a folder of them [default: ./schema/, ./prisma/schema.prisma or ./schema.prisma]
    #[arg(long, value_name = "PATH")]
    schema: Option<PathBuf>,
}

impl SchemaArg {
    fn path(&self) -> PathBuf {
        self.schema.clone().unwrap_or_else(|| default_schema_path(Path::new(".")))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

/// A failure that is not about the schema's content: exit code 2.
struct UsageError(String);

type CmdResult = Result<ExitCode, UsageError>;

fn main() -> ExitCode {
    // Output piped into `head` and closed early: end quietly like other Unix tools, instead of panicking on
    // the failed write (Rust ignores SIGPIPE by default).
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; restores the default disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { schema, format } => validate(&schema.path(), format),
        Command::Format { schema, check } => format(&schema.path(), check),
        Command::Inspect { schema, dmmf: _ } => inspect_dmmf(&schema.path()),
        Command::Generate(args) => generate(&args),
        Command::Check(args) => check(&args),
        Command::Init(args) => init(&args),
        Command::Migrate { command: MigrateCommand::Diff(args) } => migrate_diff(&args),
        Command::Migrate { command: MigrateCommand::Dev(args) } => migrate_dev(&args),
        Command::Migrate { command: MigrateCommand::Deploy(args) } => migrate_deploy(&args),
        Command::Migrate { command: MigrateCommand::Status(args) } => migrate_status(&args),
    };
    match result {
        Ok(code) => code,
        Err(UsageError(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn load(path: &Path) -> Result<SourceFiles, UsageError> {
    load_schema(path).map_err(|e| match e {
        schemagen::loader::LoadError::NotFound(_) | schemagen::loader::LoadError::NoSchemaFiles(_) => {
            UsageError(format!("{e}\nhint: pass the schema with --schema PATH (a .prisma file or a folder)"))
        }
        _ => UsageError(e.to_string()),
    })
}

/// Loads and validates the schema at `path`, its texts released while it is validated (a large
/// schema's peak memory is lower by its size). They are read again when there is a diagnostic to
/// show (warnings count only if `warnings_shown`); a file edited meanwhile is a usage error, not a
/// wrong snippet.
fn load_and_validate(
    path: &Path,
    warnings_shown: bool,
) -> Result<(SourceFiles, schemagen::ValidatedSchema), UsageError> {
    let mut files = load(path)?;
    let schema = schemagen::validate_schema_releasing_texts(&mut files);
    if !schema.diagnostics.errors.is_empty() || (warnings_shown && !schema.diagnostics.warnings.is_empty()) {
        files.restore_texts(load(path)?).map_err(|e| UsageError(format!("{e}; run the command again")))?;
    }
    Ok((files, schema))
}

/// Colours only on a terminal, and never when NO_COLOR is set.
fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn validate(path: &Path, format: OutputFormat) -> CmdResult {
    let (files, schema) = load_and_validate(path, true)?;
    let valid = schema.is_valid();
    match format {
        OutputFormat::Json => {
            let diagnostics: Vec<JsonDiagnostic> = schema.diagnostics.to_json(&files);
            let out = serde_json::json!({
                "valid": valid,
                "errors": schema.diagnostics.errors.len(),
                "warnings": schema.diagnostics.warnings.len(),
                "diagnostics": diagnostics,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        OutputFormat::Human => {
            eprint!("{}", render_human(&schema.diagnostics, &files, use_color()));
            if valid {
                println!("The schema at {} is valid.", path.display());
            } else {
                let n = schema.diagnostics.errors.len();
                eprintln!("error: the schema at {} has {n} error{}", path.display(), if n == 1 { "" } else { "s" });
            }
        }
    }
    // The process ends here: freeing every node of a large schema one by one only costs time.
    std::mem::forget(schema);
    Ok(if valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn format(path: &Path, check: bool) -> CmdResult {
    let files = load(path)?;
    // Formatting needs a schema that parses; validation errors do not stop it.
    let mut diagnostics = schemagen::Diagnostics::new();
    let _ = schemagen::parser::parse(&files, &mut diagnostics);
    let syntax_errors: Vec<_> =
        diagnostics.errors.iter().filter(|d| d.code == schemagen::diagnostics::codes::SYNTAX).cloned().collect();
    if !syntax_errors.is_empty() {
        let only_syntax = schemagen::Diagnostics { errors: syntax_errors, warnings: Vec::new() };
        eprint!("{}", render_human(&only_syntax, &files, use_color()));
        eprintln!("error: the schema does not parse; nothing was formatted");
        return Ok(ExitCode::from(1));
    }
    let formatted = schemagen::format::format_files(&files);
    let changed: Vec<(String, String)> = formatted
        .into_iter()
        .zip(files.iter())
        .filter(|((_, new), (_, old))| *new != old.text)
        .map(|((p, new), _)| (p, new))
        .collect();
    if check {
        for (p, _) in &changed {
            println!("would reformat: {p}");
        }
        return Ok(if changed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    // Write every file to a temporary sibling first, then rename them all: an I/O error leaves
    // every original file as it was.
    let mut staged = Vec::new();
    for (p, text) in &changed {
        let tmp = PathBuf::from(format!("{p}.schemagen-tmp"));
        let written =
            std::fs::File::create(&tmp).and_then(|mut f| f.write_all(text.as_bytes()).and_then(|_| f.sync_all()));
        if let Err(e) = written {
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&tmp);
            return Err(UsageError(format!("cannot write {}: {e}", tmp.display())));
        }
        staged.push((tmp, p.clone()));
    }
    for (tmp, p) in &staged {
        std::fs::rename(tmp, p).map_err(|e| UsageError(format!("cannot replace {p}: {e}")))?;
        println!("formatted {p}");
    }
    if changed.is_empty() {
        println!("all files already formatted");
    }
    Ok(ExitCode::SUCCESS)
}

fn inspect_dmmf(path: &Path) -> CmdResult {
    let (files, schema) = load_and_validate(path, false)?;
    if !schema.is_valid() {
        eprint!("{}", render_human(&schema.diagnostics, &files, use_color()));
        return Ok(ExitCode::from(1));
    }
    let dmmf = schemagen::dmmf::to_dmmf(&schema.ir);
    println!("{}", serde_json::to_string_pretty(&dmmf).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

fn generate(args: &GenerateArgs) -> CmdResult {
    use schemagen::project::{absolute, relative_path, Error};
    let started = std::time::Instant::now();
    let schema_path = args.schema.path();
    let mut config = schemagen::Config::new();
    config.schema(&schema_path).color(use_color());
    if let Some(out) = &args.out {
        config.out_dir(out);
    }
    if let Some(name) = &args.crate_name {
        config.crate_name(name);
    }
    if let Some(dir) = &args.templates {
        config.templates(dir);
    }
    let (planned, report) = match config.generate() {
        Ok(r) => r,
        Err(Error::Schema { rendered, errors }) => {
            eprint!("{rendered}");
            let s = if errors == 1 { "" } else { "s" };
            eprintln!("error: the schema at {} has {errors} error{s}", schema_path.display());
            return Ok(ExitCode::from(1));
        }
        Err(Error::Generate(e)) => {
            for p in &e.problems {
                eprintln!("error: {p}");
            }
            eprintln!("error: nothing was generated");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(UsageError(format!("generate: {e}"))),
    };
    // Paths as the user would type them: relative to the current folder, `..` resolved.
    let shown = relative_path(&absolute(Path::new(".")), &absolute(&planned.out));
    for p in &report.written {
        println!("wrote   {shown}/{p}");
    }
    for p in &report.deleted {
        println!("deleted {shown}/{p}");
    }
    println!(
        "Generated {} ({} files) in {shown} in {} ms: {} written, {} unchanged, {} deleted.",
        planned.crate_name,
        planned.files.len(),
        started.elapsed().as_millis(),
        report.written.len(),
        report.unchanged.len(),
        report.deleted.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn provider_of(p: Option<ProviderArg>) -> Option<Provider> {
    p.map(|p| match p {
        ProviderArg::Postgresql => Provider::Postgres,
        ProviderArg::Sqlite => Provider::Sqlite,
    })
}

/// A valid schema's IR, or the diagnostics printed and exit 1.
fn load_ir(path: &Path) -> Result<Result<schemagen::ir::Schema, ExitCode>, UsageError> {
    let (files, schema) = load_and_validate(path, false)?;
    if !schema.is_valid() {
        eprint!("{}", render_human(&schema.diagnostics, &files, use_color()));
        return Ok(Err(ExitCode::from(1)));
    }
    Ok(Ok(schema.ir))
}

fn parse_renames(specs: &[String]) -> Result<migrate::Renames, UsageError> {
    let mut renames = migrate::Renames::default();
    for s in specs {
        renames.add(s).map_err(|e| UsageError(e.to_string()))?;
    }
    Ok(renames)
}

/// The warnings' messages; with a database URL, each followed by the number of rows it affects there.
fn warning_lines(diff: &migrate::Diff, url: Option<&str>) -> Result<Vec<String>, UsageError> {
    let Some(url) = url else { return Ok(diff.warnings.iter().map(|w| w.to_string()).collect()) };
    let mut db = live::LiveDb::open(url).map_err(|e| UsageError(format!("--url: {e}")))?;
    diff.warnings
        .iter()
        .map(|w| match &w.count_sql {
            Some(sql) => db.count(sql).map(|n| w.with_count(n)).map_err(|e| UsageError(format!("--url: {e}"))),
            None => Ok(w.to_string()),
        })
        .collect()
}

fn print_warnings(diff: &migrate::Diff, lines: &[String]) {
    for w in lines {
        eprintln!("warning: {w}");
    }
    for h in &diff.rename_hints {
        eprintln!("hint: {h}");
    }
}

/// The shadow database for replaying `dir` when it needs one: `--shadow-url`, else the datasource's
/// `shadowDatabaseUrl` (a literal, or `env("VAR")` when VAR is set). `--url` is never used: the replay creates
/// a schema in the server it runs on.
fn shadow_url(
    flag: Option<&str>,
    schema_path: &Path,
    dir: &Path,
    provider: Provider,
) -> Result<Option<String>, UsageError> {
    if let Some(url) = flag {
        return Ok(Some(url.to_string()));
    }
    if !migrate::history::needs_shadow(dir, provider).map_err(|e| UsageError(e.to_string()))? {
        return Ok(None);
    }
    let files = load(schema_path)?;
    let schema = schemagen::validate_schema(&files);
    Ok(schema.config.datasources.first().and_then(|d| d.shadow_database_url.as_ref()).and_then(|(s, _)| match s {
        schemagen::config::ConfigString::Literal(url) => Some(url.clone()),
        schemagen::config::ConfigString::Env(var) => std::env::var(var).ok().filter(|v| !v.is_empty()),
    }))
}

fn migrate_diff(args: &DiffArgs) -> CmdResult {
    let ir = match load_ir(&args.to_schema)? {
        Ok(ir) => ir,
        Err(code) => return Ok(code),
    };
    let provider = provider_of(args.provider);
    if args.from_empty {
        let migration =
            migrate::migration_from_empty(&ir, provider).map_err(|e| UsageError(format!("migrate diff: {e}")))?;
        for note in &migration.schema.notes {
            eprintln!("note: {note}");
        }
        if args.script {
            print!("{}", migration.script());
        } else {
            print!("{}", migration.summary());
        }
        return Ok(if args.exit_code && migration.has_changes() { ExitCode::from(2) } else { ExitCode::SUCCESS });
    }
    let target = migrate::target_provider(&ir, provider).map_err(|e| UsageError(format!("migrate diff: {e}")))?;
    let to = migrate::calculate(&ir, target).map_err(|e| UsageError(format!("migrate diff: {e}")))?;
    let from = if let Some(path) = &args.from_schema {
        let from_ir = match load_ir(path)? {
            Ok(ir) => ir,
            Err(code) => return Ok(code),
        };
        migrate::calculate(&from_ir, target).map_err(|e| UsageError(format!("migrate diff: {e}")))?
    } else if let Some(dir) = &args.from_migrations {
        if !dir.is_dir() {
            return Err(UsageError(format!("migrate diff: {} is not a folder", dir.display())));
        }
        let shadow = shadow_url(args.shadow_url.as_deref(), &args.to_schema, dir, target)?;
        migrate::history::state_with_shadow(dir, target, shadow.as_deref(), Some(&to))
            .map_err(|e| UsageError(format!("migrate diff: {e}")))?
    } else {
        return Err(UsageError("migrate diff: pass --from-empty, --from-schema or --from-migrations".into()));
    };
    let renames = parse_renames(&args.rename)?;
    let diff = migrate::diff(&from, &to, &renames).map_err(|e| UsageError(format!("migrate diff: {e}")))?;
    let lines = warning_lines(&diff, args.url.as_deref())?;
    print_warnings(&diff, &lines);
    let result = migrate::SchemaDiff { to, diff };
    if args.script {
        print!("{}", result.script());
    } else {
        print!("{}", result.summary());
    }
    Ok(if args.exit_code && result.has_changes() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Where `migrate dev` writes when no `--migrations` is given: `<output>/migrations/<provider>` when the schema
/// has a `schemagen` generator block with an output (where `generate` embeds them from and `check` looks),
/// else `migrations/` next to the schema (Prisma's place).
fn default_migrations_dir(schema_path: &Path, provider: Provider) -> Result<PathBuf, UsageError> {
    let files = load(schema_path)?;
    let schema = schemagen::validate_schema(&files);
    let output = schemagen::generate::settings_from_config(&schema.config, &files).ok().and_then(|s| s.output);
    Ok(match output {
        Some(out) => schemagen::project::tidy(Path::new(&out)).join("migrations").join(provider.name()),
        None => {
            let base = if schema_path.is_dir() { schema_path } else { schema_path.parent().unwrap_or(Path::new(".")) };
            base.join("migrations")
        }
    })
}

fn migrate_dev(args: &DevArgs) -> CmdResult {
    let schema_path = args.schema.path();
    let ir = match load_ir(&schema_path)? {
        Ok(ir) => ir,
        Err(code) => return Ok(code),
    };
    let target = migrate::target_provider(&ir, provider_of(args.provider))
        .map_err(|e| UsageError(format!("migrate dev: {e}")))?;
    let dir = match &args.migrations {
        Some(dir) => dir.clone(),
        None => default_migrations_dir(&schema_path, target)?,
    };
    let fail = |e: migrate::MigrateError| UsageError(format!("migrate dev: {e}"));
    if let Some(locked) = migrate::history::locked_provider(&dir).map_err(fail)? {
        if Provider::from_name(&locked) != Some(target) {
            return Err(UsageError(format!(
                "migrate dev: {} is locked to provider {locked:?}, not {}; use another --migrations folder",
                dir.join(migrate::history::LOCK_FILE).display(),
                target.name()
            )));
        }
    }
    let to = migrate::calculate(&ir, target).map_err(fail)?;
    let shadow = shadow_url(args.shadow_url.as_deref(), &schema_path, &dir, target)?;
    let from = migrate::history::state_with_shadow(&dir, target, shadow.as_deref(), Some(&to)).map_err(fail)?;
    let renames = parse_renames(&args.rename)?;
    let diff = migrate::diff(&from, &to, &renames).map_err(fail)?;
    if diff.steps.is_empty() {
        println!("Already in sync: {} matches the migrations in {}.", schema_path.display(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let lines = warning_lines(&diff, args.url.as_deref())?;
    print_warnings(&diff, &lines);
    if diff.is_destructive() && !args.accept_data_loss {
        eprintln!(
            "error: this migration may lose data ({} warning{}); nothing was written. Pass --accept-data-loss to write it anyway{}.",
            diff.warnings.len(),
            if diff.warnings.len() == 1 { "" } else { "s" },
            if diff.rename_hints.is_empty() { "" } else { ", or --rename to keep renamed data" }
        );
        return Ok(ExitCode::from(1));
    }
    let mut sql = String::new();
    if !diff.warnings.is_empty() {
        sql.push_str("/*\n  Warnings:\n\n");
        // The file keeps Prisma's wording only: counts describe one database at one moment.
        for w in &diff.warnings {
            sql.push_str(&format!("  - {w}\n"));
        }
        sql.push_str("\n*/\n");
    }
    let result = migrate::SchemaDiff { to, diff };
    sql.push_str(&result.script());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let folder = migrate::history::write_migration(&dir, &args.name, target, &sql, &result.to, now).map_err(fail)?;
    println!("wrote {}", folder.join("migration.sql").display());
    Ok(ExitCode::SUCCESS)
}

/// Loads the migrations and connects; failures are usage/connection errors (exit 2).
fn open_db(args: &DbArgs) -> Result<(schemagen_runtime::Migrations, schemagen_runtime::Connection), UsageError> {
    let migrations = schemagen_runtime::Migrations::from_dir(&args.migrations)
        .map_err(|e| UsageError(format!("reading {}: {e}", args.migrations.display())))?;
    let conn = schemagen_runtime::connect(&args.url).map_err(|e| UsageError(format!("connecting: {e}")))?;
    Ok((migrations, conn))
}

fn migrate_deploy(args: &DbArgs) -> CmdResult {
    let (migrations, mut conn) = open_db(args)?;
    match schemagen_runtime::deploy(&mut conn, &migrations) {
        Ok(report) => {
            if report.applied.is_empty() {
                println!("No pending migrations to apply.");
            }
            for name in &report.applied {
                println!("applied {name}");
            }
            for name in &report.missing_locally {
                eprintln!(
                    "warning: migration {name} is recorded in the database but missing from {}",
                    args.migrations.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

fn migrate_status(args: &DbArgs) -> CmdResult {
    let (migrations, mut conn) = open_db(args)?;
    let st = match schemagen_runtime::status(&mut conn, &migrations) {
        Ok(st) => st,
        Err(e) => return Err(UsageError(format!("migrate status: {e}"))),
    };
    println!(
        "{} migration{} found in {}",
        migrations.len(),
        if migrations.len() == 1 { "" } else { "s" },
        args.migrations.display()
    );
    for name in &st.applied {
        println!("applied   {name}");
    }
    for name in &st.pending {
        println!("pending   {name}");
    }
    for f in &st.failed {
        println!("failed    {}{}", f.name, f.logs.as_deref().map(|l| format!(": {l}")).unwrap_or_default());
    }
    for name in &st.modified {
        println!("modified  {name} (edited after it was applied)");
    }
    for name in &st.missing_locally {
        println!("missing   {name} (applied to the database, not found locally)");
    }
    let blocked = !st.pending.is_empty() || !st.failed.is_empty() || !st.modified.is_empty();
    // Database drift: the live schema against what the applied migrations build (replayed in a scratch
    // database). Only meaningful when every applied migration is present and unedited.
    let drift = if st.modified.is_empty() && st.missing_locally.is_empty() && st.failed.is_empty() {
        let scripts: Vec<&str> = st.applied.iter().filter_map(|n| migrations.get(n)).map(|m| m.sql()).collect();
        let mut db = live::LiveDb::open(&args.url).map_err(|e| UsageError(format!("migrate status: {e}")))?;
        let live_catalog = db.catalog().map_err(|e| UsageError(format!("migrate status: {e}")))?;
        let expected = db.shadow_catalog(&scripts).map_err(|e| UsageError(format!("migrate status: {e}")))?;
        live::drift(&live_catalog, &expected)
    } else {
        println!("Database drift not checked: the applied migrations are not all present and unedited.");
        Vec::new()
    };
    if !drift.is_empty() {
        println!("Drift: the database differs from what the applied migrations produce:");
        for d in &drift {
            println!("drift     {d}");
        }
        println!("Fix the database by hand, or capture the change in the schema and run `schemagen migrate dev`.");
    }
    if !blocked && drift.is_empty() {
        println!("Database schema is up to date!");
    }
    Ok(if blocked || !drift.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn check(args: &CheckArgs) -> CmdResult {
    let started = std::time::Instant::now();
    let schema_path = args.schema.path();
    let mut config = schemagen::Config::new();
    config.schema(&schema_path).color(use_color());
    if let Some(out) = &args.out {
        config.out_dir(out);
    }
    let planned = match config.plan() {
        Ok(p) => p,
        Err(e @ (schemagen::project::Error::Schema { .. } | schemagen::project::Error::Generate(_))) => {
            eprintln!("{e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(UsageError(format!("check: {e}"))),
    };
    let schema_arg = schema_path.display().to_string();
    let mut generate_cmd = format!("schemagen generate --schema {schema_arg}");
    if let Some(out) = &args.out {
        generate_cmd.push_str(&format!(" --out {}", out.display()));
    }
    let out = &planned.out;
    let shown = |rel: &str| out.join(rel).display().to_string();
    let mut findings = schemagen::check::check_generated(out, &planned.files, &shown, &generate_cmd)
        .map_err(|e| UsageError(format!("check: reading {}: {e}", out.display())))?;
    for provider in &planned.providers {
        let dir = out.join("migrations").join(provider.name());
        let shadow = shadow_url(args.shadow_url.as_deref(), &schema_path, &dir, *provider)?;
        findings.extend(schemagen::check::check_migrations(
            &planned.ir,
            *provider,
            &dir,
            &schema_arg,
            shadow.as_deref(),
        ));
    }
    let clean = findings.is_empty();
    match args.format {
        OutputFormat::Json => {
            let doc = serde_json::json!({
                "clean": clean,
                "generated_files": planned.files.len(),
                "findings": findings,
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        OutputFormat::Human => {
            for f in &findings {
                println!("drift: {}: {}", f.file, f.message);
                if let Some(d) = &f.diff {
                    for line in d.lines() {
                        println!("    {line}");
                    }
                }
                println!("  fix: {}", f.fix);
            }
            if clean {
                println!(
                    "No drift: {} generated files and the {} migrations match {} ({} ms).",
                    planned.files.len(),
                    planned.providers.iter().map(|p| p.name()).collect::<Vec<_>>().join(" and "),
                    schema_arg,
                    started.elapsed().as_millis()
                );
            } else {
                println!("{} problem{} found.", findings.len(), if findings.len() == 1 { "" } else { "s" });
            }
        }
    }
    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn init(args: &InitArgs) -> CmdResult {
    if !schemagen::generate::is_valid_crate_name(&args.crate_name) {
        return Err(UsageError(format!("init: {:?} is not a valid crate name", args.crate_name)));
    }
    let provider = provider_of(Some(args.provider)).map_or("sqlite", |p| p.name());
    let path = schemagen::project::init(&args.dir, provider, args.folder, &args.crate_name)
        .map_err(|e| UsageError(format!("init: {e}")))?;
    let schema = if args.folder { path.parent().unwrap_or(&path) } else { &path };
    println!("Created {}.", path.display());
    println!("Next: schemagen migrate dev --schema {} --name init", schema.display());
    println!("      schemagen generate --schema {}", schema.display());
    Ok(ExitCode::SUCCESS)
}
