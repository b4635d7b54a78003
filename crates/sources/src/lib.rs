//! Parsers for the official sanctions list formats.
//!
//! One module per format. Each takes the raw bytes of the published file(s)
//! and returns a [`ParsedList`]: the entities in embargo's model, the list's
//! own publication date, and nothing half-done: a record the parser does not
//! understand fails the whole parse with a [`ParseError`] naming the file,
//! the record (line, row or element number) and the field.
//!
//! A format module holds only its format: layout, mapping and quirks. The
//! reading is shared by private helpers: an XML cursor (elements, text across
//! entity references, a record as a small tree, errors by line or byte), a
//! CSV reader (header checked by title, records with their line, field
//! errors), worksheets read through calamine with panics contained, and the
//! [`util`] encodings and dates.
//!
//! ```no_run
//! use embargo_sources::{parse, InputFile};
//! use embargo_model::SourceKind;
//! let bytes = std::fs::read("consolidated.xml").unwrap();
//! let list = parse(SourceKind::UnSc, &[InputFile::new("consolidated.xml", &bytes)]).unwrap();
//! println!("{} entities", list.entities.len());
//! ```
#![warn(missing_docs)]

mod error;
pub mod util;

pub mod au_dfat;
pub mod ca_sema;
pub mod gb_ofsi;
pub mod jp_mof;
mod table;
pub mod un_sc;
pub mod us_csl;
pub mod us_ofac_csv;
pub mod us_ofac_xml;
mod xlsx;
mod xml;

pub use error::{Location, ParseError, Result};

use embargo_model::{Entity, SourceKind};

/// One input file: its name (for error messages) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    /// File name as the user gave it.
    pub name: &'a str,
    /// Raw content, exactly as published (any encoding, possibly gzip).
    pub bytes: &'a [u8],
}

impl<'a> InputFile<'a> {
    /// Wraps a file's name and bytes.
    pub fn new(name: &'a str, bytes: &'a [u8]) -> Self {
        InputFile { name, bytes }
    }
}

/// The result of parsing one publication of a list.
#[derive(Debug, Clone)]
pub struct ParsedList {
    /// Which list this is.
    pub source: SourceKind,
    /// The list's own publication date (ISO `YYYY-MM-DD`), when the file
    /// states one.
    pub published: Option<String>,
    /// The entities, in file order.
    pub entities: Vec<Entity>,
    /// Number of raw records read (rows, XML records) before grouping.
    pub records: usize,
}

/// Parses one publication of `kind` from its file(s).
///
/// Most kinds take one file. `us_ofac_sdn` takes `sdn.csv` optionally with
/// `add.csv` and `alt.csv` (recognised by name), or `sdn.xml`;
/// `us_ofac_cons` takes the XML or the `cons_prim.csv` set.
pub fn parse(kind: SourceKind, files: &[InputFile<'_>]) -> Result<ParsedList> {
    let first = files.first().ok_or_else(|| {
        ParseError::new(
            "<none>",
            Location::File,
            None,
            "at least one input file",
            "no file",
        )
    })?;
    match kind {
        SourceKind::UnSc => one(files).and_then(un_sc::parse),
        SourceKind::UsOfacSdn | SourceKind::UsOfacCons => {
            if util::looks_like_xml(first.bytes) {
                one(files).and_then(|f| us_ofac_xml::parse(kind, f))
            } else {
                us_ofac_csv::parse(kind, files)
            }
        }
        SourceKind::GbOfsi => one(files).and_then(gb_ofsi::parse),
        SourceKind::JpMof => one(files).and_then(jp_mof::parse),
        SourceKind::CaSema => one(files).and_then(ca_sema::parse),
        SourceKind::AuDfat => one(files).and_then(au_dfat::parse),
        SourceKind::UsCsl => one(files).and_then(us_csl::parse),
    }
}

fn one<'a>(files: &[InputFile<'a>]) -> Result<InputFile<'a>> {
    match files {
        [f] => Ok(*f),
        _ => Err(ParseError::new(
            files.first().map(|f| f.name).unwrap_or("<none>"),
            Location::File,
            None,
            "exactly one file for this list kind",
            format!("{} files", files.len()),
        )),
    }
}
