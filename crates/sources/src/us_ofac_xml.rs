//! Parser for OFAC's XML in the `sdnList` schema (`sdn.xml`,
//! `consolidated.xml`).
//!
//! # Format
//!
//! `<sdnList>` (in a default namespace, ignored: elements are matched by
//! local name) holds `<publshInformation>` (sic) with `<Publish_Date>` in US
//! order `MM/DD/YYYY` and `<Record_Count>`, then one `<sdnEntry>` per record:
//! `uid`, `firstName`, `lastName`, `title`, `sdnType` (Individual, Entity,
//! Vessel, Aircraft), `programList/program`, `idList/id` (`idType`,
//! `idNumber`, `idCountry`, `issueDate`, `expirationDate`),
//! `akaList/aka` (`type` a.k.a./f.k.a./n.k.a., `category` strong/weak,
//! `firstName`, `lastName`), `addressList/address` (`address1..3`, `city`,
//! `stateOrProvince`, `postalCode`, `country`), `nationalityList`,
//! `citizenshipList`, `dateOfBirthList`, `placeOfBirthList` (each item with
//! `uid`, value and `mainEntry`), `vesselInfo` (`callSign`, `vesselType`,
//! `vesselFlag`, `vesselOwner`, `tonnage`, `grossRegisteredTonnage`) and
//! `remarks`.
//!
//! # Mapping
//!
//! As the legacy CSV (see [`crate::us_ofac_csv`]): `name` is `lastName`
//! for entities and `lastName, firstName` for people (OFAC's own display
//! form, as in the CSV); `idList` entries go through the same label table as
//! the CSV remarks (`Passport` → `passportNumber`, `Secondary sanctions
//! risk:` → designation note, unknown types → `notes` as `type number
//! (country)`); aliases: `strong a.k.a.`/`n.k.a.` → `alias`, `strong
//! f.k.a.` → `previousName`, `weak` → `weakAlias`. `remarks` → `notes`.
//! `list` of the consolidated list is derived from the programs
//! ([`crate::us_ofac_csv::cons_list_name`]).
//!
//! Strictness: broken XML, an unknown `sdnType`, alias `type`/`category`,
//! an unparseable date or a missing `uid` fail the parse with the entry's
//! index and line. Text directly inside `<sdnList>` fails too. Element `uid`s of sub-items and `mainEntry` flags carry nothing
//! we keep and are ignored; other unknown elements inside an entry are an
//! error (they would mean a schema change we do not handle).

use crate::error::At;
use crate::us_ofac_csv::{apply_xml_id, cons_list_name, split_person_name};
use crate::xml::{self, Node};
use crate::{InputFile, ParsedList, Result, util};
use embargo_model::{Designation, Entity, Schema, SourceKind, prop};

/// Parses one publication.
pub fn parse(kind: SourceKind, file: InputFile<'_>) -> Result<ParsedList> {
    let bytes = util::maybe_gunzip(file.name, file.bytes)?;
    let text = util::utf8(file.name, &bytes)?;
    let mut xml = xml::Reader::new(file.name, text).local_names();
    xml.root("sdnList")?;
    let mut published: Option<String> = None;
    let mut entities = Vec::new();
    while let Some(el) = xml.child()? {
        match el.name() {
            "sdnEntry" => {
                let at = At::record(file.name, entities.len() as u64 + 1, el.line);
                let e = entry(kind, &xml.tree(el)?)
                    .map_err(|(field, expected, found)| at.field_error(field, expected, found))?;
                entities.push(e);
            }
            "publshInformation" => {
                let at = xml.at(&el);
                if let Some(d) = xml.tree(el)?.value("Publish_Date") {
                    let bad = || at.field_error("Publish_Date", "a date MM/DD/YYYY", d);
                    published = Some(us_date(d).ok_or_else(bad)?);
                }
            }
            // Carries nothing we keep.
            _ => {
                xml.tree(el)?;
            }
        }
    }
    xml.finish()?;
    let records = entities.len();
    Ok(ParsedList {
        source: kind,
        published,
        entities,
        records,
    })
}

/// `03/28/2025` (US order) → `2025-03-28`.
fn us_date(s: &str) -> Option<String> {
    let mut it = s.trim().split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (m, d, y): (u32, u32, i32) = (m.parse().ok()?, d.parse().ok()?, y.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(y, m, d).map(|x| x.format("%Y-%m-%d").to_string())
}

type EntryError = (&'static str, String, String);

fn entry(kind: SourceKind, n: &Node) -> std::result::Result<Entity, EntryError> {
    const KNOWN: &[&str] = &[
        "uid",
        "firstName",
        "lastName",
        "title",
        "sdnType",
        "programList",
        "idList",
        "akaList",
        "addressList",
        "nationalityList",
        "citizenshipList",
        "dateOfBirthList",
        "placeOfBirthList",
        "vesselInfo",
        "remarks",
    ];
    if let Some(c) = n
        .children
        .iter()
        .find(|c| !KNOWN.contains(&c.name.as_str()))
    {
        return Err((
            "sdnEntry",
            "a known sdnEntry element".into(),
            format!("<{}>", c.name),
        ));
    }
    let Some(uid) = n.value("uid") else {
        return Err(("uid", "a uid".into(), "none".into()));
    };
    let schema = match n.value("sdnType").unwrap_or("") {
        "Individual" => Schema::Person,
        "Entity" => Schema::Organization,
        "Vessel" => Schema::Vessel,
        "Aircraft" => Schema::Airplane,
        other => {
            return Err((
                "sdnType",
                "Individual, Entity, Vessel or Aircraft".into(),
                other.into(),
            ));
        }
    };
    let mut e = Entity::new(Entity::make_id(kind, uid), schema);
    let mut d = Designation::new(kind, uid);
    let (first, last) = (n.value("firstName"), n.value("lastName"));
    let Some(name) = full_name(first, last) else {
        return Err(("lastName", "a name".into(), "none".into()));
    };
    e.add(prop::NAME, &name);
    if schema == Schema::Person {
        match (first, last) {
            (Some(f), Some(l)) => {
                e.add(prop::FIRST_NAME, f);
                e.add(prop::LAST_NAME, l);
            }
            _ => split_person_name(&mut e, &name),
        }
    }
    if let Some(t) = n.value("title") {
        e.add(prop::POSITION, t);
    }
    for p in n.items("programList", "program") {
        let p = p.text.trim();
        if !p.is_empty() && !d.programs.iter().any(|x| x == p) {
            d.programs.push(p.to_string());
        }
    }
    for a in n.items("akaList", "aka") {
        let ty = a.value("type").unwrap_or("");
        let cat = a.value("category").unwrap_or("");
        let p = match (ty, cat) {
            (_, "weak") if matches!(ty, "a.k.a." | "f.k.a." | "n.k.a.") => prop::WEAK_ALIAS,
            ("a.k.a." | "n.k.a.", "strong") => prop::ALIAS,
            ("f.k.a.", "strong") => prop::PREVIOUS_NAME,
            _ => {
                return Err((
                    "aka",
                    "type a.k.a./f.k.a./n.k.a. with category strong/weak".into(),
                    format!("{ty} {cat}"),
                ));
            }
        };
        if let Some(name) = full_name(a.value("firstName"), a.value("lastName")) {
            e.add(p, &name);
        }
    }
    for id in n.items("idList", "id") {
        let ty = id.value("idType").unwrap_or("");
        let num = id.value("idNumber").unwrap_or("");
        if ty.is_empty() && num.is_empty() {
            continue;
        }
        apply_xml_id(&mut e, &mut d, ty, num, id.value("idCountry"))
            .map_err(|(exp, found)| ("idList", exp, found))?;
        for (el, label) in [("issueDate", "issued"), ("expirationDate", "expires")] {
            if let Some(v) = id.value(el) {
                e.add(prop::NOTES, &format!("{ty} {num} {label} {v}"));
            }
        }
    }
    for a in n.items("addressList", "address") {
        let parts: Vec<&str> = [
            "address1",
            "address2",
            "address3",
            "city",
            "stateOrProvince",
            "postalCode",
            "country",
        ]
        .iter()
        .filter_map(|k| a.value(k))
        .collect();
        if !parts.is_empty() {
            e.add(prop::ADDRESS, &parts.join(", "));
        }
        if let Some(c) = a.value("country") {
            util::add_country(&mut e, prop::COUNTRY, c);
        }
    }
    for it in n.items("nationalityList", "nationality") {
        if let Some(c) = it.value("country") {
            util::add_country(&mut e, prop::NATIONALITY, c);
        }
    }
    for it in n.items("citizenshipList", "citizenship") {
        if let Some(c) = it.value("country") {
            util::add_country(&mut e, prop::CITIZENSHIP, c);
        }
    }
    for it in n.items("dateOfBirthList", "dateOfBirthItem") {
        if let Some(v) = it.value("dateOfBirth") {
            apply_xml_id(&mut e, &mut d, "DOB", v, None)
                .map_err(|(exp, found)| ("dateOfBirth", exp, found))?;
        }
    }
    for it in n.items("placeOfBirthList", "placeOfBirthItem") {
        if let Some(v) = it.value("placeOfBirth") {
            apply_xml_id(&mut e, &mut d, "POB", v, None)
                .map_err(|(exp, found)| ("placeOfBirth", exp, found))?;
        }
    }
    if let Some(v) = n.first("vesselInfo") {
        for (el, p) in [
            ("callSign", prop::CALL_SIGN),
            ("vesselType", prop::TYPE),
            ("vesselOwner", prop::OWNER),
            ("tonnage", prop::TONNAGE),
            ("grossRegisteredTonnage", "grossRegisteredTonnage"),
        ] {
            if let Some(t) = v.value(el) {
                e.add(p, t);
            }
        }
        if let Some(f) = v.value("vesselFlag") {
            util::add_country(&mut e, prop::FLAG, f);
        }
    }
    if let Some(r) = n.value("remarks") {
        e.add(prop::NOTES, r);
    }
    if kind == SourceKind::UsOfacCons {
        d.list = cons_list_name(&d.programs).map(str::to_string);
    }
    e.designations.push(d);
    e.dedupe_names();
    Ok(e)
}

/// OFAC's display form: `LAST, First` when both parts exist.
fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    match (first, last) {
        (Some(f), Some(l)) => Some(format!("{l}, {f}")),
        (None, Some(x)) | (Some(x), None) => Some(x.to_string()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_dates() {
        assert_eq!(us_date("03/28/2025").as_deref(), Some("2025-03-28"));
        assert_eq!(us_date("28/03/2025"), None);
    }
}
