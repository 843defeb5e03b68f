//! PostgreSQL operator classes (`@@index([a(ops: X)], type: Gin)`): which index type each belongs
//! to and which fields it fits, with Prisma's messages.

use crate::ast::Expression;
use crate::connector::{IndexAlgorithm, ScalarType};

pub struct FieldInfo<'a> {
    pub name: &'a str,
    pub scalar: Option<ScalarType>,
    pub is_list: bool,
    /// The native type name (`Inet`, `VarBit`, ...).
    pub native: Option<&'a str>,
}

struct OpClass {
    name: &'static str,
    algorithms: &'static [IndexAlgorithm],
    /// Native types it applies to.
    native: &'static [&'static str],
    /// The scalar type it applies to when the field has no native type.
    default_scalar: Option<ScalarType>,
}

use IndexAlgorithm::{Brin, Gin, Gist, SpGist};
use ScalarType as S;

const fn op(
    name: &'static str,
    algorithms: &'static [IndexAlgorithm],
    native: &'static [&'static str],
    default_scalar: Option<ScalarType>,
) -> OpClass {
    OpClass { name, algorithms, native, default_scalar }
}

static OPCLASSES: &[OpClass] = &[
    op("InetOps", &[Gist, SpGist], &["Inet"], None),
    op("JsonbOps", &[Gin], &["JsonB"], Some(S::Json)),
    op("JsonbPathOps", &[Gin], &["JsonB"], Some(S::Json)),
    op("ArrayOps", &[Gin], &[], None),
    op("TextOps", &[SpGist], &["Text", "VarChar", "Char"], Some(S::String)),
    op("BitMinMaxOps", &[Brin], &["Bit"], None),
    op("VarBitMinMaxOps", &[Brin], &["VarBit"], None),
    op("BpcharBloomOps", &[Brin], &["Char"], None),
    op("BpcharMinMaxOps", &[Brin], &["Char"], None),
    op("ByteaBloomOps", &[Brin], &["ByteA"], Some(S::Bytes)),
    op("ByteaMinMaxOps", &[Brin], &["ByteA"], Some(S::Bytes)),
    op("DateBloomOps", &[Brin], &["Date"], None),
    op("DateMinMaxOps", &[Brin], &["Date"], None),
    op("DateMinMaxMultiOps", &[Brin], &["Date"], None),
    op("Float4BloomOps", &[Brin], &["Real"], None),
    op("Float4MinMaxOps", &[Brin], &["Real"], None),
    op("Float4MinMaxMultiOps", &[Brin], &["Real"], None),
    op("Float8BloomOps", &[Brin], &["DoublePrecision"], Some(S::Float)),
    op("Float8MinMaxOps", &[Brin], &["DoublePrecision"], Some(S::Float)),
    op("Float8MinMaxMultiOps", &[Brin], &["DoublePrecision"], Some(S::Float)),
    op("InetInclusionOps", &[Brin], &["Inet"], None),
    op("InetBloomOps", &[Brin], &["Inet"], None),
    op("InetMinMaxOps", &[Brin], &["Inet"], None),
    op("InetMinMaxMultiOps", &[Brin], &["Inet"], None),
    op("Int2BloomOps", &[Brin], &["SmallInt"], None),
    op("Int2MinMaxOps", &[Brin], &["SmallInt"], None),
    op("Int2MinMaxMultiOps", &[Brin], &["SmallInt"], None),
    op("Int4BloomOps", &[Brin], &["Integer"], Some(S::Int)),
    op("Int4MinMaxOps", &[Brin], &["Integer"], Some(S::Int)),
    op("Int4MinMaxMultiOps", &[Brin], &["Integer"], Some(S::Int)),
    op("Int8BloomOps", &[Brin], &["BigInt"], Some(S::BigInt)),
    op("Int8MinMaxOps", &[Brin], &["BigInt"], Some(S::BigInt)),
    op("Int8MinMaxMultiOps", &[Brin], &["BigInt"], Some(S::BigInt)),
    op("NumericBloomOps", &[Brin], &["Decimal"], Some(S::Decimal)),
    op("NumericMinMaxOps", &[Brin], &["Decimal"], Some(S::Decimal)),
    op("NumericMinMaxMultiOps", &[Brin], &["Decimal"], Some(S::Decimal)),
    op("OidBloomOps", &[Brin], &["Oid"], None),
    op("OidMinMaxOps", &[Brin], &["Oid"], None),
    op("OidMinMaxMultiOps", &[Brin], &["Oid"], None),
    op("TextBloomOps", &[Brin], &["Text", "VarChar"], Some(S::String)),
    op("TextMinMaxOps", &[Brin], &["Text", "VarChar"], Some(S::String)),
    op("TimestampBloomOps", &[Brin], &["Timestamp"], Some(S::DateTime)),
    op("TimestampMinMaxOps", &[Brin], &["Timestamp"], Some(S::DateTime)),
    op("TimestampMinMaxMultiOps", &[Brin], &["Timestamp"], Some(S::DateTime)),
    op("TimestampTzBloomOps", &[Brin], &["Timestamptz"], None),
    op("TimestampTzMinMaxOps", &[Brin], &["Timestamptz"], None),
    op("TimestampTzMinMaxMultiOps", &[Brin], &["Timestamptz"], None),
    op("TimeBloomOps", &[Brin], &["Time"], None),
    op("TimeMinMaxOps", &[Brin], &["Time"], None),
    op("TimeMinMaxMultiOps", &[Brin], &["Time"], None),
    op("TimeTzBloomOps", &[Brin], &["Timetz"], None),
    op("TimeTzMinMaxOps", &[Brin], &["Timetz"], None),
    op("TimeTzMinMaxMultiOps", &[Brin], &["Timetz"], None),
    op("UuidBloomOps", &[Brin], &["Uuid"], None),
    op("UuidMinMaxOps", &[Brin], &["Uuid"], None),
    op("UuidMinMaxMultiOps", &[Brin], &["Uuid"], None),
];

/// How Prisma prints an operator class. (Prisma prints `UuidMinMaxMultiOps` as `BitMinMaxOps`; its
/// suite expects that, so we do the same.)
fn display(name: &'static str) -> &'static str {
    if name == "UuidMinMaxMultiOps" {
        "BitMinMaxOps"
    } else {
        name
    }
}

/// Native types (or scalar types without one) each index type has a default operator class for.
fn has_default(algo: IndexAlgorithm, f: &FieldInfo<'_>) -> bool {
    match algo {
        // Prisma lets a plain `String` (lists too) through; `@db.Text` and the like it refuses.
        IndexAlgorithm::Gist => f.native == Some("Inet") || (f.native.is_none() && f.scalar == Some(S::String)),
        IndexAlgorithm::Gin => {
            f.is_list || f.native == Some("JsonB") || (f.native.is_none() && f.scalar == Some(S::Json))
        }
        IndexAlgorithm::SpGist => match f.native {
            Some(n) => matches!(n, "Inet" | "Text" | "VarChar" | "Char"),
            None => f.scalar == Some(S::String),
        },
        IndexAlgorithm::Brin => match f.native {
            Some(n) => OPCLASSES.iter().any(|o| o.algorithms.contains(&Brin) && o.native.contains(&n)),
            None => matches!(
                f.scalar,
                Some(S::Int | S::BigInt | S::Float | S::Decimal | S::Bytes | S::String | S::DateTime)
            ),
        },
        _ => true,
    }
}

/// Checks one index field; returns the message (without the attribute prefix) of the first problem.
pub fn check(algo: IndexAlgorithm, ops: Option<&Expression>, f: &FieldInfo<'_>) -> Option<String> {
    if matches!(algo, IndexAlgorithm::BTree | IndexAlgorithm::Hash) {
        return None;
    }
    let opclass = match ops {
        None => None,
        // `raw("...")` is not checked.
        Some(Expression::Function(..)) => return None,
        Some(Expression::Constant(name, _)) => match OPCLASSES.iter().find(|o| o.name == name) {
            Some(o) => Some(o),
            None => return None,
        },
        Some(_) => return None,
    };
    let algo_name = algo.name();
    let name = f.name;
    match opclass {
        Some(o) => {
            if !o.algorithms.contains(&algo) {
                return Some(format!(
                    "The given operator class `{}` is not supported with the `{algo_name}` index type.",
                    display(o.name)
                ));
            }
            if o.name == "ArrayOps" {
                return (!f.is_list).then(|| {
                    format!("The given operator class `ArrayOps` expects the type of field `{name}` to be an array.")
                });
            }
            match f.native {
                Some(n) if o.native.contains(&n) => None,
                Some(n) => Some(format!(
                    "The given operator class `{}` does not support native type `{n}` of field `{name}`.",
                    display(o.name)
                )),
                None => match o.default_scalar {
                    Some(s) if f.scalar == Some(s) => None,
                    Some(s) => Some(format!(
                        "The given operator class `{}` points to the field `{name}` that is not of {} type.",
                        display(o.name),
                        s.name()
                    )),
                    None => Some(format!(
                        "The given operator class `{}` expects the field `{name}` to define a valid native type.",
                        display(o.name)
                    )),
                },
            }
        }
        None => {
            if has_default(algo, f) {
                None
            } else if let Some(n) = f.native {
                Some(format!("The {algo_name} index field type `{n}` has no default operator class."))
            } else {
                Some(format!("The {algo_name} index type does not support the type of the field `{name}`."))
            }
        }
    }
}
