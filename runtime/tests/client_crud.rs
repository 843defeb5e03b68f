//! The query engine on both backends: create/find/update/delete, filters, ordering, paging, types, errors,
//! transactions. PostgreSQL runs when `SCHEMAGEN_TEST_PG_URL` is set (required under `CI`).

mod client_models;

use chrono::{DateTime, TimeZone, Utc};
use client_models::{post, user, Post, PostCreate, Role, User, UserCreate};
use rust_decimal::Decimal;
use schemagen_runtime::client::{self as rt, and, not, or, Client, Error, Filter, Value};
use std::str::FromStr;

both_backends!(
    create_applies_defaults,
    find_unique_and_many,
    filters_and_ordering,
    skip_take_cursor_distinct,
    update_and_delete,
    update_many_delete_many_count,
    upsert_both_ways,
    create_many_and_skip_duplicates,
    decimals_bigints_dates_json,
    unique_violations_name_fields,
    foreign_key_violations,
    validation_errors,
    transactions_commit_and_roll_back,
    transaction_rolls_back_on_panic,
    hostile_strings_are_data,
    raw_queries,
    select_fields,
);

fn alice(c: &Client) -> User {
    c.repo::<User>()
        .create(UserCreate { name: Some("Alice".into()), ..UserCreate::new("alice@example.com") })
        .exec()
        .unwrap()
}

fn create_applies_defaults(c: &Client) {
    let before = Utc::now() - chrono::Duration::seconds(5);
    let u = alice(c);
    assert_eq!(u.id.len(), 25, "cuid: {}", u.id);
    assert!(u.id.starts_with('c'));
    assert_eq!(u.email, "alice@example.com");
    assert_eq!(u.name.as_deref(), Some("Alice"));
    assert_eq!(u.role, Role::User, "database default read back");
    assert_eq!(u.balance, Decimal::ZERO);
    assert_eq!(u.karma, 0);
    assert!(u.created_at > before && u.created_at <= Utc::now());
    assert_eq!(u.created_at.timestamp_subsec_nanos() % 1_000_000, 0, "millisecond precision, as Prisma");
    assert!(u.updated_at >= u.created_at);
    assert!(u.posts.is_none() && u.profile.is_none());

    let p = c.repo::<Post>().create(PostCreate::new("Hello", &u.id)).exec().unwrap();
    assert!(p.id >= 1);
    assert_eq!(p.views, 0);
    assert!(!p.published);
    assert_eq!(p.body, None);
    let p2 = c.repo::<Post>().create(PostCreate::new("Again", &u.id)).exec().unwrap();
    assert_eq!(p2.id, p.id + 1, "autoincrement read back with RETURNING");

    let tag = c.repo::<client_models::Tag>().create(client_models::TagCreate::new("rust")).exec().unwrap();
    assert_eq!(tag.id.len(), 36, "uuid v4: {}", tag.id);
    assert_eq!(tag.id.chars().nth(14), Some('4'));
}

fn find_unique_and_many(c: &Client) {
    let a = alice(c);
    let users = c.repo::<User>();
    assert_eq!(users.find_unique(user::by_id(&a.id)).exec().unwrap(), Some(a.clone()));
    assert_eq!(users.find_unique(user::by_email("alice@example.com")).exec().unwrap(), Some(a.clone()));
    assert_eq!(users.find_unique(user::by_email("nobody@example.com")).exec().unwrap(), None);
    let b = users.create(UserCreate::new("bob@example.com")).exec().unwrap();
    let all = users.find_many().order_by(user::email().asc()).exec().unwrap();
    assert_eq!(all, vec![a.clone(), b.clone()]);
    assert_eq!(users.find_many().filter(Filter::all()).exec().unwrap().len(), 2);
    assert_eq!(users.find_first().order_by(user::email().desc()).exec().unwrap(), Some(b.clone()));
    assert_eq!(users.find_first().filter(user::email().equals("zed@example.com")).exec().unwrap(), None);
    let p = c.repo::<Post>().create(PostCreate::new("t", &a.id)).exec().unwrap();
    let by_pair = c.repo::<Post>().find_unique(post::by_author_id_title(&a.id, "t")).exec().unwrap();
    assert_eq!(by_pair, Some(p));
}

fn filters_and_ordering(c: &Client) {
    let a = alice(c);
    let users = c.repo::<User>();
    let b = users
        .create(UserCreate { role: Some(Role::Admin), karma: Some(5), ..UserCreate::new("bob@example.com") })
        .exec()
        .unwrap();
    let posts = c.repo::<Post>();
    for (i, title) in ["apple", "banana", "cherry", "date"].iter().enumerate() {
        let author = if i % 2 == 0 { &a.id } else { &b.id };
        posts
            .create(PostCreate {
                views: Some(i as i32 * 10),
                score: if i == 3 { None } else { Some(i as f64 / 2.0) },
                body: if i == 0 { None } else { Some(format!("body {i}")) },
                published: Some(i % 2 == 1),
                ..PostCreate::new(*title, author)
            })
            .exec()
            .unwrap();
    }
    let titles = |f: Filter<Post>| -> Vec<String> {
        posts.find_many().filter(f).order_by(post::title().asc()).exec().unwrap().into_iter().map(|p| p.title).collect()
    };
    assert_eq!(titles(post::views().gte(20)), ["cherry", "date"]);
    assert_eq!(titles(post::views().lt(10)), ["apple"]);
    assert_eq!(titles(post::views().gt(0).and(post::views().lte(20))), ["banana", "cherry"]);
    assert_eq!(titles(post::title().in_(["apple", "date", "zzz"])), ["apple", "date"]);
    assert_eq!(titles(post::title().not_in(["apple", "date"])), ["banana", "cherry"]);
    assert_eq!(titles(post::title().in_(Vec::<String>::new())), Vec::<String>::new());
    assert_eq!(titles(post::title().not_in(Vec::<String>::new())).len(), 4);
    assert_eq!(titles(post::title().not("apple")), ["banana", "cherry", "date"]);
    assert_eq!(titles(post::body().is_null()), ["apple"]);
    assert_eq!(titles(post::body().is_not_null()).len(), 3);
    assert_eq!(titles(post::body().equals_null()), ["apple"]);
    assert_eq!(titles(post::body().equals("body 2")), ["cherry"]);
    assert_eq!(titles(post::score().gt(0.4)), ["banana", "cherry"]);
    assert_eq!(titles(post::published().equals(true)), ["banana", "date"]);
    assert_eq!(titles(post::views().equals(0).or(post::views().equals(30))), ["apple", "date"]);
    assert_eq!(titles(!post::published().equals(true)), ["apple", "cherry"]);
    assert_eq!(titles(not(post::views().gte(10))), ["apple"]);
    assert_eq!(titles(and(vec![post::views().gte(10), post::published().equals(false)])), ["cherry"]);
    assert_eq!(titles(or(vec![post::title().equals("apple"), post::title().equals("date")])), ["apple", "date"]);
    assert_eq!(titles(or(vec![])), Vec::<String>::new());
    assert_eq!(titles(and(vec![])).len(), 4);
    assert_eq!(titles(post::title().contains("an").into()), ["banana"]);
    assert_eq!(titles(post::title().starts_with("ch").into()), ["cherry"]);
    assert_eq!(titles(post::title().ends_with("te").into()), ["date"]);
    assert_eq!(titles(post::title().contains("AN").into()), Vec::<String>::new());
    assert_eq!(titles(post::title().contains("AN").insensitive().into()), ["banana"]);
    assert_eq!(titles(post::title().starts_with("CH").insensitive().into()), ["cherry"]);
    assert_eq!(titles(post::title().ends_with("TE").insensitive().into()), ["date"]);
    assert_eq!(titles(post::title().contains("").into()).len(), 4);
    assert_eq!(titles(post::title().ends_with("").into()).len(), 4);
    // Relation filters.
    assert_eq!(titles(post::author().is(user::role().equals(Role::Admin))), ["banana", "date"]);
    assert_eq!(titles(post::author().is_not(user::role().equals(Role::Admin))), ["apple", "cherry"]);
    let names = |f: Filter<User>| -> Vec<String> {
        users.find_many().filter(f).order_by(user::email().asc()).exec().unwrap().into_iter().map(|u| u.email).collect()
    };
    assert_eq!(names(user::posts().some(post::views().gte(30))), ["bob@example.com"]);
    assert_eq!(names(user::posts().none(post::views().gte(30))), ["alice@example.com"]);
    assert_eq!(names(user::posts().every(post::published().equals(false))), ["alice@example.com"]);
    assert_eq!(names(user::role().equals(Role::User)), ["alice@example.com"]);
    assert_eq!(names(user::role().in_([Role::User, Role::Admin])).len(), 2);
    assert_eq!(names(user::karma().gt(1i64)), ["bob@example.com"]);
    // Ordering.
    let ordered: Vec<String> = posts
        .find_many()
        .order_by(post::published().desc())
        .order_by(post::views().asc())
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(ordered, ["banana", "date", "apple", "cherry"]);
    let nulls_first: Vec<Option<f64>> = posts
        .find_many()
        .order_by(post::score().asc().nulls_first())
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.score)
        .collect();
    assert_eq!(nulls_first, [None, Some(0.0), Some(0.5), Some(1.0)]);
    let nulls_last: Vec<Option<f64>> = posts
        .find_many()
        .order_by(post::score().desc().nulls_last())
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.score)
        .collect();
    assert_eq!(nulls_last, [Some(1.0), Some(0.5), Some(0.0), None]);
}

fn skip_take_cursor_distinct(c: &Client) {
    let a = alice(c);
    let posts = c.repo::<Post>();
    for i in 0..10 {
        posts.create(PostCreate { views: Some(i % 3), ..PostCreate::new(format!("p{i}"), &a.id) }).exec().unwrap();
    }
    let page: Vec<String> = posts
        .find_many()
        .order_by(post::id().asc())
        .skip(2)
        .take(3)
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(page, ["p2", "p3", "p4"]);
    let tail: Vec<String> =
        posts.find_many().order_by(post::id().asc()).skip(8).exec().unwrap().into_iter().map(|p| p.title).collect();
    assert_eq!(tail, ["p8", "p9"]);
    assert!(posts.find_many().take(0).exec().unwrap().is_empty());
    let p5 = posts.find_first().filter(post::title().equals("p5")).exec().unwrap().unwrap();
    let from: Vec<String> = posts
        .find_many()
        .order_by(post::id().asc())
        .cursor(post::by_id(p5.id))
        .take(3)
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(from, ["p5", "p6", "p7"]);
    let from_desc: Vec<String> = posts
        .find_many()
        .order_by(post::views().desc())
        .cursor(post::by_id(p5.id))
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    // views: p0 0, p1 1, p2 2, p3 0, p4 1, p5 2, p6 0, p7 1, p8 2, p9 0; desc then id asc.
    assert_eq!(from_desc, ["p5", "p8", "p1", "p4", "p7", "p0", "p3", "p6", "p9"]);
    assert!(posts.find_many().cursor(post::by_id(9999)).exec().unwrap().is_empty());
    let distinct: Vec<i32> = posts
        .find_many()
        .order_by(post::id().asc())
        .distinct(post::views())
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.views)
        .collect();
    assert_eq!(distinct, [0, 1, 2]);
    let distinct_page: Vec<String> = posts
        .find_many()
        .order_by(post::id().asc())
        .distinct(post::views())
        .skip(1)
        .take(1)
        .exec()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(distinct_page, ["p1"]);
}

fn update_and_delete(c: &Client) {
    let a = alice(c);
    let users = c.repo::<User>();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let u = users
        .update(user::by_id(&a.id), vec![user::name().set(Some("Alicia".into())), user::karma().increment(5i64)])
        .exec()
        .unwrap();
    assert_eq!(u.name.as_deref(), Some("Alicia"));
    assert_eq!(u.karma, 5);
    assert!(u.updated_at > a.updated_at, "@updatedAt moves on update");
    assert_eq!(u.created_at, a.created_at);
    let u = users
        .update(user::by_email("alice@example.com"), vec![user::karma().multiply(3i64), user::name().set_null()])
        .exec()
        .unwrap();
    assert_eq!((u.karma, u.name), (15, None));
    let u = users.update(user::by_id(&a.id), vec![user::karma().decrement(1i64)]).exec().unwrap();
    assert_eq!(u.karma, 14);
    let u = users.update(user::by_id(&a.id), vec![user::karma().divide(4i64)]).exec().unwrap();
    assert_eq!(u.karma, 3, "integer division");
    let u = users
        .update(user::by_id(&a.id), vec![user::balance().increment(Decimal::from_str("10.25").unwrap())])
        .exec()
        .unwrap();
    assert_eq!(u.balance.to_string(), "10.25");
    let u = users.update(user::by_id(&a.id), vec![]).exec().unwrap();
    assert_eq!(u.karma, 3);
    assert!(matches!(
        users.update(user::by_id("missing"), vec![user::karma().set(1)]).exec(),
        Err(Error::NotFound { model: "User" })
    ));
    assert!(matches!(users.update(user::by_id("missing"), vec![]).exec(), Err(Error::NotFound { model: "User" })));
    let deleted = users.delete(user::by_id(&a.id)).exec().unwrap();
    assert_eq!(deleted.id, a.id);
    assert_eq!(users.find_unique(user::by_id(&a.id)).exec().unwrap(), None);
    assert!(matches!(users.delete(user::by_id(&a.id)).exec(), Err(Error::NotFound { model: "User" })));
}

fn update_many_delete_many_count(c: &Client) {
    let a = alice(c);
    let posts = c.repo::<Post>();
    for i in 0..5 {
        posts.create(PostCreate { views: Some(i), ..PostCreate::new(format!("p{i}"), &a.id) }).exec().unwrap();
    }
    assert_eq!(posts.count().exec().unwrap(), 5);
    assert_eq!(posts.count().filter(post::views().gte(3)).exec().unwrap(), 2);
    let n = posts
        .update_many(post::views().gte(3), vec![post::published().set(true), post::views().increment(100)])
        .exec()
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(posts.count().filter(post::views().gte(100)).exec().unwrap(), 2);
    assert_eq!(posts.update_many(post::views().gt(1000), vec![post::published().set(true)]).exec().unwrap(), 0);
    let n = posts
        .update_many(post::author().is(user::email().equals("alice@example.com")), vec![post::score().set(Some(1.5))])
        .exec()
        .unwrap();
    assert_eq!(n, 5, "relation filters work in UPDATE");
    assert_eq!(posts.delete_many(post::published().equals(true)).exec().unwrap(), 2);
    assert_eq!(posts.delete_many(Filter::all()).exec().unwrap(), 3);
    assert_eq!(posts.count().exec().unwrap(), 0);
}

fn upsert_both_ways(c: &Client) {
    let users = c.repo::<User>();
    let created = users
        .upsert(
            user::by_email("u@example.com"),
            UserCreate { karma: Some(1), ..UserCreate::new("u@example.com") },
            vec![user::karma().increment(1i64)],
        )
        .exec()
        .unwrap();
    assert_eq!(created.karma, 1);
    let updated = users
        .upsert(
            user::by_email("u@example.com"),
            UserCreate { karma: Some(1), ..UserCreate::new("u@example.com") },
            vec![user::karma().increment(1i64)],
        )
        .exec()
        .unwrap();
    assert_eq!((updated.id.as_str(), updated.karma), (created.id.as_str(), 2));
    assert_eq!(users.count().exec().unwrap(), 1);
}

fn create_many_and_skip_duplicates(c: &Client) {
    let users = c.repo::<User>();
    let n = users
        .create_many(
            (0..250).map(|i| UserCreate { karma: Some(i), ..UserCreate::new(format!("u{i}@example.com")) }).collect(),
        )
        .exec()
        .unwrap();
    assert_eq!(n, 250);
    let distinct_ids: std::collections::HashSet<String> =
        users.find_many().exec().unwrap().into_iter().map(|u| u.id).collect();
    assert_eq!(distinct_ids.len(), 250, "client-side ids per row");
    let err = users
        .create_many(vec![UserCreate::new("new@example.com"), UserCreate::new("u1@example.com")])
        .exec()
        .unwrap_err();
    assert!(matches!(err, Error::UniqueViolation { .. }), "{err:?}");
    assert_eq!(users.count().exec().unwrap(), 250, "create_many is atomic");
    let n = users
        .create_many(vec![UserCreate::new("new@example.com"), UserCreate::new("u1@example.com")])
        .skip_duplicates()
        .exec()
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(users.create_many(Vec::<UserCreate>::new()).exec().unwrap(), 0);
}

fn decimals_bigints_dates_json(c: &Client) {
    let users = c.repo::<User>();
    let when = Utc.with_ymd_and_hms(2031, 12, 24, 18, 30, 15).unwrap() + chrono::Duration::milliseconds(123);
    let cases = [
        ("max@example.com", "12345678.90", i64::MAX),
        ("min@example.com", "-9999999999.99", i64::MIN),
        ("small@example.com", "0.01", -1),
    ];
    for (email, dec, big) in cases {
        let d = Decimal::from_str(dec).unwrap();
        let u = users
            .create(UserCreate { balance: Some(d), karma: Some(big), created_at: Some(when), ..UserCreate::new(email) })
            .exec()
            .unwrap();
        assert_eq!(u.balance.to_string(), dec, "returned decimal is exact");
        assert_eq!(u.karma, big);
        assert_eq!(u.created_at, when);
        let back = users.find_unique(user::by_email(email)).exec().unwrap().unwrap();
        assert_eq!(back.balance.to_string(), dec, "read back exactly with scale 2");
        assert_eq!(back.karma, big);
        assert_eq!(back.created_at, when);
        assert_eq!(users.count().filter(user::karma().equals(big)).exec().unwrap(), 1, "BigInt bound exactly");
        assert_eq!(users.count().filter(user::balance().equals(d)).exec().unwrap(), 1, "decimal equality");
    }
    assert_eq!(users.count().filter(user::balance().gt(Decimal::from_str("0.001").unwrap())).exec().unwrap(), 2);
    assert_eq!(users.count().filter(user::created_at().gte(when)).exec().unwrap(), 3);
    assert_eq!(users.count().filter(user::created_at().gt(when)).exec().unwrap(), 0);
    // A create that gives every column returns exactly what a read returns (SQLite builds it without reading).
    let micro = Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::microseconds(123_456);
    for dec in ["0.1", "1234567890.12", "-0.5", "7", "0.125"] {
        let full = UserCreate {
            id: Some(format!("full-{dec}")),
            name: Some("Full".into()),
            role: Some(Role::Admin),
            balance: Some(Decimal::from_str(dec).unwrap()),
            karma: Some(i64::MIN + 1),
            created_at: Some(micro),
            updated_at: Some(micro),
            ..UserCreate::new(format!("full{dec}@example.com"))
        };
        let created = users.create(full).exec().unwrap();
        let read = users.find_unique(user::by_id(format!("full-{dec}"))).exec().unwrap().unwrap();
        assert_eq!(created, read, "create result == stored row for {dec}");
        assert_eq!(read.created_at.timestamp_subsec_micros() % 1000, 0, "stored with millisecond precision");
        assert_eq!(read.balance.scale(), 2);
    }
    // Json and floats.
    let a = users.find_unique(user::by_email("max@example.com")).exec().unwrap().unwrap();
    let doc = serde_json::json!({"k": [1, 2.5, "x", null, {"nested": true}], "quote": "it's \"fine\""});
    let p = c
        .repo::<Post>()
        .create(PostCreate { meta: Some(doc.clone()), score: Some(f64::MAX), ..PostCreate::new("json", &a.id) })
        .exec()
        .unwrap();
    assert_eq!(p.meta.as_ref(), Some(&doc));
    assert_eq!(p.score, Some(f64::MAX));
    let back = c.repo::<Post>().find_unique(post::by_id(p.id)).exec().unwrap().unwrap();
    assert_eq!(back.meta, Some(doc));
    assert_eq!(back.score, Some(f64::MAX));
    // Serde of the generated struct (camelCase, relations omitted when not loaded).
    let json = serde_json::to_value(&back).unwrap();
    assert!(json.get("authorId").is_some() && json.get("author").is_none());
}

fn unique_violations_name_fields(c: &Client) {
    let a = alice(c);
    let err = c.repo::<User>().create(UserCreate::new("alice@example.com")).exec().unwrap_err();
    match err {
        Error::UniqueViolation { model, fields } => {
            assert_eq!(model, "User");
            assert_eq!(fields, ["email"]);
        }
        other => panic!("{other:?}"),
    }
    let err = c
        .repo::<User>()
        .create(UserCreate { id: Some(a.id.clone()), ..UserCreate::new("x@example.com") })
        .exec()
        .unwrap_err();
    assert!(matches!(&err, Error::UniqueViolation { model: "User", fields } if fields == &["id"]), "{err:?}");
    c.repo::<Post>().create(PostCreate::new("t", &a.id)).exec().unwrap();
    let err = c.repo::<Post>().create(PostCreate::new("t", &a.id)).exec().unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { model: "Post", fields } if fields == &["authorId", "title"]),
        "{err:?}"
    );
    let b = c.repo::<User>().create(UserCreate::new("b@example.com")).exec().unwrap();
    let err = c
        .repo::<User>()
        .update(user::by_id(&b.id), vec![user::email().set("alice@example.com".into())])
        .exec()
        .unwrap_err();
    assert!(matches!(&err, Error::UniqueViolation { fields, .. } if fields == &["email"]), "{err:?}");
    assert!(err.to_string().contains("email"));
}

fn foreign_key_violations(c: &Client) {
    let err = c.repo::<Post>().create(PostCreate::new("orphan", "no-such-user")).exec().unwrap_err();
    match &err {
        Error::ForeignKeyViolation { model, field } => {
            assert_eq!(*model, "Post");
            if c.backend() == schemagen_runtime::Backend::Postgres {
                assert_eq!(field.as_deref(), Some("authorId"));
            }
        }
        other => panic!("{other:?}"),
    }
    let a = alice(c);
    c.repo::<Post>().create(PostCreate::new("p", &a.id)).exec().unwrap();
    let err = c.repo::<User>().delete(user::by_id(&a.id)).exec().unwrap_err();
    assert!(matches!(err, Error::ForeignKeyViolation { model: "User", .. }), "ON DELETE RESTRICT: {err:?}");
    assert!(c.repo::<User>().find_unique(user::by_id(&a.id)).exec().unwrap().is_some());
}

fn validation_errors(c: &Client) {
    let users = c.repo::<User>();
    assert!(matches!(users.find_many().take(-1).exec(), Err(Error::Validation(_))));
    assert!(matches!(users.find_many().skip(-5).exec(), Err(Error::Validation(_))));
    assert!(matches!(users.find_many().take(i64::MAX).skip(i64::MAX).exec(), Ok(v) if v.is_empty()));
    let bad: rt::Unique<User> = rt::Unique::new(&[]);
    assert!(matches!(users.find_unique(bad).exec(), Err(Error::Validation(_))));
    let bad: rt::Unique<User> = rt::Unique::new(&[(99, Value::Int(1))]);
    assert!(matches!(users.find_unique(bad).exec(), Err(Error::Validation(_))));
    // A required column set to NULL through raw create data.
    let err = users.create(vec![(1u16, Value::Null)]).exec().unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
}

fn transactions_commit_and_roll_back(c: &Client) {
    let id = c
        .transaction(|tx| -> Result<String, Error> {
            let u = tx.repo::<User>().create(UserCreate::new("tx@example.com")).exec()?;
            tx.repo::<Post>().create(PostCreate::new("in tx", &u.id)).exec()?;
            assert_eq!(tx.repo::<Post>().count().exec()?, 1, "reads see the transaction's writes");
            Ok(u.id)
        })
        .unwrap();
    assert!(c.repo::<User>().find_unique(user::by_id(&id)).exec().unwrap().is_some());

    #[derive(Debug)]
    enum AppError {
        Db(Error),
        Insufficient,
    }
    impl From<Error> for AppError {
        fn from(e: Error) -> Self {
            AppError::Db(e)
        }
    }
    let r: Result<(), AppError> = c.transaction(|tx| {
        tx.repo::<User>().update(user::by_id(&id), vec![user::karma().increment(10i64)]).exec()?;
        tx.repo::<User>().create(UserCreate::new("other@example.com")).exec()?;
        Err(AppError::Insufficient)
    });
    assert!(matches!(r, Err(AppError::Insufficient)));
    assert_eq!(c.repo::<User>().count().exec().unwrap(), 1, "rolled back");
    assert_eq!(c.repo::<User>().find_unique(user::by_id(&id)).exec().unwrap().unwrap().karma, 0);

    // A database error inside rolls back too, and is the caller's error type.
    let r: Result<(), AppError> = c.transaction(|tx| {
        tx.repo::<User>().create(UserCreate::new("fresh@example.com")).exec()?;
        tx.repo::<User>().create(UserCreate::new("tx@example.com")).exec()?;
        Ok(())
    });
    assert!(matches!(r, Err(AppError::Db(Error::UniqueViolation { .. }))));
    assert_eq!(c.repo::<User>().count().exec().unwrap(), 1);
    // Raw SQL in a transaction.
    c.transaction(|tx| -> Result<(), Error> {
        let n = tx
            .raw()
            .execute("UPDATE users SET karma = $1 WHERE id = $2", &[Value::BigInt(42), Value::String(id.clone())])?;
        assert_eq!(n, 1);
        Ok(())
    })
    .unwrap();
    assert_eq!(c.repo::<User>().find_unique(user::by_id(&id)).exec().unwrap().unwrap().karma, 42);
}

fn transaction_rolls_back_on_panic(c: &Client) {
    let c2 = c.clone();
    let r = std::panic::catch_unwind(move || {
        let _: Result<(), Error> = c2.transaction(|tx| {
            tx.repo::<User>().create(UserCreate::new("panic@example.com")).exec()?;
            panic!("boom");
        });
    });
    assert!(r.is_err(), "the panic continues");
    assert_eq!(c.repo::<User>().count().exec().unwrap(), 0, "rolled back");
    // The connection went back to the pool in a usable state.
    alice(c);
    assert_eq!(c.repo::<User>().count().exec().unwrap(), 1);
}

fn hostile_strings_are_data(c: &Client) {
    let a = alice(c);
    let posts = c.repo::<Post>();
    let pg = c.backend() == schemagen_runtime::Backend::Postgres;
    let big = "x".repeat(1 << 20);
    let hostile: Vec<String> = vec![
        "it's".into(),
        "\"quoted\"".into(),
        "'; DROP TABLE posts; --".into(),
        "50% off_sale\\".into(),
        "%".into(),
        "_".into(),
        "\\".into(),
        "🦀 emoji ünïcödé".into(),
        "$1 ?1 :name @p".into(),
        big.clone(),
    ];
    for (i, s) in hostile.iter().enumerate() {
        let p = posts
            .create(PostCreate { body: Some(s.clone()), ..PostCreate::new(format!("h{i}"), &a.id) })
            .exec()
            .unwrap();
        assert_eq!(p.body.as_deref(), Some(s.as_str()));
    }
    let count = |f: Filter<Post>| posts.count().filter(f).exec().unwrap();
    for s in &hostile {
        assert_eq!(count(post::body().equals(s.as_str())), 1, "equals {:.40}", s);
        assert_eq!(count(post::body().in_([s.as_str()])), 1);
        let expected_contains = hostile.iter().filter(|h| h.contains(s.as_str())).count() as i64;
        assert_eq!(count(post::body().contains(s.as_str()).into()), expected_contains, "contains {:.40}", s);
        let expected_starts = hostile.iter().filter(|h| h.starts_with(s.as_str())).count() as i64;
        assert_eq!(count(post::body().starts_with(s.as_str()).into()), expected_starts, "starts_with {:.40}", s);
        let expected_ends = hostile.iter().filter(|h| h.ends_with(s.as_str())).count() as i64;
        assert_eq!(count(post::body().ends_with(s.as_str()).into()), expected_ends, "ends_with {:.40}", s);
        // ASCII letters fold on both backends (SQLite's lower() folds only ASCII).
        let lower = s.to_ascii_lowercase();
        let expected_ci = hostile.iter().filter(|h| h.to_ascii_lowercase().contains(&lower)).count() as i64;
        assert_eq!(
            count(post::body().contains(s.to_ascii_uppercase()).insensitive().into()),
            expected_ci,
            "insensitive {:.40}",
            s
        );
    }
    assert_eq!(posts.count().exec().unwrap(), hostile.len() as i64, "nothing was dropped");
    // Wildcards are literal.
    assert_eq!(count(post::body().contains("%").into()), 2);
    assert_eq!(count(post::body().starts_with("_").into()), 1);
    // NUL: stored as is on SQLite; a clear validation error on PostgreSQL.
    let nul = "a\0b".to_owned();
    let r = posts.create(PostCreate { body: Some(nul.clone()), ..PostCreate::new("nul", &a.id) }).exec();
    if pg {
        match r {
            Err(Error::Validation(m)) => assert!(m.contains("NUL"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(posts.count().filter(post::body().equals(nul.as_str())).exec(), Err(Error::Validation(_))));
        assert!(matches!(posts.count().filter(post::body().contains(nul.as_str())).exec(), Err(Error::Validation(_))));
    } else {
        assert_eq!(r.unwrap().body.as_deref(), Some(nul.as_str()));
        assert_eq!(count(post::body().equals(nul.as_str())), 1);
        assert_eq!(count(post::body().contains("\0").into()), 1);
        assert_eq!(count(post::body().ends_with("\0b").into()), 1);
        assert_eq!(count(post::body().starts_with("a\0").into()), 1);
    }
    // Hostile values in a unique lookup and an update.
    let u = c.repo::<User>().create(UserCreate::new("'; DELETE FROM users; --")).exec().unwrap();
    assert_eq!(
        c.repo::<User>().find_unique(user::by_email("'; DELETE FROM users; --")).exec().unwrap().unwrap().id,
        u.id
    );
    c.repo::<User>().update(user::by_id(&u.id), vec![user::name().set(Some(big.clone()))]).exec().unwrap();
    assert_eq!(c.repo::<User>().count().exec().unwrap(), 2);
}

fn raw_queries(c: &Client) {
    let a = alice(c);
    let rows = c
        .raw()
        .query(
            "SELECT email, karma, $1 AS echo FROM users WHERE id = $2",
            &[Value::String("it's $1".into()), Value::String(a.id.clone())],
        )
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], Value::String("alice@example.com".into()));
    assert_eq!(rows[0][1].as_i64(), Some(0));
    assert_eq!(rows[0][2].as_str(), Some("it's $1"));
    // Placeholders out of order.
    let rows =
        c.raw().query("SELECT $2 || '-' || $1", &[Value::String("a".into()), Value::String("b".into())]).unwrap();
    assert_eq!(rows[0][0].as_str(), Some("b-a"));
    let n = c.raw().execute("UPDATE users SET name = $1", &[Value::String("'; --".into())]).unwrap();
    assert_eq!(n, 1);
    assert_eq!(
        c.repo::<User>().find_unique(user::by_id(&a.id)).exec().unwrap().unwrap().name.as_deref(),
        Some("'; --")
    );
    let rows = c.raw().query("SELECT \"createdAt\" FROM users", &[]).unwrap();
    assert_eq!(rows[0][0], Value::DateTime(a.created_at), "date-times decoded by column type");
    assert!(c.raw().query("SELECT nope FROM nowhere", &[]).is_err());
    let err = c.raw().execute(
        "INSERT INTO users (id, email, \"updatedAt\") VALUES ($1, $2, $3)",
        &[Value::String("x".into()), Value::String("alice@example.com".into()), Value::DateTime(Utc::now())],
    );
    assert!(matches!(err, Err(Error::UniqueViolation { .. })), "{err:?}");
}

fn select_fields(c: &Client) {
    let a = alice(c);
    c.repo::<User>().create(UserCreate::new("bob@example.com")).exec().unwrap();
    let rows: Vec<(String, Option<String>)> = c
        .repo::<User>()
        .find_many()
        .order_by(user::email().asc())
        .select((user::email(), user::name()))
        .exec()
        .unwrap();
    assert_eq!(
        rows,
        vec![("alice@example.com".to_owned(), Some("Alice".to_owned())), ("bob@example.com".to_owned(), None)]
    );
    let ids: Vec<String> =
        c.repo::<User>().find_many().filter(user::name().is_not_null()).select(user::id()).exec().unwrap();
    assert_eq!(ids, vec![a.id.clone()]);
    let six: Vec<(String, String, Option<String>, Role, Decimal, i64)> = c
        .repo::<User>()
        .find_many()
        .take(1)
        .order_by(user::email().asc())
        .select((user::id(), user::email(), user::name(), user::role(), user::balance(), user::karma()))
        .exec()
        .unwrap();
    assert_eq!(six[0].0, a.id);
    assert_eq!(six[0].4.to_string(), "0.00");
    let created: Vec<(DateTime<Utc>,)> =
        c.repo::<User>().find_many().filter(user::id().equals(&a.id)).select((user::created_at(),)).exec().unwrap();
    assert_eq!(created[0].0, a.created_at);
}
