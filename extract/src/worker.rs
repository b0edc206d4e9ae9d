//! The extraction worker: document extraction isolated in a child process.
//!
//! PDF, Office and archive libraries panic, loop and allocate without bound
//! on hostile files, and an abort or an exhausted address space cannot be
//! caught in-process. So the indexer sends each document to a child process
//! (the `fouille` binary re-invoked as `fouille extract-worker`) that limits
//! its own address space, and waits for the answer with a time limit. A
//! worker that dies or overruns is killed, the document is recorded as
//! failed with the reason, and a fresh worker starts for the next one.
//!
//! The protocol on the child's stdin/stdout is a sequence of frames: a
//! little-endian `u32` length, then a postcard-encoded [`Request`] or
//! [`Reply`].

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, bounded};
use serde::{Deserialize, Serialize};

use crate::ocr::{OcrJob, PageResult, run_job};
use crate::outlook::{PstItem, PstSummary, read_pst};
use crate::sanitize;
use crate::{ExtractError, Extraction, Limits};

/// Frames larger than this are refused (a reply holds at most one document
/// and the members of one container, each within [`Limits`]).
const MAX_FRAME_BYTES: usize = 1536 * 1024 * 1024;

/// Set in a worker's environment, makes documents that start with these
/// markers hang, abort or allocate without bound: how the tests show that a
/// misbehaving extraction cannot stall or crash a run.
pub const FAULTS_ENV: &str = "FOUILLE_EXTRACT_TEST_FAULTS";

/// How to start a worker process and what it may use.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// The program (the `fouille` binary) and its arguments.
    pub program: PathBuf,
    /// Arguments that make it a worker (`extract-worker`).
    pub args: Vec<String>,
    /// Wall-clock time one document may take.
    pub timeout: Duration,
    /// Address-space limit of the worker, bytes.
    pub memory: u64,
}

/// A request to the worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Extract one document.
    Extract {
        /// File name, for format detection.
        name: String,
        /// Declared MIME type.
        mime: String,
        /// The bytes.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        /// Limits to apply.
        limits: Limits,
    },
    /// Sanitize an email's HTML body for the reader.
    Sanitize {
        /// The HTML.
        html: String,
        /// Content-ID → attachment index, for inline images.
        images: Vec<(String, usize)>,
    },
    /// Read every message of a PST mailbox.
    Pst {
        /// Its path.
        path: PathBuf,
        /// Limits to apply.
        limits: Limits,
    },
    /// Read the pages of an image or a scanned PDF with Tesseract.
    Ocr(Box<OcrJob>),
}

/// A reply from the worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    /// The result of [`Request::Extract`] (boxed: an extraction is far
    /// larger than the other replies).
    Extracted(Box<Result<Extraction, ExtractError>>),
    /// One message of a PST (more follow).
    PstItem(PstItem),
    /// The end of a PST.
    PstDone(Result<PstSummary, ExtractError>),
    /// The result of [`Request::Sanitize`]: the HTML, or why not.
    Sanitized(Result<String, String>),
    /// One page of a [`Request::Ocr`] (more may follow).
    OcrPage(PageResult),
    /// The end of a [`Request::Ocr`].
    OcrDone,
}

/// Longest an email's HTML may take to sanitize (within the extraction
/// timeout): real mail takes milliseconds.
pub const SANITIZE_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs extractions, in a worker process when configured, else in-process
/// behind a panic guard (library tests; no time or memory limit then).
pub struct Extractor {
    config: Option<WorkerConfig>,
    worker: Option<Worker>,
    /// Worker processes started so far (restarts included).
    pub started: u64,
}

struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    replies: Receiver<io::Result<Reply>>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        // The whole group: the worker, and the Tesseract it may be running.
        #[cfg(unix)]
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(self.child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Extractor {
    /// An extractor using worker processes started from `config`, or running
    /// in-process when `None`.
    pub fn new(config: Option<WorkerConfig>) -> Extractor {
        Extractor {
            config,
            worker: None,
            started: 0,
        }
    }

    /// Extracts one document (see [`crate::extract`]).
    pub fn extract(
        &mut self,
        bytes: &[u8],
        name: &str,
        mime: &str,
        limits: &Limits,
    ) -> Result<Extraction, ExtractError> {
        let Some(config) = self.config.clone() else {
            return guarded(|| crate::extract(bytes, name, mime, limits));
        };
        let request = Request::Extract {
            name: name.to_string(),
            mime: mime.to_string(),
            bytes: bytes.to_vec(),
            limits: *limits,
        };
        self.send(&config, &request)?;
        match self.receive(config.timeout, "extraction")? {
            Reply::Extracted(result) => *result,
            _ => Err(self.protocol_error()),
        }
    }

    /// Sanitizes an email's HTML body (see [`crate::sanitize`]), in the
    /// worker within [`SANITIZE_TIMEOUT`]; `images` maps Content-IDs to
    /// attachment indexes.
    pub fn sanitize(&mut self, html: &str, images: &[(String, usize)]) -> Result<String, String> {
        sanitize::check_html(html).map_err(str::to_string)?;
        let Some(config) = self.config.clone() else {
            return guarded(|| Ok(sanitize_here(html, images)))
                .unwrap_or_else(|err| Err(err.to_string()));
        };
        let request = Request::Sanitize {
            html: html.to_string(),
            images: images.to_vec(),
        };
        let timeout = config.timeout.min(SANITIZE_TIMEOUT);
        let failed = |err: ExtractError| Err(format!("html not displayed: {err}"));
        if let Err(err) = self.send(&config, &request) {
            return failed(err);
        }
        match self.receive(timeout, "sanitizing") {
            Ok(Reply::Sanitized(result)) => result,
            Ok(_) => failed(self.protocol_error()),
            Err(err) => failed(err),
        }
    }

    /// Reads a PST mailbox, calling `on_item` for each message.
    pub fn read_pst(
        &mut self,
        path: &Path,
        limits: &Limits,
        on_item: &mut dyn FnMut(PstItem) -> bool,
    ) -> Result<PstSummary, ExtractError> {
        let Some(config) = self.config.clone() else {
            return guarded(|| read_pst(path, limits, on_item));
        };
        let request = Request::Pst {
            path: path.to_path_buf(),
            limits: *limits,
        };
        self.send(&config, &request)?;
        loop {
            match self.receive(config.timeout, "extraction")? {
                Reply::PstItem(item) => {
                    if !on_item(item) {
                        // The worker is mid-stream: drop it.
                        self.worker = None;
                        return Err(ExtractError::Worker("interrupted".into()));
                    }
                }
                Reply::PstDone(result) => return result,
                _ => return Err(self.protocol_error()),
            }
        }
    }

    /// Reads the pages of `job` with Tesseract, calling `on_page` with each;
    /// stops after the page in hand when it returns false. Each page may
    /// take the job's page timeout three times (rendering, recognition, a
    /// second reading of the decoded pixels), and decoding, before the
    /// worker is stopped.
    pub fn ocr(
        &mut self,
        job: &OcrJob,
        on_page: &mut dyn FnMut(PageResult) -> bool,
    ) -> Result<(), ExtractError> {
        let Some(config) = self.config.clone() else {
            return guarded(|| {
                run_job(job, on_page);
                Ok(())
            });
        };
        self.send(&config, &Request::Ocr(Box::new(job.clone())))?;
        let timeout = Duration::from_secs(job.page_timeout.max(1) * 3 + 30);
        loop {
            match self.receive(timeout, "ocr of one page")? {
                Reply::OcrPage(page) => {
                    if !on_page(page) {
                        self.worker = None;
                        return Ok(());
                    }
                }
                Reply::OcrDone => return Ok(()),
                _ => return Err(self.protocol_error()),
            }
        }
    }

    fn protocol_error(&mut self) -> ExtractError {
        self.worker = None;
        ExtractError::Worker("extraction worker answered out of turn".into())
    }

    fn send(&mut self, config: &WorkerConfig, request: &Request) -> Result<(), ExtractError> {
        if self.worker.is_none() {
            self.worker = Some(spawn(config).map_err(|err| {
                ExtractError::Worker(format!("cannot start the extraction worker: {err}"))
            })?);
            self.started += 1;
        }
        let worker = self.worker.as_mut().expect("worker started above");
        if write_frame(&mut worker.stdin, request).is_err() {
            return Err(self.died());
        }
        Ok(())
    }

    /// The worker's next reply, within `timeout`; `task` names the work in
    /// the timeout's message.
    fn receive(&mut self, timeout: Duration, task: &str) -> Result<Reply, ExtractError> {
        let Some(worker) = self.worker.as_mut() else {
            return Err(ExtractError::Worker("no extraction worker".into()));
        };
        match worker.replies.recv_timeout(timeout) {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => Err(self.died()),
            Err(RecvTimeoutError::Timeout) => {
                self.worker = None;
                Err(ExtractError::Worker(format!(
                    "{task} took longer than {} s, stopped",
                    timeout.as_secs()
                )))
            }
        }
    }

    /// The worker is gone: reap it and say how it ended.
    fn died(&mut self) -> ExtractError {
        let Some(mut worker) = self.worker.take() else {
            return ExtractError::Worker("extraction worker died".into());
        };
        let status = worker.child.wait();
        let how = match status {
            Ok(status) => describe_exit(status),
            Err(err) => err.to_string(),
        };
        ExtractError::Worker(format!(
            "extraction worker died ({how}): crashed or ran out of memory"
        ))
    }
}

#[cfg(unix)]
fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (_, Some(signal)) => format!("signal {signal}"),
        (Some(code), _) => format!("exit code {code}"),
        _ => status.to_string(),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: std::process::ExitStatus) -> String {
    status.to_string()
}

fn spawn(config: &WorkerConfig) -> io::Result<Worker> {
    let mut command = Command::new(&config.program);
    // A group of its own: stopping the worker stops the programs it runs,
    // and Ctrl-C at the terminal reaches the indexer only.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .args(&config.args)
        .arg("--memory")
        .arg(config.memory.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdin = BufWriter::new(child.stdin.take().expect("stdin is piped"));
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, replies) = bounded(4);
    std::thread::Builder::new()
        .name("extract-reader".into())
        .spawn(move || {
            let mut reader = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let frame = read_frame::<Reply>(&mut reader);
                let failed = frame.is_err();
                if tx.send(frame).is_err() || failed {
                    break;
                }
            }
        })?;
    Ok(Worker {
        child,
        stdin,
        replies,
    })
}

fn guarded<T>(work: impl FnOnce() -> Result<T, ExtractError>) -> Result<T, ExtractError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(ExtractError::Worker(format!(
            "extraction panicked: {reason}"
        )))
    })
}

fn write_frame<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let bytes = postcard::to_stdvec(value).map_err(io::Error::other)?;
    if bytes.len() > MAX_FRAME_BYTES {
        return Err(io::Error::other("frame too large"));
    }
    out.write_all(&(bytes.len() as u32).to_le_bytes())?;
    out.write_all(&bytes)?;
    out.flush()
}

fn read_frame<T: for<'de> Deserialize<'de>>(input: &mut impl Read) -> io::Result<T> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME_BYTES {
        return Err(io::Error::other("frame too large"));
    }
    let mut bytes = Vec::new();
    input.take(len as u64).read_to_end(&mut bytes)?;
    if bytes.len() != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    postcard::from_bytes(&bytes).map_err(io::Error::other)
}

/// The worker's main loop: limits its own memory, then answers requests on
/// stdin until stdin closes.
pub fn serve_worker(memory: u64) -> io::Result<()> {
    #[cfg(unix)]
    rlimit::setrlimit(rlimit::Resource::AS, memory, memory)?;
    // Panics are answered as failures; their messages must not reach the
    // indexer's terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let faults = std::env::var_os(FAULTS_ENV).is_some();
    let mut input = BufReader::with_capacity(1 << 20, io::stdin().lock());
    let mut output = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    loop {
        let request = match read_frame::<Request>(&mut input) {
            Ok(request) => request,
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(err) => return Err(err),
        };
        match request {
            Request::Extract {
                name,
                mime,
                bytes,
                limits,
            } => {
                if faults {
                    inject_fault(&bytes);
                }
                let result = guarded(|| crate::extract(&bytes, &name, &mime, &limits));
                write_frame(&mut output, &Reply::Extracted(Box::new(result)))?;
            }
            Request::Sanitize { html, images } => {
                if faults {
                    inject_fault(html.as_bytes());
                }
                let result = guarded(|| Ok(sanitize_here(&html, &images)))
                    .unwrap_or_else(|err| Err(err.to_string()));
                write_frame(&mut output, &Reply::Sanitized(result))?;
            }
            Request::Pst { path, limits } => {
                let mut failed = None;
                let result = guarded(|| {
                    read_pst(&path, &limits, &mut |item| match write_frame(
                        &mut output,
                        &Reply::PstItem(item),
                    ) {
                        Ok(()) => true,
                        Err(err) => {
                            failed = Some(err);
                            false
                        }
                    })
                });
                if let Some(err) = failed {
                    return Err(err);
                }
                write_frame(&mut output, &Reply::PstDone(result))?;
            }
            Request::Ocr(job) => {
                if faults {
                    inject_fault(&job.bytes);
                }
                let mut failed = None;
                let _ = guarded(|| {
                    run_job(
                        &job,
                        &mut |page| match write_frame(&mut output, &Reply::OcrPage(page)) {
                            Ok(()) => true,
                            Err(err) => {
                                failed = Some(err);
                                false
                            }
                        },
                    );
                    Ok(())
                });
                if let Some(err) = failed {
                    return Err(err);
                }
                write_frame(&mut output, &Reply::OcrDone)?;
            }
        }
    }
}

fn sanitize_here(html: &str, images: &[(String, usize)]) -> Result<String, String> {
    // The indexer checked the HTML's shape before sending it.
    let images = images.iter().cloned().collect();
    Ok(sanitize::clean_html(html, &images))
}

fn inject_fault(bytes: &[u8]) {
    if bytes.starts_with(b"FOUILLE-TEST-HANG") {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    if bytes.starts_with(b"FOUILLE-TEST-ABORT") {
        std::process::abort();
    }
    if bytes.starts_with(b"FOUILLE-TEST-ALLOC") {
        let mut hog: Vec<Vec<u8>> = Vec::new();
        loop {
            hog.push(vec![1u8; 64 * 1024 * 1024]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DocumentMetadata;

    #[test]
    fn an_extraction_with_metadata_crosses_the_protocol() {
        let extraction = Extraction {
            text: "Dons".into(),
            metadata: Some(DocumentMetadata {
                last_editor: Some("Георгий Петров".into()),
                software: vec!["Microsoft Excel".into()],
                ..DocumentMetadata::default()
            }),
            ..Extraction::default()
        };
        let mut frames = Vec::new();
        write_frame(
            &mut frames,
            &Reply::Extracted(Box::new(Ok(extraction.clone()))),
        )
        .unwrap();
        write_frame(
            &mut frames,
            &Reply::Extracted(Box::new(Ok(Extraction::default()))),
        )
        .unwrap();
        let mut input = frames.as_slice();
        for expected in [extraction, Extraction::default()] {
            match read_frame::<Reply>(&mut input).unwrap() {
                Reply::Extracted(result) => assert_eq!(*result, Ok(expected)),
                _ => panic!("not an extraction"),
            }
        }
    }
}
