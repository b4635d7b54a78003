//! Japan MOF asset-freeze list: real file counts and records, malformed input.

use embargo_model::{Entity, Schema, prop};
use embargo_sources::{InputFile, Location, jp_mof, util::shared_file};
use proptest::prelude::*;
use std::collections::BTreeMap;

const FILE: &str = "lists/jp_mof/mof_shisantouketsu_2026-03-05.xlsx";

/// Data rows per sheet, measured on the 2026-03-05 publication (sheets of
/// lifted measures and Mali, all of whose rows are deleted, have none).
const PER_SHEET: [(&str, usize); 44] = [
    ("1.ミロシェビッチ前ユーゴ大統領関係者", 10),
    ("2.タリバーン関係者等", 480),
    ("3.テロリスト等 (1)", 12),
    ("4.テロリスト等 (2)", 59),
    ("5.イラク前政権関係者等（Ⅰ）", 65),
    ("6.イラク前政権関係者等 (Ⅱ)", 1),
    ("7.イラク前政権関係者等 (Ⅲ)", 9),
    ("8.【解除】リベリア", 0),
    ("9.コンゴ民主共和国（個人）", 44),
    ("10.コンゴ民主共和国 (団体)", 9),
    ("11.【解除】コートジボワール", 0),
    ("12.スーダン", 5),
    ("13.北朝鮮(決議1695号)", 16),
    ("14.北朝鮮(決議1718号等；団体)", 75),
    ("15.北朝鮮(決議1718号等；個人)", 80),
    ("16.北朝鮮(協調；団体)", 75),
    ("17.北朝鮮(協調；個人)", 84),
    ("18.【解除】イラン", 0),
    ("19.イラン（個人）", 43),
    ("20.イラン (団体)", 78),
    ("21.ソマリア", 24),
    ("22.リビア(Ⅰ)", 2),
    ("23.リビア (Ⅱ)", 23),
    ("24.シリア（個人）", 59),
    ("25.シリア（団体）", 31),
    ("26.クリミア等（個人）", 331),
    ("27.クリミア等 (団体)", 18),
    ("28.ロシア連邦(団体(特定銀行を除く))", 369),
    ("29.ロシア連邦(個人)", 752),
    ("30.ロシア連邦(特定銀行）", 16),
    ("31.ベラルーシ(個人)", 19),
    ("32.ベラルーシ(団体(特定銀行を除く))", 12),
    ("33.ベラルーシ(特定銀行)", 4),
    ("34.ロシア及びベラルーシ以外（団体(特定銀行を除く)）", 7),
    ("35.ロシア及びベラルーシ以外（個人）", 1),
    ("36.ロシア及びベラルーシ以外（特定銀行)", 1),
    ("37.中央アフリカ共和国（個人）", 14),
    ("38.中央アフリカ共和国（団体）", 1),
    ("39.イエメン共和国", 10),
    ("40.南スーダン", 8),
    ("41.マリ共和国", 0),
    ("42.ハイチ共和国（個人）", 9),
    ("43.イスラエル", 4),
    ("44.ハイチ共和国（団体）", 2),
];

fn load() -> Option<Vec<u8>> {
    shared_file(FILE)
}

fn find<'a>(list: &'a [Entity], id: &str) -> &'a Entity {
    list.iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn real_file_counts() {
    let Some(bytes) = load() else { return };
    let list = jp_mof::parse(InputFile::new("mof.xlsx", &bytes)).expect("parse");
    assert_eq!(list.records, 2862);
    assert_eq!(list.entities.len(), 2862);
    assert_eq!(PER_SHEET.iter().map(|(_, n)| n).sum::<usize>(), 2862);
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &list.entities {
        *per.entry(e.designations[0].list.as_deref().expect("list"))
            .or_default() += 1;
    }
    for (sheet, n) in PER_SHEET {
        assert_eq!(per.get(sheet).copied().unwrap_or(0), n, "{sheet}");
    }
    let dprk = list
        .entities
        .iter()
        .filter(|e| e.designations[0].programs[0].starts_with("DPRK"))
        .count();
    assert_eq!(dprk, 330);
    let persons = list
        .entities
        .iter()
        .filter(|e| e.schema == Schema::Person)
        .count();
    assert_eq!(persons, 2012);
    let mut ids: Vec<&str> = list.entities.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2862, "references unique across the file");
    assert!(list.entities.iter().all(|e| e.has(prop::NAME)));
}

#[test]
fn real_file_records() {
    let Some(bytes) = load() else { return };
    let list = jp_mof::parse(InputFile::new("mof.xlsx", &bytes)).expect("parse");
    let e = &list.entities;

    let yun = find(e, "jp_mof:15-1");
    assert_eq!(yun.schema, Schema::Person);
    assert_eq!(yun.get(prop::NAME), ["Yun Ho-jin"]);
    assert_eq!(
        yun.get(prop::ALIAS),
        ["ユン・ホジン", "ユン・ホチン", "Yun Ho-chin"]
    );
    assert_eq!(yun.get(prop::BIRTH_DATE), ["1944-10-13"]); // Excel serial 16358
    assert_eq!(yun.get(prop::NATIONALITY), ["kp"]);
    let d = &yun.designations[0];
    assert_eq!(d.programs, ["DPRK-1718"]);
    assert_eq!(d.listed_on.as_deref(), Some("2009-07-24"));
    assert_eq!(d.last_updated.as_deref(), Some("2022-08-03"));
    assert_eq!(d.list.as_deref(), Some("15.北朝鮮(決議1718号等；個人)"));

    let pak = find(e, "jp_mof:17-2");
    assert_eq!(pak.get(prop::NAME), ["PAK TO CHUN"]);
    assert!(pak.get(prop::ALIAS).contains(&"Pak To’-Ch’un".to_string()));
    assert_eq!(pak.get(prop::BIRTH_DATE), ["1944-03-09"]);
    assert_eq!(pak.designations[0].programs, ["DPRK-COORDINATED"]);
    assert_eq!(pak.designations[0].notes, ["告示番号: 2(#50)"]);

    let krgc = find(e, "jp_mof:14-2");
    assert_eq!(krgc.schema, Schema::Organization);
    assert_eq!(
        krgc.get(prop::NAME),
        ["Korea Ryonbong General Corporation(KRGC)"]
    );
    assert_eq!(
        krgc.get(prop::PREVIOUS_NAME),
        [
            "リョンガクサン・ジェネラル・トレーディング・コーポレーション",
            "Lyongaksan General Trading Corporation"
        ]
    );
    assert_eq!(
        krgc.get(prop::ADDRESS),
        ["北朝鮮平壌特別市普通江区域楽園洞"]
    );

    let kohas = find(e, "jp_mof:13-1");
    assert_eq!(kohas.get(prop::NAME), ["Kohas AG"]);
    assert_eq!(kohas.designations[0].programs, ["DPRK-1695"]);

    let bashar = find(e, "jp_mof:5-88");
    assert_eq!(
        bashar.designations[0]
            .un_reference
            .as_ref()
            .map(|r| r.as_str()),
        Some("IQi.085")
    );
    assert_eq!(bashar.get(prop::BIRTH_DATE), ["1970-07-17"]);
    assert!(
        bashar
            .get(prop::ALIAS)
            .contains(&"بشار سبعاوي إبراهيم حسن التكريتي".to_string())
    );

    let sayed = find(e, "jp_mof:3-3");
    assert_eq!(sayed.get(prop::NATIONALITY), ["eg"]);
    assert!(
        sayed
            .get(prop::ALIAS)
            .contains(&"Es Sayed, Kader".to_string())
    );

    let akhund = find(e, "jp_mof:2-2");
    assert_eq!(
        akhund.get(prop::BIRTH_DATE),
        ["1955", "1958", "1945", "1950"]
    );
    assert_eq!(akhund.get(prop::NATIONALITY), ["af"]);

    // Somalia: Al-Shabaab's remarks continue over 12 rows.
    let shabaab = find(e, "jp_mof:21-1");
    assert_eq!(shabaab.schema, Schema::Organization);
    assert!(shabaab.get(prop::NOTES).len() >= 12);
}

#[test]
fn not_a_workbook_fails_on_the_file() {
    let err = jp_mof::parse(InputFile::new("x.xlsx", b"not a zip")).expect_err("garbage");
    assert_eq!(err.location, Location::File);
    let err =
        jp_mof::parse(InputFile::new("x.xlsx", b"PK\x03\x04truncated")).expect_err("truncated");
    assert_eq!(err.location, Location::File);
}

#[test]
fn truncated_real_file_fails() {
    let Some(bytes) = load() else { return };
    let err =
        jp_mof::parse(InputFile::new("x.xlsx", &bytes[..bytes.len() / 2])).expect_err("truncated");
    assert_eq!(err.file, "x.xlsx");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = jp_mof::parse(InputFile::new("p.xlsx", &bytes));
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,40}") {
        let _ = jp_mof::jp_dates(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    /// Byte flips in the real workbook: an error or a list, never a panic.
    #[test]
    fn never_panics_on_mutated_real_file(flips in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>()), 1..8)) {
        let Some(mut bytes) = load() else { return Ok(()) };
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let _ = jp_mof::parse(InputFile::new("m.xlsx", &bytes));
    }
}
