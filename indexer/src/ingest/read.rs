//! Reading input files in order: what each file is (`plan`), splitting
//! mailboxes, and sending messages and documents to the parsers.

use super::*;

/// Reads files in order and sends their messages to the parsers.
pub(super) fn produce(
    files: &[InputFile],
    work: &WorkQueue,
    cancel: &AtomicBool,
    stop: &AtomicBool,
    extractor: &mut Extractor,
    limits: &Limits,
) {
    let mut seq = 0u64;
    let mut next_seq = || {
        seq += 1;
        seq - 1
    };
    let halted = || cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed);
    for (index, file) in files.iter().enumerate() {
        if halted() {
            return;
        }
        let Some((format, outcome)) =
            read_file(index, file, work, &mut next_seq, &halted, extractor, limits)
        else {
            // Interrupted inside the file: it gets no ledger line, so the
            // next run reads it again.
            return;
        };
        let end = Work::FileEnd {
            seq: next_seq(),
            file: index,
            format,
            outcome,
        };
        if work.send(end).is_err() {
            return;
        }
    }
}

/// How a file is read, decided from its first bytes, its name and whether
/// it sits in a Maildir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// An Outlook PST mailbox, read in the extraction worker.
    Pst,
    /// One message (`format`: eml, emlx or maildir).
    Message {
        /// The ledger's name for the format.
        format: &'static str,
        /// An Apple Mail `.emlx`: a byte count, the message, then a plist.
        emlx: bool,
    },
    /// An mbox, split into messages.
    Mbox,
    /// A loose document, extracted.
    Document(DocumentFormat),
    /// Neither mail nor a document Fouille reads.
    Unsupported(String),
}

/// Decides how to read a file from its first 8 KiB (`head`) and its name.
pub fn plan(head: &[u8], name: &str, in_maildir: bool) -> Plan {
    let mut kind = sniff(head);
    if let FileKind::NotMail(what) = &kind
        && what.starts_with("text")
        && in_maildir
    {
        // A file in a Maildir's cur/ or new/ is a message, however damaged.
        kind = FileKind::Message;
    }
    match kind {
        FileKind::NotMail(_) if head.starts_with(b"!BDN") => Plan::Pst,
        FileKind::NotMail(what) => {
            let mut format = detect_format(head, "", name);
            if matches!(
                format,
                DocumentFormat::Text | DocumentFormat::Csv | DocumentFormat::Email
            ) && looks_binary(head)
            {
                format = DocumentFormat::Other;
            }
            if format == DocumentFormat::Other && what.starts_with("text") && !looks_binary(head) {
                // Notes, logs, code: text a reporter may search.
                format = DocumentFormat::Text;
            }
            if format == DocumentFormat::Other {
                Plan::Unsupported(what)
            } else {
                Plan::Document(format)
            }
        }
        FileKind::Emlx => Plan::Message {
            format: "emlx",
            emlx: true,
        },
        FileKind::Message => Plan::Message {
            format: if in_maildir { "maildir" } else { "eml" },
            emlx: false,
        },
        FileKind::Mbox => Plan::Mbox,
    }
}

/// What [`examine`] made of one file held in memory.
#[derive(Debug, Default)]
pub struct Examined {
    /// Each message's or the document's expansion, in file order.
    pub expansions: Vec<Expansion>,
    /// Messages that could not be split out of an mbox.
    pub unread: Vec<String>,
    /// Why the file was not read, if it was not.
    pub refused: Option<String>,
}

/// Reads one file held in memory as `fouille index` reads a file on disk:
/// the same detection ([`plan`]), splitting and expansion (parsing, language,
/// attachments and their extraction through `expander`). For fuzzing and
/// its regression tests; PST files, which the reader opens by path, are only
/// detected.
pub fn examine(bytes: &[u8], name: &str, expander: &mut Expander) -> Examined {
    let mut examined = Examined::default();
    let head = &bytes[..bytes.len().min(8192)];
    match plan(head, name, false) {
        Plan::Pst => examined.refused = Some("pst: read by path only".into()),
        Plan::Unsupported(what) => examined.refused = Some(format!("not mail: {what}")),
        Plan::Document(_) => {
            if bytes.len() as u64 > expander.limits.max_document_bytes {
                examined.refused = Some("document too large".into());
            } else {
                examined
                    .expansions
                    .push(expander.document(bytes.to_vec(), name));
            }
        }
        Plan::Message { emlx, .. } => {
            if bytes.len() > MAX_MESSAGE_BYTES {
                examined.refused = Some("message too large".into());
            } else {
                let raw = if emlx { emlx_message(bytes) } else { bytes };
                examined.expansions.push(expander.email(raw.to_vec()));
            }
        }
        Plan::Mbox => {
            for entry in MboxSplitter::new(bytes, MAX_MESSAGE_BYTES) {
                match entry {
                    Ok(MboxEntry::Message(raw)) => examined.expansions.push(expander.email(raw)),
                    Ok(MboxEntry::TooLarge(size)) => {
                        examined.unread.push(format!("message of {size} bytes"))
                    }
                    Err(err) => {
                        examined.unread.push(err.to_string());
                        break;
                    }
                }
            }
        }
    }
    examined
}

/// Reads one file and sends its messages; `None` if interrupted inside it.
pub(super) fn read_file(
    index: usize,
    file: &InputFile,
    work: &WorkQueue,
    next_seq: &mut dyn FnMut() -> u64,
    halted: &dyn Fn() -> bool,
    extractor: &mut Extractor,
    limits: &Limits,
) -> Option<(String, FileOutcome)> {
    let failed =
        |format: &str, reason: String| Some((format.to_string(), FileOutcome::Failed(reason)));
    let mut head = Vec::with_capacity(8192);
    if let Err(err) = File::open(&file.path).and_then(|f| f.take(8192).read_to_end(&mut head)) {
        return failed("unknown", format!("cannot read: {err}"));
    }
    let path = file.display();
    let send = |part: u32, folder: String, raw: std::result::Result<Vec<u8>, String>, seq: u64| {
        let source = Source {
            path: path.clone(),
            part,
            folder,
            entry: None,
        };
        work.send(Work::Message {
            seq,
            file: index,
            part,
            source,
            raw,
        })
        .is_ok()
    };
    let name = file
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match plan(&head, &name, file.in_maildir()) {
        Plan::Pst => {
            let mut part = 0u32;
            let mut interrupted = false;
            let result = extractor.read_pst(&file.path, limits, &mut |item| {
                if halted() {
                    interrupted = true;
                    return false;
                }
                part += 1;
                let (folder, raw) = match item {
                    PstItem::Message { folder: inner, eml } => (inner, Ok(eml)),
                    PstItem::Failed {
                        folder: inner,
                        reason,
                    } => (inner, Err(reason)),
                };
                send(
                    part,
                    folder_of_pst(&file.folder(true), &folder),
                    raw,
                    next_seq(),
                )
            });
            if interrupted || halted() {
                return None;
            }
            match result {
                Ok(summary) => Some(("pst".into(), FileOutcome::Declared(summary.declared))),
                Err(err) if part == 0 => failed("pst", err.to_string()),
                Err(err) => failed("pst", format!("read error after {part} messages: {err}")),
            }
        }
        Plan::Unsupported(what) => Some((
            "other".into(),
            FileOutcome::Unsupported(format!("not mail: {what}")),
        )),
        Plan::Document(format) => {
            if file.size > limits.max_document_bytes {
                return failed(
                    format.name(),
                    format!(
                        "document of {} bytes, larger than {}",
                        file.size, limits.max_document_bytes
                    ),
                );
            }
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(err) => return failed(format.name(), format!("cannot read: {err}")),
            };
            let sent = work
                .send(Work::Document {
                    seq: next_seq(),
                    file: index,
                    source: Source {
                        path: path.clone(),
                        part: 0,
                        folder: file.folder(false),
                        entry: None,
                    },
                    name,
                    bytes,
                })
                .is_ok();
            sent.then(|| (format.name().to_string(), FileOutcome::Read))
        }
        Plan::Message { format, emlx } => {
            if file.size > MAX_MESSAGE_BYTES as u64 {
                return failed(
                    format,
                    format!("message larger than {MAX_MESSAGE_BYTES} bytes"),
                );
            }
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(err) => return failed(format, format!("cannot read: {err}")),
            };
            let raw = if emlx {
                emlx_message(&bytes).to_vec()
            } else {
                bytes
            };
            send(0, file.folder(false), Ok(raw), next_seq());
            Some((format.into(), FileOutcome::Read))
        }
        Plan::Mbox => {
            let reader = match File::open(&file.path) {
                Ok(f) => BufReader::with_capacity(256 * 1024, f),
                Err(err) => return failed("mbox", format!("cannot read: {err}")),
            };
            let folder = file.folder(true);
            for (n, entry) in MboxSplitter::new(reader, MAX_MESSAGE_BYTES).enumerate() {
                if halted() {
                    return None;
                }
                let part = n as u32 + 1;
                let sent = match entry {
                    Ok(MboxEntry::Message(raw)) => send(part, folder.clone(), Ok(raw), next_seq()),
                    Ok(MboxEntry::TooLarge(size)) => send(
                        part,
                        folder.clone(),
                        Err(format!(
                            "message of {size} bytes, larger than {MAX_MESSAGE_BYTES}"
                        )),
                        next_seq(),
                    ),
                    Err(err) => {
                        return failed("mbox", format!("read error after {n} messages: {err}"));
                    }
                };
                if !sent {
                    return None;
                }
            }
            Some(("mbox".into(), FileOutcome::Read))
        }
    }
}

/// True when `head` holds control bytes no text file has.
pub(super) fn looks_binary(head: &[u8]) -> bool {
    let controls = head
        .iter()
        .filter(|&&byte| byte < 0x09 || ((0x0E..0x20).contains(&byte) && byte != 0x1B))
        .count();
    controls * 100 > head.len().max(1) * 2
}

/// A PST's folder path under the folder of the PST file itself.
pub(super) fn folder_of_pst(file_folder: &str, inner: &str) -> String {
    match (file_folder.is_empty(), inner.is_empty()) {
        (_, true) => file_folder.to_string(),
        (true, false) => inner.to_string(),
        (false, false) => format!("{file_folder}/{inner}"),
    }
}
