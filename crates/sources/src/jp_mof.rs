//! Parser for the Japan Ministry of Finance asset-freeze list
//! (`資産凍結等の措置の対象となる者`, Excel `.xlsx`).
//!
//! # Format
//! One workbook; the first sheet `一覧` is an index. Every other sheet is one
//! regime or measure and is named `<n>.<title>` (e.g. `15.北朝鮮(決議1718号等；個人)`).
//! Each sheet has its own column layout, with Japanese column titles, and its
//! header row (the row holding `告示番号`) is not always row 2: titles and
//! notes sit above it. Sheets whose measure was lifted (`【解除】`) hold only a
//! notice and no header; they yield nothing.
//!
//! # Rows
//! One data row = one entity. Rows are recognised as follows:
//! - names present (`日本語表記` or `英語表記`): a data row;
//! - no names, `告示日付` says `…削除` (deleted): skipped, the slot of a
//!   delisted target;
//! - no names and nothing but `告示日付`/`告示番号` filled: skipped, a vacated
//!   slot (seen once, `2.タリバーン関係者等` number 274);
//! - no date, number or names but only remark-like columns filled: a
//!   continuation of the previous row's remarks (`21.ソマリア` writes
//!   Al-Shabaab's long remarks over 12 extra rows); appended to its notes;
//! - anything else fails the parse.
//!
//! # Mapping
//! - id/reference: `<sheet number>-<告示番号>` (e.g. `15-23`), the number
//!   stripped of the cross-reference marks the list uses (`*1`, `#22`,
//!   `1(*186)`, `2(#23)`: the marks and numbers in brackets point to the same
//!   target on a sibling sheet, kept as a designation note).
//! - `英語表記` -> `name` (first line); an `(original script: …)` part ->
//!   `alias`. `日本語表記` (katakana rendering) -> `alias`; when there is no
//!   English name it is the `name`.
//! - alias columns (`別名`, `別称`, `別称・旧称`, …) -> `alias`, split on
//!   newlines, `(a)`…`(z)` enumerations, `;`/`；` and, when no `;` is used,
//!   on `、`/`,`; parts labelled `（旧称）` -> `previousName`. Former-name
//!   columns -> `previousName`; `確定に十分でない別名` -> `weakAlias`.
//! - `生年月日`: Excel dates, General-formatted serial numbers, or Japanese
//!   text (`1964年7月17日`, `1964年頃`, `1963年から1968年の間`, `(a)…(b)…`,
//!   era years `平成元年`...); every date found -> `birthDate` (ISO prefix), the
//!   cell text kept under `original`. A date-shaped token that is invalid
//!   (month 13) fails the parse; text with no date at all (`不明`,
//!   `10月10日（year unknown）`) is kept under `original` only.
//! - `国籍` -> `nationality` (Japanese country names resolved through
//!   `country_aliases.tsv`; unknown text kept under `original`).
//! - passports, ID numbers, addresses, titles, positions, birth places,
//!   phone: one value per line; `不明` (unknown) is dropped.
//! - remarks columns -> `notes`; the UN listing date column -> a designation
//!   note; `国連参照番号` (or, when absent, UN references found in the
//!   remarks) -> `un_reference`.
//! - `告示日付` (`2002.3.1`, then `2008.6.25改訂` lines) -> `listed_on` and
//!   `last_updated` (latest revision). Two revision lines have typos
//!   (`2007.713改訂`, `200812.19改訂`): unparseable revision lines are kept in
//!   the designation notes rather than failing.
//! - programs: one short regime key per sheet (see [`program`]); `list` = the
//!   sheet name.
//! - schema: `Person` on sheets of individuals (`個人`, or with a birth-date
//!   column and no `団体`), `Organization` on sheets of entities; on mixed
//!   sheets (Taliban, terrorists, Somalia, Libya) a row is a `Person` when it
//!   has any personal detail (birth date/place, nationality, passport, title)
//!   or its remarks say `同人`/`性別`.
//!
//! Unknown column titles fail the parse; untitled columns must be empty.

use crate::util::{add_country, cell_text, excel_serial_date};
use crate::xlsx;
use crate::{InputFile, Location, ParseError, ParsedList, Result};
use calamine::{Data, Reader};
use embargo_model::{Designation, Entity, Schema, SourceKind, UnRef, prop};
use std::collections::HashSet;

const KIND: SourceKind = SourceKind::JpMof;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Date,
    Number,
    NameJa,
    NameEn,
    Alias,
    Previous,
    Weak,
    Title,
    Position,
    Birth,
    BirthAndPlace,
    BirthPlace,
    Nationality,
    Passport,
    IdNumber,
    Address,
    UnListed,
    UnRef,
    Notes,
    Phone,
    Fax,
    Blank,
}

fn column(title: &str) -> Option<Col> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    Some(match t.as_str() {
        "" => Col::Blank,
        "告示日付" => Col::Date,
        "告示番号" => Col::Number,
        "日本語表記" => Col::NameJa,
        "英語表記" => Col::NameEn,
        "別名・別称" | "別名" | "別称" | "別称・旧称" | "別称・別名" | "確定可能な別名" => {
            Col::Alias
        }
        "旧称" | "旧称・以前の呼称" | "以前の別名" | "過去の別名" => {
            Col::Previous
        }
        "確定に十分でない別名" => Col::Weak,
        "称号" | "肩書" => Col::Title,
        "役職" | "肩書等" => Col::Position,
        "生年月日" => Col::Birth,
        "生年月日・出生地" => Col::BirthAndPlace,
        "出生地・出身地" | "出生地" => Col::BirthPlace,
        "国籍" => Col::Nationality,
        "旅券番号" => Col::Passport,
        "ID番号" | "身分登録番号" | "身分証番号" => Col::IdNumber,
        "住所・所在地"
        | "住所"
        | "所在地"
        | "住所等"
        | "活動地域・住所"
        | "所在地・住所登録された事務所の住所" => Col::Address,
        "国連制裁員会による指定日" | "国連制裁委員会による指定日" | "リスト掲載日" => {
            Col::UnListed
        }
        "国連参照番号" => Col::UnRef,
        "その他の情報" | "詳細" | "決議1483上の根拠" | "指定の根拠" => {
            Col::Notes
        }
        "電話" | "電話番号" => Col::Phone,
        "FAX" => Col::Fax,
        _ => return None,
    })
}

/// The short regime key of a sheet, from its title. Checked in order, so
/// the more specific titles come first.
pub fn program(sheet: &str) -> Option<&'static str> {
    const TABLE: [(&str, &str); 25] = [
        ("ミロシェビッチ", "FRY-MILOSEVIC"),
        ("タリバーン", "TALIBAN-ISIL-AQ"),
        ("テロリスト等 (1)", "TERRORISTS-G7"),
        ("テロリスト等 (2)", "TERRORISTS-US"),
        ("イラク", "IRAQ"),
        ("リベリア", "LIBERIA"),
        ("コンゴ", "DRC"),
        ("コートジボワール", "COTE-DIVOIRE"),
        ("南スーダン", "SOUTH-SUDAN"),
        ("スーダン", "SUDAN"),
        ("北朝鮮(決議1695号)", "DPRK-1695"),
        ("北朝鮮(決議1718号", "DPRK-1718"),
        ("北朝鮮(協調", "DPRK-COORDINATED"),
        ("イラン", "IRAN"),
        ("ソマリア", "SOMALIA"),
        ("リビア", "LIBYA"),
        ("シリア", "SYRIA"),
        ("クリミア", "CRIMEA-UKRAINE"),
        ("ロシア及びベラルーシ以外", "RUSSIA-THIRD-COUNTRIES"),
        ("ロシア", "RUSSIA"),
        ("ベラルーシ", "BELARUS"),
        ("中央アフリカ", "CAR"),
        ("イエメン", "YEMEN"),
        ("マリ共和国", "MALI"),
        ("ハイチ", "HAITI"),
    ];
    if sheet.contains("イスラエル") {
        return Some("ISRAEL-SETTLERS");
    }
    TABLE
        .iter()
        .find(|(k, _)| sheet.contains(k))
        .map(|(_, v)| *v)
}

fn is_unknown(s: &str) -> bool {
    matches!(s.trim(), "" | "不明" | "なし" | "-" | "－")
}

/// Parses one publication.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    let mut wb = xlsx::open(file)?;
    let mut entities: Vec<Entity> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut records = 0usize;
    let mut data_sheets = 0usize;
    for sheet in wb.sheet_names() {
        let ws = xlsx::sheet(file, &mut wb, &sheet)?;
        let col0 = ws.first_column();
        let rows: Vec<(u64, &[Data])> = ws.rows().collect();
        let header = rows.iter().position(|(_, r)| {
            r.iter()
                .any(|c| matches!(c, Data::String(s) if s.trim() == "告示番号"))
        });
        let Some(header) = header else {
            if sheet.trim() == "一覧" || sheet.contains("【解除】") {
                continue; // the index, or a lifted measure's notice
            }
            return Err(ws
                .at(file.name, 1)
                .error("a header row with `告示番号`", "no such row"));
        };
        data_sheets += 1;
        let prog = program(&sheet).ok_or_else(|| {
            ws.at(file.name, 1)
                .error("a sheet title of a known regime", sheet.clone())
        })?;
        let key = sheet
            .split('.')
            .next()
            .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                ws.at(file.name, 1)
                    .error("a sheet name `<n>.<title>`", sheet.clone())
            })?
            .to_string();
        let (hrow, titles) = rows[header];
        // Columns before the range start are empty by definition.
        let mut cols: Vec<Col> = vec![Col::Blank; col0];
        for c in titles {
            let t = cell_text(c);
            let col = column(&t).ok_or_else(|| {
                ws.at(file.name, hrow)
                    .field_error(&t, "a known column title", t.clone())
            })?;
            cols.push(col);
        }
        let find = |c: Col| cols.iter().position(|&x| x == c);
        let (Some(c_num), Some(_)) = (find(Col::Number), find(Col::Date)) else {
            return Err(ws
                .at(file.name, hrow)
                .error("columns 告示日付 and 告示番号", "missing"));
        };
        if find(Col::NameJa).is_none() && find(Col::NameEn).is_none() {
            return Err(ws.at(file.name, hrow).error("a name column", "none"));
        }
        let has_birth = find(Col::Birth).is_some() || find(Col::BirthAndPlace).is_some();
        let sheet_schema = if sheet.contains("個人")
            || (has_birth && !sheet.contains("団体") && !mixed(prog))
        {
            Some(Schema::Person)
        } else if sheet.contains("団体") || !has_birth {
            Some(Schema::Organization)
        } else {
            None
        };
        let mut last: Option<usize> = None;
        for &(rowno, r) in &rows[header + 1..] {
            let at = ws.at(file.name, rowno);
            let cells: Vec<(Col, String, &Data)> = r
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    (
                        cols.get(j + col0).copied().unwrap_or(Col::Blank),
                        cell_text(c),
                        c,
                    )
                })
                .collect();
            let get = |c: Col| -> Vec<(&str, &Data)> {
                cells
                    .iter()
                    .filter(|(k, t, _)| *k == c && !t.is_empty())
                    .map(|(_, t, d)| (t.as_str(), *d))
                    .collect()
            };
            if cells.iter().all(|(_, t, _)| t.is_empty()) {
                continue;
            }
            if let Some((_, t, _)) = cells
                .iter()
                .find(|(k, t, _)| *k == Col::Blank && !t.is_empty())
            {
                return Err(at.error("an empty cell under an untitled column", t.clone()));
            }
            let date = get(Col::Date)
                .first()
                .map(|(t, _)| t.to_string())
                .unwrap_or_default();
            let num = cells
                .get(c_num.saturating_sub(col0))
                .map(|(_, t, _)| t.clone())
                .unwrap_or_default();
            let named = !get(Col::NameJa).is_empty() || !get(Col::NameEn).is_empty();
            if !named {
                let others = cells
                    .iter()
                    .filter(|(k, t, _)| !t.is_empty() && !matches!(k, Col::Date | Col::Number))
                    .count();
                if date.contains("削除") || (others == 0 && !num.is_empty()) {
                    continue; // delisted or vacated slot
                }
                let notes_only = date.is_empty()
                    && num.is_empty()
                    && cells
                        .iter()
                        .all(|(k, t, _)| t.is_empty() || *k == Col::Notes);
                if notes_only {
                    let Some(l) = last else {
                        return Err(at.field_error(
                            "その他の情報",
                            "remarks continuing a record",
                            "remarks before any record",
                        ));
                    };
                    for (t, _) in get(Col::Notes) {
                        entities[l].add(prop::NOTES, t);
                    }
                    continue;
                }
                return Err(at.field_error("日本語表記", "a name", "a row without names"));
            }
            records += 1;
            let (number, xref) = split_number(&num).ok_or_else(|| {
                at.field_error(
                    "告示番号",
                    "a number like `12`, `*3`, `1(#47)`",
                    num.clone(),
                )
            })?;
            let reference = format!("{key}-{number}");
            if !seen.insert(reference.clone()) {
                return Err(at.field_error(
                    "告示番号",
                    "a number unique in its sheet",
                    num.clone(),
                ));
            }
            let person_hint = [
                Col::Birth,
                Col::BirthAndPlace,
                Col::BirthPlace,
                Col::Nationality,
                Col::Passport,
                Col::Title,
            ]
            .iter()
            .any(|&c| get(c).iter().any(|(t, _)| !is_unknown(t)))
                || get(Col::Notes)
                    .iter()
                    .any(|(t, _)| t.contains("同人") || t.contains("性別"));
            let schema = sheet_schema.unwrap_or(if person_hint {
                Schema::Person
            } else {
                Schema::Organization
            });
            let mut e = Entity::new(Entity::make_id(KIND, &reference), schema);
            let mut d = Designation::new(KIND, &reference);
            d.programs.push(prog.to_string());
            d.list = Some(sheet.trim().to_string());
            if xref.is_some() {
                d.notes.push(format!("告示番号: {num}"));
            }
            // Names.
            let en: Vec<&str> = get(Col::NameEn).iter().map(|(t, _)| *t).collect();
            let ja: Vec<&str> = get(Col::NameJa).iter().map(|(t, _)| *t).collect();
            for t in &en {
                let (main, script) = split_original_script(t);
                let mut lines = main.lines().map(str::trim).filter(|l| !l.is_empty());
                if let Some(first) = lines.next() {
                    e.add(prop::NAME, first);
                }
                for l in lines {
                    e.add(prop::ALIAS, l);
                }
                if let Some(s) = script {
                    e.add(prop::ALIAS, &s);
                }
            }
            for t in &ja {
                for l in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    if e.has(prop::NAME) {
                        e.add(prop::ALIAS, l);
                    } else {
                        e.add(prop::NAME, l);
                    }
                }
            }
            for (c, p) in [
                (Col::Alias, prop::ALIAS),
                (Col::Previous, prop::PREVIOUS_NAME),
                (Col::Weak, prop::WEAK_ALIAS),
            ] {
                for (t, _) in get(c) {
                    for (prev, n) in split_names(t) {
                        e.add(if prev { prop::PREVIOUS_NAME } else { p }, &n);
                    }
                }
            }
            // Dates of birth.
            for (t, cell) in get(Col::Birth).into_iter().chain(get(Col::BirthAndPlace)) {
                let dates = match cell {
                    Data::DateTime(_) => vec![t.to_string()],
                    Data::Int(_) | Data::Float(_) => {
                        let f = match cell {
                            Data::Int(i) => *i as f64,
                            Data::Float(f) => *f,
                            _ => 0.0,
                        };
                        vec![excel_serial_date(f).ok_or_else(|| {
                            at.field_error("生年月日", "an Excel date serial number", t)
                        })?]
                    }
                    _ => jp_dates(t).map_err(|bad| {
                        at.field_error("生年月日", "valid dates", format!("{bad} in {t}"))
                    })?,
                };
                if dates.is_empty() && !is_unknown(t) {
                    let o = e.original.entry(prop::BIRTH_DATE.to_string()).or_default();
                    o.push(t.to_string());
                }
                for iso in dates {
                    e.add_normalised(prop::BIRTH_DATE, &iso, t);
                }
            }
            for (t, _) in get(Col::BirthAndPlace) {
                e.add(prop::NOTES, t);
            }
            for (c, p) in [
                (Col::BirthPlace, prop::BIRTH_PLACE),
                (Col::Passport, prop::PASSPORT_NUMBER),
                (Col::IdNumber, prop::ID_NUMBER),
                (Col::Address, prop::ADDRESS),
                (Col::Title, prop::TITLE),
                (Col::Position, prop::POSITION),
                (Col::Phone, prop::PHONE),
            ] {
                for (t, _) in get(c) {
                    for l in t.lines().map(str::trim) {
                        if !is_unknown(l) {
                            e.add(p, l);
                        }
                    }
                }
            }
            for (t, _) in get(Col::Fax) {
                e.add(prop::NOTES, &format!("FAX: {t}"));
            }
            for (t, _) in get(Col::Nationality) {
                for n in split_countries(t) {
                    add_country(&mut e, prop::NATIONALITY, &n);
                }
            }
            for (t, _) in get(Col::Notes) {
                e.add(prop::NOTES, t);
            }
            for (t, cell) in get(Col::UnListed) {
                let v = match cell {
                    Data::Int(i) => excel_serial_date(*i as f64).unwrap_or_else(|| t.to_string()),
                    Data::Float(f) => excel_serial_date(*f).unwrap_or_else(|| t.to_string()),
                    _ => t.to_string(),
                };
                d.notes.push(format!("UN listing: {v}"));
            }
            let refs: Vec<UnRef> = get(Col::UnRef)
                .iter()
                .flat_map(|(t, _)| UnRef::find_all(t))
                .collect();
            let refs = if refs.is_empty() {
                get(Col::Notes)
                    .iter()
                    .flat_map(|(t, _)| UnRef::find_all(t))
                    .collect()
            } else {
                refs
            };
            d.un_reference = refs.into_iter().next();
            // Listing dates.
            let (listed, updated, bad) = listing_dates(&date);
            if !date.is_empty() && listed.is_none() {
                return Err(at.field_error("告示日付", "a date like `2002.3.1`", date.clone()));
            }
            d.listed_on = listed;
            d.last_updated = updated;
            if bad {
                d.notes
                    .push(format!("告示日付: {}", date.replace('\n', " ")));
            }
            e.designations.push(d);
            e.dedupe_names();
            entities.push(e);
            last = Some(entities.len() - 1);
        }
    }
    if data_sheets == 0 {
        return Err(ParseError::new(
            file.name,
            Location::File,
            None,
            "at least one sheet with a `告示番号` header",
            "none",
        ));
    }
    Ok(ParsedList {
        source: KIND,
        published: None,
        entities,
        records,
    })
}

/// Sheets that list both individuals and entities.
fn mixed(prog: &str) -> bool {
    matches!(
        prog,
        "TALIBAN-ISIL-AQ" | "TERRORISTS-G7" | "TERRORISTS-US" | "SOMALIA" | "LIBYA"
    )
}

/// `12` -> (12, None); `*3` -> (3, Some("*")); `1(#47)` -> (1, Some("#47")).
fn split_number(s: &str) -> Option<(String, Option<String>)> {
    let s = s.trim();
    let (mark, rest) = match s.strip_prefix(['*', '#', '＊']) {
        Some(r) => (Some(s[..s.len() - r.len()].to_string()), r.trim()),
        None => (None, s),
    };
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        return None;
    }
    let tail = rest[digits.len()..].trim();
    let xref = if tail.is_empty() {
        mark
    } else {
        let inner = tail.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?;
        let ok = inner.starts_with(['*', '#', '＊'])
            && inner.chars().skip(1).all(|c| c.is_ascii_digit());
        if !ok || mark.is_some() {
            return None;
        }
        Some(inner.to_string())
    };
    Some((digits, xref))
}

/// Splits `NAME\n(original script: نام)` into the name and the script form
/// (`None` when absent or `不明`).
fn split_original_script(t: &str) -> (String, Option<String>) {
    let lower = t.to_ascii_lowercase();
    let Some(at) = lower.find("original script") else {
        return (t.to_string(), None);
    };
    let mut start = at;
    // Include the opening bracket right before.
    if let Some(p) = t[..at].trim_end().char_indices().last()
        && matches!(p.1, '(' | '（')
    {
        start = p.0;
    }
    let rest = &t[at + "original script".len()..];
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let end = rest.find([')', '）']).unwrap_or(rest.len());
    let script = rest[..end].trim();
    let after = rest
        .get(end..)
        .map(|s| s.trim_start_matches([')', '）']))
        .unwrap_or("");
    let main = format!("{}{}", &t[..start], after);
    let script = (!is_unknown(script)).then(|| script.to_string());
    (main.trim().to_string(), script)
}

/// Replaces `(a)`, `（b）`, `©` enumeration marks by `;`.
fn strip_enumeration(line: &str) -> (String, bool) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut found = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '(' | '（')
            && i + 2 < chars.len()
            && chars[i + 1].is_ascii_lowercase()
            && matches!(chars[i + 2], ')' | '）')
        {
            out.push(';');
            found = true;
            i += 3;
            continue;
        }
        if c == '©' {
            out.push(';');
            found = true;
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (out, found)
}

/// Splits an alias cell into names; `true` marks former names (`（旧称）`).
fn split_names(cell: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut previous = false;
    for line in cell.lines() {
        let mut line = line.replace('\u{3000}', " ");
        for w in [
            "(a.k.a.:",
            "（a.k.a.:",
            "(a.k.a.",
            "（a.k.a.",
            "a.k.a.:",
            "a.k.a.",
            "a.k.a:",
        ] {
            line = line.replace(w, ";");
        }
        // Labels switch the role of what follows.
        for (label, prev) in [
            ("（旧称）", true),
            ("(旧称)", true),
            ("（別称）", false),
            ("(別称)", false),
        ] {
            if let Some(rest) = line.trim_start().strip_prefix(label) {
                previous = prev;
                line = rest.to_string();
            }
        }
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(['（', '('])
            && let Some(end) = rest.find(['）', ')'])
        {
            let label = &rest[..end];
            if label.starts_with("別名") && label[6..].chars().all(|c| c.is_ascii_digit()) {
                previous = false;
                line = rest[end..].trim_start_matches(['）', ')']).to_string();
            }
        }
        let (line, enumerated) = strip_enumeration(&line);
        let semi = enumerated || line.contains([';', '；']);
        let parts: Vec<&str> = if semi {
            line.split([';', '；']).collect()
        } else {
            line.split(['、', ',', '，']).collect()
        };
        for p in parts {
            let mut p = p.trim().trim_end_matches(['、', ',', '，']).trim();
            // Drop brackets wrapping the whole part, or left unbalanced by the split.
            loop {
                let before = p;
                if let Some(inner) = p.strip_prefix(['(', '（'])
                    && (!inner.contains([')', '）']) || inner.ends_with([')', '）']))
                {
                    p = inner.trim_end_matches([')', '）']).trim();
                }
                if p.ends_with([')', '）']) && !p.contains(['(', '（']) {
                    p = p.trim_end_matches([')', '）']).trim();
                }
                if p == before {
                    break;
                }
            }
            if !is_unknown(p) {
                out.push((previous, p.to_string()));
            }
        }
    }
    out
}

fn split_countries(cell: &str) -> Vec<String> {
    let (t, _) = strip_enumeration(&cell.replace(['\u{a0}', '\u{3000}'], " "));
    let mut out = Vec::new();
    for part in t.split(['\n', ';', '、', '，']) {
        let mut p = part.trim().trim_end_matches(['。', '.']).trim().to_string();
        // Drop a trailing remark in brackets: `ソビエト社会主義共和国連邦（1991年まで）`.
        if let Some(i) = p.find(['（', '('])
            && i > 0
        {
            p.truncate(i);
        }
        let p = p.trim();
        if is_unknown(p) {
            continue;
        }
        // `エジプトEgypt`, `リビア Libya`: Japanese then English.
        if embargo_model::country::code(p).is_none()
            && let Some(i) = p.find(|c: char| c.is_ascii_alphabetic())
            && i > 0
        {
            let ja = p[..i].trim();
            if embargo_model::country::code(ja).is_some() {
                out.push(ja.to_string());
                continue;
            }
        }
        out.push(p.to_string());
    }
    out
}

/// Listing date (first line), latest revision date (`…改訂` lines), and
/// whether a revision line could not be read.
fn listing_dates(cell: &str) -> (Option<String>, Option<String>, bool) {
    let mut lines = cell.lines().map(str::trim).filter(|l| !l.is_empty());
    let listed = lines.next().and_then(dotted_date);
    let mut latest: Option<String> = None;
    let mut bad = false;
    for l in lines {
        match l.strip_suffix("改訂").and_then(dotted_date) {
            Some(d) => {
                if latest.as_ref().is_none_or(|x| &d > x) {
                    latest = Some(d);
                }
            }
            None => bad = true,
        }
    }
    (listed, latest, bad)
}

/// `2002.3.1` (or an ISO date from a date cell) -> `2002-03-01`.
fn dotted_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(iso) = s
        .get(..10)
        .filter(|p| p.len() == 10 && p.as_bytes()[4] == b'-')
    {
        return crate::util::parse_date(iso);
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 3 || parts[0].len() != 4 {
        if !s.contains('年') {
            return None;
        }
        return jp_dates(s)
            .ok()
            .filter(|v| v.len() == 1)
            .and_then(|mut v| v.pop());
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|x| x.format("%Y-%m-%d").to_string())
}

const ERAS: [(&str, i32); 5] = [
    ("明治", 1868),
    ("大正", 1912),
    ("昭和", 1926),
    ("平成", 1989),
    ("令和", 2019),
];

/// Every date in Japanese text: `1964年7月17日`, `1964年7月`, `1964年`,
/// `1966/2/2`, era dates `平成15年5月22日` / `平成元年`, and bare 4-digit years.
/// Tokens followed by `（ヒジュラ暦）` (Hijri calendar) are not Gregorian and
/// are skipped. Returns the offending token when a date-shaped token is
/// invalid.
pub fn jp_dates(text: &str) -> std::result::Result<Vec<String>, String> {
    // Full-width digits to ASCII, whitespace removed (the list breaks dates
    // across lines and spaces: `1973 年1月15日`, `10月5\n日`).
    let norm: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            c => c,
        })
        .collect();
    let chars: Vec<char> = norm.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let num = |i: &mut usize| -> Option<u32> {
        let s = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        let d: String = chars[s..*i].iter().collect();
        if d.is_empty() || d.len() > 4 {
            None
        } else {
            d.parse().ok()
        }
    };
    while i < chars.len() {
        // Era name.
        let era = ERAS.iter().find(|(name, _)| {
            let n: Vec<char> = name.chars().collect();
            chars[i..].starts_with(&n)
        });
        let year: Option<i32>;
        let start = i;
        if let Some((name, base)) = era {
            i += name.chars().count();
            if chars.get(i) == Some(&'元') {
                i += 1;
                year = Some(*base);
            } else if chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
                let n = num(&mut i).ok_or_else(|| chars[start..i].iter().collect::<String>())?;
                year = Some(base + n as i32 - 1);
            } else {
                continue;
            }
            if chars.get(i) != Some(&'年') {
                return Err(chars[start..i].iter().collect());
            }
        } else if chars[i].is_ascii_digit() {
            let s = i;
            let n = num(&mut i);
            let len = i - s;
            match (n, chars.get(i)) {
                (Some(y), Some('年')) if len == 4 => year = Some(y as i32),
                (Some(y), Some('/')) if len == 4 => {
                    // 1966/2/2, or 1966/1969年… (two candidate years).
                    let mut j = i + 1;
                    let m = num(&mut j);
                    if j - (i + 1) == 4 {
                        out.push(format!("{y:04}"));
                        continue;
                    }
                    let mut k = j + 1;
                    let d = if chars.get(j) == Some(&'/') {
                        num(&mut k)
                    } else {
                        None
                    };
                    match (m, d) {
                        (Some(m), Some(d)) => match chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
                        {
                            Some(x) => out.push(x.format("%Y-%m-%d").to_string()),
                            None => return Err(chars[s..k].iter().collect()),
                        },
                        _ => return Err(chars[s..j.max(i + 1)].iter().collect()),
                    }
                    i = k;
                    continue;
                }
                (Some(y), _) if len == 4 && (1000..=2100).contains(&y) => {
                    out.push(format!("{y:04}"));
                    continue;
                }
                _ => continue,
            }
        } else {
            i += 1;
            continue;
        }
        // After `年`: optional month and day.
        let Some(y) = year else { continue };
        i += 1; // 年
        let mut iso = format!("{y:04}");
        let mut j = i;
        if let Some(m) = num(&mut j)
            && chars.get(j) == Some(&'月')
        {
            if !(1..=12).contains(&m) {
                return Err(chars[start..=j].iter().collect());
            }
            iso = format!("{y:04}-{m:02}");
            i = j + 1;
            let mut k = i;
            if let Some(d) = num(&mut k)
                && chars.get(k) == Some(&'日')
            {
                match chrono::NaiveDate::from_ymd_opt(y, m, d) {
                    Some(_) => iso = format!("{y:04}-{m:02}-{d:02}"),
                    None => return Err(chars[start..=k].iter().collect()),
                }
                i = k + 1;
            }
        }
        let rest: String = chars[i..].iter().take(7).collect();
        if rest.starts_with("（ヒジュラ暦）") || rest.starts_with("(ヒジュラ暦)") {
            continue;
        }
        if !out.contains(&iso) {
            out.push(iso);
        }
    }
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_dates() {
        let ok = |t: &str| jp_dates(t).expect(t);
        assert_eq!(ok("1964年7月17日"), ["1964-07-17"]);
        assert_eq!(ok("1963年頃"), ["1963"]);
        assert_eq!(ok("１945年-1950年頃"), ["1945", "1950"]);
        assert_eq!(
            ok("(a)1976年10月5\n日 (b)1976年10月1日"),
            ["1976-10-05", "1976-10-01"]
        );
        assert_eq!(ok("1973 年1月15日"), ["1973-01-15"]);
        assert_eq!(ok("1966/2/2"), ["1966-02-02"]);
        assert_eq!(ok("1966/1969年3月27日"), ["1966", "1969-03-27"]);
        assert_eq!(ok("平成15年5月22日"), ["2003-05-22"]);
        assert_eq!(ok("昭和39年"), ["1964"]);
        assert_eq!(ok("令和元年5月1日"), ["2019-05-01"]);
        assert_eq!(ok("(c)1402年6月24日（ヒジュラ暦）"), Vec::<String>::new());
        assert_eq!(ok("10月10日（year unknown）"), Vec::<String>::new());
        assert_eq!(ok("不明"), Vec::<String>::new());
        assert!(jp_dates("1964年13月1日").is_err());
        assert!(jp_dates("1964年2月30日").is_err());
    }

    #[test]
    fn numbers_and_names() {
        assert_eq!(
            split_number("1(*186)"),
            Some(("1".into(), Some("*186".into())))
        );
        assert_eq!(split_number("#22"), Some(("22".into(), Some("#".into()))));
        assert_eq!(split_number("12"), Some(("12".into(), None)));
        assert_eq!(split_number("x"), None);
        let (n, s) = split_original_script("SULTAN AZIZ AZAM(original script：不明)");
        assert_eq!((n.as_str(), s), ("SULTAN AZIZ AZAM", None));
        let names: Vec<String> = split_names(
            "(a)アル・シャバブ、(b)シャバーブ\n(a.k.a.:(a)ABUBAKER SWALEH(b)TOM KIYURIGE)",
        )
        .into_iter()
        .map(|(_, n)| n)
        .collect();
        assert_eq!(
            names,
            [
                "アル・シャバブ",
                "シャバーブ",
                "ABUBAKER SWALEH",
                "TOM KIYURIGE"
            ]
        );
        let prev = split_names(
            "（別称）コリア・ヨンボン\nKorea Yonbong\n（旧称）リョンガクサン\nLyongaksan",
        );
        assert_eq!(prev.iter().filter(|(p, _)| *p).count(), 2);
    }

    #[test]
    fn listing() {
        let (l, u, bad) = listing_dates("2005.8.23\n2007.713改訂\n2010.11.19改訂");
        assert_eq!(l.as_deref(), Some("2005-08-23"));
        assert_eq!(u.as_deref(), Some("2010-11-19"));
        assert!(bad);
    }
}
