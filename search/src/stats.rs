//! What an archive holds: counts, date range, languages, top senders and the
//! ledger's accounting of every input file.

use fouille_schema::ledger::{FileCounts, Ledger, MessageCounts};
use fouille_schema::{Archive, DocumentKind, Result};
use serde::Serialize;

use crate::{ArchiveSearcher, FacetValue, SearchRequest};

/// Senders and domains listed.
const TOP: usize = 10;

/// The ledger part of [`Stats`].
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerStats {
    /// Files by outcome; they add up to every file found under the inputs.
    pub files: FileCounts,
    /// Messages by outcome.
    pub messages: MessageCounts,
}

/// `fouille stats --json` and `GET /api/stats`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// Email documents.
    pub emails: u64,
    /// Oldest date (RFC 3339 UTC).
    pub date_min: Option<String>,
    /// Newest date (RFC 3339 UTC).
    pub date_max: Option<String>,
    /// Messages without a usable date.
    pub undated: u64,
    /// Languages, most frequent first.
    pub langs: Vec<FacetValue>,
    /// Most frequent senders.
    pub top_senders: Vec<FacetValue>,
    /// Most frequent sender domains.
    pub top_domains: Vec<FacetValue>,
    /// Kinds.
    pub kinds: Vec<FacetValue>,
    /// Documents per file type (`email`, `pdf`, `docx`…).
    pub filetypes: Vec<FacetValue>,
    /// Attachments and documents per extraction outcome.
    pub extraction: Vec<FacetValue>,
    /// Emails per DKIM outcome.
    pub dkim: Vec<FacetValue>,
    /// Bytes of the archive directory.
    pub archive_bytes: u64,
    /// Input accounting.
    pub ledger: LedgerStats,
}

/// Computes the stats of an archive.
pub fn archive_stats(archive: &Archive) -> Result<Stats> {
    let searcher = ArchiveSearcher::new(archive.clone())?;
    let response = searcher.search(&SearchRequest {
        limit: 0,
        facet_size: TOP,
        ..SearchRequest::default()
    })?;
    let facets = response.facets;
    let all = searcher.search(&SearchRequest {
        limit: 0,
        facet_size: usize::MAX,
        ..SearchRequest::default()
    })?;
    let emails = all
        .facets
        .kind
        .iter()
        .find(|value| value.value == DocumentKind::Email.as_str())
        .map_or(0, |value| value.count);
    let (date_min, date_max, dated) = date_range(archive)?;
    let ledger = Ledger::load(&archive.ledger_path(), archive.committed_ledger_len()?)?;
    Ok(Stats {
        emails,
        date_min,
        date_max,
        undated: response.total.saturating_sub(dated),
        langs: all.facets.lang,
        top_senders: facets.from,
        top_domains: facets.domain,
        kinds: all.facets.kind,
        filetypes: all.facets.filetype,
        extraction: all.facets.extraction,
        dkim: all.facets.dkim,
        archive_bytes: archive.disk_size(),
        ledger: LedgerStats {
            files: ledger.file_counts(),
            messages: ledger.message_counts(),
        },
    })
}

fn date_range(archive: &Archive) -> Result<(Option<String>, Option<String>, u64)> {
    let reader = archive.reader()?;
    let searcher = reader.searcher();
    let mut min: Option<i64> = None;
    let mut max: Option<i64> = None;
    let mut dated = 0u64;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().date(fouille_schema::fields::DATE)?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|bitset| !bitset.is_alive(doc)) {
                continue;
            }
            if let Some(date) = column.first(doc) {
                let seconds = date.into_timestamp_secs();
                dated += 1;
                min = Some(min.map_or(seconds, |m| m.min(seconds)));
                max = Some(max.map_or(seconds, |m| m.max(seconds)));
            }
        }
    }
    let format = |seconds: Option<i64>| {
        seconds
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| t.to_string())
    };
    Ok((format(min), format(max), dated))
}
