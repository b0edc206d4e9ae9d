//! Checking an archive's signed emails again, without indexing anything
//! again (`fouille dkim`): keys found after indexing — in another leak, in a
//! DNS history service, or fetched with `--dns` — turn `nokey` into `pass`
//! or `fail`. Only emails that carry a signature are read; an email whose
//! report changes is rebuilt from its stored bytes with the new report.

use std::collections::BTreeMap;
use std::path::Path;

use fouille_schema::stored::{DkimReport, StoredSummary};
use fouille_schema::{Archive, DkimOutcome, Fields, Result};
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::{EmailFacts, KeyRing, Verifier};
use crate::document::{rebuild_email_document, sender_domain, stored_summary};
use crate::ingest::{IngestOptions, commit_keeping_ledger, open_writer};

/// What a re-verification did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reverified {
    /// Keys added to the archive's key ring (new or changed).
    pub keys_added: usize,
    /// Keys the archive's key ring now holds.
    pub keys: usize,
    /// Signed emails checked.
    pub checked: u64,
    /// Emails whose report changed.
    pub changed: u64,
    /// Signed emails per outcome, before.
    pub before: BTreeMap<String, u64>,
    /// Signed emails per outcome, after.
    pub after: BTreeMap<String, u64>,
}

/// Outcomes that come from a signature: the emails worth checking again.
const SIGNED: [DkimOutcome; 5] = [
    DkimOutcome::Pass,
    DkimOutcome::Partial,
    DkimOutcome::Fail,
    DkimOutcome::NoKey,
    DkimOutcome::Invalid,
];

/// Adds `keys` to the key ring of the archive in `dir`, then checks every
/// signed email against the whole ring; `progress` hears (done, total).
pub fn reverify(
    dir: &Path,
    keys: &KeyRing,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Reverified> {
    let archive = Archive::open(dir)?;
    let options = IngestOptions::default();
    let mut writer = open_writer(&archive, &options, dir)?;
    let mut ring = KeyRing::load(dir)?;
    let keys_added = ring.merge(keys);
    if keys_added > 0 {
        ring.save(dir)?;
    }
    let verifier = Verifier::new(&ring);
    let fields = *archive.fields();
    let searcher = archive.reader()?.searcher();
    let signed = searcher.search(&signed_query(&fields), &DocSetCollector)?;
    let total = signed.len() as u64;
    let mut done = Reverified {
        keys_added,
        keys: ring.len(),
        ..Reverified::default()
    };
    for address in signed {
        let stored: TantivyDocument = searcher.doc(address)?;
        let Some(summary) = stored_summary(&fields, &stored) else {
            continue;
        };
        let before = summary.dkim.clone().unwrap_or_else(DkimReport::unsigned);
        let after = check(&verifier, &fields, &stored, &summary);
        done.checked += 1;
        *done
            .before
            .entry(before.outcome.as_str().into())
            .or_default() += 1;
        *done.after.entry(after.outcome.as_str().into()).or_default() += 1;
        if after != before {
            done.changed += 1;
            let id = stored
                .get_first(fields.id)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string();
            let summary = StoredSummary {
                dkim: Some(after),
                ..summary
            };
            let (doc, _) = rebuild_email_document(&fields, &stored, summary, None)?;
            writer.delete_term(Term::from_field_text(fields.id, &id));
            writer.add_document(doc)?;
        }
        progress(done.checked, total);
    }
    if done.changed > 0 {
        commit_keeping_ledger(&mut writer, &archive)?;
    }
    writer.wait_merging_threads()?;
    Ok(done)
}

/// Emails whose stored outcome comes from a signature.
fn signed_query(fields: &Fields) -> BooleanQuery {
    BooleanQuery::new(
        SIGNED
            .iter()
            .map(|outcome| {
                let term = Term::from_field_text(fields.dkim, outcome.as_str());
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect(),
    )
}

/// The report of a stored email, checked again.
fn check(
    verifier: &Verifier,
    fields: &Fields,
    stored: &TantivyDocument,
    summary: &StoredSummary,
) -> DkimReport {
    let raw = stored
        .get_first(fields.raw)
        .and_then(|value| value.as_bytes())
        .unwrap_or_default();
    let from_domain = sender_domain(summary.from.as_ref());
    let date = stored
        .get_first(fields.date)
        .and_then(|value| value.as_datetime())
        .map(|date| date.into_timestamp_secs());
    let facts = EmailFacts {
        from_domain: from_domain.as_deref(),
        date,
    };
    verifier.verify(raw, &facts)
}
