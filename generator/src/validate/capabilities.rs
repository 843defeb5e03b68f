//! What the connector cannot store at all: composite types, enums, scalar lists, `Json` and `Json[]`
//! columns, `autoincrement()` where the database has no such column; and models without a strict
//! unique criterion (Prisma Client needs one to address a row).

use super::model::{attrs, field, related_model, scalar_type, IndexDef, IndexKind, Models};
use super::{codes, Context};
use crate::ast::{Expression, Field, FieldType, Model};
use crate::connector::{Capability, Connector, Provider, ScalarType};
use crate::diagnostics::Diagnostic;

/// `type` blocks outside MongoDB.
pub fn composite_types(ctx: &mut Context<'_>) {
    if ctx.connector.has(Capability::CompositeTypes) {
        return;
    }
    let name = ctx.connector.display_name;
    let spans: Vec<_> = ctx.ast.composite_types().map(|(_, c)| c.span).collect();
    for span in spans {
        ctx.error(Diagnostic::validation(
            codes::CAPABILITY_UNSUPPORTED,
            format!("Composite types are not supported on {name}."),
            span,
        ));
    }
}

/// `enum` blocks where the database has no enums (SQL Server).
pub fn enums(ctx: &mut Context<'_>) {
    if ctx.connector.has(Capability::Enums) {
        return;
    }
    let found: Vec<_> = ctx.ast.enums().map(|(_, e)| (e.name.name.to_string(), e.span)).collect();
    for (name, span) in found {
        ctx.error(Diagnostic::validation(
            codes::CAPABILITY_UNSUPPORTED,
            format!("You defined the enum `{name}`. But the current connector does not support enums."),
            span,
        ));
    }
}

/// `map:` names for constraints the database cannot name: a default value (all but SQL Server), a
/// foreign key (SQLite, no datasource).
pub fn constraint_map_names(ctx: &mut Context<'_>) {
    let (defaults, foreign_keys) =
        (ctx.connector.has(Capability::NamedDefaultValues), ctx.connector.has(Capability::NamedForeignKeys));
    if defaults && foreign_keys {
        return;
    }
    let mut out = Vec::new();
    for m in &ctx.models.list {
        for f in &m.fields {
            for a in &f.attributes {
                let (allowed, name, message) = match a.name.name.as_str() {
                    "default" => (
                        defaults,
                        "@default",
                        "You defined a database name for the default value of a field on the model. This is not supported by the provider.",
                    ),
                    "relation" => (foreign_keys, "@relation", "Your provider does not support named foreign keys."),
                    _ => continue,
                };
                if !allowed && a.named("map").is_some() {
                    out.push(Diagnostic::attribute(codes::NAMED_CONSTRAINT_UNSUPPORTED, name, message, a.span));
                }
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// Scalar fields of types or arities the connector lacks: `Json`, `Json[]`, any list.
pub fn scalar_fields(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let (json, json_lists, lists, decimal) = (
        connector.has(Capability::JsonType),
        connector.has(Capability::JsonLists),
        connector.has(Capability::ScalarLists),
        connector.has(Capability::DecimalType),
    );
    if json && json_lists && lists && decimal {
        return;
    }
    let composite: Vec<&str> = ctx.ast.composite_types().map(|(_, c)| c.name.name.as_str()).collect();
    let mut out = Vec::new();
    for m in &ctx.models.list {
        for f in &m.fields {
            let is_composite = matches!(&f.field_type, FieldType::Named(n) if composite.contains(&n.name.as_str()));
            if related_model(ctx.models, f).is_some() || is_composite {
                continue;
            }
            let (model, name) = (m.name.name.as_str(), f.name.name.as_str());
            let is_json = scalar_type(f) == Some(ScalarType::Json);
            let kind = if m.is_view { "view" } else { "model" };
            if scalar_type(f) == Some(ScalarType::Decimal) && !decimal {
                out.push(Diagnostic::error(
                    codes::SCALAR_FIELD_UNSUPPORTED,
                    format!("Error validating field `{name}` in {kind} `{model}`: Field `{name}` in {kind} `{model}` can't be of type Decimal. The current connector does not support the Decimal type."),
                    f.span(),
                ));
            }
            let prefix =
                format!("Error validating field `{name}` in {kind} `{model}`: Field `{name}` in {kind} `{model}`");
            if is_json && !json {
                out.push(Diagnostic::error(
                    codes::SCALAR_FIELD_UNSUPPORTED,
                    format!("{prefix} can't be of type Json. The current connector does not support the Json type."),
                    f.span(),
                ));
            }
            if is_json && f.arity.is_list() && !json_lists {
                out.push(Diagnostic::error(
                    codes::SCALAR_FIELD_UNSUPPORTED,
                    format!(
                        "{prefix} can't be of type Json[]. The current connector does not support the Json List type."
                    ),
                    f.span(),
                ));
            }
            if f.arity.is_list() && !lists {
                out.push(Diagnostic::error(
                    codes::SCALAR_FIELD_UNSUPPORTED,
                    format!(
                        "Field \"{name}\" in {kind} \"{model}\" can't be a list. The current connector does not support lists of primitive types."
                    ),
                    f.span(),
                ));
            }
        }
    }
    for d in out {
        ctx.error(d);
    }
}

/// Per model, in Prisma's order: a strict unique criterion, `autoincrement()` rules, the functions
/// of `@default`.
pub fn model_rules(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let mut out = Vec::new();
    for (m, indexes) in ctx.models.with_indexes() {
        strict_unique_criterion(m, indexes, &mut out);
        if !m.is_view {
            duplicate_client_names(indexes, &mut out);
        }
        client_names(m, indexes, &mut out);
        named_primary_key(m, indexes, connector, &mut out);
        constraint_name_lengths(m, indexes, ctx.models, connector, &mut out);
        default_functions(m, connector.provider, &mut out);
        default_literals(m, &mut out);
    }
    for d in out {
        ctx.error(d);
    }
}

/// `@@id(name: ...)` / `@@unique(name: ...)`: the client names its argument after it, so it must not
/// be a field's name.
fn client_names(m: &Model, indexes: &[IndexDef<'_>], out: &mut Vec<Diagnostic>) {
    // Prisma asks, field by field, whether a `@@unique` (once per field), then the `@@id`, takes its
    // name.
    let mut fields_reported: Vec<&str> = Vec::new();
    let uniques = indexes.iter().filter(|i| !i.field_level && i.kind == IndexKind::Unique);
    for index in uniques.chain(indexes.iter().filter(|i| !i.field_level && i.kind == IndexKind::Id)) {
        let Some(name) = index.arg("name").and_then(|a| a.value.as_string()) else { continue };
        if index.kind == IndexKind::Unique {
            if fields_reported.contains(&name) {
                continue;
            }
            fields_reported.push(name);
        }
        if let Some(clashing) = field(m, name) {
            let d = Diagnostic::in_block(
                codes::CLIENT_NAME_CLASH,
                if m.is_view { "view" } else { "model" },
                &m.name.name,
                format!(
                    "The custom name `{name}` specified for the `{}` attribute is already used as a name for a field. Please choose a different name.",
                    index.attribute_name()
                ),
                m.span,
            );
            // In Prisma's loop over fields, with the field of that name.
            out.push(d.ordered_at(clashing.span()));
        }
    }
}

/// `@@id(name: ...)` / `@@unique(name: ...)`: two with the same client name, each reported at its
/// `name:` argument.
fn duplicate_client_names(indexes: &[IndexDef<'_>], out: &mut Vec<Diagnostic>) {
    let named: Vec<(&IndexDef<'_>, &crate::ast::Argument, &str)> = indexes
        .iter()
        .filter(|i| !i.field_level && matches!(i.kind, IndexKind::Id | IndexKind::Unique))
        .filter_map(|i| {
            let arg = i.arg("name")?;
            Some((i, arg, arg.value.as_string()?))
        })
        .collect();
    for (index, arg, name) in &named {
        if named.iter().filter(|(_, _, other)| other == name).count() > 1 {
            out.push(Diagnostic::attribute(
                codes::CLIENT_NAME_DUPLICATE,
                index.attribute_name(),
                format!("The given custom name `{name}` has to be unique on the model. Please provide a different name for the `name` argument."),
                arg.span(),
            ));
        }
    }
}

/// `@id(map: ...)` / `@@id(map: ...)` where the database cannot name a primary key (MySQL, SQLite).
fn named_primary_key(m: &Model, indexes: &[IndexDef<'_>], connector: &Connector, out: &mut Vec<Diagnostic>) {
    if connector.has(Capability::NamedPrimaryKeys) || m.is_view {
        return;
    }
    if let Some(pk) = indexes.iter().find(|i| i.kind == IndexKind::Id && i.map().is_some()) {
        out.push(
            Diagnostic::in_block(
                codes::NAMED_CONSTRAINT_UNSUPPORTED,
                "model",
                &m.name.name,
                "You defined a database name for the primary key on the model. This is not supported by the provider.",
                m.span,
            )
            // With the primary key's other rules, first among the model's checks.
            .ordered_at(pk.attribute.span),
        );
    }
}

/// Names given with `map:` that the database would cut: the primary key, then foreign keys, then
/// unique constraints and indexes.
fn constraint_name_lengths(
    m: &Model,
    indexes: &[IndexDef<'_>],
    models: &Models<'_>,
    connector: &Connector,
    out: &mut Vec<Diagnostic>,
) {
    let max = connector.max_identifier_length;
    if max == 0 || m.is_view {
        return;
    }
    let mut named: Vec<(&str, &str, crate::source::Span)> = Vec::new();
    // Without named primary keys the name is refused on its own ("You defined a database name for
    // the primary key"), and Prisma does not measure it.
    let named_ids = connector.has(Capability::NamedPrimaryKeys);
    let ids = indexes.iter().filter(|i| i.kind == IndexKind::Id && named_ids);
    named.extend(ids.filter_map(|i| Some((i.map()?, i.attribute_name(), i.attribute.span))));
    for f in m.fields.iter().filter(|f| related_model(models, f).is_some()) {
        for a in attrs(&f.attributes, "relation") {
            if let Some(name) = a.named("map").and_then(|x| x.value.as_string()) {
                named.push((name, "@relation", a.span));
            }
        }
    }
    let others = indexes.iter().filter(|i| i.kind != IndexKind::Id);
    named.extend(others.filter_map(|i| Some((i.map()?, i.attribute_name(), i.attribute.span))));
    for (name, attribute, span) in named {
        if name.len() > max {
            out.push(Diagnostic::in_block(
                codes::CONSTRAINT_NAME_CLASH,
                "model",
                &m.name.name,
                format!("The constraint name '{name}' specified in the `map` argument for the `{attribute}` constraint is too long for your chosen provider. The maximum allowed length is {max} bytes."),
                span,
            ));
        }
    }
}

/// Every model (not views, not `@@ignore`d ones) needs an id or a unique criterion whose fields are
/// all required and supported: Prisma Client addresses rows by it.
fn strict_unique_criterion(m: &Model, indexes: &[IndexDef<'_>], out: &mut Vec<Diagnostic>) {
    if m.is_view || attrs(&m.attributes, "ignore").next().is_some() {
        return;
    }
    let mut loose = Vec::new();
    let mut strict = false;
    for index in indexes.iter().filter(|i| matches!(i.kind, IndexKind::Id | IndexKind::Unique)) {
        let names: Vec<&str> = index.fields.iter().map(|f| f.name()).collect();
        // A primary key always counts (its optional fields are reported on their own).
        if index.kind == IndexKind::Id || names.iter().all(|n| is_strict_field(m, n)) {
            strict = true;
            break;
        }
        loose.push(names.join(", "));
    }
    if strict {
        return;
    }
    let mut message = String::from(
        "Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.",
    );
    if !loose.is_empty() {
        message.push_str(
            " The following unique criterias were not considered as they contain fields that are not required:",
        );
        for l in &loose {
            message.push_str("\n- ");
            message.push_str(l);
        }
    }
    out.push(Diagnostic::in_block(codes::UNIQUE_CRITERIA, "model", &m.name.name, message, m.span));
}

/// A field a strict criterion may hold: present, not optional (a list counts) and not `Unsupported`.
fn is_strict_field(m: &Model, name: &str) -> bool {
    field(m, name).is_some_and(|f| !f.arity.is_optional() && !matches!(f.field_type, FieldType::Unsupported(..)))
}

/// `autoincrement()` where the database restricts it, per model (after the connector's rules on
/// indexes, as Prisma).
pub fn autoincrement_rules(ctx: &mut Context<'_>) {
    let connector = ctx.connector;
    let mut out = Vec::new();
    for (m, indexes) in ctx.models.with_indexes() {
        autoincrement(m, indexes, connector, &mut out);
    }
    for d in out {
        ctx.error(d);
    }
}

/// `autoincrement()`: how many per model, on which fields (SQLite: only the single-field id; MySQL:
/// only a field that leads an index).
fn autoincrement(m: &Model, indexes: &[IndexDef<'_>], connector: &Connector, out: &mut Vec<Diagnostic>) {
    let (multiple, non_id, non_indexed) = (
        connector.has(Capability::AutoIncrementMultipleAllowed),
        connector.has(Capability::AutoIncrementAllowedOnNonId),
        connector.has(Capability::AutoIncrementNonIndexedAllowed),
    );
    if multiple && non_id && non_indexed {
        return;
    }
    // A rule of the connector's on the model, not one of a field's default value.
    let error = |message: &str, span| {
        Diagnostic::attribute(
            codes::CAPABILITY_UNSUPPORTED,
            "@default",
            format!("The `autoincrement()` default value is used {message}"),
            span,
        )
    };
    let fields: Vec<&Field> = m.fields.iter().filter(|f| is_autoincrement(f)).collect();
    if fields.len() > 1 && !multiple {
        out.push(error(
            "multiple times on this model even though the underlying datasource only supports one instance per table.",
            m.span,
        ));
    }
    for f in fields {
        let name = f.name.name.as_str();
        let is_id = indexes.iter().any(|i| {
            i.kind == IndexKind::Id && i.fields.len() == 1 && i.fields.first().is_some_and(|f| f.name() == name)
        });
        let leads_index = indexes.iter().any(|i| i.fields.first().is_some_and(|x| x.name() == name));
        if !non_id && !is_id {
            out.push(error("on a non-id field even though the datasource does not support this.", f.span()));
        }
        if !non_indexed && !leads_index {
            out.push(error("on a non-indexed field even though the datasource does not support this.", f.span()));
        }
    }
}

fn is_autoincrement(f: &Field) -> bool {
    attrs(&f.attributes, "default").any(|a| {
        matches!(a.positional().map(|arg| &arg.value), Some(Expression::Function(name, ..)) if name == "autoincrement")
    })
}

/// `@default(f())` with a function Prisma does not know, or one the connector lacks (`sequence()`
/// is CockroachDB's, `auto()` MongoDB's).
fn default_functions(m: &Model, provider: Option<Provider>, out: &mut Vec<Diagnostic>) {
    for f in &m.fields {
        for a in attrs(&f.attributes, "default") {
            let Some(Expression::Function(name, _, span)) = a.positional().map(|arg| &arg.value) else { continue };
            match name.as_str() {
                "autoincrement"
                    if provider == Some(Provider::CockroachDb) && scalar_type(f) != Some(ScalarType::BigInt) =>
                {
                    // A rule of the connector's on the model (Prisma's message names the attribute
                    // without its `@`), not one of the field's default value.
                    out.push(Diagnostic::attribute(
                        codes::CAPABILITY_UNSUPPORTED,
                        "default",
                        "The `autoincrement()` default function is defined only on BigInt fields on CockroachDB. Use sequence() if you want an autoincrementing Int field.",
                        a.span,
                    ))
                }
                "autoincrement" | "cuid" | "uuid" | "nanoid" | "ulid" | "now" | "dbgenerated" => {}
                "sequence" if provider == Some(Provider::CockroachDb) => {}
                "auto" if provider == Some(Provider::MongoDb) => {}
                "auto" => out.push(Diagnostic::attribute(
                    codes::DEFAULT_VALUE,
                    "@default",
                    "The current connector does not support the `auto()` function.",
                    *span,
                )),
                _ => out.push(Diagnostic::error(
                    codes::UNKNOWN_DEFAULT_FUNCTION,
                    format!("Unknown function in @default(): `{name}` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions"),
                    *span,
                )),
            }
        }
    }
}

/// String defaults of `Json`, `Bytes`, `DateTime` and `Decimal` fields must parse as such (JSON,
/// standard padded base64, RFC 3339, a decimal number), with the parsers' own explanations.
fn default_literals(m: &Model, out: &mut Vec<Diagnostic>) {
    for f in m.fields.iter() {
        let Some(kind) = scalar_type(f) else { continue };
        for a in attrs(&f.attributes, "default") {
            // A single value, or each value of a list field's default.
            let values: Vec<(&str, crate::source::Span)> = match a.positional().map(|arg| &arg.value) {
                Some(Expression::String(value, span)) if !f.arity.is_list() => vec![(value.as_str(), *span)],
                Some(Expression::Array(items, _)) if f.arity.is_list() => items
                    .iter()
                    .filter_map(|i| match i {
                        Expression::String(value, span) => Some((value.as_str(), *span)),
                        _ => None,
                    })
                    .collect(),
                _ => continue,
            };
            for (value, span) in values {
                default_literal(kind, value, span, out);
            }
        }
    }
}

/// A string default of a `Json`, `Bytes`, `DateTime` or `Decimal` field that does not parse.
fn default_literal(kind: ScalarType, value: &str, span: crate::source::Span, out: &mut Vec<Diagnostic>) {
    let (attribute, problem) = match kind {
        ScalarType::Json => ("@default", json_problem(value).map(|why| ("a valid JSON string", why))),
        ScalarType::Bytes => ("@default", base64_problem(value).map(|why| ("a valid base64 string", why))),
        ScalarType::DateTime => {
            ("@default", datetime_problem(value).map(|why| ("a valid rfc3339 datetime string", why)))
        }
        // Prisma names the attribute without its `@` here.
        ScalarType::Decimal => ("default", decimal_problem(value).map(|why| ("a valid decimal", why))),
        _ => return,
    };
    if let Some((what, why)) = problem {
        out.push(Diagnostic::attribute(
            codes::DEFAULT_VALUE,
            attribute,
            format!("Parse error: \"{value}\" is not {what}. ({why})"),
            span,
        ));
    }
}

fn json_problem(value: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(value).err().map(|e| e.to_string())
}

fn base64_problem(value: &str) -> Option<String> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(value)
        .err()
        .map(|_| "Could not convert from `base64 encoded bytes` to `PrismaValue::Bytes`".to_string())
}

fn datetime_problem(value: &str) -> Option<String> {
    let error = chrono::DateTime::parse_from_rfc3339(value).err()?;
    // Prisma's chrono reads the text from the left and names the first problem: a wrong character
    // before the end, or the end before the seconds. (Ours checks the length first.)
    const SHAPE: &[u8] = b"0000-00-00T00:00:00";
    let bytes = value.as_bytes();
    for (i, &want) in SHAPE.iter().enumerate() {
        let Some(&c) = bytes.get(i) else { return Some("premature end of input".to_string()) };
        let fits = match want {
            b'0' => c.is_ascii_digit(),
            b'T' => matches!(c, b'T' | b't' | b' '),
            other => c == other,
        };
        if !fits {
            return Some("input contains invalid characters".to_string());
        }
        // Each number is checked for its range as soon as it is read.
        let range = match i {
            6 => Some((5, 1, 12)),
            9 => Some((8, 1, 31)),
            12 => Some((11, 0, 23)),
            15 => Some((14, 0, 59)),
            18 => Some((17, 0, 60)),
            _ => None,
        };
        if let Some((from, low, high)) = range {
            let n = u32::from(bytes[from] - b'0') * 10 + u32::from(bytes[from + 1] - b'0');
            if !(low..=high).contains(&n) {
                return Some("input is out of range".to_string());
            }
        }
    }
    Some(error.to_string())
}

/// A decimal number as Prisma's `BigDecimal` reads it: an optional exponent (`e`, an `i64`), then
/// the digits around the point as one integer (sign, digits, underscores between them). The
/// explanations are those of Rust's and num-bigint's integer parsers.
fn decimal_problem(value: &str) -> Option<String> {
    const EMPTY: &str = "cannot parse integer from empty string";
    const INVALID: &str = "invalid digit found in string";
    if value.is_empty() {
        return Some("Failed to parse empty string".to_string());
    }
    let (base, exponent) = match value.find(['e', 'E']) {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    if let Some(exponent) = exponent {
        let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
        if let Err(e) = exponent.parse::<i64>() {
            return Some(e.to_string());
        }
    }
    let digits: String = match base.split_once('.') {
        Some((lead, trail)) => format!("{lead}{trail}"),
        None => base.to_string(),
    };
    let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(&digits);
    if unsigned.is_empty() {
        return Some(EMPTY.to_string());
    }
    let valid = !unsigned.starts_with('_') && unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    (!valid).then(|| INVALID.to_string())
}
