//! Parser for the `un_sc` list format (not yet written).

use crate::{InputFile, Location, ParseError, ParsedList, Result};

/// Parses one publication.
pub fn parse(file: InputFile<'_>) -> Result<ParsedList> {
    Err(ParseError::new(
        file.name,
        Location::File,
        None,
        "a supported format",
        "parser not yet implemented",
    ))
}
