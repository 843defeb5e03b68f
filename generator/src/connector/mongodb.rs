//! MongoDB (minimal: MongoDB-only rules are out of scope).

use super::native_types::{nt, NativeTypeArgs::*, NativeTypeDef};
use super::{Capability::*, Connector, Provider, ReferentialAction::*, RelationMode, ScalarType::*};

static NATIVE_TYPES: &[NativeTypeDef] = &[
    nt("String", NoArgs, &[String]),
    nt("Double", NoArgs, &[Float]),
    nt("BinData", NoArgs, &[Bytes]),
    nt("ObjectId", NoArgs, &[String, Bytes]),
    nt("Bool", NoArgs, &[Boolean]),
    nt("Date", NoArgs, &[DateTime]),
    nt("Timestamp", NoArgs, &[DateTime]),
    nt("Int", NoArgs, &[Int]),
    nt("Long", NoArgs, &[Int, BigInt]),
    nt("Json", NoArgs, &[Json]),
];

pub(super) static CONNECTOR: Connector = Connector {
    provider: Some(Provider::MongoDb),
    display_name: "MongoDB",
    capabilities: &[
        Enums,
        EnumArrays,
        ScalarLists,
        JsonType,
        JsonLists,
        CompositeTypes,
        FullTextIndex,
        TwoWayEmbeddedManyToManyRelation,
        RelationFieldsInArbitraryOrder,
        UndefinedType,
        NativeTypes,
    ],
    native_types: NATIVE_TYPES,
    index_algorithms: &[],
    referential_actions: &[Cascade, Restrict, NoAction, SetNull],
    max_identifier_length: 0,
    relation_modes: &[RelationMode::Prisma],
    constraint_names_global: false,
};
