//! Canada's Consolidated Special Economic Measures Act (SEMA) autonomous
//! sanctions list, XML (`sema-lmes.xml`).
//!
//! # Format
//!
//! `<data-set>` holding flat `<record>` elements, each with text-only
//! children (all optional except `Country`, `Item`, `DateOfListing`):
//! `Country`, `LastName`, `GivenName`, `EntityOrShip`, `TitleOrShip`,
//! `ShipIMONumber`, `DateOfBirthOrShipBuildDate`, `Aliases`, `Schedule`,
//! `Item`, `DateOfListing`. These eleven are every element of the 2025-05
//! file; any other element in a record fails the parse (it could carry data
//! we would silently lose). The file names no publication date.
//!
//! # Mapping
//!
//! * Reference: `<English country part>/<Schedule>/<Item>`, e.g.
//!   `Russia/1, Part 1/12`; `Schedule` is absent on 329 records, which gives
//!   `Zimbabwe//3`. The key is checked unique in the file (a duplicate fails
//!   the parse, since ids must be stable and distinct).
//! * `Country` is the regulation the record is listed under, bilingual
//!   "English / French" (`Russia / Russie`), or a thematic regulation
//!   (`Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) /
//!   ...`, `Hamas Terrorist Attacks / ...`). The full text is the designation's
//!   program. When the English part names a country, it is also added as the
//!   entity's `country` — the targeted country of the regime, which is not
//!   necessarily a nationality.
//! * Schema: `LastName`/`GivenName` → Person (`GivenName LastName` as `name`,
//!   parts as `firstName`/`lastName`; 3 records have a last name only);
//!   `EntityOrShip` with `ShipIMONumber` or a `TitleOrShip` (the ship type)
//!   → Vessel; other `EntityOrShip` → LegalEntity (the list does not say
//!   company or organisation). For persons `TitleOrShip` is the `title`.
//! * `DateOfBirthOrShipBuildDate` → `birthDate` (persons) or `buildDate`.
//! * `Aliases`: `;`-separated; for persons also `,`-separated. Language
//!   labels (`Belarusian: ...`, `Russian: ...`) are removed. Two full names
//!   in one alias, joined by `or`, `/` or (persons) `and`, are two aliases.
//!   All → `alias`.
//!
//! # Quirks of the real file
//!
//! * Dates with stray spaces (` 1953-10-27`, `1967-01-08  `), alternatives
//!   (`1963 or 1964`, `1972-08-10 or 1972-08-11`, `... OR ...`), a year
//!   range (`1963-1964`): every alternative becomes a `birthDate`.
//! * Two dates that cannot be normalised, `Sep-99` and
//!   `born in the early 1970s`: kept verbatim under `original.birthDate`
//!   (tolerated forms: `Mon-NN` and `born in the early NNNNs`; any other
//!   unparseable date fails the parse).
//! * No-break spaces inside names (`Ali\u{a0}`), trailing spaces in
//!   `Country` (`Venezuela `), `Schedule` written `1,Part 3`.
//! * `&amp;` is the only entity reference.

use crate::error::At;
use crate::xml;
use crate::{InputFile, ParsedList, Result, util};
use embargo_model::{Designation, Entity, Schema, SourceKind, country, prop};
use std::collections::HashSet;

const KIND: SourceKind = SourceKind::CaSema;

const FIELDS: [&str; 11] = [
    "Country",
    "LastName",
    "GivenName",
    "EntityOrShip",
    "TitleOrShip",
    "ShipIMONumber",
    "DateOfBirthOrShipBuildDate",
    "Aliases",
    "Schedule",
    "Item",
    "DateOfListing",
];

/// One `<record>`: the text of each known child (index in [`FIELDS`]).
struct Record {
    index: u64,
    line: u64,
    values: [Option<String>; 11],
}

impl Record {
    fn get(&self, field: &str) -> Option<&str> {
        let i = FIELDS.iter().position(|f| *f == field)?;
        self.values[i]
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// Parses one publication.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    let text = util::utf8(file.name, file.bytes)?;
    let records = read_records(file.name, text)?;
    let mut entities = Vec::with_capacity(records.len());
    let mut seen = HashSet::new();
    for rec in &records {
        let at = At::record(file.name, rec.index, rec.line);
        let entity = convert(&at, rec)?;
        if !seen.insert(entity.id.clone()) {
            let found = entity.id;
            return Err(at.field_error("Item", "a unique Country/Schedule/Item key", found));
        }
        entities.push(entity);
    }
    Ok(ParsedList {
        source: KIND,
        published: None,
        entities,
        records: records.len(),
    })
}

/// Reads the flat `<data-set><record><Field>text</Field>...` structure.
fn read_records(file: &str, text: &str) -> Result<Vec<Record>> {
    let mut xml = xml::Reader::new(file, text);
    xml.root("data-set")?;
    let mut records = Vec::new();
    while let Some(el) = xml.child()? {
        if el.name() != "record" {
            return Err(xml.at(&el).error("<record>", el.name()));
        }
        let mut rec = Record {
            index: records.len() as u64 + 1,
            line: el.line,
            values: Default::default(),
        };
        while let Some(field) = xml.child()? {
            let Some(i) = FIELDS.iter().position(|f| *f == field.name()) else {
                return Err(xml.at(&field).error(
                    "a known record element (Country, LastName, GivenName, ...)",
                    field.name(),
                ));
            };
            if rec.values[i].is_some() {
                return Err(xml
                    .at(&field)
                    .error("each element once per record", field.name()));
            }
            rec.values[i] = Some(xml.text(field)?);
        }
        records.push(rec);
    }
    xml.finish()?;
    Ok(records)
}

fn convert(at: &At<'_>, rec: &Record) -> Result<Entity> {
    let required = |f: &str| {
        rec.get(f)
            .ok_or_else(|| at.field_error(f, "a non-empty value", ""))
    };
    let regime = required("Country")?;
    let item = required("Item")?;
    let listed = required("DateOfListing")?;
    let schedule = rec.get("Schedule").unwrap_or("");
    let english = regime.split(" / ").next().unwrap_or(regime).trim();
    let reference = format!("{english}/{schedule}/{item}");

    let last = rec.get("LastName");
    let given = rec.get("GivenName");
    let org = rec.get("EntityOrShip");
    let title = rec.get("TitleOrShip");
    let imo = rec.get("ShipIMONumber");
    let schema = match (last.or(given), org) {
        (Some(_), None) => Schema::Person,
        (None, Some(_)) if imo.is_some() || title.is_some() => Schema::Vessel,
        (None, Some(_)) => Schema::LegalEntity,
        (Some(_), Some(o)) => {
            return Err(at.field_error(
                "EntityOrShip",
                "either a person's names or an entity/ship name, not both",
                o,
            ));
        }
        (None, None) => {
            return Err(at.field_error("LastName", "a person's name or EntityOrShip", ""));
        }
    };
    let mut e = Entity::new(Entity::make_id(KIND, &reference), schema);
    if schema == Schema::Person {
        let full: Vec<&str> = [given, last].into_iter().flatten().collect();
        e.add(prop::NAME, &full.join(" "));
        if let Some(g) = given {
            e.add(prop::FIRST_NAME, g);
        }
        if let Some(l) = last {
            e.add(prop::LAST_NAME, l);
        }
        if let Some(t) = title {
            e.add(prop::TITLE, t);
        }
    } else {
        e.add(prop::NAME, org.unwrap_or_default());
        if let Some(t) = title {
            e.add(prop::TYPE, t);
        }
    }
    if let Some(imo) = imo {
        if schema != Schema::Vessel || !imo.bytes().all(|b| b.is_ascii_digit()) || imo.len() != 7 {
            return Err(at.field_error("ShipIMONumber", "a 7-digit IMO number of a ship", imo));
        }
        e.add(prop::IMO_NUMBER, imo);
    }
    if let Some(d) = rec.get("DateOfBirthOrShipBuildDate") {
        let p = if schema == Schema::Person {
            prop::BIRTH_DATE
        } else {
            prop::BUILD_DATE
        };
        add_dates(&mut e, p, d).map_err(|()| {
            at.field_error(
                "DateOfBirthOrShipBuildDate",
                "a date like 1965-04-29, 1972 or `X or Y`",
                d,
            )
        })?;
    }
    if let Some(a) = rec.get("Aliases") {
        for alias in split_aliases(a, schema == Schema::Person) {
            e.add(prop::ALIAS, alias);
        }
    }
    if country::code(english).is_some() {
        util::add_country(&mut e, prop::COUNTRY, english);
    }

    let mut d = Designation::new(KIND, &reference);
    d.programs.push(regime.to_string());
    d.listed_on = Some(
        util::parse_date(listed)
            .ok_or_else(|| at.field_error("DateOfListing", "an ISO date", listed))?,
    );
    if !schedule.is_empty() {
        d.list = Some(format!("Schedule {schedule}"));
    }
    e.designations.push(d);
    e.dedupe_names();
    Ok(e)
}

/// Adds every date of `text` (alternatives with `or`, `YYYY-YYYY` ranges).
/// The two real unparseable forms are kept verbatim under `original`.
fn add_dates(e: &mut Entity, p: &str, text: &str) -> std::result::Result<(), ()> {
    let t = text.trim();
    if is_tolerated_vague_date(t) {
        let vals = e.original.entry(p.to_string()).or_default();
        vals.push(t.to_string());
        return Ok(());
    }
    let lower = t.to_ascii_lowercase();
    for alt in lower.split(" or ") {
        let alt = alt.trim();
        let range: Vec<&str> = alt.split('-').collect();
        if let [a, b] = range.as_slice()
            && a.len() == 4
            && b.len() == 4
        {
            for y in [a, b] {
                let iso = util::parse_date(y).ok_or(())?;
                e.add_normalised(p, &iso, t);
            }
            continue;
        }
        let iso = util::parse_date(alt).ok_or(())?;
        e.add_normalised(p, &iso, t);
    }
    Ok(())
}

/// `Sep-99` (month and 2-digit year) and `born in the early 1970s`.
fn is_tolerated_vague_date(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix("born in the early ") {
        return rest.len() == 5
            && rest.ends_with('s')
            && rest[..4].bytes().all(|b| b.is_ascii_digit());
    }
    match t.split_once('-') {
        Some((m, y)) => {
            m.len() == 3
                && m.bytes().all(|b| b.is_ascii_alphabetic())
                && util::parse_date(&format!("{m} 2000")).is_some()
                && y.len() == 2
                && y.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

fn split_aliases(text: &str, person: bool) -> Vec<&str> {
    let seps: &[char] = if person { &[';', ','] } else { &[';'] };
    text.split(seps)
        .map(|a| {
            let a = a.trim();
            // Language labels: "Belarusian: Мікалай ..."
            match a.split_once(": ") {
                Some((label, rest))
                    if !label.is_empty() && label.chars().all(|c| c.is_ascii_alphabetic()) =>
                {
                    rest.trim()
                }
                _ => a,
            }
        })
        .flat_map(|a| alternatives(a, person))
        .filter(|a| !a.is_empty())
        .collect()
}

/// Two full names in one alias (`Елена Петровна Тимченко or Елена
/// Ермакова`, `Юрий Николаевич ГОВТВИН / Юрiй Миколайович ГОВТВIН`), as
/// separate aliases: read as one name, each hides the other. Split only
/// when every part is a name of two words or more, and (persons) the words
/// either side of a separator are not two spellings of one word: `Aleksander/
/// Aleksandr or Alexander /Alexandr Vladimirovich Karnienko` and `Aleksandr
/// Evgenyevich or Evgenievich Kon'kov` give alternatives of one word, and
/// their parts are no names to screen. `and` joins two names of a person
/// only (`Trade and Development Bank`).
fn alternatives(alias: &str, person: bool) -> Vec<&str> {
    let seps: &[&str] = if person {
        &[" or ", " OR ", "/", " and "]
    } else {
        &[" or ", " OR ", "/"]
    };
    let mut parts = vec![alias];
    for sep in seps {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    if parts.len() == 1 {
        return parts;
    }
    let parts: Vec<&str> = parts
        .into_iter()
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')')))
        .collect();
    let names = parts.iter().all(|p| p.split_whitespace().count() >= 2);
    let one_word = person
        && parts.windows(2).any(|w| {
            let before = w[0].split_whitespace().next_back().unwrap_or_default();
            let after = w[1].split_whitespace().next().unwrap_or_default();
            spellings_of_one_word(before, after)
        });
    if names && !one_word {
        parts
    } else {
        vec![alias]
    }
}

/// Same first letter and same last three letters (`Evgenyevich`,
/// `Evgenievich`), case aside.
fn spellings_of_one_word(a: &str, b: &str) -> bool {
    let fold = |w: &str| w.to_lowercase().chars().collect::<Vec<char>>();
    let (a, b) = (fold(a), fold(b));
    a.len() >= 3 && b.len() >= 3 && a[0] == b[0] && a[a.len() - 3..] == b[b.len() - 3..]
}
