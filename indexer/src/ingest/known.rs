//! What the archive already holds, loaded when a run starts: ids, dedup
//! keys and thread state, kept as numbers.

use super::*;
use crate::thread::ExistingMessage;

/// A 64-bit hash of a path, to recognise files without keeping their names.
pub(super) fn path_hash(path: &str) -> u64 {
    u64::from_le_bytes(
        blake3::hash(path.as_bytes()).as_bytes()[..8]
            .try_into()
            .expect("8 bytes"),
    )
}

/// An id or dedup key as a number (a foreign string is hashed instead).
pub(super) fn key_of(text: &str) -> u128 {
    match u128::from_str_radix(text, 16) {
        Ok(key) if text.len() == 32 => key,
        _ => u128::from_le_bytes(
            blake3::hash(text.as_bytes()).as_bytes()[..16]
                .try_into()
                .expect("16 bytes"),
        ),
    }
}

/// The id a [`key_of`] came from (ids are always 32 lowercase hex digits).
pub(super) fn id_of(key: u128) -> String {
    format!("{key:032x}")
}

pub(super) fn load_state(searcher: &Searcher) -> Result<KnownState> {
    use fouille_schema::fields::{
        DATE, DEDUP_KEY, ID, IS_REPLY, KIND, MESSAGE_ID_KEY, REFERENCES, SUBJECT_KEY, THREAD_ID,
    };
    let mut state = KnownState::default();
    let mut columns = None;
    let mut current_segment = None;
    for_each_live_document(searcher, |segment, doc| {
        let segment_id = segment.segment_id();
        if current_segment != Some(segment_id) {
            let fast = segment.fast_fields();
            columns = Some((
                [
                    ID,
                    MESSAGE_ID_KEY,
                    REFERENCES,
                    SUBJECT_KEY,
                    THREAD_ID,
                    DEDUP_KEY,
                    KIND,
                ]
                .map(|name| fast.str(name).ok().flatten()),
                fast.date(DATE)?,
                fast.u64(IS_REPLY)?,
            ));
            current_segment = Some(segment_id);
        }
        let Some(([ids, mids, refs, subjects, threads, dedup, kinds], dates, replies)) = &columns
        else {
            return Ok(());
        };
        let Some(id) = first_str(ids.as_ref(), doc) else {
            return Ok(());
        };
        if let Some(key) = first_str(dedup.as_ref(), doc) {
            state.by_dedup_key.insert(key_of(&key), key_of(&id));
        }
        // Attachments share their message's thread and have nothing of
        // their own to thread by.
        if let Some(thread) = first_str(threads.as_ref(), doc).and_then(|t| parse_thread_id(&t))
            && first_str(kinds.as_ref(), doc).as_deref() == Some(DocumentKind::Email.as_str())
        {
            let subject = first_str(subjects.as_ref(), doc).unwrap_or_default();
            state.threader.remember_existing(
                &ExistingMessage {
                    id: &id,
                    // Every copy's, merged ones included.
                    message_id_keys: &str_values(mids.as_ref(), doc),
                    references: &str_values(refs.as_ref(), doc),
                    subject_key: &subject,
                    date: dates.first(doc).map(|date| date.into_timestamp_secs()),
                    from_reply: replies.first(doc) == Some(1),
                },
                thread,
            );
        }
        state.ids.insert(key_of(&id));
        Ok(())
    })?;
    Ok(state)
}
