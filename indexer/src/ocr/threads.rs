//! The reading threads of the OCR pass: each owns an extraction worker and
//! takes one image or PDF at a time; pages come back to the pass's thread,
//! which journals them and writes the documents, in the order they finish.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::{Sender, bounded, unbounded};
use fouille_extract::DocumentFormat;
use fouille_extract::format_by_magic;
use fouille_extract::ocr::{OcrInput, OcrJob, PageOutcome};
use fouille_extract::worker::Extractor;
use fouille_schema::{Fields, Result};
use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

use super::plan::Group;
use super::{OcrOptions, OcrProgress, Pass, queue};

/// What a reading thread tells the pass.
enum Message {
    /// A page of group `.0` was read.
    Page(usize, u32, PageOutcome),
    /// Group `.0` is done (every page answered, or the run was stopped).
    Done(usize),
}

/// Reads `jobs` (a group and its pages still to read) on the pass's
/// threads, until done or `cancel`.
pub(super) fn read(
    pass: &mut Pass,
    jobs: Vec<(usize, Vec<u32>)>,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(&OcrProgress),
) -> Result<()> {
    if jobs.is_empty() {
        return Ok(());
    }
    let (job_tx, job_rx) = bounded::<(usize, Vec<u32>)>(0);
    let (tx, rx) = unbounded::<Message>();
    let groups = pass.pending.groups.clone();
    let searcher = pass.searcher.clone();
    let fields = pass.fields;
    let options = pass.options;
    let dir = pass.dir;
    // Set when the pass fails (a full disk): the threads stop too.
    let failed = AtomicBool::new(false);
    let halted = || cancel.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed);
    std::thread::scope(|scope| -> Result<()> {
        let threads = options.threads.clamp(1, jobs.len());
        for _ in 0..threads {
            let (job_rx, tx) = (job_rx.clone(), tx.clone());
            let (groups, searcher, halted) = (&groups, &searcher, &halted);
            scope.spawn(move || {
                let mut extractor = Extractor::new(options.extraction.clone());
                for (index, pages) in job_rx {
                    if halted() {
                        break;
                    }
                    let task = Task {
                        index,
                        group: &groups[index],
                        pages,
                        dir,
                        searcher,
                        fields: &fields,
                    };
                    read_group(&mut extractor, task, options, halted, &tx);
                    if tx.send(Message::Done(index)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((job_rx, tx));
        let halted = &halted;
        scope.spawn(move || {
            for job in jobs {
                if halted() || job_tx.send(job).is_err() {
                    break;
                }
            }
        });
        for message in rx {
            let done = match message {
                Message::Page(index, page, outcome) => pass.page(index, page, outcome).map(|()| {
                    pass.progress.seconds = pass.started.elapsed().as_secs_f64();
                    report(&pass.progress);
                }),
                Message::Done(index) => pass.finish_group(index),
            };
            if let Err(err) = done {
                failed.store(true, Ordering::Relaxed);
                return Err(err);
            }
        }
        Ok(())
    })
}

/// One group to read, and where its bytes are.
struct Task<'a> {
    index: usize,
    group: &'a Group,
    pages: Vec<u32>,
    dir: &'a Path,
    searcher: &'a Searcher,
    fields: &'a Fields,
}

/// Reads the pages of `task` in `extractor`'s worker, sending each page.
/// A worker that overruns or dies fails the page in hand only: a new one
/// goes on with the next page. Stopped (`halted`), the pages not read wait
/// for the next run.
fn read_group(
    extractor: &mut Extractor,
    task: Task,
    options: &OcrOptions,
    halted: &dyn Fn() -> bool,
    tx: &Sender<Message>,
) {
    let Task { index, pages, .. } = task;
    let fail = |page: u32, reason: &str| {
        let _ = tx.send(Message::Page(
            index,
            page,
            PageOutcome::Failed(reason.to_string()),
        ));
    };
    let bytes = match bytes_of(task.dir, task.searcher, task.fields, task.group) {
        Ok(bytes) => bytes,
        Err(reason) => return pages.iter().for_each(|&page| fail(page, &reason)),
    };
    let input = match (task.group.pdf, format_by_magic(&bytes)) {
        (true, _) | (_, Some(DocumentFormat::Pdf)) => OcrInput::Pdf,
        _ => OcrInput::Image,
    };
    let mut job = OcrJob {
        bytes,
        input,
        pages,
        langs: options.langs.clone(),
        page_timeout: options.page_timeout,
        tesseract: options.tools.tesseract.clone(),
        pdftoppm: options.tools.pdftoppm.clone(),
    };
    while !job.pages.is_empty() {
        let mut answered = 0;
        let result = extractor.ocr(&job, &mut |page| {
            answered += 1;
            let sent = tx
                .send(Message::Page(index, page.page, page.outcome))
                .is_ok();
            sent && !halted()
        });
        if halted() {
            return;
        }
        job.pages.drain(..answered.min(job.pages.len()));
        let Some(&in_hand) = job.pages.first() else {
            return;
        };
        let reason = match result {
            Err(err) => err.to_string(),
            Ok(()) => "the ocr worker stopped before this page".to_string(),
        };
        fail(in_hand, &reason);
        job.pages.remove(0);
    }
}

/// The bytes OCR reads for `group`: from the queue, else from a loose
/// document that stores them.
fn bytes_of(
    dir: &Path,
    searcher: &Searcher,
    fields: &Fields,
    group: &Group,
) -> Result<Vec<u8>, String> {
    if let Some(bytes) = queue::get(dir, &group.hash).map_err(|err| err.to_string())? {
        return Ok(bytes);
    }
    if let Some(address) = group.keeps_bytes {
        let stored: TantivyDocument = searcher.doc(address).map_err(|err| err.to_string())?;
        if let Some(raw) = stored
            .get_first(fields.raw)
            .and_then(|value| value.as_bytes())
        {
            return Ok(raw.to_vec());
        }
    }
    Err("the bytes waiting for ocr are missing from the archive".into())
}
