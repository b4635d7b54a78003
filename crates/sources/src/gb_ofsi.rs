//! UK HM Treasury OFSI Consolidated List, `ConList.csv`.
//!
//! # Format
//!
//! Windows-1252 CSV (UTF-8 is accepted too). Line 1 is
//! `Last Updated,dd/mm/yyyy,,,...` (the publication date); line 2 is the
//! header, checked exactly: `Name 6` (surname or entity name), `Name 1`..
//! `Name 5` (given names), `Title`, `DOB`, `Town of Birth`,
//! `Country of Birth`, `Nationality`, `Passport Details`, `NI Number`,
//! `Position`, `Address 1`..`Address 6`, `Post/Zip Code`, `Country`,
//! `Other Information`, `Group Type`, `Alias Type`, `Regime`, `Listed On`,
//! `Last Updated`, `Group ID`. Every row has 29 fields (else error).
//!
//! One row per name *and* per combination of DOB/address: rows are grouped by
//! `Group ID` into one entity (2018-04-13: 9,487 rows, 2,106 groups).
//!
//! # Mapping
//!
//! * Reference and id: `Group ID`.
//! * `Group Type`: `Individual` → Person, `Entity` → Organization,
//!   `Ship` → Vessel; anything else fails. It must agree within a group.
//! * `Alias Type` (real values: `Prime Alias` 2,952, `AKA` 6,516, `FKA` 19):
//!   `Prime Alias` → `name` (+ `firstName` = Name 1, `secondName` = Name 2,
//!   `middleName` = Name 3..5, `lastName` = Name 6 for persons), `AKA` →
//!   `alias`, `FKA` → `previousName`. Other values (`Primary name`,
//!   `Primary name variation` in later files) are accepted as name / alias.
//!   Full names are `Name 1 .. Name 5 Name 6` joined by spaces.
//! * All distinct values across the group's rows are kept: `DOB`
//!   (`dd/mm/yyyy`, `00` = unknown part) → `birthDate`; `Town of Birth` →
//!   `birthPlace`; `Country of Birth` → `birthCountry`, `Nationality` →
//!   `nationality` (both enumerations such as `(1) Somali (2) Swedish`,
//!   `1) Saudi Arabia 2) Qatar`, `(1)-(2) Tunisia (3) Libya`,
//!   `(1) to (6) Algeria (7) Morocco` are split; names not known as
//!   countries are kept under `original`); `Passport Details` →
//!   `passportNumber` and `NI Number` → `idNumber`, as written (free text
//!   such as `Passport No: 592667 (Qatari passport issued on 3 May 2007).`);
//!   `Position`; `Title`; `Address 1..6, Post/Zip Code, Country` → one
//!   `address`, `Country` → `country`; `Other Information` → `notes`.
//! * Designation: `Regime` → programs (6 groups carry 2–3 regimes);
//!   `Listed On` → listed_on (earliest in the group); `Last Updated` →
//!   last_updated (latest).
//!
//! # UN references in `Other Information`
//!
//! Survey of the 2018-04-13 file (one `Other Information` per group):
//! 690 groups cite a UN reference, 271 in the current format, 419 not.
//!
//! * Marker spellings: `UN Ref X` (most), `UN REF: X`, `UN REF:X`,
//!   `UN Ref: X`, `UN Ref.X`, `UN Ref. X`, `UN ref X`, `Un Ref X`,
//!   `un rEF X`, `UN Reference X`, `UN Reference No: X`, `UN Ref No. X`,
//!   `UN REF No.X`, `UN. REF.X`; the marker may be mid-text
//!   (`... Also known as ... UN REF: QI.D.331.14.`).
//! * Current refs after the marker (parsed by [`UnRef`], 271 groups):
//!   `QDi.095`, `KPe.055`, `KPI.067` (case), `KPI. 076` / `KPe 070`
//!   (separator), `KPe.23` (short digits: parses, not canonical),
//!   `DPe.012` (parses as written, a DPRK ref with a wrong prefix).
//! * Without marker: the text *starts* with the ref (`IRe.001. Subordinate
//!   of DIO.`, `KPe.058. ...`: 5 groups) or follows `UN listing.`
//!   (`Annex XIII. UN listing. KPi.023.`: 1 group). Refs inside the text
//!   (`listed as Al-Qaida in Iraq (QDe.115)`) name *other* entries and are
//!   not taken.
//! * Old-format refs, not parseable, kept in the designation's notes as
//!   `UN reference (old format): QI.A.229.07`: permanent refs of the
//!   Al-Qaida/Taliban lists before 2014 (`QI.A.229.07`, `QE.A.146.14`,
//!   `TI.A.80.01`, `TE.R.11.12`, `Q.I.A.291.11`), old Iran refs
//!   (`E.29.II.2`, `E.03.III.3`, `E.37.A.5`, `I.AC.50.20.12.12.(1)`),
//!   numbers without prefix (`UN Ref.077`), a typo (`QD1.410`).
//!
//! The exact counts are asserted in `tests/gb_ofsi.rs`.

use crate::table::Csv;
use crate::{InputFile, Location, ParseError, ParsedList, Result, util};
use embargo_model::{Designation, Entity, Schema, SourceKind, UnRef, prop};
use std::collections::HashMap;

const KIND: SourceKind = SourceKind::GbOfsi;

const HEADER: [&str; 29] = [
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Details",
    "NI Number",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Regime",
    "Listed On",
    "Last Updated",
    "Group ID",
];

/// What `Other Information` says about a UN reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnCitation {
    /// A reference in the current format.
    Parsed(UnRef),
    /// A reference that [`UnRef`] cannot parse (old format, typo), as written.
    Unparsed(String),
}

/// Finds the UN reference an OFSI `Other Information` text gives for its
/// own entry (see the module documentation for the forms).
pub fn un_citation(text: &str) -> Option<UnCitation> {
    let Some(after) = find_marker(text, "ref") else {
        // "Annex XIII. UN listing. KPi.023." or a text opening with its ref;
        // a bare "UN listing." cites nothing.
        return find_marker(text, "listing")
            .and_then(current_ref_at_start)
            .or_else(|| current_ref_at_start(text))
            .map(UnCitation::Parsed);
    };
    if let Some(r) = current_ref_at_start(after) {
        return Some(UnCitation::Parsed(r));
    }
    let token: String = after
        .chars()
        .take_while(|c| {
            c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, '.' | '(' | ')')
        })
        .collect();
    let mut t = token.as_str();
    loop {
        let b = t.as_bytes();
        let n = b.len();
        if t.ends_with('.') {
            t = &t[..n - 1];
        } else if n >= 3
            && b[n - 1].is_ascii_uppercase()
            && b[n - 2] == b'.'
            && b[n - 3].is_ascii_digit()
        {
            // "TI.A.128.01.Financial": the next sentence starts glued on.
            t = &t[..n - 1];
        } else {
            break;
        }
    }
    if t.is_empty() {
        return None;
    }
    Some(UnCitation::Unparsed(t.to_string()))
}

/// Text after `UN <sep> <word>` (word `ref`/`reference`, or `listing`),
/// skipping separators and a `No`.
fn find_marker<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let lower = text.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(off) = lower[from..].find("un") {
        let i = from + off;
        from = i + 2;
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut j = i + 2;
        let sep_start = j;
        while j < b.len() && !b[j].is_ascii_alphanumeric() && j - sep_start < 3 {
            j += 1;
        }
        if j == sep_start || !lower[j..].starts_with(word) {
            continue;
        }
        j += word.len();
        if word == "ref" && lower[j..].starts_with("erence") {
            j += "erence".len();
        }
        if j < b.len() && b[j].is_ascii_alphanumeric() {
            continue;
        }
        let skip = |mut k: usize| {
            while k < b.len() && !b[k].is_ascii_alphanumeric() {
                k += 1;
            }
            k
        };
        j = skip(j);
        if lower[j..].starts_with("no") && b.get(j + 2).is_none_or(|c| !c.is_ascii_alphanumeric()) {
            j = skip(j + 2);
        }
        return text.get(j..);
    }
    None
}

/// A current-format ref (`KPi.033`, `KPI. 076`, `KPe 070`) at the start.
fn current_ref_at_start(text: &str) -> Option<UnRef> {
    let t = text.trim_start();
    let b = t.as_bytes();
    if b.len() < 5
        || !b[0].is_ascii_alphabetic()
        || !b[1].is_ascii_alphabetic()
        || !matches!(b[2], b'i' | b'I' | b'e' | b'E')
    {
        return None;
    }
    let mut j = 3;
    while j < b.len() && matches!(b[j], b'.' | b' ') && j < 5 {
        j += 1;
    }
    let start = j;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if start == 3 || !(2..=4).contains(&(j - start)) {
        return None;
    }
    if b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    UnRef::parse(&t[..j]).ok()
}

/// Splits `(1) Somali (2) Swedish`, `1) X 2) Y`, `(1)-(2) Tunisia (3) Libya`,
/// `(1) to (6) Algeria (7) Morocco`, `(1) Afghanistan, (2) Pakistan`.
pub fn split_enumeration(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let mut seg_start = 0;
    let mut i = 0;
    // Marker: optional '(' + 1-2 digits + ')' at a word start.
    let marker = |i: usize| -> Option<usize> {
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            return None;
        }
        let mut j = i;
        if b.get(j) == Some(&b'(') {
            j += 1;
        }
        let d = j;
        while j < b.len() && b[j].is_ascii_digit() && j - d < 2 {
            j += 1;
        }
        (j > d && b.get(j) == Some(&b')')).then_some(j + 1)
    };
    while i < b.len() {
        if let Some(mut end) = marker(i) {
            // "(1)-(2)" and "(1) to (6)" ranges.
            let rest = &text[end..];
            let trimmed = rest.trim_start();
            for joiner in ["-", "to "] {
                if let Some(r) = trimmed.strip_prefix(joiner) {
                    let k = text.len() - r.trim_start().len();
                    if let Some(e2) = marker(k) {
                        end = e2;
                        break;
                    }
                }
            }
            parts.push(&text[seg_start..i]);
            seg_start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    parts.push(&text[seg_start..]);
    parts
        .into_iter()
        .map(|p| p.trim().trim_matches([',', ';']).trim())
        .filter(|p| !p.is_empty())
        .collect()
}

struct Group {
    entity: Entity,
    designation: Designation,
}

/// Parses one publication.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    let text = util::windows_1252(file.bytes);
    let (first, rest) = text.split_once('\n').ok_or_else(|| {
        ParseError::new(
            file.name,
            Location::Line(1),
            None,
            "a `Last Updated,dd/mm/yyyy` line followed by the header",
            text.chars().take(60).collect::<String>(),
        )
    })?;
    let published = first
        .trim_end_matches('\r')
        .strip_prefix("Last Updated,")
        .and_then(|r| util::parse_date(r.split(',').next().unwrap_or("")))
        .ok_or_else(|| {
            ParseError::new(
                file.name,
                Location::Line(1),
                Some("Last Updated"),
                "`Last Updated,dd/mm/yyyy`",
                first,
            )
        })?;

    let mut csv = Csv::new(file.name, rest, 2);
    csv.header(&HEADER, "ConList")?;
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    while let Some(row) = csv.next()? {
        let at = row.at();
        let f = |name: &str| row.field(name);
        let gid = f("Group ID");
        if gid.is_empty() || !gid.bytes().all(|c| c.is_ascii_digit()) {
            return Err(at.field_error("Group ID", "a numeric group id", gid));
        }
        let schema = match f("Group Type") {
            "Individual" => Schema::Person,
            "Entity" => Schema::Organization,
            "Ship" => Schema::Vessel,
            other => return Err(at.field_error("Group Type", "Individual, Entity or Ship", other)),
        };
        let gi = match index.get(gid) {
            Some(&i) => i,
            None => {
                index.insert(gid.to_string(), groups.len());
                groups.push(Group {
                    entity: Entity::new(Entity::make_id(KIND, gid), schema),
                    designation: Designation::new(KIND, gid),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        if g.entity.schema != schema {
            return Err(at.field_error(
                "Group Type",
                format!("the group's type ({})", g.entity.schema),
                f("Group Type"),
            ));
        }
        let e = &mut g.entity;
        let parts: Vec<&str> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"]
            .iter()
            .map(|n| f(n))
            .collect();
        let full: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
        let full = full.join(" ");
        if full.is_empty() {
            return Err(at.field_error("Name 6", "a name", ""));
        }
        match f("Alias Type") {
            "Prime Alias" | "Primary name" => {
                e.add(prop::NAME, &full);
                if schema == Schema::Person {
                    e.add(prop::FIRST_NAME, parts[0]);
                    e.add(prop::SECOND_NAME, parts[1]);
                    for m in &parts[2..5] {
                        e.add(prop::MIDDLE_NAME, m);
                    }
                    e.add(prop::LAST_NAME, parts[5]);
                }
            }
            "AKA" | "Primary name variation" => {
                e.add(prop::ALIAS, &full);
            }
            "FKA" => {
                e.add(prop::PREVIOUS_NAME, &full);
            }
            other => {
                return Err(at.field_error("Alias Type", "Prime Alias, AKA or FKA", other));
            }
        }
        e.add(prop::TITLE, f("Title"));
        let dob = f("DOB");
        if !dob.is_empty() {
            let iso = util::parse_date(dob).ok_or_else(|| {
                at.field_error("DOB", "a date dd/mm/yyyy (00 for unknown parts)", dob)
            })?;
            e.add_normalised(prop::BIRTH_DATE, &iso, dob);
        }
        e.add(prop::BIRTH_PLACE, f("Town of Birth"));
        for c in split_enumeration(f("Country of Birth")) {
            util::add_country(e, prop::BIRTH_COUNTRY, c);
        }
        for c in split_enumeration(f("Nationality")) {
            util::add_country(e, prop::NATIONALITY, c);
        }
        e.add(prop::PASSPORT_NUMBER, f("Passport Details"));
        e.add(prop::ID_NUMBER, f("NI Number"));
        e.add(prop::POSITION, f("Position"));
        let address: Vec<&str> = [
            "Address 1",
            "Address 2",
            "Address 3",
            "Address 4",
            "Address 5",
            "Address 6",
            "Post/Zip Code",
            "Country",
        ]
        .iter()
        .map(|n| f(n))
        .filter(|v| !v.is_empty())
        .collect();
        e.add(prop::ADDRESS, &address.join(", "));
        util::add_country(e, prop::COUNTRY, f("Country"));
        e.add(prop::NOTES, f("Other Information"));

        let d = &mut g.designation;
        let regime = f("Regime");
        if regime.is_empty() {
            return Err(at.field_error("Regime", "a regime name", ""));
        }
        if !d.programs.iter().any(|p| p == regime) {
            d.programs.push(regime.to_string());
        }
        let listed = f("Listed On");
        let listed_iso = util::parse_date(listed)
            .ok_or_else(|| at.field_error("Listed On", "a date dd/mm/yyyy", listed))?;
        if d.listed_on.as_ref().is_none_or(|l| listed_iso < *l) {
            d.listed_on = Some(listed_iso);
        }
        let updated = f("Last Updated");
        if !updated.is_empty() {
            let iso = util::parse_date(updated)
                .ok_or_else(|| at.field_error("Last Updated", "a date dd/mm/yyyy", updated))?;
            if d.last_updated.as_ref().is_none_or(|l| iso > *l) {
                d.last_updated = Some(iso);
            }
        }
        let info = f("Other Information");
        if d.un_reference.is_none() {
            match un_citation(info) {
                Some(UnCitation::Parsed(r)) => d.un_reference = Some(r),
                Some(UnCitation::Unparsed(t)) => {
                    let note = format!("UN reference (old format): {t}");
                    if !d.notes.contains(&note) {
                        d.notes.push(note);
                    }
                }
                None => {}
            }
        }
    }
    let entities = groups
        .into_iter()
        .map(|mut g| {
            if !g.entity.has(prop::NAME) {
                // No primary-name row: the first alias stands in as name.
                let first = g
                    .entity
                    .first(prop::ALIAS)
                    .or_else(|| g.entity.first(prop::PREVIOUS_NAME))
                    .map(str::to_string);
                if let Some(n) = first {
                    g.entity.add(prop::NAME, &n);
                }
            }
            g.entity.designations.push(g.designation);
            g.entity.dedupe_names();
            g.entity
        })
        .collect();
    Ok(ParsedList {
        source: KIND,
        published: Some(published),
        entities,
        records: csv.records(),
    })
}
