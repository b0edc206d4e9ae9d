//! Making mail HTML safe to show: nothing runs, nothing loads from outside.
//!
//! Mail HTML is hostile: scripts, event handlers, `javascript:` links, forms,
//! iframes, and tracking pixels or remote stylesheets that tell the sender
//! when and from where a reporter read the message. ammonia removes scripts,
//! styles, handlers and unknown tags; on top of that only `cid:` URLs (images
//! carried inside the message) survive, rewritten to exactly the attachment
//! URLs they name (`attachments/N`, relative to the message). Every other
//! URL — remote, `data:`, relative, even one that looks like an attachment
//! URL — is dropped, links included: the plain-text view still shows them.
//!
//! HTML is sanitized once, at index time, in the extraction worker under
//! its time and memory limits (html5ever is quadratic on some shapes:
//! 200,000 `<table>x</table>` took 25 s), and the result is stored; the
//! reader never parses mail HTML again.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

/// HTML larger than this is not rendered (the text view remains).
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
/// HTML nested deeper than this is not rendered: html5ever slows down
/// quadratically on pathological nesting.
pub const MAX_HTML_DEPTH: usize = 512;
/// HTML with more tags than this is not rendered: past it html5ever's
/// quadratic cases take seconds (15,000 unclosed formatting elements took
/// 1.3 s); the longest real newsletters have a few thousand.
pub const MAX_HTML_TAGS: usize = 100_000;

/// The HTML body of an email as the reader shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReaderHtml {
    /// The message has no HTML body.
    #[default]
    None,
    /// The sanitized HTML.
    Clean(String),
    /// Why the HTML body is not shown (the text view remains).
    Omitted(String),
}

/// The URL an inline image (attachment `index`) gets, relative to the
/// message's own URL (`/api/messages/{id}/html` resolves it to
/// `/api/messages/{id}/attachments/{index}`).
pub fn image_url(index: usize) -> String {
    format!("attachments/{index}")
}

/// Refuses HTML that is too large or too complex to sanitize in bounded
/// time, before any parsing.
pub fn check_html(html: &str) -> Result<(), &'static str> {
    if html.len() > MAX_HTML_BYTES {
        return Err("html too large to display");
    }
    let (depth, tags) = shape(html);
    if depth > MAX_HTML_DEPTH {
        return Err("html nested too deeply to display");
    }
    if tags > MAX_HTML_TAGS {
        return Err("html has too many elements to display");
    }
    Ok(())
}

/// Sanitized HTML, or why the HTML is not shown. `images` maps Content-IDs
/// (without brackets) to attachment indexes.
pub fn sanitize_html(html: &str, images: &HashMap<String, usize>) -> Result<String, &'static str> {
    check_html(html)?;
    Ok(clean_html(html, images))
}

/// A Content-ID as the `cid:` URLs name it: without spaces or brackets.
pub fn bare_content_id(cid: &str) -> &str {
    cid.trim().trim_start_matches('<').trim_end_matches('>')
}

/// Sanitizes HTML that [`check_html`] accepted.
pub fn clean_html(html: &str, images: &HashMap<String, usize>) -> String {
    let urls: HashMap<String, String> = images
        .iter()
        .map(|(cid, index)| (cid.clone(), image_url(*index)))
        .collect();
    let allowed: HashSet<String> = urls.values().cloned().collect();
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["cid"]))
        .url_relative(UrlRelative::Custom(Box::new(ExactUrlsOnly { allowed })))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(move |_element, attribute, value| {
            if let Some(cid) = value.trim().strip_prefix("cid:") {
                return urls
                    .get(bare_content_id(cid))
                    .map(|url| Cow::Owned(url.clone()));
            }
            if attribute == "src" || attribute == "href" || attribute == "srcset" {
                // Anything that is not a `cid:` is dropped below by scheme;
                // say so early for relative URLs too.
                if !value.contains(':') {
                    return None;
                }
            }
            Some(Cow::Borrowed(value))
        });
    builder.clean(html).to_string()
}

/// Keeps the relative URLs that the `cid:` map made, and no other.
struct ExactUrlsOnly {
    allowed: HashSet<String>,
}

impl<'u> ammonia::UrlRelativeEvaluate<'u> for ExactUrlsOnly {
    fn evaluate<'a>(&self, url: &'a str) -> Option<Cow<'a, str>> {
        self.allowed.contains(url).then_some(Cow::Borrowed(url))
    }
}

/// Cheap upper bounds of element nesting (opening tags minus closing
/// tags) and of the number of elements (opening tags).
fn shape(html: &str) -> (usize, usize) {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut deepest = 0;
    let mut tags = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte != b'<' {
            continue;
        }
        match bytes.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                depth += 1;
                tags += 1;
                deepest = deepest.max(depth);
            }
            _ => {}
        }
    }
    (deepest, tags)
}

/// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped, for showing
/// plain text inside HTML (snippets, the HTML parts `fouille synth` writes).
pub fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        sanitize_html(html, &HashMap::from([("logo@x".to_string(), 0)])).unwrap()
    }

    #[test]
    fn removes_everything_that_runs_or_loads() {
        let hostile = r#"<p onclick="x()">Bonjour<script>alert(1)</script></p>
            <img src="https://tracker.example/p.gif"><img src="data:image/png;base64,AAAA">
            <a href="javascript:alert(1)">a</a><a href="https://example.org/x">b</a>
            <iframe src="https://example.org"></iframe><form action="https://example.org"><input></form>
            <style>body{background:url(https://example.org/bg.png)}</style>
            <div style="background:url(https://example.org/bg.png)">c</div>
            <img src="/api/stats"><base href="https://example.org/"><meta http-equiv="refresh" content="0;url=https://example.org">
            <img src="attachments/0/../../../export?format=mbox&q=:"><img src="attachments/0">
            <img src="/api/messages/abc/attachments/0/../../../../stats"><a href="attachments/1">x</a>
            <img src="cid:logo@x"><img src="cid:unknown@x">"#;
        let safe = clean(hostile);
        for banned in [
            "script",
            "onclick",
            "javascript",
            "https:",
            "data:",
            "iframe",
            "form",
            "input",
            "style",
            "url(",
            "/api/",
            "export",
            "..",
            "attachments/1",
            "base",
            "meta",
            "cid:",
        ] {
            assert!(!safe.contains(banned), "{banned} left in {safe}");
        }
        // Only the image the `cid:` named, once.
        assert_eq!(safe.matches("<img src=").count(), 1, "{safe}");
        assert!(safe.contains(r#"<img src="attachments/0">"#), "{safe}");
        assert!(safe.contains("Bonjour"));
    }

    #[test]
    fn refuses_pathological_shapes_before_parsing() {
        let deep = "<div>".repeat(MAX_HTML_DEPTH + 1);
        assert_eq!(
            sanitize_html(&deep, &HashMap::new()),
            Err("html nested too deeply to display")
        );
        let bomb = "<table>x</table>".repeat(200_000);
        assert_eq!(
            check_html(&bomb),
            Err("html has too many elements to display")
        );
        let large = "x".repeat(MAX_HTML_BYTES + 1);
        assert_eq!(check_html(&large), Err("html too large to display"));
    }
}
