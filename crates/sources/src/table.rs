//! Reading the tabular lists: CSV records with the line they start on, a
//! header row checked against the columns a format defines, fields by column
//! name, and errors that name the record and the field.
//!
//! The text comes decoded (see [`crate::util`] for UTF-8 and Windows-1252);
//! the csv crate splits it (comma-separated, `"`-quoted, any line end).
//! Line numbers are counted here from the bytes, not taken from csv: a record
//! that follows a CRLF or blank lines starts where its first field does.

use crate::error::At;
use crate::util::Lines;
use crate::{Location, ParseError, Result};

/// The records of one CSV text.
pub(crate) struct Csv<'t> {
    file: &'t str,
    text: &'t [u8],
    reader: csv::Reader<&'t [u8]>,
    record: csv::StringRecord,
    lines: Lines<'t>,
    /// The file line the text starts on (the text may follow a preamble).
    first_line: u64,
    /// The header's titles, once read: every record then has as many fields.
    columns: Option<&'static [&'static str]>,
    /// Records read after the header.
    index: u64,
}

/// One record.
pub(crate) struct Row<'r> {
    file: &'r str,
    record: &'r csv::StringRecord,
    columns: Option<&'static [&'static str]>,
    /// 1-based, counted after the header.
    pub(crate) index: u64,
    /// The file line the record starts on.
    pub(crate) line: u64,
}

impl<'t> Csv<'t> {
    /// The records of `text`, the content of `file` from line `first_line`
    /// on. No header is assumed ([`header`](Self::header) reads one).
    pub(crate) fn new(file: &'t str, text: &'t str, first_line: u64) -> Csv<'t> {
        Csv {
            file,
            text: text.as_bytes(),
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes()),
            record: csv::StringRecord::new(),
            lines: Lines::new(text.as_bytes()),
            first_line,
            columns: None,
            index: 0,
        }
    }

    /// Reads the header row, which must be `columns` exactly (titles
    /// trimmed); `what` names the list when there is no header. Every later record must
    /// have as many fields, and [`Row::field`] finds them by title.
    pub(crate) fn header(&mut self, columns: &'static [&'static str], what: &str) -> Result<()> {
        let (file, first_line) = (self.file, self.first_line);
        let Some(header) = self.next()? else {
            return Err(ParseError::new(
                file,
                Location::Line(first_line),
                None,
                format!("the {what} header"),
                "end of file",
            ));
        };
        let titles: Vec<&str> = header.record.iter().map(str::trim).collect();
        check_header(
            &At::new(file, Location::Line(header.line)),
            &titles,
            columns,
            true,
        )?;
        self.columns = Some(columns);
        self.index = 0;
        Ok(())
    }

    /// The next record, `None` at the end of the text.
    pub(crate) fn next(&mut self) -> Result<Option<Row<'_>>> {
        let start = self.reader.position().byte();
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte());
                let line = self.line_at(at);
                return Err(ParseError::new(
                    self.file,
                    Location::Line(line),
                    None,
                    "a CSV record",
                    e.to_string(),
                ));
            }
        }
        let line = self.line_at(self.record.position().map_or(start, |p| p.byte()));
        if let Some(columns) = self.columns
            && self.record.len() != columns.len()
        {
            return Err(width_error(
                self.file,
                line,
                columns.len(),
                self.record.len(),
            ));
        }
        self.index += 1;
        Ok(Some(Row {
            file: self.file,
            record: &self.record,
            columns: self.columns,
            index: self.index,
            line,
        }))
    }

    /// The number of records read after the header.
    pub(crate) fn records(&self) -> usize {
        self.index as usize
    }

    /// The file line of the record starting at byte `pos`: csv puts a
    /// record's start before the line end (or blank lines) that precede it.
    fn line_at(&mut self, pos: u64) -> u64 {
        let mut pos = usize::try_from(pos).unwrap_or(usize::MAX);
        while matches!(self.text.get(pos), Some(b'\r' | b'\n')) {
            pos += 1;
        }
        self.first_line - 1 + self.lines.at(pos as u64)
    }
}

fn width_error(file: &str, line: u64, want: usize, got: usize) -> ParseError {
    ParseError::new(
        file,
        Location::Line(line),
        None,
        format!("{want} columns"),
        format!("{got} columns"),
    )
}

impl Row<'_> {
    /// Field `i` as written (untrimmed), `None` past the end of the record.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        self.record.get(i)
    }

    /// The trimmed field under header title `title`, `""` if absent.
    pub(crate) fn field(&self, title: &str) -> &str {
        let i = self
            .columns
            .and_then(|c| c.iter().position(|t| *t == title));
        debug_assert!(i.is_some(), "no column `{title}` in the header");
        i.and_then(|i| self.record.get(i)).unwrap_or("").trim()
    }

    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.record.len()
    }

    /// A line holding nothing but whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.len() == 1 && self.record.get(0).is_some_and(|f| f.trim().is_empty())
    }

    /// Fails unless the record has `width` fields.
    pub(crate) fn expect_width(&self, width: usize) -> Result<()> {
        if self.len() == width {
            Ok(())
        } else {
            Err(width_error(self.file, self.line, width, self.len()))
        }
    }

    /// This record, to build errors about its fields.
    pub(crate) fn at(&self) -> At<'_> {
        At::record(self.file, self.index, self.line)
    }
}

/// Checks the titles of a header row at `at` against the `columns` a format
/// defines, in order; the error names the first column that differs. Titles
/// past the defined ones must be absent with `exact`, else blank (a
/// worksheet is wider than its table).
pub(crate) fn check_header(
    at: &At<'_>,
    titles: &[&str],
    columns: &[&'static str],
    exact: bool,
) -> Result<()> {
    for (i, want) in columns.iter().enumerate() {
        let got = titles.get(i).copied().unwrap_or("");
        if got != *want {
            return Err(at.field_error(want, format!("column `{want}`"), got));
        }
    }
    let extra = titles[columns.len().min(titles.len())..]
        .iter()
        .enumerate()
        .find(|(_, t)| exact || !t.is_empty());
    match extra {
        None => Ok(()),
        Some((k, t)) => {
            let found = if t.is_empty() {
                format!("an untitled column {}", columns.len() + k + 1)
            } else {
                t.to_string()
            };
            Err(at.error("no further column titles", found))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[&str] = &["a", "b"];

    fn rows(text: &str) -> Result<Vec<(u64, u64, String)>> {
        let mut csv = Csv::new("t.csv", text, 2);
        csv.header(COLUMNS, "test")?;
        let mut out = Vec::new();
        while let Some(row) = csv.next()? {
            out.push((row.index, row.line, row.field("b").to_string()));
        }
        Ok(out)
    }

    #[test]
    fn records_know_their_line() {
        let got = rows("a,b\r\n1, x \r\n\r\n\n2,\"y\ny\"\r\n3,z").expect("parses");
        assert_eq!(
            got,
            [
                (1, 3, "x".to_string()),
                (2, 6, "y\ny".to_string()),
                (3, 8, "z".to_string())
            ]
        );
    }

    #[test]
    fn header_and_width_errors_name_the_place() {
        let e = rows("a,c\n").expect_err("title");
        assert_eq!(
            (e.location, e.field.as_deref()),
            (Location::Line(2), Some("b"))
        );
        assert_eq!((e.expected.as_str(), e.found.as_str()), ("column `b`", "c"));
        let e = rows("a,b,\n").expect_err("extra");
        assert_eq!(e.found, "an untitled column 3");
        let e = rows("").expect_err("empty");
        assert_eq!(
            (e.location, e.found.as_str()),
            (Location::Line(2), "end of file")
        );
        let e = rows("a,b\n1,2\n3\n").expect_err("width");
        assert_eq!(
            (e.location, e.expected.as_str()),
            (Location::Line(4), "2 columns")
        );
    }

    #[test]
    fn worksheet_headers_may_be_wider() {
        let at = At::new("t.xlsx", Location::File);
        assert!(check_header(&at, &["a", "b", ""], COLUMNS, false).is_ok());
        let e = check_header(&at, &["a"], COLUMNS, false).expect_err("short");
        assert_eq!((e.field.as_deref(), e.found.as_str()), (Some("b"), ""));
        let e = check_header(&at, &["a", "b", "", "x"], COLUMNS, false).expect_err("x");
        assert_eq!((e.field, e.found.as_str()), (None, "x"));
    }
}
