//! Exporting every match of a search: CSV for a spreadsheet, an mbox of the
//! original messages, or NDJSON documents. Written to any `Write`, one
//! message at a time, so an export of the whole archive streams.

use std::io::Write;

use serde::Serialize;
use tantivy::TantivyDocument;

use crate::document::Source;
use crate::error::{Error, Result};
use crate::message::parse_message;
use crate::search::{Address, ArchiveSearcher, AttachmentSummary, SearchRequest};

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
    text: String,
    sources: Vec<Source>,
}

fn io_error(err: std::io::Error) -> Error {
    Error::io("write export", err)
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

impl ArchiveSearcher {
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
        let csv_error = |err: csv::Error| Error::io("write export", err.into());
        match format {
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(&mut *out);
                writer
                    .write_record(["id", "date", "from", "to", "subject", "permalink"])
                    .map_err(csv_error)?;
                for doc in documents {
                    let hit = self.hit_without_snippet(&doc?);
                    let to: Vec<&str> =
                        hit.to.iter().filter_map(|a| a.address.as_deref()).collect();
                    writer
                        .write_record([
                            hit.id.as_str(),
                            hit.date.as_deref().unwrap_or(""),
                            hit.from.address.as_deref().unwrap_or(""),
                            &to.join(", "),
                            &hit.subject,
                            &format!("{permalink_base}/messages/{}", hit.id),
                        ])
                        .map_err(csv_error)?;
                }
                writer.flush().map_err(io_error)?;
            }
            ExportFormat::Mbox => {
                for doc in documents {
                    let doc = doc?;
                    let hit = self.hit_without_snippet(&doc);
                    let sender = hit.from.address.as_deref().unwrap_or_default();
                    write_mbox_entry(out, sender, hit.date.as_deref(), self.raw_of(&doc))
                        .map_err(io_error)?;
                }
            }
            ExportFormat::Ndjson => {
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
                        text: parse_message(self.raw_of(&doc))
                            .map(|message| message.body)
                            .unwrap_or_default(),
                        sources: summary.sources,
                    };
                    serde_json::to_writer(&mut *out, &line)
                        .map_err(|err| Error::io("write export", err.into()))?;
                    out.write_all(b"\n").map_err(io_error)?;
                }
            }
        }
        out.flush().map_err(io_error)?;
        Ok(count)
    }
}
