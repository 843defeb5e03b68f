//! The `schemagen` command line: reads files, calls the library, writes output.
//!
//! Exit codes: 0 success, 1 the schema is invalid (or a check found differences), 2 usage or I/O error.

use clap::{Parser, Subcommand, ValueEnum};
use schemagen::diagnostics::{render_human, JsonDiagnostic};
use schemagen::loader::{default_schema_path, load_schema};
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
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("from").required(true).args(["from_empty", "from_schema", "from_migrations"])))]
struct DiffArgs {
    /// Start from an empty database
    #[arg(long)]
    from_empty: bool,
    /// Start from the database a schema describes (not implemented yet)
    #[arg(long, value_name = "PATH")]
    from_schema: Option<PathBuf>,
    /// Start from the state a migrations folder produces (not implemented yet)
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
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { schema, format } => validate(&schema.path(), format),
        Command::Format { schema, check } => format(&schema.path(), check),
        Command::Inspect { schema, dmmf: _ } => inspect_dmmf(&schema.path()),
        Command::Migrate { command: MigrateCommand::Diff(args) } => migrate_diff(&args),
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
    load_schema(path)
        .map_err(|e| UsageError(format!("{e}\nhint: pass the schema with --schema PATH (a .prisma file or a folder)")))
}

/// Colours only on a terminal, and never when NO_COLOR is set.
fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn validate(path: &Path, format: OutputFormat) -> CmdResult {
    let files = load(path)?;
    let schema = schemagen::validate_schema(&files);
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
    let files = load(path)?;
    let schema = schemagen::validate_schema(&files);
    if !schema.is_valid() {
        eprint!("{}", render_human(&schema.diagnostics, &files, use_color()));
        return Ok(ExitCode::from(1));
    }
    let dmmf = schemagen::dmmf::to_dmmf(&schema.ir);
    println!("{}", serde_json::to_string_pretty(&dmmf).unwrap_or_default());
    Ok(ExitCode::SUCCESS)
}

fn migrate_diff(args: &DiffArgs) -> CmdResult {
    if args.from_schema.is_some() || args.from_migrations.is_some() {
        let flag = if args.from_schema.is_some() { "--from-schema" } else { "--from-migrations" };
        return Err(UsageError(format!("migrate diff: {flag} is not implemented yet (only --from-empty)")));
    }
    let files = load(&args.to_schema)?;
    let schema = schemagen::validate_schema(&files);
    if !schema.is_valid() {
        eprint!("{}", render_human(&schema.diagnostics, &files, use_color()));
        return Ok(ExitCode::from(1));
    }
    let provider = args.provider.map(|p| match p {
        ProviderArg::Postgresql => schemagen::connector::Provider::Postgres,
        ProviderArg::Sqlite => schemagen::connector::Provider::Sqlite,
    });
    let migration = schemagen::migrate::migration_from_empty(&schema.ir, provider)
        .map_err(|e| UsageError(format!("migrate diff: {e}")))?;
    for note in &migration.schema.notes {
        eprintln!("note: {note}");
    }
    if args.script {
        print!("{}", migration.script());
    } else {
        print!("{}", migration.summary());
    }
    Ok(if args.exit_code && migration.has_changes() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
