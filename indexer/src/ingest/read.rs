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
    let mut send = |item: Work| work.send(item).is_ok();
    for (index, file) in files.iter().enumerate() {
        if halted() {
            return;
        }
        let mut reader = FileReader {
            index,
            file,
            send: &mut send,
            next_seq: &mut next_seq,
            halted: &halted,
        };
        let Some((format, outcome)) = reader.read(extractor, limits) else {
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
        if !send(end) {
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
    /// A loose document, extracted: every file that is not mail, read
    /// for its text or kept by name and type.
    Document(DocumentFormat),
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
        // An empty file: a document with no text, found by its name.
        FileKind::NotMail(_) if head.is_empty() => Plan::Document(DocumentFormat::Text),
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
            Plan::Document(format)
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

/// What [`examine`] made of one file.
#[derive(Debug, Default)]
pub struct Examined {
    /// Each message's or the document's expansion, in file order.
    pub expansions: Vec<Expansion>,
    /// Messages that were found but not read (too large, a damaged PST
    /// item), with the reason.
    pub unread: Vec<String>,
    /// The format the ledger would record.
    pub format: String,
    /// Why the file was not read, or not wholly, if so.
    pub refused: Option<String>,
}

/// Reads one input file exactly as `fouille index` does, with the same
/// reader ([`plan`], mbox splitting, PST reading, size limits) and the same
/// parsing stage (message parsing, language, attachments and their
/// extraction through `expander`), all in this thread. For fuzzing and its
/// regression tests.
pub fn examine(
    path: &std::path::Path,
    expander: &mut Expander,
    extractor: &mut Extractor,
    limits: &Limits,
) -> Examined {
    let mut examined = Examined::default();
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) => {
            examined.refused = Some(format!("cannot read: {err}"));
            return examined;
        }
    };
    let file = InputFile {
        path: path.to_path_buf(),
        root: path.parent().unwrap_or(path).into(),
        size: metadata.len(),
        mtime: 0,
    };
    let mut seq = 0u64;
    let mut next_seq = || {
        seq += 1;
        seq
    };
    let mut send = |work: Work| {
        if let (
            _,
            Done::Item {
                unread, expansion, ..
            },
        ) = process(work, expander, None)
        {
            match unread {
                Some(reason) => examined.unread.push(reason),
                None => examined.expansions.push(expansion),
            }
        }
        true
    };
    let mut reader = FileReader {
        index: 0,
        file: &file,
        send: &mut send,
        next_seq: &mut next_seq,
        halted: &|| false,
    };
    if let Some((format, outcome)) = reader.read(extractor, limits) {
        examined.format = format;
        examined.refused = match outcome {
            FileOutcome::Read | FileOutcome::Declared(_) => None,
            FileOutcome::Failed(reason) => Some(reason),
        };
    }
    examined
}

/// Reading one input file: what it is, then its messages or its document,
/// each sent to the parsers with its sequence number.
pub(super) struct FileReader<'a> {
    /// Position of the file in the run.
    pub(super) index: usize,
    pub(super) file: &'a InputFile,
    /// Hands one item to the parsers; false once they take no more.
    pub(super) send: &'a mut dyn FnMut(Work) -> bool,
    pub(super) next_seq: &'a mut dyn FnMut() -> u64,
    /// True once the run is cancelled or the writer failed.
    pub(super) halted: &'a dyn Fn() -> bool,
}

/// The ledger's format name and what became of a file; `None` when the run
/// was interrupted inside it.
type FileRead = Option<(String, FileOutcome)>;

fn failed(format: &str, reason: String) -> FileRead {
    Some((format.to_string(), FileOutcome::Failed(reason)))
}

impl FileReader<'_> {
    /// Reads the file and sends its messages or its document.
    pub(super) fn read(&mut self, extractor: &mut Extractor, limits: &Limits) -> FileRead {
        let mut head = Vec::with_capacity(8192);
        if let Err(err) =
            File::open(&self.file.path).and_then(|f| f.take(8192).read_to_end(&mut head))
        {
            return failed("unknown", format!("cannot read: {err}"));
        }
        let name = self
            .file
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        match plan(&head, &name, self.file.in_maildir()) {
            Plan::Pst => self.read_pst(extractor, limits),
            Plan::Document(format) => self.read_document(format, name, limits),
            Plan::Message { format, emlx } => self.read_message(format, emlx),
            Plan::Mbox => self.read_mbox(),
        }
    }

    /// Sends one message (or why it could not be read).
    fn send_message(
        &mut self,
        part: u32,
        folder: String,
        raw: std::result::Result<Vec<u8>, String>,
        rebuilt: bool,
    ) -> bool {
        let source = Source {
            path: self.file.display(),
            part,
            folder,
            entry: None,
            // Set by the writer once the message is parsed.
            message_id: None,
            copy: false,
        };
        let seq = (self.next_seq)();
        (self.send)(Work::Message {
            seq,
            file: self.index,
            part,
            source,
            raw,
            rebuilt,
        })
    }

    /// A PST, read in the extraction worker, message by message.
    fn read_pst(&mut self, extractor: &mut Extractor, limits: &Limits) -> FileRead {
        let mut part = 0u32;
        let mut interrupted = false;
        let file_folder = self.file.folder(true);
        let path = self.file.path.clone();
        let result = extractor.read_pst(&path, limits, &mut |item| {
            if (self.halted)() {
                interrupted = true;
                return false;
            }
            part += 1;
            let (folder, raw) = match item {
                PstItem::Message { folder, eml } => (folder, Ok(eml)),
                PstItem::Failed { folder, reason } => (folder, Err(reason)),
            };
            self.send_message(part, folder_of_pst(&file_folder, &folder), raw, true)
        });
        if interrupted || (self.halted)() {
            return None;
        }
        match result {
            Ok(summary) => Some(("pst".into(), FileOutcome::Declared(summary.declared))),
            Err(err) if part == 0 => failed("pst", err.to_string()),
            Err(err) => failed("pst", format!("read error after {part} messages: {err}")),
        }
    }

    /// A loose document, sent whole to be extracted.
    fn read_document(&mut self, format: DocumentFormat, name: String, limits: &Limits) -> FileRead {
        if self.file.size > limits.max_document_bytes {
            return failed(
                format.name(),
                format!(
                    "document of {} bytes, larger than {}",
                    self.file.size, limits.max_document_bytes
                ),
            );
        }
        let bytes = match std::fs::read(&self.file.path) {
            Ok(bytes) => bytes,
            Err(err) => return failed(format.name(), format!("cannot read: {err}")),
        };
        let work = Work::Document {
            seq: (self.next_seq)(),
            file: self.index,
            source: Source {
                path: self.file.display(),
                part: 0,
                folder: self.file.folder(false),
                entry: None,
                message_id: None,
                copy: false,
            },
            name,
            bytes,
        };
        (self.send)(work).then(|| (format.name().to_string(), FileOutcome::Read))
    }

    /// A file that is one message (eml, Maildir, emlx).
    fn read_message(&mut self, format: &'static str, emlx: bool) -> FileRead {
        if self.file.size > MAX_MESSAGE_BYTES as u64 {
            return failed(
                format,
                format!("message larger than {MAX_MESSAGE_BYTES} bytes"),
            );
        }
        let bytes = match std::fs::read(&self.file.path) {
            Ok(bytes) => bytes,
            Err(err) => return failed(format, format!("cannot read: {err}")),
        };
        let raw = if emlx {
            emlx_message(&bytes).to_vec()
        } else {
            bytes
        };
        let folder = self.file.folder(false);
        self.send_message(0, folder, Ok(raw), false);
        Some((format.into(), FileOutcome::Read))
    }

    /// An mbox, split as it is read.
    fn read_mbox(&mut self) -> FileRead {
        let reader = match File::open(&self.file.path) {
            Ok(f) => BufReader::with_capacity(256 * 1024, f),
            Err(err) => return failed("mbox", format!("cannot read: {err}")),
        };
        let folder = self.file.folder(true);
        for (n, entry) in MboxSplitter::new(reader, MAX_MESSAGE_BYTES).enumerate() {
            if (self.halted)() {
                return None;
            }
            let part = n as u32 + 1;
            let raw = match entry {
                Ok(MboxEntry::Message(raw)) => Ok(raw),
                Ok(MboxEntry::TooLarge(size)) => Err(format!(
                    "message of {size} bytes, larger than {MAX_MESSAGE_BYTES}"
                )),
                Err(err) => {
                    return failed("mbox", format!("read error after {n} messages: {err}"));
                }
            };
            if !self.send_message(part, folder.clone(), raw, false) {
                return None;
            }
        }
        Some(("mbox".into(), FileOutcome::Read))
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
