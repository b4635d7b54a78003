// The same 100k-row insert, counts and keyed reads on SQLite (rusqlite)
// and PostgreSQL (sync `postgres`): what a round trip a statement costs.
use std::time::Instant;
fn main() {
    let n = 100_000;
    let dir = std::env::temp_dir().join("pgprobe.db");
    let _ = std::fs::remove_file(&dir);
    let mut s = rusqlite::Connection::open(&dir).unwrap();
    s.pragma_update(None, "journal_mode", "WAL").unwrap();
    s.pragma_update(None, "synchronous", "NORMAL").unwrap();
    s.execute_batch(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, customer TEXT, score REAL, detail TEXT)",
    )
    .unwrap();
    let t = Instant::now();
    let tx = s.transaction().unwrap();
    {
        let mut st = tx
            .prepare("INSERT INTO a (customer, score, detail) VALUES (?1, ?2, ?3)")
            .unwrap();
        for i in 0..n {
            st.execute(rusqlite::params![
                format!("c{i}"),
                (i % 100) as f64 / 100.0,
                "x".repeat(500)
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    println!("sqlite insert {n}: {:?}", t.elapsed());
    let t = Instant::now();
    for _ in 0..1000 {
        let _: i64 = s
            .query_row("SELECT count(*) FROM a WHERE score >= 0.9", [], |r| {
                r.get(0)
            })
            .unwrap();
    }
    println!("sqlite 1000 counts: {:?}", t.elapsed());
    let t = Instant::now();
    for i in 0..10_000 {
        let _: String = s
            .query_row("SELECT customer FROM a WHERE id = ?1", [i + 1], |r| {
                r.get(0)
            })
            .unwrap();
    }
    println!("sqlite 10k point reads: {:?}", t.elapsed());

    let url = format!(
        "host={} port={} user={} password={} dbname=postgres",
        std::env::var("PGHOST").unwrap(),
        std::env::var("PGPORT").unwrap_or("5432".into()),
        std::env::var("PGUSER").unwrap(),
        std::env::var("PGPASSWORD").unwrap()
    );
    let mut p = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    p.batch_execute("CREATE TABLE a (id BIGSERIAL PRIMARY KEY, customer TEXT, score DOUBLE PRECISION, detail TEXT)").unwrap();
    let t = Instant::now();
    let mut tx = p.transaction().unwrap();
    let st = tx
        .prepare("INSERT INTO a (customer, score, detail) VALUES ($1, $2, $3)")
        .unwrap();
    for i in 0..n {
        tx.execute(
            &st,
            &[
                &format!("c{i}"),
                &((i % 100) as f64 / 100.0),
                &"x".repeat(500),
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    println!(
        "postgres insert {n} (one statement a row): {:?}",
        t.elapsed()
    );
    p.batch_execute("TRUNCATE a").unwrap();
    let t = Instant::now();
    let mut tx = p.transaction().unwrap();
    {
        let mut w = tx
            .copy_in("COPY a (customer, score, detail) FROM STDIN")
            .unwrap();
        use std::io::Write;
        let pad = "x".repeat(500);
        for i in 0..n {
            writeln!(w, "c{i}\t{}\t{pad}", (i % 100) as f64 / 100.0).unwrap();
        }
        w.finish().unwrap();
    }
    tx.commit().unwrap();
    println!("postgres COPY {n}: {:?}", t.elapsed());
    p.batch_execute("ANALYZE a").unwrap();
    let t = Instant::now();
    for _ in 0..1000 {
        let _: i64 = p
            .query_one("SELECT count(*) FROM a WHERE score >= 0.9", &[])
            .unwrap()
            .get(0);
    }
    println!("postgres 1000 counts: {:?}", t.elapsed());
    let ids: Vec<i64> = p
        .query("SELECT id FROM a ORDER BY id LIMIT 10000", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let st = p.prepare("SELECT customer FROM a WHERE id = $1").unwrap();
    let t = Instant::now();
    for id in &ids {
        let _: String = p.query_one(&st, &[id]).unwrap().get(0);
    }
    println!("postgres 10k point reads (prepared): {:?}", t.elapsed());
}
