//! The `datasource` and `generator` blocks, read into a [`Configuration`], with Prisma's validation
//! of them (psl-core's datasource and generator loaders).
//!
//! Product decisions that differ from Prisma 7:
//! * `url`, `directUrl` and `shadowDatabaseUrl` are accepted (Prisma <= 6 schemas carry them); the
//!   checks on them that Prisma 6 made are kept. A missing `url` is only an error for schemas that
//!   name Prisma 6's `schemaEngineDriverAdapters` preview feature on a provider other than SQLite
//!   (that is what Prisma 6 required and what its validation suite checks); otherwise a datasource
//!   without `url` is a Prisma 7 datasource and fine.
//! * Deprecated, stabilized, removed or unknown preview features are warnings. The one exception is
//!   a provider-specific feature named for another provider (`fullTextSearchPostgres` on MySQL),
//!   which Prisma's suite expects to be an error.

use crate::ast::{ConfigBlock, ConfigProperty, Expression, Ident, SchemaAst};
use crate::connector::{Provider, RelationMode};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::Span;
use crate::validate::codes;
use std::collections::HashSet;

/// What the configuration blocks of a schema say.
#[derive(Debug, Clone, Default)]
pub struct Configuration {
    pub datasources: Vec<Datasource>,
    pub generators: Vec<Generator>,
    /// Every enabled preview feature, by canonical name (`views`, `fullTextSearchPostgres`, ...),
    /// renamed features mapped to their new name.
    pub enabled_preview_features: Vec<String>,
}

/// A string property that is either written literally or read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigString {
    Literal(String),
    Env(String),
}

#[derive(Debug, Clone)]
pub struct Datasource {
    pub name: Ident,
    /// The provider as written (`postgres`, `postgresql`, ...).
    pub provider: String,
    pub active_provider: Provider,
    /// `relationMode` (or the deprecated `referentialIntegrity`) when set.
    pub relation_mode: Option<RelationMode>,
    /// `schemas = [...]` (multi-schema), with spans.
    pub schemas: Vec<(String, Span)>,
    /// The span of the `schemas` value, when the property is present.
    pub schemas_span: Option<Span>,
    pub url: Option<(ConfigString, Span)>,
    pub direct_url: Option<(ConfigString, Span)>,
    pub shadow_database_url: Option<(ConfigString, Span)>,
    /// `extensions = [...]` (PostgreSQL, `postgresqlExtensions`).
    pub extensions: Vec<PostgresExtension>,
    /// The span of the `extensions` property, when present.
    pub extensions_span: Option<Span>,
    pub documentation: Option<String>,
    pub span: Span,
}

impl Datasource {
    /// The relation mode in effect (explicit, or the provider's default).
    pub fn effective_relation_mode(&self) -> RelationMode {
        self.relation_mode.unwrap_or(match self.active_provider {
            Provider::MongoDb => RelationMode::Prisma,
            _ => RelationMode::ForeignKeys,
        })
    }
}

/// One entry of a datasource's `extensions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresExtension {
    pub name: String,
    /// `map:` (the database name of the extension).
    pub db_name: Option<String>,
    pub schema: Option<String>,
    pub version: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Generator {
    pub name: Ident,
    /// `provider` value, when it is a string.
    pub provider: Option<String>,
    /// `output`, when set.
    pub output: Option<ConfigString>,
    /// `binaryTargets`, as written.
    pub binary_targets: Vec<ConfigString>,
    /// `previewFeatures`, as written.
    pub preview_features: Vec<(String, Span)>,
    /// Every property as written, for generators that read their own options (`output`, `crateName`, ...).
    pub properties: Vec<(String, crate::ast::Expression)>,
    pub documentation: Option<String>,
    pub span: Span,
}

impl Generator {
    /// A property's value as written.
    pub fn property(&self, name: &str) -> Option<&Expression> {
        self.properties.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl Configuration {
    /// The provider of the first datasource, if any.
    pub fn provider(&self) -> Option<Provider> {
        self.datasources.first().map(|d| d.active_provider)
    }

    /// The first datasource, if any.
    pub fn datasource(&self) -> Option<&Datasource> {
        self.datasources.first()
    }

    pub fn relation_mode(&self) -> RelationMode {
        match self.datasources.first() {
            Some(ds) => ds.effective_relation_mode(),
            None => RelationMode::ForeignKeys,
        }
    }

    /// Whether a preview feature is enabled (case-insensitive, as Prisma compares them). Renamed
    /// features answer to their new name too (`fullTextSearch` on PostgreSQL enables
    /// `fullTextSearchPostgres`).
    pub fn preview_feature(&self, name: &str) -> bool {
        self.enabled_preview_features.iter().any(|f| f.eq_ignore_ascii_case(name))
            || self.generators.iter().flat_map(|g| g.preview_features.iter()).any(|(f, _)| f.eq_ignore_ascii_case(name))
    }

    /// The connector of the schema's database (the "no datasource" one when there is none).
    pub fn connector(&self) -> &'static crate::connector::Connector {
        crate::connector::connector_for(self.provider())
    }
}

// ------------------------------------------------------------------------------------------------
// Preview features
// ------------------------------------------------------------------------------------------------

/// Valid features, in the order Prisma lists them.
const ACTIVE_FEATURES: &[&str] = &[
    "metrics",
    "nativeDistinct",
    "postgresqlExtensions",
    "relationJoins",
    "schemaEngineDriverAdapters",
    "shardKeys",
    "strictUndefinedChecks",
    "views",
];

/// Valid on PostgreSQL only.
const POSTGRES_FEATURES: &[&str] = &["fullTextSearchPostgres"];

/// Valid but not listed in messages (and newer features Prisma 7 added).
const HIDDEN_FEATURES: &[&str] = &["reactNative", "typedSql", "partialIndexes"];

/// Features on their way out: accepted with a warning that they will be removed.
const DEPRECATED_FEATURES: &[&str] = &["metrics"];

/// Features that became stable or were removed: accepted with a warning.
const STABILIZED_FEATURES: &[&str] = &[
    "aggregateApi",
    "atomicNumberOperations",
    "clientExtensions",
    "cockroachdb",
    "connectOrCreate",
    "createMany",
    "dataProxy",
    "deno",
    "distinct",
    "driverAdapters",
    "extendedIndexes",
    "extendedWhereUnique",
    "fieldReference",
    "filteredRelationCount",
    "filterJson",
    "fullTextIndex",
    "fullTextSearch",
    "groupBy",
    "improvedQueryRaw",
    "interactiveTransactions",
    "jsonProtocol",
    "microsoftSqlServer",
    "middlewares",
    "mongoDb",
    "multiSchema",
    "namedConstraints",
    "nApi",
    "nativeTypes",
    "omitApi",
    "orderByAggregateGroup",
    "orderByNulls",
    "orderByRelation",
    "prismaSchemaFolder",
    "queryCompiler",
    "referentialActions",
    "referentialIntegrity",
    "selectRelationCount",
    "tracing",
    "transactionApi",
    "uncheckedScalarInputs",
    "esm",
];

fn find_feature(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|f| f.eq_ignore_ascii_case(name))
}

fn expected_features(provider: Option<Provider>) -> String {
    let mut all: Vec<&str> = ACTIVE_FEATURES.to_vec();
    if provider == Some(Provider::Postgres) {
        all.extend_from_slice(POSTGRES_FEATURES);
    }
    all.sort_by_key(|f| f.to_ascii_lowercase());
    all.join(", ")
}

/// Validates one feature name; returns the canonical name it enables, if any.
fn check_preview_feature(
    name: &str,
    provider: Option<Provider>,
    span: Span,
    diagnostics: &mut Diagnostics,
) -> Option<String> {
    if provider == Some(Provider::Postgres) && name.eq_ignore_ascii_case("fullTextSearch") {
        diagnostics.push_warning(Diagnostic::warning(
            codes::W_PREVIEW_FEATURE,
            format!("On `provider = \"postgresql\"`, preview feature \"{name}\" has been renamed to \"fullTextSearchPostgres\". Learn more at https://pris.ly/d/fts-postgres."),
            span,
        ));
        return Some("fullTextSearchPostgres".to_string());
    }
    if let Some(f) = find_feature(DEPRECATED_FEATURES, name) {
        diagnostics.push_warning(Diagnostic::warning(
            codes::W_PREVIEW_FEATURE,
            format!("Preview feature \"{name}\" is deprecated. It will be removed in a future version of Prisma."),
            span,
        ));
        return Some(f.to_string());
    }
    if let Some(f) = find_feature(ACTIVE_FEATURES, name).or_else(|| find_feature(HIDDEN_FEATURES, name)) {
        return Some(f.to_string());
    }
    if let Some(f) = find_feature(POSTGRES_FEATURES, name) {
        if provider == Some(Provider::Postgres) {
            return Some(f.to_string());
        }
        // A feature of another provider: Prisma's suite expects an error here.
        diagnostics.push_error(Diagnostic::error(
            codes::PREVIEW_FEATURE_UNKNOWN,
            format!("The preview feature \"{name}\" is not known. Expected one of: {}", expected_features(provider)),
            span,
        ));
        return None;
    }
    if let Some(f) = find_feature(STABILIZED_FEATURES, name) {
        diagnostics.push_warning(Diagnostic::warning(
            codes::W_PREVIEW_FEATURE,
            format!("Preview feature \"{name}\" is deprecated. The functionality can be used without specifying it as a preview feature."),
            span,
        ));
        return Some(f.to_string());
    }
    // Unknown: Prisma rejects it; schemagen warns (product decision).
    diagnostics.push_warning(Diagnostic::warning(
        codes::W_PREVIEW_FEATURE_UNKNOWN,
        format!("The preview feature \"{name}\" is not known. Expected one of: {}", expected_features(provider)),
        span,
    ));
    None
}

// ------------------------------------------------------------------------------------------------
// Expression helpers
// ------------------------------------------------------------------------------------------------

/// Renders an expression the way Prisma quotes values in messages (`"x"`, `[a,b]`, `f(a: 1)`).
pub fn render_expression(expr: &Expression) -> String {
    expr.to_message_string()
}

/// `Expected a {expected} value, but received {kind} value `{raw}`.`
pub fn type_mismatch(expected: &str, expr: &Expression) -> Diagnostic {
    Diagnostic::error(
        codes::CONFIG_VALUE_TYPE,
        format!("Expected a {expected} value, but received {} value `{}`.", expr.describe(), render_expression(expr)),
        expr.span(),
    )
}

/// A string literal or an `env("VAR")` call, with Prisma's checks of `env()`.
fn coerce_string_or_env(expr: &Expression, diagnostics: &mut Diagnostics) -> Option<ConfigString> {
    match expr {
        Expression::String(s, _) => Some(ConfigString::Literal(s.to_string())),
        Expression::Function(name, args, span) if name == "env" => {
            for a in args.arguments.iter().filter(|a| a.name.is_some()) {
                diagnostics.push_warning(Diagnostic::warning(
                    codes::W_ENV_NAMED_ARGUMENT,
                    "The env function doesn't expect named arguments",
                    a.span(),
                ));
            }
            if args.arguments.is_empty() && !args.empty_arguments().is_empty() {
                diagnostics.push_error(Diagnostic::error(
                    codes::CONFIG_VALUE_TYPE,
                    "The env function expects a singular, unnamed, string argument.",
                    *span,
                ));
                return None;
            }
            if args.arguments.len() + args.empty_arguments().len() != 1 || args.trailing_comma().is_some() {
                diagnostics.push_error(Diagnostic::error(
                    codes::CONFIG_VALUE_TYPE,
                    "Exactly one string parameter must be passed to the env function.",
                    *span,
                ));
                return None;
            }
            let arg = args.arguments.first()?;
            match &arg.value {
                Expression::String(var, _) => Some(ConfigString::Env(var.to_string())),
                other => {
                    diagnostics.push_error(type_mismatch("string", other));
                    None
                }
            }
        }
        other => {
            diagnostics.push_error(type_mismatch("String", other));
            None
        }
    }
}

/// An array (or a single value) of strings with their spans.
fn coerce_string_array(expr: &Expression, diagnostics: &mut Diagnostics) -> Option<Vec<(String, Span)>> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        single => vec![single],
    };
    let mut out = Vec::with_capacity(items.len());
    let mut valid = true;
    for item in items {
        match item {
            Expression::String(s, span) => out.push((s.to_string(), *span)),
            other => {
                diagnostics.push_error(type_mismatch("string", other));
                valid = false;
            }
        }
    }
    valid.then_some(out)
}

/// The properties of a block by name (source order kept), or `None` after reporting a property
/// without a value (Prisma then ignores the whole block).
fn collect_properties<'a>(
    block: &'a ConfigBlock,
    kind: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(&'a ConfigProperty, &'a Expression)>> {
    let mut out = Vec::with_capacity(block.properties.len());
    let mut ok = true;
    for p in &block.properties {
        match &p.value {
            Some(v) => out.push((p, v)),
            None => {
                diagnostics.push_error(Diagnostic::error(
                    codes::CONFIG_PROPERTY_WITHOUT_VALUE,
                    format!("Property {} in {kind} {} needs to be assigned a value", p.name.name, block.name.name),
                    block.span,
                ));
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// The property called `name`: the last one when it is repeated (the repetition is reported by
/// [`duplicate_keys`]); every occurrence is taken out of `props`.
fn take<'a>(
    props: &mut Vec<(&'a ConfigProperty, &'a Expression)>,
    name: &str,
) -> Option<(&'a ConfigProperty, &'a Expression)> {
    let last = props.iter().rposition(|(p, _)| p.name.name == name)?;
    let found = props[last];
    props.retain(|(p, _)| p.name.name != name);
    Some(found)
}

/// Keys given twice in a `datasource` or `generator` block. Prisma reports these with the names of
/// the top-level blocks, block by block ([`merge_with_names`]).
pub fn duplicate_keys(ast: &SchemaAst) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for top in &ast.tops {
        let (block, kind) = match top {
            crate::ast::Top::Datasource(b) => (b, "source"),
            crate::ast::Top::Generator(b) => (b, "generator"),
            _ => continue,
        };
        for (i, p) in block.properties.iter().enumerate() {
            if block.properties[..i].iter().any(|q| q.name.name == p.name.name) {
                out.push(Diagnostic::error(
                    codes::CONFIG_DUPLICATE_KEY,
                    format!("Key \"{}\" is already defined in {kind} \"{}\".", p.name.name, block.name.name),
                    p.name.span,
                ));
            }
        }
    }
    out
}

/// Puts the duplicate keys among the errors of the pass over names, which resolution reports first
/// (from `from` on in `diagnostics`), by position: Prisma checks both block by block.
pub fn merge_with_names(diagnostics: &mut Diagnostics, from: usize, duplicate_keys: Vec<Diagnostic>) {
    if duplicate_keys.is_empty() {
        return;
    }
    let later = diagnostics.errors.split_off(from.min(diagnostics.errors.len()));
    let names_pass = later.iter().take_while(|d| crate::ir::codes::NAMES.contains(&d.code)).count();
    let mut later = later.into_iter();
    let mut names: Vec<Diagnostic> = later.by_ref().take(names_pass).collect();
    names.extend(duplicate_keys);
    // Stable: the names pass lists its errors in source order.
    names.sort_by_key(|d| (d.span.file(), d.span.start()));
    diagnostics.errors.extend(names);
    diagnostics.errors.extend(later);
}

// ------------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------------

/// Reads and validates the configuration blocks.
pub fn read_configuration(ast: &SchemaAst, diagnostics: &mut Diagnostics) -> Configuration {
    let mut config = Configuration::default();

    // Duplicate datasource/generator names are reported with the other duplicate top-level names by
    // the IR's name resolution.

    // Datasources first (preview features are checked against the provider); their diagnostics come
    // before the generators', as in Prisma.
    let mut ds_diagnostics = Diagnostics::new();
    let all_features: Vec<String> = ast
        .generators()
        .filter_map(|(_, g)| g.property("previewFeatures").and_then(|p| p.value.as_ref()))
        .flat_map(|v| match v {
            Expression::Array(items, _) => items.iter().filter_map(|i| i.as_string().map(str::to_string)).collect(),
            Expression::String(s, _) => vec![s.to_string()],
            _ => Vec::new(),
        })
        .collect();
    let uses_schema_engine_driver_adapters =
        all_features.iter().any(|f| f.eq_ignore_ascii_case("schemaEngineDriverAdapters"));
    for (_, block) in ast.datasources() {
        if let Some(ds) = read_datasource(block, uses_schema_engine_driver_adapters, &mut ds_diagnostics) {
            config.datasources.push(ds);
        }
    }
    if config.datasources.len() > 1 {
        for (_, block) in ast.datasources() {
            ds_diagnostics.push_error(Diagnostic::error(
                codes::DATASOURCE_MULTIPLE,
                format!(
                    "Error validating datasource `{}`: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.",
                    block.name.name
                ),
                block.span,
            ));
        }
    }

    let provider = config.provider();
    let mut gen_diagnostics = Diagnostics::new();
    for (_, block) in ast.generators() {
        if let Some(g) = read_generator(block, provider, &mut config.enabled_preview_features, &mut gen_diagnostics) {
            config.generators.push(g);
        }
    }
    diagnostics.extend(ds_diagnostics);
    diagnostics.extend(gen_diagnostics);

    // Checks that need both the datasource and the preview features. (Those of `extensions` are
    // validations: `validate::datasource::extensions`.)
    if let Some(ds) = config.datasources.first() {
        if let Some(span) = ds.schemas_span {
            if !ds.active_provider.connector().has(crate::connector::Capability::MultiSchema) {
                diagnostics.push_error(Diagnostic::error(
                    codes::DATASOURCE_SCHEMAS,
                    "The `schemas` property is not supported on the current connector.",
                    span,
                ));
            }
        }
    }
    config
}

fn read_datasource(
    block: &ConfigBlock,
    uses_schema_engine_driver_adapters: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Datasource> {
    let source_name = block.name.name.as_str();
    let mut props = collect_properties(block, "datasource", diagnostics)?;

    let Some((_, provider_expr)) = take(&mut props, "provider") else {
        diagnostics.push_error(Diagnostic::error(
            codes::DATASOURCE_PROVIDER_MISSING,
            format!("Argument \"provider\" is missing in data source block \"{source_name}\"."),
            block.span,
        ));
        return None;
    };
    let provider = match provider_expr {
        Expression::Function(name, _, _) if name == "env" => {
            diagnostics.push_error(Diagnostic::error(
                codes::DATASOURCE_PROVIDER_INVALID,
                "A datasource must not use the env() function in the provider argument.",
                block.span,
            ));
            return None;
        }
        Expression::String(s, _) if s.is_empty() => {
            diagnostics.push_error(Diagnostic::error(
                codes::DATASOURCE_PROVIDER_INVALID,
                format!("Error validating datasource `{source_name}`: The provider argument in a datasource must not be empty"),
                provider_expr.span(),
            ));
            return None;
        }
        Expression::String(s, _) => s.clone(),
        other => {
            diagnostics.push_error(Diagnostic::error(
                codes::DATASOURCE_PROVIDER_INVALID,
                format!("Error validating datasource `{source_name}`: The provider argument in a datasource must be a string literal"),
                other.span(),
            ));
            return None;
        }
    };
    let Some(active_provider) = Provider::from_name(&provider) else {
        diagnostics.push_error(Diagnostic::error(
            codes::DATASOURCE_PROVIDER_UNKNOWN,
            format!("Datasource provider not known: \"{provider}\"."),
            provider_expr.span(),
        ));
        return None;
    };
    let connector = active_provider.connector();

    // relationMode / referentialIntegrity
    let referential_integrity = take(&mut props, "referentialIntegrity");
    let relation_mode_prop = take(&mut props, "relationMode");
    if let Some((p, _)) = referential_integrity {
        diagnostics.push_warning(Diagnostic::warning(
            codes::W_REFERENTIAL_INTEGRITY,
            "The `referentialIntegrity` attribute is deprecated. Please use `relationMode` instead. Learn more at https://pris.ly/d/relation-mode",
            p.span_without_newline(),
        ));
    }
    let relation_mode = match (relation_mode_prop, referential_integrity) {
        (None, None) => None,
        (Some(_), Some((p, _))) => {
            diagnostics.push_error(Diagnostic::error(
                codes::DATASOURCE_RELATION_MODE,
                "The `referentialIntegrity` and `relationMode` attributes cannot be used together. Please use only `relationMode` instead.",
                p.span_without_newline(),
            ));
            None
        }
        (Some((_, rm)), None) | (None, Some((_, rm))) => match rm {
            Expression::String(s, _) => {
                let mode = match s.as_str() {
                    "prisma" => Some(RelationMode::Prisma),
                    "foreignKeys" => Some(RelationMode::ForeignKeys),
                    other => {
                        diagnostics.push_error(Diagnostic::error(
                            codes::DATASOURCE_RELATION_MODE,
                            format!("Error validating datasource `relationMode`: Invalid relation mode setting: \"{other}\". Supported values: \"prisma\", \"foreignKeys\""),
                            block.span,
                        ));
                        None
                    }
                };
                if let Some(mode) = mode {
                    if !connector.relation_modes.contains(&mode) {
                        let supported: Vec<String> =
                            connector.relation_modes.iter().map(|m| format!("\"{}\"", m.as_str())).collect();
                        diagnostics.push_error(Diagnostic::error(
                            codes::DATASOURCE_RELATION_MODE,
                            format!(
                                "Error validating datasource `relationMode`: Invalid relation mode setting: \"{}\". Supported values: {}",
                                mode.as_str(),
                                supported.join(", ")
                            ),
                            rm.span(),
                        ));
                    }
                }
                mode
            }
            other => {
                diagnostics.push_error(type_mismatch("string", other));
                None
            }
        },
    };

    // Connector-specific properties.
    let mut extensions = Vec::new();
    let mut extensions_span = None;
    if active_provider == Provider::Postgres {
        if let Some((p, expr)) = take(&mut props, "extensions") {
            extensions_span = Some(p.span_without_newline());
            extensions = parse_extensions(expr, diagnostics);
        }
    }

    // URLs.
    let url = match take(&mut props, "url") {
        Some((_, expr)) => Some((coerce_string_or_env(expr, diagnostics)?, expr.span())),
        None => {
            if uses_schema_engine_driver_adapters && active_provider != Provider::Sqlite {
                diagnostics.push_error(Diagnostic::error(
                    codes::DATASOURCE_URL_MISSING,
                    format!("Argument \"url\" is missing in data source block \"{source_name}\"."),
                    block.span,
                ));
                return None;
            }
            None
        }
    };
    let shadow_database_url = take(&mut props, "shadowDatabaseUrl")
        .and_then(|(_, expr)| coerce_string_or_env(expr, diagnostics).map(|s| (s, expr.span())))
        .filter(|(s, _)| *s != ConfigString::Literal(String::new()));
    let direct_url = take(&mut props, "directUrl")
        .and_then(|(_, expr)| coerce_string_or_env(expr, diagnostics).map(|s| (s, expr.span())));
    if let Some((shadow, _)) = &shadow_database_url {
        if let Some((direct, direct_span)) = &direct_url {
            if shadow == direct {
                diagnostics.push_error(Diagnostic::error(
                    codes::DATASOURCE_SHADOW_SAME_AS_URL,
                    format!("shadowDatabaseUrl is the same as directUrl for datasource \"{source_name}\". Please specify a different database as shadow database to avoid data loss."),
                    *direct_span,
                ));
            }
        }
        if let Some((url, url_span)) = &url {
            if shadow == url {
                diagnostics.push_error(Diagnostic::error(
                    codes::DATASOURCE_SHADOW_SAME_AS_URL,
                    format!("shadowDatabaseUrl is the same as url for datasource \"{source_name}\". Please specify a different database as shadow database to avoid data loss."),
                    *url_span,
                ));
            }
        }
    }

    if let Some((p, _)) = take(&mut props, "previewFeatures") {
        diagnostics.push_error(Diagnostic::error(
            codes::DATASOURCE_PREVIEW_FEATURES,
            "Preview features are only supported in the generator block. Please move this field to the generator block.",
            p.span_without_newline(),
        ));
    }

    // schemas
    let mut schemas = Vec::new();
    let mut schemas_span = None;
    if let Some((_, expr)) = take(&mut props, "schemas") {
        if let Some(list) = coerce_string_array(expr, diagnostics) {
            // Where `schemas` is not supported at all, that is the only error (reported later).
            let supported = active_provider.connector().has(crate::connector::Capability::MultiSchema);
            if list.is_empty() && !supported {
                schemas_span = Some(expr.span());
            } else if list.is_empty() {
                diagnostics.push_error(Diagnostic::error(
                    codes::DATASOURCE_SCHEMAS,
                    "If provided, the schemas array can not be empty.",
                    expr.span(),
                ));
            } else {
                let mut sorted: Vec<&(String, Span)> = list.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                if !supported {
                    sorted.clear();
                }
                for pair in sorted.windows(2) {
                    if let [a, b] = pair {
                        if a.0 == b.0 {
                            diagnostics.push_error(Diagnostic::error(
                                codes::DATASOURCE_SCHEMAS,
                                "Duplicated schema names are not allowed",
                                a.1,
                            ));
                        }
                    }
                }
                schemas = list;
                schemas_span = Some(expr.span());
            }
        }
    }

    for (p, _) in props {
        diagnostics.push_error(Diagnostic::error(
            codes::DATASOURCE_PROPERTY_UNKNOWN,
            format!("Property not known: \"{}\".", p.name.name),
            p.span_without_newline(),
        ));
    }

    Some(Datasource {
        name: block.name.clone(),
        provider: provider.to_string(),
        active_provider,
        relation_mode,
        schemas,
        schemas_span,
        url,
        direct_url,
        shadow_database_url,
        extensions,
        extensions_span,
        documentation: block.documentation.clone(),
        span: block.span,
    })
}

fn parse_extensions(expr: &Expression, diagnostics: &mut Diagnostics) -> Vec<PostgresExtension> {
    let items: Vec<&Expression> = match expr {
        Expression::Array(items, _) => items.iter().collect(),
        single => vec![single],
    };
    let mut out = Vec::new();
    let mut valid = true;
    let mut parsed = Vec::new();
    for item in items {
        match item {
            Expression::Constant(name, span) => parsed.push((name.as_str(), None, *span)),
            Expression::Function(name, args, span) => parsed.push((name.as_str(), Some(args), *span)),
            other => {
                diagnostics.push_error(type_mismatch("constant or function", other));
                valid = false;
            }
        }
    }
    if !valid {
        return out;
    }
    for (name, args, span) in parsed {
        let mut values: Vec<(&str, Span, Option<&str>)> = Vec::new();
        let mut seen = HashSet::new();
        for arg in args.map(|a| &a.arguments[..]).unwrap_or(&[]) {
            match &arg.name {
                Some(n) if seen.contains(n.name.as_str()) => diagnostics.push_error(Diagnostic::validation(
                    codes::DATASOURCE_EXTENSIONS,
                    format!("The argument `{}` can only be defined once", n.name),
                    arg.span(),
                )),
                Some(n) => {
                    seen.insert(n.name.as_str());
                    let value = match &arg.value {
                        Expression::String(s, _) => Some(s.as_str()),
                        other => {
                            diagnostics.push_error(type_mismatch("string", other));
                            None
                        }
                    };
                    values.push((n.name.as_str(), arg.span(), value));
                }
                None => diagnostics.push_error(Diagnostic::validation(
                    codes::DATASOURCE_EXTENSIONS,
                    "The argument must have a name",
                    arg.span(),
                )),
            }
        }
        let mut fetch = |key: &str, diagnostics: &mut Diagnostics| -> Option<String> {
            let i = values.iter().position(|(n, _, _)| *n == key)?;
            let (_, span, value) = values.remove(i);
            match value {
                Some(v) => Some(v.to_string()),
                None => {
                    diagnostics.push_error(Diagnostic::validation(
                        codes::DATASOURCE_EXTENSIONS,
                        format!("The `{key}` argument must be a string literal"),
                        span,
                    ));
                    None
                }
            }
        };
        let db_name = fetch("map", diagnostics);
        let schema = fetch("schema", diagnostics);
        let version = fetch("version", diagnostics);
        for (n, span, _) in values {
            diagnostics.push_error(Diagnostic::error(
                codes::DATASOURCE_EXTENSIONS,
                format!("Argument not known: \"{n}\"."),
                span,
            ));
        }
        out.push(PostgresExtension { name: name.to_string(), db_name, schema, version, span });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn read_generator(
    block: &ConfigBlock,
    provider: Option<Provider>,
    enabled: &mut Vec<String>,
    diagnostics: &mut Diagnostics,
) -> Option<Generator> {
    let mut props = collect_properties(block, "generator", diagnostics)?;
    let properties: Vec<(String, Expression)> =
        props.iter().map(|(p, v)| (p.name.name.to_string(), (*v).clone())).collect();

    if let Some((_, expr)) = props.iter().find(|(p, _)| p.name.name == "engineType") {
        if !matches!(expr, Expression::String(..)) {
            diagnostics.push_error(Diagnostic::error(
                codes::GENERATOR_PROPERTY_TYPE,
                format!(
                    "Expected a String value, but received {} value `{}`.",
                    expr.describe(),
                    render_expression(expr)
                ),
                expr.span(),
            ));
        }
    }

    let provider_value = match take(&mut props, "provider") {
        Some((_, expr)) => coerce_string_or_env(expr, diagnostics)?,
        None => {
            diagnostics.push_error(Diagnostic::error(
                codes::GENERATOR_PROVIDER_MISSING,
                format!("Argument \"provider\" is missing in generator block \"{}\".", block.name.name),
                block.span,
            ));
            return None;
        }
    };
    let output = take(&mut props, "output").and_then(|(_, e)| coerce_string_or_env(e, diagnostics));
    let binary_targets = take(&mut props, "binaryTargets")
        .and_then(|(_, e)| {
            let items: Vec<&Expression> = match e {
                Expression::Array(items, _) => items.iter().collect(),
                single => vec![single],
            };
            let mut out = Vec::new();
            for item in items {
                out.push(coerce_string_or_env(item, diagnostics)?);
            }
            Some(out)
        })
        .unwrap_or_default();
    let mut preview_features = Vec::new();
    if let Some((_, expr)) = take(&mut props, "previewFeatures") {
        if let Some(list) = coerce_string_array(expr, diagnostics) {
            for (name, span) in &list {
                if let Some(canonical) = check_preview_feature(name, provider, expr.span(), diagnostics) {
                    if !enabled.iter().any(|f| f == &canonical) {
                        enabled.push(canonical);
                    }
                }
                let _ = span;
            }
            preview_features = list;
        }
    }

    Some(Generator {
        name: block.name.clone(),
        provider: match provider_value {
            ConfigString::Literal(s) => Some(s),
            ConfigString::Env(_) => None,
        },
        output,
        binary_targets,
        preview_features,
        properties,
        documentation: block.documentation.clone(),
        span: block.span,
    })
}

trait PropertySpan {
    fn span_without_newline(&self) -> Span;
}

impl PropertySpan for ConfigProperty {
    /// The property's span from its name to the end of its value (the grammar's span includes the
    /// line break and trailing comment).
    fn span_without_newline(&self) -> Span {
        let end = self.value.as_ref().map(|v| v.span().end()).unwrap_or(self.name.span.end());
        self.name.span.with_end(end.max(self.name.span.end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFiles;

    fn read(text: &str) -> (Configuration, Diagnostics) {
        let files = SourceFiles::single("schema.prisma", text);
        let mut d = Diagnostics::new();
        let ast = crate::parser::parse(&files, &mut d);
        let c = read_configuration(&ast, &mut d);
        (c, d)
    }

    #[test]
    fn reads_datasource_and_generator() {
        let (c, d) = read(
            "datasource db {\n  provider = \"postgres\"\n  url = env(\"DATABASE_URL\")\n}\ngenerator client {\n  provider = \"prisma-client-js\"\n  previewFeatures = [\"metrics\", \"views\"]\n}\n",
        );
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(c.provider(), Some(Provider::Postgres));
        assert!(c.preview_feature("VIEWS"));
        assert_eq!(c.datasources[0].url.as_ref().map(|u| u.0.clone()), Some(ConfigString::Env("DATABASE_URL".into())));
    }

    #[test]
    fn url_is_optional_and_unknown_features_warn() {
        let (_, d) = read("datasource db {\n  provider = \"sqlite\"\n}\ngenerator g {\n  provider = \"x\"\n  previewFeatures = [\"nope\"]\n}\n");
        assert!(d.errors.is_empty(), "{d:?}");
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn unknown_property_and_provider() {
        let (_, d) = read("datasource db {\n  provider = \"oracle\"\n}\n");
        assert_eq!(d.errors[0].message, "Datasource provider not known: \"oracle\".");
        let (_, d) = read("datasource db {\n  provider = \"mysql\"\n  foo = 1\n}\n");
        assert_eq!(d.errors[0].message, "Property not known: \"foo\".");
    }
}
