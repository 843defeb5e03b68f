//! Relations on both backends: includes (bounded queries), nested includes, include options, implicit
//! many-to-many connect/disconnect, nested create, relation filters through the join table; aggregates and
//! group_by.

mod client_models;

use client_models::{
    post, profile, tag, user, Post, PostCreate, Profile, ProfileCreate, Role, Tag, TagCreate, User, UserCreate,
};
use rust_decimal::Decimal;
use schemagen_runtime::client::{AggExpr, Client, Error, Filter};
use std::str::FromStr;

both_backends!(
    include_is_one_query_per_relation,
    include_options_and_nesting,
    include_to_one_both_sides,
    many_to_many_connect_disconnect_filters,
    nested_create_in_one_transaction,
    aggregates,
    group_by_with_having_and_order,
    include_on_create_update_upsert,
    many_clients_share_nothing,
);

/// 3 users × 4 posts, 3 tags linked to some posts; returns the users (by email).
fn seed(c: &Client) -> Vec<User> {
    let mut users = Vec::new();
    for (i, email) in ["a@x.io", "b@x.io", "c@x.io"].iter().enumerate() {
        let role = if i == 1 { Role::Admin } else { Role::User };
        let u = c.repo::<User>().create(UserCreate { role: Some(role), ..UserCreate::new(*email) }).exec().unwrap();
        for j in 0..4 {
            c.repo::<Post>()
                .create(PostCreate {
                    views: Some((i * 10 + j) as i32),
                    published: Some(j % 2 == 0),
                    ..PostCreate::new(format!("{email}-{j}"), &u.id)
                })
                .exec()
                .unwrap();
        }
        users.push(u);
    }
    let tags: Vec<Tag> =
        ["rust", "sql", "web"].iter().map(|n| c.repo::<Tag>().create(TagCreate::new(*n)).exec().unwrap()).collect();
    // a@x.io-0: rust, sql; a@x.io-1: rust; b@x.io-0: web.
    let link = |title: &str, names: &[&str]| {
        let p = c.repo::<Post>().find_first().filter(post::title().equals(title)).exec().unwrap().unwrap();
        c.repo::<Post>()
            .update(post::by_id(p.id), vec![post::tags().connect(names.iter().map(|n| tag::by_name(*n)).collect())])
            .exec()
            .unwrap();
    };
    link("a@x.io-0", &["rust", "sql"]);
    link("a@x.io-1", &["rust"]);
    link("b@x.io-0", &["web"]);
    let _ = tags;
    users
}

fn include_is_one_query_per_relation(c: &Client) {
    seed(c);
    let before = c.stats().queries();
    let users = c
        .repo::<User>()
        .find_many()
        .order_by(user::email().asc())
        .include(user::posts().include().include(post::tags()))
        .include(user::profile())
        .exec()
        .unwrap();
    let queries = c.stats().queries() - before;
    assert_eq!(queries, 4, "users + posts + tags of posts + profiles, whatever the number of rows");
    assert_eq!(users.len(), 3);
    for u in &users {
        let posts = u.posts.as_ref().expect("posts loaded");
        assert_eq!(posts.len(), 4);
        assert!(posts.iter().all(|p| p.author_id == u.id));
        assert!(posts.iter().all(|p| p.tags.is_some()));
        assert!(u.profile.is_none());
    }
    let a_posts = users[0].posts.as_ref().unwrap();
    let tags_of = |title: &str| -> Vec<String> {
        let mut names: Vec<String> = a_posts
            .iter()
            .find(|p| p.title == title)
            .unwrap()
            .tags
            .as_ref()
            .unwrap()
            .iter()
            .map(|t| t.name.clone())
            .collect();
        names.sort();
        names
    };
    assert_eq!(tags_of("a@x.io-0"), ["rust", "sql"]);
    assert_eq!(tags_of("a@x.io-1"), ["rust"]);
    assert!(tags_of("a@x.io-2").is_empty());
    // Many more rows: still one query per relation.
    for i in 0..50 {
        let u = c.repo::<User>().create(UserCreate::new(format!("bulk{i}@x.io"))).exec().unwrap();
        c.repo::<Post>().create(PostCreate::new("bulk", &u.id)).exec().unwrap();
    }
    let before = c.stats().queries();
    let all = c.repo::<User>().find_many().include(user::posts()).exec().unwrap();
    assert_eq!(c.stats().queries() - before, 2);
    assert_eq!(all.len(), 53);
    assert_eq!(all.iter().map(|u| u.posts.as_ref().unwrap().len()).sum::<usize>(), 62);
    // No parents: no relation query.
    let before = c.stats().queries();
    let none =
        c.repo::<User>().find_many().filter(user::email().equals("nobody")).include(user::posts()).exec().unwrap();
    assert!(none.is_empty());
    assert_eq!(c.stats().queries() - before, 1);
}

fn include_options_and_nesting(c: &Client) {
    seed(c);
    let users = c
        .repo::<User>()
        .find_many()
        .order_by(user::email().asc())
        .include(
            user::posts()
                .include()
                .filter(post::published().equals(true))
                .order_by(post::views().desc())
                .take(1)
                .include(post::author()),
        )
        .exec()
        .unwrap();
    for u in &users {
        let posts = u.posts.as_ref().unwrap();
        assert_eq!(posts.len(), 1, "take applies per parent");
        assert!(posts[0].published);
        assert_eq!(posts[0].title, format!("{}-2", u.email), "the published post with most views");
        assert_eq!(posts[0].author.as_ref().unwrap().id, u.id, "nested include");
    }
    let users = c
        .repo::<User>()
        .find_many()
        .order_by(user::email().asc())
        .include(user::posts().include().order_by(post::views().asc()).skip(1).take(2))
        .exec()
        .unwrap();
    let titles: Vec<&str> = users[2].posts.as_ref().unwrap().iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["c@x.io-1", "c@x.io-2"]);
    assert!(matches!(
        c.repo::<User>().find_many().include(user::posts().include().take(-1)).exec(),
        Err(Error::Validation(_))
    ));
    // Tag → posts (m:n, the other side) with a filter through the join table.
    let rust = c
        .repo::<Tag>()
        .find_unique(tag::by_name("rust"))
        .include(tag::posts().include().order_by(post::title().asc()).include(post::author()))
        .exec()
        .unwrap()
        .unwrap();
    let titles: Vec<&str> = rust.posts.as_ref().unwrap().iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["a@x.io-0", "a@x.io-1"]);
    assert!(rust.posts.as_ref().unwrap().iter().all(|p| p.author.as_ref().unwrap().email == "a@x.io"));
}

fn include_to_one_both_sides(c: &Client) {
    let users = seed(c);
    c.repo::<Profile>().create(ProfileCreate::new("I write Rust", &users[0].id)).exec().unwrap();
    c.repo::<Profile>().create(ProfileCreate::new("Admin", &users[1].id)).exec().unwrap();
    let before = c.stats().queries();
    let with_profiles =
        c.repo::<User>().find_many().order_by(user::email().asc()).include(user::profile()).exec().unwrap();
    assert_eq!(c.stats().queries() - before, 2);
    assert_eq!(with_profiles[0].profile.as_ref().unwrap().bio, "I write Rust");
    assert_eq!(with_profiles[1].profile.as_ref().unwrap().bio, "Admin");
    assert!(with_profiles[2].profile.is_none());
    let profiles = c
        .repo::<Profile>()
        .find_many()
        .include(profile::user().include().include(user::posts()))
        .order_by(profile::id().asc())
        .exec()
        .unwrap();
    assert_eq!(profiles[0].user.as_ref().unwrap().email, "a@x.io");
    assert_eq!(profiles[0].user.as_ref().unwrap().posts.as_ref().unwrap().len(), 4);
    // Many posts share one author: each gets it.
    let posts = c.repo::<Post>().find_many().include(post::author()).exec().unwrap();
    assert_eq!(posts.len(), 12);
    assert!(posts.iter().all(|p| p.author.as_ref().unwrap().id == p.author_id));
    // To-one relation filters, both sides.
    let with_profile = c.repo::<User>().count().filter(user::profile().exists()).exec().unwrap();
    assert_eq!(with_profile, 2);
    let admins_profile =
        c.repo::<Profile>().count().filter(profile::user().is(user::role().equals(Role::Admin))).exec().unwrap();
    assert_eq!(admins_profile, 1);
    let not_rust =
        c.repo::<User>().count().filter(user::profile().is_not(profile::bio().contains("Rust"))).exec().unwrap();
    assert_eq!(not_rust, 2, "is_not also matches users without a profile");
}

fn many_to_many_connect_disconnect_filters(c: &Client) {
    seed(c);
    let tagged = |name: &str| -> Vec<String> {
        let mut t: Vec<String> = c
            .repo::<Post>()
            .find_many()
            .filter(post::tags().some(tag::name().equals(name)))
            .exec()
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect();
        t.sort();
        t
    };
    assert_eq!(tagged("rust"), ["a@x.io-0", "a@x.io-1"]);
    assert_eq!(tagged("web"), ["b@x.io-0"]);
    let untagged = c.repo::<Post>().count().filter(post::tags().none(Filter::all())).exec().unwrap();
    assert_eq!(untagged, 9);
    let only_rust = c.repo::<Post>().count().filter(post::tags().every(tag::name().equals("rust"))).exec().unwrap();
    assert_eq!(only_rust, 9 + 1, "every is true without tags; a@x.io-1 has only rust");
    let p = c.repo::<Post>().find_first().filter(post::title().equals("c@x.io-3")).exec().unwrap().unwrap();
    let updated = c
        .repo::<Post>()
        .update(
            post::by_id(p.id),
            vec![post::tags().connect(vec![tag::by_name("rust"), tag::by_name("web")]), post::views().set(7)],
        )
        .include(post::tags())
        .exec()
        .unwrap();
    assert_eq!(updated.views, 7);
    let mut names: Vec<String> = updated.tags.unwrap().into_iter().map(|t| t.name).collect();
    names.sort();
    assert_eq!(names, ["rust", "web"]);
    // Connecting again is a no-op; disconnecting something not linked is ignored.
    c.repo::<Post>()
        .update(
            post::by_id(p.id),
            vec![post::tags().connect(vec![tag::by_name("rust")]), post::tags().disconnect(vec![tag::by_name("sql")])],
        )
        .exec()
        .unwrap();
    assert_eq!(tagged("rust"), ["a@x.io-0", "a@x.io-1", "c@x.io-3"]);
    c.repo::<Post>()
        .update(post::by_id(p.id), vec![post::tags().disconnect(vec![tag::by_name("rust")])])
        .exec()
        .unwrap();
    assert_eq!(tagged("rust"), ["a@x.io-0", "a@x.io-1"]);
    // A missing target fails the whole update (atomic).
    let err = c
        .repo::<Post>()
        .update(post::by_id(p.id), vec![post::views().set(99), post::tags().connect(vec![tag::by_name("nope")])])
        .exec()
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { model: "Tag" }), "{err:?}");
    assert_eq!(c.repo::<Post>().find_unique(post::by_id(p.id)).exec().unwrap().unwrap().views, 7, "rolled back");
    // From the other side.
    let web = c.repo::<Tag>().find_unique(tag::by_name("web")).exec().unwrap().unwrap();
    c.repo::<Tag>().update(tag::by_id(&web.id), vec![tag::posts().connect(vec![post::by_id(p.id)])]).exec().unwrap();
    let users_with_web = c
        .repo::<User>()
        .find_many()
        .filter(user::posts().some(post::tags().some(tag::name().equals("web"))))
        .order_by(user::email().asc())
        .exec()
        .unwrap();
    let emails: Vec<&str> = users_with_web.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["b@x.io", "c@x.io"], "two-level relation filter");
    // Deleting a post removes its links (ON DELETE CASCADE on the join table).
    c.repo::<Post>().delete(post::by_id(p.id)).exec().unwrap();
    assert_eq!(tagged("web"), ["b@x.io-0"]);
    assert!(matches!(
        c.repo::<Post>().update_many(Filter::all(), vec![post::tags().connect(vec![tag::by_name("web")])]).exec(),
        Err(Error::Validation(_))
    ));
}

fn nested_create_in_one_transaction(c: &Client) {
    let u = c
        .repo::<User>()
        .create(UserCreate::new("nested@x.io"))
        .with(user::posts().create(|u: &User| {
            vec![
                PostCreate::new("first", &u.id),
                PostCreate { views: Some(3), ..PostCreate::new("second", "ignored: filled in") },
            ]
        }))
        .exec()
        .unwrap();
    let posts = u.posts.as_ref().expect("created posts are in the result");
    assert_eq!(posts.len(), 2);
    assert!(posts.iter().all(|p| p.author_id == u.id));
    assert_eq!(c.repo::<Post>().count().filter(post::author_id().equals(&u.id)).exec().unwrap(), 2);
    // m:n nested create links the new records.
    let tagged = c
        .repo::<Post>()
        .create(PostCreate::new("tagged", &u.id))
        .with(post::tags().create(|_| vec![TagCreate::new("new-1"), TagCreate::new("new-2")]))
        .include(post::author())
        .exec()
        .unwrap();
    assert_eq!(tagged.tags.as_ref().unwrap().len(), 2);
    assert_eq!(tagged.author.as_ref().unwrap().id, u.id);
    let back = c.repo::<Post>().find_unique(post::by_id(tagged.id)).include(post::tags()).exec().unwrap().unwrap();
    assert_eq!(back.tags.unwrap().len(), 2);
    // A failing nested record rolls everything back.
    let err = c
        .repo::<User>()
        .create(UserCreate::new("rollback@x.io"))
        .with(user::posts().create(|u: &User| vec![PostCreate::new("dup", &u.id), PostCreate::new("dup", &u.id)]))
        .exec()
        .unwrap_err();
    assert!(matches!(err, Error::UniqueViolation { model: "Post", .. }), "{err:?}");
    assert!(c.repo::<User>().find_unique(user::by_email("rollback@x.io")).exec().unwrap().is_none());
    // Inside a transaction.
    c.transaction(|tx| -> Result<(), Error> {
        tx.repo::<User>()
            .create(UserCreate::new("in-tx@x.io"))
            .with(user::posts().create(|u: &User| vec![PostCreate::new("tx", &u.id)]))
            .exec()?;
        Ok(())
    })
    .unwrap();
    assert_eq!(c.repo::<Post>().count().filter(post::title().equals("tx")).exec().unwrap(), 1);
}

fn aggregates(c: &Client) {
    seed(c);
    let r = c
        .repo::<Post>()
        .aggregate()
        .count()
        .sum(post::views())
        .avg(post::views())
        .min(post::views())
        .max(post::views())
        .min(post::title())
        .count_of(post::score())
        .exec()
        .unwrap();
    // views: 0..3, 10..13, 20..23 → sum 138, avg 11.5
    assert_eq!(r.count(), 12);
    assert_eq!(r.sum(post::views()), Some(138i64));
    assert_eq!(r.avg(post::views()), Some(11.5));
    assert_eq!(r.min(post::views()), Some(0));
    assert_eq!(r.max(post::views()), Some(23));
    assert_eq!(r.min(post::title()).as_deref(), Some("a@x.io-0"));
    assert_eq!(r.count_of(post::score()), 0);
    let r = c
        .repo::<Post>()
        .aggregate()
        .filter(post::views().gt(100))
        .sum(post::views())
        .max(post::created_at())
        .exec()
        .unwrap();
    assert_eq!(r.sum(post::views()), None, "no rows: NULL");
    assert_eq!(r.max(post::created_at()), None);
    let newest = c.repo::<Post>().aggregate().max(post::created_at()).exec().unwrap().max(post::created_at()).unwrap();
    assert!(newest <= chrono::Utc::now());
    // Decimals and BigInts.
    let users = c.repo::<User>();
    let all = users.find_many().exec().unwrap();
    for (u, d) in all.iter().zip(["10.25", "0.50", "1234567.89"]) {
        users
            .update(
                user::by_id(&u.id),
                vec![user::balance().set(Decimal::from_str(d).unwrap()), user::karma().set(i64::MAX / 4)],
            )
            .exec()
            .unwrap();
    }
    let r = users
        .aggregate()
        .sum(user::balance())
        .max(user::balance())
        .sum(user::karma())
        .avg(user::balance())
        .exec()
        .unwrap();
    assert_eq!(r.sum(user::balance()).unwrap().normalize().to_string(), "1234578.64");
    assert_eq!(r.max(user::balance()).unwrap().normalize().to_string(), "1234567.89");
    assert_eq!(r.sum(user::karma()), Some(i64::MAX / 4 * 3));
    let avg = r.avg(user::balance()).unwrap();
    assert!((avg - Decimal::from_str("411526.2133").unwrap()).abs() < Decimal::from_str("0.001").unwrap(), "{avg}");
    let none = c.repo::<User>().aggregate().exec().unwrap();
    assert_eq!(none.count(), 0);
}

fn group_by_with_having_and_order(c: &Client) {
    seed(c);
    let groups = c
        .repo::<Post>()
        .group_by(post::author_id())
        .count()
        .sum(post::views())
        .order_by(post::views().sum().desc())
        .exec()
        .unwrap();
    assert_eq!(groups.len(), 3);
    assert_eq!(groups.iter().map(|g| g.aggs.sum(post::views()).unwrap()).collect::<Vec<i64>>(), [86, 46, 6]);
    assert!(groups.iter().all(|g| g.aggs.count() == 4));
    let groups = c
        .repo::<Post>()
        .group_by((post::author_id(), post::published()))
        .filter(post::views().gte(1))
        .count()
        .max(post::views())
        .having(AggExpr::count_all().gte(2))
        .order_by(post::author_id().asc())
        .order_by(post::published().asc())
        .exec()
        .unwrap();
    // a: views 1,2,3 → published (2) [1 row], unpublished (1,3) [2 rows]; b, c: 2 + 2.
    assert_eq!(groups.len(), 5);
    let (author, published) = &groups[0].key;
    assert!(!published && !author.is_empty());
    assert_eq!(groups[0].aggs.count(), 2);
    assert_eq!(groups[0].aggs.max(post::views()), Some(3));
    let top = c
        .repo::<Post>()
        .group_by(post::published())
        .avg(post::views())
        .having(post::views().avg().gt(11.0))
        .exec()
        .unwrap();
    assert_eq!(top.len(), 1);
    assert!(!top[0].key, "unpublished posts average 12");
    assert_eq!(top[0].aggs.avg(post::views()), Some(12.0));
    let paged =
        c.repo::<Post>().group_by(post::author_id()).order_by(post::author_id().asc()).skip(1).take(1).exec().unwrap();
    assert_eq!(paged.len(), 1);
    let by_role = c.repo::<User>().group_by(user::role()).count().order_by(user::role().asc()).exec().unwrap();
    let roles: Vec<(Role, i64)> = by_role.iter().map(|g| (g.key, g.aggs.count())).collect();
    assert!(roles.contains(&(Role::User, 2)) && roles.contains(&(Role::Admin, 1)));
}

fn include_on_create_update_upsert(c: &Client) {
    let users = seed(c);
    let p =
        c.repo::<Post>().create(PostCreate::new("with author", &users[0].id)).include(post::author()).exec().unwrap();
    assert_eq!(p.author.unwrap().email, "a@x.io");
    let u = c
        .repo::<User>()
        .update(user::by_id(&users[1].id), vec![user::name().set(Some("B".into()))])
        .include(user::posts())
        .exec()
        .unwrap();
    assert_eq!(u.posts.unwrap().len(), 4);
    let u = c
        .repo::<User>()
        .upsert(user::by_email("a@x.io"), UserCreate::new("a@x.io"), vec![user::karma().increment(1i64)])
        .include(user::posts().include().take(2))
        .exec()
        .unwrap();
    assert_eq!(u.posts.unwrap().len(), 2);
}

fn many_clients_share_nothing(c: &Client) {
    // Clones share the pool and the counters; the repo of a clone sees the same data.
    let c2 = c.clone();
    c2.repo::<User>().create(UserCreate::new("clone@x.io")).exec().unwrap();
    assert_eq!(c.repo::<User>().count().exec().unwrap(), 1);
    let before = c.stats().queries();
    c2.repo::<User>().count().exec().unwrap();
    assert_eq!(c.stats().queries(), before + 1);
}
