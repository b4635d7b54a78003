//! Parser for OFAC's legacy CSV files (`sdn.csv`, `cons_prim.csv` and their
//! `add`, `alt` and `comments` companions).
//!
//! # Format
//!
//! * No header. Fields are comma-separated, text fields double-quoted, the
//!   null value is the unquoted `-0- ` (with its trailing space). Lines end
//!   in CRLF and the file ends with a DOS end-of-file byte `0x1A`, which is
//!   stripped. The real files are ASCII; they are decoded as Windows-1252
//!   (or UTF-8 when valid). Control characters other than tab/CR/LF are an
//!   encoding error.
//! * Primary file (12 columns): `ent_num, SDN_Name, SDN_Type, Program,
//!   Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner,
//!   Remarks`. Any other column count is an error naming the line.
//! * `add` file (6 columns): `ent_num, add_num, address, city/state/zip,
//!   country, add_remarks`. `alt` file (5 columns): `ent_num, alt_num,
//!   alt_type (aka/fka/nka), alt_name, alt_remarks`. `comments` file (2
//!   columns): `ent_num, comment`, the continuation of a truncated Remarks
//!   field, appended to it verbatim (it is cut mid-word). Companion files
//!   are recognised by their base name containing `comments`, `add` or
//!   `alt`; rows for an unknown `ent_num` are an error.
//!
//! # Mapping
//!
//! * `SDN_Type`: `individual` → Person, `vessel` → Vessel, `aircraft` →
//!   Airplane, null → Organization (OFAC's "entity"; the list does not say
//!   whether it is a company). Anything else is an error.
//! * `SDN_Name` → `name` as written; for people `LAST, First` also gives
//!   `lastName`/`firstName`. `Title` → `position`. Vessel columns →
//!   `callSign`, `type`, `tonnage`, `grossRegisteredTonnage`, `flag`
//!   (country code), `owner`.
//! * `Program` (`SDGT] [IRGC`) → designation programs. The consolidated
//!   list's sub-list (`list`) is derived from the programs (see
//!   [`cons_list_name`]); the file does not name it.
//! * Remarks are `; `-separated clauses `Label value`. Quoted alias clauses
//!   (`a.k.a. 'X'`) may contain `;` and `'`, and are closed by a quote
//!   followed by `;`, a final `.` or the end. Parentheses protect `;`.
//!   The labels understood (DOB, POB, nationality, citizen, Gender,
//!   passports, national IDs, tax and registration numbers, IMO, MMSI,
//!   SWIFT/BIC, e-mail, website, phone, aircraft and vessel details) are
//!   listed in `LABELS`; `Secondary sanctions risk:`, directive and
//!   "Additional Sanctions Information" clauses become designation notes;
//!   `Linked To:` and every clause not recognised go to `notes` verbatim,
//!   so nothing is lost. Identifier values keep the clause wording (country,
//!   issue and expiry dates) under `original`.
//! * Aliases: in the legacy CSV the strong aliases are only in `alt.csv`
//!   (`aka` → `alias`, `fka` → `previousName`, `nka` → `alias`). The
//!   aliases written in the remarks (`a.k.a. 'X'`, sometimes `f.k.a.`) are
//!   exactly OFAC's *weak* aliases (checked against the XML's
//!   `category=weak` and against `alt.csv`, which never repeats them):
//!   they go to `weakAlias`. Weak aliases are single-quoted like the others;
//!   the files contain no double quotes at all. Without `alt.csv` (the
//!   single `sdn.csv` publications) strong aliases are therefore absent.
//! * Dates (`DOB 01 Jan 1960`, `DOB circa 1960`, `DOB 1960 to 1965`,
//!   `DOB circa 1960-1965`, `DOB Mar 1960`) become ISO prefixes; a range
//!   gives both ends. An unparseable DOB, establishment or manufacture date
//!   is an error naming the record.
//! * UN references: OFAC's files cite none, so `un_reference` stays empty.
//!   (`UnRef::find_all` on the remarks only finds false positives there:
//!   `BAe 146` aircraft models, `AVE 63` in an address.)
//! * Remarks longer than OFAC's 1000-character limit are cut at exactly 1000
//!   characters; without the `comments` file, the last clause of such a
//!   remark is incomplete and is kept in `notes` instead of being parsed.

use crate::table::{self, Csv};
use crate::util::Lines;
use crate::{InputFile, Location, ParseError, ParsedList, Result, util};
use embargo_model::{Designation, Entity, Schema, SourceKind, country, prop};
use std::collections::HashMap;

/// Length at which OFAC cuts the Remarks column of the legacy CSV.
const REMARKS_LIMIT: usize = 1000;

/// FtM property for the gross registered tonnage of a vessel.
const GRT: &str = "grossRegisteredTonnage";
/// FtM property for former flags of a vessel.
const PAST_FLAGS: &str = "pastFlags";
/// FtM property for the date of incorporation.
const INCORPORATION_DATE: &str = "incorporationDate";
/// FtM property for an aircraft or vessel model.
const MODEL: &str = "model";

/// Parses one publication (primary file plus optional add/alt/comments files).
pub fn parse(kind: SourceKind, files: &[InputFile<'_>]) -> Result<ParsedList> {
    let mut primary: Option<InputFile<'_>> = None;
    let mut extra: Vec<(Companion, InputFile<'_>)> = Vec::new();
    for f in files {
        match companion(f.name) {
            Some(c) => extra.push((c, *f)),
            None => {
                if let Some(p) = primary {
                    return Err(ParseError::new(
                        f.name,
                        Location::File,
                        None,
                        "one primary file (others named *add*, *alt* or *comments*)",
                        format!("a second primary file besides {}", p.name),
                    ));
                }
                primary = Some(*f);
            }
        }
    }
    let Some(primary) = primary else {
        return Err(ParseError::new(
            files.first().map(|f| f.name).unwrap_or("<none>"),
            Location::File,
            None,
            "a primary file (sdn.csv / cons_prim.csv)",
            "only add/alt/comments files",
        ));
    };

    let mut records = 0usize;
    let mut rows: Vec<Row> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    read_rows(primary, 12, |rec| {
        records += 1;
        let line = rec.line;
        let f = |i: usize| field(rec, i);
        let ent = f(0).unwrap_or_default().to_string();
        if ent.is_empty() || !ent.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(primary.name, line, "ent_num", "a number", ent));
        }
        if index.insert(ent.clone(), rows.len()).is_some() {
            return Err(err(primary.name, line, "ent_num", "a unique ent_num", ent));
        }
        rows.push(Row {
            line,
            ent,
            cols: (1..12).map(|i| f(i).map(str::to_string)).collect(),
            remarks_cut: false,
        });
        Ok(())
    })?;

    // Comments first: they complete the remarks before these are parsed.
    let mut extra_rows: Vec<(Companion, &str, u64, Vec<Option<String>>)> = Vec::new();
    extra.sort_by_key(|(c, _)| *c);
    for (c, file) in &extra {
        let width = match c {
            Companion::Comments => 2,
            Companion::Add => 6,
            Companion::Alt => 5,
        };
        read_rows(*file, width, |rec| {
            records += 1;
            let line = rec.line;
            let ent = field(rec, 0).unwrap_or_default();
            let Some(&i) = index.get(ent) else {
                return Err(err(
                    file.name,
                    line,
                    "ent_num",
                    "an ent_num of the primary file",
                    ent,
                ));
            };
            if *c == Companion::Comments {
                // Raw continuation: keep its spaces, it may start mid-word.
                let text = rec.get(1).unwrap_or("");
                let rem = &mut rows[i].cols[10];
                rem.get_or_insert_with(String::new).push_str(text);
            } else {
                let vals = (0..width).map(|k| field(rec, k).map(str::to_string));
                extra_rows.push((*c, file.name, line, vals.collect()));
            }
            Ok(())
        })?;
    }
    let has_comments = extra.iter().any(|(c, _)| *c == Companion::Comments);
    for r in &mut rows {
        let len = r.cols[10].as_deref().map_or(0, |s| s.chars().count());
        r.remarks_cut = !has_comments && len == REMARKS_LIMIT;
    }

    let mut entities = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let e = build(kind, primary.name, i as u64 + 1, row)?;
        entities.push(e);
    }
    for (c, name, line, vals) in extra_rows {
        let ent = vals[0].as_deref().unwrap_or_default();
        let Some(&i) = index.get(ent) else { continue };
        let e = &mut entities[i];
        let v = |k: usize| vals.get(k).and_then(|v| v.as_deref());
        match c {
            Companion::Add => {
                let parts: Vec<&str> = [v(2), v(3), v(4)].into_iter().flatten().collect();
                if !parts.is_empty() {
                    e.add(prop::ADDRESS, &parts.join(", "));
                }
                if let Some(cn) = v(4) {
                    util::add_country(e, prop::COUNTRY, cn);
                }
                if let Some(n) = v(5) {
                    e.add(prop::NOTES, n);
                }
            }
            Companion::Alt => {
                let name_prop = match v(2).map(str::to_ascii_lowercase).as_deref() {
                    Some("aka") | Some("nka") => prop::ALIAS,
                    Some("fka") => prop::PREVIOUS_NAME,
                    other => {
                        return Err(err(
                            name,
                            line,
                            "alt_type",
                            "aka, fka or nka",
                            other.unwrap_or("-0-"),
                        ));
                    }
                };
                let Some(alias) = v(3) else {
                    return Err(err(name, line, "alt_name", "a name", "-0-"));
                };
                e.add(name_prop, alias);
                if let Some(n) = v(4) {
                    e.add(prop::NOTES, n);
                }
            }
            Companion::Comments => {}
        }
    }
    for e in &mut entities {
        e.dedupe_names();
    }
    Ok(ParsedList {
        source: kind,
        published: None,
        entities,
        records,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Companion {
    Comments,
    Add,
    Alt,
}

fn companion(path: &str) -> Option<Companion> {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let base = base.to_ascii_lowercase();
    if base.contains("comments") {
        Some(Companion::Comments)
    } else if base.contains("add") {
        Some(Companion::Add)
    } else if base.contains("alt") {
        Some(Companion::Alt)
    } else {
        None
    }
}

struct Row {
    line: u64,
    ent: String,
    /// Columns 1..=11 (`None` for the `-0-` null).
    cols: Vec<Option<String>>,
    remarks_cut: bool,
}

fn err(file: &str, line: u64, field: &str, expected: &str, found: impl Into<String>) -> ParseError {
    ParseError::new(file, Location::Line(line), Some(field), expected, found)
}

/// A field's value: trimmed, `None` for empty and for OFAC's `-0-` null.
fn field<'r>(rec: &'r table::Row<'_>, i: usize) -> Option<&'r str> {
    let v = rec.get(i)?.trim();
    (!v.is_empty() && v != "-0-").then_some(v)
}

/// Decodes a file and calls `each` for every record but blank lines,
/// checking the column count.
fn read_rows(
    file: InputFile<'_>,
    width: usize,
    mut each: impl FnMut(&table::Row<'_>) -> Result<()>,
) -> Result<()> {
    let bytes = util::maybe_gunzip(file.name, file.bytes)?;
    let mut b: &[u8] = &bytes;
    // DOS end-of-file marker after the last line.
    while let Some(rest) = b.strip_suffix(b"\x1a") {
        b = rest;
    }
    let text = util::windows_1252(b);
    let control = |c: &u8| *c < 0x20 && !matches!(c, b'\t' | b'\r' | b'\n');
    if let Some(pos) = text.bytes().position(|c| control(&c)) {
        return Err(ParseError::new(
            file.name,
            Location::Line(Lines::new(text.as_bytes()).at(pos as u64)),
            None,
            "text (Windows-1252 or UTF-8) without control characters",
            format!("byte 0x{:02x}", text.as_bytes()[pos]),
        ));
    }
    let mut csv = Csv::new(file.name, &text, 1);
    while let Some(rec) = csv.next()? {
        if !rec.is_blank() {
            rec.expect_width(width)?;
            each(&rec)?;
        }
    }
    Ok(())
}

fn build(kind: SourceKind, file: &str, index: u64, row: &Row) -> Result<Entity> {
    let loc = || Location::Record {
        index,
        line: Some(row.line),
    };
    let c = |i: usize| row.cols[i - 1].as_deref();
    let schema = match c(2).map(str::to_ascii_lowercase).as_deref() {
        None => Schema::Organization,
        Some("individual") => Schema::Person,
        Some("vessel") => Schema::Vessel,
        Some("aircraft") => Schema::Airplane,
        Some(other) => {
            return Err(ParseError::new(
                file,
                loc(),
                Some("SDN_Type"),
                "individual, vessel, aircraft or -0-",
                other,
            ));
        }
    };
    let mut e = Entity::new(Entity::make_id(kind, &row.ent), schema);
    let mut d = Designation::new(kind, &row.ent);
    let Some(name) = c(1) else {
        return Err(ParseError::new(
            file,
            loc(),
            Some("SDN_Name"),
            "a name",
            "-0-",
        ));
    };
    e.add(prop::NAME, name);
    if schema == Schema::Person {
        split_person_name(&mut e, name);
    }
    if let Some(p) = c(3) {
        add_programs(&mut d, p);
    }
    if let Some(t) = c(4) {
        e.add(prop::POSITION, t);
    }
    if let Some(v) = c(5) {
        e.add(prop::CALL_SIGN, v);
    }
    if let Some(v) = c(6) {
        e.add(prop::TYPE, v);
    }
    if let Some(v) = c(7) {
        e.add(prop::TONNAGE, v);
    }
    if let Some(v) = c(8) {
        e.add(GRT, v);
    }
    if let Some(v) = c(9) {
        util::add_country(&mut e, prop::FLAG, v);
    }
    if let Some(v) = c(10) {
        e.add(prop::OWNER, v);
    }
    if let Some(rem) = c(11) {
        apply_remarks(&mut e, &mut d, rem, row.remarks_cut).map_err(|(expected, found)| {
            ParseError::new(file, loc(), Some("Remarks"), expected, found)
        })?;
    }
    if kind == SourceKind::UsOfacCons {
        d.list = cons_list_name(&d.programs).map(str::to_string);
    }
    e.designations.push(d);
    Ok(e)
}

/// `LAST, First` → lastName/firstName (people only; OFAC writes the family
/// name first, in capitals, before the first comma).
pub(crate) fn split_person_name(e: &mut Entity, name: &str) {
    match name.split_once(',') {
        Some((last, first)) => {
            e.add(prop::LAST_NAME, last);
            e.add(prop::FIRST_NAME, first);
        }
        None => {
            e.add(prop::LAST_NAME, name);
        }
    }
}

/// Program column `SDGT] [IRGC` (the outer brackets were stripped by OFAC).
fn add_programs(d: &mut Designation, text: &str) {
    for p in text.split("] [") {
        let p = p.trim().trim_matches(['[', ']']).trim();
        if !p.is_empty() && !d.programs.iter().any(|x| x == p) {
            d.programs.push(p.to_string());
        }
    }
}

/// The non-SDN sub-list an entry of the consolidated list belongs to, from
/// its programs (the files do not name the list). First match wins:
/// NS-PLC → `NS-PLC List`, UKRAINE-EO13662 → `SSI List` (Sectoral
/// Sanctions Identifications), CMIC-EO13959 → `NS-CMIC List`, 561-Related →
/// `CAPTA List`, FSE-* → `FSE List`, the menu-based programmes
/// (RUSSIA-EO14024 directives, CAATSA - RUSSIA, BURMA-EO14014,
/// ILLICIT-DRUGS-EO14059) → `NS-MBS List`.
pub fn cons_list_name(programs: &[String]) -> Option<&'static str> {
    let has = |f: &dyn Fn(&str) -> bool| programs.iter().any(|p| f(p));
    if has(&|p| p == "NS-PLC") {
        Some("NS-PLC List")
    } else if has(&|p| p == "UKRAINE-EO13662") {
        Some("SSI List")
    } else if has(&|p| p.starts_with("CMIC")) {
        Some("NS-CMIC List")
    } else if has(&|p| p == "561-Related") {
        Some("CAPTA List")
    } else if has(&|p| p.starts_with("FSE")) {
        Some("FSE List")
    } else if has(&|p| {
        matches!(
            p,
            "RUSSIA-EO14024" | "CAATSA - RUSSIA" | "BURMA-EO14014" | "ILLICIT-DRUGS-EO14059"
        )
    }) {
        Some("NS-MBS List")
    } else {
        None
    }
}

// ---------------------------------------------------------------------------
// Labelled values (remarks clauses here, `<id>` elements in the XML).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dob,
    Pob,
    /// Country property (nationality, citizenship, flags...).
    Country(&'static str),
    Gender,
    /// An identifier: the number before ` (`, ` issued`, ` expires`.
    Id(&'static str),
    /// Plain text property.
    Text(&'static str),
    /// A date property.
    Date(&'static str),
    /// A note about the designation rather than the entity.
    DesignationNote,
}

/// Labels as OFAC writes them, with what they map to. Matched on the start
/// of a clause (after an optional `alt. `), longest label first.
const LABELS: &[(&str, Kind)] = &[
    ("DOB", Kind::Dob),
    ("POB", Kind::Pob),
    ("nationality", Kind::Country(prop::NATIONALITY)),
    ("citizen", Kind::Country(prop::CITIZENSHIP)),
    (
        "Nationality of Registration",
        Kind::Country(prop::JURISDICTION),
    ),
    ("Former Vessel Flag", Kind::Country(PAST_FLAGS)),
    ("Other Vessel Flag", Kind::Country(prop::FLAG)),
    ("Gender", Kind::Gender),
    ("Passport", Kind::Id(prop::PASSPORT_NUMBER)),
    ("Diplomatic Passport", Kind::Id(prop::PASSPORT_NUMBER)),
    ("National ID No.", Kind::Id(prop::ID_NUMBER)),
    ("Cedula No.", Kind::Id(prop::ID_NUMBER)),
    ("Identification Number", Kind::Id(prop::ID_NUMBER)),
    ("D.N.I.", Kind::Id(prop::ID_NUMBER)),
    ("Birth Certificate Number", Kind::Id(prop::ID_NUMBER)),
    ("Driver's License No.", Kind::Id(prop::ID_NUMBER)),
    ("Residency Number", Kind::Id(prop::ID_NUMBER)),
    ("Personal ID Card", Kind::Id(prop::ID_NUMBER)),
    ("BIK (RU)", Kind::Id(prop::ID_NUMBER)),
    ("C.U.R.P.", Kind::Id(prop::ID_NUMBER)),
    ("Credencial electoral", Kind::Id(prop::ID_NUMBER)),
    ("Tax ID No.", Kind::Id(prop::TAX_NUMBER)),
    ("V.A.T. Number", Kind::Id(prop::TAX_NUMBER)),
    ("NIT #", Kind::Id(prop::TAX_NUMBER)),
    ("RUC #", Kind::Id(prop::TAX_NUMBER)),
    ("RIF #", Kind::Id(prop::TAX_NUMBER)),
    ("CUIT", Kind::Id(prop::TAX_NUMBER)),
    ("R.F.C.", Kind::Id(prop::TAX_NUMBER)),
    ("Registration Number", Kind::Id(prop::REGISTRATION_NUMBER)),
    ("Registration ID", Kind::Id(prop::REGISTRATION_NUMBER)),
    (
        "Business Registration Number",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    (
        "Public Registration Number",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    ("Business Number", Kind::Id(prop::REGISTRATION_NUMBER)),
    ("Company Number", Kind::Id(prop::REGISTRATION_NUMBER)),
    ("C.R. No.", Kind::Id(prop::REGISTRATION_NUMBER)),
    (
        "Commercial Registry Number",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    (
        "Unified Social Credit Code (USCC)",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    ("Legal Entity Number", Kind::Id(prop::REGISTRATION_NUMBER)),
    (
        "Government Gazette Number",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    (
        "Chamber of Commerce Number",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    ("Trade License No.", Kind::Id(prop::REGISTRATION_NUMBER)),
    ("Folio Mercantil No.", Kind::Id(prop::REGISTRATION_NUMBER)),
    (
        "Matricula Mercantil No",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    (
        "Central Registration System Number",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    (
        "Economic Register Number (CBLS)",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    (
        "Istanbul Chamber of Comm. No.",
        Kind::Id(prop::REGISTRATION_NUMBER),
    ),
    ("D-U-N-S Number", Kind::Id(prop::REGISTRATION_NUMBER)),
    (
        "Vessel Registration Identification",
        Kind::Id(prop::IMO_NUMBER),
    ),
    ("MMSI", Kind::Id(prop::MMSI)),
    ("SWIFT/BIC", Kind::Id(prop::SWIFT_BIC)),
    ("Aircraft Tail Number", Kind::Id(prop::REGISTRATION_NUMBER)),
    (
        "Aircraft Manufacturer's Serial Number (MSN)",
        Kind::Id(prop::SERIAL_NUMBER),
    ),
    (
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        Kind::Id(prop::SERIAL_NUMBER),
    ),
    (
        "Aircraft Serial Identification",
        Kind::Id(prop::SERIAL_NUMBER),
    ),
    ("Aircraft Model", Kind::Text(MODEL)),
    ("Aircraft Manufacture Date", Kind::Date(prop::BUILD_DATE)),
    ("Vessel Year of Build", Kind::Date(prop::BUILD_DATE)),
    ("Other Vessel Type", Kind::Text(prop::TYPE)),
    ("Other Vessel Call Sign", Kind::Text(prop::CALL_SIGN)),
    (
        "Organization Established Date",
        Kind::Date(INCORPORATION_DATE),
    ),
    ("Website", Kind::Text(prop::WEBSITE)),
    ("Email Address", Kind::Text(prop::EMAIL)),
    ("Phone Number", Kind::Text(prop::PHONE)),
    ("Telephone", Kind::Text(prop::PHONE)),
    ("Secondary sanctions risk:", Kind::DesignationNote),
    ("Additional Sanctions Information -", Kind::DesignationNote),
    (
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions:",
        Kind::DesignationNote,
    ),
    (
        "Executive Order 13662 Directive Determination -",
        Kind::DesignationNote,
    ),
    (
        "Executive Order 14024 Directive Information",
        Kind::DesignationNote,
    ),
    (
        "Executive Order 14014 Directive Information",
        Kind::DesignationNote,
    ),
    ("Executive Order 14059 information", Kind::DesignationNote),
    ("CAATSA Section 235 Information:", Kind::DesignationNote),
    ("Executive Order", Kind::DesignationNote),
    ("Listing Date (", Kind::DesignationNote),
    ("Effective Date (", Kind::DesignationNote),
    (
        "Purchase/Sales For Divestment Date (CMIC)",
        Kind::DesignationNote,
    ),
];

fn find_label(clause: &str) -> Option<(&'static str, Kind, &str)> {
    let mut best: Option<(&'static str, Kind, &str)> = None;
    for &(label, kind) in LABELS {
        if let Some(rest) = clause.strip_prefix(label) {
            // The label must end at a word boundary.
            let boundary = label.ends_with(['(', ':', '-', '.', '#'])
                || rest.is_empty()
                || rest.starts_with([' ', ':']);
            if boundary && best.is_none_or(|(b, _, _)| b.len() < label.len()) {
                best = Some((label, kind, rest));
            }
        }
    }
    best
}

/// Applies one labelled value. `clause` is the full wording (kept as the
/// original or as a note). Errors give (expected, found).
fn apply_labelled(
    e: &mut Entity,
    d: &mut Designation,
    kind: Kind,
    value: &str,
    clause: &str,
) -> std::result::Result<(), (String, String)> {
    let value = value.trim().trim_start_matches(':').trim();
    let value_nodot = value.trim_end_matches('.').trim();
    match kind {
        Kind::Dob => add_dates(e, prop::BIRTH_DATE, value_nodot, clause)?,
        Kind::Date(p) => add_dates(e, p, value_nodot, clause)?,
        Kind::Pob => {
            e.add(prop::BIRTH_PLACE, value_nodot);
            if let Some(c) = value_nodot.rsplit(',').next().and_then(country::code) {
                e.add(prop::BIRTH_COUNTRY, c);
            }
        }
        Kind::Country(p) => {
            util::add_country(e, p, value_nodot);
        }
        Kind::Gender => match value_nodot.to_ascii_lowercase().as_str() {
            g @ ("male" | "female") => {
                e.add(prop::GENDER, g);
            }
            _ => {
                return Err(("Gender Male or Gender Female".into(), clause.to_string()));
            }
        },
        Kind::Id(p) => {
            let mut number = value_nodot;
            for stop in [" (", " issued", " expires", " Issued", " Expires"] {
                if let Some(i) = number.find(stop) {
                    number = &number[..i];
                }
            }
            let number = number.trim().trim_end_matches(['.', ',']).trim();
            // An `IMO 1234567` number is an IMO number whatever its label.
            let (p, number) = match number.strip_prefix("IMO ") {
                Some(n) => (prop::IMO_NUMBER, n.trim()),
                None => (p, number),
            };
            if number.is_empty() {
                e.add(prop::NOTES, clause);
            } else if number == value {
                e.add(p, number);
            } else {
                e.add_normalised(p, number, clause);
            }
        }
        Kind::Text(p) => {
            e.add(p, value_nodot);
        }
        Kind::DesignationNote => {
            let note = clause.trim().to_string();
            if !d.notes.contains(&note) {
                d.notes.push(note);
            }
        }
    }
    Ok(())
}

/// `01 Jan 1960`, `circa 1960`, `1960 to 1965`, `circa 1960-1965`.
fn add_dates(
    e: &mut Entity,
    p: &str,
    value: &str,
    clause: &str,
) -> std::result::Result<(), (String, String)> {
    let v = value.trim();
    let bad = || {
        (
            "a date like `01 Jan 1960`, `circa 1960` or `1960 to 1965`".to_string(),
            clause.to_string(),
        )
    };
    let lower = v.to_ascii_lowercase();
    let unprefixed = lower
        .strip_prefix("circa ")
        .map(|_| v[6..].trim())
        .unwrap_or(v);
    let parts: Vec<&str> = if let Some((a, b)) = unprefixed.split_once(" to ") {
        vec![a, b]
    } else if let Some((a, b)) = unprefixed
        .split_once('-')
        .filter(|(a, b)| a.trim().len() == 4 && b.trim().len() == 4)
    {
        vec![a, b]
    } else {
        vec![unprefixed]
    };
    let mut isos = Vec::with_capacity(parts.len());
    for part in parts {
        isos.push(util::parse_date(part).ok_or_else(bad)?);
    }
    for iso in isos {
        e.add_normalised(p, &iso, v);
    }
    Ok(())
}

/// Splits remarks into clauses on `;`, not inside parentheses nor inside a
/// quoted alias.
fn split_clauses(text: &str) -> Vec<&str> {
    let balanced = text.matches('(').count() == text.matches(')').count();
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    let mut i = 0;
    let mut at_start = true;
    while i < b.len() {
        // An alias clause: skip to its closing quote.
        if at_start && b[i] != b' ' {
            at_start = false;
            let rest = &b[i..];
            let quoted = [b"a.k.a. '", b"f.k.a. '", b"n.k.a. '"]
                .iter()
                .any(|p| rest.starts_with(*p));
            if quoted {
                let body = i + 8;
                if let Some(end) = closing_quote(&text[body..]) {
                    i = body + end + 1;
                    continue;
                }
                // Unclosed (cut remark): the clause runs to the end.
                out.push(&text[start..]);
                return out;
            }
        }
        match b[i] {
            b'(' if balanced => depth += 1,
            b')' if balanced => depth -= 1,
            b';' if depth <= 0 => {
                out.push(&text[start..i]);
                start = i + 1;
                at_start = true;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// Position of the quote closing an alias: a `'` followed by `;`, by a `.`
/// that ends the remarks, or by the end.
fn closing_quote(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len()).find(|&i| {
        b[i] == b'\''
            && match b.get(i + 1) {
                None | Some(b';') => true,
                Some(b'.') => s[i + 2..].trim().is_empty(),
                _ => false,
            }
    })
}

/// Parses the remarks of one record into `e` and `d`.
fn apply_remarks(
    e: &mut Entity,
    d: &mut Designation,
    remarks: &str,
    cut: bool,
) -> std::result::Result<(), (String, String)> {
    let clauses = split_clauses(remarks);
    let n = clauses.len();
    for (k, raw) in clauses.into_iter().enumerate() {
        let mut clause = raw.trim();
        if k + 1 == n {
            if cut {
                // Incomplete: keep it, do not interpret it.
                e.add(prop::NOTES, clause);
                continue;
            }
            // The final full stop closes the remarks, not the clause.
            clause = clause.strip_suffix('.').unwrap_or(clause).trim_end();
        }
        if clause.is_empty() {
            continue;
        }
        apply_clause(e, d, clause)?;
    }
    Ok(())
}

fn apply_clause(
    e: &mut Entity,
    d: &mut Designation,
    clause: &str,
) -> std::result::Result<(), (String, String)> {
    for (prefix, weak_prop) in [
        ("a.k.a. '", prop::WEAK_ALIAS),
        ("f.k.a. '", prop::WEAK_ALIAS),
        ("n.k.a. '", prop::WEAK_ALIAS),
    ] {
        if let Some(rest) = clause.strip_prefix(prefix) {
            match rest.strip_suffix('\'') {
                Some(name) => {
                    e.add(weak_prop, name);
                }
                None => {
                    e.add(prop::NOTES, clause);
                }
            }
            return Ok(());
        }
    }
    let body = clause.strip_prefix("alt. ").unwrap_or(clause);
    match find_label(body) {
        Some((_, kind, rest)) => apply_labelled(e, d, kind, rest, clause),
        None => {
            e.add(prop::NOTES, clause);
            Ok(())
        }
    }
}

/// Applies an XML `<id>` (type, number, country) with the same mapping as
/// the remarks clauses. Unknown types become notes `type number`.
pub(crate) fn apply_xml_id(
    e: &mut Entity,
    d: &mut Designation,
    id_type: &str,
    number: &str,
    id_country: Option<&str>,
) -> std::result::Result<(), (String, String)> {
    let t = id_type.trim();
    let mut clause = format!("{t} {}", number.trim());
    if let Some(c) = id_country.filter(|c| !c.trim().is_empty()) {
        clause.push_str(&format!(" ({})", c.trim()));
    }
    let label = LABELS
        .iter()
        .find(|(l, _)| l.trim_end_matches(':') == t.trim_end_matches(':'))
        .map(|(_, k)| *k)
        .or_else(|| find_label(t).map(|(_, k, _)| k));
    match label {
        Some(kind) => {
            let value = clause[t.len()..].to_string();
            apply_labelled(e, d, kind, &value, &clause)
        }
        None => {
            e.add(prop::NOTES, &clause);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_remarks_respecting_quotes() {
        let c = split_clauses("DOB 1960; a.k.a. 'A; B'; a.k.a. 'ABU-'UMAR'; Passport 1 (X; Y).");
        assert_eq!(
            c,
            [
                "DOB 1960",
                " a.k.a. 'A; B'",
                " a.k.a. 'ABU-'UMAR'",
                " Passport 1 (X; Y)."
            ]
        );
    }

    #[test]
    fn date_forms() {
        let mut e = Entity::new("x", Schema::Person);
        for v in [
            "01 Jan 1960",
            "circa 1961",
            "1962 to 1963",
            "circa 1964-1965",
            "Mar 1966 to Feb 1967",
        ] {
            add_dates(&mut e, prop::BIRTH_DATE, v, v).expect("date");
        }
        assert_eq!(
            e.get(prop::BIRTH_DATE),
            [
                "1960-01-01",
                "1961",
                "1962",
                "1963",
                "1964",
                "1965",
                "1966-03",
                "1967-02"
            ]
        );
        assert!(add_dates(&mut e, prop::BIRTH_DATE, "12 Foo 1960", "DOB 12 Foo 1960").is_err());
    }
}
