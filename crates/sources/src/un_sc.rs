//! Parser for the UN Security Council Consolidated List (XML).
//!
//! # Format
//!
//! ```text
//! <CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
//!   <INDIVIDUALS><INDIVIDUAL>...</INDIVIDUAL>...</INDIVIDUALS>
//!   <ENTITIES><ENTITY>...</ENTITY>...</ENTITIES>
//! </CONSOLIDATED_LIST>
//! ```
//!
//! Each record carries `REFERENCE_NUMBER` (`KPi.033`), `UN_LIST_TYPE`
//! (`DPRK`, `Al-Qaida`, ...), `LISTED_ON`, numbered name parts
//! (`FIRST_NAME` .. `FOURTH_NAME`), `NAME_ORIGINAL_SCRIPT`, `COMMENTS1` and
//! repeated sub-elements (aliases, addresses, dates and places of birth,
//! documents, `NATIONALITY/VALUE`, `TITLE/VALUE`, `DESIGNATION/VALUE`,
//! `LIST_TYPE/VALUE`, `LAST_DAY_UPDATED/VALUE`).
//!
//! The file is read as a stream (the crate's XML cursor over quick-xml);
//! each record is collected into a small element tree (a few dozen nodes)
//! and then mapped, so memory stays bounded by one record and the mapping
//! reads like the format.
//!
//! # Quirks of the real files (2018-10-29 .. 2026-02-27), all accepted
//!
//! - Two serialisations: double-quoted attributes with one line per record
//!   (2018, 2025-11, 2026) and single-quoted pretty-printed (2024, 2025-04).
//! - Reference numbers and name parts carry leading/trailing spaces
//!   (`KPe.023 `, ` RI `); names may contain line breaks. Both are trimmed.
//! - Empty stubs: `<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/>`,
//!   `<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/>`, empty addresses, documents
//!   and `LAST_DAY_UPDATED/VALUE`. Skipped.
//! - Dates with an `xs:date` time-zone suffix (`1966-02-02-05:00`,
//!   `LISTED_ON` `2015-07-01-04:00`) in 2018: the suffix is dropped.
//! - Alias `QUALITY`: individuals use `Good`/`Low`, entities
//!   `a.k.a.`/`f.k.a.`. Any other quality on a non-empty alias is an error.
//! - Dates of birth: `EXACT`/`APPROXIMATELY` with `DATE` or `YEAR`,
//!   `BETWEEN` with `FROM_YEAR`/`TO_YEAR`, plus an optional `NOTE`. A few
//!   have only a `NOTE` holding the date (`Nov. 1973`): it is parsed when it
//!   is a date, else kept in `notes` (`Between Aug. and Sep. 1977`,
//!   `24/06/1402 (Hijri Calendar)`, `30-35 years old`).
//! - `NATIONALITY` `na` means "not available" (SDi.001), not Namibia: skipped.
//! - `GENDER` `MALE`/`Unknown` (2018): case-folded; `Unknown` gives no gender.
//! - Document types in French/Spanish (`Numéro de passeport`) and a free-text
//!   `TYPE_OF_DOCUMENT2` (`national passport`, `Ration card no.`).
//!
//! # Mapping
//!
//! - `INDIVIDUAL` -> `Person`, `ENTITY` -> `Organization`; id
//!   `un_sc:<REFERENCE_NUMBER>` normalised by [`UnRef::parse`]. The `i`/`e` of
//!   the reference must agree with the record kind, and ids must be unique in
//!   a file (both hold in every real file; a violation is an error).
//! - `name` = the name parts joined. The UN numbers name parts by position,
//!   not by role (Korean names put the family name first: `RI` / `WON HO`),
//!   so `FIRST_NAME` -> `firstName`, `SECOND_NAME` -> `secondName`,
//!   `THIRD_NAME`/`FOURTH_NAME` -> `middleName`, and no `lastName` is guessed.
//! - `NAME_ORIGINAL_SCRIPT` -> `alias`. Alias quality `Good`/`a.k.a.` ->
//!   `alias`, `Low` -> `weakAlias`, `f.k.a.` -> `previousName`; an alias
//!   whose `NOTE` says `formerly listed as`/`previously listed as` ->
//!   `previousName`; a note `original script: X` adds `X` with the alias's
//!   role; other alias notes go to `notes` prefixed by the alias. An alias's
//!   own date/place of birth are added to `birthDate`/`birthPlace`.
//! - `DATE`/`YEAR` -> `birthDate`; `BETWEEN` -> one `birthDate` per year
//!   (ranges over 30 years are an error), the list's wording (e.g.
//!   `1960-1965 (BETWEEN)`) kept under `original`.
//! - Place of birth -> `birthPlace` (parts joined) + `birthCountry`;
//!   `NATIONALITY` -> `nationality`; addresses -> `address` (when there is more
//!   than a country) + `country`; `GENDER` -> `gender`; `TITLE` -> `title`;
//!   `DESIGNATION` -> `position`; `COMMENTS1` -> `notes`.
//! - Documents: a type mentioning passport (any language, either type field)
//!   -> `passportNumber`, any other -> `idNumber`; type, issuer, dates and
//!   note go to `notes` when the document says more than type and number.
//! - Designation: programs = [`UN_LIST_TYPE`], `listed_on` = `LISTED_ON`,
//!   `last_updated` = latest `LAST_DAY_UPDATED/VALUE`, `un_reference` = the
//!   reference, `list` = `LIST_TYPE/VALUE`.
//!
//! Elements carrying nothing we map (`DATAID`, `VERSIONNUM`, `SORT_KEY`,
//! `SORT_KEY_LAST_MOD`, `SUBMITTED_BY`, `SUBMITTED_ON`) and unknown elements
//! inside a record are ignored. Anything other than `INDIVIDUAL`/`ENTITY`
//! records in the list, broken XML, invalid UTF-8 or an unknown entity
//! reference fails the parse. Errors inside a record name it as
//! `Location::Record` with its 1-based index counted over `INDIVIDUAL` and
//! `ENTITY` records together, in file order, and the line it starts on.

use crate::error::At;
use crate::util::{add_country, maybe_gunzip, parse_date, utf8};
use crate::xml::{self, Node};
use crate::{InputFile, ParsedList, Result};
use embargo_model::{Designation, Entity, Schema, SourceKind, UnRef, prop};
use std::collections::HashMap;

const KIND: SourceKind = SourceKind::UnSc;

/// Widest `BETWEEN` range of birth years accepted.
const MAX_YEAR_RANGE: i32 = 30;

/// Parses one publication of the consolidated list.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    let bytes = maybe_gunzip(file.name, file.bytes)?;
    let text = utf8(file.name, &bytes)?;
    let mut xml = xml::Reader::new(file.name, text);
    let root = xml.root("CONSOLIDATED_LIST")?;
    let published = date_generated(&xml, &root)?;
    let mut entities: Vec<Entity> = Vec::new();
    // The record each id was first seen in.
    let mut ids: HashMap<String, u64> = HashMap::new();
    let mut index = 0;
    while let Some(section) = xml.child()? {
        let tag = match section.name() {
            "INDIVIDUALS" => "INDIVIDUAL",
            "ENTITIES" => "ENTITY",
            other => {
                let found = format!("<{other}>");
                return Err(xml
                    .at(&section)
                    .error("an INDIVIDUALS or ENTITIES element", found));
            }
        };
        while let Some(record) = xml.child()? {
            if record.name() != tag {
                return Err(xml.at(&record).error(
                    "an INDIVIDUAL record in INDIVIDUALS, an ENTITY record in ENTITIES",
                    format!("<{}>", record.name()),
                ));
            }
            index += 1;
            let at = At::record(file.name, index, record.line);
            let entity = map_record(&at, &xml.tree(record)?)?;
            if let Some(first) = ids.insert(entity.id.clone(), index) {
                return Err(at.field_error(
                    "REFERENCE_NUMBER",
                    "a reference number no earlier record uses",
                    format!("{} (also record {first})", entity.id),
                ));
            }
            entities.push(entity);
        }
    }
    xml.finish()?;
    Ok(ParsedList {
        source: KIND,
        published,
        records: entities.len(),
        entities,
    })
}

fn date_generated<'a>(xml: &xml::Reader<'a>, root: &xml::Element<'a>) -> Result<Option<String>> {
    let Some(value) = xml.attribute(root, "dateGenerated")? else {
        return Ok(None);
    };
    let value = value.trim();
    iso_date(value).map(Some).ok_or_else(|| {
        xml.at(root).field_error(
            "dateGenerated",
            "a date-time like 2026-02-27T00:00:09.554Z",
            value,
        )
    })
}

/// Trimmed texts of the `VALUE` children of every `name` child.
fn values<'a>(node: &'a Node, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    node.items(name, "VALUE")
        .map(|v| v.text.trim())
        .filter(|v| !v.is_empty())
}

/// The text of a field that must appear at most once.
fn single<'n>(at: &At<'_>, node: &'n Node, field: &str) -> Result<&'n str> {
    if node.all(field).nth(1).is_some() {
        return Err(at.field_error(field, "a single value", "several elements"));
    }
    Ok(node.text_of(field))
}

/// An ISO date prefix from the list's dates, which are `xs:date`s,
/// sometimes with a time-zone suffix (`1966-02-02-05:00`).
fn iso_date(text: &str) -> Option<String> {
    let t = text.trim();
    let t = match (t.get(..10), t.get(10..)) {
        (Some(day), Some(zone)) if is_zone(zone) => day,
        _ => t,
    };
    parse_date(t)
}

fn is_zone(s: &str) -> bool {
    let b = s.as_bytes();
    s == "Z"
        || (b.len() == 6
            && matches!(b[0], b'+' | b'-')
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit()
            && b[3] == b':'
            && b[4].is_ascii_digit()
            && b[5].is_ascii_digit())
}

const NAME_PARTS: [&str; 4] = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"];

fn map_record(at: &At<'_>, node: &Node) -> Result<Entity> {
    let individual = node.name == "INDIVIDUAL";
    let raw_ref = single(at, node, "REFERENCE_NUMBER")?;
    let unref = UnRef::parse(raw_ref).map_err(|_| {
        at.field_error("REFERENCE_NUMBER", "a UN reference like `KPi.033`", raw_ref)
    })?;
    if unref.is_individual() != individual {
        let expected = if individual {
            "an individual's reference (`..i.NNN`)"
        } else {
            "an entity's reference (`..e.NNN`)"
        };
        return Err(at.field_error("REFERENCE_NUMBER", expected, raw_ref));
    }
    let schema = if individual {
        Schema::Person
    } else {
        Schema::Organization
    };
    let mut e = Entity::new(Entity::make_id(KIND, unref.as_str()), schema);

    let parts: Vec<&str> = NAME_PARTS
        .iter()
        .map(|p| node.text_of(p))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(at.field_error("FIRST_NAME", "a name", "nothing"));
    }
    e.add(prop::NAME, &parts.join(" "));
    if individual {
        e.add(prop::FIRST_NAME, node.text_of("FIRST_NAME"));
        e.add(prop::SECOND_NAME, node.text_of("SECOND_NAME"));
        e.add(prop::MIDDLE_NAME, node.text_of("THIRD_NAME"));
        e.add(prop::MIDDLE_NAME, node.text_of("FOURTH_NAME"));
    }
    for n in node.all("NAME_ORIGINAL_SCRIPT") {
        e.add(prop::ALIAS, &n.text);
    }
    let alias_tag = if individual {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    for a in node.all(alias_tag) {
        add_alias(at, &mut e, a)?;
    }

    for n in node.all("INDIVIDUAL_DATE_OF_BIRTH") {
        add_birth_date(at, &mut e, n)?;
    }
    for n in node.all("INDIVIDUAL_PLACE_OF_BIRTH") {
        add_place(&mut e, n, prop::BIRTH_PLACE, prop::BIRTH_COUNTRY, true);
    }
    for v in values(node, "NATIONALITY") {
        // `na` is "not available" (SDi.001), not Namibia.
        if !v.eq_ignore_ascii_case("na") {
            add_country(&mut e, prop::NATIONALITY, v);
        }
    }
    let address_tag = if individual {
        "INDIVIDUAL_ADDRESS"
    } else {
        "ENTITY_ADDRESS"
    };
    for n in node.all(address_tag) {
        add_place(&mut e, n, prop::ADDRESS, prop::COUNTRY, false);
    }
    match node.text_of("GENDER").to_ascii_lowercase().as_str() {
        "" | "unknown" => {}
        g @ ("male" | "female") => {
            e.add(prop::GENDER, g);
        }
        _ => {
            return Err(at.field_error(
                "GENDER",
                "Male, Female or Unknown",
                node.text_of("GENDER"),
            ));
        }
    }
    e.add_all(prop::TITLE, values(node, "TITLE"));
    e.add_all(prop::POSITION, values(node, "DESIGNATION"));
    for n in node.all("COMMENTS1") {
        e.add(prop::NOTES, &n.text);
    }
    for n in node.all("INDIVIDUAL_DOCUMENT") {
        add_document(&mut e, n);
    }

    let mut d = Designation::new(KIND, unref.as_str());
    let program = single(at, node, "UN_LIST_TYPE")?;
    if program.is_empty() {
        return Err(at.field_error("UN_LIST_TYPE", "a UN list type like `DPRK`", "nothing"));
    }
    d.programs = vec![program.to_string()];
    let listed = single(at, node, "LISTED_ON")?;
    d.listed_on = Some(
        iso_date(listed)
            .ok_or_else(|| at.field_error("LISTED_ON", "a date like 2016-11-30", listed))?,
    );
    for v in values(node, "LAST_DAY_UPDATED") {
        let iso = iso_date(v)
            .ok_or_else(|| at.field_error("LAST_DAY_UPDATED", "a date like 2016-10-13", v))?;
        if d.last_updated.as_ref().is_none_or(|l| *l < iso) {
            d.last_updated = Some(iso);
        }
    }
    let lists: Vec<&str> = values(node, "LIST_TYPE").collect();
    if !lists.is_empty() {
        d.list = Some(lists.join("; "));
    }
    d.un_reference = Some(unref);
    e.designations.push(d);
    e.dedupe_names();
    Ok(e)
}

fn add_alias(at: &At<'_>, e: &mut Entity, a: &Node) -> Result<()> {
    let name = a.text_of("ALIAS_NAME");
    let quality = a.text_of("QUALITY");
    let note = a.text_of("NOTE");
    if name.is_empty() {
        // `<QUALITY/><ALIAS_NAME/>` stubs; keep a stray note all the same.
        e.add(prop::NOTES, note);
        return Ok(());
    }
    let mut role = match quality {
        "Good" | "a.k.a." => prop::ALIAS,
        "Low" => prop::WEAK_ALIAS,
        "f.k.a." => prop::PREVIOUS_NAME,
        _ => {
            return Err(at.field_error(
                "QUALITY",
                "an alias quality (Good, Low, a.k.a., f.k.a.)",
                quality,
            ));
        }
    };
    let lower = note.to_lowercase();
    if lower.starts_with("formerly listed as") || lower.starts_with("previously listed as") {
        role = prop::PREVIOUS_NAME;
    }
    e.add(role, name);
    let script = ["original script:", "in arabic script:"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .and_then(|p| note.get(p.len()..));
    match script {
        Some(other) => {
            e.add(role, other);
        }
        None => {
            let bare = lower.trim_end_matches(['.', ',', ' ']);
            if !note.is_empty() && bare != "formerly listed as" && bare != "previously listed as" {
                e.add(prop::NOTES, &format!("Alias {name}: {note}"));
            }
        }
    }
    // Date and place of birth used with this alias.
    let dob = a.text_of("DATE_OF_BIRTH");
    if !dob.is_empty() && dob != "null" {
        let iso = iso_date(dob).ok_or_else(|| {
            at.field_error(
                "INDIVIDUAL_ALIAS/DATE_OF_BIRTH",
                "a date like 1979-12-31 or a year",
                dob,
            )
        })?;
        e.add_normalised(prop::BIRTH_DATE, &iso, dob);
    }
    let city = a.text_of("CITY_OF_BIRTH");
    let country = a.text_of("COUNTRY_OF_BIRTH");
    e.add(prop::BIRTH_PLACE, &join(&[city, country], ", "));
    add_country(e, prop::BIRTH_COUNTRY, country);
    Ok(())
}

fn add_birth_date(at: &At<'_>, e: &mut Entity, n: &Node) -> Result<()> {
    let kind = n.text_of("TYPE_OF_DATE").to_ascii_uppercase();
    let note = n.text_of("NOTE");
    let [date, year, from, to] = ["DATE", "YEAR", "FROM_YEAR", "TO_YEAR"].map(|f| n.text_of(f));
    if [date, year, from, to].iter().all(|v| v.is_empty()) {
        // Stub, or the date only in the note (`Nov. 1973`).
        match iso_date(note) {
            Some(iso) => e.add_normalised(prop::BIRTH_DATE, &iso, note),
            None => {
                e.add(prop::NOTES, &format!("Date of birth: {note}"));
            }
        }
        return Ok(());
    }
    if !matches!(kind.as_str(), "EXACT" | "APPROXIMATELY" | "BETWEEN") {
        return Err(at.field_error(
            "TYPE_OF_DATE",
            "EXACT, APPROXIMATELY or BETWEEN",
            n.text_of("TYPE_OF_DATE"),
        ));
    }
    // The list's wording, e.g. `1960 (APPROXIMATELY)`, `1960-1965 (BETWEEN)`.
    let wording = |shown: &str| {
        let qualifiers: Vec<&str> = [(kind != "EXACT").then_some(kind.as_str()), Some(note)]
            .into_iter()
            .flatten()
            .filter(|q| !q.is_empty())
            .collect();
        if qualifiers.is_empty() {
            shown.to_string()
        } else {
            format!("{shown} ({})", qualifiers.join("; "))
        }
    };
    for (field, v) in [("DATE", date), ("YEAR", year)] {
        if !v.is_empty() {
            let iso =
                iso_date(v).ok_or_else(|| at.field_error(field, "a date like 1964-07-17", v))?;
            e.add_normalised(prop::BIRTH_DATE, &iso, &wording(v));
        }
    }
    if !from.is_empty() || !to.is_empty() {
        let year = |field: &str, v: &str| {
            (v.len() == 4)
                .then(|| v.parse::<i32>().ok())
                .flatten()
                .ok_or_else(|| at.field_error(field, "a four-digit year", v))
        };
        let (a, b) = (year("FROM_YEAR", from)?, year("TO_YEAR", to)?);
        if b < a || b - a > MAX_YEAR_RANGE {
            return Err(at.field_error(
                "TO_YEAR",
                "a year at most 30 years after FROM_YEAR",
                format!("{from}-{to}"),
            ));
        }
        let shown = wording(&format!("{a}-{b}"));
        for y in a..=b {
            e.add_normalised(prop::BIRTH_DATE, &format!("{y:04}"), &shown);
        }
    }
    Ok(())
}

/// A place of birth or an address: its parts as one text, and its country.
fn add_place(e: &mut Entity, n: &Node, text_prop: &str, country_prop: &str, birth: bool) {
    let country = n.text_of("COUNTRY");
    let fields: &[&str] = if birth {
        &["STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"]
    } else {
        &[
            "STREET",
            "CITY",
            "STATE_PROVINCE",
            "ZIP_CODE",
            "COUNTRY",
            "NOTE",
        ]
    };
    let parts: Vec<&str> = fields.iter().map(|f| n.text_of(f)).collect();
    // A bare country is not an address; it still gives `country`.
    if birth || parts.iter().any(|p| !p.is_empty() && *p != country) {
        e.add(text_prop, &join(&parts, ", "));
    }
    add_country(e, country_prop, country);
}

fn add_document(e: &mut Entity, n: &Node) {
    let ty = n.text_of("TYPE_OF_DOCUMENT");
    let ty2 = n.text_of("TYPE_OF_DOCUMENT2");
    let number = n.text_of("NUMBER");
    let passport = [ty, ty2].iter().any(|t| {
        let l = t.to_lowercase();
        l.contains("passport") || l.contains("passeport") || l.contains("pasaporte")
    });
    if !number.is_empty() {
        let p = if passport {
            prop::PASSPORT_NUMBER
        } else {
            prop::ID_NUMBER
        };
        e.add(p, number);
    }
    let labelled = |label: &str, field: &str| {
        let v = n.text_of(field);
        if v.is_empty() {
            String::new()
        } else {
            format!("{label}{v}")
        }
    };
    let details = [
        ty2.to_string(),
        labelled("issued by ", "ISSUING_COUNTRY"),
        labelled("country of issue: ", "COUNTRY_OF_ISSUE"),
        labelled("city of issue: ", "CITY_OF_ISSUE"),
        labelled("date of issue: ", "DATE_OF_ISSUE"),
        n.text_of("NOTE").to_string(),
    ];
    let details: Vec<&str> = details
        .iter()
        .map(String::as_str)
        .filter(|d| !d.is_empty())
        .collect();
    // Type and number alone are already in the number property.
    if !details.is_empty() {
        let head = join(&[if ty.is_empty() { "Document" } else { ty }, number], " ");
        e.add(prop::NOTES, &format!("{head} ({})", details.join("; ")));
    }
}

fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}
