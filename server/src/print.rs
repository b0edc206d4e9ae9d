//! Human-readable output of the terminal commands.

use std::io::Write;

/// Prints a line on standard output; a closed pipe (`fouille search … | head`)
/// ends the program quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::print::line(format_args!($($arg)*))
    };
}
pub(crate) use say;

use fouille_indexer::{Archive, IngestSummary};
use fouille_schema::ExtractionOutcome;
use fouille_search::SearchResponse;
use fouille_search::stats::Stats;

/// Bytes in binary units.
pub fn bytes(count: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = count as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{count} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// The end-of-run summary of `fouille index`.
pub fn ingest_summary(summary: &IngestSummary, archive: &Archive) {
    let progress = &summary.progress;
    let rate = progress.indexed as f64 / summary.elapsed_secs.max(0.001);
    say!(
        "{} in {:.1}s: {} messages indexed ({rate:.0}/s), {} duplicates, {} failed messages",
        if summary.interrupted {
            "interrupted"
        } else {
            "done"
        },
        summary.elapsed_secs,
        progress.indexed,
        progress.duplicates,
        progress.failed
    );
    if progress.documents + progress.embedded + progress.extraction_failures > 0 {
        say!(
            "{} attachments and documents, {} forwarded or archived messages, {} extraction failures (see the ledger)",
            progress.documents,
            progress.embedded,
            progress.extraction_failures
        );
    }
    if progress.already > 0 {
        say!(
            "{} messages of files read again were already in the archive",
            progress.already
        );
    }
    say!(
        "files: {} found, {} unchanged, {} read, {} unsupported, {} failed",
        summary.files_found,
        summary.files_unchanged,
        progress.files,
        progress.unsupported,
        progress.failed_files
    );
    if !summary.languages.is_empty() {
        let langs: Vec<String> = summary
            .languages
            .iter()
            .map(|(code, count)| format!("{code} {count}"))
            .collect();
        say!("languages: {}", langs.join(", "));
    }
    if !summary.dkim.is_empty() {
        let outcomes: Vec<String> = summary
            .dkim
            .iter()
            .map(|(outcome, count)| format!("{outcome} {count}"))
            .collect();
        say!("dkim: {}", outcomes.join(", "));
    }
    say!(
        "archive: {} ({})",
        archive.dir().display(),
        bytes(archive.disk_size())
    );
    if summary.interrupted {
        say!("run the same command again to finish");
    }
}

/// Turns a snippet's HTML into terminal text.
fn snippet_text(html: &str, color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Results of `fouille search`.
pub fn search_response(response: &SearchResponse, offset: usize, color: bool) {
    say!(
        "{} result{} ({} ms){}",
        response.total,
        if response.total == 1 { "" } else { "s" },
        response.took_ms,
        if response.hits.is_empty() || response.total as usize <= response.hits.len() {
            String::new()
        } else {
            format!(", showing {}–{}", offset + 1, offset + response.hits.len())
        }
    );
    for warning in &response.warnings {
        say!("note: {warning}");
    }
    for hit in &response.hits {
        let date = hit
            .date
            .as_deref()
            .map_or("undated", |d| &d[..10.min(d.len())]);
        let from = match (&hit.from.name, &hit.from.address) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (Some(name), None) => name.clone(),
            (None, Some(address)) => address.clone(),
            (None, None) => "(no sender)".into(),
        };
        let clip = if hit.attachments.is_empty() {
            String::new()
        } else {
            format!("  [{} attachment(s)]", hit.attachments.len())
        };
        let dkim = match hit.dkim.as_deref() {
            None | Some("none") => String::new(),
            Some(outcome) => format!("  [dkim {outcome}]"),
        };
        let mut marks = String::new();
        if hit.starred {
            marks.push_str("  [starred]");
        }
        for tag in &hit.tags {
            marks.push_str(&format!("  #{tag}"));
        }
        if hit.notes > 0 {
            marks.push_str(&format!("  [{} note(s)]", hit.notes));
        }
        say!("");
        say!("{date}  {from}  [{}]{clip}{dkim}{marks}", hit.lang);
        match &hit.file {
            Some(file) => {
                say!("  [{} {}] {}", hit.kind, file.filetype, file.path);
                if let Some(parent) = &file.parent_subject {
                    say!("  in: {parent}");
                }
                if file.extraction != ExtractionOutcome::Text {
                    let reason = file.reason.as_deref().unwrap_or_default();
                    say!("  extraction: {} {reason}", file.extraction);
                }
            }
            None => say!(
                "  {}",
                if hit.subject.is_empty() {
                    "(no subject)"
                } else {
                    &hit.subject
                }
            ),
        }
        let snippet = snippet_text(&hit.snippet, color);
        if !snippet.is_empty() {
            say!("  {}", snippet.replace('\n', " "));
        }
        match &hit.parent_id {
            Some(parent) => say!("  id {}  parent {parent}", hit.id),
            None => say!("  id {}  thread {}", hit.id, hit.thread_id),
        }
    }
    let facet = |name: &str, values: &[fouille_search::FacetValue]| {
        if values.is_empty() {
            return;
        }
        let list: Vec<String> = values
            .iter()
            .take(5)
            .map(|value| format!("{} ({})", value.value, value.count))
            .collect();
        say!("{name}: {}", list.join(", "));
    };
    if response.total > 0 {
        say!("");
        facet("senders", &response.facets.from);
        facet("languages", &response.facets.lang);
    }
}

/// `fouille stats`.
pub fn stats(stats: &Stats) {
    say!("emails: {}", stats.emails);
    say!(
        "dates: {} to {} ({} undated)",
        stats.date_min.as_deref().unwrap_or("-"),
        stats.date_max.as_deref().unwrap_or("-"),
        stats.undated
    );
    let list = |values: &[fouille_search::FacetValue]| {
        values
            .iter()
            .map(|value| format!("{} ({})", value.value, value.count))
            .collect::<Vec<_>>()
            .join(", ")
    };
    say!("languages: {}", list(&stats.langs));
    say!("top senders: {}", list(&stats.top_senders));
    say!("top domains: {}", list(&stats.top_domains));
    if !stats.dkim.is_empty() {
        say!("dkim: {}", list(&stats.dkim));
    }
    say!("archive size: {}", bytes(stats.archive_bytes));
    let files = &stats.ledger.files;
    say!(
        "input files: {} ({} indexed, {} duplicate, {} unsupported, {} failed)",
        files.total(),
        files.indexed,
        files.duplicate,
        files.unsupported,
        files.failed
    );
    let messages = &stats.ledger.messages;
    say!(
        "input messages: {} ({} indexed, {} duplicate, {} failed)",
        messages.found,
        messages.indexed,
        messages.duplicate,
        messages.failed
    );
    if messages.documents + messages.embedded + messages.extraction_failures > 0 {
        say!(
            "attachments and documents: {} ({} forwarded or archived messages, {} extraction failures)",
            messages.documents,
            messages.embedded,
            messages.extraction_failures
        );
        say!("kinds: {}", list(&stats.kinds));
        say!("file types: {}", list(&stats.filetypes));
        say!("extraction: {}", list(&stats.extraction));
    }
}

/// Writes one line to standard output.
pub fn line(args: std::fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    if let Err(err) = writeln!(out, "{args}") {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("fouille: cannot write output: {err}");
        std::process::exit(1);
    }
}
