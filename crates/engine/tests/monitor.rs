//! Monitoring and case work on the real UN files: register versions, bad
//! rows, runs, alerts, fingerprint reopening, delta == full on the real UN
//! sequence, delisting, decisions and their conflicts, the audit chain.

use embargo::Library;
use embargo::SourceKind;
use embargo::monitor::{
    AlertFilter, AlertSort, AlertStatus, DecideRequest, Decision, RegisterOptions, RunMode,
};
use embargo_sources::util::shared_dir;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const UN_SEQUENCE: [&str; 4] = ["2024-11-30", "2025-04-19", "2025-11-20", "2026-02-27"];

fn un_file(date: &str) -> Option<(String, Vec<u8>)> {
    let Some(dir) = shared_dir() else {
        println!("skipping: ../shared not found");
        return None;
    };
    let name = format!("un_consolidated_{date}.xml");
    let bytes = std::fs::read(dir.join("lists/un").join(&name)).expect("read UN file");
    Some((name, bytes))
}

fn import_un(lib: &mut Library, file: &(String, Vec<u8>)) -> embargo::library::ImportReport {
    lib.import_bytes(SourceKind::UnSc, std::slice::from_ref(file), "file")
        .expect("import")
}

fn quiet(_: usize, _: usize) {}

fn opts() -> RegisterOptions {
    RegisterOptions {
        source: "test".into(),
        ..RegisterOptions::default()
    }
}

/// A register of generated customers: clean names, and a share of names
/// listed in any of the UN snapshots written with a spelling variant.
fn register_file(dir: &Path, files: &[(String, Vec<u8>)], count: usize) -> PathBuf {
    let mut listed = Vec::new();
    for (name, bytes) in files {
        let parsed = embargo_sources::parse(
            SourceKind::UnSc,
            &[embargo_sources::InputFile::new(name, bytes)],
        )
        .expect("parse");
        listed.extend(parsed.entities);
    }
    // Every record some later snapshot removes, under its own name, so that
    // delisting is exercised whichever names the generator draws.
    let parsed: Vec<Vec<embargo::Entity>> = files
        .iter()
        .map(|(name, bytes)| {
            embargo_sources::parse(
                SourceKind::UnSc,
                &[embargo_sources::InputFile::new(name, bytes)],
            )
            .expect("parse")
            .entities
        })
        .collect();
    let mut removed = Vec::new();
    for w in parsed.windows(2) {
        for l in embargo::diff::diff(&w[0], &w[1]).removed {
            removed.push(
                serde_json::json!({"id": format!("removed-{}", l.id), "schema": l.schema,
                "properties": {"name": [l.caption]}}),
            );
        }
    }
    listed.sort_by(|a, b| a.id.cmp(&b.id));
    listed.dedup_by(|a, b| a.id == b.id);
    let path = dir.join("register.jsonl");
    let mut f = std::fs::File::create(&path).expect("create");
    embargo::generate::generate_register(
        &mut f,
        &embargo::generate::GenerateOptions {
            count,
            seed: 7,
            listed_share: 0.25,
        },
        &listed,
    )
    .expect("generate");
    use std::io::Write;
    for r in &removed {
        writeln!(f, "{r}").expect("write");
    }
    path
}

fn pending(lib: &Library) -> BTreeSet<(String, i64, String)> {
    lib.alerts(&AlertFilter {
        status: vec![AlertStatus::Open, AlertStatus::Escalated],
        ..AlertFilter::default()
    })
    .expect("alerts")
    .alerts
    .into_iter()
    .map(|a| (a.customer, a.customer_version, a.target))
    .collect()
}

#[test]
fn delta_after_each_import_equals_a_full_run() {
    let files: Vec<_> = UN_SEQUENCE.iter().filter_map(|d| un_file(d)).collect();
    if files.len() < UN_SEQUENCE.len() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let register = register_file(tmp.path(), &files, 600);
    let customers = std::fs::read_to_string(&register)
        .expect("read")
        .lines()
        .count();

    // Incremental: the register imported on the first snapshot, then each
    // later snapshot imported (each import runs a delta).
    let inc_dir = tmp.path().join("incremental");
    let mut inc = Library::open(&inc_dir).expect("open");
    import_un(&mut inc, &files[0]);
    let r = inc
        .register_import(&register, &opts(), None, None, &quiet)
        .expect("register");
    assert_eq!(r.import.added, customers);
    let first = r.run.expect("register run");
    assert!(
        first.counts.raised > 20,
        "the listed variants raise alerts: {first:?}"
    );
    let mut delisted = 0;
    for (i, file) in files.iter().enumerate().skip(1) {
        let report = import_un(&mut inc, file);
        let delta = report.delta.expect("a delta run follows a changed list");
        assert!(
            delta.total < customers / 2,
            "snapshot {i}: a delta screens only the customers the changes may hit ({} of {customers})",
            delta.total
        );
        delisted += delta.counts.delisted;

        // The same state from scratch: this snapshot, the register, a full run.
        let full_dir = tmp.path().join(format!("full{i}"));
        let mut full = Library::open(&full_dir).expect("open");
        import_un(&mut full, file);
        full.register_import(&register, &opts(), None, None, &quiet)
            .expect("register");
        let (a, b) = (pending(&inc), pending(&full));
        let only_inc: Vec<_> = a.difference(&b).collect();
        let only_full: Vec<_> = b.difference(&a).collect();
        assert!(
            only_inc.is_empty() && only_full.is_empty(),
            "after {}: pending alerts differ; only incremental: {only_inc:?}; only full: {only_full:?}",
            UN_SEQUENCE[i]
        );
    }
    assert!(
        delisted > 0,
        "targets leave the UN list in this sequence and their alerts are delisted"
    );
    // Relisted entries (Iran, 2025-11-20) raise alerts that say so.
    let relisted = inc
        .alerts(&AlertFilter::default())
        .expect("alerts")
        .alerts
        .iter()
        .filter(|a| a.raised_because.starts_with("relisted"))
        .count();
    println!("delisted {delisted}, relisted {relisted}");
    assert!(inc.audit_verify().expect("verify").ok);
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).expect("write");
    path.to_path_buf()
}

/// A listed person of the file with an exact birth date, and the file's
/// bytes with that person's listing date changed.
fn listed_person(un: &(String, Vec<u8>)) -> (embargo::Entity, Vec<u8>) {
    let parsed = embargo_sources::parse(
        SourceKind::UnSc,
        &[embargo_sources::InputFile::new(&un.0, &un.1)],
    )
    .expect("parse");
    let text = String::from_utf8(un.1.clone()).expect("utf-8");
    for e in parsed.entities {
        let exact = e
            .get(embargo::prop::BIRTH_DATE)
            .iter()
            .any(|d| d.len() == 10);
        if e.schema != embargo::Schema::Person || !exact {
            continue;
        }
        let reference = &e.designations[0].reference;
        let marker = format!("<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>");
        let Some(at) = text.find(&marker) else {
            continue;
        };
        let rest = &text[at..];
        let (Some(open), Some(close)) = (rest.find("<LISTED_ON>"), rest.find("</LISTED_ON>"))
        else {
            continue;
        };
        let mut changed = text.clone();
        changed.replace_range(at + open + "<LISTED_ON>".len()..at + close, "2001-02-03");
        return (e, changed.into_bytes());
    }
    panic!("no listed person with an exact birth date");
}

#[test]
fn versions_accept_list_and_reopening_when_either_side_changes() {
    let Some(un) = un_file("2026-02-27") else {
        return;
    };
    let (person, changed_list) = listed_person(&un);
    let tmp = tempfile::tempdir().expect("tmp");
    let mut lib = Library::open(&tmp.path().join("data"))
        .expect("open")
        .with_actor("alice");
    import_un(&mut lib, &un);
    let dob = person
        .get(embargo::prop::BIRTH_DATE)
        .iter()
        .find(|d| d.len() == 10)
        .expect("exact")
        .clone();
    let csv = |dob: &str, address: &str| {
        format!(
            "id,schema,name,birth_date,address\nC1,Person,\"{}\",{dob},{address}\nC2,Person,Maria Schneider,1971-03-02,Berlin\n",
            person.caption()
        )
    };
    let v1 = write(&tmp.path().join("v1.csv"), &csv(&dob, "Main Street 1"));
    let r = lib
        .register_import(&v1, &opts(), None, None, &quiet)
        .expect("import");
    assert_eq!((r.import.added, r.import.changed), (2, 0));
    let first = lib.alerts(&AlertFilter::default()).expect("alerts").alerts;
    assert_eq!(first.len(), 1, "one alert, for C1: {first:?}");
    let a1 = &first[0];
    assert_eq!((a1.customer.as_str(), a1.status), ("C1", AlertStatus::Open));
    let view = lib.alert_view(a1.id).expect("view");
    assert!(
        view.fields
            .iter()
            .any(|f| f.field == "birthDate" && f.customer == [dob.clone()])
    );
    assert!(!view.result.expect("result").designations.is_empty());

    // The same file again: a no-op; a full run raises nothing new.
    let again = lib
        .register_import(&v1, &opts(), None, None, &quiet)
        .expect("again");
    assert_eq!((again.import.unchanged, again.import.changed), (2, 0));
    let run = lib.run(RunMode::Full, None, None, &quiet).expect("run");
    assert_eq!((run.counts.raised, run.counts.existing), (0, 1), "{run:?}");

    // False positive, accepted.
    lib.decide(
        a1.id,
        &DecideRequest {
            decision: Decision::FalsePositive,
            reason: "different person: other passport".into(),
            accept: true,
            expected_version: Some(a1.row_version),
            supervisor: false,
        },
    )
    .expect("decide");
    assert_eq!(lib.accept_list(false).expect("accept").len(), 1);

    // A change outside the matching fields: a new version, still quiet.
    let v2 = write(&tmp.path().join("v2.csv"), &csv(&dob, "Other Street 9"));
    let r = lib
        .register_import(&v2, &opts(), None, None, &quiet)
        .expect("v2");
    assert_eq!(r.import.changed, 1);
    assert_eq!(r.run.expect("run").counts.accepted, 1);
    assert_eq!(lib.customer_view("C1").expect("C1").versions.len(), 2);
    assert!(pending(&lib).is_empty());

    // The customer's birth date changes: the pair comes back, saying why.
    let v3 = write(
        &tmp.path().join("v3.csv"),
        &csv(&dob[..4], "Other Street 9"),
    );
    let r = lib
        .register_import(&v3, &opts(), None, None, &quiet)
        .expect("v3");
    assert_eq!(r.run.expect("run").counts.reopened, 1);
    let reopened = lib
        .alerts(&AlertFilter {
            status: vec![AlertStatus::Open],
            ..AlertFilter::default()
        })
        .expect("alerts")
        .alerts;
    assert_eq!(reopened.len(), 1);
    assert!(
        reopened[0]
            .raised_because
            .contains("customer changed birthDate"),
        "{}",
        reopened[0].raised_because
    );
    assert!(
        lib.accept_list(false).expect("accept").is_empty(),
        "the acceptance lapsed"
    );

    // Accept again, then the listed record changes (its listing date).
    lib.decide(
        reopened[0].id,
        &DecideRequest {
            decision: Decision::FalsePositive,
            reason: "still a different person".into(),
            accept: true,
            expected_version: None,
            supervisor: false,
        },
    )
    .expect("decide");
    let report = lib
        .import_bytes(SourceKind::UnSc, &[(un.0.clone(), changed_list)], "file")
        .expect("changed list");
    let delta = report.delta.expect("delta");
    assert_eq!(delta.counts.reopened, 1, "{delta:?}");
    let back = lib
        .alerts(&AlertFilter {
            status: vec![AlertStatus::Open],
            ..AlertFilter::default()
        })
        .expect("alerts")
        .alerts;
    assert!(
        back[0]
            .raised_because
            .contains("listed record changed designations"),
        "{}",
        back[0].raised_because
    );
    let verify = lib.audit_verify().expect("verify");
    assert!(verify.ok, "{verify:?}");
}

#[test]
fn bad_register_rows_are_all_reported_and_nothing_is_imported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut lib = Library::open(&tmp.path().join("data")).expect("open");
    let bad = write(
        &tmp.path().join("bad.csv"),
        "id,schema,name,birth_date,nationality\n\
         A1,Person,Good Name,1970-01-01,FR\n\
         ,Person,No Id,1970-01-01,FR\n\
         A3,Person,Bad Date,1970-13-45,FR\n\
         A1,Person,Duplicate,1970-01-01,FR\n\
         A5,Person,,1970-01-01,FR\n\
         A6,Persn,Bad Schema,1970-01-01,FR\n",
    );
    let err = lib
        .register_import(&bad, &opts(), None, None, &quiet)
        .expect_err("bad rows refuse the file");
    let embargo::Error::BadRegister { problems, .. } = &err else {
        panic!("expected BadRegister, got {err}");
    };
    let got: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "id"),
            (4, "birthDate"),
            (5, "id"),
            (6, "name"),
            (7, "schema")
        ],
        "{err}"
    );
    assert!(err.to_string().contains("line 4, field birthDate"), "{err}");
    assert_eq!(lib.register_count().expect("count"), 0, "all or nothing");
    let r = lib
        .register_import(
            &bad,
            &RegisterOptions {
                skip_invalid: true,
                no_screen: true,
                ..opts()
            },
            None,
            None,
            &quiet,
        )
        .expect("skip invalid");
    assert_eq!(r.import.added, 1);
    assert_eq!(r.skipped.len(), 5);
}

#[test]
fn concurrent_decisions_one_wins_the_other_conflicts() {
    let Some(un) = un_file("2026-02-27") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let mut lib = Library::open(&data).expect("open");
    import_un(&mut lib, &un);
    let parsed = embargo_sources::parse(
        SourceKind::UnSc,
        &[embargo_sources::InputFile::new(&un.0, &un.1)],
    )
    .expect("parse");
    let person = parsed
        .entities
        .iter()
        .find(|e| e.schema == embargo::Schema::Person && e.has(embargo::prop::BIRTH_DATE))
        .expect("a listed person");
    let reg = write(
        &tmp.path().join("r.jsonl"),
        &format!(
            "{}\n",
            serde_json::json!({"id": "P1", "schema": "Person", "properties": {
                "name": [person.caption()], "birthDate": [person.get(embargo::prop::BIRTH_DATE)[0]]}})
        ),
    );
    lib.register_import(&reg, &opts(), None, None, &quiet)
        .expect("import");
    let alert = lib.alerts(&AlertFilter::default()).expect("alerts").alerts[0].clone();
    assert_eq!(alert.status, AlertStatus::Open);

    let mut a = Library::open(&data).expect("a").with_actor("analyst-a");
    let mut b = Library::open(&data).expect("b").with_actor("analyst-b");
    let req = |d: Decision| DecideRequest {
        decision: d,
        reason: "checked the passport".into(),
        accept: false,
        expected_version: Some(alert.row_version),
        supervisor: false,
    };
    let won = a
        .decide(alert.id, &req(Decision::TrueMatch))
        .expect("first wins");
    assert_eq!(won.alert.status, AlertStatus::TrueMatch);
    let lost = b
        .decide(alert.id, &req(Decision::FalsePositive))
        .expect_err("second conflicts");
    assert_eq!(lost.kind(), embargo::ErrorKind::Conflict, "{lost}");
    assert!(
        lost.to_string().contains("true-match"),
        "says the current state: {lost}"
    );

    // Four eyes: the decider cannot close its own true match.
    lib.set_setting("alerts.four_eyes", "true")
        .expect("setting");
    let close = |who: &str, supervisor: bool| {
        Library::open(&data).expect("open").with_actor(who).decide(
            alert.id,
            &DecideRequest {
                decision: Decision::Close,
                reason: "confirmed and reported".into(),
                accept: false,
                expected_version: None,
                supervisor,
            },
        )
    };
    assert_eq!(
        close("analyst-a", true).expect_err("same person").kind(),
        embargo::ErrorKind::Forbidden
    );
    assert_eq!(
        close("analyst-b", false)
            .expect_err("not supervisor")
            .kind(),
        embargo::ErrorKind::Forbidden
    );
    assert_eq!(
        close("supervisor-c", true).expect("closed").alert.status,
        AlertStatus::Closed
    );
    assert!(lib.audit_verify().expect("verify").ok);
}

/// A UN file's name and bytes.
type UnFile = (String, Vec<u8>);

/// UN 2025-11-20 and 2026-02-27, a register of `count` customers drawn from
/// them, and a library where the first is imported; `None` without ../shared.
fn on_2025_11_20(count: usize) -> Option<(tempfile::TempDir, Vec<UnFile>, PathBuf, Library)> {
    let files: Vec<_> = ["2025-11-20", "2026-02-27"]
        .iter()
        .filter_map(|d| un_file(d))
        .collect();
    if files.len() < 2 {
        return None;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let register = register_file(tmp.path(), &files, count);
    let mut lib = Library::open(&tmp.path().join("a")).expect("open");
    import_un(&mut lib, &files[0]);
    Some((tmp, files, register, lib))
}

/// The run is a full run whose trigger says why, in words containing `why`.
fn assert_full_because(run: &embargo::monitor::RunInfo, why: &str) {
    assert_eq!(run.kind, embargo::monitor::RunKind::Full, "{run:?}");
    assert!(
        run.trigger["full_because"]
            .as_str()
            .is_some_and(|w| w.contains(why)),
        "{}",
        run.trigger
    );
}

/// A register imported without screening has no finished run to compare
/// lists with: the delta after the next list import is a full run, says
/// why, and leaves the alerts a full run leaves.
#[test]
fn a_delta_with_no_earlier_run_is_a_full_run() {
    let Some((tmp, files, register, mut lib)) = on_2025_11_20(300) else {
        return;
    };
    let r = lib
        .register_import(
            &register,
            &RegisterOptions {
                no_screen: true,
                ..opts()
            },
            None,
            None,
            &quiet,
        )
        .expect("register");
    assert!(r.run.is_none(), "--no-screen screens nobody");
    let run = import_un(&mut lib, &files[1])
        .delta
        .expect("a run follows the import");
    assert_full_because(&run, "no earlier finished run");
    assert_eq!(run.trigger["requested"], "delta");
    assert_eq!(run.total, r.import.added);

    let mut full = Library::open(&tmp.path().join("b")).expect("open");
    import_un(&mut full, &files[1]);
    full.register_import(&register, &opts(), None, None, &quiet)
        .expect("register");
    assert_eq!(pending(&lib), pending(&full));
    assert!(!pending(&lib).is_empty());
}

/// A delta stands for a full run only when everyone was screened with the
/// same settings: customers imported with `--no-screen` after the last run,
/// or another threshold, make it a full run that says why.
#[test]
fn a_delta_after_unscreened_customers_or_new_settings_is_a_full_run() {
    let Some((tmp, files, register, mut lib)) = on_2025_11_20(200) else {
        return;
    };
    lib.register_import(&register, &opts(), None, None, &quiet)
        .expect("register");
    // More customers, not screened.
    let more = tmp.path().join("more.jsonl");
    std::fs::write(
        &more,
        "{\"id\": \"late-1\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"Korea Mining Development Trading Corp\"]}}\n",
    )
    .expect("write");
    lib.register_import(
        &more,
        &RegisterOptions {
            no_screen: true,
            source: "late".into(),
            ..RegisterOptions::default()
        },
        None,
        None,
        &quiet,
    )
    .expect("register");
    let run = import_un(&mut lib, &files[1]).delta.expect("a run");
    assert_full_because(&run, "without screening");
    assert!(pending(&lib).iter().any(|(c, _, _)| c == "late-1"));
    // Screened now: a delta with nothing changed is a delta again...
    let run = lib.run(RunMode::Delta, None, None, &quiet).expect("delta");
    assert_eq!(run.kind, embargo::monitor::RunKind::Delta, "{run:?}");
    // ...until the threshold changes.
    lib.set_setting("monitor.threshold", "0.75")
        .expect("setting");
    let run = lib.run(RunMode::Delta, None, None, &quiet).expect("delta");
    assert_full_because(&run, "threshold 0.75 now");
}

#[test]
fn alert_lists_filter_by_list_and_score_and_sort() {
    let Some(file) = un_file(UN_SEQUENCE[3]) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let register = register_file(tmp.path(), std::slice::from_ref(&file), 400);
    let mut lib = Library::open(&tmp.path().join("data")).expect("open");
    import_un(&mut lib, &file);
    lib.register_import(&register, &opts(), None, None, &quiet)
        .expect("register");
    let list = |f: AlertFilter| lib.alerts(&f).expect("alerts").alerts;
    let all = list(AlertFilter::default());
    assert!(all.len() > 20, "{} alerts", all.len());
    assert!(all.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let oldest = list(AlertFilter {
        sort: AlertSort::Oldest,
        ..AlertFilter::default()
    });
    assert_eq!(oldest.first().map(|a| a.id), all.last().map(|a| a.id));
    let by_score = list(AlertFilter {
        sort: AlertSort::Score,
        ..AlertFilter::default()
    });
    assert!(by_score.windows(2).all(|w| w[0].score >= w[1].score));
    // Paging by offset covers every alert once.
    let mut paged = Vec::new();
    for page in 0.. {
        let rows = list(AlertFilter {
            sort: AlertSort::Score,
            limit: Some(7),
            offset: Some(page * 7),
            ..AlertFilter::default()
        });
        if rows.is_empty() {
            break;
        }
        paged.extend(rows.into_iter().map(|a| a.id));
    }
    assert_eq!(paged, by_score.iter().map(|a| a.id).collect::<Vec<_>>());
    // So does keyset paging, by score and oldest first.
    for sort in [AlertSort::Score, AlertSort::Oldest] {
        let mut keyset = Vec::new();
        let mut last: Option<(f64, i64)> = None;
        loop {
            let rows = list(AlertFilter {
                sort,
                limit: Some(7),
                below: last.filter(|_| sort == AlertSort::Score),
                after: last.filter(|_| sort == AlertSort::Oldest).map(|l| l.1),
                ..AlertFilter::default()
            });
            let Some(l) = rows.last() else { break };
            last = Some((l.score, l.id));
            keyset.extend(rows.iter().map(|a| a.id));
        }
        let whole = list(AlertFilter {
            sort,
            ..AlertFilter::default()
        });
        assert_eq!(
            keyset,
            whole.iter().map(|a| a.id).collect::<Vec<_>>(),
            "{sort:?}"
        );
    }
    let band = list(AlertFilter {
        min_score: Some(0.85),
        max_score: Some(0.95),
        ..AlertFilter::default()
    });
    let expected = all
        .iter()
        .filter(|a| (0.85..=0.95).contains(&a.score))
        .count();
    assert_eq!(band.len(), expected);
    assert!(band.iter().all(|a| (0.85..=0.95).contains(&a.score)));
    let un = list(AlertFilter {
        list: Some("un_sc".into()),
        ..AlertFilter::default()
    });
    assert_eq!(un.len(), all.len(), "every target is on the UN list here");
    let none = list(AlertFilter {
        list: Some("us_ofac_sdn".into()),
        ..AlertFilter::default()
    });
    assert!(none.is_empty());
    // `_` in a list name is literal: `un_sc` is not `unxsc`.
    assert!(
        list(AlertFilter {
            list: Some("un".into()),
            ..AlertFilter::default()
        })
        .is_empty()
    );
}

#[test]
fn alerts_carry_class_and_regimes_and_are_assigned() {
    use embargo::monitor::{AssignRequest, Assignee};
    let Some(file) = un_file(UN_SEQUENCE[3]) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let register = register_file(tmp.path(), std::slice::from_ref(&file), 300);
    let data = tmp.path().join("data");
    let mut lib = Library::open(&data).expect("open").with_actor("ana");
    import_un(&mut lib, &file);
    lib.register_import(&register, &opts(), None, None, &quiet)
        .expect("register");
    let list = |lib: &Library, f: AlertFilter| lib.alerts(&f).expect("alerts").alerts;
    let all = list(&lib, AlertFilter::default());
    assert!(all.len() > 20, "{} alerts", all.len());
    assert!(
        all.iter()
            .all(|a| !a.class.is_empty() && !a.regimes.is_empty())
    );
    assert!(
        all.iter().all(|a| a.lists == ["un_sc"]),
        "{:?}",
        all[0].lists
    );
    assert!(
        all.iter()
            .all(|a| a.regimes.iter().all(|r| r.starts_with("UN-")))
    );
    // The regime filter finds exactly the alerts carrying it, and only whole ids.
    let regime = all[0].regimes[0].clone();
    let with = list(
        &lib,
        AlertFilter {
            regime: Some(regime.clone()),
            ..AlertFilter::default()
        },
    );
    let expected = all.iter().filter(|a| a.regimes.contains(&regime)).count();
    assert_eq!(with.len(), expected);
    let cut = list(
        &lib,
        AlertFilter {
            regime: Some(regime[..regime.len() - 1].to_string()),
            ..AlertFilter::default()
        },
    );
    assert!(cut.is_empty(), "{regime} cut short matched {}", cut.len());
    let class = all[0].class.clone();
    let of_class = list(
        &lib,
        AlertFilter {
            class: Some(class.clone()),
            ..AlertFilter::default()
        },
    );
    assert_eq!(
        of_class.len(),
        all.iter().filter(|a| a.class == class).count()
    );

    // Ana takes one; only she has it.
    let (id, version) = (all[0].id, all[0].row_version);
    let take = |to: Option<&str>, version: Option<i64>| AssignRequest {
        to: to.map(str::to_string),
        expected_version: version,
    };
    let a = lib
        .assign(id, &take(Some("ana"), Some(version)), false)
        .expect("take");
    assert_eq!(a.row.assignee.as_deref(), Some("ana"));
    assert_eq!(a.row.row_version, version + 1);
    let mine = |lib: &Library, who: &str| {
        list(
            lib,
            AlertFilter {
                assignee: Some(Assignee::To(who.into())),
                ..AlertFilter::default()
            },
        )
    };
    assert_eq!(
        mine(&lib, "ana").iter().map(|a| a.id).collect::<Vec<_>>(),
        [id]
    );
    let nobody = list(
        &lib,
        AlertFilter {
            assignee: Some(Assignee::Nobody),
            ..AlertFilter::default()
        },
    );
    assert_eq!(nobody.len(), all.len() - 1);
    // A stale version conflicts; an analyst may not give it to another or take it from Ana.
    let kind = |r: embargo::Result<embargo::monitor::Alert>| r.expect_err("refused").kind();
    assert_eq!(
        kind(lib.assign(id, &take(None, Some(version)), false)),
        embargo::ErrorKind::Conflict
    );
    assert_eq!(
        kind(lib.assign(all[1].id, &take(Some("bob"), None), false)),
        embargo::ErrorKind::Forbidden
    );
    drop(lib);
    let mut bob = Library::open(&data).expect("open").with_actor("bob");
    assert_eq!(
        kind(bob.assign(id, &take(Some("bob"), None), false)),
        embargo::ErrorKind::Forbidden
    );
    // A supervisor may move it; "me" and "nobody" are the filter's words.
    let moved = bob
        .assign(id, &take(Some("me"), None), true)
        .expect("moved");
    assert_eq!(moved.row.assignee.as_deref(), Some("bob"));
    let freed = bob
        .assign(all[1].id, &take(Some("nobody"), None), false)
        .expect("nobody");
    assert_eq!(freed.row.assignee, None);
    let audit = bob
        .audit_records(&embargo::monitor::AuditFilter {
            action: Some("alert.assign".into()),
            ..Default::default()
        })
        .expect("audit");
    assert_eq!(audit.len(), 2, "{audit:?}");
    // Only the assignee (or a supervisor) decides an assigned alert.
    drop(bob);
    let mut ana = Library::open(&data).expect("open").with_actor("ana");
    let refused = ana
        .decide(
            id,
            &DecideRequest {
                decision: Decision::TrueMatch,
                reason: "looks like him".into(),
                accept: false,
                expected_version: None,
                supervisor: false,
            },
        )
        .expect_err("not hers");
    assert_eq!(refused.kind(), embargo::ErrorKind::Forbidden, "{refused}");
    drop(ana);
    let mut bob = Library::open(&data).expect("open").with_actor("bob");
    // A decided alert is not assigned any more.
    bob.decide(
        id,
        &DecideRequest {
            decision: Decision::FalsePositive,
            reason: "other person".into(),
            accept: false,
            expected_version: None,
            supervisor: false,
        },
    )
    .expect("decide");
    assert_eq!(
        kind(bob.assign(id, &take(None, None), true)),
        embargo::ErrorKind::Conflict
    );
    let before = list(&bob, AlertFilter::default());
    drop(bob);

    // A store from before migration 7 gets class and regimes from the hit
    // detail its alerts keep.
    {
        let conn = rusqlite::Connection::open(data.join(embargo_store::Store::FILE)).expect("raw");
        conn.execute_batch(
            "DROP INDEX alerts_assignee;
             DROP INDEX audit_object;
             DROP INDEX alerts_facets;
             ALTER TABLE alerts DROP COLUMN assignee;
             ALTER TABLE alerts DROP COLUMN class;
             ALTER TABLE alerts DROP COLUMN regimes;
             ALTER TABLE alerts DROP COLUMN lists;
             PRAGMA user_version = 6;",
        )
        .expect("schema 6");
    }
    let mut lib = Library::open(&data).expect("migrated");
    let after = list(&lib, AlertFilter::default());
    assert_eq!(after.len(), before.len());
    for (a, b) in after.iter().zip(&before) {
        assert_eq!(
            (a.id, &a.class, &a.regimes, &a.lists),
            (b.id, &b.class, &b.regimes, &b.lists)
        );
        assert_eq!(a.assignee, None);
    }

    // A background run names itself once recorded, before screening.
    let seen = std::sync::Mutex::new(Vec::new());
    let done = lib
        .run_announced(RunMode::Full, None, None, &quiet, &|r| {
            seen.lock().expect("lock").push((r.id, r.status.clone()))
        })
        .expect("run");
    assert_eq!(
        *seen.lock().expect("lock"),
        [(done.id, "running".to_string())]
    );
}

#[test]
fn queue_parameters_are_read_one_way_for_every_front_end() {
    use embargo::monitor::{Assignee, alert_filter};
    let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let f = alert_filter(
        &pairs(&[
            ("status", "open,escalated"),
            ("class", "Binding"),
            ("assignee", "me"),
            ("min_score", "0.9"),
            ("run", ""),
            ("page_of_the_ui", "x"),
        ]),
        "ana",
    )
    .expect("read");
    assert_eq!(f.status, [AlertStatus::Open, AlertStatus::Escalated]);
    assert_eq!(f.class.as_deref(), Some("binding"));
    assert_eq!(f.assignee, Some(Assignee::To("ana".into())));
    assert_eq!((f.min_score, f.run), (Some(0.9), None));
    assert!(
        alert_filter(&pairs(&[("status", "all")]), "ana")
            .expect("all")
            .status
            .is_empty()
    );
    for (bad, field) in [
        (vec![("class", "bindng")], "class"),
        (vec![("status", "opne")], "status"),
        (vec![("run", "one")], "run"),
        (vec![("sort", "score"), ("before", "10")], "before"),
        (vec![("list", "un")], "list"),
        (vec![("regime", "UN-9999")], "regime"),
        (
            vec![("min_score", "0.95"), ("max_score", "0.5")],
            "min_score",
        ),
        (vec![("limit", "0")], "limit"),
    ] {
        let e = alert_filter(&pairs(&bad), "ana").expect_err("refused");
        assert_eq!(e.field, field, "{e}");
        assert!(!e.message.is_empty());
    }
}
