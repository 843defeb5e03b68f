//! Runs the example flow end to end and checks its report: on SQLite (in memory and in a file) always, on
//! PostgreSQL when `SCHEMAGEN_TEST_PG_URL` or `DATABASE_URL` is set. With `CI` set and no PostgreSQL URL, the
//! PostgreSQL test fails instead of skipping.

use rust_decimal::Decimal;
use schemagen_example::{run, Report};
use schemagen_sdk::ReferralStatus;

fn check_report(r: &Report) {
    assert_eq!(r.checks.len(), 8, "every invariant was checked: {:?}", r.checks);
    assert_eq!((r.tasks, r.bug_tasks), (4, 2));
    assert_eq!(r.invoice_subtotal_cents, 13050);
    assert_eq!(r.line_items_sum_cents, r.invoice_subtotal_cents);
    assert_eq!(r.invoice_total_cents, r.invoice_subtotal_cents + r.invoice_tax_cents);
    assert_eq!(r.invoice_tax_cents, 1077);
    assert_eq!((r.credits_granted, r.credits_purchased, r.credits_used), (50, 100, 145));
    assert_eq!(r.credit_balance, 5);
    assert_eq!(r.credit_ledger_sum, i64::from(r.credit_balance));
    assert_eq!((r.ai_calls_ok, r.ai_calls_refused), (4, 1));
    assert_eq!(r.storage_used_bytes, 26_600_360);
    assert_eq!(r.uploads_sum_bytes, r.storage_used_bytes);
    assert_eq!(r.referral_status, Some(ReferralStatus::Paid));
    assert_eq!(r.referral_payout, Decimal::new(2610, 2));
    let text = r.to_string();
    assert!(text.contains("REFUSED"), "{text}");
}

#[test]
fn flow_on_sqlite_in_memory() {
    let report = run("sqlite::memory:").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.backend, "sqlite");
    check_report(&report);
}

#[test]
fn flow_on_sqlite_file() {
    let path = std::env::temp_dir().join(format!("saas-demo-{}.db", std::process::id()));
    let remove = |p: &std::path::Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
    };
    remove(&path);
    let result = run(&format!("sqlite:{}", path.display()));
    remove(&path);
    check_report(&result.unwrap_or_else(|e| panic!("{e}")));
}

#[test]
fn flow_on_postgres() {
    let url = ["SCHEMAGEN_TEST_PG_URL", "DATABASE_URL"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"));
    let Some(url) = url else {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but neither SCHEMAGEN_TEST_PG_URL nor DATABASE_URL names a PostgreSQL database");
        }
        eprintln!("flow_on_postgres: skipped (set SCHEMAGEN_TEST_PG_URL=postgresql://…)");
        return;
    };
    let report = run(&url).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.backend, "postgresql");
    check_report(&report);
}
