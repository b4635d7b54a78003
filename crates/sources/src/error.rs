use std::fmt;

/// Result of a parser.
pub type Result<T> = std::result::Result<T, ParseError>;

/// Where in a file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (wrong format, empty, bad encoding).
    File,
    /// A 1-based line of a text file.
    Line(u64),
    /// A 1-based record (CSV record, XML element of the repeated kind),
    /// with the line it starts on when known.
    Record {
        /// 1-based index of the record.
        index: u64,
        /// 1-based line where it starts, if known.
        line: Option<u64>,
    },
    /// A byte offset (XML syntax errors).
    Byte(u64),
    /// A spreadsheet cell: sheet name and 1-based row.
    Sheet {
        /// Sheet name.
        sheet: String,
        /// 1-based row number as shown in a spreadsheet program.
        row: u64,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => f.write_str("whole file"),
            Location::Line(l) => write!(f, "line {l}"),
            Location::Record {
                index,
                line: Some(l),
            } => write!(f, "record {index} (line {l})"),
            Location::Record { index, line: None } => write!(f, "record {index}"),
            Location::Byte(b) => write!(f, "byte {b}"),
            Location::Sheet { sheet, row } => write!(f, "sheet `{sheet}` row {row}"),
        }
    }
}

/// A located parse failure: file, place, field, what was expected and what
/// was found. Any such error fails the whole import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// File name as given.
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// The field (column, element, property) concerned, if any.
    pub field: Option<String>,
    /// What the parser expected.
    pub expected: String,
    /// What it found (truncated to a readable length).
    pub found: String,
}

impl ParseError {
    /// Builds an error; `found` is shortened to 120 characters.
    pub fn new(
        file: impl Into<String>,
        location: Location,
        field: Option<&str>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ParseError {
        let found: String = found.into();
        let found = if found.chars().count() > 120 {
            let mut s: String = found.chars().take(120).collect();
            s.push('…');
            s
        } else {
            found
        };
        ParseError {
            file: file.into(),
            location,
            field: field.map(str::to_string),
            expected: expected.into(),
            found,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.location)?;
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": expected {}, found {:?}", self.expected, self.found)
    }
}

impl std::error::Error for ParseError {}

/// A place in a file (a record, a row, an element), to build the errors
/// found there: every parser error names its file and place this way.
#[derive(Debug, Clone)]
pub(crate) struct At<'f> {
    file: &'f str,
    location: Location,
}

impl<'f> At<'f> {
    /// The place `location` of `file`.
    pub(crate) fn new(file: &'f str, location: Location) -> At<'f> {
        At { file, location }
    }

    /// Record `index` (1-based), which starts on `line`.
    pub(crate) fn record(file: &'f str, index: u64, line: u64) -> At<'f> {
        At::new(
            file,
            Location::Record {
                index,
                line: Some(line),
            },
        )
    }

    /// Row `row` (1-based, as shown) of worksheet `sheet`.
    pub(crate) fn sheet(file: &'f str, sheet: &str, row: u64) -> At<'f> {
        At::new(
            file,
            Location::Sheet {
                sheet: sheet.to_string(),
                row,
            },
        )
    }

    /// An error about field `field` here.
    pub(crate) fn field_error(
        &self,
        field: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ParseError {
        ParseError::new(
            self.file,
            self.location.clone(),
            Some(field),
            expected,
            found,
        )
    }

    /// An error about this place as a whole.
    pub(crate) fn error(
        &self,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ParseError {
        ParseError::new(self.file, self.location.clone(), None, expected, found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_the_place() {
        let e = ParseError::new(
            "sdn.csv",
            Location::Record {
                index: 7,
                line: Some(8),
            },
            Some("remarks"),
            "a date like `01 Jan 1960`",
            "31 Foo 1960",
        );
        assert_eq!(
            e.to_string(),
            "sdn.csv: record 7 (line 8), field `remarks`: expected a date like `01 Jan 1960`, found \"31 Foo 1960\""
        );
    }
}
