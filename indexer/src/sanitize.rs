//! Making mail HTML safe to show: nothing runs, nothing loads from outside.
//!
//! Mail HTML is hostile: scripts, event handlers, `javascript:` links, forms,
//! iframes, and tracking pixels or remote stylesheets that tell the sender
//! when and from where a reporter read the message. ammonia removes scripts,
//! styles, handlers and unknown tags; on top of that only `cid:` URLs (images
//! carried inside the message) survive, rewritten to the archive's own
//! attachment URLs. Every other URL — remote, `data:`, relative — is dropped,
//! links included: the plain-text view still shows them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use ammonia::{Builder, UrlRelative};

/// HTML larger than this is not rendered (the text view remains).
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
/// HTML nested deeper than this is not rendered: html5ever slows down
/// quadratically on pathological nesting.
pub const MAX_HTML_DEPTH: usize = 512;

/// Where `cid:` references point once sanitized.
pub struct InlineImages {
    /// Content-ID (without brackets) → URL in the archive.
    pub urls: HashMap<String, String>,
    /// The prefix every such URL starts with.
    pub prefix: String,
}

/// Sanitized HTML, or why the HTML is not shown.
pub fn sanitize_html(html: &str, images: &InlineImages) -> Result<String, &'static str> {
    if html.len() > MAX_HTML_BYTES {
        return Err("html too large to display");
    }
    if nesting_depth(html) > MAX_HTML_DEPTH {
        return Err("html nested too deeply to display");
    }
    let urls = images.urls.clone();
    let prefix = images.prefix.clone();
    let mut builder = Builder::default();
    builder
        .url_schemes(HashSet::from(["cid"]))
        .url_relative(UrlRelative::Custom(Box::new(ArchiveUrlsOnly { prefix })))
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(move |_element, attribute, value| {
            if let Some(cid) = value.trim().strip_prefix("cid:") {
                let cid = cid.trim_start_matches('<').trim_end_matches('>');
                return urls.get(cid).map(|url| Cow::Owned(url.clone()));
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
    Ok(builder.clean(html).to_string())
}

/// Keeps relative URLs into the archive's attachments, drops every other.
struct ArchiveUrlsOnly {
    prefix: String,
}

impl<'u> ammonia::UrlRelativeEvaluate<'u> for ArchiveUrlsOnly {
    fn evaluate<'a>(&self, url: &'a str) -> Option<Cow<'a, str>> {
        url.starts_with(&self.prefix).then_some(Cow::Borrowed(url))
    }
}

/// A cheap upper bound of element nesting: opening tags minus closing tags.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut deepest = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte != b'<' {
            continue;
        }
        match bytes.get(at + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        let images = InlineImages {
            urls: HashMap::from([(
                "logo@x".to_string(),
                "/api/messages/abc/attachments/0".to_string(),
            )]),
            prefix: "/api/messages/abc/attachments/".into(),
        };
        sanitize_html(html, &images).unwrap()
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
            "/api/stats",
            "base",
            "meta",
            "cid:",
        ] {
            assert!(!safe.contains(banned), "{banned} left in {safe}");
        }
        assert!(
            safe.contains(r#"<img src="/api/messages/abc/attachments/0">"#),
            "{safe}"
        );
        assert!(safe.contains("Bonjour"));
    }

    #[test]
    fn refuses_pathological_nesting() {
        let deep = "<div>".repeat(MAX_HTML_DEPTH + 1);
        assert!(
            sanitize_html(
                &deep,
                &InlineImages {
                    urls: HashMap::new(),
                    prefix: "/x/".into()
                }
            )
            .is_err()
        );
    }
}
