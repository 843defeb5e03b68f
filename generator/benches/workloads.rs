//! Database workloads over the real schema (`schema/*.prisma`, tables created by `sdk/migrations/<provider>/*`):
//! raw driver baselines (rusqlite, tokio-postgres, the sync `postgres` crate) that the generated SDK is
//! measured against in the same run.
//!
//! Run: `cargo bench -p schemagen --bench workloads` (PostgreSQL groups need `SCHEMAGEN_BENCH_PG_URL` or
//! `DATABASE_URL`). See `benches/README.md` for how to read the summary table printed at the end.
//!
//! One criterion iteration is one unit of work of the workload (one insert, one find, one query, one deduction,
//! one user load); seeding and table resets run outside the measured time (`iter_custom`). After the criterion
//! groups, a summary pass runs every variant once more over the workload's stated operation count (variants
//! interleaved in chunks), timed with `Instant`, and prints µs/op per workload × variant, and SDK / fastest-raw
//! ratios.
//!
//! Workloads:
//! - W1: insert users, one INSERT each (cuid-like id generated client side, createdAt/updatedAt = now); the
//!   table is emptied (unmeasured) every 10,000 rows.
//! - W2: find-by-id of random existing users (10,000 seeded), full row decoded into a struct.
//! - W3: 2,000 subscriptions seeded; query `status = ACTIVE AND amount >= 1000 ORDER BY createdAt DESC LIMIT 50`.
//! - W4: credit deduction in its own transaction: conditional decrement of `ai_credit_balances.balance` + insert of
//!   an `ai_credit_transactions` row, commit.
//! - W5: load a user with its subscriptions and their invoices (one query per level), decoded into structs.
//!
//! Adding a variant (e.g. the SDK) = one more `impl Variant` and one more entry in `variants()`.

use std::hint::black_box;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDateTime, Utc};
use criterion::{Criterion, Throughput};
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------------------------------

/// Operation counts of the workloads (the summary pass runs exactly these; criterion chooses its own counts).
#[derive(Clone, Copy)]
struct Sizes {
    /// W1: users inserted (also the table size at which criterion's W1 run empties the table).
    w1_inserts: usize,
    /// W2: users seeded / finds run.
    w2_users: usize,
    w2_finds: usize,
    /// W3: subscriptions seeded / queries run.
    w3_subscriptions: usize,
    w3_queries: usize,
    /// W4: accounts (user + balance) seeded / deductions run.
    w4_accounts: usize,
    w4_deductions: usize,
    /// W5: users seeded (each with 1–3 subscriptions of 3 invoices) / user loads run.
    w5_users: usize,
    w5_loads: usize,
}

const FULL: Sizes = Sizes {
    w1_inserts: 10_000,
    w2_users: 10_000,
    w2_finds: 10_000,
    w3_subscriptions: 2_000,
    w3_queries: 1_000,
    w4_accounts: 100,
    w4_deductions: 5_000,
    w5_users: 500,
    w5_loads: 500,
};

/// `cargo test --benches` / `cargo bench -- --test`: every path runs, on small data.
const SMOKE: Sizes = Sizes {
    w1_inserts: 200,
    w2_users: 200,
    w2_finds: 200,
    w3_subscriptions: 200,
    w3_queries: 20,
    w4_accounts: 10,
    w4_deductions: 50,
    w5_users: 30,
    w5_loads: 30,
};

/// W4: the ai_credit_transactions table is emptied (unmeasured) when criterion's run has added this many rows.
const W4_RESET_ROWS: usize = 50_000;
const INVOICES_PER_SUBSCRIPTION: usize = 3;

// ---------------------------------------------------------------------------------------------------------------
// Row types, as the SDK produces them (chrono / rust_decimal types, enums as Rust enums)
// ---------------------------------------------------------------------------------------------------------------

macro_rules! db_enum {
    ($name:ident { $($variant:ident = $db:literal),* $(,)? }) => {
        #[allow(dead_code)] // not every enum is read back / enumerated
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum $name { $($variant),* }
        #[allow(dead_code)]
        impl $name {
            const ALL: &'static [$name] = &[$($name::$variant),*];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $db),* }
            }
            fn from_db(s: &str) -> $name {
                match s {
                    $($db => $name::$variant,)*
                    other => panic!(concat!("unknown ", stringify!($name), " value {:?}"), other),
                }
            }
        }
    };
}

db_enum!(SubscriptionPlan {
    Free = "FREE",
    IndividualPro = "INDIVIDUAL_PRO",
    TeamStandard = "TEAM_STANDARD",
    TeamPremium = "TEAM_PREMIUM",
    Enterprise = "ENTERPRISE",
});
db_enum!(SubscriptionStatus {
    Active = "ACTIVE",
    Canceled = "CANCELED",
    PastDue = "PAST_DUE",
    Incomplete = "INCOMPLETE",
    Trialing = "TRIALING",
    IncompleteExpired = "INCOMPLETE_EXPIRED",
});
db_enum!(BillingInterval { Monthly = "MONTHLY", Yearly = "YEARLY" });
db_enum!(InvoiceStatus { Pending = "PENDING", Paid = "PAID", Failed = "FAILED", Refunded = "REFUNDED", Void = "VOID" });
db_enum!(CreditTransactionType {
    Purchase = "PURCHASE",
    SubscriptionGrant = "SUBSCRIPTION_GRANT",
    Usage = "USAGE",
    Refund = "REFUND",
    Bonus = "BONUS",
    AdminAdjustment = "ADMIN_ADJUSTMENT",
});
db_enum!(AiService {
    TaskGeneration = "TASK_GENERATION",
    SmartNotifications = "SMART_NOTIFICATIONS",
    ProjectAnalysis = "PROJECT_ANALYSIS",
    ChatAssistant = "CHAT_ASSISTANT",
    DocumentAnalysis = "DOCUMENT_ANALYSIS",
    WorkflowOptimization = "WORKFLOW_OPTIMIZATION",
});

#[allow(dead_code)] // fields are read through black_box / Debug only
#[derive(Debug, Clone)]
struct User {
    id: String,
    email: String,
    name: Option<String>,
    avatar_url: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    subscriptions: Option<Vec<Subscription>>,
}

#[allow(dead_code)]
#[derive(Debug, Clone)]
struct Subscription {
    id: String,
    user_id: Option<String>,
    workspace_id: Option<String>,
    stripe_subscription_id: Option<String>,
    plan: SubscriptionPlan,
    status: SubscriptionStatus,
    billing_interval: BillingInterval,
    amount: i32,
    currency: String,
    current_period_start: DateTime<Utc>,
    current_period_end: DateTime<Utc>,
    trial_start: Option<DateTime<Utc>>,
    trial_end: Option<DateTime<Utc>>,
    cancel_at_period_end: bool,
    canceled_at: Option<DateTime<Utc>>,
    max_users: i32,
    max_storage: i32,
    max_ai_credits: i32,
    max_api_calls: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    invoices: Option<Vec<Invoice>>,
}

#[allow(dead_code)]
#[derive(Debug, Clone)]
struct Invoice {
    id: String,
    subscription_id: String,
    payment_method_id: Option<String>,
    stripe_invoice_id: Option<String>,
    number: String,
    status: InvoiceStatus,
    subtotal: i32,
    tax: i32,
    total: i32,
    amount_paid: i32,
    currency: String,
    description: Option<String>,
    issue_date: DateTime<Utc>,
    due_date: DateTime<Utc>,
    paid_at: Option<DateTime<Utc>>,
    hosted_invoice_url: Option<String>,
    invoice_pdf_url: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// Attach invoices to their subscriptions and subscriptions to the user (what an include does).
fn assemble(mut user: User, mut subs: Vec<Subscription>, invoices: Vec<Invoice>) -> User {
    for sub in &mut subs {
        sub.invoices = Some(Vec::new());
    }
    for inv in invoices {
        if let Some(sub) = subs.iter_mut().find(|s| s.id == inv.subscription_id) {
            sub.invoices.get_or_insert_with(Vec::new).push(inv);
        }
    }
    user.subscriptions = Some(subs);
    user
}

/// (subscriptions, invoices) of a loaded user, to check that every variant loads the same tree.
fn tree_size(user: &User) -> (usize, usize) {
    let subs = user.subscriptions.as_deref().unwrap_or_default();
    (subs.len(), subs.iter().map(|s| s.invoices.as_ref().map_or(0, Vec::len)).sum())
}

// ---------------------------------------------------------------------------------------------------------------
// Seed data (identical for every variant: a fixed-seed generator)
// ---------------------------------------------------------------------------------------------------------------

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A cuid-v1-shaped id: `c` + timestamp + counter + fingerprint + random, base 36, 25 characters.
fn cuid() -> String {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<(u64, u64)> = const { Cell::new((0, 0x5DEE_CE66_D1CE_4E5B)) };
    }
    fn push36(out: &mut String, mut v: u64, width: usize) {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut buf = [b'0'; 16];
        for slot in buf[16 - width..].iter_mut().rev() {
            *slot = DIGITS[(v % 36) as usize];
            v /= 36;
        }
        out.extend(buf[16 - width..].iter().map(|&b| b as char));
    }
    thread_local! {
        static FINGERPRINT: u64 = std::process::id() as u64;
    }
    let (counter, random) = STATE.with(|s| {
        let (c, mut r) = s.get();
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        s.set((c.wrapping_add(1), r));
        (c, r)
    });
    let millis = Utc::now().timestamp_millis() as u64;
    let mut out = String::with_capacity(25);
    out.push('c');
    push36(&mut out, millis, 8);
    push36(&mut out, counter % 1_679_616, 4);
    push36(&mut out, FINGERPRINT.with(|f| *f), 4);
    push36(&mut out, random % 2_821_109_907_456, 8);
    out
}

fn now() -> DateTime<Utc> {
    // Millisecond precision, as stored (TIMESTAMP(3) / Unix ms).
    DateTime::from_timestamp_millis(Utc::now().timestamp_millis()).expect("now")
}

fn base_time() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_767_225_600_000).expect("2026-01-01")
}

/// A subscription to insert (W3, W5 seeding).
struct SubscriptionSeed {
    user_id: Option<String>,
    plan: SubscriptionPlan,
    status: SubscriptionStatus,
    billing_interval: BillingInterval,
    amount: i32,
    current_period_start: DateTime<Utc>,
    current_period_end: DateTime<Utc>,
    trial_end: Option<DateTime<Utc>>,
    cancel_at_period_end: bool,
    created_at: DateTime<Utc>,
}

fn subscription_seed(rng: &mut Rng, user_id: Option<String>) -> SubscriptionSeed {
    // Half ACTIVE, the rest spread over the other statuses.
    let status = if rng.below(2) == 0 {
        SubscriptionStatus::Active
    } else {
        SubscriptionStatus::ALL[1 + rng.below(SubscriptionStatus::ALL.len() - 1)]
    };
    let created_at = base_time() - chrono::Duration::minutes(rng.below(365 * 24 * 60) as i64);
    let current_period_start = created_at + chrono::Duration::days(rng.below(30) as i64);
    SubscriptionSeed {
        user_id,
        plan: SubscriptionPlan::ALL[rng.below(SubscriptionPlan::ALL.len())],
        status,
        billing_interval: BillingInterval::ALL[rng.below(2)],
        amount: rng.below(5_000) as i32,
        current_period_start,
        current_period_end: current_period_start + chrono::Duration::days(30),
        trial_end: (status == SubscriptionStatus::Trialing).then(|| current_period_start + chrono::Duration::days(14)),
        cancel_at_period_end: rng.below(5) == 0,
        created_at,
    }
}

/// An invoice to insert (W5 seeding).
struct InvoiceSeed {
    subscription_id: String,
    number: String,
    status: InvoiceStatus,
    subtotal: i32,
    tax: i32,
    description: Option<String>,
    issue_date: DateTime<Utc>,
    due_date: DateTime<Utc>,
    paid_at: Option<DateTime<Utc>>,
    hosted_invoice_url: Option<String>,
}

fn invoice_seed(rng: &mut Rng, subscription_id: &str, number: usize) -> InvoiceSeed {
    let status = InvoiceStatus::ALL[rng.below(InvoiceStatus::ALL.len())];
    let issue_date = base_time() - chrono::Duration::days(rng.below(365) as i64);
    let subtotal = 500 + rng.below(10_000) as i32;
    InvoiceSeed {
        subscription_id: subscription_id.to_owned(),
        number: format!("INV-{number:06}"),
        status,
        subtotal,
        tax: subtotal / 5,
        description: Some(format!("Subscription invoice {number}")),
        issue_date,
        due_date: issue_date + chrono::Duration::days(14),
        paid_at: (status == InvoiceStatus::Paid).then(|| issue_date + chrono::Duration::days(3)),
        hosted_invoice_url: Some(format!("https://billing.example.com/i/{number}")),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The interface every variant implements
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// One database client under test, on a fresh, migrated database (SQLite in memory, or a fresh PostgreSQL
/// schema that is dropped with the value). Operations return small counts so that the harness can check that
/// every variant did the same work; decoded rows go through `black_box`.
trait Variant {
    /// Insert one user (id generated client side, createdAt/updatedAt = now); returns its id. W1's unit of work.
    fn insert_user(&mut self, email: &str, name: Option<&str>) -> String;
    /// Delete every user (and, by cascade, what hangs off them).
    fn clear_users(&mut self);
    /// Find a user by id, decoding the whole row. W2's unit of work. Returns whether it was found.
    fn find_user(&mut self, id: &str) -> bool;
    /// Insert one subscription; returns its id.
    fn insert_subscription(&mut self, seed: &SubscriptionSeed) -> String;
    /// W3's query; returns the number of rows decoded.
    fn active_subscriptions(&mut self) -> usize;
    /// Insert one invoice; returns its id.
    fn insert_invoice(&mut self, seed: &InvoiceSeed) -> String;
    /// Insert an ai_credit_balances row for the user; returns its id.
    fn insert_balance(&mut self, user_id: &str, balance: i32) -> String;
    /// W4's unit of work: one transaction (conditional decrement + ledger row). Returns whether it was applied.
    fn deduct(&mut self, balance_id: &str, user_id: &str, amount: i32) -> bool;
    /// Delete every ai_credit_transactions row.
    fn clear_credit_transactions(&mut self);
    /// W5's unit of work: a user, its subscriptions and their invoices. Returns (subscriptions, invoices).
    fn load_user_tree(&mut self, user_id: &str) -> (usize, usize);
    /// Statements sent so far, when the client counts them (the SDK does; transaction control excluded).
    fn statements_sent(&self) -> Option<u64> {
        None
    }
}

struct VariantSpec {
    name: &'static str,
    backend: Backend,
    /// Opens the variant on a fresh database; `tag` names the PostgreSQL schema. `None` = skipped.
    open: fn(tag: &str) -> Option<Box<dyn Variant>>,
}

fn variants() -> Vec<VariantSpec> {
    vec![
        VariantSpec { name: "raw_rusqlite", backend: Backend::Sqlite, open: |_| Some(Box::new(RawSqlite::open())) },
        VariantSpec {
            name: "raw_tokio_postgres",
            backend: Backend::Postgres,
            open: |tag| pg_url().map(|url| Box::new(RawTokioPg::open(&url, tag)) as Box<dyn Variant>),
        },
        VariantSpec {
            name: "raw_postgres_sync",
            backend: Backend::Postgres,
            open: |tag| pg_url().map(|url| Box::new(RawSyncPg::open(&url, tag)) as Box<dyn Variant>),
        },
        VariantSpec { name: "sdk_sqlite", backend: Backend::Sqlite, open: |_| Some(Box::new(Sdk::sqlite())) },
        VariantSpec {
            name: "sdk_postgres",
            backend: Backend::Postgres,
            open: |tag| pg_url().map(|url| Box::new(Sdk::postgres(&url, tag)) as Box<dyn Variant>),
        },
    ]
}

// ---------------------------------------------------------------------------------------------------------------
// Environment: migrations, PostgreSQL URL
// ---------------------------------------------------------------------------------------------------------------

/// The migration scripts of `sdk/migrations/<provider>/`, folders in name order.
fn migrations(provider: &str) -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sdk/migrations").join(provider);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("migration.sql").is_file())
        .collect();
    folders.sort();
    assert!(!folders.is_empty(), "no migrations in {}", dir.display());
    folders.iter().map(|f| std::fs::read_to_string(f.join("migration.sql")).expect("migration.sql")).collect()
}

/// `SCHEMAGEN_BENCH_PG_URL`, else `DATABASE_URL`, without a Prisma-style `schema` query parameter.
fn pg_url() -> Option<String> {
    let url = std::env::var("SCHEMAGEN_BENCH_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| u.starts_with("postgres")))?;
    Some(match url.split_once('?') {
        Some((base, query)) => {
            let kept: Vec<&str> = query.split('&').filter(|kv| !kv.starts_with("schema=")).collect();
            if kept.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        }
        None => url,
    })
}

fn schema_name(tag: &str) -> String {
    format!("bench_{}_{}", tag.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_"), std::process::id())
}

// ---------------------------------------------------------------------------------------------------------------
// SQL (written with $n placeholders; SQLite gets ?n)
// ---------------------------------------------------------------------------------------------------------------

const USER_COLS: &str = r#""id", "email", "name", "avatarUrl", "createdAt", "updatedAt""#;
const SUB_COLS: &str = r#""id", "userId", "workspaceId", "stripeSubscriptionId", "plan", "status", "billingInterval", "amount", "currency", "currentPeriodStart", "currentPeriodEnd", "trialStart", "trialEnd", "cancelAtPeriodEnd", "canceledAt", "maxUsers", "maxStorage", "maxAiCredits", "maxApiCalls", "createdAt", "updatedAt""#;
const INV_COLS: &str = r#""id", "subscriptionId", "paymentMethodId", "stripeInvoiceId", "number", "status", "subtotal", "tax", "total", "amountPaid", "currency", "description", "issueDate", "dueDate", "paidAt", "hostedInvoiceUrl", "invoicePdfUrl", "createdAt", "updatedAt""#;

const INSERT_USER: &str = r#"INSERT INTO "users" ("id", "email", "name", "avatarUrl", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6)"#;
const INSERT_SUBSCRIPTION: &str = r#"INSERT INTO "subscriptions" ("id", "userId", "plan", "status", "billingInterval", "amount", "currency", "currentPeriodStart", "currentPeriodEnd", "trialEnd", "cancelAtPeriodEnd", "maxUsers", "maxStorage", "maxAiCredits", "maxApiCalls", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, 'USD', $7, $8, $9, $10, 1, 1024, 10, 1000, $11, $11)"#;
const INSERT_INVOICE: &str = r#"INSERT INTO "invoices" ("id", "subscriptionId", "number", "status", "subtotal", "tax", "total", "amountPaid", "currency", "description", "issueDate", "dueDate", "paidAt", "hostedInvoiceUrl", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'USD', $9, $10, $11, $12, $13, $14, $14)"#;
const INSERT_BALANCE: &str = r#"INSERT INTO "ai_credit_balances" ("id", "userId", "balance", "totalPurchased", "totalUsed", "lastReset", "nextReset", "createdAt", "updatedAt") VALUES ($1, $2, $3, $3, 0, $4, $5, $4, $4)"#;
const DEDUCT: &str = r#"UPDATE "ai_credit_balances" SET "balance" = "balance" - $1, "updatedAt" = $2 WHERE "id" = $3 AND "balance" >= $1"#;
const INSERT_CREDIT_TX: &str = r#"INSERT INTO "ai_credit_transactions" ("id", "balanceId", "userId", "type", "amount", "service", "description", "purchaseAmount", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#;

fn select_user_by_id() -> String {
    format!(r#"SELECT {USER_COLS} FROM "users" WHERE "id" = $1 LIMIT 1"#)
}
fn select_active_subscriptions() -> String {
    format!(
        r#"SELECT {SUB_COLS} FROM "subscriptions" WHERE "status" = $1 AND "amount" >= $2 ORDER BY "createdAt" DESC LIMIT $3"#
    )
}
fn select_subscriptions_of_user() -> String {
    format!(r#"SELECT {SUB_COLS} FROM "subscriptions" WHERE "userId" = $1"#)
}
/// PostgreSQL: one prepared statement for any number of parents.
fn select_invoices_of_subscriptions_pg() -> String {
    format!(r#"SELECT {INV_COLS} FROM "invoices" WHERE "subscriptionId" = ANY($1)"#)
}
/// SQLite: `IN (?1, …, ?n)`, one statement text per n (kept, so not rebuilt per call).
fn select_invoices_of_subscriptions_sqlite(n: usize) -> String {
    let list: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    format!(r#"SELECT {INV_COLS} FROM "invoices" WHERE "subscriptionId" IN ({})"#, list.join(", "))
}

fn sqlite_sql(pg: &str) -> String {
    pg.replace('$', "?")
}

// ---------------------------------------------------------------------------------------------------------------
// Raw rusqlite
// ---------------------------------------------------------------------------------------------------------------

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).expect("timestamp in range")
}

fn sqlite_ts(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    row.get::<_, i64>(i).map(from_ms)
}

fn sqlite_opt_ts(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    row.get::<_, Option<i64>>(i).map(|v| v.map(from_ms))
}

fn sqlite_enum<T>(row: &rusqlite::Row<'_>, i: usize, parse: fn(&str) -> T) -> rusqlite::Result<T> {
    match row.get_ref(i)? {
        rusqlite::types::ValueRef::Text(bytes) => Ok(parse(std::str::from_utf8(bytes).expect("utf-8 enum"))),
        other => Err(rusqlite::Error::InvalidColumnType(i, "enum".into(), other.data_type())),
    }
}

fn user_from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        email: row.get(1)?,
        name: row.get(2)?,
        avatar_url: row.get(3)?,
        created_at: sqlite_ts(row, 4)?,
        updated_at: sqlite_ts(row, 5)?,
        subscriptions: None,
    })
}

fn subscription_from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: row.get(0)?,
        user_id: row.get(1)?,
        workspace_id: row.get(2)?,
        stripe_subscription_id: row.get(3)?,
        plan: sqlite_enum(row, 4, SubscriptionPlan::from_db)?,
        status: sqlite_enum(row, 5, SubscriptionStatus::from_db)?,
        billing_interval: sqlite_enum(row, 6, BillingInterval::from_db)?,
        amount: row.get(7)?,
        currency: row.get(8)?,
        current_period_start: sqlite_ts(row, 9)?,
        current_period_end: sqlite_ts(row, 10)?,
        trial_start: sqlite_opt_ts(row, 11)?,
        trial_end: sqlite_opt_ts(row, 12)?,
        cancel_at_period_end: row.get(13)?,
        canceled_at: sqlite_opt_ts(row, 14)?,
        max_users: row.get(15)?,
        max_storage: row.get(16)?,
        max_ai_credits: row.get(17)?,
        max_api_calls: row.get(18)?,
        created_at: sqlite_ts(row, 19)?,
        updated_at: sqlite_ts(row, 20)?,
        invoices: None,
    })
}

fn invoice_from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Invoice> {
    Ok(Invoice {
        id: row.get(0)?,
        subscription_id: row.get(1)?,
        payment_method_id: row.get(2)?,
        stripe_invoice_id: row.get(3)?,
        number: row.get(4)?,
        status: sqlite_enum(row, 5, InvoiceStatus::from_db)?,
        subtotal: row.get(6)?,
        tax: row.get(7)?,
        total: row.get(8)?,
        amount_paid: row.get(9)?,
        currency: row.get(10)?,
        description: row.get(11)?,
        issue_date: sqlite_ts(row, 12)?,
        due_date: sqlite_ts(row, 13)?,
        paid_at: sqlite_opt_ts(row, 14)?,
        hosted_invoice_url: row.get(15)?,
        invoice_pdf_url: row.get(16)?,
        created_at: sqlite_ts(row, 17)?,
        updated_at: sqlite_ts(row, 18)?,
    })
}

struct RawSqlite {
    conn: rusqlite::Connection,
    sql: SqliteSql,
}

struct SqliteSql {
    insert_user: String,
    select_user: String,
    insert_subscription: String,
    select_active: String,
    select_subs_of_user: String,
    /// Index n-1: the statement for n subscription ids.
    select_invoices: Vec<String>,
    insert_invoice: String,
    insert_balance: String,
    deduct: String,
    insert_credit_tx: String,
}

impl RawSqlite {
    fn open() -> Self {
        let conn = rusqlite::Connection::open_in_memory().expect("open sqlite");
        conn.execute_batch("PRAGMA foreign_keys = ON;").expect("pragma");
        for script in migrations("sqlite") {
            conn.execute_batch(&script).expect("sqlite migration");
        }
        conn.set_prepared_statement_cache_capacity(64);
        let sql = SqliteSql {
            insert_user: sqlite_sql(INSERT_USER),
            select_user: sqlite_sql(&select_user_by_id()),
            insert_subscription: sqlite_sql(INSERT_SUBSCRIPTION),
            select_active: sqlite_sql(&select_active_subscriptions()),
            select_subs_of_user: sqlite_sql(&select_subscriptions_of_user()),
            select_invoices: (1..=8).map(select_invoices_of_subscriptions_sqlite).collect(),
            insert_invoice: sqlite_sql(INSERT_INVOICE),
            insert_balance: sqlite_sql(INSERT_BALANCE),
            deduct: sqlite_sql(DEDUCT),
            insert_credit_tx: sqlite_sql(INSERT_CREDIT_TX),
        };
        RawSqlite { conn, sql }
    }
}

impl Variant for RawSqlite {
    fn insert_user(&mut self, email: &str, name: Option<&str>) -> String {
        let id = cuid();
        let now = ms(now());
        let mut stmt = self.conn.prepare_cached(&self.sql.insert_user).expect("prepare");
        stmt.execute(rusqlite::params![id, email, name, None::<&str>, now, now]).expect("insert user");
        id
    }

    fn clear_users(&mut self) {
        self.conn.execute_batch(r#"DELETE FROM "users";"#).expect("clear users");
    }

    fn find_user(&mut self, id: &str) -> bool {
        let mut stmt = self.conn.prepare_cached(&self.sql.select_user).expect("prepare");
        let mut rows = stmt.query([id]).expect("query");
        match rows.next().expect("row") {
            Some(row) => {
                black_box(user_from_sqlite(row).expect("decode user"));
                true
            }
            None => false,
        }
    }

    fn insert_subscription(&mut self, s: &SubscriptionSeed) -> String {
        let id = cuid();
        let mut stmt = self.conn.prepare_cached(&self.sql.insert_subscription).expect("prepare");
        stmt.execute(rusqlite::params![
            id,
            s.user_id,
            s.plan.as_str(),
            s.status.as_str(),
            s.billing_interval.as_str(),
            s.amount,
            ms(s.current_period_start),
            ms(s.current_period_end),
            s.trial_end.map(ms),
            s.cancel_at_period_end,
            ms(s.created_at),
        ])
        .expect("insert subscription");
        id
    }

    fn active_subscriptions(&mut self) -> usize {
        let mut stmt = self.conn.prepare_cached(&self.sql.select_active).expect("prepare");
        let rows: Vec<Subscription> = stmt
            .query_map(rusqlite::params![SubscriptionStatus::Active.as_str(), 1000, 50], subscription_from_sqlite)
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("decode subscriptions");
        black_box(rows).len()
    }

    fn insert_invoice(&mut self, s: &InvoiceSeed) -> String {
        let id = cuid();
        let mut stmt = self.conn.prepare_cached(&self.sql.insert_invoice).expect("prepare");
        stmt.execute(rusqlite::params![
            id,
            s.subscription_id,
            s.number,
            s.status.as_str(),
            s.subtotal,
            s.tax,
            s.subtotal + s.tax,
            if s.paid_at.is_some() { s.subtotal + s.tax } else { 0 },
            s.description,
            ms(s.issue_date),
            ms(s.due_date),
            s.paid_at.map(ms),
            s.hosted_invoice_url,
            ms(s.issue_date),
        ])
        .expect("insert invoice");
        id
    }

    fn insert_balance(&mut self, user_id: &str, balance: i32) -> String {
        let id = cuid();
        let now = now();
        let mut stmt = self.conn.prepare_cached(&self.sql.insert_balance).expect("prepare");
        stmt.execute(rusqlite::params![id, user_id, balance, ms(now), ms(now + chrono::Duration::days(30))])
            .expect("insert balance");
        id
    }

    fn deduct(&mut self, balance_id: &str, user_id: &str, amount: i32) -> bool {
        let tx = self.conn.transaction().expect("begin");
        let now = ms(now());
        let applied = {
            let mut stmt = tx.prepare_cached(&self.sql.deduct).expect("prepare");
            stmt.execute(rusqlite::params![amount, now, balance_id]).expect("deduct") == 1
        };
        if !applied {
            tx.rollback().expect("rollback");
            return false;
        }
        {
            let purchase_amount: Option<Decimal> = None; // Decimal columns are TEXT on SQLite
            let mut stmt = tx.prepare_cached(&self.sql.insert_credit_tx).expect("prepare");
            stmt.execute(rusqlite::params![
                cuid(),
                balance_id,
                user_id,
                CreditTransactionType::Usage.as_str(),
                -amount,
                AiService::ChatAssistant.as_str(),
                "chat completion",
                purchase_amount.map(|d| d.to_string()),
                now,
            ])
            .expect("insert credit transaction");
        }
        tx.commit().expect("commit");
        true
    }

    fn clear_credit_transactions(&mut self) {
        self.conn.execute_batch(r#"DELETE FROM "ai_credit_transactions";"#).expect("clear credit transactions");
    }

    fn load_user_tree(&mut self, user_id: &str) -> (usize, usize) {
        let user = {
            let mut stmt = self.conn.prepare_cached(&self.sql.select_user).expect("prepare");
            stmt.query_row([user_id], user_from_sqlite).expect("user")
        };
        let subs: Vec<Subscription> = {
            let mut stmt = self.conn.prepare_cached(&self.sql.select_subs_of_user).expect("prepare");
            stmt.query_map([user_id], subscription_from_sqlite)
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("decode subscriptions")
        };
        let invoices: Vec<Invoice> = if subs.is_empty() {
            Vec::new()
        } else {
            let sql = &self.sql.select_invoices[subs.len() - 1];
            let mut stmt = self.conn.prepare_cached(sql).expect("prepare");
            stmt.query_map(rusqlite::params_from_iter(subs.iter().map(|s| s.id.as_str())), invoice_from_sqlite)
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("decode invoices")
        };
        let user = black_box(assemble(user, subs, invoices));
        tree_size(&user)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL: shared decoding / enum binding (tokio-postgres and the sync `postgres` crate share Row and types)
// ---------------------------------------------------------------------------------------------------------------

use tokio_postgres::types::{FromSql, IsNull, Kind, ToSql, Type};

/// Binds a Rust enum to a PostgreSQL enum parameter (the wire format of an enum is its label's text).
#[derive(Debug)]
struct PgEnum(&'static str);

impl ToSql for PgEnum {
    fn to_sql(
        &self,
        _ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        out.extend_from_slice(self.0.as_bytes());
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        matches!(ty.kind(), Kind::Enum(_))
    }
    tokio_postgres::types::to_sql_checked!();
}

/// Reads an enum column's label without allocating.
struct PgEnumLabel<'a>(&'a str);

impl<'a> FromSql<'a> for PgEnumLabel<'a> {
    fn from_sql(_ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgEnumLabel(std::str::from_utf8(raw)?))
    }
    fn accepts(ty: &Type) -> bool {
        matches!(ty.kind(), Kind::Enum(_))
    }
}

fn pg_enum<T>(row: &tokio_postgres::Row, i: usize, parse: fn(&str) -> T) -> T {
    parse(row.get::<_, PgEnumLabel<'_>>(i).0)
}

fn pg_ts(row: &tokio_postgres::Row, i: usize) -> DateTime<Utc> {
    row.get::<_, NaiveDateTime>(i).and_utc()
}

fn pg_opt_ts(row: &tokio_postgres::Row, i: usize) -> Option<DateTime<Utc>> {
    row.get::<_, Option<NaiveDateTime>>(i).map(|t| t.and_utc())
}

fn user_from_pg(row: &tokio_postgres::Row) -> User {
    User {
        id: row.get(0),
        email: row.get(1),
        name: row.get(2),
        avatar_url: row.get(3),
        created_at: pg_ts(row, 4),
        updated_at: pg_ts(row, 5),
        subscriptions: None,
    }
}

fn subscription_from_pg(row: &tokio_postgres::Row) -> Subscription {
    Subscription {
        id: row.get(0),
        user_id: row.get(1),
        workspace_id: row.get(2),
        stripe_subscription_id: row.get(3),
        plan: pg_enum(row, 4, SubscriptionPlan::from_db),
        status: pg_enum(row, 5, SubscriptionStatus::from_db),
        billing_interval: pg_enum(row, 6, BillingInterval::from_db),
        amount: row.get(7),
        currency: row.get(8),
        current_period_start: pg_ts(row, 9),
        current_period_end: pg_ts(row, 10),
        trial_start: pg_opt_ts(row, 11),
        trial_end: pg_opt_ts(row, 12),
        cancel_at_period_end: row.get(13),
        canceled_at: pg_opt_ts(row, 14),
        max_users: row.get(15),
        max_storage: row.get(16),
        max_ai_credits: row.get(17),
        max_api_calls: row.get(18),
        created_at: pg_ts(row, 19),
        updated_at: pg_ts(row, 20),
        invoices: None,
    }
}

fn invoice_from_pg(row: &tokio_postgres::Row) -> Invoice {
    Invoice {
        id: row.get(0),
        subscription_id: row.get(1),
        payment_method_id: row.get(2),
        stripe_invoice_id: row.get(3),
        number: row.get(4),
        status: pg_enum(row, 5, InvoiceStatus::from_db),
        subtotal: row.get(6),
        tax: row.get(7),
        total: row.get(8),
        amount_paid: row.get(9),
        currency: row.get(10),
        description: row.get(11),
        issue_date: pg_ts(row, 12),
        due_date: pg_ts(row, 13),
        paid_at: pg_opt_ts(row, 14),
        hosted_invoice_url: row.get(15),
        invoice_pdf_url: row.get(16),
        created_at: pg_ts(row, 17),
        updated_at: pg_ts(row, 18),
    }
}

/// Prepared statements of the raw PostgreSQL variants (`postgres::Statement` is `tokio_postgres::Statement`).
struct PgStatements {
    insert_user: tokio_postgres::Statement,
    select_user: tokio_postgres::Statement,
    insert_subscription: tokio_postgres::Statement,
    select_active: tokio_postgres::Statement,
    select_subs_of_user: tokio_postgres::Statement,
    select_invoices: tokio_postgres::Statement,
    insert_invoice: tokio_postgres::Statement,
    insert_balance: tokio_postgres::Statement,
    deduct: tokio_postgres::Statement,
    insert_credit_tx: tokio_postgres::Statement,
}

/// The SQL texts of `PgStatements`, in field order.
fn pg_statement_sql() -> [String; 10] {
    [
        INSERT_USER.to_owned(),
        select_user_by_id(),
        INSERT_SUBSCRIPTION.to_owned(),
        select_active_subscriptions(),
        select_subscriptions_of_user(),
        select_invoices_of_subscriptions_pg(),
        INSERT_INVOICE.to_owned(),
        INSERT_BALANCE.to_owned(),
        DEDUCT.to_owned(),
        INSERT_CREDIT_TX.to_owned(),
    ]
}

impl PgStatements {
    fn from_vec(v: Vec<tokio_postgres::Statement>) -> Self {
        let [insert_user, select_user, insert_subscription, select_active, select_subs_of_user, select_invoices, insert_invoice, insert_balance, deduct, insert_credit_tx]: [tokio_postgres::Statement; 10] =
            v.try_into().unwrap_or_else(|_| panic!("10 statements"));
        PgStatements {
            insert_user,
            select_user,
            insert_subscription,
            select_active,
            select_subs_of_user,
            select_invoices,
            insert_invoice,
            insert_balance,
            deduct,
            insert_credit_tx,
        }
    }
}

/// `CREATE SCHEMA`, `SET search_path`, then every migration (the migration scripts create types and tables in
/// the first schema of the search path).
fn pg_setup_sql(schema: &str) -> String {
    let mut sql = format!(
        "DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\";\n"
    );
    for script in migrations("postgresql") {
        sql.push_str(&script);
        sql.push('\n');
    }
    sql
}

fn subscription_params(id: &str, s: &SubscriptionSeed) -> SubscriptionPgParams {
    SubscriptionPgParams {
        id: id.to_owned(),
        user_id: s.user_id.clone(),
        plan: PgEnum(s.plan.as_str()),
        status: PgEnum(s.status.as_str()),
        interval: PgEnum(s.billing_interval.as_str()),
        amount: s.amount,
        start: s.current_period_start.naive_utc(),
        end: s.current_period_end.naive_utc(),
        trial_end: s.trial_end.map(|t| t.naive_utc()),
        cancel: s.cancel_at_period_end,
        created: s.created_at.naive_utc(),
    }
}

struct SubscriptionPgParams {
    id: String,
    user_id: Option<String>,
    plan: PgEnum,
    status: PgEnum,
    interval: PgEnum,
    amount: i32,
    start: NaiveDateTime,
    end: NaiveDateTime,
    trial_end: Option<NaiveDateTime>,
    cancel: bool,
    created: NaiveDateTime,
}

impl SubscriptionPgParams {
    fn params(&self) -> [&(dyn ToSql + Sync); 11] {
        [
            &self.id,
            &self.user_id,
            &self.plan,
            &self.status,
            &self.interval,
            &self.amount,
            &self.start,
            &self.end,
            &self.trial_end,
            &self.cancel,
            &self.created,
        ]
    }
}

struct InvoicePgParams {
    id: String,
    total: i32,
    paid: i32,
    status: PgEnum,
    issue: NaiveDateTime,
    due: NaiveDateTime,
    paid_at: Option<NaiveDateTime>,
}

impl InvoicePgParams {
    fn new(id: &str, s: &InvoiceSeed) -> Self {
        InvoicePgParams {
            id: id.to_owned(),
            total: s.subtotal + s.tax,
            paid: if s.paid_at.is_some() { s.subtotal + s.tax } else { 0 },
            status: PgEnum(s.status.as_str()),
            issue: s.issue_date.naive_utc(),
            due: s.due_date.naive_utc(),
            paid_at: s.paid_at.map(|t| t.naive_utc()),
        }
    }
    fn params<'a>(&'a self, s: &'a InvoiceSeed) -> [&'a (dyn ToSql + Sync); 14] {
        [
            &self.id,
            &s.subscription_id,
            &s.number,
            &self.status,
            &s.subtotal,
            &s.tax,
            &self.total,
            &self.paid,
            &s.description,
            &self.issue,
            &self.due,
            &self.paid_at,
            &s.hosted_invoice_url,
            &self.issue,
        ]
    }
}

const USAGE: PgEnum = PgEnum("USAGE");
const CHAT_ASSISTANT: PgEnum = PgEnum("CHAT_ASSISTANT");

// ---------------------------------------------------------------------------------------------------------------
// Raw tokio-postgres (current-thread runtime; one block_on per operation, as a sync API over it would do)
// ---------------------------------------------------------------------------------------------------------------

struct RawTokioPg {
    rt: tokio::runtime::Runtime,
    client: tokio_postgres::Client,
    st: PgStatements,
    schema: String,
}

impl RawTokioPg {
    fn open(url: &str, tag: &str) -> Self {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
        let schema = schema_name(tag);
        let (client, st) = rt.block_on(async {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect");
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    eprintln!("tokio-postgres connection: {e}");
                }
            });
            client.batch_execute(&pg_setup_sql(&schema)).await.expect("migrate");
            let mut statements = Vec::new();
            for sql in pg_statement_sql() {
                statements.push(client.prepare(&sql).await.expect("prepare"));
            }
            (client, PgStatements::from_vec(statements))
        });
        RawTokioPg { rt, client, st, schema }
    }
}

impl Drop for RawTokioPg {
    fn drop(&mut self) {
        let sql = format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.schema);
        if let Err(e) = self.rt.block_on(self.client.batch_execute(&sql)) {
            eprintln!("dropping schema {}: {e}", self.schema);
        }
    }
}

impl Variant for RawTokioPg {
    fn insert_user(&mut self, email: &str, name: Option<&str>) -> String {
        let id = cuid();
        let now = now().naive_utc();
        self.rt
            .block_on(self.client.execute(&self.st.insert_user, &[&id, &email, &name, &None::<&str>, &now, &now]))
            .expect("insert user");
        id
    }

    fn clear_users(&mut self) {
        self.rt.block_on(self.client.batch_execute(r#"TRUNCATE "users" CASCADE"#)).expect("clear users");
    }

    fn find_user(&mut self, id: &str) -> bool {
        let row = self.rt.block_on(self.client.query_opt(&self.st.select_user, &[&id])).expect("find user");
        match row {
            Some(row) => {
                black_box(user_from_pg(&row));
                true
            }
            None => false,
        }
    }

    fn insert_subscription(&mut self, s: &SubscriptionSeed) -> String {
        let id = cuid();
        let p = subscription_params(&id, s);
        self.rt.block_on(self.client.execute(&self.st.insert_subscription, &p.params())).expect("insert subscription");
        id
    }

    fn active_subscriptions(&mut self) -> usize {
        let status = PgEnum(SubscriptionStatus::Active.as_str());
        let rows =
            self.rt.block_on(self.client.query(&self.st.select_active, &[&status, &1000i32, &50i64])).expect("query");
        let subs: Vec<Subscription> = rows.iter().map(subscription_from_pg).collect();
        black_box(subs).len()
    }

    fn insert_invoice(&mut self, s: &InvoiceSeed) -> String {
        let id = cuid();
        let p = InvoicePgParams::new(&id, s);
        self.rt.block_on(self.client.execute(&self.st.insert_invoice, &p.params(s))).expect("insert invoice");
        id
    }

    fn insert_balance(&mut self, user_id: &str, balance: i32) -> String {
        let id = cuid();
        let now = now();
        let (a, b) = (now.naive_utc(), (now + chrono::Duration::days(30)).naive_utc());
        self.rt
            .block_on(self.client.execute(&self.st.insert_balance, &[&id, &user_id, &balance, &a, &b]))
            .expect("insert balance");
        id
    }

    fn deduct(&mut self, balance_id: &str, user_id: &str, amount: i32) -> bool {
        let st = &self.st;
        let client = &mut self.client;
        self.rt.block_on(async {
            let tx = client.transaction().await.expect("begin");
            let now = now().naive_utc();
            let n = tx.execute(&st.deduct, &[&amount, &now, &balance_id]).await.expect("deduct");
            if n != 1 {
                tx.rollback().await.expect("rollback");
                return false;
            }
            let id = cuid();
            tx.execute(
                &st.insert_credit_tx,
                &[
                    &id,
                    &balance_id,
                    &user_id,
                    &USAGE,
                    &-amount,
                    &CHAT_ASSISTANT,
                    &"chat completion",
                    &None::<Decimal>,
                    &now,
                ],
            )
            .await
            .expect("insert credit transaction");
            tx.commit().await.expect("commit");
            true
        })
    }

    fn clear_credit_transactions(&mut self) {
        self.rt.block_on(self.client.batch_execute(r#"TRUNCATE "ai_credit_transactions""#)).expect("clear");
    }

    fn load_user_tree(&mut self, user_id: &str) -> (usize, usize) {
        let (client, st) = (&self.client, &self.st);
        let user = self.rt.block_on(async {
            let user = user_from_pg(&client.query_one(&st.select_user, &[&user_id]).await.expect("user"));
            let subs: Vec<Subscription> = client
                .query(&st.select_subs_of_user, &[&user_id])
                .await
                .expect("subs")
                .iter()
                .map(subscription_from_pg)
                .collect();
            let invoices: Vec<Invoice> = if subs.is_empty() {
                Vec::new()
            } else {
                let ids: Vec<&str> = subs.iter().map(|s| s.id.as_str()).collect();
                client
                    .query(&st.select_invoices, &[&ids])
                    .await
                    .expect("invoices")
                    .iter()
                    .map(invoice_from_pg)
                    .collect()
            };
            assemble(user, subs, invoices)
        });
        tree_size(black_box(&user))
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Raw sync `postgres`
// ---------------------------------------------------------------------------------------------------------------

struct RawSyncPg {
    client: postgres::Client,
    st: PgStatements,
    schema: String,
}

impl RawSyncPg {
    fn open(url: &str, tag: &str) -> Self {
        let schema = schema_name(tag);
        let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
        client.batch_execute(&pg_setup_sql(&schema)).expect("migrate");
        let statements = pg_statement_sql().iter().map(|sql| client.prepare(sql).expect("prepare")).collect();
        RawSyncPg { client, st: PgStatements::from_vec(statements), schema }
    }
}

impl Drop for RawSyncPg {
    fn drop(&mut self) {
        if let Err(e) = self.client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.schema)) {
            eprintln!("dropping schema {}: {e}", self.schema);
        }
    }
}

impl Variant for RawSyncPg {
    fn insert_user(&mut self, email: &str, name: Option<&str>) -> String {
        let id = cuid();
        let now = now().naive_utc();
        self.client
            .execute(&self.st.insert_user, &[&id, &email, &name, &None::<&str>, &now, &now])
            .expect("insert user");
        id
    }

    fn clear_users(&mut self) {
        self.client.batch_execute(r#"TRUNCATE "users" CASCADE"#).expect("clear users");
    }

    fn find_user(&mut self, id: &str) -> bool {
        match self.client.query_opt(&self.st.select_user, &[&id]).expect("find user") {
            Some(row) => {
                black_box(user_from_pg(&row));
                true
            }
            None => false,
        }
    }

    fn insert_subscription(&mut self, s: &SubscriptionSeed) -> String {
        let id = cuid();
        let p = subscription_params(&id, s);
        self.client.execute(&self.st.insert_subscription, &p.params()).expect("insert subscription");
        id
    }

    fn active_subscriptions(&mut self) -> usize {
        let status = PgEnum(SubscriptionStatus::Active.as_str());
        let rows = self.client.query(&self.st.select_active, &[&status, &1000i32, &50i64]).expect("query");
        let subs: Vec<Subscription> = rows.iter().map(subscription_from_pg).collect();
        black_box(subs).len()
    }

    fn insert_invoice(&mut self, s: &InvoiceSeed) -> String {
        let id = cuid();
        let p = InvoicePgParams::new(&id, s);
        self.client.execute(&self.st.insert_invoice, &p.params(s)).expect("insert invoice");
        id
    }

    fn insert_balance(&mut self, user_id: &str, balance: i32) -> String {
        let id = cuid();
        let now = now();
        let (a, b) = (now.naive_utc(), (now + chrono::Duration::days(30)).naive_utc());
        self.client.execute(&self.st.insert_balance, &[&id, &user_id, &balance, &a, &b]).expect("insert balance");
        id
    }

    fn deduct(&mut self, balance_id: &str, user_id: &str, amount: i32) -> bool {
        let mut tx = self.client.transaction().expect("begin");
        let now = now().naive_utc();
        let n = tx.execute(&self.st.deduct, &[&amount, &now, &balance_id]).expect("deduct");
        if n != 1 {
            tx.rollback().expect("rollback");
            return false;
        }
        let id = cuid();
        tx.execute(
            &self.st.insert_credit_tx,
            &[
                &id,
                &balance_id,
                &user_id,
                &USAGE,
                &-amount,
                &CHAT_ASSISTANT,
                &"chat completion",
                &None::<Decimal>,
                &now,
            ],
        )
        .expect("insert credit transaction");
        tx.commit().expect("commit");
        true
    }

    fn clear_credit_transactions(&mut self) {
        self.client.batch_execute(r#"TRUNCATE "ai_credit_transactions""#).expect("clear");
    }

    fn load_user_tree(&mut self, user_id: &str) -> (usize, usize) {
        let user = user_from_pg(&self.client.query_one(&self.st.select_user, &[&user_id]).expect("user"));
        let subs: Vec<Subscription> = self
            .client
            .query(&self.st.select_subs_of_user, &[&user_id])
            .expect("subs")
            .iter()
            .map(subscription_from_pg)
            .collect();
        let invoices: Vec<Invoice> = if subs.is_empty() {
            Vec::new()
        } else {
            let ids: Vec<&str> = subs.iter().map(|s| s.id.as_str()).collect();
            self.client
                .query(&self.st.select_invoices, &[&ids])
                .expect("invoices")
                .iter()
                .map(invoice_from_pg)
                .collect()
        };
        let user = black_box(assemble(user, subs, invoices));
        tree_size(&user)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The generated SDK (`schemagen-sdk`), through its public API only
// ---------------------------------------------------------------------------------------------------------------

use schemagen_sdk as sdk;

/// The SDK's enum with the same database label as the bench's.
fn sdk_enum<T: schemagen_runtime::client::DbEnum>(label: &str) -> T {
    T::from_db(label).unwrap_or_else(|| panic!("SDK enum has no {label:?}"))
}

struct Sdk {
    client: sdk::Client,
    /// PostgreSQL: a separate connection that created the schema and drops it at the end.
    pg_admin: Option<(postgres::Client, String)>,
    clear_users_sql: &'static str,
    clear_credit_tx_sql: &'static str,
}

impl Sdk {
    fn sqlite() -> Self {
        let client = sdk::Client::connect("sqlite::memory:").expect("SDK connect");
        client.migrate().expect("SDK migrate");
        Sdk {
            client,
            pg_admin: None,
            clear_users_sql: r#"DELETE FROM "users""#,
            clear_credit_tx_sql: r#"DELETE FROM "ai_credit_transactions""#,
        }
    }

    fn postgres(url: &str, tag: &str) -> Self {
        let schema = schema_name(tag);
        let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("connect");
        admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\""))
            .expect("create schema");
        let sep = if url.contains('?') { '&' } else { '?' };
        // The raw variants connect without TLS (`NoTls`); the SDK's default (`sslmode=prefer`) would encrypt when
        // the server offers TLS, and the comparison would measure encryption. Same transport for all, unless the
        // URL asks for an `sslmode` itself.
        let tls = if url.contains("sslmode=") { "" } else { "&sslmode=disable" };
        let client = sdk::Client::connect(&format!("{url}{sep}schema={schema}{tls}")).expect("SDK connect");
        client.migrate().expect("SDK migrate");
        Sdk {
            client,
            pg_admin: Some((admin, schema)),
            clear_users_sql: r#"TRUNCATE "users" CASCADE"#,
            clear_credit_tx_sql: r#"TRUNCATE "ai_credit_transactions""#,
        }
    }
}

impl Drop for Sdk {
    fn drop(&mut self) {
        if let Some((admin, schema)) = &mut self.pg_admin {
            if let Err(e) = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE")) {
                eprintln!("dropping schema {schema}: {e}");
            }
        }
    }
}

impl Variant for Sdk {
    fn insert_user(&mut self, email: &str, name: Option<&str>) -> String {
        let data = sdk::UserCreate { name: name.map(str::to_owned), ..sdk::UserCreate::new(email) };
        self.client.user().create(data).exec().expect("SDK create user").id
    }

    fn clear_users(&mut self) {
        self.client.raw().execute(self.clear_users_sql, &[]).expect("clear users");
    }

    fn find_user(&mut self, id: &str) -> bool {
        let user = self.client.user().find_unique(sdk::user::by_id(id)).exec().expect("SDK find user");
        black_box(user).is_some()
    }

    fn insert_subscription(&mut self, s: &SubscriptionSeed) -> String {
        let data = sdk::SubscriptionCreate {
            user_id: s.user_id.clone(),
            status: Some(sdk_enum(s.status.as_str())),
            billing_interval: Some(sdk_enum(s.billing_interval.as_str())),
            trial_end: s.trial_end,
            cancel_at_period_end: Some(s.cancel_at_period_end),
            created_at: Some(s.created_at),
            ..sdk::SubscriptionCreate::new(
                sdk_enum::<sdk::SubscriptionPlan>(s.plan.as_str()),
                s.amount,
                s.current_period_start,
                s.current_period_end,
            )
        };
        self.client.subscription().create(data).exec().expect("SDK create subscription").id
    }

    fn active_subscriptions(&mut self) -> usize {
        use sdk::subscription as s;
        let rows = self
            .client
            .subscription()
            .find_many()
            .filter(s::status().equals(sdk::SubscriptionStatus::Active).and(s::amount().gte(1000)))
            .order_by(s::created_at().desc())
            .take(50)
            .exec()
            .expect("SDK find_many subscriptions");
        black_box(rows).len()
    }

    fn insert_invoice(&mut self, s: &InvoiceSeed) -> String {
        let total = s.subtotal + s.tax;
        let data = sdk::InvoiceCreate {
            status: Some(sdk_enum(s.status.as_str())),
            tax: Some(s.tax),
            amount_paid: Some(if s.paid_at.is_some() { total } else { 0 }),
            description: s.description.clone(),
            issue_date: Some(s.issue_date),
            paid_at: s.paid_at,
            hosted_invoice_url: s.hosted_invoice_url.clone(),
            created_at: Some(s.issue_date),
            ..sdk::InvoiceCreate::new(s.subscription_id.as_str(), s.number.as_str(), s.subtotal, total, s.due_date)
        };
        self.client.invoice().create(data).exec().expect("SDK create invoice").id
    }

    fn insert_balance(&mut self, user_id: &str, balance: i32) -> String {
        let now = now();
        let data = sdk::AiCreditBalanceCreate {
            user_id: Some(user_id.to_owned()),
            balance: Some(balance),
            total_purchased: Some(balance),
            total_used: Some(0),
            last_reset: Some(now),
            ..sdk::AiCreditBalanceCreate::new(now + chrono::Duration::days(30))
        };
        self.client.ai_credit_balance().create(data).exec().expect("SDK create balance").id
    }

    fn deduct(&mut self, balance_id: &str, user_id: &str, amount: i32) -> bool {
        use sdk::ai_credit_balance as b;
        let result = self.client.transaction(|tx| {
            let n = tx
                .ai_credit_balance()
                .update_many(
                    b::id().equals(balance_id).and(b::balance().gte(amount)),
                    vec![b::balance().decrement(amount)],
                )
                .exec()?;
            if n == 0 {
                return Err(sdk::Error::Validation("insufficient credits".into()));
            }
            let entry = sdk::AiCreditTransactionCreate {
                service: Some(sdk::AiService::ChatAssistant),
                description: Some("chat completion".into()),
                ..sdk::AiCreditTransactionCreate::new(balance_id, user_id, sdk::CreditTransactionType::Usage, -amount)
            };
            tx.ai_credit_transaction().create(entry).exec()?;
            Ok(())
        });
        match result {
            Ok(()) => true,
            Err(sdk::Error::Validation(_)) => false,
            Err(e) => panic!("SDK deduction: {e}"),
        }
    }

    fn clear_credit_transactions(&mut self) {
        self.client.raw().execute(self.clear_credit_tx_sql, &[]).expect("clear credit transactions");
    }

    fn load_user_tree(&mut self, user_id: &str) -> (usize, usize) {
        let user = self
            .client
            .user()
            .find_unique(sdk::user::by_id(user_id))
            .include(sdk::user::subscriptions().include().include(sdk::subscription::invoices()))
            .exec()
            .expect("SDK load user")
            .expect("user exists");
        let user = black_box(user);
        let subs = user.subscriptions.as_deref().unwrap_or_default();
        (subs.len(), subs.iter().map(|s| s.invoices.as_ref().map_or(0, Vec::len)).sum())
    }

    fn statements_sent(&self) -> Option<u64> {
        Some(self.client.runtime().stats().queries())
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Workloads: seeding + the measured unit of work, shared by criterion and the summary pass
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Workload {
    W1,
    W2,
    W3,
    W4,
    W5,
}

impl Workload {
    const ALL: [Workload; 5] = [Workload::W1, Workload::W2, Workload::W3, Workload::W4, Workload::W5];

    fn name(self) -> &'static str {
        match self {
            Workload::W1 => "W1",
            Workload::W2 => "W2",
            Workload::W3 => "W3",
            Workload::W4 => "W4",
            Workload::W5 => "W5",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Workload::W1 => "insert user (per insert)",
            Workload::W2 => "find user by id (per find)",
            Workload::W3 => "ACTIVE & amount>=1000 top 50 (per query)",
            Workload::W4 => "credit deduction tx (per deduction)",
            Workload::W5 => "user+subs+invoices (per user-load)",
        }
    }

    /// Statements a raw variant sends per operation (W4: plus BEGIN and COMMIT).
    fn raw_statements(self) -> u64 {
        match self {
            Workload::W1 | Workload::W2 | Workload::W3 => 1,
            Workload::W4 => 2,
            Workload::W5 => 3,
        }
    }

    /// Operations of the summary pass.
    fn ops(self, sizes: &Sizes) -> usize {
        match self {
            Workload::W1 => sizes.w1_inserts,
            Workload::W2 => sizes.w2_finds,
            Workload::W3 => sizes.w3_queries,
            Workload::W4 => sizes.w4_deductions,
            Workload::W5 => sizes.w5_loads,
        }
    }
}

/// A seeded database for one workload, and the state the measured operations need.
struct Fixture {
    workload: Workload,
    sizes: Sizes,
    v: Box<dyn Variant>,
    rng: Rng,
    /// W2 / W5: user ids. W4: (balance id, user id) pairs are in `accounts`.
    user_ids: Vec<String>,
    accounts: Vec<(String, String)>,
    /// W1: rows in the users table; W4: rows in ai_credit_transactions.
    rows: usize,
    /// W1: email sequence.
    seq: u64,
}

impl Fixture {
    fn new(workload: Workload, sizes: Sizes, mut v: Box<dyn Variant>) -> Self {
        let mut rng = Rng::new(42);
        let mut user_ids = Vec::new();
        let mut accounts = Vec::new();
        match workload {
            Workload::W1 => {}
            Workload::W2 => {
                for i in 0..sizes.w2_users {
                    user_ids.push(v.insert_user(&format!("user{i}@example.com"), Some("Seeded User")));
                }
            }
            Workload::W3 => {
                let owners: Vec<String> =
                    (0..100).map(|i| v.insert_user(&format!("owner{i}@example.com"), Some("Owner"))).collect();
                for _ in 0..sizes.w3_subscriptions {
                    let owner = owners[rng.below(owners.len())].clone();
                    let seed = subscription_seed(&mut rng, Some(owner));
                    v.insert_subscription(&seed);
                }
            }
            Workload::W4 => {
                for i in 0..sizes.w4_accounts {
                    let user = v.insert_user(&format!("payer{i}@example.com"), Some("Payer"));
                    let balance = v.insert_balance(&user, 1_000_000_000);
                    accounts.push((balance, user));
                }
            }
            Workload::W5 => {
                let mut number = 0;
                for i in 0..sizes.w5_users {
                    let user = v.insert_user(&format!("customer{i}@example.com"), Some("Customer"));
                    for _ in 0..1 + i % 3 {
                        let sub = v.insert_subscription(&subscription_seed(&mut rng, Some(user.clone())));
                        for _ in 0..INVOICES_PER_SUBSCRIPTION {
                            number += 1;
                            v.insert_invoice(&invoice_seed(&mut rng, &sub, number));
                        }
                    }
                    user_ids.push(user);
                }
            }
        }
        Fixture { workload, sizes, v, rng, user_ids, accounts, rows: 0, seq: 0 }
    }

    /// Runs `n` units of work; returns the measured time (table resets excluded).
    fn run(&mut self, n: u64) -> Duration {
        let mut total = Duration::ZERO;
        let mut left = n as usize;
        while left > 0 {
            // Batches end where the table is reset (W1, W4); elsewhere one batch.
            let batch = match self.workload {
                Workload::W1 => {
                    if self.rows >= self.sizes.w1_inserts {
                        self.v.clear_users();
                        self.rows = 0;
                    }
                    left.min(self.sizes.w1_inserts - self.rows)
                }
                Workload::W4 => {
                    if self.rows >= W4_RESET_ROWS {
                        self.v.clear_credit_transactions();
                        self.rows = 0;
                    }
                    left.min(W4_RESET_ROWS - self.rows)
                }
                _ => left,
            };
            total += self.batch(batch);
            self.rows += batch;
            left -= batch;
        }
        total
    }

    fn batch(&mut self, n: usize) -> Duration {
        let v = &mut self.v;
        let rng = &mut self.rng;
        match self.workload {
            Workload::W1 => {
                let start = Instant::now();
                for _ in 0..n {
                    self.seq += 1;
                    let email = format!("new{}@example.com", self.seq);
                    black_box(v.insert_user(&email, Some("New User")));
                }
                start.elapsed()
            }
            Workload::W2 => {
                let ids = &self.user_ids;
                let start = Instant::now();
                for _ in 0..n {
                    let found = v.find_user(&ids[rng.below(ids.len())]);
                    assert!(found, "seeded user not found");
                }
                start.elapsed()
            }
            Workload::W3 => {
                let start = Instant::now();
                for _ in 0..n {
                    let rows = v.active_subscriptions();
                    assert!(rows > 0, "W3 query found nothing");
                }
                start.elapsed()
            }
            Workload::W4 => {
                let accounts = &self.accounts;
                let start = Instant::now();
                for _ in 0..n {
                    let (balance, user) = &accounts[rng.below(accounts.len())];
                    let amount = 1 + rng.below(10) as i32;
                    let applied = v.deduct(balance, user, amount);
                    assert!(applied, "deduction not applied");
                }
                start.elapsed()
            }
            Workload::W5 => {
                let ids = &self.user_ids;
                let start = Instant::now();
                for _ in 0..n {
                    let (subs, invoices) = v.load_user_tree(&ids[rng.below(ids.len())]);
                    assert!(subs >= 1 && invoices == subs * INVOICES_PER_SUBSCRIPTION, "W5 tree {subs}/{invoices}");
                }
                start.elapsed()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Command line (criterion's, read here for the filter and the mode)
// ---------------------------------------------------------------------------------------------------------------

struct Args {
    /// Criterion's filter: benchmark ids containing one of these `|`-separated parts run.
    filter: Vec<String>,
    exact: bool,
    /// `cargo bench`: full sizes; `cargo test --benches` / `--test`: smoke sizes.
    bench: bool,
    list: bool,
    /// `SCHEMAGEN_BENCH_SUMMARY_ONLY=1`: skip criterion, run only the summary pass.
    summary_only: bool,
}

impl Args {
    fn parse() -> Self {
        const WITH_VALUE: &[&str] = &[
            "--save-baseline",
            "-s",
            "--baseline",
            "-b",
            "--baseline-lenient",
            "--load-baseline",
            "--format",
            "--profile-time",
            "--sample-size",
            "--warm-up-time",
            "--measurement-time",
            "--nresamples",
            "--noise-threshold",
            "--confidence-level",
            "--significance-level",
            "--plotting-backend",
            "--output-format",
            "--color",
            "-c",
        ];
        let args: Vec<String> = std::env::args().skip(1).collect();
        let mut filter = Vec::new();
        let mut skip = false;
        for a in &args {
            if skip {
                skip = false;
            } else if WITH_VALUE.contains(&a.as_str()) {
                skip = true;
            } else if !a.starts_with('-') {
                filter.extend(a.split('|').map(str::to_owned));
            }
        }
        let has = |flag: &str| args.iter().any(|a| a == flag);
        Args {
            filter,
            exact: has("--exact"),
            bench: has("--bench") && !has("--test"),
            list: has("--list"),
            summary_only: std::env::var("SCHEMAGEN_BENCH_SUMMARY_ONLY").is_ok_and(|v| !v.is_empty() && v != "0"),
        }
    }

    fn wanted(&self, id: &str) -> bool {
        self.filter.is_empty() || self.filter.iter().any(|f| if self.exact { id == f } else { id.contains(f.as_str()) })
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Criterion groups
// ---------------------------------------------------------------------------------------------------------------

fn criterion_groups(c: &mut Criterion, args: &Args, sizes: Sizes, specs: &[VariantSpec]) {
    for workload in Workload::ALL {
        let mut group = c.benchmark_group(workload.name());
        group.throughput(Throughput::Elements(1));
        for spec in specs {
            let id = format!("{}/{}", workload.name(), spec.name);
            if !args.wanted(&id) {
                continue;
            }
            let Some(v) = (spec.open)(&format!("{}_{}", workload.name(), spec.name)) else { continue };
            let mut fixture = Fixture::new(workload, sizes, v);
            group.bench_function(spec.name, |b| b.iter_custom(|iters| fixture.run(iters)));
        }
        group.finish();
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Summary pass
// ---------------------------------------------------------------------------------------------------------------

/// Chunks each variant's operations are split into in the summary pass (interleaved across variants).
const SUMMARY_ROUNDS: usize = 10;

fn summary(args: &Args, sizes: Sizes, specs: &[VariantSpec]) {
    // µs/op per (workload, variant).
    let mut table: Vec<(Workload, Vec<Option<f64>>)> = Vec::new();
    // Statements per operation of the variants that count them: (workload, variant name, statements/op).
    let mut statements: Vec<(Workload, &'static str, f64)> = Vec::new();
    for workload in Workload::ALL {
        // Every wanted variant of the workload is opened and seeded first; then the operations run in
        // SUMMARY_ROUNDS interleaved chunks (variant A, B, C, A, B, C, ...), so that a change of machine load
        // during the pass hits all variants alike and the ratios stay meaningful on a busy machine.
        let mut fixtures: Vec<(usize, Fixture, Duration, Option<u64>)> = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            if !args.wanted(&format!("{}/{}", workload.name(), spec.name)) {
                continue;
            }
            if let Some(v) = (spec.open)(&format!("{}_{}_summary", workload.name(), spec.name)) {
                let fixture = Fixture::new(workload, sizes, v);
                let before = fixture.v.statements_sent();
                fixtures.push((i, fixture, Duration::ZERO, before));
            }
        }
        if fixtures.is_empty() {
            continue;
        }
        let ops = workload.ops(&sizes);
        for round in 0..SUMMARY_ROUNDS {
            let chunk = ops * (round + 1) / SUMMARY_ROUNDS - ops * round / SUMMARY_ROUNDS;
            for (_, fixture, elapsed, _) in &mut fixtures {
                *elapsed += fixture.run(chunk as u64);
            }
        }
        let mut row = vec![None; specs.len()];
        for (i, fixture, elapsed, before) in &fixtures {
            row[*i] = Some(elapsed.as_secs_f64() * 1e6 / ops as f64);
            if let (Some(before), Some(after)) = (before, fixture.v.statements_sent()) {
                statements.push((workload, specs[*i].name, (after - before) as f64 / ops as f64));
            }
        }
        table.push((workload, row));
        // Fixtures (and their PostgreSQL schemas) are dropped here, before the next workload.
    }
    if table.is_empty() {
        return;
    }

    // Ratio columns: each SDK variant / fastest raw variant of its backend.
    let ratio_cols: Vec<(usize, Vec<usize>)> = specs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.name.starts_with("sdk"))
        .map(|(i, s)| {
            let raws = specs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.backend == s.backend && r.name.starts_with("raw"))
                .map(|(j, _)| j);
            (i, raws.collect())
        })
        .collect();

    let mut out = String::new();
    let ops_note = if args.bench { "" } else { " (smoke sizes: `--test` mode)" };
    out.push_str(&format!("\n== summary: µs per operation, interleaved timed pass over all variants{ops_note} ==\n"));
    let desc_width = Workload::ALL.iter().map(|w| w.description().len()).max().unwrap_or(0) + 4;
    out.push_str(&format!("{:<desc_width$} {:>7}", "workload", "ops"));
    for spec in specs {
        out.push_str(&format!(" {:>19}", spec.name));
    }
    for (i, _) in &ratio_cols {
        out.push_str(&format!(" {:>19}", format!("{}/raw", specs[*i].name)));
    }
    out.push('\n');
    for (workload, row) in &table {
        out.push_str(&format!(
            "{:<desc_width$} {:>7}",
            format!("{} {}", workload.name(), workload.description()),
            workload.ops(&sizes)
        ));
        for cell in row {
            match cell {
                Some(us) => out.push_str(&format!(" {us:>19.2}")),
                None => out.push_str(&format!(" {:>19}", "-")),
            }
        }
        for (i, raws) in &ratio_cols {
            let fastest_raw =
                raws.iter().filter_map(|&j| row[j]).fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
            match (row[*i], fastest_raw) {
                (Some(sdk), Some(raw)) => out.push_str(&format!(" {:>18.2}x", sdk / raw)),
                _ => out.push_str(&format!(" {:>19}", "-")),
            }
        }
        out.push('\n');
    }
    if !statements.is_empty() {
        out.push_str("\nstatements sent per operation (transaction control not counted):\n");
        for (workload, name, per_op) in &statements {
            out.push_str(&format!(
                "  {} {:<14} {per_op:>6.2}   (raw: {})\n",
                workload.name(),
                name,
                workload.raw_statements()
            ));
        }
    }
    print!("{out}");
    std::io::stdout().flush().ok();
}

/// `SCHEMAGEN_BENCH_PROFILE="W2 sdk_sqlite 2000"`: seeds one variant of one workload (full sizes), runs 200
/// unmeasured operations (warm caches), then the given number inside [`measured`], and exits. For instruction
/// counts, which a shared machine does not disturb:
/// `SCHEMAGEN_BENCH_PROFILE="W2 sdk_sqlite 2000" valgrind --tool=callgrind --toggle-collect='*measured*' <bench binary>`
/// (instructions per operation = the total ÷ operations).
fn profile(spec: &str, specs: &[VariantSpec]) {
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let [workload, variant, ops] = parts[..] else {
        panic!("SCHEMAGEN_BENCH_PROFILE: expected \"<W1..W5> <variant> <operations>\", got {spec:?}")
    };
    let workload = *Workload::ALL
        .iter()
        .find(|w| w.name() == workload)
        .unwrap_or_else(|| panic!("SCHEMAGEN_BENCH_PROFILE: unknown workload {workload:?}"));
    let variant = specs
        .iter()
        .find(|s| s.name == variant)
        .unwrap_or_else(|| panic!("SCHEMAGEN_BENCH_PROFILE: unknown variant {variant:?}"));
    let ops: usize = ops.parse().unwrap_or_else(|_| panic!("SCHEMAGEN_BENCH_PROFILE: bad operation count {ops:?}"));
    let v = (variant.open)(&format!("{}_{}_profile", workload.name(), variant.name))
        .unwrap_or_else(|| panic!("SCHEMAGEN_BENCH_PROFILE: variant {} needs a PostgreSQL URL", variant.name));
    let mut fixture = Fixture::new(workload, FULL, v);
    fixture.run(200);
    measured(|| fixture.run(ops as u64));
    println!("{} {}: {ops} operations measured", workload.name(), variant.name);
}

/// The measured part of a profile run (`valgrind --tool=callgrind --toggle-collect='*measured*'`).
#[inline(never)]
fn measured<T>(f: impl FnOnce() -> T) -> T {
    black_box(f())
}

fn main() {
    let args = Args::parse();
    let sizes = if args.bench { FULL } else { SMOKE };
    let specs = variants();
    if let Ok(spec) = std::env::var("SCHEMAGEN_BENCH_PROFILE") {
        return profile(&spec, &specs);
    }
    if args.list {
        for workload in Workload::ALL {
            for spec in &specs {
                println!("{}/{}: benchmark", workload.name(), spec.name);
            }
        }
        return;
    }
    if pg_url().is_none() {
        println!("notice: SCHEMAGEN_BENCH_PG_URL / DATABASE_URL not set: PostgreSQL variants skipped");
    }
    if !args.summary_only {
        let mut c = Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
            .configure_from_args();
        criterion_groups(&mut c, &args, sizes, &specs);
        c.final_summary();
    }
    summary(&args, sizes, &specs);
}
