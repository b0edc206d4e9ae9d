//! Threading: a thread id per message from Message-ID, In-Reply-To and
//! References, falling back on the normalised subject for mail that carries no
//! reference headers (Outlook and Exchange exports often don't).
//!
//! Messages are threaded in input order. A message joins the thread of the
//! first of its referenced ids (oldest first) or its own id already seen;
//! else, when it has no references, the thread of a message with the same
//! normalised subject within [`SUBJECT_WINDOW_SECS`] if either subject is a
//! reply or forward (`Re:`, `TR:`, `Fwd:`…); else it starts a thread. Every
//! id it names then points to its thread, so a reply seen before its parent
//! still meets it.
//!
//! A copy merged into a message already kept brings its own Message-ID (the
//! Enron export gave each folder's copy another one): that id then points
//! to the kept message's thread. When a reply to that id came first and
//! started a thread of its own, the two threads are merged: the reply's
//! thread is marked as moved into the kept message's, and the writer
//! rewrites its documents (see [`Threader::add_copy`]).

use std::collections::HashMap;

use fouille_extract::message::{is_reply_subject, subject_key};

/// How far apart in time two messages threaded only by subject may be.
pub const SUBJECT_WINDOW_SECS: i64 = 60 * 24 * 3600;

/// Minimum length of a subject key used for threading; shorter ones
/// ("re", "?") say nothing.
const MIN_SUBJECT_KEY: usize = 3;

fn hash(kind: &str, text: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(kind.as_bytes());
    hasher.update(b":");
    hasher.update(text.as_bytes());
    let bytes = hasher.finalize();
    u64::from_le_bytes(bytes.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// Formats a thread id as stored.
pub fn thread_id_string(thread: u64) -> String {
    format!("{thread:016x}")
}

/// Parses a stored thread id.
pub fn parse_thread_id(text: &str) -> Option<u64> {
    u64::from_str_radix(text, 16).ok()
}

#[derive(Debug, Clone, Copy)]
struct SubjectThread {
    thread: u64,
    date: Option<i64>,
    from_reply: bool,
}

/// Thread assignment state for one archive.
#[derive(Debug, Default)]
pub struct Threader {
    by_message_id: HashMap<u64, u64>,
    by_subject: HashMap<u64, SubjectThread>,
    /// The thread of each message document, by a hash of its id: where a
    /// copy of it found later goes.
    by_document: HashMap<u64, u64>,
    /// Threads merged into another during this run, to the one they joined
    /// (their documents still carry the old id until rewritten).
    moved: HashMap<u64, u64>,
}

/// Longest chain of moved threads followed; a run merges each thread at
/// most once, so chains stay short, but a bound costs nothing.
const MAX_MOVES: usize = 64;

/// What threading reads back of a message already in the archive.
pub struct ExistingMessage<'a> {
    /// The document id.
    pub id: &'a str,
    /// The Message-ID of each copy, without brackets.
    pub message_id_keys: &'a [String],
    /// Referenced ids, oldest first.
    pub references: &'a [String],
    /// Its subject key.
    pub subject_key: &'a str,
    /// Date, seconds.
    pub date: Option<i64>,
    /// Its subject says it answers or forwards another message.
    pub from_reply: bool,
}

/// What threading needs to know about a message.
pub struct ThreadInput<'a> {
    /// Message-ID without brackets.
    pub message_id_key: Option<&'a str>,
    /// Referenced ids, oldest first.
    pub references: &'a [String],
    /// Decoded subject.
    pub subject: &'a str,
    /// Date, seconds.
    pub date: Option<i64>,
    /// The document id, the last resort of a thread root.
    pub id: &'a str,
}

impl Threader {
    /// Assigns the thread of a new message and remembers it.
    pub fn assign(&mut self, input: &ThreadInput) -> u64 {
        let id_hashes: Vec<u64> = input
            .references
            .iter()
            .map(String::as_str)
            .chain(input.message_id_key)
            .map(|id| hash("mid", id))
            .collect();
        let key = subject_key(input.subject);
        let subject_hash = (key.chars().count() >= MIN_SUBJECT_KEY).then(|| hash("subject", &key));
        let is_reply = is_reply_subject(input.subject);

        let mut thread = id_hashes
            .iter()
            .find_map(|id| self.by_message_id.get(id).map(|&t| self.resolve(t)));
        if thread.is_none()
            && input.references.is_empty()
            && let Some(subject_hash) = subject_hash
            && let Some(known) = self.by_subject.get(&subject_hash)
            && (is_reply || known.from_reply)
            && within_window(known.date, input.date)
        {
            thread = Some(self.resolve(known.thread));
        }
        let thread = thread.unwrap_or_else(|| match id_hashes.first() {
            Some(&root) => root,
            None => hash("doc", input.id),
        });
        self.remember(&id_hashes, subject_hash, thread, input.date, is_reply);
        self.by_document.insert(hash("doc", input.id), thread);
        thread
    }

    /// The thread `thread` now is: itself, or the one it was merged into.
    pub fn resolve(&self, mut thread: u64) -> u64 {
        for _ in 0..MAX_MOVES {
            match self.moved.get(&thread) {
                Some(&next) if next != thread => thread = next,
                _ => break,
            }
        }
        thread
    }

    /// The thread of the message document `id`, if it is known.
    pub fn thread_of_document(&self, id: &str) -> Option<u64> {
        self.by_document
            .get(&hash("doc", id))
            .map(|&thread| self.resolve(thread))
    }

    /// Records a copy of the message document `id`, merged into it: the
    /// copy's Message-ID and references point to its thread from now on.
    /// When a message naming the copy's Message-ID came first and started
    /// another thread, that thread is merged into the document's: its old
    /// id is returned, for the writer to rewrite its documents.
    pub fn add_copy(
        &mut self,
        id: &str,
        message_id_key: Option<&str>,
        references: &[String],
    ) -> Option<u64> {
        let thread = self.thread_of_document(id)?;
        let mut moved = None;
        if let Some(key) = message_id_key {
            let entry = *self.by_message_id.entry(hash("mid", key)).or_insert(thread);
            let other = self.resolve(entry);
            if other != thread {
                self.moved.insert(other, thread);
                moved = Some(other);
            }
        }
        // A copy's references only point where nothing points yet: two
        // threads are merged for a Message-ID the copy itself carries.
        for reference in references {
            self.by_message_id
                .entry(hash("mid", reference))
                .or_insert(thread);
        }
        moved
    }

    /// Records an already-indexed message (when an archive is reopened):
    /// `message_id_keys` holds the Message-ID of each of its copies.
    pub fn remember_existing(&mut self, message: &ExistingMessage, thread: u64) {
        let id_hashes: Vec<u64> = message
            .references
            .iter()
            .chain(message.message_id_keys)
            .map(|id| hash("mid", id))
            .collect();
        let subject_hash = (message.subject_key.chars().count() >= MIN_SUBJECT_KEY)
            .then(|| hash("subject", message.subject_key));
        self.remember(
            &id_hashes,
            subject_hash,
            thread,
            message.date,
            message.from_reply,
        );
        self.by_document.insert(hash("doc", message.id), thread);
    }

    fn remember(
        &mut self,
        id_hashes: &[u64],
        subject_hash: Option<u64>,
        thread: u64,
        date: Option<i64>,
        from_reply: bool,
    ) {
        for id in id_hashes {
            self.by_message_id.entry(*id).or_insert(thread);
        }
        if let Some(subject_hash) = subject_hash {
            let known = self
                .by_subject
                .get(&subject_hash)
                .map(|known| self.resolve(known.thread));
            let entry = self
                .by_subject
                .entry(subject_hash)
                .or_insert(SubjectThread {
                    thread,
                    date,
                    from_reply,
                });
            if let Some(known) = known {
                entry.thread = known;
            }
            if entry.thread == thread {
                entry.date = match (entry.date, date) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                entry.from_reply |= from_reply;
            } else if date >= entry.date {
                *entry = SubjectThread {
                    thread,
                    date,
                    from_reply,
                };
            }
        }
    }
}

fn within_window(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= SUBJECT_WINDOW_SECS,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<'a>(id: &'a str, mid: &'a str, references: &'a [String]) -> ThreadInput<'a> {
        ThreadInput {
            message_id_key: Some(mid),
            references,
            subject: "",
            date: Some(1_000_000_000),
            id,
        }
    }

    #[test]
    fn a_copys_message_id_leads_to_the_kept_message() {
        let mut threader = Threader::default();
        let kept = threader.assign(&message("doc-a", "a@x", &[]));
        assert_eq!(threader.add_copy("doc-a", Some("b@x"), &[]), None);
        let reply = threader.assign(&message("doc-r", "r@x", &["b@x".to_string()]));
        assert_eq!(reply, kept);
        // Nothing known of a document that was never threaded.
        assert_eq!(threader.add_copy("doc-unknown", Some("c@x"), &[]), None);
    }

    #[test]
    fn a_reply_threaded_first_is_merged_into_the_kept_message() {
        let mut threader = Threader::default();
        let reply = threader.assign(&message("doc-r", "r@x", &["b@x".to_string()]));
        let kept = threader.assign(&message("doc-a", "a@x", &[]));
        assert_ne!(reply, kept);
        assert_eq!(threader.add_copy("doc-a", Some("b@x"), &[]), Some(reply));
        assert_eq!(threader.resolve(reply), kept);
        assert_eq!(threader.thread_of_document("doc-r"), Some(kept));
        // A later reply in the moved thread lands in the merged one.
        let late = threader.assign(&message("doc-s", "s@x", &["r@x".to_string()]));
        assert_eq!(late, kept);
        // The same copy seen again merges nothing.
        assert_eq!(threader.add_copy("doc-a", Some("b@x"), &[]), None);
    }

    #[test]
    fn messages_read_back_bring_every_copys_message_id() {
        let mut threader = Threader::default();
        threader.remember_existing(
            &ExistingMessage {
                id: "doc-a",
                message_id_keys: &["a@x".to_string(), "b@x".to_string()],
                references: &[],
                subject_key: "compressor station",
                date: Some(1_000_000_000),
                from_reply: false,
            },
            7,
        );
        let reply = threader.assign(&message("doc-r", "r@x", &["b@x".to_string()]));
        assert_eq!(reply, 7);
        assert_eq!(threader.thread_of_document("doc-a"), Some(7));
    }
}
