//! `migrate diff` between two schemas, `migrate dev`, `migrate deploy/status`, on real databases.
//!
//! 1. A table of (old schema, new schema) pairs, each run on SQLite (a file) and PostgreSQL
//!    (`DATABASE_URL`, a fresh database per case): the old schema's database is created with our
//!    `--from-empty` SQL and rows are inserted; our diff SQL is applied through the runner
//!    (`schemagen-runtime`, as `migrate deploy` does); then Prisma (`oracle ddl --from-db URL NEW`)
//!    must find nothing left to do, and the rows that should survive are still there (values
//!    compared).
//! 2. `migrate dev` refuses every destructive kind without `--accept-data-loss` and writes nothing;
//!    `--rename` keeps data; "Already in sync"; SQLite history written by Prisma (no snapshot) is
//!    replayed.
//! 3. `migrate deploy` + `migrate status` through the CLI on SQLite.
//!
//! Without `DATABASE_URL` the PostgreSQL part is skipped with a message, unless `CI` is set: then
//! it fails. Locally: `../shared/oracle/oracle pg-start /tmp/diff-pg 54331`.

use std::path::{Path, PathBuf};
use std::process::Command;

use schemagen::connector::Provider;
use schemagen::loader::load_schema;
use schemagen::migrate::{self, Renames};
use schemagen::validate_schema;

mod common;
use common::{postgres_url, with_database};

const ORACLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/oracle/oracle");
const BIN: &str = env!("CARGO_BIN_EXE_schemagen");
const EMPTY: &str = "-- This is an empty migration.";

/// Which databases a case runs on.
#[derive(Clone, Copy, PartialEq)]
enum On {
    Both,
    Pg,
}

struct Case {
    name: &'static str,
    on: On,
    old: &'static str,
    new: &'static str,
    renames: &'static [&'static str],
    /// Inserted into the old database.
    seed: &'static [&'static str],
    /// (query returning one column, expected rows joined by `,`) on the new database.
    checks: &'static [(&'static str, &'static str)],
}

const USER: &str = "model User {\n  id   Int    @id\n  name String\n}\n";
const SEED_USER_SQL: &str = r#"INSERT INTO "User" ("id", "name") VALUES (1, 'ann'), (2, 'bob')"#;
const SEED_USERS: &[&str] = &[SEED_USER_SQL];
const NAMES: (&str, &str) = (r#"SELECT "name" FROM "User" ORDER BY "id""#, "ann,bob");

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "add_model",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int    @id\n  name String\n}\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES],
        },
        Case {
            name: "drop_model",
            on: On::Both,
            old: "model User {\n  id   Int    @id\n  name String\n}\nmodel Post {\n  id    Int    @id\n  title String\n}\n",
            new: USER,
            renames: &[],
            seed: &[SEED_USER_SQL, r#"INSERT INTO "Post" ("id", "title") VALUES (1, 't')"#],
            checks: &[NAMES],
        },
        Case {
            name: "add_optional_field",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int    @id\n  name String\n  bio  String?\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES, (r#"SELECT COALESCE("bio", 'null') FROM "User" ORDER BY "id""#, "null,null")],
        },
        Case {
            name: "add_required_field_with_default",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int    @id\n  name String\n  age  Int    @default(7)\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES, (r#"SELECT CAST("age" AS TEXT) FROM "User" ORDER BY "id""#, "7,7")],
        },
        Case {
            name: "drop_field",
            on: On::Both,
            old: "model User {\n  id   Int    @id\n  name String\n  bio  String?\n}\n",
            new: USER,
            renames: &[],
            seed: &[r#"INSERT INTO "User" ("id", "name", "bio") VALUES (1, 'ann', 'x'), (2, 'bob', NULL)"#],
            checks: &[NAMES],
        },
        Case {
            name: "rename_field",
            on: On::Both,
            old: USER,
            new: "model User {\n  id       Int    @id\n  fullName String\n}\n",
            renames: &["User.name=fullName"],
            seed: SEED_USERS,
            checks: &[(r#"SELECT "fullName" FROM "User" ORDER BY "id""#, "ann,bob")],
        },
        Case {
            name: "rename_field_by_map",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int    @id\n  name String @map(\"full_name\")\n}\n",
            renames: &["User.name=full_name"],
            seed: SEED_USERS,
            checks: &[(r#"SELECT "full_name" FROM "User" ORDER BY "id""#, "ann,bob")],
        },
        Case {
            name: "rename_field_with_other_changes",
            on: On::Both,
            old: "model User {\n  id   Int    @id\n  name String\n  bio  String?\n}\n",
            new: "model User {\n  id    Int    @id\n  label String\n  bio   String @default(\"-\")\n}\n",
            renames: &["User.name=label"],
            seed: &[r#"INSERT INTO "User" ("id", "name", "bio") VALUES (1, 'ann', 'x'), (2, 'bob', 'y')"#],
            checks: &[(r#"SELECT "label" || "bio" FROM "User" ORDER BY "id""#, "annx,boby")],
        },
        Case {
            name: "type_int_to_bigint",
            on: On::Both,
            old: "model T {\n  id Int @id\n  n  Int\n}\n",
            new: "model T {\n  id Int    @id\n  n  BigInt\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "n") VALUES (1, 42), (2, -5)"#],
            checks: &[(r#"SELECT CAST("n" AS TEXT) FROM "T" ORDER BY "id""#, "42,-5")],
        },
        Case {
            name: "type_int_to_float",
            on: On::Both,
            old: "model T {\n  id Int @id\n  n  Int\n}\n",
            new: "model T {\n  id Int   @id\n  n  Float\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "n") VALUES (1, 42)"#],
            checks: &[(r#"SELECT CAST(CAST("n" AS INTEGER) AS TEXT) FROM "T" ORDER BY "id""#, "42")],
        },
        Case {
            name: "type_int_to_string",
            on: On::Both,
            old: "model T {\n  id Int @id\n  n  Int\n}\n",
            new: "model T {\n  id Int    @id\n  n  String\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "n") VALUES (1, 42)"#],
            checks: &[(r#"SELECT "n" FROM "T" ORDER BY "id""#, "42")],
        },
        Case {
            name: "type_varchar_widen",
            on: On::Pg,
            old: "model T {\n  id Int    @id\n  s  String @db.VarChar(10)\n}\n",
            new: "model T {\n  id Int    @id\n  s  String @db.VarChar(50)\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'abc')"#],
            checks: &[(r#"SELECT "s" FROM "T""#, "abc")],
        },
        Case {
            name: "type_decimal_precision",
            on: On::Pg,
            old: "model T {\n  id Int     @id\n  d  Decimal @db.Decimal(10, 2)\n}\n",
            new: "model T {\n  id Int     @id\n  d  Decimal @db.Decimal(12, 4)\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "d") VALUES (1, 12.34)"#],
            checks: &[(r#"SELECT CAST("d" AS TEXT) FROM "T""#, "12.3400")],
        },
        Case {
            name: "nullable_to_required_with_default",
            on: On::Both,
            old: "model T {\n  id Int     @id\n  s  String?\n}\n",
            new: "model T {\n  id Int    @id\n  s  String @default(\"z\")\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'a'), (2, 'b')"#],
            checks: &[(r#"SELECT "s" FROM "T" ORDER BY "id""#, "a,b")],
        },
        Case {
            name: "required_to_nullable",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int     @id\n  name String?\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES],
        },
        Case {
            name: "add_default",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int    @id\n  name String @default(\"anon\")\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES],
        },
        Case {
            name: "change_default",
            on: On::Both,
            old: "model T {\n  id Int @id\n  n  Int @default(1)\n}\n",
            new: "model T {\n  id Int @id\n  n  Int @default(2)\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id") VALUES (1)"#],
            checks: &[(r#"SELECT CAST("n" AS TEXT) FROM "T""#, "1")],
        },
        Case {
            name: "drop_default",
            on: On::Both,
            old: "model T {\n  id Int      @id\n  at DateTime @default(now())\n}\n",
            new: "model T {\n  id Int      @id\n  at DateTime\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id") VALUES (1)"#],
            checks: &[(r#"SELECT CAST(COUNT(*) AS TEXT) FROM "T" WHERE "at" IS NOT NULL"#, "1")],
        },
        Case {
            name: "scalar_to_list",
            on: On::Pg,
            old: "model T {\n  id   Int    @id\n  name String\n  tag  String\n}\n",
            new: "model T {\n  id   Int      @id\n  name String\n  tag  String[]\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "name", "tag") VALUES (1, 'a', 'x')"#],
            checks: &[(r#"SELECT "name" FROM "T""#, "a")],
        },
        Case {
            name: "add_list_field",
            on: On::Pg,
            old: USER,
            new: "model User {\n  id   Int      @id\n  name String\n  tags String[] @default([\"a\"])\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES],
        },
        Case {
            name: "compound_id",
            on: On::Both,
            old: "model T {\n  a Int @id\n  b Int\n  s String\n}\n",
            new: "model T {\n  a Int\n  b Int\n  s String\n  @@id([a, b])\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("a", "b", "s") VALUES (1, 1, 'x'), (2, 1, 'y')"#],
            checks: &[(r#"SELECT "s" FROM "T" ORDER BY "a""#, "x,y")],
        },
        Case {
            name: "change_id_field",
            on: On::Both,
            old: "model T {\n  a Int    @id\n  b String @unique\n}\n",
            new: "model T {\n  a Int    @unique\n  b String @id\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("a", "b") VALUES (1, 'x'), (2, 'y')"#],
            checks: &[(r#"SELECT "b" FROM "T" ORDER BY "a""#, "x,y")],
        },
        Case {
            name: "add_unique",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  s  String\n}\n",
            new: "model T {\n  id Int    @id\n  s  String @unique\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'a'), (2, 'b')"#],
            checks: &[(r#"SELECT "s" FROM "T" ORDER BY "id""#, "a,b")],
        },
        Case {
            name: "drop_unique",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  s  String @unique\n}\n",
            new: "model T {\n  id Int    @id\n  s  String\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'a'), (2, 'b')"#],
            checks: &[(r#"SELECT "s" FROM "T" ORDER BY "id""#, "a,b")],
        },
        Case {
            name: "compound_unique",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  a  String\n  b  String\n}\n",
            new: "model T {\n  id Int    @id\n  a  String\n  b  String\n  @@unique([a, b])\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "a", "b") VALUES (1, 'a', 'b')"#],
            checks: &[(r#"SELECT "a" || "b" FROM "T""#, "ab")],
        },
        Case {
            name: "add_index",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  s  String\n}\n",
            new: "model T {\n  id Int    @id\n  s  String\n  @@index([s])\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'a')"#],
            checks: &[(r#"SELECT "s" FROM "T""#, "a")],
        },
        Case {
            name: "drop_index",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  s  String\n  @@index([s])\n}\n",
            new: "model T {\n  id Int    @id\n  s  String\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'a')"#],
            checks: &[(r#"SELECT "s" FROM "T""#, "a")],
        },
        Case {
            name: "index_compound_sort",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  a  String\n  b  Int\n  @@index([a])\n}\n",
            new: "model T {\n  id Int    @id\n  a  String\n  b  Int\n  @@index([a, b(sort: Desc)])\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "a", "b") VALUES (1, 'a', 2)"#],
            checks: &[(r#"SELECT "a" FROM "T""#, "a")],
        },
        Case {
            name: "index_type_hash",
            on: On::Pg,
            old: "model T {\n  id Int    @id\n  s  String\n  @@index([s])\n}\n",
            new: "model T {\n  id Int    @id\n  s  String\n  @@index([s], type: Hash)\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s") VALUES (1, 'a')"#],
            checks: &[(r#"SELECT "s" FROM "T""#, "a")],
        },
        Case {
            name: "add_relation",
            on: On::Both,
            old: "model User {\n  id   Int    @id\n  name String\n}\nmodel Post {\n  id Int @id\n}\n",
            new: "model User {\n  id    Int    @id\n  name  String\n  posts Post[]\n}\nmodel Post {\n  id       Int   @id\n  authorId Int?\n  author   User? @relation(fields: [authorId], references: [id])\n}\n",
            renames: &[],
            seed: &[SEED_USER_SQL, r#"INSERT INTO "Post" ("id") VALUES (10), (11)"#],
            checks: &[NAMES, (r#"SELECT CAST("id" AS TEXT) FROM "Post" ORDER BY "id""#, "10,11")],
        },
        Case {
            name: "drop_relation",
            on: On::Both,
            old: "model User {\n  id    Int    @id\n  name  String\n  posts Post[]\n}\nmodel Post {\n  id       Int   @id\n  authorId Int?\n  author   User? @relation(fields: [authorId], references: [id])\n}\n",
            new: "model User {\n  id   Int    @id\n  name String\n}\nmodel Post {\n  id       Int   @id\n  authorId Int?\n}\n",
            renames: &[],
            seed: &[SEED_USER_SQL, r#"INSERT INTO "Post" ("id", "authorId") VALUES (10, 1)"#],
            checks: &[NAMES, (r#"SELECT CAST("authorId" AS TEXT) FROM "Post""#, "1")],
        },
        Case {
            name: "referential_action",
            on: On::Both,
            old: "model User {\n  id    Int    @id\n  name  String\n  posts Post[]\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n",
            new: "model User {\n  id    Int    @id\n  name  String\n  posts Post[]\n}\nmodel Post {\n  id       Int  @id\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n}\n",
            renames: &[],
            seed: &[SEED_USER_SQL, r#"INSERT INTO "Post" ("id", "authorId") VALUES (10, 1), (11, 2)"#],
            checks: &[NAMES, (r#"SELECT CAST("authorId" AS TEXT) FROM "Post" ORDER BY "id""#, "1,2")],
        },
        Case {
            name: "one_to_one",
            on: On::Both,
            old: "model User {\n  id   Int    @id\n  name String\n}\nmodel Profile {\n  id     Int @id\n  userId Int\n}\n",
            new: "model User {\n  id      Int      @id\n  name    String\n  profile Profile?\n}\nmodel Profile {\n  id     Int  @id\n  userId Int  @unique\n  user   User @relation(fields: [userId], references: [id])\n}\n",
            renames: &[],
            seed: &[SEED_USER_SQL, r#"INSERT INTO "Profile" ("id", "userId") VALUES (1, 2)"#],
            checks: &[NAMES, (r#"SELECT CAST("userId" AS TEXT) FROM "Profile""#, "2")],
        },
        Case {
            name: "self_relation",
            on: On::Both,
            old: USER,
            new: "model User {\n  id        Int    @id\n  name      String\n  managerId Int?\n  manager   User?  @relation(\"M\", fields: [managerId], references: [id])\n  reports   User[] @relation(\"M\")\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES],
        },
        Case {
            name: "implicit_m2n_add",
            on: On::Both,
            old: "model Post {\n  id Int @id\n}\nmodel Tag {\n  id Int @id\n}\n",
            new: "model Post {\n  id   Int   @id\n  tags Tag[]\n}\nmodel Tag {\n  id    Int    @id\n  posts Post[]\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "Post" ("id") VALUES (1)"#, r#"INSERT INTO "Tag" ("id") VALUES (2)"#],
            checks: &[(r#"SELECT CAST("id" AS TEXT) FROM "Tag""#, "2")],
        },
        Case {
            name: "implicit_m2n_drop",
            on: On::Both,
            old: "model Post {\n  id   Int   @id\n  tags Tag[]\n}\nmodel Tag {\n  id    Int    @id\n  posts Post[]\n}\n",
            new: "model Post {\n  id Int @id\n}\nmodel Tag {\n  id Int @id\n}\n",
            renames: &[],
            seed: &[
                r#"INSERT INTO "Post" ("id") VALUES (1)"#,
                r#"INSERT INTO "Tag" ("id") VALUES (2)"#,
                r#"INSERT INTO "_PostToTag" ("A", "B") VALUES (1, 2)"#,
            ],
            checks: &[(r#"SELECT CAST("id" AS TEXT) FROM "Post""#, "1")],
        },
        Case {
            name: "map_table_rename",
            on: On::Both,
            old: USER,
            new: "model User {\n  id   Int    @id\n  name String\n  @@map(\"users\")\n}\n",
            renames: &["User=users"],
            seed: SEED_USERS,
            checks: &[(r#"SELECT "name" FROM "users" ORDER BY "id""#, "ann,bob")],
        },
        Case {
            name: "model_rename_with_relation",
            on: On::Both,
            old: "model Author {\n  id    Int    @id @default(autoincrement())\n  name  String\n  posts Post[]\n  @@index([name])\n}\nmodel Post {\n  id       Int    @id\n  authorId Int\n  author   Author @relation(fields: [authorId], references: [id])\n}\n",
            new: "model Writer {\n  id    Int    @id @default(autoincrement())\n  name  String\n  posts Post[]\n  @@index([name])\n}\nmodel Post {\n  id       Int    @id\n  authorId Int\n  author   Writer @relation(fields: [authorId], references: [id])\n}\n",
            renames: &["Author=Writer"],
            seed: &[
                r#"INSERT INTO "Author" ("id", "name") VALUES (1, 'ann')"#,
                r#"INSERT INTO "Post" ("id", "authorId") VALUES (5, 1)"#,
            ],
            checks: &[
                (r#"SELECT "name" FROM "Writer""#, "ann"),
                (r#"SELECT CAST("authorId" AS TEXT) FROM "Post""#, "1"),
            ],
        },
        Case {
            name: "enum_add_value",
            on: On::Both,
            old: "enum Role {\n  A\n  B\n}\nmodel T {\n  id   Int  @id\n  role Role\n}\n",
            new: "enum Role {\n  A\n  B\n  C\n}\nmodel T {\n  id   Int  @id\n  role Role\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "role") VALUES (1, 'A'), (2, 'B')"#],
            checks: &[(r#"SELECT CAST("role" AS TEXT) FROM "T" ORDER BY "id""#, "A,B")],
        },
        Case {
            name: "enum_remove_value",
            on: On::Both,
            old: "enum Role {\n  A\n  B\n  C\n}\nmodel T {\n  id   Int  @id\n  role Role @default(A)\n}\n",
            new: "enum Role {\n  A\n  B\n}\nmodel T {\n  id   Int  @id\n  role Role @default(A)\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "role") VALUES (1, 'A'), (2, 'B')"#],
            checks: &[(r#"SELECT CAST("role" AS TEXT) FROM "T" ORDER BY "id""#, "A,B")],
        },
        Case {
            name: "enum_rename_value",
            on: On::Both,
            old: "enum Role {\n  A\n  B\n}\nmodel T {\n  id   Int  @id\n  role Role\n}\n",
            new: "enum Role {\n  A\n  Bee\n}\nmodel T {\n  id   Int  @id\n  role Role\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "role") VALUES (1, 'A')"#],
            checks: &[(r#"SELECT CAST("role" AS TEXT) FROM "T""#, "A")],
        },
        Case {
            name: "enum_add_field_and_enum",
            on: On::Both,
            old: USER,
            new: "enum Kind {\n  X\n  Y\n}\nmodel User {\n  id   Int    @id\n  name String\n  kind Kind   @default(X)\n}\n",
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES, (r#"SELECT CAST("kind" AS TEXT) FROM "User" ORDER BY "id""#, "X,X")],
        },
        Case {
            name: "enum_drop",
            on: On::Both,
            old: "enum Kind {\n  X\n  Y\n}\nmodel User {\n  id   Int    @id\n  name String\n  kind Kind?\n}\n",
            new: USER,
            renames: &[],
            seed: SEED_USERS,
            checks: &[NAMES],
        },
        Case {
            name: "string_to_enum",
            on: On::Pg,
            old: "model T {\n  id   Int    @id\n  role String\n}\n",
            new: "enum Role {\n  A\n  B\n}\nmodel T {\n  id   Int  @id\n  role Role\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "role") VALUES (1, 'A'), (2, 'B')"#],
            checks: &[(r#"SELECT CAST("role" AS TEXT) FROM "T" ORDER BY "id""#, "A,B")],
        },
        Case {
            name: "many_changes",
            on: On::Both,
            old: "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  name  String?\n  posts Post[]\n  @@index([name])\n}\nmodel Post {\n  id       Int    @id\n  authorId Int\n  author   User   @relation(fields: [authorId], references: [id])\n  title    String\n}\n",
            new: "model User {\n  id    Int     @id @default(autoincrement())\n  email String  @unique\n  name  String  @default(\"?\")\n  posts Post[]\n  tags  Tag[]\n}\nmodel Post {\n  id       Int    @id\n  authorId Int\n  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)\n  title    String\n  body     String @default(\"\")\n}\nmodel Tag {\n  id    Int    @id\n  users User[]\n}\n",
            renames: &[],
            seed: &[
                r#"INSERT INTO "User" ("id", "email", "name") VALUES (1, 'a@x', 'ann'), (2, 'b@x', NULL)"#,
                r#"INSERT INTO "Post" ("id", "authorId", "title") VALUES (1, 1, 'hello')"#,
            ],
            checks: &[
                (r#"SELECT "email" FROM "User" ORDER BY "id""#, "a@x,b@x"),
                (r#"SELECT "title" FROM "Post""#, "hello"),
            ],
        },
        // autoincrement() added/removed (PostgreSQL: a sequence; SQLite: already AUTOINCREMENT).
        Case {
            name: "autoincrement_add",
            on: On::Both,
            old: A_PLAIN,
            new: A_SERIAL,
            renames: &[],
            seed: &[A_SEED_IDS],
            checks: &[A_NAMES, (A_INSERT, "3")],
        },
        Case {
            name: "autoincrement_remove",
            on: On::Both,
            old: A_SERIAL,
            new: A_PLAIN,
            renames: &[],
            seed: &[A_SEED_DEFAULT],
            checks: &[A_NAMES, (A_INSERT_ID_7, "7")],
        },
        Case {
            name: "autoincrement_add_int_to_bigint",
            on: On::Pg,
            old: A_PLAIN,
            new: A_BIG_SERIAL,
            renames: &[],
            seed: &[A_SEED_IDS],
            checks: &[A_NAMES, (A_INSERT, "3")],
        },
        Case {
            name: "autoincrement_remove_bigint_to_int",
            on: On::Both,
            old: A_BIG_SERIAL,
            new: A_PLAIN,
            renames: &[],
            seed: &[A_SEED_IDS],
            checks: &[A_NAMES, (A_INSERT_ID_7, "7")],
        },
        Case {
            name: "autoincrement_kept_int_to_bigint",
            on: On::Pg,
            old: A_SERIAL,
            new: A_BIG_SERIAL,
            renames: &[],
            seed: &[A_SEED_DEFAULT],
            checks: &[
                A_NAMES,
                (A_INSERT, "3"),
                // The SERIAL's sequence follows the column (it would stop at 2^31 - 1).
                ("SELECT data_type FROM information_schema.sequences", "bigint"),
            ],
        },
        Case {
            name: "autoincrement_add_empty_table",
            on: On::Pg,
            old: A_PLAIN,
            new: A_SERIAL,
            renames: &[],
            seed: &[],
            checks: &[(A_INSERT, "1")],
        },
        // Names alone changed: renamed in place (PostgreSQL), index dropped and created (SQLite).
        Case {
            name: "rename_index_map",
            on: On::Both,
            old: "model T {\n  id Int @id\n  b  Int\n  @@index([b])\n}\n",
            new: "model T {\n  id Int @id\n  b  Int\n  @@index([b], map: \"new_b\")\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "b") VALUES (1, 5)"#],
            checks: &[(r#"SELECT CAST("b" AS TEXT) FROM "T""#, "5")],
        },
        Case {
            name: "rename_unique_map",
            on: On::Both,
            old: "model T {\n  id Int    @id\n  s  String @unique\n  a  Int\n  b  Int\n  @@unique([a, b])\n}\n",
            new: "model T {\n  id Int    @id\n  s  String @unique(map: \"t_s\")\n  a  Int\n  b  Int\n  @@unique([a, b], map: \"t_ab\")\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "s", "a", "b") VALUES (1, 'x', 1, 2)"#],
            checks: &[(r#"SELECT "s" FROM "T""#, "x")],
        },
        Case {
            name: "rename_primary_key_map",
            on: On::Pg,
            old: "model T {\n  id Int @id\n  n  Int\n}\nmodel U {\n  a Int\n  b Int\n  @@id([a, b])\n}\n",
            new: "model T {\n  id Int @id(map: \"t_pk\")\n  n  Int\n}\nmodel U {\n  a Int\n  b Int\n  @@id([a, b], map: \"u_pk\")\n}\n",
            renames: &[],
            seed: &[r#"INSERT INTO "T" ("id", "n") VALUES (1, 5)"#],
            checks: &[(r#"SELECT CAST("n" AS TEXT) FROM "T""#, "5")],
        },
        Case {
            name: "rename_foreign_key_map",
            on: On::Pg,
            old: REL_OLD,
            new: "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id], map: \"b_a_fk\")\n}\n",
            renames: &[],
            seed: REL_SEED,
            checks: &[(r#"SELECT CAST("aId" AS TEXT) FROM "B""#, "1")],
        },
        Case {
            name: "renames_with_other_steps",
            on: On::Pg,
            old: "model A {\n  id Int @id\n  b  Int\n  c  Int @unique\n  d  Int\n  bs B[]\n  @@index([b])\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id])\n}\nmodel X {\n  id Int @id\n}\n",
            new: "enum F {\n  P\n}\nmodel A {\n  id Int  @id(map: \"a_pk\")\n  b  Int\n  c  Int  @unique(map: \"a_c\")\n  d  Int  @unique\n  n  Int?\n  f  F?\n  bs B[]\n  cs C[]\n  @@index([b], map: \"new_b\")\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id], map: \"b_a_fk\")\n}\nmodel C {\n  id  Int @id\n  aId Int @unique\n  a   A   @relation(fields: [aId], references: [id])\n}\n",
            renames: &[],
            seed: &[
                r#"INSERT INTO "A" ("id", "b", "c", "d") VALUES (1, 1, 1, 1)"#,
                r#"INSERT INTO "B" ("id", "aId") VALUES (1, 1)"#,
            ],
            checks: &[(r#"SELECT CAST("aId" AS TEXT) FROM "B""#, "1")],
        },
        Case {
            name: "renames_with_other_steps_sqlite",
            on: On::Both,
            old: "model A {\n  id Int @id\n  b  Int\n  c  Int @unique\n  bs B[]\n  @@index([b])\n}\nmodel B {\n  id  Int @id\n  aId Int\n  x   Int\n  a   A   @relation(fields: [aId], references: [id])\n  @@index([x])\n}\n",
            new: "model A {\n  id Int @id\n  b  Int\n  c  Int @unique(map: \"a_c\")\n  bs B[]\n  @@index([b], map: \"new_b\")\n}\nmodel B {\n  id  Int @id\n  aId Int\n  x   Int\n  z   Int @default(1)\n  a   A   @relation(fields: [aId], references: [id])\n  @@index([x], map: \"bx\")\n}\nmodel C {\n  id Int @id\n  q  Int\n  @@index([q])\n}\n",
            renames: &[],
            seed: &[
                r#"INSERT INTO "A" ("id", "b", "c") VALUES (1, 1, 1)"#,
                r#"INSERT INTO "B" ("id", "aId", "x") VALUES (1, 1, 3)"#,
            ],
            checks: &[(r#"SELECT CAST("x" AS TEXT) FROM "B""#, "3")],
        },
        Case {
            // The referenced primary key changes type: foreign key dropped and added around it.
            name: "primary_key_type_change_with_foreign_key",
            on: On::Both,
            old: REL_OLD,
            new: "model A {\n  id BigInt @id\n  bs B[]\n}\nmodel B {\n  id  Int    @id\n  aId BigInt\n  a   A      @relation(fields: [aId], references: [id])\n}\n",
            renames: &[],
            seed: REL_SEED,
            checks: &[(r#"SELECT CAST("aId" AS TEXT) FROM "B""#, "1")],
        },
        Case {
            // A field's @map with --rename: the column is renamed and its default-named index with it.
            name: "map_field_renames_index",
            on: On::Both,
            old: "model T {\n  id Int @id\n  b  Int\n  @@index([b])\n}\n",
            new: "model T {\n  id Int @id\n  b  Int @map(\"bee\")\n  @@index([b])\n}\n",
            renames: &["T.b=bee"],
            seed: &[r#"INSERT INTO "T" ("id", "b") VALUES (1, 5)"#],
            checks: &[(r#"SELECT CAST("bee" AS TEXT) FROM "T""#, "5")],
        },
    ]
}

const A_PLAIN: &str = "model A {\n  id   Int    @id\n  name String\n}\n";
const A_SERIAL: &str = "model A {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n";
const A_BIG_SERIAL: &str = "model A {\n  id   BigInt @id @default(autoincrement())\n  name String\n}\n";
const A_SEED_IDS: &str = r#"INSERT INTO "A" ("id", "name") VALUES (1, 'x'), (2, 'y')"#;
/// Ids from the sequence (the old column is autoincrement).
const A_SEED_DEFAULT: &str = r#"INSERT INTO "A" ("name") VALUES ('x'), ('y')"#;
const A_NAMES: (&str, &str) = (r#"SELECT "name" FROM "A" ORDER BY "id""#, "x,y");
/// A row without id: the sequence must give one above the existing rows.
const A_INSERT: &str = r#"INSERT INTO "A" ("name") VALUES ('z') RETURNING CAST("id" AS TEXT)"#;
const A_INSERT_ID_7: &str = r#"INSERT INTO "A" ("id", "name") VALUES (7, 'z') RETURNING CAST("id" AS TEXT)"#;
const REL_OLD: &str = "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id])\n}\n";
const REL_SEED: &[&str] = &[r#"INSERT INTO "A" ("id") VALUES (1)"#, r#"INSERT INTO "B" ("id", "aId") VALUES (1, 1)"#];

fn datasource(provider: &str) -> String {
    format!("datasource db {{\n  provider = \"{provider}\"\n}}\n\n")
}

fn ir_of(text: &str, dir: &Path, file: &str) -> (PathBuf, schemagen::ir::Schema) {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let files = load_schema(&path).unwrap();
    let v = validate_schema(&files);
    assert!(v.is_valid(), "{file} is invalid: {:?}\n{text}", v.diagnostics.errors.first());
    (path, v.ir)
}

/// One oracle at a time: its first run installs files, and concurrent runs race there.
static ORACLE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn oracle_from_db(url: &str, schema: &Path) -> String {
    let _guard = ORACLE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let out = Command::new(ORACLE).args(["ddl", "--from-db", url]).arg(schema).output().expect("running the oracle");
    let stdout = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
    if stdout.is_empty() {
        return format!("oracle failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    stdout
}

/// Runs one query, rows joined by `,` (NULL as `NULL`).
fn query(url: &str, sql: &str) -> Result<String, String> {
    if let Some(path) = url.strip_prefix("file:") {
        let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
        let mut stmt = conn.prepare(sql).map_err(|e| e.to_string())?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, Option<String>>(0))
            .map_err(|e| e.to_string())?
            .map(|r| r.map(|v| v.unwrap_or("NULL".into())))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        Ok(rows.join(","))
    } else {
        let mut c = postgres::Client::connect(url, postgres::NoTls).map_err(|e| e.to_string())?;
        let rows = c.query(sql, &[]).map_err(|e| e.to_string())?;
        Ok(rows.iter().map(|r| r.get::<_, Option<String>>(0).unwrap_or("NULL".into())).collect::<Vec<_>>().join(","))
    }
}

fn execute(url: &str, sql: &str) -> Result<(), String> {
    if let Some(path) = url.strip_prefix("file:") {
        rusqlite::Connection::open(path).and_then(|c| c.execute_batch(sql)).map_err(|e| e.to_string())
    } else {
        postgres::Client::connect(url, postgres::NoTls)
            .and_then(|mut c| c.batch_execute(sql))
            .map_err(|e| e.to_string())
    }
}

/// Deploys migrations through the runner, as `migrate deploy` does.
fn deploy(url: &str, provider: &str, scripts: &[(&str, &str)]) -> Result<(), String> {
    let migrations =
        schemagen_runtime::Migrations::from_embedded(scripts).map_err(|e| e.to_string())?.with_provider(provider);
    let mut conn = schemagen_runtime::connect(url).map_err(|e| e.to_string())?;
    schemagen_runtime::deploy(&mut conn, &migrations).map(|_| ()).map_err(|e| e.to_string())
}

/// `oracle ddl --from OLD NEW`: Prisma's SQL for the same diff.
fn oracle_diff(old: &Path, new: &Path) -> String {
    let _guard = ORACLE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let out = Command::new(ORACLE).args(["ddl", "--from"]).arg(old).arg(new).output().expect("running the oracle");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The sequences no column owns (left behind when `autoincrement()` is removed).
const ORPHAN_SEQUENCES: &str = "SELECT s.relname::text FROM pg_class s WHERE s.relkind = 'S' AND NOT EXISTS \
     (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid \
     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))";

/// One case on one database: `Ok(byte-identical to Prisma's diff SQL)` or the failure.
fn run_case(case: &Case, provider: Provider, url: &str, dir: &Path) -> Result<bool, String> {
    let pname = provider.name();
    let (old_path, old_ir) = ir_of(&format!("{}{}", datasource(pname), case.old), dir, "old.prisma");
    let (new_path, new_ir) = ir_of(&format!("{}{}", datasource(pname), case.new), dir, "new.prisma");
    let init = migrate::from_empty(&old_ir, None).map_err(|e| e.to_string())?;
    let from = migrate::calculate(&old_ir, provider).map_err(|e| e.to_string())?;
    let to = migrate::calculate(&new_ir, provider).map_err(|e| e.to_string())?;
    let mut renames = Renames::default();
    for r in case.renames {
        renames.add(r).map_err(|e| e.to_string())?;
    }
    let diff = migrate::diff(&from, &to, &renames).map_err(|e| format!("diff: {e}"))?;
    // Enum values are not part of a SQLite database (enums are TEXT there): nothing to do.
    if diff.steps.is_empty() && provider != Provider::Sqlite {
        return Err("the diff is empty".into());
    }
    let script = migrate::SchemaDiff { to, diff }.script();
    deploy(url, pname, &[("0_init", &init)]).map_err(|e| format!("init: {e}"))?;
    for s in case.seed {
        execute(url, s).map_err(|e| format!("seed {s}: {e}"))?;
    }
    deploy(url, pname, &[("0_init", &init), ("1_diff", &script)]).map_err(|e| format!("diff SQL: {e}\n{script}"))?;
    for (q, expected) in case.checks {
        let got = query(url, q).map_err(|e| format!("check {q}: {e}"))?;
        if got != *expected {
            return Err(format!("check {q}: expected {expected:?}, got {got:?}\n{script}"));
        }
    }
    if provider == Provider::Postgres {
        // No sequence left behind: every sequence is owned by a column (SERIAL, or OWNED BY).
        let orphans = query(url, ORPHAN_SEQUENCES).map_err(|e| format!("orphan sequences: {e}"))?;
        if !orphans.is_empty() {
            return Err(format!("sequences owned by no column: {orphans}\n{script}"));
        }
    }
    let verdict = oracle_from_db(url, &new_path);
    if verdict != EMPTY {
        return Err(format!("Prisma would still run:\n{verdict}\nour diff:\n{script}"));
    }
    let prisma = oracle_diff(&old_path, &new_path);
    Ok(prisma == script)
}

#[test]
fn pair_table() {
    let all = cases();
    assert!(all.len() >= 40, "{} cases", all.len());
    let pg = postgres_url("PostgreSQL diffs");
    let tmp = tempfile::tempdir().unwrap();
    // Two workers: the oracle (a Node process per call) dominates the time.
    let jobs: Vec<(usize, Provider)> = all
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let mut v = Vec::new();
            if c.on == On::Both {
                v.push((i, Provider::Sqlite));
            }
            if pg.is_some() {
                v.push((i, Provider::Postgres));
            }
            v
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let j = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(&(i, provider)) = jobs.get(j) else { break };
                let case = &all[i];
                let dir = tmp.path().join(format!("{}-{}", case.name, provider.name()));
                std::fs::create_dir_all(&dir).unwrap();
                let result = if provider == Provider::Sqlite {
                    let url = format!("file:{}", dir.join("db.sqlite").display());
                    run_case(case, provider, &url, &dir)
                } else {
                    let admin = pg.as_deref().unwrap_or_default();
                    let name = format!("schemagen_diff_{j}");
                    let created = postgres::Client::connect(admin, postgres::NoTls).and_then(|mut c| {
                        c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\""))?;
                        c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                    });
                    match created {
                        Err(e) => Err(format!("creating the database: {e}")),
                        Ok(()) => {
                            let r = run_case(case, provider, &with_database(admin, &name), &dir);
                            if r.is_ok() {
                                let _ = postgres::Client::connect(admin, postgres::NoTls)
                                    .and_then(|mut c| c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\"")));
                            }
                            r
                        }
                    }
                };
                results.lock().unwrap().push((case.name, provider, result));
            });
        }
    });
    let results = results.into_inner().unwrap();
    let count = |p: Provider| results.iter().filter(|r| r.1 == p && r.2.is_ok()).count();
    let total = |p: Provider| results.iter().filter(|r| r.1 == p).count();
    println!(
        "pair table ({} cases): SQLite {}/{}, PostgreSQL {}/{} (each: rows kept and oracle found nothing to do)",
        all.len(),
        count(Provider::Sqlite),
        total(Provider::Sqlite),
        count(Provider::Postgres),
        total(Provider::Postgres)
    );
    let mut differing: Vec<String> =
        results.iter().filter(|r| matches!(r.2, Ok(false))).map(|r| format!("{}/{}", r.0, r.1.name())).collect();
    differing.sort();
    println!(
        "byte-identical to `oracle ddl --from OLD NEW`: {}/{}; differing (see README): {}",
        results.iter().filter(|r| matches!(r.2, Ok(true))).count(),
        results.len(),
        differing.join(" ")
    );
    let failures: Vec<String> =
        results.iter().filter_map(|(n, p, r)| r.as_ref().err().map(|e| format!("{n} on {}: {e}", p.name()))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `autoincrement()` added, removed and added again on PostgreSQL: the sequence we create
/// (`a_id_seq`, not the `"A_id_seq"` of a SERIAL) is dropped again by ownership, so adding it back
/// does not collide, and ids continue above the existing rows each time.
#[test]
fn autoincrement_sequence_roundtrip_on_postgres() {
    let Some(admin) = postgres_url("PostgreSQL diffs") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let name = "schemagen_diff_autoinc_roundtrip";
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let recreate = |c: &mut postgres::Client| {
        c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\"")).unwrap();
        c.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
    };
    recreate(&mut c);
    let url = with_database(&admin, name);
    let states = [A_PLAIN, A_SERIAL, A_PLAIN, A_SERIAL];
    let irs: Vec<_> = states
        .iter()
        .enumerate()
        .map(|(i, s)| ir_of(&format!("{}{s}", datasource("postgresql")), dir, &format!("s{i}.prisma")))
        .collect();
    let mut scripts = vec![("0_init".to_string(), migrate::from_empty(&irs[0].1, None).unwrap())];
    let calc = |i: usize| migrate::calculate(&irs[i].1, Provider::Postgres).unwrap();
    let deployed = |scripts: &[(String, String)]| {
        let v: Vec<(&str, &str)> = scripts.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        deploy(&url, "postgresql", &v)
    };
    deployed(&scripts).unwrap();
    execute(&url, A_SEED_IDS).unwrap();
    let mut expected_id = 3;
    for step in 1..states.len() {
        let diff = migrate::diff(&calc(step - 1), &calc(step), &Renames::default()).unwrap();
        assert!(diff.warnings.is_empty(), "{:?}", diff.warnings);
        let script = migrate::SchemaDiff { to: calc(step), diff }.script();
        scripts.push((format!("{step}_step"), script.clone()));
        deployed(&scripts).unwrap_or_else(|e| panic!("step {step}: {e}\n{script}"));
        assert_eq!(query(&url, ORPHAN_SEQUENCES).unwrap(), "", "step {step}:\n{script}");
        let sequences = query(&url, "SELECT relname::text FROM pg_class WHERE relkind = 'S'").unwrap();
        if states[step] == A_SERIAL {
            assert_eq!(sequences, "a_id_seq", "step {step}");
            assert_eq!(query(&url, A_INSERT).unwrap(), expected_id.to_string(), "step {step}:\n{script}");
            expected_id += 1;
        } else {
            assert_eq!(sequences, "", "step {step}: the sequence is dropped\n{script}");
            execute(&url, &format!(r#"INSERT INTO "A" ("id", "name") VALUES ({expected_id}, 'n')"#)).unwrap();
            expected_id += 1;
        }
        assert_eq!(oracle_from_db(&url, &irs[step].0), EMPTY, "step {step}:\n{script}");
    }
    // From a SERIAL created by CREATE TABLE (`"A_id_seq"`): dropped too.
    recreate(&mut c);
    let init = migrate::from_empty(&irs[1].1, None).unwrap();
    let diff = migrate::diff(&calc(1), &calc(2), &Renames::default()).unwrap();
    let script = migrate::SchemaDiff { to: calc(2), diff }.script();
    deploy(&url, "postgresql", &[("0_init", &init)]).unwrap();
    assert_eq!(query(&url, "SELECT relname::text FROM pg_class WHERE relkind = 'S'").unwrap(), "A_id_seq");
    deploy(&url, "postgresql", &[("0_init", &init), ("1_step", &script)]).unwrap();
    assert_eq!(query(&url, "SELECT relname::text FROM pg_class WHERE relkind = 'S'").unwrap(), "");
    c.batch_execute(&format!("DROP DATABASE \"{name}\"")).unwrap();
}

fn schemagen(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).current_dir(cwd).output().expect("running schemagen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under `dir` (relative path, content), sorted.
fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((p.strip_prefix(base).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// `migrate dev` with `schema.prisma` = datasource + `body` in `dir`.
fn dev(dir: &Path, provider: &str, body: &str, extra: &[&str]) -> (i32, String, String) {
    std::fs::write(dir.join("schema.prisma"), format!("{}{body}", datasource(provider))).unwrap();
    let mut args = vec!["migrate", "dev", "--schema", "schema.prisma", "--migrations", "migrations"];
    args.extend_from_slice(extra);
    schemagen(&args, dir)
}

fn migration_count(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("migrations")).map(|r| r.flatten().filter(|e| e.path().is_dir()).count()).unwrap_or(0)
}

/// Each destructive kind: refused without `--accept-data-loss` (exit 1, nothing written), written with it.
#[test]
fn dev_guard_refuses_data_loss() {
    let kinds: &[(&str, &str, &str, &str)] = &[
        (
            "drop table",
            "postgresql",
            "model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n}\n",
            "model A {\n  id Int @id\n}\n",
        ),
        ("drop column", "sqlite", "model A {\n  id Int @id\n  x  Int\n}\n", "model A {\n  id Int @id\n}\n"),
        (
            "narrowing type",
            "postgresql",
            "model A {\n  id Int    @id\n  x  BigInt\n}\n",
            "model A {\n  id Int @id\n  x  Int\n}\n",
        ),
        (
            "remove enum value",
            "postgresql",
            "enum E {\n  P\n  Q\n}\nmodel A {\n  id Int @id\n  e  E\n}\n",
            "enum E {\n  P\n}\nmodel A {\n  id Int @id\n  e  E\n}\n",
        ),
        (
            "required without default",
            "sqlite",
            "model A {\n  id Int  @id\n  x  Int?\n}\n",
            "model A {\n  id Int @id\n  x  Int\n}\n",
        ),
        (
            "add unique",
            "postgresql",
            "model A {\n  id Int @id\n  x  Int\n}\n",
            "model A {\n  id Int @id\n  x  Int @unique\n}\n",
        ),
        ("new required column", "sqlite", "model A {\n  id Int @id\n}\n", "model A {\n  id Int @id\n  y  Int\n}\n"),
    ];
    for (kind, provider, old, new) in kinds {
        let tmp = tempfile::tempdir().unwrap();
        let (code, _, err) = dev(tmp.path(), provider, old, &["--name", "init"]);
        assert_eq!(code, 0, "{kind}: init: {err}");
        let before = snapshot_dir(tmp.path().join("migrations").as_path());
        let (code, _, err) = dev(tmp.path(), provider, new, &["--name", "change"]);
        assert_eq!(code, 1, "{kind}: expected a refusal, got exit {code}: {err}");
        assert!(err.contains("warning:") && err.contains("--accept-data-loss"), "{kind}: {err}");
        assert_eq!(snapshot_dir(&tmp.path().join("migrations")), before, "{kind}: something was written");
        let (code, _, err) = dev(tmp.path(), provider, new, &["--name", "change", "--accept-data-loss"]);
        assert_eq!(code, 0, "{kind}: with --accept-data-loss: {err}");
        assert_eq!(migration_count(tmp.path()), 2, "{kind}");
        let (code, out, _) = dev(tmp.path(), provider, new, &["--name", "again"]);
        assert!(code == 0 && out.contains("Already in sync"), "{kind}: {out}");
        assert_eq!(migration_count(tmp.path()), 2, "{kind}: wrote a migration without changes");
    }
    println!("guard: {} destructive kinds refused without --accept-data-loss", kinds.len());
}

/// A likely rename is reported with the flag to pass; `--rename` keeps the data (SQLite, applied).
#[test]
fn dev_rename_keeps_data_and_deploy_status_roundtrip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let old = "model User {\n  id   Int    @id\n  name String\n}\n";
    let new = "model Person {\n  id       Int    @id\n  fullName String\n}\n";
    assert_eq!(dev(dir, "sqlite", old, &["--name", "init"]).0, 0);
    let url = format!("sqlite:{}", dir.join("dev.db").display());
    let (code, out, err) = schemagen(&["migrate", "status", "--url", &url, "--migrations", "migrations"], dir);
    assert_eq!(code, 1, "pending migration: {out}{err}");
    assert!(out.contains("pending"), "{out}");
    let (code, out, err) = schemagen(&["migrate", "deploy", "--url", &url, "--migrations", "migrations"], dir);
    assert_eq!(code, 0, "deploy: {out}{err}");
    rusqlite::Connection::open(dir.join("dev.db"))
        .unwrap()
        .execute_batch(r#"INSERT INTO "User" ("id", "name") VALUES (1, 'ann'), (2, 'bob')"#)
        .unwrap();

    // Without --rename: refused, with the hints.
    let (code, _, err) = dev(dir, "sqlite", new, &["--name", "rename"]);
    assert_eq!(code, 1);
    assert!(err.contains("--rename User=Person"), "{err}");
    // With the table rename only, the column is still a likely rename.
    let (code, _, err) = dev(dir, "sqlite", new, &["--name", "rename", "--rename", "User=Person"]);
    assert_eq!(code, 1);
    assert!(err.contains("--rename Person.name=fullName"), "{err}");
    let (code, out, err) =
        dev(dir, "sqlite", new, &["--name", "rename", "--rename", "User=Person", "--rename", "Person.name=fullName"]);
    assert_eq!(code, 0, "{out}{err}");
    let written = std::fs::read_dir(dir.join("migrations"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("_rename"))
        .unwrap();
    let sql = std::fs::read_to_string(written.join("migration.sql")).unwrap();
    assert!(sql.contains(r#"ALTER TABLE "User" RENAME TO "Person""#), "{sql}");
    assert!(sql.contains(r#"RENAME COLUMN "name" TO "fullName""#), "{sql}");

    let (code, out, err) = schemagen(&["migrate", "deploy", "--url", &url, "--migrations", "migrations"], dir);
    assert_eq!(code, 0, "deploy: {out}{err}");
    assert!(out.contains("_rename"), "{out}");
    let conn = rusqlite::Connection::open(dir.join("dev.db")).unwrap();
    let names: Vec<String> = conn
        .prepare(r#"SELECT "fullName" FROM "Person" ORDER BY "id""#)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["ann", "bob"]);
    let (code, out, _) = schemagen(&["migrate", "status", "--url", &url, "--migrations", "migrations"], dir);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("up to date"), "{out}");

    // An applied migration edited afterwards: status and deploy report it (exit 1).
    let sql_path = written.join("migration.sql");
    std::fs::write(&sql_path, format!("{sql}\n-- edited\n")).unwrap();
    let (code, out, _) = schemagen(&["migrate", "status", "--url", &url, "--migrations", "migrations"], dir);
    assert_eq!(code, 1);
    assert!(out.contains("modified") && out.contains("_rename"), "{out}");
    let (code, _, err) = schemagen(&["migrate", "deploy", "--url", &url, "--migrations", "migrations"], dir);
    assert_eq!(code, 1, "{err}");
    // A bad URL is a usage/connection error.
    let (code, _, _) = schemagen(
        &["migrate", "status", "--url", "postgresql://nobody@127.0.0.1:1/x", "--migrations", "migrations"],
        dir,
    );
    assert_eq!(code, 2);
}

/// SQLite history written by Prisma (no snapshot) is replayed: the same schema is in sync, a
/// change gives the same SQL as diffing the schemas.
#[test]
fn prisma_sqlite_history_is_replayed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let body = "model User {\n  id    Int     @id @default(autoincrement())\n  email String  @unique\n  name  String? @default(\"x\")\n  posts Post[]\n}\nmodel Post {\n  id       Int    @id\n  authorId Int\n  author   User   @relation(fields: [authorId], references: [id], onDelete: Cascade)\n  tags     Tag[]\n  @@index([authorId])\n}\nmodel Tag {\n  id    Int    @id\n  posts Post[]\n}\n";
    let (path, ir) = ir_of(&format!("{}{body}", datasource("sqlite")), dir, "schema.prisma");
    let prisma_sql = migrate::from_empty(&ir, None).unwrap();
    let m = dir.join("migrations/20240101000000_init");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("migration.sql"), &prisma_sql).unwrap();
    let state = migrate::history::state_of(&dir.join("migrations"), Provider::Sqlite).unwrap();
    let to = migrate::calculate(&ir, Provider::Sqlite).unwrap();
    let d = migrate::diff(&state, &to, &Renames::default()).unwrap();
    assert!(d.steps.is_empty(), "replayed state differs: {:?}", d.steps);
    let _ = path;
    let (code, out, err) = dev(dir, "sqlite", body, &["--name", "same"]);
    assert!(code == 0 && out.contains("Already in sync"), "{out}{err}");
    // PostgreSQL history without snapshots and without a shadow database: a clear error naming
    // --shadow-url (tests/migrate_history_pg.rs replays it with one), nothing written.
    let pg = dir.join("pg");
    std::fs::create_dir_all(pg.join("migrations/20240101000000_init")).unwrap();
    std::fs::write(pg.join("migrations/20240101000000_init/migration.sql"), "CREATE TABLE x (id int);").unwrap();
    let (code, _, err) = dev(&pg, "postgresql", body, &["--name", "next"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--shadow-url"), "{err}");
    assert_eq!(migration_count(&pg), 1);
}

/// `migrate diff --from-schema` / `--from-migrations` through the CLI.
#[test]
fn cli_diff_from_schema_and_migrations() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("old.prisma"), format!("{}{USER}", datasource("postgresql"))).unwrap();
    std::fs::write(
        dir.join("new.prisma"),
        format!("{}model User {{\n  id   Int    @id\n  name String\n  bio  String?\n}}\n", datasource("postgresql")),
    )
    .unwrap();
    let (code, out, _) =
        schemagen(&["migrate", "diff", "--from-schema", "old.prisma", "--to-schema", "new.prisma", "--script"], dir);
    assert_eq!(code, 0);
    assert_eq!(out, "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN     \"bio\" TEXT;\n");
    let (code, out, _) =
        schemagen(&["migrate", "diff", "--from-schema", "old.prisma", "--to-schema", "new.prisma", "--exit-code"], dir);
    assert_eq!(code, 2);
    assert!(out.contains("[*] Changed the `User` table") && out.contains("Added column `bio`"), "{out}");
    let (code, out, _) =
        schemagen(&["migrate", "diff", "--from-schema", "new.prisma", "--to-schema", "new.prisma", "--exit-code"], dir);
    assert_eq!((code, out.as_str()), (0, "No difference detected.\n"));
    // --from-migrations: the state the folder's snapshot records.
    std::fs::copy(dir.join("old.prisma"), dir.join("schema.prisma")).unwrap();
    let (code, _, err) = schemagen(&["migrate", "dev", "--name", "init", "--schema", "schema.prisma"], dir);
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("migrations/migration_lock.toml").exists());
    let (code, out, _) = schemagen(
        &["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "new.prisma", "--script"],
        dir,
    );
    assert_eq!(code, 0);
    assert_eq!(out, "-- AlterTable\nALTER TABLE \"User\" ADD COLUMN     \"bio\" TEXT;\n");
}

/// With `--url`, each data-loss warning says how many rows of that database it affects; the migration file
/// keeps Prisma's wording only. SQLite for the kinds it has, PostgreSQL for the enum and a narrowing type.
#[test]
fn dev_warnings_count_affected_rows() {
    // (kind, provider, old schema, rows to insert, new schema, expected suffix in the warning)
    let kinds: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "drop table",
            "sqlite",
            "model A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n}\n",
            r#"INSERT INTO "B" ("id") VALUES (1), (2), (3)"#,
            "model A {\n  id Int @id\n}\n",
            "(3 rows)",
        ),
        (
            "drop column",
            "sqlite",
            "model A {\n  id Int @id\n  x  Int?\n}\n",
            r#"INSERT INTO "A" ("id", "x") VALUES (1, 5), (2, NULL), (3, 7)"#,
            "model A {\n  id Int @id\n}\n",
            "(2 non-null values)",
        ),
        (
            "required without default",
            "sqlite",
            "model A {\n  id Int  @id\n  x  Int?\n}\n",
            r#"INSERT INTO "A" ("id", "x") VALUES (1, 5), (2, NULL), (3, NULL)"#,
            "model A {\n  id Int @id\n  x  Int\n}\n",
            "(2 rows with NULL)",
        ),
        (
            "add unique",
            "sqlite",
            "model A {\n  id Int @id\n  x  Int\n}\n",
            r#"INSERT INTO "A" ("id", "x") VALUES (1, 5), (2, 5), (3, 6), (4, 6), (5, 7)"#,
            "model A {\n  id Int @id\n  x  Int @unique\n}\n",
            "(2 duplicate groups)",
        ),
        (
            "new required column",
            "sqlite",
            "model A {\n  id Int @id\n}\n",
            r#"INSERT INTO "A" ("id") VALUES (1)"#,
            "model A {\n  id Int @id\n  y  Int\n}\n",
            "(1 row)",
        ),
        (
            "remove enum value",
            "postgresql",
            "enum E {\n  P\n  Q\n}\nmodel A {\n  id Int @id\n  e  E\n}\n",
            r#"INSERT INTO "A" ("id", "e") VALUES (1, 'P'), (2, 'Q'), (3, 'Q')"#,
            "enum E {\n  P\n}\nmodel A {\n  id Int @id\n  e  E\n}\n",
            "(2 rows using them)",
        ),
        (
            "narrowing type",
            "postgresql",
            "model A {\n  id Int    @id\n  x  BigInt?\n}\n",
            r#"INSERT INTO "A" ("id", "x") VALUES (1, 5), (2, NULL)"#,
            "model A {\n  id Int @id\n  x  Int?\n}\n",
            "(1 non-null value)",
        ),
    ];
    let pg = postgres_url("PostgreSQL diffs");
    let mut checked = 0;
    for (i, (kind, provider, old, rows, new, suffix)) in kinds.iter().enumerate() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert_eq!(dev(dir, provider, old, &["--name", "init"]).0, 0, "{kind}");
        let url = if *provider == "sqlite" {
            format!("file:{}", dir.join("dev.db").display())
        } else {
            let Some(admin) = &pg else { continue };
            let name = format!("schemagen_rowcount_{i}");
            execute(admin, &format!("DROP DATABASE IF EXISTS {name}")).unwrap();
            execute(admin, &format!("CREATE DATABASE {name}")).unwrap();
            with_database(admin, &name)
        };
        let (code, out, err) = schemagen(&["migrate", "deploy", "--url", &url, "--migrations", "migrations"], dir);
        assert_eq!(code, 0, "{kind}: deploy: {out}{err}");
        execute(&url, rows).unwrap();
        let (code, _, err) = dev(dir, provider, new, &["--name", "change", "--url", &url]);
        assert_eq!(code, 1, "{kind}: {err}");
        let line = err.lines().find(|l| l.starts_with("warning:")).unwrap_or_default();
        assert!(line.ends_with(suffix), "{kind}: expected {suffix} in {err}");
        let (code, _, err) = dev(dir, provider, new, &["--name", "change", "--url", &url, "--accept-data-loss"]);
        assert_eq!(code, 0, "{kind}: {err}");
        let written = std::fs::read_dir(dir.join("migrations"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with("_change"))
            .unwrap();
        let sql = std::fs::read_to_string(written.join("migration.sql")).unwrap();
        assert!(sql.contains("Warnings:") && !sql.contains(suffix), "{kind}: the file must not carry counts:\n{sql}");
        checked += 1;
    }
    println!("row counts: {checked} kinds checked against a live database");
}

/// `migrate status` reports database drift: a column added by hand to a live database (SQLite and
/// PostgreSQL) is named, exit 1; without it the same database is up to date.
#[test]
fn status_reports_a_column_added_by_hand() {
    let body = "model A {\n  id   Int    @id\n  name String\n  @@index([name])\n}\nmodel B {\n  id  Int @id\n  aId Int\n  a   A   @relation(fields: [aId], references: [id])\n}\nmodel C {\n  id Int @id\n  a  A[]\n}\n";
    let body = body.replace("model A {\n", "model A {\n  cs   C[]\n  bs   B[]\n");
    let pg = postgres_url("PostgreSQL diffs");
    let mut checked = Vec::new();
    for provider in ["sqlite", "postgresql"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let (code, _, err) = dev(dir, provider, &body, &["--name", "init"]);
        assert_eq!(code, 0, "{provider}: {err}");
        let url = if provider == "sqlite" {
            format!("file:{}", dir.join("dev.db").display())
        } else {
            let Some(admin) = &pg else { continue };
            execute(admin, "DROP DATABASE IF EXISTS schemagen_drift").unwrap();
            execute(admin, "CREATE DATABASE schemagen_drift").unwrap();
            with_database(admin, "schemagen_drift")
        };
        let status = |dir: &Path| schemagen(&["migrate", "status", "--url", &url, "--migrations", "migrations"], dir);
        let (code, out, err) = schemagen(&["migrate", "deploy", "--url", &url, "--migrations", "migrations"], dir);
        assert_eq!(code, 0, "{provider}: deploy: {out}{err}");
        let (code, out, err) = status(dir);
        assert_eq!(code, 0, "{provider}: a freshly deployed database has no drift: {out}{err}");
        assert!(out.contains("up to date"), "{out}");
        execute(&url, r#"ALTER TABLE "A" ADD COLUMN "nickname" TEXT"#).unwrap();
        let (code, out, err) = status(dir);
        assert_eq!(code, 1, "{provider}: {out}{err}");
        assert!(
            out.contains("column `nickname` on table `A` exists in the database but not in the migrations"),
            "{provider}: {out}"
        );
        assert!(out.contains("schemagen migrate dev"), "{out}");
        execute(&url, r#"CREATE INDEX "by_hand" ON "B" ("aId")"#).unwrap();
        let (_, out, _) = status(dir);
        assert!(out.contains("index `by_hand` on table `B` exists in the database"), "{provider}: {out}");
        checked.push(provider);
    }
    println!("drift detected on {checked:?}");
}
