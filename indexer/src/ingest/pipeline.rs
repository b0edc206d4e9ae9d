//! The threads of a run: one reads files in order, the parsers (one per
//! core) expand what it sends, and the writer (this thread) takes their
//! results back in input order.

use super::*;

pub(super) enum Work {
    Message {
        seq: u64,
        file: usize,
        part: u32,
        source: Source,
        /// The bytes, or why they were not read.
        raw: std::result::Result<Vec<u8>, String>,
        /// Written back from Outlook's properties (a PST): not the original
        /// bytes.
        rebuilt: bool,
    },
    Document {
        seq: u64,
        file: usize,
        source: Source,
        name: String,
        bytes: Vec<u8>,
    },
    FileEnd {
        seq: u64,
        file: usize,
        format: String,
        outcome: FileOutcome,
    },
}

/// Bytes read ahead of the writer, at most (unless one item is larger): with
/// documents of up to hundreds of megabytes, a queue bounded by count alone
/// could hold gigabytes.
const MAX_BYTES_IN_FLIGHT: u64 = 64 * 1024 * 1024;

/// The parsers' queue, bounded in items and in bytes.
pub(super) struct WorkQueue<'a> {
    tx: crossbeam_channel::Sender<Work>,
    in_flight: &'a AtomicU64,
    halted: &'a dyn Fn() -> bool,
}

impl WorkQueue<'_> {
    pub(super) fn send(&self, work: Work) -> std::result::Result<(), ()> {
        let size = match &work {
            Work::Message { raw: Ok(raw), .. } => raw.len() as u64,
            Work::Document { bytes, .. } => bytes.len() as u64,
            _ => 0,
        };
        if size > 0 {
            while self.in_flight.load(Ordering::Acquire) > 0
                && self.in_flight.load(Ordering::Acquire) + size > MAX_BYTES_IN_FLIGHT
            {
                if (self.halted)() {
                    return Err(());
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            self.in_flight.fetch_add(size, Ordering::AcqRel);
        }
        self.tx.send(work).map_err(|_| ())
    }
}

/// Which item first holds each message id, shared by the parsers, so that a
/// copy of a message an earlier item holds is only parsed: the writer keeps
/// the earlier one, and a copy's language, signatures and attachments would
/// be read for nothing (Enron holds 8,500 copies in 23,000 files).
#[derive(Default)]
pub(super) struct Claims {
    first: std::sync::Mutex<HashMap<u128, u64>>,
}

/// Ids remembered at most; past it they are forgotten, and a copy is then
/// read in full (as the writer still finds it a copy, only time is lost).
const CLAIMS_KEPT: usize = 1 << 18;

impl Claims {
    /// Whether an item before `seq` holds the message `id`; if not, `seq`
    /// holds it now. Items are parsed out of order, but the writer takes
    /// them in order: the earlier item is written first, so the later one
    /// is a copy whichever was parsed first.
    pub(super) fn is_copy(&self, id: &str, seq: u64) -> bool {
        let mut first = self
            .first
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = key_of(id);
        match first.get(&key) {
            Some(&earlier) if earlier < seq => true,
            _ => {
                if first.len() >= CLAIMS_KEPT {
                    first.clear();
                }
                first.insert(key, seq);
                false
            }
        }
    }
}

pub(super) enum FileOutcome {
    Read,
    /// A PST: messages its folders declare.
    Declared(u64),
    Failed(String),
}

pub(super) enum Done {
    Item {
        file: usize,
        part: u32,
        source: Source,
        size: u64,
        /// Why the item was not read at all.
        unread: Option<String>,
        expansion: Expansion,
    },
    FileEnd {
        file: usize,
        format: String,
        outcome: FileOutcome,
    },
}

/// Runs the reader, the parsers and the writer until every file is read
/// and written, or the run is cancelled, or the writer fails.
pub(super) fn run_pipeline(
    files: &[InputFile],
    options: &IngestOptions,
    cancel: &AtomicBool,
    state: &mut WriterState,
    on_event: &mut dyn FnMut(&Event),
) -> Result<()> {
    let threads = options.threads.max(1);
    let (work_tx, work_rx) = bounded::<Work>(threads * 8);
    let (done_tx, done_rx) = bounded::<(u64, Done)>(threads * 8);
    // Set when the writer fails, so the reader and parsers stop too.
    let stop = AtomicBool::new(false);
    let in_flight = AtomicU64::new(0);
    let claims = Claims::default();
    std::thread::scope(|scope| -> Result<()> {
        let stop = &stop;
        let in_flight = &in_flight;
        let claims = &claims;
        scope.spawn(move || {
            let mut extractor = Extractor::new(options.extraction.clone());
            let halted = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
            let queue = WorkQueue {
                tx: work_tx,
                in_flight,
                halted: &halted,
            };
            produce(files, &queue, cancel, stop, &mut extractor, &options.limits)
        });
        for _ in 0..threads {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            scope.spawn(move || parse(&work_rx, &done_tx, options, claims));
        }
        drop(done_tx);
        drop(work_rx);
        // Owned here so that returning early drops it and unblocks the
        // parsers, whose sends then fail.
        write_in_order(done_rx, state, options, on_event, stop, in_flight)
    })
}

/// One parsing thread: expands what the reader sends until it stops.
fn parse(
    work_rx: &crossbeam_channel::Receiver<Work>,
    done_tx: &crossbeam_channel::Sender<(u64, Done)>,
    options: &IngestOptions,
    claims: &Claims,
) {
    let detector = LanguageDetector::new(&options.languages);
    let extractor = Extractor::new(options.extraction.clone());
    let mut expander =
        Expander::new(extractor, options.limits, &detector).with_keys(&options.dkim_keys);
    for work in work_rx {
        let done = process(work, &mut expander, Some(claims));
        if done_tx.send(done).is_err() {
            break;
        }
    }
}

/// The writer's side: results back in input order, each handled as it
/// comes; on a write error, stops the other threads.
fn write_in_order(
    done_rx: crossbeam_channel::Receiver<(u64, Done)>,
    state: &mut WriterState,
    options: &IngestOptions,
    on_event: &mut dyn FnMut(&Event),
    stop: &AtomicBool,
    in_flight: &AtomicU64,
) -> Result<()> {
    let mut next = 0u64;
    let mut reorder: BTreeMap<u64, Done> = BTreeMap::new();
    for (seq, done) in done_rx.iter() {
        reorder.insert(seq, done);
        while let Some(done) = reorder.remove(&next) {
            next += 1;
            let size = match &done {
                Done::Item { size, .. } => *size,
                Done::FileEnd { .. } => 0,
            };
            let handled = state.handle(done, options, on_event);
            in_flight.fetch_sub(size, Ordering::AcqRel);
            if let Err(err) = handled {
                stop.store(true, Ordering::SeqCst);
                return Err(err);
            }
        }
    }
    Ok(())
}

/// The parsing stage of one item: a message parsed and expanded, a document
/// extracted and expanded.
/// With `claims`, a copy of a message an earlier item holds is only parsed.
pub(super) fn process(work: Work, expander: &mut Expander, claims: Option<&Claims>) -> (u64, Done) {
    match work {
        Work::Message {
            seq,
            file,
            part,
            source,
            raw,
            rebuilt,
        } => {
            let (size, unread, expansion) = match raw {
                Ok(raw) => {
                    let raw_len = raw.len() as u64;
                    let is_copy =
                        &mut |id: &str| claims.is_some_and(|claims| claims.is_copy(id, seq));
                    let expansion = expander.email_unless_copy(raw, rebuilt, is_copy);
                    (raw_len, None, expansion)
                }
                Err(reason) => (0, Some(reason), Expansion::default()),
            };
            (
                seq,
                Done::Item {
                    file,
                    part,
                    source,
                    size,
                    unread,
                    expansion,
                },
            )
        }
        Work::Document {
            seq,
            file,
            source,
            name,
            bytes,
        } => {
            let size = bytes.len() as u64;
            let expansion = expander.document(bytes, &name);
            (
                seq,
                Done::Item {
                    file,
                    part: 0,
                    source,
                    size,
                    unread: None,
                    expansion,
                },
            )
        }
        Work::FileEnd {
            seq,
            file,
            format,
            outcome,
        } => (
            seq,
            Done::FileEnd {
                file,
                format,
                outcome,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_item_holds_an_id_whatever_the_parsing_order() {
        let claims = Claims::default();
        // Item 5 is parsed before item 3: both read in full, as 3 is
        // written first.
        assert!(!claims.is_copy("0f3a9c00000000000000000000000001", 5));
        assert!(!claims.is_copy("0f3a9c00000000000000000000000001", 3));
        assert!(claims.is_copy("0f3a9c00000000000000000000000001", 4));
        assert!(claims.is_copy("0f3a9c00000000000000000000000001", 9));
        assert!(!claims.is_copy("0f3a9c00000000000000000000000002", 9));
    }

    #[test]
    fn a_copy_is_only_parsed() {
        let raw = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/fixtures/copies/line-ends/crlf.eml"),
        )
        .expect("fixture");
        let detector = LanguageDetector::new(&[]);
        let mut expander = Expander::new(Extractor::new(None), Limits::default(), &detector);
        let whole = expander.email(raw.clone(), false);
        let copy = expander.email_unless_copy(raw, false, &mut |_| true);
        // The message and its text attachment; the copy alone.
        assert_eq!((whole.items.len(), copy.items.len()), (2, 1));
        let (Item::Email(whole), Item::Email(copy)) = (&whole.items[0], &copy.items[0]) else {
            panic!("messages first");
        };
        assert!(copy.copy && !whole.copy);
        fn id(email: &EmailItem) -> Option<&str> {
            email
                .parsed
                .as_ref()
                .ok()
                .map(|(message, _)| message.id.as_str())
        }
        assert_eq!(id(copy), id(whole));
        assert!(id(whole).is_some());
        let language = whole.parsed.as_ref().map(|(_, guess)| guess.code.as_str());
        assert_eq!(language, Ok("fr"));
    }
}
