//! Parser for the Australia DFAT consolidated list (`regulation8_consolidated.xlsx`).
//!
//! # Format
//! One sheet, header on row 1: `Reference`, `Name of Individual or Entity`,
//! `Type`, `Name Type`, `Date of Birth`, `Place of Birth`, `Citizenship`,
//! `Address`, `Additional Information`, `Listing Information`, `Committees`,
//! `Control Date`. The sheet is 255 columns wide; untitled columns must be
//! empty (whitespace-only is tolerated: one real cell holds `" "`). Blank rows
//! (trailing, formatted but empty) are skipped.
//!
//! # Grouping
//! One row per name. Rows sharing the numeric base of `Reference` (`123`,
//! `123a`, `123b`, `2672a10`, `1276c1`...) are one entity: the row whose
//! `Name Type` is the primary name gives `name`, the others aliases. Each
//! group must have exactly one primary name and one `Type`.
//!
//! # Mapping
//! - `Name Type` is normalised (case, spacing): `Primary Name` -> `name`;
//!   `aka`, `Original Script` -> `alias`; `Formerly known as`,
//!   `Previously listed as` -> `previousName`. Anything else fails.
//! - `Type`: `Individual` -> `Person`, `Entity` -> `Organization`.
//! - `Date of Birth`: Excel dates; whole numbers (a year when 1800..=2100,
//!   else an Excel serial); free text (`a) 12/03/1960; b) 1961`,
//!   `Approximately 1963`, `Between 1955 and 1958`, `17 Jul. 1964`...):
//!   every date found -> `birthDate`, the text kept under `original`. A
//!   full date that does not exist (`31/02/1960`) fails; text with no date
//!   (`na`) is kept under `original` only. Unrecognised month words leave the
//!   year.
//! - `Place of Birth` -> `birthPlace`; `Citizenship` -> `nationality`
//!   (split on `a)`/`b)`, `;`, ` and `); `Address` -> `address`; `NA`/`na`
//!   are dropped. Alias rows repeat these values, deduplicated.
//! - `Additional Information` -> `notes`; `Listing Information` -> designation
//!   note; `Committees` -> `programs`; `Control Date` -> `last_updated`.
//! - `un_reference`: the UN reference in `Listing Information`, else the only
//!   one in `Additional Information` whose kind (`i`/`e`) matches the entity
//!   (that column also cites associated targets' references).
//! - `listed_on` is not set: the listing date is free text.

use crate::util::{add_country, cell_text, excel_serial_date, parse_date};
use crate::{InputFile, Location, ParseError, ParsedList, Result};
use crate::{table, xlsx};
use calamine::{Data, Reader};
use embargo_model::{Designation, Entity, Schema, SourceKind, UnRef, prop};
use std::collections::HashMap;

const KIND: SourceKind = SourceKind::AuDfat;

const COLUMNS: [&str; 12] = [
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
];

fn is_na(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "" | "na" | "n/a" | "-"
    )
}

/// Splits `123b1` into (`123`, `b1`).
fn base_ref(r: &str) -> Option<(&str, &str)> {
    let r = r.trim();
    let n = r.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    let (base, rest) = r.split_at(n);
    let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    rest[letters..]
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then_some((base, rest))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameType {
    Primary,
    Alias,
    Previous,
}

fn name_type(s: &str) -> Option<NameType> {
    let k: Vec<String> = s.split_whitespace().map(str::to_ascii_lowercase).collect();
    Some(match k.join(" ").as_str() {
        "primary name" => NameType::Primary,
        "aka" | "original script" => NameType::Alias,
        "formerly known as" | "previously listed as" => NameType::Previous,
        _ => return None,
    })
}

/// Parses one publication.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    let mut wb = xlsx::open(file)?;
    let name =
        wb.sheet_names().first().cloned().ok_or_else(|| {
            ParseError::new(file.name, Location::File, None, "a worksheet", "none")
        })?;
    let sheet = xlsx::sheet(file, &mut wb, &name)?;
    let header_at = sheet.at(file.name, sheet.first_row());
    if sheet.first_column() != 0 {
        return Err(header_at.error("`Reference` in column A", "an empty column A"));
    }
    let mut rows = sheet.rows();
    let header: Vec<String> = rows
        .next()
        .map(|(_, r)| r.iter().map(cell_text).collect())
        .unwrap_or_default();
    let titles: Vec<&str> = header.iter().map(String::as_str).collect();
    table::check_header(&header_at, &titles, &COLUMNS, false)?;

    let mut entities: Vec<Entity> = Vec::new();
    let mut primaries: Vec<usize> = Vec::new();
    let mut by_base: HashMap<String, usize> = HashMap::new();
    let mut records = 0usize;
    for (rowno, r) in rows {
        let at = sheet.at(file.name, rowno);
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        if let Some(x) = cells
            .get(COLUMNS.len()..)
            .and_then(|c| c.iter().find(|c| !c.is_empty()))
        {
            return Err(at.error("empty cells beyond `Control Date`", x.clone()));
        }
        let get = |c: usize| cells.get(c).map(String::as_str).unwrap_or("");
        records += 1;
        let reference = get(0);
        let (base, _) = base_ref(reference).ok_or_else(|| {
            at.field_error("Reference", "a reference like `123` or `123a`", reference)
        })?;
        let name = get(1);
        if name.is_empty() {
            return Err(at.field_error("Name of Individual or Entity", "a name", ""));
        }
        let schema = match get(2).to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "entity" => Schema::Organization,
            other => return Err(at.field_error("Type", "`Individual` or `Entity`", other)),
        };
        let nt = name_type(get(3)).ok_or_else(|| {
            at.field_error(
                "Name Type",
                "`Primary Name`, `aka`, `Original Script`, `Formerly known as`",
                get(3),
            )
        })?;
        let idx = match by_base.get(base) {
            Some(&k) => k,
            None => {
                let mut e = Entity::new(Entity::make_id(KIND, base), schema);
                e.designations.push(Designation::new(KIND, base));
                entities.push(e);
                primaries.push(0);
                by_base.insert(base.to_string(), entities.len() - 1);
                entities.len() - 1
            }
        };
        let e = &mut entities[idx];
        if e.schema != schema {
            return Err(at.field_error(
                "Type",
                "the same type as the other rows of this reference",
                get(2),
            ));
        }
        match nt {
            NameType::Primary => {
                primaries[idx] += 1;
                if primaries[idx] > 1 {
                    return Err(at.field_error(
                        "Name Type",
                        "one primary name per reference",
                        "a second `Primary Name`",
                    ));
                }
                // The primary name goes first, even when an alias row came first.
                let names = e.properties.entry(prop::NAME.to_string()).or_default();
                names.insert(0, name.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            NameType::Alias => {
                e.add(prop::ALIAS, name);
            }
            NameType::Previous => {
                e.add(prop::PREVIOUS_NAME, name);
            }
        }
        // Date of birth.
        let dob_cell = r.get(4).unwrap_or(&Data::Empty);
        let dob = get(4);
        let dates: Vec<String> = match dob_cell {
            Data::Empty => vec![],
            Data::DateTime(_) => vec![dob.to_string()],
            Data::Int(_) | Data::Float(_) => {
                let n: f64 = dob.parse().unwrap_or(f64::NAN);
                if (1800.0..=2100.0).contains(&n) {
                    vec![dob.to_string()]
                } else {
                    vec![
                        excel_serial_date(n)
                            .ok_or_else(|| at.field_error("Date of Birth", "a date", dob))?,
                    ]
                }
            }
            _ => en_dates(dob).map_err(|bad| {
                at.field_error("Date of Birth", "valid dates", format!("{bad} in {dob}"))
            })?,
        };
        if dates.is_empty() && !is_na(dob) {
            let o = e.original.entry(prop::BIRTH_DATE.to_string()).or_default();
            if !o.iter().any(|x| x == dob) {
                o.push(dob.to_string());
            }
        }
        for d in dates {
            e.add_normalised(prop::BIRTH_DATE, &d, dob);
        }
        for (c, p) in [(5, prop::BIRTH_PLACE), (7, prop::ADDRESS)] {
            if !is_na(get(c)) {
                e.add(p, get(c));
            }
        }
        for n in split_countries(get(6)) {
            add_country(e, prop::NATIONALITY, &n);
        }
        e.add(prop::NOTES, get(8));
        let listing = get(9);
        let committees = get(10);
        let control = get(11);
        let kind_i = schema == Schema::Person;
        let d = e
            .designations
            .first_mut()
            .ok_or_else(|| at.field_error("Reference", "a designation", base))?;
        if !listing.is_empty() && !d.notes.iter().any(|n| n == listing) {
            d.notes.push(listing.to_string());
        }
        if !committees.is_empty() && !d.programs.iter().any(|p| p == committees) {
            d.programs.push(committees.to_string());
        }
        if !control.is_empty() {
            let iso = parse_date(control)
                .ok_or_else(|| at.field_error("Control Date", "a date", control))?;
            if d.last_updated.as_ref().is_none_or(|x| &iso > x) {
                d.last_updated = Some(iso);
            }
        }
        if d.un_reference.is_none() {
            d.un_reference = UnRef::find_all(listing).into_iter().next().or_else(|| {
                let refs: Vec<UnRef> = UnRef::find_all(get(8))
                    .into_iter()
                    .filter(|r| r.is_individual() == kind_i)
                    .collect();
                (refs.len() == 1).then(|| refs[0].clone())
            });
        }
    }
    for (e, &n) in entities.iter_mut().zip(&primaries) {
        if n != 1 {
            return Err(ParseError::new(
                file.name,
                Location::File,
                Some("Name Type"),
                "a `Primary Name` row for every reference",
                e.id.clone(),
            ));
        }
        e.dedupe_names();
    }
    Ok(ParsedList {
        source: KIND,
        published: None,
        entities,
        records,
    })
}

fn split_countries(cell: &str) -> Vec<String> {
    if is_na(cell) {
        return vec![];
    }
    let mut s = format!(
        " {}",
        cell.replace(['\n', '(', ')'], " ").replace(" b ", " ; ")
    );
    for m in 'a'..='j' {
        s = s.replace(&format!(" {m} "), ";");
    }
    let mut out = Vec::new();
    for p in s.split([';', ',']) {
        let p = p.trim().trim_end_matches('.').trim();
        if is_na(p) {
            continue;
        }
        // `Russian and Ukrainian`, `Malian / Mauritanian`, but not
        // `Bosnia and Herzegovina`.
        if embargo_model::country::code(p).is_none() {
            let parts: Vec<&str> = p
                .split(" and ")
                .flat_map(|x| x.split('/'))
                .map(str::trim)
                .collect();
            if parts.len() > 1
                && parts
                    .iter()
                    .all(|x| embargo_model::country::code(x).is_some())
            {
                out.extend(parts.into_iter().map(str::to_string));
                continue;
            }
        }
        out.push(p.to_string());
    }
    out
}

fn month_word(w: &str) -> bool {
    parse_date(&format!("1 {w} 2000")).is_some()
}

fn year_word(w: &str) -> Option<i32> {
    let y: i32 = (w.len() == 4).then(|| w.parse().ok()).flatten()?;
    (1800..=2100).contains(&y).then_some(y)
}

/// Every date in English free text (`a) 12/03/1960; b) 17 Jul. 1964`,
/// `Approximately 1963`, `Between 1955 and 1958`, `March 5, 1960`). Returns
/// the offending token when a complete date does not exist.
pub fn en_dates(text: &str) -> std::result::Result<Vec<String>, String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '>'))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |d: String| {
        if !out.contains(&d) {
            out.push(d);
        }
    };
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let next = words.get(i + 1).copied().unwrap_or("");
        let next2 = words.get(i + 2).copied().unwrap_or("");
        // Numeric dates: 12/03/1960, 1960-03-12, 12-Mar-1960, 12.03.1960.
        if w.contains(['/', '-', '.']) && w.chars().any(|c| c.is_ascii_digit()) {
            let parts: Vec<&str> = w.split(['/', '-', '.']).collect();
            if let Some(d) = parse_date(w) {
                push(d);
            } else if parts.len() == 3
                && parts
                    .iter()
                    .all(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty())
                && (year_word(parts[0]).is_some() || year_word(parts[2]).is_some())
            {
                // A complete numeric date that does not exist (`07/04/62`,
                // a two-digit year, is skipped and kept as text).
                return Err(w.to_string());
            } else {
                // `1955-1958`, `9-Aprl-1960`: take the years.
                for p in parts {
                    if let Some(y) = year_word(p) {
                        push(format!("{y:04}"));
                    }
                }
            }
            i += 1;
            continue;
        }
        if w.bytes().all(|b| b.is_ascii_digit())
            && (1..=2).contains(&w.len())
            && month_word(next)
            && let Some(y) = year_word(next2)
        {
            let s = format!("{w} {next} {y}");
            match parse_date(&s) {
                Some(d) => push(d),
                None => return Err(s),
            }
            i += 3;
            continue;
        }
        if month_word(w) && !w.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(y) = year_word(next) {
                if let Some(d) = parse_date(&format!("{w} {y}")) {
                    push(d);
                }
                i += 2;
                continue;
            }
            if next.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&next.len())
                && let Some(y) = year_word(next2)
            {
                let s = format!("{next} {w} {y}");
                match parse_date(&s) {
                    Some(d) => push(d),
                    None => return Err(s),
                }
                i += 3;
                continue;
            }
        }
        if let Some(y) = year_word(w) {
            push(format!("{y:04}"));
        }
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_dates() {
        let ok = |t: &str| en_dates(t).expect(t);
        assert_eq!(
            ok("a) 12/03/1960;   b) 01/01/1961"),
            ["1960-03-12", "1961-01-01"]
        );
        assert_eq!(ok("Approximately 1955- 1958"), ["1955", "1958"]);
        assert_eq!(ok("17 Jul. 1964"), ["1964-07-17"]);
        assert_eq!(ok("March 5, 1960"), ["1960-03-05"]);
        assert_eq!(
            ok("a) Between Aug. and Sep 1977 b) 1976"),
            ["1977-09", "1976"]
        );
        assert_eq!(ok("na"), Vec::<String>::new());
        assert!(en_dates("31/02/1960").is_err());
        assert_eq!(base_ref("2672a10"), Some(("2672", "a10")));
        assert_eq!(base_ref("12x-"), None);
    }
}
