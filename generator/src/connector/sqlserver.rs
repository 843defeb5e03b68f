//! Microsoft SQL Server.

use super::native_types::{nt, NativeTypeArgs::*, NativeTypeDef};
use super::{Capability::*, Connector, Provider, ReferentialAction::*, RelationMode, ScalarType::*};

/// See [`super::sqlserver_heap_type`].
pub(super) fn heap_type<S: AsRef<str>>(name: &str, args: &[S]) -> Option<std::string::String> {
    let max = matches!(args, [a] if a.as_ref() == "Max");
    match name {
        "Text" | "NText" | "Image" | "Xml" if args.is_empty() => Some(name.to_string()),
        "VarChar" | "NVarChar" | "VarBinary" if max => Some(format!("{name}(Max)")),
        _ => None,
    }
}

static NATIVE_TYPES: &[NativeTypeDef] = &[
    nt("TinyInt", NoArgs, &[Int]),
    nt("SmallInt", NoArgs, &[Int]),
    nt("Int", NoArgs, &[Int]),
    nt("BigInt", NoArgs, &[BigInt]),
    nt("Decimal", OptionalPrecisionScale, &[Decimal]),
    nt("Money", NoArgs, &[Float]),
    nt("SmallMoney", NoArgs, &[Float]),
    nt("Bit", NoArgs, &[Boolean, Int]),
    nt("Float", OptionalInt, &[Float]),
    nt("Real", NoArgs, &[Float]),
    nt("Date", NoArgs, &[DateTime]),
    nt("Time", NoArgs, &[DateTime]),
    nt("DateTime", NoArgs, &[DateTime]),
    nt("DateTime2", NoArgs, &[DateTime]),
    nt("DateTimeOffset", NoArgs, &[DateTime]),
    nt("SmallDateTime", NoArgs, &[DateTime]),
    nt("Char", OptionalInt, &[String]),
    nt("NChar", OptionalInt, &[String]),
    nt("VarChar", OptionalIntOrMax, &[String]),
    nt("Text", NoArgs, &[String]),
    nt("NVarChar", OptionalIntOrMax, &[String]),
    nt("NText", NoArgs, &[String]),
    nt("Binary", OptionalInt, &[Bytes]),
    nt("VarBinary", OptionalIntOrMax, &[Bytes]),
    nt("Image", NoArgs, &[Bytes]),
    nt("Xml", NoArgs, &[String]),
    nt("UniqueIdentifier", NoArgs, &[String]),
];

pub(super) static CONNECTOR: Connector = Connector {
    provider: Some(Provider::SqlServer),
    display_name: "SQL Server",
    capabilities: &[
        AutoIncrement,
        AutoIncrementAllowedOnNonId,
        AutoIncrementNonIndexedAllowed,
        AutoIncrementMultipleAllowed,
        NamedPrimaryKeys,
        NamedForeignKeys,
        NamedDefaultValues,
        MultiSchema,
        CompoundIds,
        AnyId,
        DecimalType,
        ImplicitManyToManyRelation,
        ClusteringSetting,
        PrimaryKeySortOrderDefinition,
        UniqueConstraintSortOrder,
        NativeUpsert,
        NativeTypes,
        ReferenceCycleDetection,
    ],
    native_types: NATIVE_TYPES,
    index_algorithms: &[],
    referential_actions: &[Cascade, NoAction, SetNull, SetDefault],
    max_identifier_length: 128,
    relation_modes: &[RelationMode::ForeignKeys, RelationMode::Prisma],
    constraint_names_global: true,
};
