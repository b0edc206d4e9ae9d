//! The hold: the last documents written wait a little before they go to
//! tantivy, so that a copy of a message found soon after (the same mail in
//! another folder: Enron holds 8,500 such copies, most within a thousand
//! messages of the first) joins the kept message's sources before it is
//! indexed. Otherwise the commit parses, detects and indexes the message a
//! second time. Documents leave the hold in the order they entered it, so
//! the archive is the same whatever the hold's size.
//!
//! A copy joins a held message only once its own file has ended, as with
//! messages already indexed. Its source may then reach the archive in the
//! commit that precedes its file's ledger line (the first of a commit's two,
//! which lets documents be rewritten): it is marked as a copy, so that a run
//! resumed after a crash between the two still counts it as one.

use std::collections::VecDeque;
use std::rc::Rc;

use fouille_extract::sanitize::ReaderHtml;
use fouille_schema::stored::DkimReport;

use super::*;
use crate::lang::LanguageGuess;

/// Documents held at most by default: Enron's copies are within 1,000
/// messages of the first for three in four, within 5,000 for 94 %.
pub(super) const HOLD_DOCUMENTS: usize = 4_096;

/// Bytes held at most (raw messages, text and HTML), so that emails
/// carrying large attachments leave sooner: 4,096 Enron messages weigh
/// about 27 MiB; at 96 MiB, the leak-shaped corpus's peak memory grew from
/// 0.45 to 0.6–0.8 GiB, at 32 MiB it did not grow.
const HOLD_BYTES: usize = 32 << 20;

/// A message written but not yet indexed, with what its document is built
/// from.
pub(super) struct HeldEmail {
    pub(super) message: Rc<ParsedMessage>,
    pub(super) language: LanguageGuess,
    pub(super) thread: String,
    pub(super) sources: Vec<Source>,
    pub(super) raw: Vec<u8>,
    pub(super) parent_id: Option<String>,
    pub(super) dkim: DkimReport,
    /// Copies found while it was held, in input order.
    pub(super) copies: Vec<PendingDuplicate>,
}

enum Held {
    Email(Box<HeldEmail>),
    Document(TantivyDocument),
}

/// Documents waiting to be indexed, oldest first.
pub(super) struct Hold {
    /// Documents held at most.
    limit: usize,
    entries: VecDeque<(Held, usize)>,
    /// Position of each held message (counted from the first document ever
    /// held), by id key.
    emails: HashMap<u128, u64>,
    /// Documents that have left the hold.
    released: u64,
    bytes: usize,
}

impl Hold {
    pub(super) fn new(limit: usize) -> Hold {
        Hold {
            limit,
            entries: VecDeque::new(),
            emails: HashMap::new(),
            released: 0,
            bytes: 0,
        }
    }

    pub(super) fn push_email(&mut self, email: HeldEmail) {
        let html = match &email.message.html {
            ReaderHtml::Clean(html) => html.len(),
            _ => 0,
        };
        let bytes = email.raw.len() + email.message.body.len() + html;
        let position = self.released + self.entries.len() as u64;
        self.emails.insert(key_of(&email.message.id), position);
        self.entries
            .push_back((Held::Email(Box::new(email)), bytes));
        self.bytes += bytes;
    }

    pub(super) fn push_document(&mut self, doc: TantivyDocument) {
        let bytes = document_bytes(&doc);
        self.entries.push_back((Held::Document(doc), bytes));
        self.bytes += bytes;
    }

    /// Records a copy of the message `id` if that message is held; gives the
    /// copy back otherwise.
    pub(super) fn add_copy(
        &mut self,
        id: &str,
        copy: PendingDuplicate,
    ) -> Option<PendingDuplicate> {
        let Some(&position) = self.emails.get(&key_of(id)) else {
            return Some(copy);
        };
        match &mut self.entries[(position - self.released) as usize].0 {
            Held::Email(email) => email.copies.push(copy),
            Held::Document(_) => unreachable!("a held message's position holds it"),
        }
        None
    }

    fn over(&self) -> bool {
        self.entries.len() > self.limit || self.bytes > HOLD_BYTES
    }

    fn pop(&mut self) -> Option<Held> {
        let (held, bytes) = self.entries.pop_front()?;
        self.released += 1;
        self.bytes -= bytes;
        if let Held::Email(email) = &held {
            self.emails.remove(&key_of(&email.message.id));
        }
        Some(held)
    }
}

/// What a document weighs in memory, roughly: its text and bytes.
fn document_bytes(doc: &TantivyDocument) -> usize {
    doc.field_values()
        .map(|(_, value)| {
            value
                .as_str()
                .map(str::len)
                .or_else(|| value.as_bytes().map(<[u8]>::len))
                .unwrap_or(8)
        })
        .sum()
}

impl WriterState<'_> {
    /// Indexes the oldest held documents until the hold is within bounds.
    pub(super) fn release_over(&mut self) -> Result<()> {
        while self.hold.over() {
            self.release_one()?;
        }
        Ok(())
    }

    /// Indexes every held document (before a commit).
    pub(super) fn release_all(&mut self) -> Result<()> {
        while !self.hold.entries.is_empty() {
            self.release_one()?;
        }
        Ok(())
    }

    fn release_one(&mut self) -> Result<()> {
        let doc = match self.hold.pop() {
            Some(Held::Document(doc)) => doc,
            Some(Held::Email(email)) => self.email_document(*email),
            None => return Ok(()),
        };
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// The document of a held message, with the sources of its copies whose
    /// file has ended. A copy from a file still being read waits for the
    /// commit after its file's end, as copies of indexed messages do (see
    /// [`WriterState::commit`]).
    fn email_document(&mut self, email: HeldEmail) -> TantivyDocument {
        let HeldEmail {
            message,
            language,
            thread,
            mut sources,
            raw,
            parent_id,
            dkim,
            copies,
        } = email;
        let first = sources.len();
        for copy in copies {
            if self.file_ended(copy.file) {
                self.count_copy(&mut sources, copy);
            } else {
                self.pending.push(copy);
            }
        }
        if sources.len() != first {
            sources.sort();
        }
        build_document(
            self.archive.fields(),
            &message,
            &DocumentContext {
                language: &language,
                thread_id: &thread,
                sources: &sources,
                raw: &raw,
                parent_id: parent_id.as_deref(),
                dkim: &dkim,
            },
        )
    }
}
