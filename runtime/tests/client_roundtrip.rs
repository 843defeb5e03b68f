//! A create returns exactly what the database stores: its result equals a `find_unique` of the same row, whether
//! the engine builds the row client-side (every column known: given, client default, or NULL for an omitted
//! nullable column without database default) or reads it back (a database default, e.g. autoincrement).
//! Both backends; PostgreSQL when `SCHEMAGEN_TEST_PG_URL` is set.

mod client_models;

use chrono::{TimeZone, Utc};
use client_models::{post, user, Post, PostCreate, Role, User, UserCreate};
use rust_decimal::Decimal;
use schemagen_runtime::client::Client;
use std::str::FromStr;

both_backends!(create_result_equals_read_back);

fn create_result_equals_read_back(c: &Client) {
    let users = c.repo::<User>();
    let posts = c.repo::<Post>();
    let micro = Utc.with_ymd_and_hms(2031, 5, 6, 7, 8, 9).unwrap() + chrono::Duration::microseconds(987_654);
    let before = c.stats().queries();
    // Only the nullable `name` omitted: filled with NULL client-side, no read-back on SQLite.
    let known = UserCreate {
        role: Some(Role::User),
        balance: Some(Decimal::ZERO),
        karma: Some(0),
        ..UserCreate::new("bare@example.com")
    };
    let bare = users.create(known).exec().unwrap();
    if c.backend() == schemagen_runtime::Backend::Sqlite {
        assert_eq!(c.stats().queries() - before, 1, "a fully known create is one statement");
    }
    assert_eq!(bare.name, None);
    assert_eq!(Some(&bare), users.find_unique(user::by_id(&bare.id)).exec().unwrap().as_ref());
    // Database defaults (role, balance, karma) omitted: read back.
    let defaults = users.create(UserCreate::new("defaults@example.com")).exec().unwrap();
    assert_eq!(Some(&defaults), users.find_unique(user::by_id(&defaults.id)).exec().unwrap().as_ref());
    for (i, dec) in ["0", "0.1", "-12.5", "99999.99", "3"].into_iter().enumerate() {
        let u = users
            .create(UserCreate {
                name: (i % 2 == 0).then(|| format!("n{i}")),
                role: Some(if i % 2 == 0 { Role::Admin } else { Role::User }),
                balance: Some(Decimal::from_str(dec).unwrap()),
                karma: Some(i as i64 - 2),
                created_at: Some(micro),
                ..UserCreate::new(format!("u{i}@example.com"))
            })
            .exec()
            .unwrap();
        let read = users.find_unique(user::by_id(&u.id)).exec().unwrap().unwrap();
        assert_eq!(u, read, "user {dec}");
        assert_eq!(read.balance.scale(), 2, "Decimal(12, 2) scale");
        assert_eq!(read.created_at.timestamp_subsec_micros() % 1000, 0, "millisecond precision");
    }
    let doc = serde_json::json!({"b": [1, 2.5, "x", null, {"z": false, "a": 1}], "a": "é \"q\""});
    // Explicit id: every column known (omitted nullable body/score/meta are NULL).
    let cases = [
        PostCreate { id: Some(1000), ..PostCreate::new("plain", &bare.id) },
        PostCreate {
            id: Some(1001),
            body: Some("b".into()),
            score: Some(-0.25),
            meta: Some(doc.clone()),
            published: Some(true),
            created_at: Some(micro),
            ..PostCreate::new("full", &bare.id)
        },
        // Autoincrement id: read back.
        PostCreate { meta: Some(serde_json::json!([1, {"k": null}])), ..PostCreate::new("auto", &bare.id) },
        PostCreate { ..PostCreate::new("auto-bare", &bare.id) },
    ];
    for data in cases {
        let p = posts.create(data).exec().unwrap();
        let read = posts.find_unique(post::by_id(p.id)).exec().unwrap().unwrap();
        assert_eq!(p, read, "post {}", p.title);
    }
}
