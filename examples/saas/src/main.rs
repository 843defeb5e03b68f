//! `saas-demo [DATABASE_URL]`: runs the example flow and prints its report. The database is the argument, else
//! `DATABASE_URL`, else an in-memory SQLite database. Exits 1 when a step fails or an invariant does not hold.

fn main() {
    let url = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "sqlite::memory:".to_string());
    match schemagen_example::run(&url) {
        Ok(report) => print!("{report}"),
        Err(e) => {
            eprintln!("saas-demo: FAILED: {e}");
            std::process::exit(1);
        }
    }
}
