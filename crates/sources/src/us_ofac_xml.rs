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
//! index. Element `uid`s of sub-items and `mainEntry` flags carry nothing
//! we keep and are ignored; other unknown elements inside an entry are an
//! error (they would mean a schema change we do not handle).

use crate::us_ofac_csv::{apply_xml_id, cons_list_name, split_person_name};
use crate::{InputFile, Location, ParseError, ParsedList, Result, util};
use embargo_model::{Designation, Entity, Schema, SourceKind, prop};
use quick_xml::events::Event;

/// A minimal element tree: one `sdnEntry` at a time.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }
    fn all<'a>(&'a self, list: &'a str, item: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children
            .iter()
            .filter(move |c| c.name == list)
            .flat_map(move |l| l.children.iter().filter(move |c| c.name == item))
    }
}

/// Parses one publication.
pub fn parse(kind: SourceKind, file: InputFile<'_>) -> Result<ParsedList> {
    let bytes = util::maybe_gunzip(file.name, file.bytes)?;
    let text = util::utf8(file.name, &bytes)?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let xml_err = |pos: u64, e: &dyn std::fmt::Display| {
        ParseError::new(
            file.name,
            Location::Byte(pos),
            None,
            "well-formed XML",
            e.to_string(),
        )
    };

    let mut stack: Vec<Node> = Vec::new();
    let mut published: Option<String> = None;
    let mut root_seen = false;
    let mut entities = Vec::new();
    let mut index = 0u64;
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| xml_err(reader.error_position(), &e))?;
        match ev {
            Event::Start(s) => {
                let name = s.local_name().as_ref().to_string();
                if stack.is_empty() {
                    if root_seen || name != "sdnList" {
                        return Err(ParseError::new(
                            file.name,
                            Location::Byte(reader.buffer_position()),
                            None,
                            "a single <sdnList> root element",
                            format!("<{name}>"),
                        ));
                    }
                    root_seen = true;
                }
                stack.push(Node {
                    name,
                    ..Node::default()
                });
            }
            Event::Empty(s) => {
                let name = s.local_name().as_ref().to_string();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node {
                        name,
                        ..Node::default()
                    }),
                    None => {
                        return Err(ParseError::new(
                            file.name,
                            Location::Byte(reader.buffer_position()),
                            None,
                            "a <sdnList> root element",
                            format!("<{name}/>"),
                        ));
                    }
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => {
                            return Err(xml_err(
                                reader.buffer_position(),
                                &format!("unknown entity &{other};"),
                            ));
                        }
                    },
                    Err(e) => return Err(xml_err(reader.buffer_position(), &e)),
                };
                push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::End(_) => {
                let Some(node) = stack.pop() else {
                    return Err(xml_err(reader.buffer_position(), &"unexpected end tag"));
                };
                match (stack.len(), node.name.as_str()) {
                    (1, "sdnEntry") => {
                        index += 1;
                        let e = entry(kind, &node).map_err(|(field, expected, found)| {
                            ParseError::new(
                                file.name,
                                Location::Record { index, line: None },
                                Some(field),
                                expected,
                                found,
                            )
                        })?;
                        entities.push(e);
                    }
                    (1, "publshInformation") => {
                        if let Some(d) = node.text_of("Publish_Date") {
                            published = Some(us_date(d).ok_or_else(|| {
                                ParseError::new(
                                    file.name,
                                    Location::File,
                                    Some("Publish_Date"),
                                    "a date MM/DD/YYYY",
                                    d,
                                )
                            })?);
                        }
                    }
                    (0, _) => {}
                    (_, _) => {
                        if let Some(parent) = stack.last_mut() {
                            parent.children.push(node);
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() || !root_seen {
        return Err(ParseError::new(
            file.name,
            Location::Byte(reader.buffer_position()),
            None,
            "a complete <sdnList> document",
            if root_seen {
                "truncated document"
            } else {
                "no <sdnList>"
            },
        ));
    }
    let records = entities.len();
    Ok(ParsedList {
        source: kind,
        published,
        entities,
        records,
    })
}

fn push_text(stack: &mut [Node], t: &str) {
    if let Some(n) = stack.last_mut() {
        n.text.push_str(t);
    }
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
    let Some(uid) = n.text_of("uid") else {
        return Err(("uid", "a uid".into(), "none".into()));
    };
    let schema = match n.text_of("sdnType").unwrap_or("") {
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
    let (first, last) = (n.text_of("firstName"), n.text_of("lastName"));
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
    if let Some(t) = n.text_of("title") {
        e.add(prop::POSITION, t);
    }
    for p in n.all("programList", "program") {
        let p = p.text.trim();
        if !p.is_empty() && !d.programs.iter().any(|x| x == p) {
            d.programs.push(p.to_string());
        }
    }
    for a in n.all("akaList", "aka") {
        let ty = a.text_of("type").unwrap_or("");
        let cat = a.text_of("category").unwrap_or("");
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
        if let Some(name) = full_name(a.text_of("firstName"), a.text_of("lastName")) {
            e.add(p, &name);
        }
    }
    for id in n.all("idList", "id") {
        let ty = id.text_of("idType").unwrap_or("");
        let num = id.text_of("idNumber").unwrap_or("");
        if ty.is_empty() && num.is_empty() {
            continue;
        }
        apply_xml_id(&mut e, &mut d, ty, num, id.text_of("idCountry"))
            .map_err(|(exp, found)| ("idList", exp, found))?;
        for (el, label) in [("issueDate", "issued"), ("expirationDate", "expires")] {
            if let Some(v) = id.text_of(el) {
                e.add(prop::NOTES, &format!("{ty} {num} {label} {v}"));
            }
        }
    }
    for a in n.all("addressList", "address") {
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
        .filter_map(|k| a.text_of(k))
        .collect();
        if !parts.is_empty() {
            e.add(prop::ADDRESS, &parts.join(", "));
        }
        if let Some(c) = a.text_of("country") {
            util::add_country(&mut e, prop::COUNTRY, c);
        }
    }
    for it in n.all("nationalityList", "nationality") {
        if let Some(c) = it.text_of("country") {
            util::add_country(&mut e, prop::NATIONALITY, c);
        }
    }
    for it in n.all("citizenshipList", "citizenship") {
        if let Some(c) = it.text_of("country") {
            util::add_country(&mut e, prop::CITIZENSHIP, c);
        }
    }
    for it in n.all("dateOfBirthList", "dateOfBirthItem") {
        if let Some(v) = it.text_of("dateOfBirth") {
            apply_xml_id(&mut e, &mut d, "DOB", v, None)
                .map_err(|(exp, found)| ("dateOfBirth", exp, found))?;
        }
    }
    for it in n.all("placeOfBirthList", "placeOfBirthItem") {
        if let Some(v) = it.text_of("placeOfBirth") {
            apply_xml_id(&mut e, &mut d, "POB", v, None)
                .map_err(|(exp, found)| ("placeOfBirth", exp, found))?;
        }
    }
    if let Some(v) = n.child("vesselInfo") {
        for (el, p) in [
            ("callSign", prop::CALL_SIGN),
            ("vesselType", prop::TYPE),
            ("vesselOwner", prop::OWNER),
            ("tonnage", prop::TONNAGE),
            ("grossRegisteredTonnage", "grossRegisteredTonnage"),
        ] {
            if let Some(t) = v.text_of(el) {
                e.add(p, t);
            }
        }
        if let Some(f) = v.text_of("vesselFlag") {
            util::add_country(&mut e, prop::FLAG, f);
        }
    }
    if let Some(r) = n.text_of("remarks") {
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
