//! `embargo keys` and `embargo serve` as a user runs them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn embargo() -> Command {
    Command::new(env!("CARGO_BIN_EXE_embargo"))
}

#[test]
fn keys_create_then_serve_answers_with_the_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let o = embargo()
        .args(["keys", "create", "--role", "analyst", "--name", "ci"])
        .env("EMBARGO_DATA", dir.path())
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let key = String::from_utf8_lossy(&o.stdout).trim().to_string();
    assert!(key.starts_with("emb_") && key.len() == 68, "{key}");
    let o = embargo()
        .args(["keys", "list"])
        .env("EMBARGO_DATA", dir.path())
        .output()
        .expect("run");
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(
        listed.contains("analyst") && !listed.contains(&key[4..]),
        "{listed}"
    );
    let bad = embargo()
        .args(["keys", "create", "--role", "root"])
        .env("EMBARGO_DATA", dir.path())
        .output()
        .expect("run");
    assert!(!bad.status.success());

    let mut child = embargo()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("EMBARGO_DATA", dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines.next().expect("a line").expect("utf-8");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split(' ').next().expect("addr").to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    let t = Instant::now();
    while agent.get(&format!("http://{addr}/readyz")).call().is_err() {
        assert!(t.elapsed() < Duration::from_secs(120), "never ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = |key: Option<&str>| {
        let mut r = agent.get(&format!("http://{addr}/v1/caps/status"));
        if let Some(k) = key {
            r = r.set("X-API-Key", k);
        }
        match r.call() {
            Ok(r) => r.status(),
            Err(ureq::Error::Status(s, _)) => s,
            Err(e) => panic!("{e}"),
        }
    };
    assert_eq!(status(Some(&key)), 200);
    assert_eq!(status(None), 401);
    let _ = child.kill();
    let _ = child.wait();
}
