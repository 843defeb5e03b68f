//! What the flow reports, the checks of the books, and money helpers.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use schemagen_sdk::{Error, ReferralStatus};
use std::fmt;
use std::str::FromStr;

/// Why the flow stopped: a database error, or a broken invariant of the domain.
#[derive(Debug)]
pub enum DemoError {
    /// An SDK call failed.
    Db(Error),
    /// A check of the books failed.
    Invariant(String),
}

impl fmt::Display for DemoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DemoError::Db(e) => write!(f, "database error: {e}"),
            DemoError::Invariant(what) => write!(f, "invariant violated: {what}"),
        }
    }
}

impl std::error::Error for DemoError {}

impl From<Error> for DemoError {
    fn from(e: Error) -> Self {
        DemoError::Db(e)
    }
}

/// What the flow did, with the final balances and totals.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// `sqlite` or `postgresql`.
    pub backend: String,
    /// One line per step.
    pub events: Vec<String>,
    /// The invariants checked (all held, or `run` returned an error).
    pub checks: Vec<String>,
    pub tasks: usize,
    pub bug_tasks: usize,
    pub invoice_subtotal_cents: i64,
    pub invoice_tax_cents: i64,
    pub invoice_total_cents: i64,
    pub line_items_sum_cents: i64,
    pub credits_granted: i32,
    pub credits_purchased: i32,
    pub credits_used: i32,
    pub credit_balance: i32,
    /// The lowest balance seen after any step of the AI flow.
    pub lowest_credit_balance: i32,
    pub credit_ledger_sum: i64,
    pub ai_calls_ok: usize,
    pub ai_calls_refused: usize,
    pub storage_used_bytes: i64,
    pub uploads_sum_bytes: i64,
    pub referral_status: Option<ReferralStatus>,
    pub referral_payout: Decimal,
}

impl Report {
    /// Records a check that holds, or stops the flow with the one that does not.
    pub(crate) fn check(&mut self, holds: bool, what: String) -> Result<(), DemoError> {
        if !holds {
            return Err(DemoError::Invariant(what));
        }
        self.checks.push(what);
        Ok(())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "schemagen SaaS demo on {}", self.backend)?;
        for (i, e) in self.events.iter().enumerate() {
            writeln!(f, "  {}. {e}", i + 1)?;
        }
        writeln!(f, "totals")?;
        let (sub, tax, total) = (self.invoice_subtotal_cents, self.invoice_tax_cents, self.invoice_total_cents);
        let lines = usd(self.line_items_sum_cents);
        writeln!(f, "  invoice     subtotal {} + tax {} = {} (line items: {lines})", usd(sub), usd(tax), usd(total))?;
        writeln!(
            f,
            "  AI credits  granted {} + bought {} - used {} = balance {} (ledger: {}, lowest: {}); calls: {} ok, {} refused",
            self.credits_granted,
            self.credits_purchased,
            self.credits_used,
            self.credit_balance,
            self.credit_ledger_sum,
            self.lowest_credit_balance,
            self.ai_calls_ok,
            self.ai_calls_refused
        )?;
        writeln!(
            f,
            "  storage     {} bytes used (uploads: {} bytes)",
            self.storage_used_bytes, self.uploads_sum_bytes
        )?;
        let status = self.referral_status.map_or("none".to_string(), |s| format!("{s:?}"));
        writeln!(f, "  referral    {status}, paid out ${:.2}", self.referral_payout)?;
        writeln!(f, "checks")?;
        for c in &self.checks {
            writeln!(f, "  ok  {c}")?;
        }
        Ok(())
    }
}

/// `13050` → `$130.50`.
pub(crate) fn usd(cents: i64) -> String {
    format!("${:.2}", Decimal::new(cents, 2))
}

/// Dollars → cents, exactly (an error if the amount has fractions of a cent).
pub(crate) fn cents(amount: Decimal) -> Result<i32, DemoError> {
    let c = amount * Decimal::ONE_HUNDRED;
    let whole = c.fract().is_zero().then(|| c.to_i32()).flatten();
    whole.ok_or_else(|| DemoError::Invariant(format!("{amount} is not a whole number of cents")))
}

/// A decimal literal: `dec("29.00")`.
pub(crate) fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("a decimal literal")
}

/// The record a lookup must find.
pub(crate) fn must<T>(found: Option<T>, what: &str) -> Result<T, DemoError> {
    found.ok_or_else(|| DemoError::Invariant(format!("{what} not found")))
}
