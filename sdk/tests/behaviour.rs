//! Hand-written (no `@generated` line, so `schemagen generate` and `schemagen check` leave it alone): the behaviour
//! of the generated SDK on a real database. Every scenario runs on SQLite and, when `SCHEMAGEN_TEST_PG_URL` is
//! set (required under `CI`), on PostgreSQL in a fresh schema. Run with `--nocapture` to see the figures:
//!
//! ```text
//! SCHEMAGEN_TEST_PG_URL=postgresql://postgres@127.0.0.1:54329/postgres \
//!     cargo test --release -p schemagen-sdk --test behaviour -- --nocapture
//! ```
//!
//! 1. credit deduction in a transaction that refuses to overdraw; 2. the same under 8 concurrent threads;
//! 3. error mapping (unique, foreign key, not found, validation); 4. hostile strings in every string filter;
//! 5. decimal and BigInt extremes; 6. bounded queries for nested includes; 7. every operation once.

use rust_decimal::Decimal;
use schemagen_runtime::client as rt;
use schemagen_sdk::{
    ai_credit_balance, ai_credit_transaction, and, invoice, label, not, or, project, referral_payout, storage_usage,
    subscription, task, user, workspace, workspace_member, AiCreditBalanceCreate, AiCreditTransactionCreate, AiService,
    Client, CreditTransactionType, Error, InvoiceCreate, LabelCreate, PayoutMethod, ProjectCreate,
    ReferralPayoutCreate, ReferralProgramCreate, StorageUsageCreate, SubscriptionCreate, SubscriptionPlan, TaskCreate,
    User, UserCreate, Value, WorkspaceCreate, WorkspaceMemberCreate,
};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

mod common;
use common::DropSchema;

// ---------------------------------------------------------------------------------------------------------------
// Backends

/// One database to run a scenario on; the database (PostgreSQL schema, SQLite file) goes away on drop.
struct Backend {
    name: &'static str,
    client: Client,
    _cleanup: Cleanup,
}

impl Backend {
    fn is_pg(&self) -> bool {
        self.name == "postgres"
    }
}

enum Cleanup {
    Nothing,
    Schema(#[allow(dead_code)] DropSchema), // held for its `Drop`: the schema goes with it
    Files(PathBuf),
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::Nothing | Cleanup::Schema(_) => {}
            Cleanup::Files(path) => remove_sqlite_files(path),
        }
    }
}

fn remove_sqlite_files(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// SQLite in memory and PostgreSQL in a fresh schema (when configured).
fn backends(test: &str) -> Vec<Backend> {
    backends_with(test, false)
}

/// `sqlite_file`: SQLite on a file in the temp dir (a pool of several connections), for concurrency.
fn backends_with(test: &str, sqlite_file: bool) -> Vec<Backend> {
    let mut out = Vec::new();
    if sqlite_file {
        let path = std::env::temp_dir().join(format!("schemagen_behaviour_{test}_{}.db", std::process::id()));
        remove_sqlite_files(&path);
        let client = Client::connect(&format!("sqlite:{}", path.display())).expect("connect to the SQLite file");
        client.migrate().expect("migrate");
        out.push(Backend { name: "sqlite", client, _cleanup: Cleanup::Files(path) });
    } else {
        let client = Client::connect("sqlite::memory:").expect("connect");
        client.migrate().expect("migrate");
        out.push(Backend { name: "sqlite", client, _cleanup: Cleanup::Nothing });
    }
    if let Some((client, schema)) = common::postgres("behaviour", test) {
        out.push(Backend { name: "postgres", client, _cleanup: Cleanup::Schema(schema) });
    }
    out
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

fn queries(client: &Client) -> u64 {
    client.runtime().stats().queries()
}

// ---------------------------------------------------------------------------------------------------------------
// 1 + 2. Credit deduction that refuses to overdraw

#[derive(Debug)]
enum Deduct {
    Refused,
    Db(Error),
}

impl From<Error> for Deduct {
    fn from(e: Error) -> Self {
        Deduct::Db(e)
    }
}

/// One deduction: `balance -= cost` only where `balance >= cost`, then a ledger row, in one transaction.
/// Returns the balance seen inside the transaction after the decrement.
fn deduct(client: &Client, balance_id: &str, user_id: &str, cost: i32) -> Result<i32, Deduct> {
    client.transaction(|tx| {
        let n = tx
            .ai_credit_balance()
            .update_many(
                ai_credit_balance::id().equals(balance_id).and(ai_credit_balance::balance().gte(cost)),
                vec![ai_credit_balance::balance().decrement(cost), ai_credit_balance::total_used().increment(cost)],
            )
            .exec()?;
        if n == 0 {
            return Err(Deduct::Refused);
        }
        tx.ai_credit_transaction()
            .create(AiCreditTransactionCreate {
                service: Some(AiService::ChatAssistant),
                description: Some("chat".into()),
                ..AiCreditTransactionCreate::new(balance_id, user_id, CreditTransactionType::Usage, -cost)
            })
            .exec()?;
        let after = tx.ai_credit_balance().find_unique(ai_credit_balance::by_id(balance_id)).exec()?;
        Ok(after.expect("the balance row").balance)
    })
}

fn ledger_sum(client: &Client, balance_id: &str) -> (i64, i64) {
    let agg = client
        .ai_credit_transaction()
        .aggregate()
        .filter(ai_credit_transaction::balance_id().equals(balance_id))
        .count()
        .sum(ai_credit_transaction::amount())
        .exec()
        .expect("ledger aggregate");
    (agg.count(), agg.sum(ai_credit_transaction::amount()).unwrap_or(0))
}

fn credit_setup(client: &Client, start: i32) -> (String, String) {
    let u = client.user().create(UserCreate::new("credits@example.com")).exec().expect("user");
    let b = client
        .ai_credit_balance()
        .create(AiCreditBalanceCreate {
            user_id: Some(u.id.clone()),
            balance: Some(start),
            total_purchased: Some(start),
            ..AiCreditBalanceCreate::new(now() + chrono::Duration::days(30))
        })
        .exec()
        .expect("balance");
    (u.id, b.id)
}

#[test]
fn credit_deduction_refuses_to_overdraw() {
    for db in backends("credit") {
        let c = &db.client;
        let (user_id, balance_id) = credit_setup(c, 10);
        assert_eq!(deduct(c, &balance_id, &user_id, 4).expect("first"), 6);
        assert_eq!(deduct(c, &balance_id, &user_id, 6).expect("second, down to zero"), 0);
        let refused = deduct(c, &balance_id, &user_id, 1);
        assert!(matches!(refused, Err(Deduct::Refused)), "{}: {refused:?}", db.name);
        // A refused deduction of more than what is left: nothing written.
        c.ai_credit_balance()
            .update(ai_credit_balance::by_id(&balance_id), vec![ai_credit_balance::balance().set(5)])
            .exec()
            .expect("top up");
        let before = queries(c);
        let refused = deduct(c, &balance_id, &user_id, 7);
        assert!(matches!(refused, Err(Deduct::Refused)), "{}: {refused:?}", db.name);
        assert_eq!(queries(c) - before, 1, "a refused deduction is one UPDATE");
        let b = c.ai_credit_balance().find_unique(ai_credit_balance::by_id(&balance_id)).exec().unwrap().unwrap();
        assert_eq!((b.balance, b.total_used), (5, 10), "{}: balance unchanged by the refusals", db.name);
        let (rows, sum) = ledger_sum(c, &balance_id);
        assert_eq!((rows, sum), (2, -10), "{}: no ledger row for the refusals", db.name);
        println!(
            "[1 credit] {}: 2 deductions (4, 6) ok, 2 refused (1 at balance 0, 7 at balance 5); ledger {rows} rows, \
             sum {sum}; balance {}",
            db.name, b.balance
        );
    }
}

#[test]
fn concurrent_deductions_never_overdraw() {
    const THREADS: usize = 8;
    const PER_THREAD: usize = 500;
    const START: i32 = 2500;
    for db in backends_with("concurrent", true) {
        let c = &db.client;
        let (user_id, balance_id) = credit_setup(c, START);
        let ok = AtomicU64::new(0);
        let refused = AtomicU64::new(0);
        let failed = AtomicU64::new(0);
        let min_seen = AtomicI64::new(i64::MAX);
        let started = std::time::Instant::now();
        std::thread::scope(|s| {
            for _ in 0..THREADS {
                let client = c.clone();
                let (user_id, balance_id) = (&user_id, &balance_id);
                let (ok, refused, failed, min_seen) = (&ok, &refused, &failed, &min_seen);
                s.spawn(move || {
                    for _ in 0..PER_THREAD {
                        match deduct(&client, balance_id, user_id, 1) {
                            Ok(after) => {
                                ok.fetch_add(1, Ordering::Relaxed);
                                min_seen.fetch_min(i64::from(after), Ordering::Relaxed);
                            }
                            Err(Deduct::Refused) => {
                                refused.fetch_add(1, Ordering::Relaxed);
                            }
                            Err(Deduct::Db(e)) => {
                                eprintln!("deduction failed: {e}");
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                });
            }
        });
        let elapsed = started.elapsed();
        let (ok, refused, failed) = (ok.into_inner(), refused.into_inner(), failed.into_inner());
        let min_seen = min_seen.into_inner();
        let b = c.ai_credit_balance().find_unique(ai_credit_balance::by_id(&balance_id)).exec().unwrap().unwrap();
        let (rows, sum) = ledger_sum(c, &balance_id);
        assert_eq!(failed, 0, "{}: no deduction may fail with a database error", db.name);
        assert_eq!(ok, START as u64, "{}: exactly the starting credits are spent", db.name);
        assert_eq!(refused, (THREADS * PER_THREAD) as u64 - START as u64, "{}", db.name);
        assert!(min_seen >= 0, "{}: balance went below zero ({min_seen})", db.name);
        assert_eq!(b.balance, START - ok as i32, "{}: final balance = start - successes", db.name);
        assert_eq!(b.total_used, ok as i32, "{}", db.name);
        assert_eq!(rows, ok as i64, "{}: one ledger row per success", db.name);
        assert_eq!(i64::from(START) + sum, i64::from(b.balance), "{}: ledger sum matches the balance", db.name);
        println!(
            "[2 concurrency] {}: {THREADS}x{PER_THREAD} from {START}: {ok} ok, {refused} refused, {failed} errors, \
             min balance seen {min_seen}, final balance {}, ledger {rows} rows sum {sum} (start + ledger = balance) \
             in {elapsed:.2?}",
            db.name, b.balance
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Errors

fn unique_fields(r: Result<impl std::fmt::Debug, Error>) -> (&'static str, Vec<String>) {
    match r {
        Err(Error::UniqueViolation { model, fields }) => (model, fields),
        other => panic!("expected a unique violation, got {other:?}"),
    }
}

#[test]
fn errors_are_mapped() {
    for db in backends("errors") {
        let c = &db.client;
        let alice = c.user().create(UserCreate::new("alice@example.com")).exec().unwrap();
        let bob = c.user().create(UserCreate::new("bob@example.com")).exec().unwrap();
        let ws = c.workspace().create(WorkspaceCreate::new("acme", "Acme")).exec().unwrap();

        // @unique on create and on update.
        let dup = c.user().create(UserCreate::new("alice@example.com")).exec();
        assert_eq!(unique_fields(dup), ("User", vec!["email".to_string()]), "{}", db.name);
        let dup = c.user().update(user::by_id(&bob.id), vec![user::email().set("alice@example.com".into())]).exec();
        assert_eq!(unique_fields(dup), ("User", vec!["email".to_string()]), "{}", db.name);
        // Compound @@unique.
        c.workspace_member().create(WorkspaceMemberCreate::new(&ws.id, &alice.id)).exec().unwrap();
        let dup = c.workspace_member().create(WorkspaceMemberCreate::new(&ws.id, &alice.id)).exec();
        assert_eq!(
            unique_fields(dup),
            ("WorkspaceMember", vec!["workspaceId".to_string(), "userId".to_string()]),
            "{}",
            db.name
        );
        c.label().create(LabelCreate::new(&ws.id, "bug")).exec().unwrap();
        let dup = c.label().create(LabelCreate::new(&ws.id, "bug")).exec();
        assert_eq!(unique_fields(dup), ("Label", vec!["workspaceId".to_string(), "name".to_string()]), "{}", db.name);
        // The primary key.
        let dup = c.user().create(UserCreate { id: Some(alice.id.clone()), ..UserCreate::new("x@example.com") }).exec();
        assert_eq!(unique_fields(dup), ("User", vec!["id".to_string()]), "{}", db.name);

        // Foreign keys: a missing parent, and a delete blocked by onDelete: Restrict.
        let orphan = c.task().create(TaskCreate::new("no-such-project", "orphan", &alice.id)).exec();
        match orphan {
            Err(Error::ForeignKeyViolation { model, field }) => {
                assert_eq!(model, "Task", "{}", db.name);
                if db.is_pg() {
                    assert_eq!(field.as_deref(), Some("projectId"));
                }
            }
            other => panic!("{}: expected a foreign key violation, got {other:?}", db.name),
        }
        let p = c.project().create(ProjectCreate::new(&ws.id, "P")).exec().unwrap();
        c.task().create(TaskCreate::new(&p.id, "t", &bob.id)).exec().unwrap();
        let blocked = c.user().delete(user::by_id(&bob.id)).exec();
        assert!(
            matches!(blocked, Err(Error::ForeignKeyViolation { model: "User", .. })),
            "{}: deleting a task's creator is restricted: {blocked:?}",
            db.name
        );
        assert_eq!(c.task().count().exec().unwrap(), 1, "{}: nothing deleted", db.name);

        // Not found.
        let missing = c.user().update(user::by_id("nope"), vec![user::name().set(Some("x".into()))]).exec();
        assert!(matches!(missing, Err(Error::NotFound { model: "User" })), "{}: {missing:?}", db.name);
        let missing = c.user().delete(user::by_email("nope@example.com")).exec();
        assert!(matches!(missing, Err(Error::NotFound { model: "User" })), "{}: {missing:?}", db.name);
        assert_eq!(c.user().find_unique(user::by_id("nope")).exec().unwrap(), None);

        // Validation.
        let neg = c.user().find_many().take(-1).exec();
        assert!(matches!(neg, Err(Error::Validation(_))), "{}: {neg:?}", db.name);
        let neg = c.user().find_many().skip(-1).exec();
        assert!(matches!(neg, Err(Error::Validation(_))), "{}: {neg:?}", db.name);
        let neg = c.user().find_many().include(user::subscriptions().include().take(-5)).exec();
        assert!(matches!(neg, Err(Error::Validation(_))), "{}: {neg:?}", db.name);

        // The client is still usable after all these errors.
        assert_eq!(c.user().count().exec().unwrap(), 2);
        println!(
            "[3 errors] {}: UniqueViolation User(email) x2, WorkspaceMember(workspaceId, userId), \
             Label(workspaceId, name), User(id); ForeignKeyViolation Task{} and User (restrict); NotFound on \
             update/delete; Validation on take/skip -1",
            db.name,
            if db.is_pg() { "(projectId)" } else { "" }
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Hostile strings

fn hostile_strings() -> Vec<String> {
    let mut v: Vec<String> = [
        "it's",
        "say \"hi\"",
        "'\"",
        "x;--",
        "'; DROP TABLE users;--",
        "Robert'); DROP TABLE workspaces;--",
        "DROP TABLE users;",
        "%",
        "_",
        "100% off",
        "a_b",
        "\\",
        "back\\slash",
        "\\%_",
        "emoji 🎉👩‍💻 ok",
        "🎉",
        "",
        "  ",
        "MiXeD CaSe",
        "mixed case",
        "line\nbreak\ttab\r",
        "$1",
        "?1 ?",
        ":name @p",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut big = String::new();
    while big.len() < 1 << 20 {
        big.push_str("ab'\"%_\\;--🎉");
    }
    v.push(big);
    v
}

#[test]
fn hostile_strings_round_trip_and_match() {
    for db in backends("hostile") {
        let c = &db.client;
        let mut strings = hostile_strings();
        if !db.is_pg() {
            strings.push("nul\0byte".into());
            strings.push("\0".into());
        }
        let mut names: HashMap<String, String> = HashMap::new();
        for (i, s) in strings.iter().enumerate() {
            let w = c.workspace().create(WorkspaceCreate::new(format!("h{i}"), s.clone())).exec().unwrap();
            assert_eq!(&w.name, s, "{}: the create returns the string unchanged", db.name);
            let back = c.workspace().find_unique(workspace::by_id(&w.id)).exec().unwrap().unwrap();
            assert_eq!(&back.name, s, "{}: string {i} round-trips", db.name);
            names.insert(w.id, s.clone());
        }
        let all: BTreeSet<String> = names.keys().cloned().collect();
        let ids = |f: rt::Filter<schemagen_sdk::Workspace>| -> BTreeSet<String> {
            c.workspace().find_many().filter(f).select(workspace::id()).exec().unwrap().into_iter().collect()
        };
        let expect = |pred: &dyn Fn(&str) -> bool| -> BTreeSet<String> {
            names.iter().filter(|(_, n)| pred(n)).map(|(id, _)| id.clone()).collect()
        };
        let lower = |s: &str| s.to_ascii_lowercase();
        let mut checks = 0;
        for (i, s) in strings.iter().enumerate() {
            let s = s.as_str();
            let what =
                |op: &str| format!("{}: {op} string #{i} ({:?})", db.name, s.chars().take(40).collect::<String>());
            let f = workspace::name;
            assert_eq!(ids(f().equals(s)), expect(&|n| n == s), "{}", what("equals"));
            assert_eq!(ids(f().not(s)), expect(&|n| n != s), "{}", what("not"));
            assert_eq!(ids(f().in_([s, "\u{1}absent"])), expect(&|n| n == s), "{}", what("in"));
            assert_eq!(ids(f().not_in([s, "\u{1}absent"])), expect(&|n| n != s), "{}", what("not_in"));
            assert_eq!(ids(f().contains(s).into()), expect(&|n| n.contains(s)), "{}", what("contains"));
            assert_eq!(ids(f().starts_with(s).into()), expect(&|n| n.starts_with(s)), "{}", what("starts_with"));
            assert_eq!(ids(f().ends_with(s).into()), expect(&|n| n.ends_with(s)), "{}", what("ends_with"));
            let (ls, ci) = (lower(s), |n: &str| lower(n));
            assert_eq!(
                ids(f().contains(s).insensitive().into()),
                expect(&|n| ci(n).contains(&ls)),
                "{}",
                what("contains insensitive")
            );
            assert_eq!(
                ids(f().starts_with(s).insensitive().into()),
                expect(&|n| ci(n).starts_with(&ls)),
                "{}",
                what("starts_with insensitive")
            );
            assert_eq!(
                ids(f().ends_with(s).insensitive().into()),
                expect(&|n| ci(n).ends_with(&ls)),
                "{}",
                what("ends_with insensitive")
            );
            // lt / gt: a partition around the value (collation-independent); byte order on SQLite (BINARY).
            let (lt, gt) = (ids(f().lt(s)), ids(f().gt(s)));
            let eq = ids(f().gte(s).and(f().lte(s)));
            assert_eq!(eq, expect(&|n| n == s), "{}", what("gte and lte"));
            assert!(lt.is_disjoint(&gt) && lt.is_disjoint(&eq) && gt.is_disjoint(&eq), "{}", what("lt/gt"));
            assert_eq!(lt.len() + gt.len() + eq.len(), all.len(), "{}", what("lt + eq + gt"));
            if !db.is_pg() {
                assert_eq!(lt, expect(&|n| n.as_bytes() < s.as_bytes()), "{}", what("lt"));
                assert_eq!(gt, expect(&|n| n.as_bytes() > s.as_bytes()), "{}", what("gt"));
            }
            checks += 14;
        }
        // Insensitive matching across case, literally.
        assert_eq!(
            ids(workspace::name().contains("drop TABLE USERS;").insensitive().into()),
            expect(&|n| lower(n).contains("drop table users;")),
            "{}",
            db.name
        );
        // Raw SQL with the same values bound.
        for s in strings.iter().take(strings.len() - 1) {
            let rows = c.raw().query("SELECT count(*) FROM workspaces WHERE name = $1", &[Value::String(s.clone())]);
            let n = rows.unwrap()[0][0].clone();
            assert!(matches!(n, Value::BigInt(1) | Value::Int(1)), "{}: raw count for {s:?}: {n:?}", db.name);
        }
        assert_eq!(c.workspace().count().exec().unwrap(), all.len() as i64, "{}: no table was dropped", db.name);
        assert!(c.user().count().exec().is_ok(), "{}: the users table is still there", db.name);

        let nul = if db.is_pg() {
            // PostgreSQL text cannot hold NUL: a Validation error before anything is sent, nothing written.
            let r = c.workspace().create(WorkspaceCreate::new("nul", "nul\0byte")).exec();
            assert!(matches!(r, Err(Error::Validation(_))), "postgres: NUL in text: {r:?}");
            let r = c.workspace().find_many().filter(workspace::name().equals("a\0b")).exec();
            assert!(matches!(r, Err(Error::Validation(_))), "postgres: NUL in a filter: {r:?}");
            let r = c.raw().query("SELECT $1::text", &[Value::String("\0".into())]);
            assert!(matches!(r, Err(Error::Validation(_))), "postgres: NUL in raw SQL: {r:?}");
            assert_eq!(c.workspace().count().exec().unwrap(), all.len() as i64);
            "NUL rejected with Validation (create, filter, raw), nothing written"
        } else {
            "NUL round-trips and matches"
        };
        println!(
            "[4 hostile] {}: {} strings (largest {} bytes) round-trip; {checks} filter checks (equals, not, in, \
             not_in, contains, starts_with, ends_with, 3 insensitive, lt, gt, gte+lte) match; {nul}",
            db.name,
            strings.len(),
            strings.iter().map(String::len).max().unwrap_or(0)
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Decimals and BigInt extremes

#[test]
fn decimals_and_big_ints_round_trip() {
    let decimals = ["12345678.90", "0.01", "-99999999.99", "99999999.99", "-0.01", "0.10", "0.00", "1.50"];
    let bigs = [i64::MIN, i64::MAX, 0, -1, 1, i64::MIN + 1, i64::MAX - 1, 9_007_199_254_740_993];
    for db in backends("numbers") {
        let c = &db.client;
        let u = c.user().create(UserCreate::new("money@example.com")).exec().unwrap();
        let rp = c.referral_program().create(ReferralProgramCreate::new(&u.id, "CODE")).exec().unwrap();
        for s in decimals {
            let d = Decimal::from_str(s).unwrap();
            let created =
                c.referral_payout().create(ReferralPayoutCreate::new(&rp.id, d, PayoutMethod::Paypal)).exec().unwrap();
            assert_eq!((created.amount, created.amount.to_string()), (d, s.to_string()), "{}: create {s}", db.name);
            let back = c.referral_payout().find_unique(referral_payout::by_id(&created.id)).exec().unwrap().unwrap();
            assert_eq!(back.amount.to_string(), s, "{}: read back {s}", db.name);
            let found = c.referral_payout().find_many().filter(referral_payout::amount().equals(d)).exec().unwrap();
            assert_eq!(found.len(), 1, "{}: equals {s}", db.name);
            assert_eq!(found[0].amount.to_string(), s);
        }
        // Arithmetic in the database keeps the scale.
        let updated = c
            .referral_program()
            .update(
                schemagen_sdk::referral_program::by_id(&rp.id),
                vec![schemagen_sdk::referral_program::total_earnings()
                    .increment(Decimal::from_str("12345678.90").unwrap())],
            )
            .exec()
            .unwrap();
        assert_eq!(updated.total_earnings.to_string(), "12345678.90", "{}", db.name);
        let agg = c
            .referral_payout()
            .aggregate()
            .min(referral_payout::amount())
            .max(referral_payout::amount())
            .exec()
            .unwrap();
        assert_eq!(agg.min(referral_payout::amount()).map(|d| d.to_string()).as_deref(), Some("-99999999.99"));
        assert_eq!(agg.max(referral_payout::amount()).map(|d| d.to_string()).as_deref(), Some("99999999.99"));

        for v in bigs {
            let su = c
                .storage_usage()
                .create(StorageUsageCreate { total_used: Some(v), drive_cache: Some(v), ..StorageUsageCreate::new() })
                .exec()
                .unwrap();
            assert_eq!((su.total_used, su.drive_cache), (v, v), "{}: create {v}", db.name);
            let back = c.storage_usage().find_unique(storage_usage::by_id(&su.id)).exec().unwrap().unwrap();
            assert_eq!(back.total_used, v, "{}: read back {v}", db.name);
            let n = c.storage_usage().count().filter(storage_usage::total_used().equals(v)).exec().unwrap();
            assert_eq!(n, 1, "{}: equals {v}", db.name);
        }
        let agg = c
            .storage_usage()
            .aggregate()
            .min(storage_usage::total_used())
            .max(storage_usage::total_used())
            .exec()
            .unwrap();
        assert_eq!(agg.min(storage_usage::total_used()), Some(i64::MIN), "{}", db.name);
        assert_eq!(agg.max(storage_usage::total_used()), Some(i64::MAX), "{}", db.name);
        let top = c.storage_usage().count().filter(storage_usage::total_used().gt(i64::MAX - 1)).exec().unwrap();
        assert_eq!(top, 1, "{}", db.name);
        println!(
            "[5 numbers] {}: {} Decimal(10,2) values exact in value and scale (create, read, equals, min/max, \
             increment); BigInt StorageUsage.totalUsed {} values incl. i64::MIN/i64::MAX exact (create, read, equals, \
             gt, min/max)",
            db.name,
            decimals.len(),
            bigs.len()
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Bounded queries for includes

fn user_with_subscriptions(c: &Client, n: usize, subs: usize, invoices: usize) -> User {
    let u = c.user().create(UserCreate::new(format!("u{n}@example.com"))).exec().unwrap();
    for s in 0..subs {
        let (start, end) = (now(), now() + chrono::Duration::days(30));
        let sub = c
            .subscription()
            .create(SubscriptionCreate {
                user_id: Some(u.id.clone()),
                ..SubscriptionCreate::new(SubscriptionPlan::IndividualPro, 1000 + s as i32, start, end)
            })
            .with(subscription::invoices().create(move |sub: &schemagen_sdk::Subscription| {
                (0..invoices)
                    .map(|i| InvoiceCreate::new(&sub.id, format!("INV-{n}-{s}-{i}"), 1000, 1200, end))
                    .collect::<Vec<_>>()
            }))
            .exec()
            .unwrap();
        assert_eq!(sub.invoices.as_ref().map(Vec::len), Some(invoices), "nested create loads the relation");
    }
    u
}

#[test]
fn includes_use_one_query_per_level() {
    for db in backends("includes") {
        let c = &db.client;
        let load = || {
            let before = queries(c);
            let users = c
                .user()
                .find_many()
                .include(user::subscriptions().include().include(subscription::invoices()))
                .exec()
                .unwrap();
            (users, queries(c) - before)
        };
        user_with_subscriptions(c, 0, 20, 5);
        let (users, q1) = load();
        assert_eq!(users.len(), 1);
        let subs = users[0].subscriptions.as_ref().expect("subscriptions loaded");
        assert_eq!(subs.len(), 20, "{}", db.name);
        assert!(subs.iter().all(|s| s.invoices.as_ref().map(Vec::len) == Some(5)), "{}", db.name);
        assert_eq!(q1, 3, "{}: users + subscriptions + invoices", db.name);

        for n in 1..10 {
            user_with_subscriptions(c, n, 20, 5);
        }
        let (users, q10) = load();
        assert_eq!(users.len(), 10);
        let invoices: usize = users
            .iter()
            .flat_map(|u| u.subscriptions.as_ref().unwrap())
            .map(|s| s.invoices.as_ref().unwrap().len())
            .sum();
        assert_eq!(invoices, 10 * 20 * 5, "{}", db.name);
        assert_eq!(q10, 3, "{}: the same number of queries for 10 users", db.name);

        // The other direction (to-one), and find_unique.
        let before = queries(c);
        let inv = c
            .invoice()
            .find_many()
            .include(invoice::subscription().include().include(subscription::user()))
            .exec()
            .unwrap();
        let q_up = queries(c) - before;
        assert_eq!(inv.len(), 1000);
        assert!(inv.iter().all(|i| i.subscription.as_ref().and_then(|s| s.user.as_ref()).is_some()));
        assert_eq!(q_up, 3, "{}: invoices + subscriptions + users", db.name);
        let before = queries(c);
        let one = c
            .user()
            .find_unique(user::by_email("u3@example.com"))
            .include(user::subscriptions().include().include(subscription::invoices()))
            .exec()
            .unwrap()
            .unwrap();
        let q_one = queries(c) - before;
        assert_eq!(one.subscriptions.map(|s| s.len()), Some(20));
        assert_eq!(q_one, 3, "{}", db.name);
        println!(
            "[6 includes] {}: users -> subscriptions -> invoices: {q1} queries for 1 user (20 subs, 100 invoices), \
             {q10} for 10 users (200 subs, 1000 invoices); invoices -> subscription -> user: {q_up}; find_unique \
             with 2 levels: {q_one}",
            db.name
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// 7. Every operation once

fn titles(tasks: &[schemagen_sdk::Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.title.as_str()).collect()
}

#[test]
fn every_operation_once() {
    for db in backends("everyop") {
        every_operation(&db).unwrap_or_else(|e| panic!("{}: {e}", db.name));
        println!("[7 every op] {}: all operations passed", db.name);
    }
}

fn every_operation(db: &Backend) -> schemagen_sdk::Result<()> {
    let c = &db.client;
    let t0 = now() - chrono::Duration::seconds(1);

    // create: client defaults (cuid, now(), @updatedAt) and database defaults.
    let u1 = c.user().create(UserCreate { name: Some("One".into()), ..UserCreate::new("one@example.com") }).exec()?;
    assert!(u1.id.len() >= 20 && u1.id.starts_with('c'), "cuid: {}", u1.id);
    assert!(u1.created_at >= t0 && u1.created_at <= now(), "now()");
    assert!(u1.updated_at >= t0, "@updatedAt");
    // create_many (+ skip_duplicates).
    let n =
        c.user().create_many(vec![UserCreate::new("two@example.com"), UserCreate::new("three@example.com")]).exec()?;
    assert_eq!(n, 2);
    let n = c
        .user()
        .create_many(vec![UserCreate::new("two@example.com"), UserCreate::new("four@example.com")])
        .skip_duplicates()
        .exec()?;
    assert_eq!(n, 1, "the duplicate is skipped");
    let u2 = c.user().find_unique(user::by_email("two@example.com")).exec()?.expect("two");
    let u3 = c.user().find_unique(user::by_email("three@example.com")).exec()?.expect("three");
    assert!(!u2.id.is_empty() && u2.id != u3.id);

    let ws = c.workspace().create(WorkspaceCreate::new("acme", "Acme")).exec()?;
    let m = c.workspace_member().create(WorkspaceMemberCreate::new(&ws.id, &u1.id)).exec()?;

    // find_unique by id, by @unique, by @@unique.
    assert_eq!(c.user().find_unique(user::by_id(&u1.id)).exec()?.map(|u| u.email), Some(u1.email.clone()));
    assert_eq!(c.workspace().find_unique(workspace::by_slug("acme")).exec()?.map(|w| w.id), Some(ws.id.clone()));
    let found = c.workspace_member().find_unique(workspace_member::by_workspace_id_user_id(&ws.id, &u1.id)).exec()?;
    assert_eq!(found.map(|x| x.id), Some(m.id));

    // Nested create: a project with its tasks.
    let day = chrono::Duration::days(1);
    let (a1, a2) = (u1.id.clone(), u2.id.clone());
    let creator = u3.id.clone();
    let p = c
        .project()
        .create(ProjectCreate::new(&ws.id, "Launch"))
        .with(project::tasks().create(move |p: &schemagen_sdk::Project| {
            let mk = |title: &str, pos: i32, assignee: Option<&String>, due: Option<i64>| TaskCreate {
                position: Some(pos),
                assignee_id: assignee.cloned(),
                due_date: due.map(|d| now() + day * d as i32),
                ..TaskCreate::new(&p.id, title, &creator)
            };
            vec![
                mk("alpha", 10, Some(&a1), Some(3)),
                mk("bravo", 20, Some(&a1), None),
                mk("charlie", 30, Some(&a2), Some(1)),
                mk("delta", 40, None, Some(2)),
                mk("echo", 50, None, None),
            ]
        }))
        .exec()?;
    assert_eq!(p.tasks.as_ref().map(Vec::len), Some(5), "nested create");
    let _empty = c.project().create(ProjectCreate::new(&ws.id, "Empty")).exec()?;

    // find_first.
    let first = c.task().find_first().filter(task::position().gt(15)).order_by(task::position().asc()).exec()?;
    assert_eq!(first.map(|t| t.title), Some("bravo".into()));

    // AND / OR / NOT.
    let all =
        |f: rt::Filter<schemagen_sdk::Task>| c.task().find_many().filter(f).order_by(task::position().asc()).exec();
    assert_eq!(
        titles(&all(and(vec![task::position().gte(20), task::position().lte(40), task::assignee_id().is_not_null()]))?),
        ["bravo", "charlie"]
    );
    assert_eq!(titles(&all(or(vec![task::title().equals("alpha"), task::position().equals(50)]))?), ["alpha", "echo"]);
    assert_eq!(titles(&all(not(task::position().lt(40)))?), ["delta", "echo"]);
    assert_eq!(titles(&all(!task::title().starts_with("a") & task::position().lte(20))?), ["bravo"]);
    assert_eq!(titles(&all(task::position().equals(10) | task::position().equals(30))?), ["alpha", "charlie"]);
    // in / not_in, lt / lte / gt / gte.
    assert_eq!(titles(&all(task::position().in_([10, 50, 99]))?), ["alpha", "echo"]);
    assert_eq!(titles(&all(task::position().not_in([10, 50]))?), ["bravo", "charlie", "delta"]);
    assert_eq!(titles(&all(task::position().lt(20))?), ["alpha"]);
    assert_eq!(titles(&all(task::position().lte(20))?), ["alpha", "bravo"]);
    assert_eq!(titles(&all(task::position().gt(40))?), ["echo"]);
    assert_eq!(titles(&all(task::position().gte(40))?), ["delta", "echo"]);
    // is null.
    assert_eq!(titles(&all(task::assignee_id().is_null())?), ["delta", "echo"]);
    assert_eq!(titles(&all(task::due_date().is_null())?), ["bravo", "echo"]);
    // Relation filters: some / every / none (to-many), is / is_not (to-one).
    let projects = |f: rt::Filter<schemagen_sdk::Project>| -> schemagen_sdk::Result<Vec<String>> {
        Ok(c.project()
            .find_many()
            .filter(f)
            .order_by(project::name().asc())
            .exec()?
            .into_iter()
            .map(|p| p.name)
            .collect())
    };
    assert_eq!(projects(project::tasks().some(task::title().equals("delta")))?, ["Launch"]);
    assert_eq!(projects(project::tasks().every(task::position().gte(10)))?, ["Empty", "Launch"]);
    assert_eq!(projects(project::tasks().every(task::position().gte(20)))?, ["Empty"]);
    assert_eq!(projects(project::tasks().none(task::position().gt(100)))?, ["Empty", "Launch"]);
    assert_eq!(projects(project::tasks().none(task::position().gt(10)))?, ["Empty"]);
    assert_eq!(titles(&all(task::assignee().is(user::email().equals("one@example.com")))?), ["alpha", "bravo"]);
    assert_eq!(
        titles(&all(task::assignee().is_not(user::email().equals("one@example.com")).and(task::assignee().exists()))?),
        ["charlie"]
    );
    assert_eq!(c.user().count().filter(user::assigned_tasks().some(task::position().gt(0))).exec()?, 2);

    // order_by several keys, nulls first / last.
    let by = |o: Vec<rt::OrderBy<schemagen_sdk::Task>>| -> schemagen_sdk::Result<Vec<String>> {
        let mut q = c.task().find_many();
        for o in o {
            q = q.order_by(o);
        }
        Ok(q.exec()?.into_iter().map(|t| t.title).collect())
    };
    assert_eq!(
        by(vec![task::assignee_id().asc().nulls_first(), task::position().desc()])?[..2],
        ["echo".to_string(), "delta".to_string()]
    );
    assert_eq!(
        by(vec![task::due_date().asc().nulls_last(), task::title().desc()])?,
        ["charlie", "delta", "alpha", "echo", "bravo"]
    );
    assert_eq!(
        by(vec![task::due_date().desc().nulls_first(), task::title().asc()])?,
        ["bravo", "echo", "alpha", "delta", "charlie"]
    );
    // skip / take, cursor.
    let page = c.task().find_many().order_by(task::position().asc()).skip(1).take(2).exec()?;
    assert_eq!(titles(&page), ["bravo", "charlie"]);
    let charlie = page[1].clone();
    let after =
        c.task().find_many().order_by(task::position().asc()).cursor(task::by_id(&charlie.id)).take(2).exec()?;
    assert_eq!(titles(&after), ["charlie", "delta"]);
    let after =
        c.task().find_many().order_by(task::position().asc()).cursor(task::by_id(&charlie.id)).skip(1).exec()?;
    assert_eq!(titles(&after), ["delta", "echo"]);
    // distinct.
    let d = c.task().find_many().order_by(task::position().asc()).distinct(task::assignee_id()).exec()?;
    assert_eq!(titles(&d), ["alpha", "charlie", "delta"], "first of each assignee (NULL is one value)");
    // select a subset.
    let sel: Vec<(String, i32)> = c
        .task()
        .find_many()
        .filter(task::position().lte(20))
        .order_by(task::position().asc())
        .select((task::title(), task::position()))
        .exec()?;
    assert_eq!(sel, [("alpha".to_string(), 10), ("bravo".to_string(), 20)]);
    // count, aggregate.
    assert_eq!(c.task().count().exec()?, 5);
    assert_eq!(c.task().count().filter(task::assignee_id().is_null()).exec()?, 2);
    let agg = c
        .task()
        .aggregate()
        .count()
        .count_of(task::assignee_id())
        .sum(task::position())
        .avg(task::position())
        .min(task::position())
        .max(task::title())
        .exec()?;
    assert_eq!(agg.count(), 5);
    assert_eq!(agg.count_of(task::assignee_id()), 3);
    assert_eq!(agg.sum(task::position()), Some(150));
    assert_eq!(agg.avg(task::position()), Some(30.0));
    assert_eq!(agg.min(task::position()), Some(10));
    assert_eq!(agg.max(task::title()), Some("echo".to_string()));
    let none = c.task().aggregate().filter(task::position().gt(1000)).count().sum(task::position()).exec()?;
    assert_eq!((none.count(), none.sum(task::position())), (0, None));
    // group_by with having and ordering by an aggregate.
    let groups = c
        .task()
        .group_by(task::assignee_id())
        .count()
        .sum(task::position())
        .having(task::position().sum().gte(30))
        .order_by(task::position().sum().desc())
        .exec()?;
    let got: Vec<(Option<String>, i64, Option<i64>)> =
        groups.iter().map(|g| (g.key.clone(), g.aggs.count(), g.aggs.sum(task::position()))).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], (None, 2, Some(90)));
    let rest: BTreeSet<_> = got[1..].iter().cloned().collect();
    assert_eq!(rest, BTreeSet::from([(Some(u1.id.clone()), 2, Some(30)), (Some(u2.id.clone()), 1, Some(30))]));
    let busy = c.task().group_by(task::assignee_id()).count().having(task::position().count().gt(1)).exec()?;
    assert_eq!(busy.len(), 2, "u1 and NULL have two tasks each");

    // update: set / increment / decrement / multiply / divide; @updatedAt moves.
    let alpha = c.task().find_first().filter(task::title().equals("alpha")).exec()?.expect("alpha");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let t = c.task().update(task::by_id(&alpha.id), vec![task::position().increment(5)]).exec()?;
    assert_eq!(t.position, 15);
    assert!(t.updated_at > alpha.updated_at, "@updatedAt on update");
    let t = c.task().update(task::by_id(&alpha.id), vec![task::position().multiply(4)]).exec()?;
    assert_eq!(t.position, 60);
    let t = c.task().update(task::by_id(&alpha.id), vec![task::position().divide(3)]).exec()?;
    assert_eq!(t.position, 20);
    let t = c
        .task()
        .update(
            task::by_id(&alpha.id),
            vec![task::position().decrement(7), task::title().set("alpha2".into()), task::due_date().set_null()],
        )
        .exec()?;
    assert_eq!((t.position, t.title.as_str(), t.due_date), (13, "alpha2", None));
    assert_eq!(t.created_at, alpha.created_at);
    // update_many.
    let n = c.task().update_many(task::assignee_id().is_null(), vec![task::position().increment(1)]).exec()?;
    assert_eq!(n, 2);
    assert_eq!(c.task().count().filter(task::position().in_([41, 51])).exec()?, 2);
    // upsert: create path, then update path.
    let up = c
        .user()
        .upsert(
            user::by_email("up@example.com"),
            UserCreate { name: Some("created".into()), ..UserCreate::new("up@example.com") },
            vec![user::name().set(Some("updated".into()))],
        )
        .exec()?;
    assert_eq!(up.name.as_deref(), Some("created"));
    let up2 = c
        .user()
        .upsert(
            user::by_email("up@example.com"),
            UserCreate { name: Some("created".into()), ..UserCreate::new("up@example.com") },
            vec![user::name().set(Some("updated".into()))],
        )
        .exec()?;
    assert_eq!((up2.id.as_str(), up2.name.as_deref()), (up.id.as_str(), Some("updated")));
    assert_eq!(c.user().count().filter(user::email().equals("up@example.com")).exec()?, 1);

    // Implicit m:n: connect / disconnect (Task <-> Label).
    let bug = c.label().create(LabelCreate::new(&ws.id, "bug")).exec()?;
    let ui =
        c.label().create(LabelCreate { color: Some("#ff0000".into()), ..LabelCreate::new(&ws.id, "ui") }).exec()?;
    assert_eq!(bug.color, "#6b7280", "database default");
    let with = c
        .task()
        .update(
            task::by_id(&alpha.id),
            vec![task::labels().connect(vec![label::by_id(&bug.id), label::by_workspace_id_name(&ws.id, "ui")])],
        )
        .include(task::labels())
        .exec()?;
    assert_eq!(with.labels.as_ref().map(Vec::len), Some(2));
    assert_eq!(c.task().count().filter(task::labels().some(label::name().equals("ui"))).exec()?, 1);
    assert_eq!(c.label().count().filter(label::tasks().some(task::id().equals(&alpha.id))).exec()?, 2);
    let with = c
        .task()
        .update(task::by_id(&alpha.id), vec![task::labels().disconnect(vec![label::by_id(&ui.id)])])
        .include(task::labels())
        .exec()?;
    let names: Vec<String> = with.labels.unwrap_or_default().into_iter().map(|l| l.name).collect();
    assert_eq!(names, ["bug"]);
    let l = c.label().find_unique(label::by_id(&ui.id)).include(label::tasks()).exec()?.expect("ui");
    assert_eq!(l.tasks.map(|t| t.len()), Some(0));
    let missing =
        c.task().update(task::by_id(&alpha.id), vec![task::labels().connect(vec![label::by_id("nope")])]).exec();
    assert!(matches!(missing, Err(Error::NotFound { .. })), "connect to a missing label: {missing:?}");

    // delete, delete_many.
    let echo = c.task().find_first().filter(task::title().equals("echo")).exec()?.expect("echo");
    let deleted = c.task().delete(task::by_id(&echo.id)).exec()?;
    assert_eq!(deleted.title, "echo");
    assert_eq!(c.task().find_unique(task::by_id(&echo.id)).exec()?, None);
    let n = c.task().delete_many(task::position().gte(30)).exec()?;
    assert_eq!(n, 2, "charlie (30) and delta (41)");
    assert_eq!(c.task().count().exec()?, 2);

    // Interactive transaction: rolled back on Err and on panic.
    let users_before = c.user().count().exec()?;
    let r: schemagen_sdk::Result<()> = c.transaction(|tx| {
        tx.user().create(UserCreate::new("rollback@example.com")).exec()?;
        tx.task().update_many(rt::Filter::all(), vec![task::position().set(0)]).exec()?;
        Err(Error::Validation("stop".into()))
    });
    assert!(matches!(r, Err(Error::Validation(_))));
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _: schemagen_sdk::Result<()> = c.transaction(|tx| {
            tx.user().create(UserCreate::new("panic@example.com")).exec()?;
            tx.task().update_many(rt::Filter::all(), vec![task::position().set(0)]).exec()?;
            panic!("boom inside the transaction");
        });
    }));
    assert!(panicked.is_err(), "the panic continues");
    assert_eq!(c.user().count().exec()?, users_before, "nothing written by the rolled-back transactions");
    assert_eq!(c.task().count().filter(task::position().equals(0)).exec()?, 0);
    let committed = c.transaction(|tx| tx.user().create(UserCreate::new("commit@example.com")).exec())?;
    assert!(c.user().find_unique(user::by_id(&committed.id)).exec()?.is_some(), "the pool works after a panic");

    // Raw SQL with bound parameters.
    let rows = c.raw().query(
        "SELECT email, name FROM users WHERE email = $1 OR email = $2 ORDER BY email",
        &[Value::String("one@example.com".into()), Value::String("' OR 1=1 --".into())],
    )?;
    assert_eq!(rows, vec![vec![Value::String("one@example.com".into()), Value::String("One".into())]]);
    let n = c
        .raw()
        .execute("UPDATE tasks SET position = $1 WHERE title = $2", &[Value::Int(7), Value::String("alpha2".into())])?;
    assert_eq!(n, 1);
    assert_eq!(c.task().find_unique(task::by_id(&alpha.id)).exec()?.map(|t| t.position), Some(7));
    Ok(())
}
