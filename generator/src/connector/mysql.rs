//! MySQL (and MariaDB, PlanetScale, Vitess).

use super::native_types::{nt, NativeTypeArgs::*, NativeTypeDef};
use super::{Capability::*, Connector, Provider, ReferentialAction::*, RelationMode, ScalarType::*};

static NATIVE_TYPES: &[NativeTypeDef] = &[
    nt("Int", NoArgs, &[Int]),
    nt("UnsignedInt", NoArgs, &[Int]),
    nt("SmallInt", NoArgs, &[Int]),
    nt("UnsignedSmallInt", NoArgs, &[Int]),
    nt("TinyInt", NoArgs, &[Boolean, Int]),
    nt("UnsignedTinyInt", NoArgs, &[Boolean, Int]),
    nt("MediumInt", NoArgs, &[Int]),
    nt("UnsignedMediumInt", NoArgs, &[Int]),
    nt("BigInt", NoArgs, &[BigInt]),
    nt("Decimal", OptionalPrecisionScale, &[Decimal]),
    nt("UnsignedBigInt", NoArgs, &[BigInt]),
    nt("Float", NoArgs, &[Float]),
    nt("Double", NoArgs, &[Float]),
    nt("Bit", OneInt, &[Boolean, Bytes]),
    nt("Char", OneInt, &[String]),
    nt("VarChar", OneInt, &[String]),
    nt("Binary", OneInt, &[Bytes]),
    nt("VarBinary", OneInt, &[Bytes]),
    nt("TinyBlob", NoArgs, &[Bytes]),
    nt("Blob", NoArgs, &[Bytes]),
    nt("MediumBlob", NoArgs, &[Bytes]),
    nt("LongBlob", NoArgs, &[Bytes]),
    nt("TinyText", NoArgs, &[String]),
    nt("Text", NoArgs, &[String]),
    nt("MediumText", NoArgs, &[String]),
    nt("LongText", NoArgs, &[String]),
    nt("Date", NoArgs, &[DateTime]),
    nt("Time", OptionalInt, &[DateTime]),
    nt("DateTime", OptionalInt, &[DateTime]),
    nt("Timestamp", OptionalInt, &[DateTime]),
    nt("Year", NoArgs, &[Int]),
    nt("Json", NoArgs, &[Json]),
];

/// Native types MySQL cannot index, unique or use as a key without a `length` prefix.
pub(crate) const NEEDS_LENGTH_IN_INDEX: &[&str] =
    &["Text", "TinyText", "MediumText", "LongText", "Blob", "TinyBlob", "MediumBlob", "LongBlob"];

pub(super) static CONNECTOR: Connector = Connector {
    provider: Some(Provider::Mysql),
    display_name: "MySQL",
    capabilities: &[
        Enums,
        JsonType,
        AutoIncrement,
        AutoIncrementAllowedOnNonId,
        NamedForeignKeys,
        CompoundIds,
        AnyId,
        AdvancedJsonNullability,
        DecimalType,
        ImplicitManyToManyRelation,
        RelationFieldsInArbitraryOrder,
        IndexColumnLengthPrefixing,
        FullTextIndex,
        UniqueConstraintSortOrder,
        NativeTypes,
    ],
    native_types: NATIVE_TYPES,
    index_algorithms: &[],
    referential_actions: &[Cascade, Restrict, NoAction, SetNull, SetDefault],
    max_identifier_length: 64,
    relation_modes: &[RelationMode::ForeignKeys, RelationMode::Prisma],
    constraint_names_global: false,
};
