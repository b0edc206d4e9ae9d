//! Exporting every match of a search: CSV for a spreadsheet, an mbox of the
//! original messages, or NDJSON documents. Written to any `Write`, one
//! message at a time, so an export of the whole archive streams.

use std::io::Write;

use fouille_extract::message::parse_body;
use fouille_schema::stored::{FileSummary, Source};
use fouille_schema::{DocumentKind, Error, Result};
use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::schema::Value;

use crate::{Address, ArchiveSearcher, AttachmentSummary, SearchRequest};

/// Most messages one export holds.
pub const MAX_EXPORT: usize = 1_000_000;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// id, date, from, to, subject, permalink.
    Csv,
    /// mboxrd of the raw messages.
    Mbox,
    /// One JSON document per line.
    Ndjson,
}

impl ExportFormat {
    /// Parses `csv`, `mbox` or `ndjson`.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        match name {
            "csv" => Some(ExportFormat::Csv),
            "mbox" => Some(ExportFormat::Mbox),
            "ndjson" => Some(ExportFormat::Ndjson),
            _ => None,
        }
    }

    /// MIME type of the export.
    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Mbox => "application/mbox",
            ExportFormat::Ndjson => "application/x-ndjson",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Mbox => "mbox",
            ExportFormat::Ndjson => "ndjson",
        }
    }
}

/// One NDJSON line.
#[derive(Debug, Serialize)]
struct ExportDocument<'a> {
    id: &'a str,
    message_id: Option<&'a str>,
    kind: &'a str,
    subject: &'a str,
    from: &'a Address,
    to: &'a [Address],
    cc: Vec<Address>,
    date: Option<&'a str>,
    lang: &'a str,
    thread_id: &'a str,
    attachments: &'a [AttachmentSummary],
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a FileSummary>,
    text: String,
    sources: Vec<Source>,
}

/// A CSV cell that a spreadsheet shows as text: one that starts with `=`,
/// `+`, `-`, `@`, a tab, a carriage return or a line feed would be read as a
/// formula
/// (`=HYPERLINK(…)` in a subject), so it gets a leading `'` (OWASP's rule
/// for CSV injection). Subjects and addresses are chosen by the sender.
pub fn spreadsheet_text(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn io_error(err: std::io::Error) -> Error {
    Error::io("write export", err)
}

fn csv_error(err: csv::Error) -> Error {
    Error::io("write export", err.into())
}

/// Writes `raw` as one mboxrd entry.
fn write_mbox_entry(
    out: &mut dyn Write,
    sender: &str,
    date: Option<&str>,
    raw: &[u8],
) -> std::io::Result<()> {
    let when = date
        .and_then(|date| date.parse::<jiff::Timestamp>().ok())
        .map(|timestamp| timestamp.strftime("%a %b %e %H:%M:%S %Y").to_string())
        .unwrap_or_else(|| "Thu Jan  1 00:00:00 1970".into());
    let sender: String = sender.chars().filter(|c| !c.is_whitespace()).collect();
    let sender = if sender.is_empty() {
        "MAILER-DAEMON".into()
    } else {
        sender
    };
    writeln!(out, "From {sender} {when}")?;
    for line in raw.split_inclusive(|&b| b == b'\n') {
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        if line[quotes..].starts_with(b"From ") {
            out.write_all(b">")?;
        }
        out.write_all(line)?;
    }
    if !raw.ends_with(b"\n") {
        out.write_all(b"\n")?;
    }
    out.write_all(b"\n")
}

/// The path of a document's page under `base` (a server's origin, or empty
/// for a relative link): `/messages/{id}` for an email, `/documents/{id}`
/// for an attachment or a document.
pub fn permalink(base: &str, kind: &str, id: &str) -> String {
    let view = if kind == DocumentKind::Email.as_str() {
        "messages"
    } else {
        "documents"
    };
    format!("{base}/{view}/{id}")
}

impl ArchiveSearcher {
    /// How many documents an export of `request` would hold, refused with
    /// [`Error::BadRequest`] when its query is not acceptable or it would
    /// hold more than `limit` (an export is never cut short silently).
    /// Called before streaming starts, since its status is sent first.
    pub fn check_export(&self, request: &SearchRequest, limit: usize) -> Result<u64> {
        let count = self.count(request)?;
        if count > limit as u64 {
            return Err(Error::BadRequest(format!(
                "the export would hold {count} documents, over the limit of {limit}: narrow the search (by date, sender or kind) and export it in parts"
            )));
        }
        Ok(count)
    }

    /// Writes every match of `request` (its sort order; paging ignored) to
    /// `out`; returns how many messages were written. `permalink_base` is
    /// put before `/messages/{id}` in CSV permalinks.
    pub fn export(
        &self,
        request: &SearchRequest,
        format: ExportFormat,
        permalink_base: &str,
        out: &mut dyn Write,
    ) -> Result<u64> {
        let (searcher, addresses) = self.matching(request, MAX_EXPORT)?;
        let count = addresses.len() as u64;
        let documents = addresses
            .into_iter()
            .map(|address| searcher.doc::<TantivyDocument>(address));
        match format {
            ExportFormat::Csv => self.export_csv(documents, permalink_base, out)?,
            // An mbox leaves out what is not a message, so it says how many
            // it wrote rather than how many matched.
            ExportFormat::Mbox => return self.export_mbox(documents, out),
            ExportFormat::Ndjson => self.export_ndjson(documents, out)?,
        }
        out.flush().map_err(io_error)?;
        Ok(count)
    }

    /// Writes `documents` as CSV rows under a header row.
    fn export_csv(
        &self,
        documents: impl Iterator<Item = tantivy::Result<TantivyDocument>>,
        permalink_base: &str,
        out: &mut dyn Write,
    ) -> Result<()> {
        let mut writer = csv::Writer::from_writer(&mut *out);
        writer
            .write_record([
                "id",
                "date",
                "from",
                "to",
                "subject",
                "permalink",
                "kind",
                "parent_id",
            ])
            .map_err(csv_error)?;
        for doc in documents {
            let hit = self.hit_without_snippet(&doc?);
            let to: Vec<&str> = hit.to.iter().filter_map(|a| a.address.as_deref()).collect();
            let permalink = permalink(permalink_base, &hit.kind, &hit.id);
            let cells = [
                hit.id.as_str(),
                hit.date.as_deref().unwrap_or(""),
                hit.from.address.as_deref().unwrap_or(""),
                &to.join(", "),
                &hit.subject,
                &permalink,
                &hit.kind,
                hit.parent_id.as_deref().unwrap_or(""),
            ];
            writer
                .write_record(cells.map(spreadsheet_text).iter().map(|c| c.as_bytes()))
                .map_err(csv_error)?;
        }
        writer.flush().map_err(io_error)
    }

    /// Writes the messages among `documents` as an mbox, and flushes `out`;
    /// returns how many were written.
    fn export_mbox(
        &self,
        documents: impl Iterator<Item = tantivy::Result<TantivyDocument>>,
        out: &mut dyn Write,
    ) -> Result<u64> {
        // An mbox holds messages: attachments and documents matched by the
        // search are left out (their emails may be exported with
        // `kind=email` or by their own words).
        let mut written = 0;
        for doc in documents {
            let doc = doc?;
            let hit = self.hit_without_snippet(&doc);
            if hit.kind != DocumentKind::Email.as_str() {
                continue;
            }
            written += 1;
            let sender = hit.from.address.as_deref().unwrap_or_default();
            write_mbox_entry(out, sender, hit.date.as_deref(), self.raw_of(&doc))
                .map_err(io_error)?;
        }
        out.flush().map_err(io_error)?;
        Ok(written)
    }

    /// Writes `documents` as NDJSON, one document a line.
    fn export_ndjson(
        &self,
        documents: impl Iterator<Item = tantivy::Result<TantivyDocument>>,
        out: &mut dyn Write,
    ) -> Result<()> {
        for doc in documents {
            let doc = doc?;
            let hit = self.hit_without_snippet(&doc);
            let summary = self.summary_of(&doc);
            let line = ExportDocument {
                id: &hit.id,
                message_id: hit.message_id.as_deref(),
                kind: &hit.kind,
                subject: &hit.subject,
                from: &hit.from,
                to: &hit.to,
                cc: summary.cc.iter().map(Address::from).collect(),
                date: hit.date.as_deref(),
                lang: &hit.lang,
                thread_id: &hit.thread_id,
                attachments: &hit.attachments,
                parent_id: hit.parent_id.as_deref(),
                file: hit.file.as_ref(),
                text: self.export_text(&hit.kind, &doc),
                sources: summary.sources,
            };
            serde_json::to_writer(&mut *out, &line)
                .map_err(|err| Error::io("write export", err.into()))?;
            out.write_all(b"\n").map_err(io_error)?;
        }
        Ok(())
    }

    /// The text an NDJSON line carries for a document of `kind`: an email's
    /// body is re-read from its raw bytes, since the index keeps only what
    /// it searches.
    fn export_text(&self, kind: &str, doc: &TantivyDocument) -> String {
        if kind == DocumentKind::Email.as_str() {
            parse_body(self.raw_of(doc)).unwrap_or_default()
        } else {
            doc.get_first(self.archive().fields().text)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string()
        }
    }
}
