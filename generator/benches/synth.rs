//! Synthetic schemas of any size, for benchmarks (shared by the `frontend` bench and the
//! `synth_schema` example, which writes one to stdout).
//!
//! Each model has a dozen scalar fields of every kind, an enum field, a 1:n relation to the previous
//! model, compound indexes and a unique constraint: roughly what a real production model looks like.

use std::fmt::Write;

/// A PostgreSQL schema with `models` models and `models / 10 + 1` enums.
pub fn synthetic_schema(models: usize) -> String {
    let mut out = String::with_capacity(models * 700);
    out.push_str(
        "datasource db {\n  provider = \"postgresql\"\n}\n\ngenerator client {\n  provider = \"schemagen\"\n}\n",
    );
    let enums = models / 10 + 1;
    for e in 0..enums {
        let _ = write!(out, "\nenum Status{e} {{\n  ACTIVE\n  PAUSED\n  ARCHIVED @map(\"archived\")\n}}\n");
    }
    for m in 0..models {
        let _ = write!(
            out,
            "\n/// Synthetic model number {m}.\nmodel Model{m} {{\n  id        String   @id @default(cuid())\n  name      String   @db.VarChar(200)\n  slug      String   @unique\n  count     Int      @default(0)\n  big       BigInt?\n  ratio     Float?\n  price     Decimal  @default(0) @db.Decimal(10, 2)\n  active    Boolean  @default(true)\n  payload   Json?\n  blob      Bytes?\n  status    Status{} @default(ACTIVE)\n  createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n",
            m % enums
        );
        if m > 0 {
            let p = m - 1;
            let _ = write!(
                out,
                "  parentId  String?\n  parent    Model{p}? @relation(fields: [parentId], references: [id], onDelete: SetNull)\n"
            );
        }
        if m + 1 < models {
            let _ = writeln!(out, "  children  Model{}[]", m + 1);
        }
        out.push_str("\n  @@unique([name, count])\n  @@index([createdAt(sort: Desc)])\n");
        if m > 0 {
            out.push_str("  @@index([parentId])\n");
        }
        let _ = writeln!(out, "  @@map(\"model_{m}\")\n}}");
    }
    out
}
