//! The IR as Prisma's DMMF datamodel JSON, in the normalized shape `oracle dmmf` prints: every
//! field carries the same keys (missing ones as `null`), relation keys only on `object` fields, and
//! each model carries its own `indexes`.
//!
//! Prisma's rules followed here: ignored models and views are left out, models come before views,
//! ignored fields and `Unsupported` fields are left out, `relationOnDelete`/`relationOnUpdate` are
//! the explicit actions only, index names are the explicit ones only.

use serde_json::{json, Map, Value};

use crate::ir::{
    CompositeTypeWalker, DefaultExpr, DefaultFunction, EnumWalker, FieldWalker, Index, IndexField, IndexKind, Literal,
    ModelWalker, PrimaryKey, ScalarType, Schema, SortOrder,
};

/// Renders the DMMF datamodel.
pub fn to_dmmf(schema: &Schema) -> Value {
    let models: Vec<Value> =
        schema.tables().chain(schema.views()).filter(|m| !m.is_ignored()).map(model_to_dmmf).collect();
    let enums: Vec<Value> = schema.enums().map(enum_to_dmmf).collect();
    let types: Vec<Value> = schema.composite_types().map(composite_type_to_dmmf).collect();
    json!({ "models": models, "enums": enums, "types": types })
}

fn model_to_dmmf(model: ModelWalker<'_>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(model.name()));
    m.insert("dbName".into(), json!(model.mapped_name()));
    m.insert("schema".into(), json!(model.schema_name()));
    let fields: Vec<Value> =
        model.fields().filter(|f| !f.is_ignored() && !f.is_unsupported()).map(field_to_dmmf).collect();
    m.insert("fields".into(), Value::Array(fields));
    let primary_key = model
        .primary_key()
        .filter(|pk| !pk.defined_on_field)
        .map(|pk| json!({ "name": pk.name, "fields": pk.fields.iter().map(|f| index_field_name(model, f)).collect::<Vec<_>>() }));
    m.insert("primaryKey".into(), primary_key.unwrap_or(Value::Null));
    let compound_uniques: Vec<&Index> = model.indexes().filter(|i| i.is_unique() && !i.defined_on_field).collect();
    m.insert(
        "uniqueFields".into(),
        Value::Array(
            compound_uniques
                .iter()
                .map(|i| json!(i.fields.iter().map(|f| index_field_name(model, f)).collect::<Vec<_>>()))
                .collect(),
        ),
    );
    m.insert(
        "uniqueIndexes".into(),
        Value::Array(
            compound_uniques
                .iter()
                .map(|i| json!({ "name": i.name, "fields": i.fields.iter().map(|f| index_field_name(model, f)).collect::<Vec<_>>() }))
                .collect(),
        ),
    );
    let mut indexes: Vec<Value> = Vec::new();
    if let Some(pk) = model.primary_key() {
        indexes.push(primary_key_to_dmmf(model, pk));
    }
    indexes.extend(model.indexes().map(|i| index_to_dmmf(model, i)));
    m.insert("indexes".into(), Value::Array(indexes));
    if let Some(doc) = model.documentation() {
        m.insert("documentation".into(), json!(doc));
    }
    Value::Object(m)
}

fn index_field_name(model: ModelWalker<'_>, f: &IndexField) -> String {
    let mut name = model.schema.walk(f.field).name().to_string();
    for (ct, idx) in &f.path {
        if let Some(field) = model.schema.composite_type(*ct).fields.get(*idx as usize) {
            name.push('.');
            name.push_str(&field.name);
        }
    }
    name
}

fn index_fields(model: ModelWalker<'_>, fields: &[IndexField]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|f| {
                let mut o = Map::new();
                o.insert("name".into(), json!(index_field_name(model, f)));
                if let Some(s) = f.sort_order {
                    o.insert("sortOrder".into(), json!(if s == SortOrder::Asc { "asc" } else { "desc" }));
                }
                if let Some(l) = f.length {
                    o.insert("length".into(), json!(l));
                }
                if let Some(oc) = f.operator_class.as_deref() {
                    let name = match oc {
                        // Prisma prints this one under another name (a quirk kept for equality).
                        crate::ir::OperatorClass::Named(n) if n == "UuidMinMaxMultiOps" => "BitMinMaxOps".to_string(),
                        crate::ir::OperatorClass::Named(n) | crate::ir::OperatorClass::Raw(n) => n.to_string(),
                    };
                    o.insert("operatorClass".into(), json!(name));
                }
                Value::Object(o)
            })
            .collect(),
    )
}

fn primary_key_to_dmmf(model: ModelWalker<'_>, pk: &PrimaryKey) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!("id"));
    o.insert("isDefinedOnField".into(), json!(pk.defined_on_field));
    if let Some(n) = &pk.name {
        o.insert("name".into(), json!(n));
    }
    if let Some(n) = &pk.mapped_name {
        o.insert("dbName".into(), json!(n));
    }
    if let Some(c) = pk.clustered {
        o.insert("clustered".into(), json!(c));
    }
    o.insert("fields".into(), index_fields(model, &pk.fields));
    Value::Object(o)
}

fn index_to_dmmf(model: ModelWalker<'_>, index: &Index) -> Value {
    let mut o = Map::new();
    let kind = match index.kind {
        IndexKind::Normal => "normal",
        IndexKind::Unique => "unique",
        IndexKind::Fulltext => "fulltext",
    };
    o.insert("type".into(), json!(kind));
    o.insert("isDefinedOnField".into(), json!(index.defined_on_field));
    if let Some(n) = &index.name {
        o.insert("name".into(), json!(n));
    }
    if let Some(n) = &index.mapped_name {
        o.insert("dbName".into(), json!(n));
    }
    if let Some(a) = index.algorithm {
        o.insert("algorithm".into(), json!(a.as_str()));
    }
    if let Some(c) = index.clustered {
        o.insert("clustered".into(), json!(c));
    }
    o.insert("fields".into(), index_fields(model, &index.fields));
    Value::Object(o)
}

fn type_name_and_kind(schema: &Schema, t: &ScalarType) -> (String, &'static str) {
    match t {
        ScalarType::Enum(e) => (schema.enum_(*e).name.to_string(), "enum"),
        ScalarType::Composite(c) => (schema.composite_type(*c).name.to_string(), "object"),
        ScalarType::Unsupported(s) => (s.to_string(), "unsupported"),
        builtin => (builtin.builtin_name().unwrap_or("").to_string(), "scalar"),
    }
}

fn field_to_dmmf(field: FieldWalker<'_>) -> Value {
    let schema = field.schema;
    let mut o = Map::new();
    o.insert("name".into(), json!(field.name()));
    if let Some(rf) = field.as_relation() {
        let related = schema.walk(rf.related_model);
        o.insert("dbName".into(), Value::Null);
        o.insert("type".into(), json!(related.name()));
        o.insert("kind".into(), json!("object"));
        o.insert("isList".into(), json!(field.is_list()));
        o.insert("isRequired".into(), json!(!field.is_optional()));
        o.insert("isId".into(), json!(false));
        o.insert("isUnique".into(), json!(false));
        o.insert("isUpdatedAt".into(), json!(false));
        o.insert("isReadOnly".into(), json!(false));
        o.insert("hasDefaultValue".into(), json!(false));
        o.insert("default".into(), Value::Null);
        o.insert("nativeType".into(), Value::Null);
        o.insert("isGenerated".into(), json!(false));
        o.insert("relationName".into(), json!(field.relation_name()));
        let names = |ids: &Option<Vec<crate::ir::FieldId>>| -> Value {
            json!(ids
                .as_ref()
                .map(|v| v.iter().map(|id| schema.walk(*id).name().to_string()).collect::<Vec<_>>())
                .unwrap_or_default())
        };
        o.insert("relationFromFields".into(), names(&rf.fields));
        o.insert("relationToFields".into(), names(&rf.references));
        o.insert("relationOnDelete".into(), json!(rf.on_delete.map(|(a, _)| a.as_str())));
        o.insert("relationOnUpdate".into(), json!(rf.on_update.map(|(a, _)| a.as_str())));
    } else if let Some(sf) = field.as_scalar() {
        let (type_name, kind) = type_name_and_kind(schema, &sf.r#type);
        let is_id = field.is_single_pk();
        o.insert("dbName".into(), json!(sf.mapped_name));
        o.insert("type".into(), json!(type_name));
        o.insert("kind".into(), json!(kind));
        o.insert("isList".into(), json!(field.is_list()));
        o.insert("isRequired".into(), json!(!field.is_optional()));
        o.insert("isId".into(), json!(is_id));
        o.insert("isUnique".into(), json!(!is_id && field.is_unique()));
        o.insert("isUpdatedAt".into(), json!(field.is_updated_at()));
        o.insert("isReadOnly".into(), json!(field.is_read_only()));
        o.insert("hasDefaultValue".into(), json!(sf.default.is_some()));
        o.insert(
            "default".into(),
            sf.default.as_ref().map(|d| default_to_dmmf(&d.value, &sf.r#type)).unwrap_or(Value::Null),
        );
        o.insert(
            "nativeType".into(),
            sf.native_type.as_ref().map(|nt| json!([nt.name, nt.args])).unwrap_or(Value::Null),
        );
        o.insert("isGenerated".into(), json!(false));
    }
    if let Some(doc) = field.documentation() {
        o.insert("documentation".into(), json!(doc));
    }
    Value::Object(o)
}

/// A number as JavaScript would print it after parsing (integers without a fraction).
fn js_number(text: &str) -> Value {
    if let Ok(i) = text.parse::<i64>() {
        return json!(i);
    }
    match text.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => json!(f as i64),
        Ok(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

fn literal_to_dmmf(l: &Literal, t: &ScalarType) -> Value {
    match (l, t) {
        (Literal::List(items), _) => Value::Array(items.iter().map(|i| literal_to_dmmf(i, t)).collect()),
        (Literal::Boolean(b), _) => json!(b),
        (Literal::EnumValue(v), _) => json!(v),
        (Literal::Number(n), ScalarType::BigInt) => {
            json!(n.parse::<i64>().map(|i| i.to_string()).unwrap_or_else(|_| n.to_string()))
        }
        (Literal::Number(n), _) => js_number(n),
        (Literal::String(s), ScalarType::Decimal | ScalarType::Float) => js_number(s),
        (Literal::String(s), ScalarType::DateTime) => json!(rfc3339(s)),
        (Literal::String(s), _) => json!(s),
    }
}

/// `to_rfc3339` of a parsed timestamp: a `Z` offset is written `+00:00`.
fn rfc3339(s: &str) -> String {
    match s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        Some(base) => format!("{base}+00:00"),
        None => s.to_string(),
    }
}

fn default_to_dmmf(d: &DefaultExpr, t: &ScalarType) -> Value {
    match d {
        DefaultExpr::Literal(l) => literal_to_dmmf(l, t),
        DefaultExpr::Function(f) => {
            let args: Vec<Value> = match f {
                DefaultFunction::Cuid(v) | DefaultFunction::Uuid(v) => vec![json!(v)],
                DefaultFunction::Nanoid(Some(n)) => vec![json!(n)],
                DefaultFunction::DbGenerated(Some(s)) => vec![json!(s)],
                DefaultFunction::Sequence(args) => args.iter().map(|(_, v)| js_number_or_string(v)).collect(),
                DefaultFunction::Other { args, .. } => args.iter().map(|v| js_number_or_string(v)).collect(),
                _ => Vec::new(),
            };
            json!({ "name": f.name(), "args": args })
        }
    }
}

fn js_number_or_string(v: &str) -> Value {
    match js_number(v) {
        Value::Null => json!(v.trim_matches('"')),
        n => n,
    }
}

fn enum_to_dmmf(e: EnumWalker<'_>) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(e.name()));
    o.insert("dbName".into(), json!(e.get().mapped_name));
    o.insert(
        "values".into(),
        Value::Array(e.values().map(|v| json!({ "name": v.name, "dbName": v.mapped_name })).collect()),
    );
    if let Some(doc) = &e.get().documentation {
        o.insert("documentation".into(), json!(doc));
    }
    Value::Object(o)
}

fn composite_type_to_dmmf(ct: CompositeTypeWalker<'_>) -> Value {
    let schema = ct.schema;
    let c = ct.get();
    let fields: Vec<Value> = c
        .fields
        .iter()
        .filter(|f| !f.r#type.is_unsupported())
        .map(|f| {
            let (type_name, kind) = type_name_and_kind(schema, &f.r#type);
            let mut o = Map::new();
            o.insert("name".into(), json!(f.name));
            o.insert("kind".into(), json!(kind));
            o.insert("isList".into(), json!(f.arity.is_list()));
            o.insert("isRequired".into(), json!(!f.arity.is_optional()));
            o.insert("isUnique".into(), json!(false));
            o.insert("isId".into(), json!(false));
            o.insert("isReadOnly".into(), json!(false));
            o.insert("hasDefaultValue".into(), json!(f.default.is_some()));
            o.insert("type".into(), json!(type_name));
            o.insert(
                "nativeType".into(),
                f.native_type.as_ref().map(|nt| json!([nt.name, nt.args])).unwrap_or(Value::Null),
            );
            o.insert("dbName".into(), json!(f.mapped_name));
            if let Some(d) = &f.default {
                o.insert("default".into(), default_to_dmmf(&d.value, &f.r#type));
            }
            if let Some(doc) = &f.documentation {
                o.insert("documentation".into(), json!(doc));
            }
            Value::Object(o)
        })
        .collect();
    let mut o = Map::new();
    o.insert("name".into(), json!(c.name));
    o.insert("dbName".into(), Value::Null);
    o.insert("schema".into(), Value::Null);
    o.insert("fields".into(), Value::Array(fields));
    o.insert("primaryKey".into(), Value::Null);
    o.insert("uniqueFields".into(), json!([]));
    o.insert("uniqueIndexes".into(), json!([]));
    if let Some(doc) = &c.documentation {
        o.insert("documentation".into(), json!(doc));
    }
    Value::Object(o)
}
