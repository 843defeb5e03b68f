//! Native types (`@db.VarChar(255)`): their definitions per connector and the parsing of an
//! attribute into a [`NativeTypeInstance`], with Prisma's messages.

use super::{Connector, ScalarType};

/// The arguments a native type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NativeTypeArgs {
    NoArgs,
    /// Exactly one nonnegative integer (`VarChar(191)` on MySQL).
    OneInt,
    /// At most one nonnegative integer (`Timestamp(3)`).
    OptionalInt,
    /// Nothing, or precision and scale (`Decimal(10, 2)`).
    OptionalPrecisionScale,
    /// Nothing, or an integer or `Max` (SQL Server `VarChar(Max)`).
    OptionalIntOrMax,
}

impl NativeTypeArgs {
    pub fn required(self) -> usize {
        match self {
            NativeTypeArgs::OneInt => 1,
            _ => 0,
        }
    }

    pub fn optional(self) -> usize {
        match self {
            NativeTypeArgs::OptionalInt | NativeTypeArgs::OptionalIntOrMax => 1,
            NativeTypeArgs::OptionalPrecisionScale => 2,
            _ => 0,
        }
    }

    fn description(self) -> &'static str {
        match self {
            NativeTypeArgs::NoArgs => "",
            NativeTypeArgs::OneInt | NativeTypeArgs::OptionalInt => "a nonnegative integer",
            NativeTypeArgs::OptionalPrecisionScale => "two nonnegative integers",
            NativeTypeArgs::OptionalIntOrMax => "an integer or `Max`",
        }
    }
}

/// One native type of a connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativeTypeDef {
    pub name: &'static str,
    pub args: NativeTypeArgs,
    /// The Prisma scalar types it may be used on.
    pub scalar_types: &'static [ScalarType],
}

/// Shorthand for the connector tables.
pub(super) const fn nt(name: &'static str, args: NativeTypeArgs, scalar_types: &'static [ScalarType]) -> NativeTypeDef {
    NativeTypeDef { name, args, scalar_types }
}

/// A parsed `@db.X(args)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeTypeInstance {
    pub def: &'static NativeTypeDef,
    /// Integer arguments (`None` for `Max`).
    pub args: Vec<Option<u32>>,
}

impl NativeTypeInstance {
    pub fn name(&self) -> &'static str {
        self.def.name
    }
}

/// Why a native type attribute could not be read; `message` is Prisma's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeTypeError {
    pub message: String,
    /// The name and the number of arguments were right, a value was not. Prisma checks the field's
    /// type against the native type before it reads the values.
    pub bad_value: bool,
}

fn err(message: String) -> Result<NativeTypeInstance, NativeTypeError> {
    Err(NativeTypeError { message, bad_value: false })
}

fn bad_value(message: String) -> Result<NativeTypeInstance, NativeTypeError> {
    Err(NativeTypeError { message, bad_value: true })
}

/// Parses a native type by name and raw arguments (as written, e.g. `["10", "2"]`), checking the
/// name, the number of arguments and their values. Does not check the field's scalar type.
pub fn parse_native_type(
    connector: &'static Connector,
    name: &str,
    args: &[impl AsRef<str>],
) -> Result<NativeTypeInstance, NativeTypeError> {
    let Some(def) = connector.native_type(name) else {
        let provider = connector.provider.map_or("empty", |p| p.name());
        return err(format!("Native type {name} is not supported for {provider} connector."));
    };
    let (required, optional) = (def.args.required(), def.args.optional());
    let n = args.len();
    if optional == 0 && n != required {
        // Prisma's wording for types whose arguments are all required (or that take none).
        return err(format!("Function \"{name}\" takes {required} arguments, but received {n}."));
    }
    if optional > 0 && n > optional {
        return err(format!("Native type {name} takes {optional} optional arguments, but received {n}."));
    }
    let rendered = || format!("({})", args.iter().map(AsRef::as_ref).collect::<Vec<&str>>().join(", "));
    let mut values = Vec::with_capacity(n);
    match def.args {
        NativeTypeArgs::NoArgs => {}
        NativeTypeArgs::OneInt | NativeTypeArgs::OptionalInt | NativeTypeArgs::OptionalPrecisionScale => {
            if def.args == NativeTypeArgs::OptionalPrecisionScale && n == 1 {
                return bad_value(format!("Expected {}, but found {}.", def.args.description(), rendered()));
            }
            for a in args {
                match a.as_ref().trim().parse::<u32>() {
                    Ok(v) => values.push(Some(v)),
                    Err(_) => {
                        return bad_value(format!("Expected {}, but found {}.", def.args.description(), rendered()))
                    }
                }
            }
        }
        NativeTypeArgs::OptionalIntOrMax => {
            for a in args {
                if a.as_ref().trim().eq_ignore_ascii_case("max") {
                    values.push(None);
                } else {
                    match a.as_ref().trim().parse::<u16>() {
                        Ok(v) => values.push(Some(u32::from(v))),
                        Err(_) => {
                            return bad_value(format!("Expected {}, but found {}.", def.args.description(), rendered()))
                        }
                    }
                }
            }
        }
    }
    Ok(NativeTypeInstance { def, args: values })
}

/// Connector-specific checks on a parsed native type's arguments (ranges, scale vs precision).
pub fn check_arguments(connector: &Connector, instance: &NativeTypeInstance) -> Option<String> {
    let db = connector.display_name;
    let name = instance.name();
    let first = instance.args.first().copied().flatten();
    match (connector.provider, name) {
        (_, "Decimal") => {
            if let (Some(Some(p)), Some(Some(s))) = (instance.args.first(), instance.args.get(1)) {
                if matches!(connector.provider, Some(super::Provider::Postgres | super::Provider::CockroachDb))
                    && !(1..=1000).contains(p)
                {
                    return Some(format!("Argument M is out of range for native type `Decimal({p},{s})` of {db}: Precision must be positive with a maximum value of 1000."));
                }
                if connector.provider == Some(super::Provider::SqlServer) && !(1..=38).contains(p) {
                    return Some(format!("Argument M is out of range for native type `Decimal({p},{s})` of {db}: Precision can range from 1 to 38."));
                }
                if s > p {
                    return Some(format!(
                        "The scale must not be larger than the precision for the Decimal({p},{s}) native type in {db}."
                    ));
                }
                if connector.provider == Some(super::Provider::Mysql) && *p > 65 {
                    return Some(format!("Argument M is out of range for native type `Decimal({p},{s})` of {db}: Precision can range from 1 to 65."));
                }
                if connector.provider == Some(super::Provider::Mysql) && *s > 30 {
                    return Some(format!("Argument M is out of range for native type `Decimal({p},{s})` of {db}: Scale can range from 0 to 30."));
                }
            }
            None
        }
        (
            Some(super::Provider::Postgres) | Some(super::Provider::CockroachDb),
            "Timestamp" | "Timestamptz" | "Time" | "Timetz",
        ) => match first {
            Some(p) if p > 6 => Some(format!(
                "Argument M is out of range for native type `{name}({p})` of {db}: M can range from 0 to 6."
            )),
            _ => None,
        },
        (Some(super::Provider::Mysql), "VarChar" | "Char") => {
            let (longest, shown) = if name == "Char" { (255, "255") } else { (65_535, "65,535") };
            match first {
                Some(n) if n > longest => Some(format!(
                    "Argument M is out of range for native type `{name}({n})` of {db}: M can range from 0 to {shown}."
                )),
                _ => None,
            }
        }
        (Some(super::Provider::Postgres) | Some(super::Provider::CockroachDb), "Bit" | "VarBit") => match first {
            Some(0) => Some(format!(
                "Argument M is out of range for native type `{name}(0)` of {db}: M must be a positive integer."
            )),
            _ => None,
        },
        (Some(super::Provider::Mysql), "Bit") => match first {
            Some(p) if p == 0 || p > 64 => Some(format!(
                "Argument M is out of range for native type `Bit({p})` of {db}: M can range from 1 to 64."
            )),
            _ => None,
        },
        (Some(super::Provider::SqlServer), "Char" | "NChar" | "VarChar" | "NVarChar" | "Binary" | "VarBinary") => {
            let longest = if name.starts_with('N') { 4000 } else { 8000 };
            let max_variant = if name.contains("Var") { " For larger sizes, use the `Max` variant." } else { "" };
            match first {
                Some(n) if n > longest => Some(format!(
                    "Argument M is out of range for native type `{name}({n})` of {db}: Length can range from 1 to {longest}.{max_variant}"
                )),
                _ => None,
            }
        }
        (Some(super::Provider::SqlServer), "Float") => match first {
            Some(p) if p == 0 || p > 53 => Some(format!(
                "Argument M is out of range for native type `Float({p})` of {db}: Bits can range from 1 to 53."
            )),
            _ => None,
        },
        _ => None,
    }
}
