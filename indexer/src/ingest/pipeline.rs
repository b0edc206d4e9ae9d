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
    std::thread::scope(|scope| -> Result<()> {
        let stop = &stop;
        let in_flight = &in_flight;
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
            scope.spawn(move || parse(&work_rx, &done_tx, options));
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
) {
    let detector = LanguageDetector::new(&options.languages);
    let extractor = Extractor::new(options.extraction.clone());
    let mut expander =
        Expander::new(extractor, options.limits, &detector).with_keys(&options.dkim_keys);
    for work in work_rx {
        let done = process(work, &mut expander);
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
pub(super) fn process(work: Work, expander: &mut Expander) -> (u64, Done) {
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
                Ok(raw) => (raw.len() as u64, None, expander.email(raw, rebuilt)),
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
