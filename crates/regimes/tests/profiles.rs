//! Classification of typical designations under each shipped profile, and
//! loading of user profiles.

use embargo_model::{Designation, SourceKind, UnRef};
use embargo_regimes::{
    BasisKind, Catalogue, Class, Error, FLAG_ALSO_UN_LISTED, FLAG_PRC_BLOCKING_RULES,
    FLAG_UNVERIFIED_SECONDARY, Origin, Profile, Profiles, classify, classify_under,
};

fn profile(id: &str) -> &'static Profile {
    Profiles::shipped()
        .get(id)
        .unwrap_or_else(|| panic!("profile {id}"))
}

fn un_kpe001() -> Designation {
    let mut d = Designation::new(SourceKind::UnSc, "KPe.001");
    d.programs = vec!["DPRK".into()];
    d.un_reference = UnRef::parse("KPe.001").ok();
    d
}

fn ofac(programs: &[&str], notes: &[&str]) -> Designation {
    let mut d = Designation::new(SourceKind::UsOfacSdn, "1");
    d.programs = programs.iter().map(|s| s.to_string()).collect();
    d.notes = notes.iter().map(|s| s.to_string()).collect();
    d
}

fn jp(program: &str) -> Designation {
    let mut d = Designation::new(SourceKind::JpMof, "16-1");
    d.programs = vec![program.into()];
    d
}

fn class(p: &str, d: &Designation) -> Class {
    classify_under(profile(p), d).class
}

#[test]
fn shipped_profiles_are_all_there() {
    let ids: Vec<&str> = Profiles::shipped()
        .all()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(ids, ["un", "cn", "jp", "kr", "us", "eu", "uk", "all"]);
    assert!(
        Profiles::shipped()
            .all()
            .iter()
            .all(|p| p.origin == Origin::Shipped)
    );
}

#[test]
fn un_designation_under_each_profile() {
    let d = un_kpe001();
    for p in ["un", "cn", "jp", "kr", "eu", "uk"] {
        assert_eq!(class(p, &d), Class::Binding, "{p}");
    }
    let us = classify_under(profile("us"), &d);
    assert_eq!(us.class, Class::Informational);
    assert!(us.reason.contains("not self-executing"), "{}", us.reason);
    assert_eq!(class("all", &d), Class::Informational);
    let eu = classify_under(profile("eu"), &d);
    assert!(eu.flags.iter().any(|f| f == "eu-transposition-assumed"));
}

#[test]
fn ofac_dprk2_us_only_target() {
    let d = ofac(&["DPRK2"], &[]);
    let cn = classify_under(profile("cn"), &d);
    assert_eq!(cn.class, Class::Exposure);
    assert!(
        cn.flags.iter().any(|f| f == FLAG_PRC_BLOCKING_RULES),
        "{cn:?}"
    );
    assert!(cn.flags.iter().any(|f| f == "us-secondary-sanctions"));
    assert!(cn.reason.contains("EO 13810"), "{}", cn.reason);
    assert_eq!(class("us", &d), Class::Binding);
    assert_eq!(class("un", &d), Class::Informational);
    let jp = classify_under(profile("jp"), &d);
    assert_eq!(jp.class, Class::Exposure);
    assert!(!jp.flags.iter().any(|f| f == FLAG_PRC_BLOCKING_RULES));
    assert_eq!(class("uk", &d), Class::Exposure);
    assert_eq!(class("all", &d), Class::Informational);
}

#[test]
fn cn_secondary_rule() {
    // NPWMD with OFAC's North Korea note: exposure.
    let nk = ofac(
        &["NPWMD"],
        &[
            "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210",
        ],
    );
    let c = classify_under(profile("cn"), &nk);
    assert_eq!(c.class, Class::Exposure);
    assert!(c.reason.contains("OFAC note"), "{}", c.reason);
    // NPWMD alone, or a plain SDGT: informational.
    assert_eq!(class("cn", &ofac(&["NPWMD"], &[])), Class::Informational);
    assert_eq!(class("cn", &ofac(&["SDGT"], &[])), Class::Informational);
    // Iran's wording of the note.
    let ir = ofac(
        &["SDGT", "IRGC"],
        &["Additional Sanctions Information - Subject to Secondary Sanctions"],
    );
    assert_eq!(class("cn", &ir), Class::Exposure);
    // A programme whose secondary mark is unverified says so.
    let c = classify_under(profile("cn"), &ofac(&["IRAN-EO13871"], &[]));
    assert_eq!(c.class, Class::Exposure);
    assert!(
        c.flags.iter().any(|f| f == FLAG_UNVERIFIED_SECONDARY),
        "{c:?}"
    );
    // Non-OFAC lists never count as US secondary sanctions.
    assert_eq!(class("cn", &jp("DPRK-COORDINATED")), Class::Informational);
}

#[test]
fn japanese_designations() {
    let own = jp("DPRK-COORDINATED");
    assert_eq!(classify(&own).basis, BasisKind::Unilateral);
    assert_eq!(class("jp", &own), Class::Binding);
    assert_eq!(class("un", &own), Class::Informational);
    assert_eq!(class("cn", &own), Class::Informational);
    assert_eq!(class("us", &own), Class::Informational);
    // The 1718 sheet implements the UN list: binding wherever UN binds.
    let un = jp("DPRK-1718");
    assert_eq!(classify(&un).basis, BasisKind::UnImplementation);
    assert_eq!(class("un", &un), Class::Binding);
    assert_eq!(class("kr", &un), Class::Binding);
    assert_eq!(class("us", &un), Class::Informational);
}

#[test]
fn uk_designations() {
    let mut d = Designation::new(SourceKind::GbOfsi, "12345");
    d.programs = vec!["Syria".into()];
    assert_eq!(class("uk", &d), Class::Binding);
    assert_eq!(class("jp", &d), Class::Informational);
    assert_eq!(class("un", &d), Class::Informational);
    d.programs = vec!["North Korea (Democratic People's Republic of Korea)".into()];
    d.un_reference = UnRef::parse("KPe.001").ok();
    let c = classify_under(profile("un"), &d);
    assert_eq!(c.class, Class::Binding);
    assert!(c.reason.contains("KPe.001"), "{}", c.reason);
}

#[test]
fn caveats_say_what_is_missing() {
    assert!(
        profile("kr")
            .caveats
            .iter()
            .any(|c| c.contains("No ROK list file"))
    );
    assert!(
        profile("eu")
            .caveats
            .iter()
            .any(|c| c.contains("No EU list file"))
    );
    assert!(
        profile("cn")
            .caveats
            .iter()
            .any(|c| c.contains("MOFCOM Order No. 1 of 2021"))
    );
}

#[test]
fn match_decisions() {
    assert!(profile("un").decides(Class::Binding));
    assert!(!profile("cn").decides(Class::Exposure));
    assert!(!profile("un").decides(Class::Informational));
    assert!(profile("all").decides(Class::Informational));
}

#[test]
fn group_with_un_listing_drops_blocking_flag() {
    let group = [un_kpe001(), ofac(&["DPRK"], &[])];
    let out = profile("cn").classify_group(Catalogue::shipped(), &group);
    assert_eq!(out[0].class, Class::Binding);
    assert_eq!(out[1].class, Class::Exposure);
    assert!(!out[1].flags.iter().any(|f| f == FLAG_PRC_BLOCKING_RULES));
    assert!(out[1].flags.iter().any(|f| f == FLAG_ALSO_UN_LISTED));
    // US-only: the flag stays.
    let out = profile("cn").classify_group(Catalogue::shipped(), &group[1..]);
    assert!(out[0].flags.iter().any(|f| f == FLAG_PRC_BLOCKING_RULES));
}

#[test]
fn serialised_names() {
    let c = classify_under(profile("cn"), &ofac(&["DPRK4"], &[]));
    let v = serde_json::to_value(&c).expect("json");
    assert_eq!(v["class"], "exposure");
    let b = serde_json::to_value(classify(&jp("DPRK-1718"))).expect("json");
    assert_eq!(b["basis"], "un-implementation");
    assert_eq!(b["instrument"]["unverified"], false);
}

const USER: &str = r#"
[[profile]]
id = "cn-bank"
name = "PRC bank with USD clearing"
description = "As cn, but OFAC DPRK designations bind (USD clearing through US banks)"
extends = "cn"

[[profile.rule]]
class = "binding"
sources = ["us_ofac_sdn"]
topics = ["DPRK"]
reason = "OFAC DPRK designation: our USD clearing goes through US banks"
flags = ["usd-clearing"]
"#;

#[test]
fn user_profile_extends_shipped() {
    let p = Profiles::with_user_toml("user.toml", USER).expect("valid");
    let bank = p.get("cn-bank").expect("profile");
    assert_eq!(bank.origin, Origin::User("user.toml".into()));
    let c = bank.classify(Catalogue::shipped(), &ofac(&["DPRK3"], &[]));
    assert_eq!(c.class, Class::Binding);
    assert_eq!(c.flags, ["usd-clearing"]);
    // Rules of the base profile follow.
    let c = bank.classify(Catalogue::shipped(), &un_kpe001());
    assert_eq!(c.class, Class::Binding);
    assert_eq!(bank.caveats, profile("cn").caveats);
    // Shipped ones stay.
    assert!(p.get("un").is_some());
    assert_eq!(p.all().len(), 9);
}

#[test]
fn user_profile_file_on_disk() {
    let dir = std::env::temp_dir().join(format!("embargo-regimes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("profiles.toml");
    std::fs::write(&path, USER).expect("write");
    let p = Profiles::load_user(&path).expect("load");
    assert!(p.get("CN-BANK").is_some());
    let e = Profiles::load_user(&dir.join("missing.toml")).expect_err("missing");
    assert!(matches!(e, Error::Io { .. }), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn user_profile_errors_name_the_problem() {
    let err = |text: &str| {
        Profiles::with_user_toml("user.toml", text)
            .expect_err("invalid")
            .to_string()
    };
    let e = err(&USER.replace("extends = \"cn\"", "extends = \"cn\"\ncolour = 1"));
    assert!(e.contains("colour"), "{e}");
    let e = err(&USER.replace("extends = \"cn\"", "extends = \"xx\""));
    assert!(e.contains("extends") && e.contains("xx"), "{e}");
    let e = err(&USER.replace("topics = [\"DPRK\"]", "regimes = [\"US-MARS\"]"));
    assert!(
        e.contains("US-MARS") && e.contains("cn-bank, rule 1"),
        "{e}"
    );
    let e = err(&USER.replace("topics = [\"DPRK\"]", "topics = [\"ATLANTIS\"]"));
    assert!(e.contains("ATLANTIS"), "{e}");
    let e = err(&USER.replace("class = \"binding\"", "class = \"maybe\""));
    assert!(e.contains("maybe"), "{e}");
    let e = err(&USER.replace("us_ofac_sdn", "eu_fsf"));
    assert!(e.contains("eu_fsf"), "{e}");
    let e = err(&USER.replace("id = \"cn-bank\"", "id = \"un\""));
    assert!(e.contains("replace = true"), "{e}");
    let e = err(&format!("{USER}\n{USER}"));
    assert!(e.contains("duplicate profile `cn-bank`"), "{e}");
    let e = err("[[profile]]\nid = \"x\"\n");
    assert!(e.contains("missing `name`"), "{e}");
    // Replacing a shipped profile is allowed when asked for.
    let p = Profiles::with_user_toml(
        "user.toml",
        "[[profile]]\nid = \"all\"\nreplace = true\nextends = \"all\"\nmatch_on = [\"binding\"]\n",
    )
    .expect("replace");
    assert!(!p.get("all").expect("all").decides(Class::Informational));
}

#[test]
fn trade_regimes_are_part_of_the_profile() {
    // Every shipped profile names the trade regimes that bind it.
    for p in Profiles::shipped().all() {
        assert!(!p.trade_regimes.is_empty(), "{}", p.id);
        assert!(p.trade_note.is_some(), "{}", p.id);
    }
    // `extends` inherits them with their note; giving them replaces both.
    let p = Profiles::with_user_toml("user.toml", USER).expect("valid");
    let bank = p.get("cn-bank").expect("profile");
    assert_eq!(bank.trade_regimes, ["UN-1718"]);
    assert_eq!(bank.trade_note, profile("cn").trade_note);
    let own = USER.replace(
        "extends = \"cn\"",
        "extends = \"cn\"\ntrade_regimes = [\"UN-1718\", \"US-DPRK\"]",
    );
    let p = Profiles::with_user_toml("user.toml", &own).expect("valid");
    let bank = p.get("cn-bank").expect("profile");
    assert_eq!(bank.trade_regimes, ["UN-1718", "US-DPRK"]);
    assert_eq!(bank.trade_note, None);
    // Without them (and without a base) the profile defines none.
    let p = Profiles::with_user_toml(
        "user.toml",
        "[[profile]]\nid = \"screen-only\"\nname = \"n\"\ndescription = \"d\"\n",
    )
    .expect("valid");
    assert!(
        p.get("screen-only")
            .expect("profile")
            .trade_regimes
            .is_empty()
    );
    // An empty or repeated list is an error naming the profile.
    let err = |extra: &str| {
        Profiles::with_user_toml(
            "user.toml",
            &USER.replace("extends = \"cn\"", &format!("extends = \"cn\"\n{extra}")),
        )
        .expect_err("invalid")
        .to_string()
    };
    let e = err("trade_regimes = []");
    assert!(
        e.starts_with("user.toml: profile `cn-bank`: empty trade_regimes"),
        "{e}"
    );
    let e = err("trade_regimes = [\"UN-1718\", \"UN-1718\"]");
    assert!(e.contains("cn-bank") && e.contains("named twice"), "{e}");
    let e = err("trade_regimes = \"UN-1718\"");
    assert!(e.contains("trade_regimes"), "{e}");
}
