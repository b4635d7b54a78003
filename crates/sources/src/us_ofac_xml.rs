//! Parser for OFAC's XML in the `sdnList` schema (not yet written).

use crate::{InputFile, Location, ParseError, ParsedList, Result};
use embargo_model::SourceKind;

/// Parses one publication.
pub fn parse(_kind: SourceKind, file: InputFile<'_>) -> Result<ParsedList> {
    Err(ParseError::new(
        file.name,
        Location::File,
        None,
        "a supported format",
        "parser not yet implemented",
    ))
}
