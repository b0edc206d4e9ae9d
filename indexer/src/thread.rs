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
            .find_map(|id| self.by_message_id.get(id).copied());
        if thread.is_none()
            && input.references.is_empty()
            && let Some(subject_hash) = subject_hash
            && let Some(known) = self.by_subject.get(&subject_hash)
            && (is_reply || known.from_reply)
            && within_window(known.date, input.date)
        {
            thread = Some(known.thread);
        }
        let thread = thread.unwrap_or_else(|| match id_hashes.first() {
            Some(&root) => root,
            None => hash("doc", input.id),
        });
        self.remember(&id_hashes, subject_hash, thread, input.date, is_reply);
        thread
    }

    /// Records an already-indexed message (when an archive is reopened).
    pub fn remember_existing(
        &mut self,
        message_id_key: Option<&str>,
        references: &[String],
        subject_key_text: &str,
        thread: u64,
        date: Option<i64>,
        from_reply: bool,
    ) {
        let id_hashes: Vec<u64> = references
            .iter()
            .map(String::as_str)
            .chain(message_id_key)
            .map(|id| hash("mid", id))
            .collect();
        let subject_hash = (subject_key_text.chars().count() >= MIN_SUBJECT_KEY)
            .then(|| hash("subject", subject_key_text));
        self.remember(&id_hashes, subject_hash, thread, date, from_reply);
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
            let entry = self
                .by_subject
                .entry(subject_hash)
                .or_insert(SubjectThread {
                    thread,
                    date,
                    from_reply,
                });
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
