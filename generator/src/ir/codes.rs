//! Stable diagnostic codes of the resolution passes (E0200-E0499). A code is never reused for a
//! different kind of problem.

// ---- names (E02xx) ----
/// A model, enum or composite type is named like a built-in scalar type (`String`, `Int`...).
pub const RESERVED_SCALAR_NAME: &str = "E0200";
/// Two tops of the same namespace share a name.
pub const DUPLICATE_TOP: &str = "E0201";
/// Two fields of a model, view or composite type share a name (or a database name).
pub const DUPLICATE_FIELD: &str = "E0202";
/// Two values of an enum share a name.
pub const DUPLICATE_ENUM_VALUE: &str = "E0203";
/// An identifier is empty, starts with a digit or contains `-`.
pub const INVALID_IDENTIFIER: &str = "E0204";
/// A model or enum name that the client reserves (`PrismaClient`, JavaScript keywords).
pub const RESERVED_MODEL_NAME: &str = "E0205";
/// The codes of the pass over names, which reports first.
pub const NAMES: &[&str] = &[
    RESERVED_SCALAR_NAME,
    DUPLICATE_TOP,
    DUPLICATE_FIELD,
    DUPLICATE_ENUM_VALUE,
    INVALID_IDENTIFIER,
    RESERVED_MODEL_NAME,
];

// ---- types (E025x) ----
/// A field type that is neither a scalar, nor a model, enum or composite type.
pub const TYPE_NOT_FOUND: &str = "E0250";
/// A composite type field whose type is a model.
pub const RELATION_IN_COMPOSITE_TYPE: &str = "E0251";
/// An enum without values.
pub const EMPTY_ENUM: &str = "E0252";

// ---- attributes (E03xx) ----
/// An attribute that is not known at this position.
pub const UNKNOWN_ATTRIBUTE: &str = "E0300";
/// An attribute that may appear once appears several times.
pub const DUPLICATE_ATTRIBUTE: &str = "E0301";
/// An argument that the attribute does not take.
pub const UNUSED_ARGUMENT: &str = "E0302";
/// The same named argument is given twice.
pub const DUPLICATE_ARGUMENT: &str = "E0303";
/// A required argument is missing.
pub const MISSING_ARGUMENT: &str = "E0304";
/// An argument value of the wrong kind (`Expected a string value, but received ...`).
pub const ARGUMENT_TYPE: &str = "E0305";
/// `name:` without a value, trailing comma, several unnamed arguments.
pub const MALFORMED_ARGUMENTS: &str = "E0306";
/// `@@index`/`@@unique`/`@@id`/`@@fulltext` naming a field the model does not have.
pub const UNKNOWN_INDEX_FIELD: &str = "E0307";
/// `@@index`/`@@unique`/`@@id` naming a relation field.
pub const RELATION_FIELD_IN_INDEX: &str = "E0308";
/// A field listed twice in an index definition.
pub const DUPLICATE_INDEX_FIELD: &str = "E0309";
/// `@relation(fields: [...])` naming an unknown or relation field.
pub const INVALID_RELATION_FIELDS: &str = "E0310";
/// `@relation(references: [...])` naming an unknown or relation field of the related model.
pub const INVALID_RELATION_REFERENCES: &str = "E0311";
/// An invalid `@default` value or function.
pub const INVALID_DEFAULT: &str = "E0312";
/// `@id`/`@@id` problems (several ids, optional id fields...).
pub const INVALID_ID: &str = "E0313";
/// Attributes used where they make no sense (`@relation` on a scalar, `@map` on a relation...).
pub const MISPLACED_ATTRIBUTE: &str = "E0314";
/// An empty string where a name is expected (`map: ""`, `name: ""`).
pub const EMPTY_NAME: &str = "E0315";
/// An invalid argument value of an attribute (sort order, index type, referential action...).
pub const INVALID_ARGUMENT_VALUE: &str = "E0316";
/// `@updatedAt` on a non-DateTime or list field.
pub const INVALID_UPDATED_AT: &str = "E0317";
/// `@ignore` problems.
pub const INVALID_IGNORE: &str = "E0318";
/// A client name (`name:`) with characters outside `_a-zA-Z0-9`.
pub const INVALID_CLIENT_NAME: &str = "E0319";
/// `@shardKey` / `@@shardKey` problems (preview feature, optional or unknown fields...).
pub const SHARD_KEY: &str = "E0320";
/// An argument `sequence()` does not take (CockroachDB): Prisma reports these before every other
/// validation.
pub const SEQUENCE_ARGUMENT: &str = "E0321";

// ---- relations (E04xx) ----
/// A relation field without its opposite field on the related model.
pub const MISSING_OPPOSITE_RELATION: &str = "E0400";
/// Several relations between the same models that cannot be told apart.
pub const AMBIGUOUS_RELATION: &str = "E0401";
/// A one-to-one relation whose referencing fields are not unique.
pub const ONE_TO_ONE_NOT_UNIQUE: &str = "E0402";
/// `fields`/`references` missing, on the wrong side, or on both sides.
pub const RELATION_FIELDS_REFERENCES: &str = "E0403";
/// `fields` and `references` of different lengths.
pub const RELATION_LENGTH_MISMATCH: &str = "E0404";
/// `references` not pointing to a unique criteria of the related model.
pub const REFERENCES_NOT_UNIQUE: &str = "E0405";
/// A required relation field over optional scalar fields, or a required back relation.
pub const RELATION_ARITY: &str = "E0406";
/// Referential actions on the wrong side or on a many-to-many relation.
pub const REFERENTIAL_ACTION_PLACEMENT: &str = "E0407";
/// A relation field pointing to an ignored model without being ignored itself.
pub const RELATION_TO_IGNORED_MODEL: &str = "E0408";
/// Implicit many-to-many relation problems (no single-field id on a side...).
pub const INVALID_MANY_TO_MANY: &str = "E0409";
/// Referencing and referenced scalar fields of different types.
pub const RELATION_FIELD_TYPES: &str = "E0410";
/// A two-way embedded many-to-many relation (lists with `fields` on both sides) outside MongoDB.
pub const EMBEDDED_MANY_TO_MANY: &str = "E0411";
/// A self relation whose referential actions modify its records (SQL Server, emulated relations).
pub const SELF_RELATION_CASCADE: &str = "E0412";
/// Relations whose referential actions form a cycle (SQL Server, emulated relations).
pub const REFERENTIAL_ACTION_CYCLE: &str = "E0413";
/// Referential actions cascading from one model to another through several paths (SQL Server).
pub const MULTIPLE_CASCADE_PATHS: &str = "E0414";
