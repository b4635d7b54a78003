//! Korean readings of romanised tokens, memoised per thread: candidate
//! gathering and scoring both read a token written as one word as two
//! Korean syllables (`Jongun` ~ `Jong Un`).

use crate::tok::Tok;
use embargo_names::korean::Spelling;
use rustc_hash::FxHashMap;

/// Korean readings of romanised tokens seen by this thread. Scoring asks
/// for the same few (a query's tokens, common listed syllables) for every
/// candidate, and reading a token costs a table walk and allocations:
/// `korean_split` took 6.8 % of query instructions before this memo.
#[derive(Default)]
pub(crate) struct ReadingMemo {
    /// Readings by text, one map per [`Spelling`].
    by_spelling: [FxHashMap<Box<str>, std::rc::Rc<[String]>>; 3],
    joined: String,
}

impl ReadingMemo {
    /// Korean readings of `text` romanised from `from`.
    pub(crate) fn readings(&mut self, text: &str, from: Spelling) -> std::rc::Rc<[String]> {
        if self.by_spelling.iter().map(|m| m.len()).sum::<usize>() > MAX_MEMO {
            self.by_spelling.iter_mut().for_each(|m| m.clear());
        }
        let memo = &mut self.by_spelling[from as usize];
        if let Some(r) = memo.get(text) {
            return r.clone();
        }
        let r: std::rc::Rc<[String]> = embargo_names::korean::spelled_keys(text, from).into();
        memo.insert(text.into(), r.clone());
        r
    }

    /// Korean readings of two tokens written as one (`Jong` + `Un`).
    pub(crate) fn joined_readings(&mut self, a: &Tok, b: &Tok) -> std::rc::Rc<[String]> {
        let from = if a.spelling() == b.spelling() {
            a.spelling()
        } else {
            Spelling::Latin
        };
        let mut joined = std::mem::take(&mut self.joined);
        joined.clear();
        joined.push_str(&a.text);
        joined.push_str(&b.text);
        let r = self.readings(&joined, from);
        self.joined = joined;
        r
    }
}

/// Korean readings (Korean key texts) of a romanised token, memoised per
/// thread.
pub(crate) fn korean_readings(text: &str, from: Spelling) -> std::rc::Rc<[String]> {
    with_memo(|memo| memo.readings(text, from))
}

/// Calls `f` with this thread's memo.
pub(crate) fn with_memo<R>(f: impl FnOnce(&mut ReadingMemo) -> R) -> R {
    KOREAN_READINGS.with(|cell| f(&mut cell.borrow_mut()))
}

/// Entries kept before the memo starts over (bounds its memory).
const MAX_MEMO: usize = 1 << 16;

thread_local! {
    static KOREAN_READINGS: std::cell::RefCell<ReadingMemo> = Default::default();
}
