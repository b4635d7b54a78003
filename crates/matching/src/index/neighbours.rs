//! Deletion neighbourhoods: texts within two edits of each other found
//! through their one-deletion variants, without scanning.

use rayon::prelude::*;
use std::hash::Hasher;

/// Calls `f` with the token and each of its deletion variants (one
/// character removed), possibly repeated. Tokens shorter than 4 characters
/// get none: a one-edit neighbour of a 3-letter token is too often another
/// name. `buf` is scratch space (query time allocates nothing here).
fn for_each_deletion(token: &str, buf: &mut Vec<u8>, mut f: impl FnMut(&[u8])) {
    f(token.as_bytes());
    if token.is_ascii() {
        let b = token.as_bytes();
        if b.len() >= 4 {
            for i in 0..b.len() {
                buf.clear();
                buf.extend_from_slice(&b[..i]);
                buf.extend_from_slice(&b[i + 1..]);
                f(buf);
            }
        }
    } else {
        // Token texts are ASCII; this keeps any other text correct.
        let chars: Vec<char> = token.chars().collect();
        if chars.len() >= 4 {
            for i in 0..chars.len() {
                let s: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
                f(s.as_bytes());
            }
        }
    }
}

fn hash(s: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(s);
    h.finish()
}

/// Deletion neighbourhoods of a set of texts: a text and each of its
/// one-deletion variants, by hash, to the ids of the texts having them.
/// Texts sharing a variant are within two edits of each other.
///
/// Stored as (32-bit hash, id) pairs sorted by hash, with the start of each
/// bucket of hashes sharing their top bits: 8 bytes a variant. A hash map
/// from hash to range took three times that, and resident memory is a
/// target (< 300 MB with every list loaded). A 32-bit collision only adds
/// a candidate, which scoring then judges.
#[derive(Default)]
pub(super) struct Neighbours {
    /// Top bits of the hash that pick a bucket.
    bits: u32,
    /// Start of each bucket in `entries` (one more than buckets).
    starts: Vec<u32>,
    entries: Vec<(u32, u32)>,
}

impl Neighbours {
    pub(super) fn build(texts: &[(u32, &str)]) -> Neighbours {
        let mut entries: Vec<(u32, u32)> = texts
            .par_iter()
            .flat_map_iter(|&(id, t)| {
                let mut out = Vec::with_capacity(t.len() + 1);
                for_each_deletion(t, &mut Vec::new(), |d| out.push((hash32(d), id)));
                out
            })
            .collect();
        entries.par_sort_unstable();
        entries.dedup();
        entries.shrink_to_fit();
        // About two entries a bucket.
        let bits = (entries.len() / 2).max(2).ilog2().clamp(1, 24);
        let mut starts = vec![0u32; (1usize << bits) + 1];
        for &(h, _) in &entries {
            starts[(h >> (32 - bits)) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Neighbours {
            bits,
            starts,
            entries,
        }
    }

    /// Appends to `out` the ids of the texts within two edits of `text`
    /// (possibly repeated).
    pub(super) fn find(&self, text: &str, buf: &mut Vec<u8>, out: &mut Vec<u32>) {
        if self.entries.is_empty() {
            return;
        }
        for_each_deletion(text, buf, |d| {
            let h = hash32(d);
            let b = (h >> (32 - self.bits)) as usize;
            let bucket = &self.entries[self.starts[b] as usize..self.starts[b + 1] as usize];
            out.extend(bucket.iter().filter(|e| e.0 == h).map(|e| e.1));
        });
    }
}

/// A 32-bit hash of a text (the high half of [`hash`]).
fn hash32(s: &[u8]) -> u32 {
    (hash(s) >> 32) as u32
}
