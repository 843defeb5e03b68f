//! The one type-mapping table: a Prisma scalar type → its Rust type, its runtime storage class
//! (`rt::ScalarKind`), its client-side default and the PostgreSQL cast a native type needs.
//!
//! | Prisma     | Rust                             | `ScalarKind`                      |
//! |------------|----------------------------------|-----------------------------------|
//! | `String`   | `String`                         | `String`                          |
//! | `Boolean`  | `bool`                           | `Bool`                            |
//! | `Int`      | `i32`                            | `Int`                             |
//! | `BigInt`   | `i64`                            | `BigInt`                          |
//! | `Float`    | `f64`                            | `Float`                           |
//! | `Decimal`  | `rust_decimal::Decimal`          | `Decimal { scale }` (`@db.Decimal(p, s)`) |
//! | `DateTime` | `chrono::DateTime<chrono::Utc>`  | `DateTime`                        |
//! | `Json`     | `serde_json::Value`              | `Json`                            |
//! | `Bytes`    | `Vec<u8>`                        | `Bytes`                           |
//! | an enum    | the generated enum               | `Enum { db_type }`                |
//!
//! `T?` is `Option<T>`, `T[]` is `Vec<T>` (PostgreSQL only). `Unsupported(..)` fields have no Rust type and are
//! skipped by the generator; composite types are MongoDB-only and rejected.

use crate::ir::{DefaultExpr, DefaultFunction, NativeType, ScalarType};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of a built-in scalar; `None` for enums (named by the caller), composite and unsupported types.
pub fn builtin_rust_type(t: &ScalarType) -> Option<TokenStream> {
    Some(match t {
        ScalarType::String => quote!(String),
        ScalarType::Boolean => quote!(bool),
        ScalarType::Int => quote!(i32),
        ScalarType::BigInt => quote!(i64),
        ScalarType::Float => quote!(f64),
        ScalarType::Decimal => quote!(rust_decimal::Decimal),
        ScalarType::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        ScalarType::Json => quote!(serde_json::Value),
        ScalarType::Bytes => quote!(Vec<u8>),
        ScalarType::Enum(_) | ScalarType::Composite(_) | ScalarType::Unsupported(_) => return None,
    })
}

/// The `rt::ScalarKind` of a built-in scalar (enums: see [`enum_kind`]).
pub fn scalar_kind(t: &ScalarType, native: Option<&NativeType>) -> Option<TokenStream> {
    Some(match t {
        ScalarType::String => quote!(rt::ScalarKind::String),
        ScalarType::Boolean => quote!(rt::ScalarKind::Bool),
        ScalarType::Int => quote!(rt::ScalarKind::Int),
        ScalarType::BigInt => quote!(rt::ScalarKind::BigInt),
        ScalarType::Float => quote!(rt::ScalarKind::Float),
        // `m::decimal(..)` / `m::enum_kind(..)`: const fns of the generated `meta` module (prettyplease would
        // spread the struct-like variants over several lines).
        ScalarType::Decimal => match decimal_scale(native).map(proc_macro2::Literal::u32_unsuffixed) {
            Some(s) => quote!(m::decimal(Some(#s))),
            None => quote!(m::decimal(None)),
        },
        ScalarType::DateTime => quote!(rt::ScalarKind::DateTime),
        ScalarType::Json => quote!(rt::ScalarKind::Json),
        ScalarType::Bytes => quote!(rt::ScalarKind::Bytes),
        ScalarType::Enum(_) | ScalarType::Composite(_) | ScalarType::Unsupported(_) => return None,
    })
}

/// `rt::ScalarKind::Enum { db_type }` for an enum whose database type name is `db_type`.
pub fn enum_kind(db_type: &str) -> TokenStream {
    quote!(m::enum_kind(#db_type))
}

/// The scale of `@db.Decimal(p, s)` (also `@db.Numeric`).
fn decimal_scale(native: Option<&NativeType>) -> Option<u32> {
    let n = native?;
    if !matches!(n.name.as_str(), "Decimal" | "Numeric") {
        return None;
    }
    n.args.get(1)?.trim().parse().ok()
}

/// Whether values of this type support `increment / decrement / multiply / divide` (for documentation).
pub fn is_numeric(t: &ScalarType) -> bool {
    matches!(t, ScalarType::Int | ScalarType::BigInt | ScalarType::Float | ScalarType::Decimal)
}

/// The cast PostgreSQL needs for a bound text parameter of a native type the driver cannot bind from a Rust
/// value of the field's type. `None` for the default column types and for natives that bind as-is.
pub fn pg_cast(native: Option<&NativeType>) -> Option<&'static str> {
    Some(match native?.name.as_str() {
        "Uuid" => "uuid",
        "Inet" => "inet",
        "Citext" => "citext",
        "Xml" => "xml",
        "Bit" => "bit",
        "VarBit" => "varbit",
        "Money" => "money",
        "Date" => "date",
        "Time" => "time",
        "Timetz" => "timetz",
        "Timestamptz" => "timestamptz",
        "Timestamp" => "timestamp",
        "Json" => "json",
        "SmallInt" => "int2",
        "Oid" => "oid",
        "Real" => "float4",
        _ => return None,
    })
}

/// The value the client computes when a create leaves the field out (`rt::ClientDefault`), and whether the
/// database has a default of its own (`has_db_default`).
pub fn defaults(default: Option<&DefaultExpr>) -> (TokenStream, bool) {
    let Some(expr) = default else {
        return (quote!(rt::ClientDefault::None), false);
    };
    match expr {
        DefaultExpr::Literal(_) => (quote!(rt::ClientDefault::None), true),
        DefaultExpr::Function(f) => match f {
            DefaultFunction::Cuid(2) => (quote!(rt::ClientDefault::Cuid2), false),
            DefaultFunction::Cuid(_) => (quote!(rt::ClientDefault::Cuid), false),
            DefaultFunction::Uuid(7) => (quote!(rt::ClientDefault::Uuid7), false),
            DefaultFunction::Uuid(_) => (quote!(rt::ClientDefault::Uuid4), false),
            DefaultFunction::Ulid => (quote!(rt::ClientDefault::Ulid), false),
            DefaultFunction::Nanoid(n) => {
                let n = proc_macro2::Literal::u8_unsuffixed(n.unwrap_or(21));
                (quote!(rt::ClientDefault::Nanoid(#n)), false)
            }
            // The migrations also give the column `DEFAULT CURRENT_TIMESTAMP`.
            DefaultFunction::Now => (quote!(rt::ClientDefault::Now), true),
            DefaultFunction::Autoincrement
            | DefaultFunction::DbGenerated(_)
            | DefaultFunction::Sequence(_)
            | DefaultFunction::Auto
            | DefaultFunction::Other { .. } => (quote!(rt::ClientDefault::None), true),
        },
    }
}

/// The Prisma type as written, for documentation (`String?`, `Int[]`).
pub fn prisma_type_name(t: &ScalarType, enum_name: Option<&str>) -> String {
    match t {
        ScalarType::Enum(_) => enum_name.unwrap_or("Enum").to_string(),
        ScalarType::Unsupported(s) => format!("Unsupported({s:?})"),
        ScalarType::Composite(_) => "Composite".to_string(),
        other => other.builtin_name().unwrap_or("?").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn native(name: &str, args: &[&str]) -> NativeType {
        NativeType {
            scope: "db".into(),
            name: name.into(),
            args: args.iter().map(|a| (*a).into()).collect(),
            span: crate::source::Span::empty(crate::source::FileId(0)),
        }
    }

    #[test]
    fn decimal_scale_from_native_type() {
        let n = native("Decimal", &["10", "2"]);
        let k = scalar_kind(&ScalarType::Decimal, Some(&n)).unwrap().to_string();
        assert!(k.contains("decimal (Some (2))"), "{k}");
        assert_eq!(pg_cast(Some(&native("Uuid", &[]))), Some("uuid"));
        assert_eq!(pg_cast(Some(&native("VarChar", &["10"]))), None);
    }
}
