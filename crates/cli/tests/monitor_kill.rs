//! A monitoring run killed with SIGKILL at random points and resumed each
//! time ends with exactly the alerts of an uninterrupted run: none lost,
//! none doubled.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn embargo(data: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_embargo"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .expect("run embargo")
}

fn ok(data: &Path, args: &[&str]) -> String {
    let o = embargo(data, args);
    assert!(
        o.status.success(),
        "embargo {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn setup(data: &Path, register: &Path) {
    ok(
        data,
        &[
            "register",
            "import",
            register.to_str().expect("path"),
            "--no-screen",
        ],
    );
}

/// (customer, version, target, evidence, status) of every alert, and the count.
fn alerts(data: &Path) -> (BTreeSet<(String, i64, String, String)>, usize) {
    let v: serde_json::Value =
        serde_json::from_str(&ok(data, &["alerts", "--limit", "1000000", "--json"])).expect("json");
    let rows = v["alerts"].as_array().expect("alerts");
    let set = rows
        .iter()
        .map(|a| {
            (
                a["customer"].as_str().unwrap_or("").to_string(),
                a["customer_version"].as_i64().unwrap_or(0),
                a["target"].as_str().unwrap_or("").to_string(),
                a["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (set, rows.len())
}

fn running(data: &Path) -> bool {
    let v: serde_json::Value = serde_json::from_str(&ok(data, &["runs", "--json"])).expect("json");
    v.as_array()
        .expect("runs")
        .iter()
        .any(|r| r["status"] == "running")
}

#[test]
fn killed_runs_resume_with_nothing_lost_and_nothing_doubled() {
    let tmp = tempfile::tempdir().expect("tmp");
    let register = tmp.path().join("register.jsonl");
    let gen_dir = tmp.path().join("gen");
    ok(
        &gen_dir,
        &[
            "register",
            "generate",
            "--count",
            "20000",
            "--seed",
            "11",
            "--listed-share",
            "0.01",
            "-o",
            register.to_str().expect("path"),
        ],
    );

    let whole = tmp.path().join("whole");
    setup(&whole, &register);
    let started = std::time::Instant::now();
    ok(&whole, &["run"]);
    // Kill points are fractions of the uninterrupted run's time, so that
    // they fall inside a run however fast this machine is.
    let full_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (expected, n) = alerts(&whole);
    assert!(n > 50, "the register raises alerts ({n})");
    assert_eq!(expected.len(), n);

    let killed = tmp.path().join("killed");
    setup(&killed, &register);
    // A seeded sequence of kill points.
    let mut seed: u64 = 0x5eed;
    let mut kills = 0;
    let mut interrupted = 0;
    for _ in 0..6 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let after = full_ms * (10 + (seed >> 33) % 80) / 100;
        let args: &[&str] = if running(&killed) {
            &["run", "--resume"]
        } else {
            &["run"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_embargo"))
            .arg("--data-dir")
            .arg(&killed)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(after));
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        child.wait().expect("reap");
        interrupted += usize::from(running(&killed));
        if !running(&killed) && kills > 0 {
            break;
        }
    }
    assert!(kills >= 1, "at least one run was killed");
    assert!(interrupted >= 1, "at least one kill left a run to resume");
    if running(&killed) {
        ok(&killed, &["run", "--resume"]);
    }
    let (got, m) = alerts(&killed);
    assert_eq!(m, got.len(), "no alert doubled");
    let lost: Vec<_> = expected.difference(&got).collect();
    let extra: Vec<_> = got.difference(&expected).collect();
    assert!(
        lost.is_empty() && extra.is_empty(),
        "after {kills} kills: lost {lost:?}, extra {extra:?}"
    );
    let verify = ok(&killed, &["audit", "verify"]);
    assert!(verify.contains("intact"), "{verify}");
}
