//! One profile catalogue for screening and shipments: the trade regimes that
//! bind a shipment come from the profile (`trade_regimes` in
//! crates/regimes/data/profiles.toml, or a user's profiles file), so a
//! user's file changes shipment verdicts exactly as it changes screening.

use embargo::profiles::{self, Profile, Profiles};
use embargo::shipments::{Ledger, Shipment, Verdict, VerdictKind, check_shipment};
use embargo::{Error, ErrorKind, Library, Screener};
use std::path::Path;

/// The specification: the trade regimes each shipped profile binds, as the
/// goods-measures catalogue had them before profiles moved to one file.
const SHIPPED: [(&str, &[&str]); 8] = [
    ("un", &["UN-1718"]),
    ("cn", &["UN-1718"]),
    ("jp", &["UN-1718", "JP-DPRK"]),
    ("kr", &["UN-1718", "KR-DPRK"]),
    ("us", &["UN-1718", "US-DPRK"]),
    ("eu", &["UN-1718", "EU-DPRK"]),
    ("uk", &["UN-1718", "UK-DPRK"]),
    (
        "all",
        &[
            "UN-1718", "JP-DPRK", "KR-DPRK", "US-DPRK", "EU-DPRK", "UK-DPRK",
        ],
    ),
];

/// DPRK coal bought on 2017-03-01: within the UNSCR 2321 cap (nothing
/// reported), so permitted where only the UN binds; Japan's and the ROK's
/// total bans prohibit it.
fn coal() -> Shipment {
    Shipment::from_json(
        r#"{"date": "2017-03-01", "direction": "import", "origin": "kp", "destination": "cn",
            "hs_code": "2701.12", "quantity": 50000, "unit": "t", "value": 3000000, "currency": "USD",
            "parties": [{"schema": "Organization", "name": "Dalian Harbour Coal Trading Co"}],
            "no_programme_revenue": true}"#,
    )
    .expect("shipment")
}

fn try_check(profile: &Profile, screener: Option<&Screener>) -> embargo::Result<Verdict> {
    let ledger = Ledger::open_in_memory().expect("ledger");
    check_shipment(&coal(), profile, screener, &ledger)
}

fn check(profile: &Profile, screener: Option<&Screener>) -> Verdict {
    try_check(profile, screener).expect("check")
}

/// A screener over the bundled UN list, as `embargo check-shipment` uses
/// with an empty data directory.
fn screener(dir: &Path) -> Screener {
    Library::open(dir)
        .expect("library")
        .screener()
        .expect("screener")
}

fn write(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("profiles.toml");
    std::fs::write(&path, text).expect("write profiles");
    path
}

#[test]
fn shipped_profiles_bind_the_trade_regimes_they_always_did() {
    let shipped = profiles::load(None).expect("shipped profiles are valid");
    let ids: Vec<&str> = shipped.all().iter().map(|p| p.id.as_str()).collect();
    let want: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, want, "every shipped profile is in the table");
    for (id, regimes) in SHIPPED {
        let p = profiles::get(&shipped, id).expect("profile");
        assert_eq!(p.trade_regimes, regimes, "profile {id}");
        assert!(p.trade_note.is_some(), "profile {id} keeps its note");
        let v = check(p, None);
        assert_eq!(v.profile, id);
        assert_eq!(v.binding_regimes, regimes, "verdict under {id}");
    }
}

#[test]
fn a_profiles_file_changes_shipment_verdicts() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = write(
        dir.path(),
        r#"
[[profile]]
id = "cn-jp-branch"
name = "PRC trader with a Japanese branch"
description = "As cn for screening; Japan's goods measures bind its trade"
extends = "cn"
trade_regimes = ["UN-1718", "JP-DPRK"]
trade_note = "the Japanese branch books the trade"

[[profile]]
id = "cn-bank"
name = "PRC bank"
description = "As cn, trade regimes inherited"
extends = "cn"

[[profile]]
id = "screen-only"
name = "Screening only"
description = "Defines no trade regimes"

[[profile.rule]]
class = "binding"
basis = ["un"]
reason = "UN designation"
"#,
    );
    let mine = profiles::load(Some(&path)).expect("valid profiles file");
    let data = tempfile::tempdir().expect("data dir");
    let screener = screener(data.path());

    // Screened under cn with the UN measures only: permitted.
    let cn = check(profiles::get(&mine, "cn").expect("cn"), Some(&screener));
    assert_eq!(cn.verdict, VerdictKind::Permitted, "{}", cn.summary);
    assert!(cn.screening.performed);

    // The same screening rules, but the file binds JP-DPRK too: prohibited.
    let branch = profiles::get(&mine, "cn-jp-branch").expect("profile");
    assert_eq!(branch.trade_regimes, ["UN-1718", "JP-DPRK"]);
    let v = check(branch, Some(&screener));
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", v.summary);
    assert_eq!(v.profile, "cn-jp-branch");
    assert_eq!(v.binding_regimes, ["UN-1718", "JP-DPRK"]);
    assert!(v.reasons_for("JP-TOTAL-IMPORT-BAN").next().is_some());
    assert!(v.screening.performed);

    // `extends` inherits the base's trade regimes.
    let bank = check(profiles::get(&mine, "cn-bank").expect("profile"), None);
    assert_eq!(bank.binding_regimes, ["UN-1718"]);

    // A profile without trade regimes screens, but checks no shipment.
    let e = try_check(
        profiles::get(&mine, "screen-only").expect("profile"),
        Some(&screener),
    )
    .expect_err("no trade regimes");
    assert_eq!(
        e.to_string(),
        "profile `screen-only` defines no trade regimes (`trade_regimes` in its profiles file): shipments cannot be checked under it"
    );
    assert_eq!(
        e.kind(),
        ErrorKind::Invalid {
            at: Some("profile".into())
        }
    );
}

#[test]
fn replacing_a_shipped_profile_replaces_its_trade_regimes() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = write(
        dir.path(),
        "[[profile]]\nid = \"un\"\nreplace = true\nextends = \"un\"\ntrade_regimes = [\"UN-1718\", \"KR-DPRK\"]\n",
    );
    let mine = profiles::load(Some(&path)).expect("valid");
    let v = check(profiles::get(&mine, "un").expect("un"), None);
    assert_eq!(v.binding_regimes, ["UN-1718", "KR-DPRK"]);
    assert_eq!(v.verdict, VerdictKind::Prohibited, "{}", v.summary);
    assert!(
        v.reasons_for("KR-524-TRADE-BAN").next().is_some(),
        "{}",
        v.summary
    );
    // The shipped catalogue itself is untouched.
    let v = check(Profiles::shipped().get("un").expect("un"), None);
    assert_eq!(v.binding_regimes, ["UN-1718"]);
}

#[test]
fn an_unknown_trade_regime_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = r#"
[[profile]]
id = "mine"
name = "Mine"
description = "A typo in a trade regime"
extends = "jp"
trade_regimes = ["UN-1718", "JP-DPKR"]
"#;
    let path = write(dir.path(), text);
    // When the profiles are loaded: the file, the profile, the regime and
    // the known regimes.
    let e = profiles::load(Some(&path)).expect_err("unknown trade regime");
    assert!(matches!(e, Error::ProfileTrade { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "{}: profile `mine`: trade_regimes names unknown trade regime `JP-DPKR`; known trade regimes: EU-DPRK, JP-DPRK, KR-DPRK, UK-DPRK, UN-1718, US-DPRK",
            path.display()
        )
    );
    assert_eq!(e.kind(), ErrorKind::Invalid { at: None });

    // At check time at the latest, for profiles that did not come through
    // `profiles::load`.
    let unchecked = Profiles::with_user_toml("user.toml", text).expect("regimes alone accept it");
    let e =
        try_check(unchecked.get("mine").expect("profile"), None).expect_err("unknown trade regime");
    assert_eq!(
        e.to_string(),
        "profile `mine`: trade_regimes names unknown trade regime `JP-DPKR`; known trade regimes: EU-DPRK, JP-DPRK, KR-DPRK, UK-DPRK, UN-1718, US-DPRK"
    );
}
