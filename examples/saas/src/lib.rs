//! The example application of schemagen: one realistic flow of a team task-management SaaS, written against the
//! generated SDK (`schemagen-sdk`, generated from `schema/*.prisma`).
//!
//! A referred user signs up, opens a workspace with a project and labelled tasks, starts a trial, pays an invoice,
//! gets and spends AI credits (one call is refused for lack of credits), uploads files, and the referrer is paid
//! out. Then the books are checked: credits never negative, the credit ledger equals the balance, the invoice
//! matches its line items, storage equals the uploads, the refused AI call wrote nothing, referral payouts add up.
//!
//! [`run`] works on SQLite (`sqlite::memory:`, `sqlite:PATH`) and on PostgreSQL (`postgres://…`), where it runs in
//! a fresh schema (`saas_demo_<pid>_<n>`) that is dropped afterwards.

/// The Rust example of the repository's README, compiled and run as a doc test so the README cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

mod report;

pub use report::{DemoError, Report};

use chrono::{Duration, Utc};
use report::{cents, dec, must, usd};
use rust_decimal::{Decimal, RoundingStrategy};
use schemagen_sdk::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs the whole flow on the database at `url` and checks the books.
pub fn run(url: &str) -> Result<Report, DemoError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return flow(&Client::connect(url)?, "sqlite");
    }
    // PostgreSQL: a fresh schema per run, dropped afterwards (also when the flow fails).
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let schema = format!("saas_demo_{}_{}", std::process::id(), RUNS.fetch_add(1, Ordering::Relaxed));
    let admin = Client::connect(url)?;
    admin.raw().execute(&format!("CREATE SCHEMA \"{schema}\""), &[])?;
    let sep = if url.contains('?') { '&' } else { '?' };
    let result = Client::connect(&format!("{url}{sep}schema={schema}"))
        .map_err(DemoError::from)
        .and_then(|client| flow(&client, "postgresql"));
    let dropped = admin.raw().execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"), &[]);
    let report = result?; // the flow's error first, then the cleanup's
    dropped?;
    Ok(report)
}

fn flow(client: &Client, backend: &str) -> Result<Report, DemoError> {
    client.migrate()?;
    let mut r = Report { backend: backend.into(), ..Report::default() };
    let (rita, nora, referral) = sign_up_with_referral(client, &mut r)?;
    let (ws, project, bug_task) = set_up_workspace(client, &mut r, &nora)?;
    let (sub, card, invoice) = subscribe_and_pay(client, &mut r, &nora, &ws)?;
    let balance = use_ai_credits(client, &mut r, &nora, &ws, &sub, &card)?;
    upload_files(client, &mut r, &nora, &ws, &project, &bug_task)?;
    pay_out_referral(client, &mut r, &rita, &referral, &invoice)?;
    check_books(client, &mut r, &balance, &ws, &invoice, &referral)?;
    Ok(r)
}

/// 1. A referrer with a referral program; a new user signs up with the code (user + referral, one transaction).
fn sign_up_with_referral(client: &Client, r: &mut Report) -> Result<(User, User, Referral), DemoError> {
    let rita = UserCreate { name: Some("Rita Referrer".into()), ..UserCreate::new("rita@example.com") };
    let rita = client.user().create(rita).exec()?;
    client.referral_program().create(ReferralProgramCreate::new(&rita.id, "RITA-2026")).exec()?;

    let code = "RITA-2026"; // what the sign-up form received
    let program = client.referral_program().find_unique(referral_program::by_referral_code(code)).exec()?;
    let program = must(program.filter(|p| p.is_active), "an active referral program")?;
    let (nora, referral) = client.transaction(|tx| -> Result<_, Error> {
        let nora = UserCreate { name: Some("Nora New".into()), ..UserCreate::new("nora@example.com") };
        let nora = tx.user().create(nora).exec()?;
        let referral = ReferralCreate {
            referee_name: nora.name.clone(),
            referee_user_id: Some(nora.id.clone()),
            status: Some(ReferralStatus::SignedUp),
            signup_at: Some(Utc::now()),
            source: Some("referral-link".into()),
            ..ReferralCreate::new(&program.id, &nora.email)
        };
        let referral = tx.referral().create(referral).exec()?;
        let counted = vec![referral_program::total_referrals().increment(1)];
        tx.referral_program().update(referral_program::by_id(&program.id), counted).exec()?;
        Ok((nora, referral))
    })?;
    r.events
        .push(format!("{} signed up with code {code} of {}: referral {:?}", nora.email, rita.email, referral.status));
    Ok((rita, nora, referral))
}

/// 2. A workspace with its owner (nested create), labels, a project, tasks labelled through the implicit m:n.
fn set_up_workspace(client: &Client, r: &mut Report, nora: &User) -> Result<(Workspace, Project, String), DemoError> {
    let owner_id = nora.id.clone();
    let ws = client
        .workspace()
        .create(WorkspaceCreate::new("nora-studio", "Nora's Studio"))
        .with(workspace::members().create(move |ws: &Workspace| {
            vec![WorkspaceMemberCreate {
                role: Some(WorkspaceRole::Owner),
                ..WorkspaceMemberCreate::new(&ws.id, owner_id)
            }]
        }))
        .exec()?;
    let member = client.workspace_member().find_unique(workspace_member::by_workspace_id_user_id(&ws.id, &nora.id));
    let owner = must(member.exec()?, "the owner's membership")?;

    for (name, color) in [("bug", "#ef4444"), ("feature", "#3b82f6"), ("design", "#a855f7")] {
        client.label().create(LabelCreate { color: Some(color.into()), ..LabelCreate::new(&ws.id, name) }).exec()?;
    }
    let project = client.project().create(ProjectCreate::new(&ws.id, "Website relaunch")).exec()?;
    let tasks = [
        ("Draft the landing page copy", TaskPriority::High, vec!["design"]),
        ("Fix the signup redirect loop", TaskPriority::Urgent, vec!["bug"]),
        ("Pricing page with plan comparison", TaskPriority::Medium, vec!["feature", "design"]),
        ("Avatar upload fails on Safari", TaskPriority::High, vec!["bug"]),
    ];
    for (position, (title, priority, tags)) in tasks.into_iter().enumerate() {
        let task = TaskCreate {
            priority: Some(priority),
            position: Some(position as i32),
            assignee_id: Some(nora.id.clone()),
            ..TaskCreate::new(&project.id, title, &nora.id)
        };
        let task = client.task().create(task).exec()?;
        let labels = tags.iter().map(|name| label::by_workspace_id_name(&ws.id, *name)).collect();
        client.task().update(task::by_id(&task.id), vec![task::labels().connect(labels)]).exec()?;
        r.tasks += 1;
    }
    let bugs = client
        .task()
        .find_many()
        .filter(task::project_id().equals(&project.id).and(task::labels().some(label::name().equals("bug"))))
        .order_by(task::position().asc())
        .include(task::labels())
        .exec()?;
    r.bug_tasks = bugs.len();
    let titles: Vec<&str> = bugs.iter().map(|t| t.title.as_str()).collect();
    r.events.push(format!(
        "workspace {} (Nora: {:?}), project \"{}\", {} tasks; labelled bug: {}",
        ws.slug,
        owner.role,
        project.name,
        r.tasks,
        titles.join(", ")
    ));
    let bug_task = must(bugs.into_iter().next(), "a task labelled bug")?.id;
    Ok((ws, project, bug_task))
}

/// 3 + 4. A trial of the team plan; an invoice with line items (amounts in rust_decimal, nested create), paid.
fn subscribe_and_pay(
    client: &Client,
    r: &mut Report,
    nora: &User,
    ws: &Workspace,
) -> Result<(Subscription, PaymentMethod, Invoice), DemoError> {
    let now = Utc::now();
    let trial = SubscriptionCreate {
        user_id: Some(nora.id.clone()),
        workspace_id: Some(ws.id.clone()),
        status: Some(SubscriptionStatus::Trialing),
        trial_start: Some(now),
        trial_end: Some(now + Duration::days(14)),
        max_users: Some(5),
        max_ai_credits: Some(50),
        ..SubscriptionCreate::new(SubscriptionPlan::TeamStandard, 2900, now, now + Duration::days(30))
    };
    let sub = client.subscription().create(trial).exec()?;
    r.events.push(format!("subscription {:?}, {:?} for 14 days", sub.plan, sub.status));

    let card = PaymentMethodCreate {
        is_default: Some(true),
        card_brand: Some("visa".into()),
        card_last4: Some("4242".into()),
        ..PaymentMethodCreate::new(&nora.id, "pm_demo_visa_4242", "card")
    };
    let card = client.payment_method().create(card).exec()?;
    let lines = [
        ("Team Standard seat, first month", 3, dec("29.00")),
        ("Extra storage, 10 GB", 1, dec("4.50")),
        ("Onboarding call", 1, dec("49.00")),
        ("Referral welcome discount", 1, dec("-10.00")),
    ];
    let subtotal: Decimal = lines.iter().map(|(_, qty, unit)| Decimal::from(*qty) * unit).sum();
    let tax = (subtotal * dec("0.0825")).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let mut items = Vec::new();
    for (description, qty, unit) in lines {
        let (unit_cents, amount_cents) = (cents(unit)?, cents(Decimal::from(qty) * unit)?);
        // The invoice id is filled in by the nested create.
        items.push(InvoiceLineItemCreate {
            quantity: Some(qty),
            ..InvoiceLineItemCreate::new("", description, unit_cents, amount_cents)
        });
    }
    let due = now + Duration::days(7);
    let invoice = InvoiceCreate {
        payment_method_id: Some(card.id.clone()),
        tax: Some(cents(tax)?),
        ..InvoiceCreate::new(&sub.id, "INV-2026-0001", cents(subtotal)?, cents(subtotal + tax)?, due)
    };
    let invoice =
        client.invoice().create(invoice).with(invoice::line_items().create(move |_: &Invoice| items)).exec()?;

    let paid = client.transaction(|tx| -> Result<_, Error> {
        let paid = vec![
            invoice::status().set(InvoiceStatus::Paid),
            invoice::amount_paid().set(invoice.total),
            invoice::paid_at().set(Some(Utc::now())),
        ];
        let paid = tx.invoice().update(invoice::by_id(&invoice.id), paid).include(invoice::line_items()).exec()?;
        let active = vec![subscription::status().set(SubscriptionStatus::Active)];
        tx.subscription().update(subscription::by_id(&sub.id), active).exec()?;
        Ok(paid)
    })?;
    let n_lines = paid.line_items.as_ref().map_or(0, Vec::len);
    let total = usd(paid.amount_paid.into());
    r.events.push(format!(
        "invoice {} with {n_lines} lines {:?}: {total} by card ****4242; trial converted",
        paid.number, paid.status
    ));
    Ok((sub, card, paid))
}

/// Adds credits (a plan grant or a purchase): balance increment and ledger entry, in one transaction.
fn add_credits(client: &Client, entry: AiCreditTransactionCreate) -> Result<(), Error> {
    let mut changes = vec![ai_credit_balance::balance().increment(entry.amount)];
    if entry.r#type == CreditTransactionType::Purchase {
        changes.push(ai_credit_balance::total_purchased().increment(entry.amount));
    }
    client.transaction(|tx| {
        tx.ai_credit_balance().update(ai_credit_balance::by_id(&entry.balance_id), changes).exec()?;
        tx.ai_credit_transaction().create(entry).exec()?;
        Ok(())
    })
}

/// One AI call, ONE transaction: the guarded decrement (`balance >= cost`) updates the balance row, and then the
/// usage log and the ledger entry are written with it; or it updates nothing and the call is refused (`None`).
fn spend_credits(
    client: &Client,
    balance: &AiCreditBalance,
    user: &User,
    (service, operation, cost): (AiService, &str, i32),
) -> Result<Option<AiUsageLog>, Error> {
    client.transaction(|tx| {
        let enough = ai_credit_balance::id().equals(&balance.id).and(ai_credit_balance::balance().gte(cost));
        let spend = vec![ai_credit_balance::balance().decrement(cost), ai_credit_balance::total_used().increment(cost)];
        if tx.ai_credit_balance().update_many(enough, spend).exec()? == 0 {
            return Ok(None); // insufficient credits: nothing written
        }
        let log = AiUsageLogCreate {
            workspace_id: balance.workspace_id.clone(),
            input_tokens: Some(cost * 120),
            output_tokens: Some(cost * 30),
            request_data: Some(serde_json::json!({ "operation": operation, "model": "demo-llm" }).to_string()),
            ..AiUsageLogCreate::new(&user.id, service, operation, cost)
        };
        let log = tx.ai_usage_log().create(log).exec()?;
        let entry = AiCreditTransactionCreate {
            service: Some(service),
            description: Some(operation.into()),
            metadata: Some(serde_json::json!({ "usageLogId": log.id }).to_string()),
            ..AiCreditTransactionCreate::new(&balance.id, &user.id, CreditTransactionType::Usage, -cost)
        };
        tx.ai_credit_transaction().create(entry).exec()?;
        Ok(Some(log))
    })
}

/// 5. AI credits: granted by the plan, bought with the card, spent by AI calls; one call is refused.
fn use_ai_credits(
    client: &Client,
    r: &mut Report,
    nora: &User,
    ws: &Workspace,
    sub: &Subscription,
    card: &PaymentMethod,
) -> Result<AiCreditBalance, DemoError> {
    let next_reset = sub.current_period_end;
    let balance = AiCreditBalanceCreate { workspace_id: Some(ws.id.clone()), ..AiCreditBalanceCreate::new(next_reset) };
    let balance = client.ai_credit_balance().create(balance).exec()?;
    let (grant, bought) = (sub.max_ai_credits, 100);
    add_credits(
        client,
        AiCreditTransactionCreate {
            description: Some(format!("{:?} monthly grant", sub.plan)),
            ..AiCreditTransactionCreate::new(&balance.id, &nora.id, CreditTransactionType::SubscriptionGrant, grant)
        },
    )?;
    add_credits(
        client,
        AiCreditTransactionCreate {
            purchase_amount: Some(dec("9.99")),
            payment_method_id: Some(card.id.clone()),
            ..AiCreditTransactionCreate::new(&balance.id, &nora.id, CreditTransactionType::Purchase, bought)
        },
    )?;
    (r.credits_granted, r.credits_purchased) = (grant, bought);

    let calls = [
        (AiService::TaskGeneration, "break down the pricing page task", 40),
        (AiService::ProjectAnalysis, "weekly risk report", 60),
        (AiService::ChatAssistant, "summarize the signup bug thread", 35),
        (AiService::DocumentAnalysis, "review the 40-page client contract", 25), // 15 left: refused
        (AiService::SmartNotifications, "digest of overdue tasks", 10),
    ];
    let rows = || -> Result<(i64, i64, i32), DemoError> {
        let balance =
            must(client.ai_credit_balance().find_unique(ai_credit_balance::by_id(&balance.id)).exec()?, "the balance")?;
        Ok((client.ai_usage_log().count().exec()?, client.ai_credit_transaction().count().exec()?, balance.balance))
    };
    r.lowest_credit_balance = rows()?.2;
    for call in calls {
        let before = rows()?;
        if spend_credits(client, &balance, nora, call)?.is_some() {
            r.ai_calls_ok += 1;
        } else {
            r.ai_calls_refused += 1;
            let after = rows()?;
            r.events.push(format!("AI call {:?} ({} credits) REFUSED: balance {}", call.0, call.2, before.2));
            r.check(
                after == before,
                format!("the refused AI call wrote nothing: (logs, ledger entries, balance) {before:?} = {after:?}"),
            )?;
        }
        r.lowest_credit_balance = r.lowest_credit_balance.min(rows()?.2);
    }
    let left = rows()?.2;
    r.events.push(format!(
        "AI credits: +{grant} plan, +{bought} bought ($9.99); {} calls ok, {} refused; {left} left",
        r.ai_calls_ok, r.ai_calls_refused
    ));
    Ok(balance)
}

/// 6. Each upload: a FileUpload row and an atomic increment of the workspace's storage usage, in one transaction.
fn upload_files(
    client: &Client,
    r: &mut Report,
    nora: &User,
    ws: &Workspace,
    project: &Project,
    bug_task: &str,
) -> Result<(), DemoError> {
    client
        .storage_usage()
        .create(StorageUsageCreate { workspace_id: Some(ws.id.clone()), ..StorageUsageCreate::new() })
        .exec()?;
    let uploads = [
        ("landing-hero.png", "image/png", 2_483_112_i64, FileType::ProjectAsset),
        ("signup-redirect.mov", "video/quicktime", 18_874_368, FileType::TaskAttachment),
        ("brand-guide.pdf", "application/pdf", 5_242_880, FileType::ProjectAsset),
    ];
    for (name, mime, size, kind) in uploads {
        let attachment = kind == FileType::TaskAttachment;
        let category = if attachment { storage_usage::task_attachments() } else { storage_usage::project_assets() };
        let upload = FileUploadCreate {
            workspace_id: Some(ws.id.clone()),
            project_id: Some(project.id.clone()),
            task_id: attachment.then(|| bug_task.to_string()),
            upload_status: Some(UploadStatus::Completed),
            ..FileUploadCreate::new(&nora.id, name, name, format!("uploads/{}/{name}", ws.id), size, mime, kind)
        };
        client.transaction(|tx| -> Result<_, Error> {
            tx.file_upload().create(upload).exec()?;
            let grow = vec![
                storage_usage::total_used().increment(size),
                category.increment(size),
                storage_usage::last_calculated().set(Utc::now()),
            ];
            tx.storage_usage().update(storage_usage::by_workspace_id(&ws.id), grow).exec()
        })?;
    }
    let storage =
        must(client.storage_usage().find_unique(storage_usage::by_workspace_id(&ws.id)).exec()?, "storage usage")?;
    let uploaded = client
        .file_upload()
        .aggregate()
        .count()
        .sum(file_upload::file_size())
        .filter(file_upload::workspace_id().equals(&ws.id))
        .exec()?;
    (r.storage_used_bytes, r.uploads_sum_bytes) =
        (storage.total_used, uploaded.sum(file_upload::file_size()).unwrap_or(0));
    let categories = storage.task_attachments
        + storage.project_assets
        + storage.drive_cache
        + storage.user_avatars
        + storage.temporary_files;
    r.events.push(format!(
        "{} uploads: {:.1} MiB of storage used",
        uploaded.count(),
        storage.total_used as f64 / 1048576.0
    ));
    r.check(
        storage.total_used == r.uploads_sum_bytes && categories == storage.total_used,
        format!("storage {} bytes = sum of uploads {} = sum of categories", storage.total_used, r.uploads_sum_bytes),
    )
}

/// 7. The referee paid: the referral is confirmed (reward: 20% of the first invoice's subtotal) and paid out.
fn pay_out_referral(
    client: &Client,
    r: &mut Report,
    rita: &User,
    referral: &Referral,
    invoice: &Invoice,
) -> Result<(), DemoError> {
    let reward = (Decimal::new(invoice.subtotal.into(), 2) * dec("0.20")).round_dp(2);
    let program = referral_program::by_id(&referral.referral_program_id);
    let payout = client.transaction(|tx| -> Result<_, Error> {
        let confirm = vec![
            referral::status().set(ReferralStatus::Confirmed),
            referral::confirmed_at().set(Some(Utc::now())),
            referral::reward_amount().set(Some(reward)),
        ];
        tx.referral().update(referral::by_id(&referral.id), confirm).exec()?;
        let earned = vec![
            referral_program::successful_referrals().increment(1),
            referral_program::total_earnings().increment(reward),
            referral_program::available_balance().increment(reward),
        ];
        let earned = tx.referral_program().update(program.clone(), earned).exec()?;
        let amount = earned.available_balance;
        let payout = ReferralPayoutCreate {
            status: Some(PayoutStatus::Completed),
            account_email: Some(rita.email.clone()),
            completed_at: Some(Utc::now()),
            ..ReferralPayoutCreate::new(&earned.id, amount, PayoutMethod::Paypal)
        };
        let payout = tx.referral_payout().create(payout).exec()?;
        let moved = vec![
            referral_program::available_balance().decrement(amount),
            referral_program::paid_out().increment(amount),
        ];
        tx.referral_program().update(program.clone(), moved).exec()?;
        let confirmed = referral::referral_program_id()
            .equals(&earned.id)
            .and(referral::status().equals(ReferralStatus::Confirmed));
        let paid = vec![referral::status().set(ReferralStatus::Paid), referral::reward_paid_at().set(Some(Utc::now()))];
        tx.referral().update_many(confirmed, paid).exec()?;
        Ok(payout)
    })?;
    let status = must(client.referral().find_unique(referral::by_id(&referral.id)).exec()?, "the referral")?.status;
    (r.referral_status, r.referral_payout) = (Some(status), payout.amount);
    r.events.push(format!("referral {status:?}: ${:.2} to {} via {:?}", payout.amount, rita.email, payout.method));
    Ok(())
}

/// The books, read back from the database.
fn check_books(
    client: &Client,
    r: &mut Report,
    balance: &AiCreditBalance,
    ws: &Workspace,
    invoice: &Invoice,
    referral: &Referral,
) -> Result<(), DemoError> {
    let balance =
        must(client.ai_credit_balance().find_unique(ai_credit_balance::by_id(&balance.id)).exec()?, "the balance")?;
    let ledger = client
        .ai_credit_transaction()
        .aggregate()
        .sum(ai_credit_transaction::amount())
        .filter(ai_credit_transaction::balance_id().equals(&balance.id))
        .exec()?;
    let logged = client
        .ai_usage_log()
        .aggregate()
        .sum(ai_usage_log::credits_used())
        .filter(ai_usage_log::workspace_id().equals(&ws.id))
        .exec()?;
    let logged = logged.sum(ai_usage_log::credits_used()).unwrap_or(0);
    (r.credit_balance, r.credits_used) = (balance.balance, balance.total_used);
    r.credit_ledger_sum = ledger.sum(ai_credit_transaction::amount()).unwrap_or(0);
    let negative = client.ai_credit_balance().count().filter(ai_credit_balance::balance().lt(0)).exec()?;
    r.check(
        negative == 0 && r.lowest_credit_balance >= 0,
        format!("credits never negative (lowest balance {}, {negative} negative rows)", r.lowest_credit_balance),
    )?;
    r.check(
        r.credit_ledger_sum == i64::from(balance.balance),
        format!("credit ledger sum {} = balance {}", r.credit_ledger_sum, balance.balance),
    )?;
    r.check(
        logged == i64::from(balance.total_used),
        format!("usage logs {logged} credits = total used {}", balance.total_used),
    )?;

    let lines = client
        .invoice_line_item()
        .aggregate()
        .sum(invoice_line_item::amount())
        .filter(invoice_line_item::invoice_id().equals(&invoice.id))
        .exec()?;
    r.line_items_sum_cents = lines.sum(invoice_line_item::amount()).unwrap_or(0);
    let loaded: i64 = invoice.line_items.iter().flatten().map(|l| i64::from(l.amount)).sum();
    (r.invoice_subtotal_cents, r.invoice_tax_cents, r.invoice_total_cents) =
        (invoice.subtotal.into(), invoice.tax.into(), invoice.total.into());
    r.check(
        r.line_items_sum_cents == r.invoice_subtotal_cents && loaded == r.line_items_sum_cents,
        format!(
            "invoice subtotal {} = sum of line items {}",
            usd(r.invoice_subtotal_cents),
            usd(r.line_items_sum_cents)
        ),
    )?;
    r.check(
        r.invoice_total_cents == r.invoice_subtotal_cents + r.invoice_tax_cents && invoice.amount_paid == invoice.total,
        format!("invoice total {} = subtotal + tax, fully paid", usd(r.invoice_total_cents)),
    )?;

    let program = must(
        client.referral_program().find_unique(referral_program::by_id(&referral.referral_program_id)).exec()?,
        "the referral program",
    )?;
    let payouts = client
        .referral_payout()
        .aggregate()
        .sum(referral_payout::amount())
        .filter(referral_payout::referral_program_id().equals(&program.id))
        .exec()?;
    let payouts = payouts.sum(referral_payout::amount()).unwrap_or_default();
    r.check(
        program.total_earnings == program.paid_out + program.available_balance
            && payouts == program.paid_out
            && r.referral_status == Some(ReferralStatus::Paid),
        format!(
            "referral earnings ${:.2} = paid out ${:.2} + available ${:.2} = payouts ${payouts:.2}",
            program.total_earnings, program.paid_out, program.available_balance
        ),
    )
}
