//! Helpers shared by the parsers: encodings, dates, countries, spreadsheet
//! cell text, line numbers for errors, locating the reference data in tests.

use crate::{Location, ParseError, Result};
use embargo_model::{Entity, country};
use std::borrow::Cow;
use std::io::Read;

/// True when the bytes start (after a BOM and whitespace) with `<`.
pub fn looks_like_xml(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'<')
}

/// Inflates gzip content (magic `1f 8b`); other bytes are returned as they are.
pub fn maybe_gunzip<'a>(file: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 4);
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| {
                ParseError::new(
                    file,
                    Location::File,
                    None,
                    "a valid gzip stream",
                    e.to_string(),
                )
            })?;
        Ok(Cow::Owned(out))
    } else {
        Ok(Cow::Borrowed(bytes))
    }
}

/// Decodes UTF-8 (with or without BOM) strictly: invalid bytes are an error
/// naming the line, never replaced silently.
pub fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(b).map_err(|e| {
        let at = e.valid_up_to();
        ParseError::new(
            file,
            Location::Line(Lines::new(b).at(at as u64)),
            None,
            "UTF-8 text",
            format!(
                "invalid byte 0x{:02x} at offset {at}",
                b.get(at).copied().unwrap_or(0)
            ),
        )
    })
}

/// Decodes Windows-1252 (every byte maps to a character, so this cannot
/// fail; a file that is really UTF-8 is detected and decoded as UTF-8).
pub fn windows_1252(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        return Cow::Borrowed(s);
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    text
}

/// Line numbers (1-based) of byte offsets in a text, for errors. Offsets
/// asked in increasing order are counted on from the last one, so a whole
/// file costs one pass; an earlier offset is counted again from the start.
pub(crate) struct Lines<'t> {
    text: &'t [u8],
    /// Newlines before `pos` are counted in `line`.
    pos: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t [u8]) -> Lines<'t> {
        Lines {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The line of byte offset `pos` (the end of the text at most).
    pub(crate) fn at(&mut self, pos: u64) -> u64 {
        let end = usize::try_from(pos)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if end < self.pos {
            (self.pos, self.line) = (0, 1);
        }
        let newlines = self.text[self.pos..end].iter().filter(|&&b| b == b'\n');
        self.line += newlines.count() as u64;
        self.pos = end;
        self.line
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let m = MONTHS.iter().position(|m| w.starts_with(m))? as u32 + 1;
    // "sept" and full names are fine; reject words that merely start alike.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let ok = w.len() == 3 || full[(m - 1) as usize].starts_with(&w) || w == "sept";
    ok.then_some(m)
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    chrono::NaiveDate::from_ymd_opt(y, m, d).is_some()
}

fn year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = s.parse().ok()?;
        (1000..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

/// Parses a date as lists write them into an ISO-8601 prefix: `1964`,
/// `1964-07` or `1964-07-17`. Understands `1964-07-17`, `1964/07/17`,
/// `17/07/1964` (day first), `00/00/1980` (unknown day and month),
/// `17 Jul 1964`, `17 July 1964`, `Jul 1964`, `July 17, 1964`, `1964`,
/// `circa 1964`/`c. 1964`/`approximately 1964`. Returns `None` for anything
/// else, so the caller can report it.
pub fn parse_date(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches('.').trim();
    let lower = t.to_ascii_lowercase();
    let t = [
        "circa ",
        "ca. ",
        "c. ",
        "approximately ",
        "approx. ",
        "about ",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p).map(|_| &t[p.len()..]))
    .unwrap_or(t)
    .trim();
    if let Some(y) = year(t) {
        return Some(format!("{y:04}"));
    }
    // ISO-like: 1964-07-17, 1964/07/17, 1964-07, 1964-07-17T00:00:00
    let iso = t.split('T').next().unwrap_or(t);
    let parts: Vec<&str> = iso.split(['-', '/', '.']).map(str::trim).collect();
    if parts.len() >= 2 && parts.len() <= 3 {
        if let Some(y) = year(parts[0]) {
            let m: u32 = parts[1].parse().ok()?;
            if parts.len() == 2 {
                return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
            }
            let d: u32 = parts[2].parse().ok()?;
            return valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"));
        }
        if parts.len() == 3
            && let Some(y) = year(parts[2])
        {
            // Day first, as in UK/EU lists. 00 means unknown.
            let d: u32 = parts[0].parse().ok()?;
            let m: u32 = match parts[1].parse() {
                Ok(m) => m,
                Err(_) => month(parts[1])?,
            };
            return match (d, m) {
                (0, 0) => Some(format!("{y:04}")),
                (0, m) if (1..=12).contains(&m) => Some(format!("{y:04}-{m:02}")),
                (d, m) if valid(y, m, d) => Some(format!("{y:04}-{m:02}-{d:02}")),
                _ => None,
            };
        }
        if parts.len() == 2 {
            // 07/1964
            if let (Ok(m), Some(y)) = (parts[0].parse::<u32>(), year(parts[1])) {
                return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
            }
        }
    }
    // Words: "17 Jul 1964", "Jul 1964", "July 17, 1964"
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [d, m, y] => {
            let y = year(y)?;
            if let (Ok(d), Some(m)) = (d.parse::<u32>(), month(m)) {
                return valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"));
            }
            let (m, d) = (month(d)?, m.parse::<u32>().ok()?);
            valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
        }
        [m, y] => {
            let (m, y) = (month(m)?, year(y)?);
            Some(format!("{y:04}-{m:02}"))
        }
        _ => None,
    }
}

/// Adds a country property (`nationality`, `country`, ...) as an ISO code.
/// Returns false when the name is not a known country; the text is then kept
/// under the entity's `original` so that nothing is lost, and the caller
/// decides whether that is an error.
pub fn add_country(entity: &mut Entity, prop: &str, text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    match country::code(t) {
        Some(code) => {
            entity.add_normalised(prop, code, t);
            true
        }
        None => {
            let vals = entity.original.entry(prop.to_string()).or_default();
            if !vals.iter().any(|v| v == t) {
                vals.push(t.to_string());
            }
            false
        }
    }
}

/// Where the shared reference data (`../shared` beside the project) is, for
/// tests and benchmarks: `$EMBARGO_SHARED`, else `<workspace>/../shared`.
/// `None` when it is absent; callers then skip with a printed reason.
///
/// # Panics
/// When `EMBARGO_REQUIRE_SHARED=1` (CI sets it) and the folder is absent, so
/// that a real-data test cannot pass in CI by skipping.
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let require = std::env::var("EMBARGO_REQUIRE_SHARED").is_ok_and(|v| v == "1");
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match locate_shared(std::env::var_os("EMBARGO_SHARED").as_deref(), here, require) {
        Ok(found) => found,
        Err(why) => panic!("{why}"),
    }
}

/// [`shared_dir`] without the environment: `explicit` is `$EMBARGO_SHARED`,
/// `from` the folder whose ancestors are searched. `Err` when `require` and
/// nothing is found.
fn locate_shared(
    explicit: Option<&std::ffi::OsStr>,
    from: &std::path::Path,
    require: bool,
) -> std::result::Result<Option<std::path::PathBuf>, String> {
    let found = match explicit {
        Some(p) => Some(std::path::PathBuf::from(p)).filter(|p| p.is_dir()),
        None => from
            .ancestors()
            .map(|a| a.join("shared"))
            .find(|p| p.join("lists").is_dir()),
    };
    match found {
        None if require => Err(format!(
            "EMBARGO_REQUIRE_SHARED=1 but the shared reference data was not found ({}): \
             a test that needs ../shared must not skip here",
            match explicit {
                Some(p) => format!("EMBARGO_SHARED={} is not a folder", p.to_string_lossy()),
                None => format!("no shared/lists above {}", from.display()),
            }
        )),
        found => Ok(found),
    }
}

/// Converts an Excel date serial number (1900 date system, as Excel stores
/// dates in cells formatted as General) to an ISO date. `None` outside
/// 1900-03-01..=2100-12-31 or for fractional garbage.
pub fn excel_serial_date(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(61.0..=73415.0).contains(&serial) {
        return None;
    }
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let d = base.checked_add_days(chrono::Days::new(serial.floor() as u64))?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// The text of a spreadsheet cell: strings trimmed with no-break and
/// ideographic spaces as spaces, whole floats without `.0`, dates as ISO.
pub fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.replace(['\u{a0}', '\u{3000}'], " ").trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, dd, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{dd:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The bytes of a file under the shared reference folder (`lists/...`), for
/// tests and benchmarks; `None`, after printing why, when the folder is
/// absent. A missing file inside a present folder is a test failure.
pub fn shared_file(rel: &str) -> Option<Vec<u8>> {
    let Some(dir) = shared_dir() else {
        println!("skipping: ../shared not found");
        return None;
    };
    let path = dir.join(rel);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_data_absent_skips_unless_required() {
        let empty = std::env::temp_dir().join("embargo-no-shared-here");
        let nowhere = std::path::Path::new("/");
        assert_eq!(locate_shared(None, nowhere, false), Ok(None));
        let err = locate_shared(None, nowhere, true).err();
        assert!(err.is_some_and(|e| e.contains("EMBARGO_REQUIRE_SHARED=1")));
        let bad = Some(empty.as_os_str());
        assert_eq!(locate_shared(bad, nowhere, false), Ok(None));
        assert!(locate_shared(bad, nowhere, true).is_err());
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        if let Ok(Some(found)) = locate_shared(None, here, false) {
            assert!(found.join("lists").is_dir());
        }
    }

    #[test]
    fn dates() {
        let cases = [
            ("1964-07-17", Some("1964-07-17")),
            ("1964/07/17", Some("1964-07-17")),
            ("17/07/1964", Some("1964-07-17")),
            ("00/00/1980", Some("1980")),
            ("00/05/1980", Some("1980-05")),
            ("17 Jul 1964", Some("1964-07-17")),
            ("17 July 1964", Some("1964-07-17")),
            ("17 Sept. 1964", Some("1964-09-17")),
            ("July 17, 1964", Some("1964-07-17")),
            ("Jul 1964", Some("1964-07")),
            ("circa 1964", Some("1964")),
            ("1964", Some("1964")),
            ("1964-07-17T00:00:00", Some("1964-07-17")),
            ("31/02/1964", None),
            ("17 Foo 1964", None),
            ("yesterday", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn unknown_country_is_kept_not_lost() {
        let mut e = Entity::new("x", embargo_model::Schema::Person);
        assert!(add_country(
            &mut e,
            "nationality",
            "Iran (Islamic Republic of)"
        ));
        assert!(!add_country(&mut e, "nationality", "Atlantis"));
        assert_eq!(e.get("nationality"), ["ir"]);
        assert!(e.original["nationality"].contains(&"Atlantis".to_string()));
    }

    #[test]
    fn lines_of_offsets_in_any_order() {
        let mut l = Lines::new(b"a\nb\n\nc");
        assert_eq!([l.at(0), l.at(2), l.at(5), l.at(99)], [1, 2, 4, 4]);
        assert_eq!(l.at(1), 1);
    }

    #[test]
    fn strict_utf8_names_the_line() {
        let err = utf8("f.csv", b"ok\nbad \xff here").expect_err("invalid");
        assert_eq!(err.location, Location::Line(2));
    }
}
