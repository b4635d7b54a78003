//! The `embargo` binary as a user runs it, on a fresh data directory.

use std::path::Path;
use std::process::{Command, Output};

fn embargo(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_embargo"))
        .args(args)
        .env("EMBARGO_DATA", data)
        .output()
        .expect("run embargo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().expect("tmp");
    for cmd in ["import", "lists", "diff", "show", "screen", "eval"] {
        let o = embargo(dir.path(), &[cmd, "--help"]);
        assert!(o.status.success(), "{cmd} --help failed");
        assert!(
            stdout(&o).contains("Usage: embargo"),
            "{cmd}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn screen_on_the_bundled_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let o = embargo(
        dir.path(),
        &[
            "screen",
            "Korea Mining Development Trading Corporation",
            "--fail-on-match",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a match exits with 1: {}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("KPe.001"), "{}", stdout(&o));
    assert!(stderr(&o).contains("bundled UN Consolidated List"));

    let o = embargo(
        dir.path(),
        &["screen", "Zzyzx Qwertyuiop", "--json", "--fail-on-match"],
    );
    assert_eq!(o.status.code(), Some(0), "no match exits with 0");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["lists"][0]["source"], "un_sc");

    let o = embargo(dir.path(), &["lists", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["snapshot"]["origin"], "bundled");
    assert_eq!(v[0]["snapshot"]["counts"]["entities"], 1003);
}

#[test]
fn batch_keeps_order_and_reports_bad_lines() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("q.jsonl");
    std::fs::write(
        &input,
        concat!(
            r#"{"id": "a", "schema": "Organization", "properties": {"name": ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]}}"#,
            "\n",
            "this is not json\n",
            r#"{"id": "c", "schema": "Person", "properties": {"name": ["Nobody Inparticular"], "birthDate": ["31 Feb"]}}"#,
            "\n",
            r#"{"id": "d", "properties": {"name": ["RI WON HO"], "birthDate": ["1964-07-17"]}}"#,
            "\n"
        ),
    )
    .expect("write");
    let out = dir.path().join("r.jsonl");
    let o = embargo(
        dir.path(),
        &[
            "screen",
            "--input",
            input.to_str().expect("utf8"),
            "--output",
            out.to_str().expect("utf8"),
            "--fail-on-match",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .expect("read")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(
        lines[0]["results"][0]["designations"][0]["reference"],
        "KPe.001"
    );
    assert_eq!(lines[0]["results"][0]["match"], true);
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.contains("line 2"))
    );
    assert_eq!(lines[2]["id"], "c");
    assert!(
        lines[2]["error"]
            .as_str()
            .is_some_and(|e| e.contains("birth date"))
    );
    assert_eq!(lines[3]["results"][0]["id"], "un_sc:KPi.033");
}

#[test]
fn failed_import_names_the_place_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let bad = dir.path().join("broken.xml");
    std::fs::write(
        &bad,
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1",
    )
    .expect("write");
    let o = embargo(
        dir.path(),
        &["import", "un_sc", bad.to_str().expect("utf8")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("broken.xml"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was changed"), "{}", stderr(&o));
    let o = embargo(dir.path(), &["lists", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["snapshot"]["published"], "2026-02-27");
}

#[test]
fn import_diff_and_show_on_real_files() {
    let Some(shared) = embargo::shared_dir() else {
        println!("skipping: ../shared not found");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let un = shared.join("lists/un");
    let old = un.join("un_consolidated_2025-04-19.xml");
    let new = un.join("un_consolidated_2025-11-20.xml");
    let (old, new) = (old.to_str().expect("utf8"), new.to_str().expect("utf8"));
    let o = embargo(dir.path(), &["import", "un_sc", old, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = embargo(dir.path(), &["import", "un_sc", new]);
    assert!(
        stdout(&o).starts_with("imported: un_sc snapshot"),
        "{}",
        stdout(&o)
    );
    let o = embargo(dir.path(), &["import", "un_sc", new]);
    assert!(stdout(&o).starts_with("unchanged"), "{}", stdout(&o));

    let uk = shared.join("lists/uk_ofsi/ofsi_conlist_2018-04-13.csv");
    let o = embargo(
        dir.path(),
        &["import", "gb_ofsi", uk.to_str().expect("utf8")],
    );
    assert!(stdout(&o).contains("UN links:"), "{}", stdout(&o));

    // Snapshot ids: 1 bundled, 2 = 2025-04-19, 3 = 2025-11-20.
    let o = embargo(dir.path(), &["diff", "2", "3", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let added = v["diff"]["added"].as_array().expect("added");
    assert!(
        added
            .iter()
            .any(|e| e["id"].as_str().is_some_and(|i| i.starts_with("un_sc:IR")))
    );

    // Snapshot 4 is the UK list: comparing it with a UN one is refused.
    let o = embargo(dir.path(), &["diff", "3", "4"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different lists"), "{}", stderr(&o));

    let o = embargo(dir.path(), &["show", "un_sc:KPe.001", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["entity"]["schema"], "Organization");
    let linked = v["linked"].as_array().expect("linked");
    assert!(linked.iter().any(|e| {
        e["id"].as_str().is_some_and(|i| i.starts_with("gb_ofsi:"))
            && e["relation"] == "implemented-by"
    }));

    // The server shows the same document for the same entity and profile,
    // a national record included (its UN record linked the other way).
    let server = Server::start(dir.path());
    for (id, profile) in [("un_sc:KPe.001".to_string(), "un"), (linked_uk(&v), "uk")] {
        let o = embargo(
            dir.path(),
            &["show", id.as_str(), "--profile", profile, "--json"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let cli: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let mut http = server.get(&format!("/v1/entities/{id}?profile={profile}"));
        assert!(http["embargo"].is_object(), "{http}");
        http.as_object_mut().expect("object").remove("embargo");
        assert_eq!(cli, http, "show {id} --profile {profile}");
        assert_eq!(cli["profile"], profile);
        assert!(
            !cli["designations"]
                .as_array()
                .expect("designations")
                .is_empty()
        );
        assert!(!cli["linked"].as_array().expect("linked").is_empty());
    }
    let o = embargo(dir.path(), &["show", "un_sc:KPe.001"]);
    assert!(stdout(&o).contains("linked records:"), "{}", stdout(&o));
    assert!(stdout(&o).contains("un-implementation"), "{}", stdout(&o));
}

fn linked_uk(show: &serde_json::Value) -> String {
    show["linked"]
        .as_array()
        .and_then(|l| l.iter().find_map(|e| e["id"].as_str()))
        .expect("a linked record")
        .to_string()
}

/// `embargo serve` on a data directory, on a free local port.
struct Server {
    child: std::process::Child,
    base: String,
}

impl Server {
    fn start(data: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_embargo"))
            .args([
                "serve",
                "--insecure-no-auth",
                "--bind",
                &format!("127.0.0.1:{port}"),
            ])
            .env("EMBARGO_DATA", data)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start serve");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let started = std::time::Instant::now();
        while ureq::get(&format!("{}/readyz", server.base))
            .call()
            .is_err()
        {
            assert!(started.elapsed().as_secs() < 120, "serve did not get ready");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        server
    }

    fn get(&self, path: &str) -> serde_json::Value {
        let body = ureq::get(&format!("{}{path}", self.base))
            .call()
            .expect("GET")
            .into_string()
            .expect("body");
        serde_json::from_str(&body).expect("json")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn exhaustive_screening_classifies_under_the_profile_asked() {
    let dir = tempfile::tempdir().expect("tmp");
    let name = "Korea Mining Development Trading Corporation";
    for exhaustive in [false, true] {
        let mut args = vec!["screen", name, "--profile", "un", "--limit", "1", "--json"];
        if exhaustive {
            args.push("--exhaustive");
        }
        let o = embargo(dir.path(), &args);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(v["profile"], "un");
        let top = &v["results"][0];
        assert_eq!(top["designations"][0]["source"], "un_sc", "{top}");
        // Under `un` a UN designation binds (under `all` it would be informational).
        assert_eq!(
            top["designations"][0]["classification"], "binding",
            "exhaustive: {exhaustive}"
        );
        assert_eq!(top["match"], true, "exhaustive: {exhaustive}");
    }
}

#[test]
fn check_shipment_and_caps() {
    let dir = tempfile::tempdir().expect("tmp");
    let ship = dir.path().join("coal.json");
    let coal = |date: &str| {
        format!(
            r#"{{"date": "{date}", "direction": "import", "origin": "kp", "destination": "cn",
               "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
               "parties": [{{"schema": "Organization", "name": "Dalian Harbour Coal Trading Co"}}],
               "no_programme_revenue": true}}"#
        )
    };
    let run = |date: &str, profile: &str| -> serde_json::Value {
        std::fs::write(&ship, coal(date)).expect("write");
        let o = embargo(
            dir.path(),
            &[
                "check-shipment",
                ship.to_str().expect("utf8"),
                "--profile",
                profile,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).expect("verdict json")
    };
    // Under the 2321 cap on 2017-03-01 (nothing reported yet), banned by 2371 on 2017-09-10.
    assert_eq!(run("2017-03-01", "un")["verdict"], "permitted");
    assert_eq!(run("2017-09-10", "un")["verdict"], "prohibited");
    // Japan's total import ban binds under jp only.
    let jp = run("2017-03-01", "jp");
    assert_eq!(jp["verdict"], "prohibited");
    assert!(jp.to_string().contains("JP-TOTAL-IMPORT-BAN"));

    let o = embargo(
        dir.path(),
        &[
            "caps",
            "record",
            "--cap",
            "coal-2321",
            "--state",
            "cn",
            "--date",
            "2017-01",
            "--quantity",
            "1440000",
            "--unit",
            "t",
            "--value",
            "123000000",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = embargo(
        dir.path(),
        &[
            "caps",
            "status",
            "--cap",
            "coal-2321",
            "--at",
            "2017-03-01",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let u = v[0]["periods"][1]["utilisation"]
        .as_f64()
        .expect("utilisation");
    assert!((u - 123_000_000.0 / 400_870_018.0).abs() < 1e-9, "{u}");
    let o = embargo(
        dir.path(),
        &[
            "caps",
            "record",
            "--cap",
            "no-such-cap",
            "--state",
            "cn",
            "--date",
            "2017-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-cap"), "{}", stderr(&o));
}

#[test]
fn profiles_file_decides_the_trade_regimes_of_check_shipment() {
    let dir = tempfile::tempdir().expect("tmp");
    let ship = dir.path().join("coal.json");
    std::fs::write(
        &ship,
        r#"{"date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn",
            "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
            "parties": [{"schema": "Organization", "name": "Dalian Harbour Coal Trading Co"}],
            "no_programme_revenue": true}"#,
    )
    .expect("write shipment");
    let profiles = dir.path().join("profiles.toml");
    let write = |trade: &str| {
        std::fs::write(
            &profiles,
            format!(
                "[[profile]]\nid = \"cn-jp\"\nname = \"PRC trader, Japanese branch\"\ndescription = \"d\"\nextends = \"cn\"\ntrade_regimes = {trade}\n"
            ),
        )
        .expect("write profiles")
    };
    let check = |profile: &str| {
        embargo(
            dir.path(),
            &[
                "check-shipment",
                ship.to_str().expect("utf8"),
                "--profile",
                profile,
                "--profiles-file",
                profiles.to_str().expect("utf8"),
            ],
        )
    };
    write(r#"["UN-1718", "JP-DPRK"]"#);
    let o = check("cn");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("verdict json");
    assert_eq!(v["verdict"], "permitted", "{v}");
    let o = check("cn-jp");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("verdict json");
    assert_eq!(v["verdict"], "prohibited", "{v}");
    assert_eq!(
        v["binding_regimes"],
        serde_json::json!(["UN-1718", "JP-DPRK"])
    );

    // `embargo profiles` lists each profile's trade regimes, the user's too.
    let o = embargo(
        dir.path(),
        &[
            "profiles",
            "--profiles-file",
            profiles.to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("trade regimes: UN-1718, JP-DPRK\n"), "{text}");
    assert!(
        text.contains("trade regimes: UN-1718, JP-DPRK, KR-DPRK, US-DPRK, EU-DPRK, UK-DPRK\n"),
        "{text}"
    );

    // A typo in a trade regime stops the command, naming it.
    write(r#"["UN-1718", "JP-DPKR"]"#);
    let o = check("cn");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "profile `cn-jp`: trade_regimes names unknown trade regime `JP-DPKR`; known trade regimes: EU-DPRK, JP-DPRK"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_cli_screening_leaves_a_receipt() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let o = embargo(
        &data,
        &[
            "screen",
            "Korea Mining Development Trading Corporation",
            "--profile",
            "un",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let id = out["receipt"].as_str().expect("a receipt id").to_string();
    let o = embargo(&data, &["audit", "show", &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(r["kind"], "screen");
    assert_eq!(r["results"][0]["id"], out["results"][0]["id"]);
    assert_eq!(r["context"]["settings"]["profile"], "un");
    assert_eq!(r["context"]["settings"]["threshold"].to_string(), "0.8");
    assert_eq!(
        r["context"]["lists"][0]["sha256"].as_str().map(str::len),
        Some(64)
    );

    // A batch prints its receipt on stderr; the receipt keeps every item's hits.
    let input = dir.path().join("q.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"a\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"KOREA MINING DEVELOPMENT TRADING CORPORATION\"]}}\n",
    )
    .expect("write");
    let o = embargo(
        &data,
        &[
            "screen",
            "--input",
            input.to_str().expect("utf8"),
            "--output",
            dir.path().join("r.jsonl").to_str().expect("utf8"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let id = err
        .lines()
        .find_map(|l| l.strip_prefix("receipt "))
        .unwrap_or_else(|| panic!("no receipt line in {err}"));
    let r: serde_json::Value =
        serde_json::from_str(&stdout(&embargo(&data, &["audit", "show", id]))).expect("json");
    assert_eq!(r["kind"], "batch");
    assert_eq!(r["results"][0]["id"], "a");
    assert!(r["results"][0]["hits"][0]["id"].is_string(), "{r}");
}
