//! The IR as Prisma's DMMF datamodel JSON (normalized like `oracle dmmf`).

use crate::ir::Schema;

/// Renders the DMMF datamodel. (Placeholder.)
pub fn to_dmmf(_schema: &Schema) -> serde_json::Value {
    serde_json::json!({ "models": [], "enums": [], "types": [] })
}
