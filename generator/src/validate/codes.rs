//! Stable codes of the diagnostics reported by configuration reading ([`crate::config`]), the
//! connectors and the validation pipeline. The range E0500-E0899 belongs to these passes:
//!
//! * E0500-E0549: `datasource` blocks;
//! * E0550-E0579: `generator` blocks and preview features;
//! * E0600-E0649: native types and connector capabilities;
//! * E0650-E0699: indexes, primary keys, constraint names;
//! * E0700-E0749: relations;
//! * E0750-E0799: views, multi-schema, enums, models;
//! * W0800-W0899: warnings.
//!
//! A code is never reused for a different kind of problem.

// --- datasource ------------------------------------------------------------------------------
/// A property of a config block without a value (`x =`).
pub const CONFIG_PROPERTY_WITHOUT_VALUE: &str = "E0500";
/// The datasource has no `provider`.
pub const DATASOURCE_PROVIDER_MISSING: &str = "E0501";
/// The `provider` is not a (non-empty) string literal, or uses `env()`.
pub const DATASOURCE_PROVIDER_INVALID: &str = "E0502";
/// The `provider` names no known database.
pub const DATASOURCE_PROVIDER_UNKNOWN: &str = "E0503";
/// A property Prisma does not know in a datasource.
pub const DATASOURCE_PROPERTY_UNKNOWN: &str = "E0504";
/// More than one datasource.
pub const DATASOURCE_MULTIPLE: &str = "E0505";
/// `shadowDatabaseUrl` equals `url` or `directUrl`.
pub const DATASOURCE_SHADOW_SAME_AS_URL: &str = "E0506";
/// Wrong `env()` call, or a non-string where a string (or `env()`) is expected.
pub const CONFIG_VALUE_TYPE: &str = "E0507";
/// `relationMode` / `referentialIntegrity` errors.
pub const DATASOURCE_RELATION_MODE: &str = "E0508";
/// `schemas` errors (empty array, duplicates, not supported).
pub const DATASOURCE_SCHEMAS: &str = "E0509";
/// `extensions` errors (needs the preview feature, bad arguments, bad names).
pub const DATASOURCE_EXTENSIONS: &str = "E0510";
/// `previewFeatures` inside a datasource.
pub const DATASOURCE_PREVIEW_FEATURES: &str = "E0511";
/// The datasource has no `url` where the Prisma version the schema targets requires one.
pub const DATASOURCE_URL_MISSING: &str = "E0512";
/// Two datasources or two generators with the same name.
pub const CONFIG_DUPLICATE_NAME: &str = "E0513";
/// A key given twice in a `datasource` or `generator` block.
pub const CONFIG_DUPLICATE_KEY: &str = "E0514";

// --- generator -------------------------------------------------------------------------------
/// The generator has no `provider`.
pub const GENERATOR_PROVIDER_MISSING: &str = "E0550";
/// A preview feature that does not exist for the datasource's provider (where Prisma rejects it).
pub const PREVIEW_FEATURE_UNKNOWN: &str = "E0551";
/// A generator property with a value of the wrong type (`engineType`, ...).
pub const GENERATOR_PROPERTY_TYPE: &str = "E0552";

// --- native types and capabilities -----------------------------------------------------------
/// `@db.X` with a name the connector does not know.
pub const NATIVE_TYPE_UNKNOWN: &str = "E0600";
/// `@db.X(...)` with the wrong number or kind of arguments.
pub const NATIVE_TYPE_ARGUMENTS: &str = "E0601";
/// `@db.X` on a field whose scalar type it does not apply to.
pub const NATIVE_TYPE_INCOMPATIBLE: &str = "E0602";
/// `@x.Type` where `x` is not the datasource name.
pub const NATIVE_TYPE_PREFIX: &str = "E0603";
/// Connector-specific rules on native types (MySQL `Text` in a unique without length, ...).
pub const NATIVE_TYPE_CONNECTOR_RULE: &str = "E0604";
/// A feature the connector does not support (enums, scalar lists, autoincrement, ...).
pub const CAPABILITY_UNSUPPORTED: &str = "E0605";
/// A preview feature is required for what the schema uses.
pub const PREVIEW_FEATURE_REQUIRED: &str = "E0606";
/// A scalar field of a type or arity the connector lacks (`Decimal`, `Json`, `Json[]`, lists).
pub const SCALAR_FIELD_UNSUPPORTED: &str = "E0607";
/// A `map:` name for a constraint the database cannot name (a default value, a foreign key).
pub const NAMED_CONSTRAINT_UNSUPPORTED: &str = "E0608";

// --- indexes, keys, names --------------------------------------------------------------------
/// An index `type` the connector does not support.
pub const INDEX_TYPE_UNSUPPORTED: &str = "E0650";
/// `length:` where the connector does not support it.
pub const INDEX_LENGTH_UNSUPPORTED: &str = "E0651";
/// `clustered:` where the connector does not support it, or twice in a model.
pub const INDEX_CLUSTERING: &str = "E0652";
/// Operator classes: unknown, wrong index type, wrong field type.
pub const INDEX_OPERATOR_CLASS: &str = "E0653";
/// Index type specific rules (SpGist single column, ...).
pub const INDEX_TYPE_RULE: &str = "E0654";
/// Two constraints with the same database name in one namespace.
pub const CONSTRAINT_NAME_CLASH: &str = "E0655";
/// Two models/views/enums with the same database name.
pub const DATABASE_NAME_CLASH: &str = "E0656";
/// Full-text index rules.
pub const INDEX_FULLTEXT: &str = "E0657";
/// Sort order / hash index rules.
pub const INDEX_SORT: &str = "E0658";
/// Shard key rules.
pub const SHARD_KEY: &str = "E0659";
/// A model without an id or a unique criterion of required fields only.
pub const UNIQUE_CRITERIA: &str = "E0660";
/// Operator classes (`ops:`) on an index that is not an `@@index`.
pub const INDEX_OPERATOR_CLASS_PLACEMENT: &str = "E0661";
/// The client name of `@@id` / `@@unique` (`name:`) is already a field's name.
pub const CLIENT_NAME_CLASH: &str = "E0662";
/// `length:` on a field that is neither `String` nor `Bytes`.
pub const INDEX_LENGTH_FIELD_TYPE: &str = "E0663";
/// Two `@@id` / `@@unique` of a model with the same client name (`name:`).
pub const CLIENT_NAME_DUPLICATE: &str = "E0664";

// --- relations -------------------------------------------------------------------------------
/// A referential action not allowed for the field arity (`SetNull` on required fields), or by
/// MySQL's rules.
pub const REFERENTIAL_ACTION: &str = "E0700";
/// Implicit many-to-many relation rules.
pub const MANY_TO_MANY: &str = "E0701";
/// A foreign key whose database name clashes with another constraint's in its namespace.
pub const FOREIGN_KEY_NAME_CLASH: &str = "E0702";
/// A referential action the connector does not offer in its relation mode (`Invalid referential
/// action`): reported with its model, not among the relation checks.
pub const INVALID_REFERENTIAL_ACTION: &str = "E0703";

// --- views, schemas, enums -------------------------------------------------------------------
/// Views rules (primary keys, unique names, preview feature).
pub const VIEW: &str = "E0750";
/// `@@schema` rules.
pub const MULTI_SCHEMA: &str = "E0751";
/// Enum rules of the connector.
pub const ENUM: &str = "E0752";
/// `@default` function rules of the connector.
pub const DEFAULT_VALUE: &str = "E0753";
/// A `@default` function the connector does not know (`sequence()` outside CockroachDB): Prisma
/// reports these before every other validation.
pub const UNKNOWN_DEFAULT_FUNCTION: &str = "E0754";
/// A primary key on a view.
pub const VIEW_PRIMARY_KEY: &str = "E0755";

// --- warnings --------------------------------------------------------------------------------
/// A preview feature that is deprecated, stabilized, renamed or removed.
pub const W_PREVIEW_FEATURE: &str = "W0800";
/// `referentialIntegrity` is deprecated.
pub const W_REFERENTIAL_INTEGRITY: &str = "W0801";
/// Named arguments to `env()`.
pub const W_ENV_NAMED_ARGUMENT: &str = "W0802";
/// A relation scalar field without an index under `relationMode = "prisma"`.
pub const W_MISSING_RELATION_INDEX: &str = "W0803";
/// A referential action the database does not really support (MySQL `SetDefault`, ...).
pub const W_REFERENTIAL_ACTION: &str = "W0804";
/// A preview feature unknown to schemagen (Prisma rejects it; we warn).
pub const W_PREVIEW_FEATURE_UNKNOWN: &str = "W0805";
