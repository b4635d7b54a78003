//! US trade.gov Consolidated Screening List (CSL), CSV (optionally gzip).
//!
//! # Format
//!
//! UTF-8 CSV with a header row, checked exactly (29 columns): `_id`,
//! `source`, `entity_number`, `type`, `programs`, `name`, `title`,
//! `addresses`, `federal_register_notice`, `start_date`, `end_date`,
//! `standard_order`, `license_requirement`, `license_policy`, `call_sign`,
//! `vessel_type`, `gross_tonnage`, `gross_registered_tonnage`, `vessel_flag`,
//! `vessel_owner`, `remarks`, `source_list_url`, `alt_names`,
//! `citizenships`, `dates_of_birth`, `nationalities`, `places_of_birth`,
//! `source_information_url`, `ids`. Multi-valued cells are `; `-separated.
//! The file states no publication date.
//!
//! One row per listing of one of 13 sub-lists (`source`, e.g.
//! `Specially Designated Nationals (SDN) - Treasury Department`).
//!
//! # Mapping
//!
//! * Reference: `entity_number` (OFAC's ent_num) when present, else `_id`
//!   (a hash for the Commerce/State lists). Rows sharing a reference (the
//!   same OFAC entry on the SDN list *and* SSI, CAPTA, ... — 71 references,
//!   183 rows in 2022-04) become ONE entity with one designation per row,
//!   so ids stay unique.
//! * Schema from `type`: Individual → Person, Entity → Organization,
//!   Vessel → Vessel, Aircraft → Airplane, blank (all non-Treasury lists) →
//!   LegalEntity; anything else fails.
//! * Designation per row: `list` = `source`; authority from the sub-list's
//!   department (Treasury → `US Treasury OFAC`, Bureau of Industry and
//!   Security → `US Commerce BIS`, State Department → `US State
//!   Department`; an unknown department fails); programs = `programs`;
//!   listed_on = `start_date` (3 rows write a zero-padded two-digit year,
//!   `0097-06-30`: read as 1997-06-30, the text kept in a note); notes: `end_date`, `federal_register_notice`,
//!   `standard_order`, `license_requirement`, `license_policy`, and the
//!   sanction-information entries of `ids` (`Secondary sanctions risk:`,
//!   `Additional Sanctions Information -`, directive information, ...).
//! * Entity: `name`, `alt_names` → `alias`, `title`, `addresses` →
//!   `address` (+ `country` from a trailing 2-letter code),
//!   `citizenships` → `citizenship`, `nationalities` → `nationality`,
//!   `dates_of_birth` → `birthDate` (`1964-07-17`, `1964`, `circa 1964`,
//!   `1960 to 1962` → both years), `places_of_birth` → `birthPlace`,
//!   `remarks` → `notes`, vessel fields → `callSign`, `type`, `tonnage`,
//!   `grossRegisteredTonnage`, `flag`, `owner`; URLs → `sourceUrl`.
//! * `ids`: entries `[country, ][issue date, ][expiry date, ]value, type`.
//!   By type: passports → `passportNumber`; tax numbers (`Tax ID No.`,
//!   `R.F.C.`, `NIT #`, `RUC #`, `V.A.T. Number`, ...) → `taxNumber`;
//!   company registers → `registrationNumber`; `SWIFT/BIC` → `swiftBic`;
//!   `Vessel Registration Identification` (`IMO 8898831`) → `imoNumber`;
//!   `MMSI`; `Gender` → `gender`; `Website`, `Email Address`,
//!   `Phone Number`; aircraft serials → `serialNumber`, tail numbers →
//!   `registrationNumber`, `Aircraft Model`/`Other Vessel Type` → `type`,
//!   manufacture date → `buildDate`; `Organization Established Date` →
//!   `incorporationDate`; descriptive entries (`Target Type`, `ISIN`,
//!   `Digital Currency Address - XBT`, `Aircraft Operator`, `Former Vessel
//!   Flag`, ...) → `notes` as `type: value`; every other type (national
//!   IDs, cédulas, CURP, ...) → `idNumber`.

use crate::table::Csv;
use crate::{InputFile, ParsedList, Result, util};
use embargo_model::{Designation, Entity, Schema, SourceKind, country, prop};
use std::collections::HashMap;

const KIND: SourceKind = SourceKind::UsCsl;

const HEADER: [&str; 29] = [
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
];

/// The authority of a CSL sub-list, from the department in its name.
pub fn authority(source: &str) -> Option<&'static str> {
    if source.ends_with("Treasury Department") {
        Some("US Treasury OFAC")
    } else if source.ends_with("Bureau of Industry and Security") {
        Some("US Commerce BIS")
    } else if source.ends_with("State Department") {
        Some("US State Department")
    } else {
        None
    }
}

fn multi(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|v| !v.is_empty())
}

/// Parses one publication.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    let bytes = util::maybe_gunzip(file.name, file.bytes)?;
    let text = util::utf8(file.name, &bytes)?;
    let mut csv = Csv::new(file.name, text, 1);
    csv.header(&HEADER, "CSL")?;
    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    while let Some(row) = csv.next()? {
        let at = row.at();
        let f = |name: &str| row.field(name);
        let reference = match (f("entity_number"), f("_id")) {
            ("", "") => return Err(at.field_error("_id", "an _id or entity_number", "")),
            ("", id) => id,
            (n, _) => n,
        };
        let schema = match f("type") {
            "Individual" => Schema::Person,
            "Entity" => Schema::Organization,
            "Vessel" => Schema::Vessel,
            "Aircraft" => Schema::Airplane,
            "" => Schema::LegalEntity,
            other => {
                return Err(at.field_error(
                    "type",
                    "Individual, Entity, Vessel, Aircraft or blank",
                    other,
                ));
            }
        };
        let source = f("source");
        let auth = authority(source).ok_or_else(|| {
            at.field_error(
                "source",
                "a sub-list of the Treasury Department, Bureau of Industry and Security or State Department",
                source,
            )
        })?;
        let ei = match index.get(reference) {
            Some(&i) => i,
            None => {
                index.insert(reference.to_string(), entities.len());
                entities.push(Entity::new(Entity::make_id(KIND, reference), schema));
                entities.len() - 1
            }
        };
        let e = &mut entities[ei];
        if e.schema != schema {
            return Err(at.field_error(
                "type",
                format!("the same type as the other rows of {reference}"),
                f("type"),
            ));
        }
        let name = f("name");
        if name.is_empty() {
            return Err(at.field_error("name", "a name", ""));
        }
        e.add(prop::NAME, name);
        for a in multi(f("alt_names")) {
            e.add(prop::ALIAS, a);
        }
        e.add(prop::TITLE, f("title"));
        for a in multi(f("addresses")) {
            e.add(prop::ADDRESS, a);
            if let Some((_, code)) = a.rsplit_once(", ")
                && code.len() == 2
                && code.bytes().all(|b| b.is_ascii_uppercase())
                && country::code(code).is_some()
            {
                util::add_country(e, prop::COUNTRY, code);
            } else if !a.contains(',') {
                // A bare country: "SY", "Iraq".
                util::add_country(e, prop::COUNTRY, a);
            }
        }
        for c in multi(f("citizenships")) {
            util::add_country(e, prop::CITIZENSHIP, c);
        }
        for c in multi(f("nationalities")) {
            util::add_country(e, prop::NATIONALITY, c);
        }
        for d in multi(f("dates_of_birth")) {
            add_dates(e, prop::BIRTH_DATE, d).ok_or_else(|| {
                at.field_error(
                    "dates_of_birth",
                    "dates like 1964-07-17, 1964, circa 1964 or 1960 to 1962",
                    d,
                )
            })?;
        }
        for p in multi(f("places_of_birth")) {
            e.add(prop::BIRTH_PLACE, p);
        }
        e.add(prop::NOTES, f("remarks"));
        e.add(prop::CALL_SIGN, f("call_sign"));
        e.add(prop::TYPE, f("vessel_type"));
        e.add(prop::TONNAGE, f("gross_tonnage"));
        e.add("grossRegisteredTonnage", f("gross_registered_tonnage"));
        util::add_country(e, prop::FLAG, f("vessel_flag"));
        e.add(prop::OWNER, f("vessel_owner"));
        e.add(prop::SOURCE_URL, f("source_information_url"));
        e.add(prop::SOURCE_URL, f("source_list_url"));

        let mut d = Designation::new(KIND, reference);
        d.authority = auth.to_string();
        d.list = Some(source.to_string());
        d.programs = multi(f("programs")).map(str::to_string).collect();
        let start = f("start_date");
        if !start.is_empty() {
            let iso = match util::parse_date(start) {
                Some(iso) => iso,
                None => {
                    let fixed = two_digit_year(start)
                        .ok_or_else(|| at.field_error("start_date", "an ISO date", start))?;
                    d.notes.push(format!("Start date as published: {start}"));
                    fixed
                }
            };
            d.listed_on = Some(iso);
        }
        for (field, label) in [
            ("end_date", "End date"),
            ("federal_register_notice", "Federal Register notice"),
            ("standard_order", "Standard order"),
            ("license_requirement", "License requirement"),
            ("license_policy", "License policy"),
        ] {
            let v = f(field);
            if !v.is_empty() {
                d.notes.push(format!("{label}: {v}"));
            }
        }
        let ids = f("ids");
        for entry in ids.split("; ").map(str::trim).filter(|x| !x.is_empty()) {
            add_id(e, &mut d, entry).map_err(|exp| at.field_error("ids", exp, entry))?;
        }
        if !e.designations.iter().any(|x| x == &d) {
            e.designations.push(d);
        }
    }
    for e in &mut entities {
        e.dedupe_names();
    }
    Ok(ParsedList {
        source: KIND,
        published: None,
        entities,
        records: csv.records(),
    })
}

/// A date or a range `A to B` (both ends are added).
fn add_dates(e: &mut Entity, p: &str, text: &str) -> Option<()> {
    if let Some((a, b)) = text.split_once(" to ") {
        let (a, b) = (util::parse_date(a)?, util::parse_date(b)?);
        e.add_normalised(p, &a, text);
        e.add_normalised(p, &b, text);
    } else {
        let iso = util::parse_date(text)?;
        e.add_normalised(p, &iso, text);
    }
    Some(())
}

/// `0097-06-30` / `0017-05-26`: a two-digit year padded with zeros (3 Entity
/// List rows of 2022-04). Years 50..99 are 19xx, 00..49 are 20xx.
fn two_digit_year(s: &str) -> Option<String> {
    let rest = s.strip_prefix("00")?;
    let yy: u32 = rest.get(..2)?.parse().ok()?;
    let century = if yy >= 50 { "19" } else { "20" };
    util::parse_date(&format!("{century}{rest}")).filter(|d| d.len() == 10)
}

fn is_iso_date(s: &str) -> bool {
    s.len() == 10 && util::parse_date(s).is_some_and(|d| d.len() == 10) && s.as_bytes()[4] == b'-'
}

/// One `ids` entry: `[CC, ][issued, ][expires, ]value, type`.
fn add_id(
    e: &mut Entity,
    d: &mut Designation,
    entry: &str,
) -> std::result::Result<(), &'static str> {
    let (body, kind) = entry
        .rsplit_once(", ")
        .ok_or("entries `value, type` separated by `; `")?;
    let kind = kind.trim();
    let mut body = body.trim();
    let lower = kind.to_ascii_lowercase();
    // Sanction information: "Secondary sanctions risk:", "... Directive ...".
    if kind.ends_with(':')
        || kind.ends_with(" -")
        || lower.contains("directive")
        || lower.contains("(cmic)")
    {
        d.notes.push(format!("{kind} {body}"));
        return Ok(());
    }
    // Leading issuing-country code and issue/expiry dates are dropped: FtM
    // identifier properties hold the number only.
    if let Some((cc, rest)) = body.split_once(", ")
        && cc.len() == 2
        && cc.bytes().all(|b| b.is_ascii_uppercase())
    {
        body = rest;
    }
    while let Some((date, rest)) = body.split_once(", ")
        && is_iso_date(date)
    {
        body = rest;
    }
    let value = body.trim();
    if value.is_empty() {
        return Err("an identifier value before its type");
    }
    let p = match kind {
        "Gender" => {
            let g = value.to_ascii_lowercase();
            if !matches!(g.as_str(), "male" | "female") {
                return Err("Male or Female");
            }
            e.add(prop::GENDER, &g);
            return Ok(());
        }
        "Vessel Registration Identification" => {
            let imo = value.strip_prefix("IMO").map(str::trim).unwrap_or(value);
            e.add(prop::IMO_NUMBER, imo);
            return Ok(());
        }
        "Organization Established Date" | "Aircraft Manufacture Date" => {
            let p = if kind.starts_with("Aircraft") {
                prop::BUILD_DATE
            } else {
                "incorporationDate"
            };
            add_dates(e, p, value).ok_or("a date like `16 Jan 2017` or a range `A to B`")?;
            return Ok(());
        }
        "Nationality of Registration" | "Registration Country" => {
            util::add_country(e, prop::JURISDICTION, value);
            return Ok(());
        }
        "Other Vessel Flag" => {
            util::add_country(e, prop::FLAG, value);
            return Ok(());
        }
        "Target Type"
        | "Organization Type:"
        | "Issuer Name"
        | "ISIN"
        | "Equity Ticker"
        | "Aircraft Operator"
        | "Former Vessel Flag"
        | "Previous Aircraft Tail Number"
        | "UN/LOCODE"
        | "MICEX Code"
        | "Aircraft Mode S Transponder Code" => {
            e.add(prop::NOTES, &format!("{kind}: {value}"));
            return Ok(());
        }
        k if k.starts_with("Digital Currency Address") => {
            e.add(prop::NOTES, &format!("{kind}: {value}"));
            return Ok(());
        }
        k if k.contains("Passport") => prop::PASSPORT_NUMBER,
        "Tax ID No."
        | "R.F.C."
        | "RFC"
        | "NIT #"
        | "RUC #"
        | "RIF #"
        | "V.A.T. Number"
        | "C.U.I.T."
        | "US FEIN"
        | "Italian Fiscal Code"
        | "Fiscal Code"
        | "C.I.F."
        | "Romanian Tax Registration"
        | "Paraguayan tax identification number"
        | "Numero Unico de Identificacao Tributaria (NUIT)"
        | "RTN" => prop::TAX_NUMBER,
        "Registration Number"
        | "Registration ID"
        | "Company Number"
        | "UK Company Number"
        | "Commercial Registry Number"
        | "Business Registration Number"
        | "Business Registration Document #"
        | "Unified Social Credit Code (USCC)"
        | "United Social Credit Code Certificate (USCCC)"
        | "Certificate of Incorporation Number"
        | "Chamber of Commerce Number"
        | "Legal Entity Number"
        | "Government Gazette Number"
        | "Folio Mercantil No."
        | "Matricula Mercantil No"
        | "C.R. No."
        | "Enterprise Number"
        | "Public Registration Number"
        | "Romanian C.R."
        | "Branch Unit Number"
        | "Trade License No."
        | "Business Number"
        | "Istanbul Chamber of Comm. No."
        | "Dubai Chamber of Commerce Membership No."
        | "Central Registration System Number"
        | "D-U-N-S Number"
        | "File Number"
        | "RSIN"
        | "Aircraft Tail Number" => prop::REGISTRATION_NUMBER,
        "SWIFT/BIC" => prop::SWIFT_BIC,
        "MMSI" => prop::MMSI,
        "Website" => prop::WEBSITE,
        "Email Address" => prop::EMAIL,
        "Phone Number" => prop::PHONE,
        "Other Vessel Call Sign" => prop::CALL_SIGN,
        "Aircraft Model" | "Other Vessel Type" => prop::TYPE,
        "Aircraft Manufacturer's Serial Number (MSN)"
        | "Aircraft Construction Number (also called L/N or S/N or F/N)"
        | "Aircraft Serial Identification"
        | "Serial No." => prop::SERIAL_NUMBER,
        _ => prop::ID_NUMBER,
    };
    e.add(p, value);
    Ok(())
}
