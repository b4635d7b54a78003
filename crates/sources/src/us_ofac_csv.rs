//! Parser for OFAC's legacy CSV files (not yet written).

use crate::{InputFile, Location, ParseError, ParsedList, Result};
use embargo_model::SourceKind;

/// Parses one publication (primary file plus optional add/alt files).
pub fn parse(_kind: SourceKind, files: &[InputFile<'_>]) -> Result<ParsedList> {
    Err(ParseError::new(
        files[0].name,
        Location::File,
        None,
        "a supported format",
        "parser not yet implemented",
    ))
}
