//! The generated `Client` wrapper, the pool (file-backed SQLite with several connections, threads), connection
//! errors.

mod client_models;

use client_models::sdk::Client;
use client_models::{post, user, PostCreate, UserCreate};
use schemagen_runtime::client::{self as rt, Error};

fn assert_send_sync<T: Send + Sync + Clone>() {}

#[test]
fn client_is_send_sync_clone() {
    assert_send_sync::<rt::Client>();
    assert_send_sync::<Client>();
}

#[test]
fn generated_wrapper_round_trip_sqlite() {
    let c = Client::connect("sqlite::memory:").unwrap();
    c.migrate().unwrap();
    c.migrate().unwrap(); // idempotent
    let alice = c.user().create(UserCreate::new("alice@example.com")).exec().unwrap();
    let n = c
        .transaction(|tx| -> Result<u64, Error> {
            tx.post().create(PostCreate::new("hello", &alice.id)).exec()?;
            tx.user().update_many(user::email().equals("alice@example.com"), vec![user::karma().increment(1i64)]).exec()
        })
        .unwrap();
    assert_eq!(n, 1);
    let found =
        c.user().find_unique(user::by_email("alice@example.com")).include(user::posts()).exec().unwrap().unwrap();
    assert_eq!(found.karma, 1);
    assert_eq!(found.posts.unwrap().len(), 1);
    assert_eq!(c.raw().query("SELECT count(*) FROM posts", &[]).unwrap()[0][0].as_i64(), Some(1));
    assert_eq!(c.runtime().backend(), schemagen_runtime::Backend::Sqlite);
}

#[test]
fn file_sqlite_pool_serves_threads() {
    let (client, _dir) = client_models::sqlite_file();
    let mode = client.raw().query("PRAGMA journal_mode", &[]).unwrap();
    assert_eq!(mode[0][0].as_str(), Some("wal"));
    let fk = client.raw().query("PRAGMA foreign_keys", &[]).unwrap();
    assert_eq!(fk[0][0].as_i64(), Some(1));
    let u = client.repo::<client_models::User>().create(UserCreate::new("t@x.io")).exec().unwrap();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let c = client.clone();
            let uid = u.id.clone();
            std::thread::spawn(move || {
                for i in 0..25 {
                    c.repo::<client_models::Post>().create(PostCreate::new(format!("t{t}-{i}"), &uid)).exec().unwrap();
                    c.transaction(|tx| -> Result<(), Error> {
                        tx.repo::<client_models::User>()
                            .update(user::by_id(&uid), vec![user::karma().increment(1i64)])
                            .exec()?;
                        Ok(())
                    })
                    .unwrap();
                    let _ = c
                        .repo::<client_models::Post>()
                        .count()
                        .filter(post::title().starts_with(format!("t{t}")))
                        .exec()
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(client.repo::<client_models::Post>().count().exec().unwrap(), 200);
    assert_eq!(
        client.repo::<client_models::User>().find_unique(user::by_id(&u.id)).exec().unwrap().unwrap().karma,
        200
    );
}

#[test]
fn postgres_pool_serves_threads() {
    let Some((client, _schema)) = client_models::postgres("postgres_pool_serves_threads") else { return };
    let u = client.repo::<client_models::User>().create(UserCreate::new("t@x.io")).exec().unwrap();
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let c = client.clone();
            let uid = u.id.clone();
            std::thread::spawn(move || {
                for i in 0..10 {
                    c.repo::<client_models::Post>().create(PostCreate::new(format!("t{t}-{i}"), &uid)).exec().unwrap();
                    c.repo::<client_models::User>()
                        .update(user::by_id(&uid), vec![user::karma().increment(1i64)])
                        .exec()
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(client.repo::<client_models::Post>().count().exec().unwrap(), 60);
    assert_eq!(client.repo::<client_models::User>().find_unique(user::by_id(&u.id)).exec().unwrap().unwrap().karma, 60);
}

#[test]
fn connection_errors_are_unavailable_or_validation() {
    assert!(matches!(rt::Client::connect("mysql://x"), Err(Error::Validation(_))));
    assert!(matches!(rt::Client::connect("postgresql://nobody@127.0.0.1:1/db"), Err(Error::Unavailable(_))));
    assert!(matches!(rt::Client::connect("sqlite:/nonexistent-dir/x/y.db"), Err(Error::Unavailable(_))));
}

#[test]
fn migrate_on_the_in_memory_connection() {
    // The in-memory database is the pool's only connection: migrate must run there, not on a new one.
    let c = rt::Client::connect("sqlite::memory:").unwrap();
    c.migrate(client_models::MIGRATIONS_SQLITE, client_models::MIGRATIONS_POSTGRES).unwrap();
    let rows = c.raw().query("SELECT migration_name FROM _prisma_migrations", &[]).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(c.repo::<client_models::User>().count().exec().unwrap(), 0);
    // A broken migration is a Migration error and leaves the client usable.
    let err = c
        .migrate(
            &[
                ("20240101000000_init", client_models::MIGRATIONS_SQLITE[0].1),
                ("20240102000000_bad", "CREATE TABLE nope ("),
            ],
            &[],
        )
        .unwrap_err();
    assert!(matches!(err, Error::Migration(_)), "{err:?}");
    assert_eq!(c.repo::<client_models::User>().count().exec().unwrap(), 0);
}

#[test]
fn nested_use_of_a_transaction_is_an_error_not_a_panic() {
    let c = client_models::sqlite();
    let r = c.transaction(|tx| -> Result<(), Error> {
        let u = tx.repo::<client_models::User>().create(UserCreate::new("n@x.io")).exec()?;
        // The nested-create closure tries to use the transaction that is busy running the create.
        tx.repo::<client_models::User>()
            .create(UserCreate::new("m@x.io"))
            .with(user::posts().create(|_: &client_models::User| {
                let inner = tx.repo::<client_models::User>().count().exec();
                assert!(matches!(inner, Err(Error::Validation(_))));
                vec![PostCreate::new("p", &u.id)]
            }))
            .exec()?;
        Ok(())
    });
    r.unwrap();
}
