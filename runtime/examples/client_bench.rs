//! The query engine against raw rusqlite (prepare_cached) on an in-memory database: insert one row, select by
//! primary key, update by primary key. `cargo run -p schemagen-runtime --release --example client_bench`.
//!
//! The SDK's create and update read the row back (`RETURNING`) and decode it into the struct, so each raw case
//! is measured twice: the bare statement, and the statement with `RETURNING` decoded into the same struct.
//!
//! `client_bench CASE OPS` runs one case (insert-raw, insert-raw-returning, insert-sdk, select-raw, select-sdk,
//! update-raw, update-raw-returning, update-sdk, update-many-sdk) for instruction counts, which a shared machine
//! does not disturb:
//! `valgrind --tool=callgrind --toggle-collect='*measured*' target/release/examples/client_bench select-sdk 3000`.

#[path = "../tests/client_models/mod.rs"]
mod client_models;

use chrono::{DateTime, Utc};
use client_models::{user, User, UserCreate};
use rusqlite::params;
use std::time::Instant;

const N: usize = 50_000;
const ROUNDS: usize = 7;

/// Best µs/op of `a` and `b`, measured in alternating rounds (the machine may be shared); `reset` runs between
/// rounds, outside the timing.
fn pair(mut a: impl FnMut(usize), mut b: impl FnMut(usize), mut reset: impl FnMut()) -> (f64, f64) {
    let (mut ba, mut bb) = (f64::MAX, f64::MAX);
    for r in 0..ROUNDS {
        for (f, best) in [(&mut a as &mut dyn FnMut(usize), &mut ba), (&mut b as &mut dyn FnMut(usize), &mut bb)] {
            let start = Instant::now();
            for i in 0..N {
                f(r * N + i);
            }
            *best = best.min(start.elapsed().as_secs_f64() * 1e6 / N as f64);
        }
        reset();
    }
    (ba, bb)
}

const COLS: &str = r#""id", "email", "name", "role", "balance", "karma", "createdAt", "updatedAt""#;

fn decode(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let ms = |i| -> rusqlite::Result<DateTime<Utc>> { Ok(DateTime::from_timestamp_millis(r.get(i)?).unwrap()) };
    let role: String = r.get(3)?;
    Ok(User {
        id: r.get(0)?,
        email: r.get(1)?,
        name: r.get(2)?,
        role: if role == "ADMIN" { client_models::Role::Admin } else { client_models::Role::User },
        balance: rust_decimal::Decimal::from(r.get::<_, i64>(4)?),
        karma: r.get(5)?,
        created_at: ms(6)?,
        updated_at: ms(7)?,
        posts: None,
        profile: None,
    })
}

fn main() {
    if let Some(case) = std::env::args().nth(1) {
        let ops: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(N);
        return single(&case, ops);
    }
    let raw = rusqlite::Connection::open_in_memory().unwrap();
    raw.set_prepared_statement_cache_capacity(256);
    raw.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    raw.execute_batch(client_models::MIGRATIONS_SQLITE[0].1).unwrap();
    let sdk = client_models::sqlite();
    let repo = sdk.repo::<User>();
    let now = DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).unwrap();
    let nowms = now.timestamp_millis();
    let reset = || {
        raw.execute_batch("DELETE FROM users").unwrap();
        sdk.raw().execute("DELETE FROM users", &[]).unwrap();
    };
    let create = |i: usize| UserCreate {
        id: Some(format!("u{i}")),
        name: Some("name".into()),
        role: Some(client_models::Role::User),
        balance: Some(rust_decimal::Decimal::ZERO),
        karma: Some(0),
        created_at: Some(now),
        updated_at: Some(now),
        ..UserCreate::new(format!("u{i}@x.io"))
    };

    let insert_sql = format!(r#"INSERT INTO "users" ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"#);
    let raw_insert = |i: usize| {
        let mut s = raw.prepare_cached(&insert_sql).unwrap();
        s.execute(params![format!("u{i}"), format!("u{i}@x.io"), "name", "USER", "0", 0i64, nowms, nowms]).unwrap();
    };
    let sdk_insert = |i: usize| {
        std::hint::black_box(repo.create(create(i)).exec().unwrap());
    };
    let (raw_ins, sdk_ins) = pair(raw_insert, sdk_insert, reset);
    let insert_ret = format!("{insert_sql} RETURNING {COLS}");
    let raw_insert_ret = |i: usize| {
        let mut s = raw.prepare_cached(&insert_ret).unwrap();
        let p = params![format!("u{i}"), format!("u{i}@x.io"), "name", "USER", "0", 0i64, nowms, nowms];
        std::hint::black_box(s.query_row(p, decode).unwrap());
    };
    let (raw_ins_ret, sdk_ins2) = pair(raw_insert_ret, sdk_insert, reset);

    // N rows in both for the lookups and updates.
    for i in 0..N {
        raw_insert(i);
        repo.create(create(i)).exec().unwrap();
    }
    let select_sql = format!(r#"SELECT {COLS} FROM "users" WHERE "id" = ?1"#);
    let (raw_sel, sdk_sel) = pair(
        |i| {
            let mut s = raw.prepare_cached(&select_sql).unwrap();
            std::hint::black_box(s.query_row(params![format!("u{}", (i * 7919) % N)], decode).unwrap());
        },
        |i| {
            std::hint::black_box(
                repo.find_unique(user::by_id(format!("u{}", (i * 7919) % N))).exec().unwrap().unwrap(),
            );
        },
        || {},
    );
    let update_sql = r#"UPDATE "users" SET "name" = ?1, "updatedAt" = ?2 WHERE "id" = ?3"#;
    let (raw_upd, sdk_upd) = pair(
        |i| {
            let mut s = raw.prepare_cached(update_sql).unwrap();
            let n =
                s.execute(params!["renamed", Utc::now().timestamp_millis(), format!("u{}", (i * 7919) % N)]).unwrap();
            assert_eq!(n, 1);
        },
        |i| {
            let u = repo
                .update(user::by_id(format!("u{}", (i * 7919) % N)), vec![user::name().set(Some("renamed".into()))]);
            std::hint::black_box(u.exec().unwrap());
        },
        || {},
    );
    let update_ret = format!("{update_sql} RETURNING {COLS}");
    let (raw_upd_ret, sdk_upd2) = pair(
        |i| {
            let mut s = raw.prepare_cached(&update_ret).unwrap();
            let p = params!["renamed", Utc::now().timestamp_millis(), format!("u{}", (i * 7919) % N)];
            std::hint::black_box(s.query_row(p, decode).unwrap());
        },
        |i| {
            let u = repo
                .update(user::by_id(format!("u{}", (i * 7919) % N)), vec![user::name().set(Some("renamed".into()))]);
            std::hint::black_box(u.exec().unwrap());
        },
        || {},
    );
    let mut cuid_best = f64::MAX;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..N {
            std::hint::black_box(cuid::cuid1());
        }
        cuid_best = cuid_best.min(start.elapsed().as_secs_f64() * 1e6 / N as f64);
    }

    println!(
        "µs/op, best of {ROUNDS} alternating rounds of {N}; in-memory SQLite; users table (8 columns, 1 unique index)"
    );
    println!("insert one row   raw {raw_ins:6.2}  sdk create {sdk_ins:6.2}  ratio {:.2}", sdk_ins / raw_ins);
    println!("  (RETURNING)    raw {raw_ins_ret:6.2}  sdk create {sdk_ins2:6.2}  ratio {:.2}", sdk_ins2 / raw_ins_ret);
    println!("select by pk     raw {raw_sel:6.2}  sdk find_unique {sdk_sel:6.2}  ratio {:.2}", sdk_sel / raw_sel);
    println!("update by pk     raw {raw_upd:6.2}  sdk update {sdk_upd:6.2}  ratio {:.2}", sdk_upd / raw_upd);
    println!("  (RETURNING)    raw {raw_upd_ret:6.2}  sdk update {sdk_upd2:6.2}  ratio {:.2}", sdk_upd2 / raw_upd_ret);
    println!("cuid() alone {cuid_best:.2}");
}

/// One case, `ops` times, for `perf stat -e instructions:u` (run with 0 ops to subtract the setup).
fn single(case: &str, ops: usize) {
    let raw = rusqlite::Connection::open_in_memory().unwrap();
    raw.set_prepared_statement_cache_capacity(256);
    raw.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    raw.execute_batch(client_models::MIGRATIONS_SQLITE[0].1).unwrap();
    let sdk = client_models::sqlite();
    let repo = sdk.repo::<User>();
    let now = DateTime::from_timestamp_millis(1_700_000_000_000).unwrap();
    let nowms = now.timestamp_millis();
    let create = |i: usize| UserCreate {
        id: Some(format!("u{i}")),
        name: Some("name".into()),
        role: Some(client_models::Role::User),
        balance: Some(rust_decimal::Decimal::ZERO),
        karma: Some(0),
        created_at: Some(now),
        updated_at: Some(now),
        ..UserCreate::new(format!("u{i}@x.io"))
    };
    let insert_sql = format!(r#"INSERT INTO "users" ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"#);
    let raw_insert = |i: usize| {
        let mut s = raw.prepare_cached(&insert_sql).unwrap();
        s.execute(params![format!("u{i}"), format!("u{i}@x.io"), "name", "USER", "0", 0i64, nowms, nowms]).unwrap();
    };
    const SEED: usize = 10_000;
    if !case.starts_with("insert") {
        for i in 0..SEED {
            raw_insert(i);
            repo.create(create(i)).exec().unwrap();
        }
    }
    let select_sql = format!(r#"SELECT {COLS} FROM "users" WHERE "id" = ?1"#);
    let update_sql = r#"UPDATE "users" SET "name" = ?1, "updatedAt" = ?2 WHERE "id" = ?3"#;
    let update_ret = format!("{update_sql} RETURNING {COLS}");
    let insert_ret = format!("{insert_sql} RETURNING {COLS}");
    measured(|| {
        for i in 0..ops {
            let k = (i * 7919) % SEED;
            match case {
                "insert-raw" => raw_insert(i),
                "insert-raw-returning" => {
                    let mut s = raw.prepare_cached(&insert_ret).unwrap();
                    let p = params![format!("u{i}"), format!("u{i}@x.io"), "name", "USER", "0", 0i64, nowms, nowms];
                    std::hint::black_box(s.query_row(p, decode).unwrap());
                }
                "insert-sdk" => {
                    std::hint::black_box(repo.create(create(i)).exec().unwrap());
                }
                "select-raw" => {
                    let mut s = raw.prepare_cached(&select_sql).unwrap();
                    std::hint::black_box(s.query_row(params![format!("u{k}")], decode).unwrap());
                }
                "select-sdk" => {
                    std::hint::black_box(repo.find_unique(user::by_id(format!("u{k}"))).exec().unwrap().unwrap());
                }
                "update-raw" => {
                    let mut s = raw.prepare_cached(update_sql).unwrap();
                    assert_eq!(s.execute(params!["renamed", nowms + i as i64, format!("u{k}")]).unwrap(), 1);
                }
                "update-raw-returning" => {
                    let mut s = raw.prepare_cached(&update_ret).unwrap();
                    std::hint::black_box(
                        s.query_row(params!["renamed", nowms + i as i64, format!("u{k}")], decode).unwrap(),
                    );
                }
                "update-sdk" => {
                    let u = repo.update(user::by_id(format!("u{k}")), vec![user::name().set(Some("renamed".into()))]);
                    std::hint::black_box(u.exec().unwrap());
                }
                "update-many-sdk" => {
                    let n = repo
                        .update_many(user::id().equals(format!("u{k}")), vec![user::name().set(Some("renamed".into()))])
                        .exec()
                        .unwrap();
                    assert_eq!(n, 1);
                }
                other => panic!("unknown case {other}"),
            }
        }
    });
}

/// The measured part (`valgrind --tool=callgrind --toggle-collect='*measured*'`).
#[inline(never)]
fn measured(f: impl FnOnce()) {
    f()
}
