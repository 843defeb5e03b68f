//! SQLite.

use super::{Capability::*, Connector, Provider, ReferentialAction::*, RelationMode};

pub(super) static CONNECTOR: Connector = Connector {
    provider: Some(Provider::Sqlite),
    display_name: "sqlite",
    capabilities: &[
        Enums,
        JsonType,
        AutoIncrement,
        CompoundIds,
        AnyId,
        DecimalType,
        ImplicitManyToManyRelation,
        RelationFieldsInArbitraryOrder,
    ],
    native_types: &[],
    index_algorithms: &[],
    referential_actions: &[Cascade, Restrict, NoAction, SetNull, SetDefault],
    max_identifier_length: 10000,
    relation_modes: &[RelationMode::ForeignKeys, RelationMode::Prisma],
    constraint_names_global: true,
};
