//! Reading .xlsx workbooks through calamine, with its panics contained, and
//! their worksheets with rows numbered as a spreadsheet program shows them.
//!
//! calamine 0.38 can panic on corrupt input (a cell reference with many
//! column letters overflows its `u32` column arithmetic: a panic in debug
//! builds, a wrapped column in release). A list import must fail with an
//! error, never take the process down, so every calamine call on input bytes
//! goes through [`catch`].

use crate::error::At;
use crate::{InputFile, Location, ParseError, Result};
use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An open workbook.
pub(crate) type Workbook<'a> = Xlsx<Cursor<&'a [u8]>>;

/// Opens the workbook in `file`.
pub(crate) fn open<'a>(file: InputFile<'a>) -> Result<Workbook<'a>> {
    catch(file, "", || open_workbook_from_rs(Cursor::new(file.bytes)))
        .and_then(|r| r.map_err(|e| unreadable(file, "an .xlsx workbook", "", e)))
}

/// One worksheet's cells, with rows numbered as a spreadsheet program
/// shows them.
pub(crate) struct Sheet {
    pub(crate) name: String,
    range: Range<Data>,
}

impl Sheet {
    /// The number of the first row that holds anything.
    pub(crate) fn first_row(&self) -> u64 {
        self.range.start().map_or(0, |(r, _)| u64::from(r)) + 1
    }

    /// The 0-based column of the first cell that holds anything.
    pub(crate) fn first_column(&self) -> usize {
        self.range.start().map_or(0, |(_, c)| c as usize)
    }

    /// The rows from [`first_row`](Self::first_row) on, with their numbers;
    /// each starts at [`first_column`](Self::first_column).
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u64, &[Data])> {
        let first = self.first_row();
        self.range
            .rows()
            .enumerate()
            .map(move |(i, r)| (first + i as u64, r))
    }

    /// Row `row`, to build errors about it.
    pub(crate) fn at<'f>(&self, file: &'f str, row: u64) -> At<'f> {
        At::sheet(file, &self.name, row)
    }
}

/// Reads worksheet `name`.
pub(crate) fn sheet(file: InputFile<'_>, wb: &mut Workbook<'_>, name: &str) -> Result<Sheet> {
    let range = catch(file, name, || wb.worksheet_range(name))
        .and_then(|r| r.map_err(|e| unreadable(file, "a readable worksheet", name, e)))?;
    Ok(Sheet {
        name: name.to_string(),
        range,
    })
}

fn unreadable(
    file: InputFile<'_>,
    expected: &str,
    sheet: &str,
    e: calamine::XlsxError,
) -> ParseError {
    let found = if sheet.is_empty() {
        e.to_string()
    } else {
        format!("{sheet}: {e}")
    };
    ParseError::new(file.name, Location::File, None, expected, found)
}

/// Runs `f`, turning a panic into a parse error. The workbook a panicking
/// call leaves behind is never used again: the error ends the parse.
fn catch<T>(file: InputFile<'_>, sheet: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        let place = if sheet.is_empty() {
            String::new()
        } else {
            format!("sheet {sheet}: ")
        };
        ParseError::new(
            file.name,
            Location::File,
            None,
            "a well-formed .xlsx workbook",
            format!("{place}the xlsx reader failed on corrupt content ({why})"),
        )
    })
}
