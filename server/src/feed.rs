//! Atom feeds of saved searches (RFC 4287), so a reporter can follow a
//! search in a feed reader. Written with quick-xml, which escapes every
//! value: subjects and senders come from the archive and are hostile.

use std::io;

use fouille_search::Hit;
use fouille_search::export::permalink;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// What a feed is about.
pub struct FeedHead<'a> {
    /// The saved search's name.
    pub name: &'a str,
    /// The feed's own URL.
    pub url: &'a str,
    /// The search in the UI.
    pub search_url: &'a str,
    /// This server's origin, for permalinks.
    pub origin: &'a str,
}

/// The feed of `hits` (newest first).
pub fn atom(head: &FeedHead<'_>, hits: &[Hit]) -> io::Result<Vec<u8>> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let now = jiff::Timestamp::now().to_string();
    let updated = hits
        .iter()
        .find_map(|hit| hit.date.clone())
        .unwrap_or(now.clone());
    writer
        .create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .write_inner_content(|writer| {
            text(writer, "title", &format!("Fouille: {}", head.name))?;
            text(writer, "id", head.url)?;
            text(writer, "updated", &updated)?;
            link(writer, Some("self"), head.url)?;
            link(writer, Some("alternate"), head.search_url)?;
            writer
                .create_element("generator")
                .write_text_content(BytesText::new("Fouille"))?;
            for hit in hits {
                entry(writer, head.origin, hit, &now)?;
            }
            Ok(())
        })?;
    Ok(writer.into_inner())
}

fn text(writer: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn link(writer: &mut Writer<Vec<u8>>, rel: Option<&str>, href: &str) -> io::Result<()> {
    let mut element = writer.create_element("link").with_attribute(("href", href));
    if let Some(rel) = rel {
        element = element.with_attribute(("rel", rel));
    }
    element.write_empty()?;
    Ok(())
}

fn entry(writer: &mut Writer<Vec<u8>>, origin: &str, hit: &Hit, now: &str) -> io::Result<()> {
    let permalink = permalink(origin, &hit.kind, &hit.id);
    let title = if hit.subject.trim().is_empty() {
        hit.file
            .as_ref()
            .map(|file| file.name.clone())
            .unwrap_or_else(|| "(no subject)".to_string())
    } else {
        hit.subject.clone()
    };
    let author = hit
        .from
        .name
        .clone()
        .or_else(|| hit.from.address.clone())
        .unwrap_or_else(|| "unknown".to_string());
    writer
        .create_element("entry")
        .write_inner_content(|writer| {
            text(writer, "title", &title)?;
            text(writer, "id", &format!("urn:fouille:document:{}", hit.id))?;
            text(writer, "updated", hit.date.as_deref().unwrap_or(now))?;
            link(writer, None, &permalink)?;
            writer
                .create_element("author")
                .write_inner_content(|writer| text(writer, "name", &author))?;
            // The snippet is Fouille's own HTML: escaped text and <mark>.
            writer
                .create_element("summary")
                .with_attribute(("type", "html"))
                .write_text_content(BytesText::new(&hit.snippet))?;
            Ok(())
        })?;
    Ok(())
}
