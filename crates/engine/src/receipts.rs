//! Screening receipts: what a screening was asked, on which lists and
//! settings, and what it answered, stored under an id the caller gets back.
//!
//! A server screening thousands of single queries a second cannot afford a
//! commit per query, nor can it hand out an id it has not stored. The
//! [`ReceiptWriter`] keeps one connection on a thread of its own and writes
//! whatever receipts are waiting in one transaction (group commit); each
//! caller is told once its receipt is committed.

use crate::batch::{BatchOutcome, BatchResult};
use crate::screen::{ResultRow, Screener};
use crate::{Error, Result};
use embargo_store::{NewReceipt, Store};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::mpsc;

/// Attempts to store a group of receipts while the store is locked.
const BUSY_ATTEMPTS: usize = 3;

/// Receipts written in one transaction at most.
const MAX_GROUP: usize = 512;

/// The context of a screening: engine, version, algorithm, every list used
/// (snapshot id and sha256) and the settings asked for.
pub fn context(screener: &Screener, settings: Value) -> Value {
    json!({
        "engine": "embargo", "version": env!("CARGO_PKG_VERSION"),
        "algorithm": crate::monitor::run::ALGORITHM,
        "lists": screener.lists(), "settings": settings,
    })
}

/// The settings a screening used, as a receipt records them (thresholds
/// as their shortest decimal: `0.8`, not the f32's `0.800000011920929`).
pub fn settings(profile: &str, search: &crate::SearchOptions) -> Value {
    json!({"profile": profile, "threshold": crate::decimal(search.threshold),
           "cutoff": crate::decimal(search.cutoff), "limit": search.limit})
}

/// What a receipt keeps of one query's rows: enough to say which listed
/// entities were returned, how they scored and how they were classified
/// (the explanations can be recomputed from the snapshots named in the
/// context).
pub fn hits(rows: &[ResultRow]) -> Value {
    Value::Array(
        rows.iter()
            .map(|r| {
                json!({"id": r.id, "caption": r.caption, "score": r.score,
                       "match": r.is_match, "classification": r.classification})
            })
            .collect(),
    )
}

/// [`hits`] for every item of a batch, keyed by the item's id.
pub fn batch_hits(lines: &[BatchResult]) -> Value {
    Value::Array(
        lines
            .iter()
            .map(|l| match &l.outcome {
                BatchOutcome::Results(r) => json!({"id": l.id, "hits": hits(r)}),
                BatchOutcome::Error(e) => json!({"id": l.id, "error": e}),
            })
            .collect(),
    )
}

/// A receipt waiting to be written.
pub type Draft = NewReceipt;

/// Builds a receipt to write, with its id already chosen (`draft.id`) so
/// that the answer can carry it before it is committed.
pub fn draft(actor: &str, kind: &str, request: Value, context: Value, results: Value) -> Draft {
    NewReceipt {
        id: embargo_store::receipts::new_receipt_id(),
        actor: actor.to_string(),
        kind: kind.to_string(),
        request,
        context,
        results,
    }
}

/// Called once the receipt is stored (its id) or could not be.
pub type Done = Box<dyn FnOnce(Result<String>) + Send>;

/// Writes receipts from many threads through one connection, grouping
/// those that arrive together into one transaction.
#[derive(Clone)]
pub struct ReceiptWriter {
    tx: mpsc::Sender<(Draft, Done)>,
}

impl ReceiptWriter {
    /// Opens the store in `data_dir` and starts the writing thread. The
    /// thread ends when the last clone of the writer is dropped.
    pub fn open(data_dir: &Path) -> Result<ReceiptWriter> {
        let store = Store::open(data_dir)?;
        let (tx, rx) = mpsc::channel::<(Draft, Done)>();
        std::thread::Builder::new()
            .name("embargo-receipts".into())
            .spawn(move || write_loop(&store, &rx))
            .map_err(|source| Error::Io {
                path: data_dir.to_path_buf(),
                source,
            })?;
        Ok(ReceiptWriter { tx })
    }

    /// Queues a receipt; `done` runs on the writing thread after the commit.
    pub fn submit(&self, draft: Draft, done: Done) {
        if let Err(mpsc::SendError((_, done))) = self.tx.send((draft, done)) {
            done(Err(Error::Receipt("the receipt writer has stopped".into())));
        }
    }
}

fn write_loop(store: &Store, rx: &mpsc::Receiver<(Draft, Done)>) {
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let (drafts, dones): (Vec<Draft>, Vec<Done>) = group.into_iter().unzip();
        // Each attempt waits out the store's busy timeout (10 s); a register
        // import of a million customers holds the lock about 15 s.
        let mut stored = store.insert_receipts(&drafts);
        for _ in 1..BUSY_ATTEMPTS {
            match &stored {
                Err(e) if e.is_busy() => stored = store.insert_receipts(&drafts),
                _ => break,
            }
        }
        match stored {
            Ok(ids) => {
                for (done, id) in dones.into_iter().zip(ids) {
                    done(Ok(id));
                }
            }
            Err(e) => {
                let busy = e.is_busy();
                let message = format!("storing {} screening receipt(s): {e}", drafts.len());
                for done in dones {
                    done(Err(if busy {
                        Error::Busy(message.clone())
                    } else {
                        Error::Receipt(message.clone())
                    }));
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Submits a receipt and waits for its commit.
    fn write(w: &ReceiptWriter, d: Draft) -> Result<String> {
        let (tx, rx) = mpsc::sync_channel(1);
        w.submit(
            d,
            Box::new(move |r| {
                let _ = tx.send(r);
            }),
        );
        rx.recv()
            .unwrap_or_else(|_| Err(Error::Receipt("the receipt writer has stopped".into())))
    }

    #[test]
    fn settings_keep_thresholds_as_written() {
        let s = settings(
            "un",
            &crate::SearchOptions {
                threshold: 0.8,
                cutoff: 0.55,
                ..crate::SearchOptions::default()
            },
        );
        assert_eq!(s["threshold"].to_string(), "0.8");
        assert_eq!(s["cutoff"].to_string(), "0.55");
        assert_eq!(s["profile"], "un");
    }

    #[test]
    fn receipts_from_many_threads_are_all_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let w = ReceiptWriter::open(dir.path()).unwrap();
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let w = w.clone();
                std::thread::spawn(move || {
                    (0..50)
                        .map(|i| {
                            let d = draft(
                                "tester",
                                "api.screen",
                                json!({"t": t, "i": i}),
                                json!({}),
                                json!([]),
                            );
                            let id = d.id.clone();
                            let got = write(&w, d).unwrap();
                            assert_eq!(got, id);
                            id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let ids: Vec<String> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        let store = Store::open(dir.path()).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for id in &ids {
            let r = store.receipt(id).unwrap();
            assert_eq!(
                (r.actor.as_str(), r.kind.as_str()),
                ("tester", "api.screen")
            );
            assert!(seen.insert(r.request.to_string()), "stored twice: {id}");
        }
        assert_eq!(seen.len(), 400);
    }
}
