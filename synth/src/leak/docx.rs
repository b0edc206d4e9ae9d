//! Word documents (`.docx`): a title then paragraphs in the message's
//! language, about one to eight pages, in the smallest package Word opens
//! (`word/document.xml` beside the shared parts of [`super::ooxml`]).

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::Context;
use super::ooxml::{Properties, package, push_escaped};
use crate::error::Result;

const MAIN_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// A `.docx` titled `title`.
pub fn docx(context: &Context, title: &str, rng: &mut ChaCha8Rng) -> Result<Vec<u8>> {
    let words = match rng.random_range(0..100) {
        0..=49 => rng.random_range(150..600),
        50..=89 => rng.random_range(600..1800),
        _ => rng.random_range(1800..3500),
    };
    let mut paragraphs = Vec::new();
    context.writer.paragraphs(words, rng, &mut paragraphs);
    let mut xml = String::with_capacity(words as usize * 8 + 1024);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\
         <w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>",
    );
    push_escaped(title, &mut xml);
    xml.push_str("</w:t></w:r></w:p>");
    for paragraph in &paragraphs {
        xml.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        push_escaped(paragraph, &mut xml);
        xml.push_str("</w:t></w:r></w:p>");
    }
    xml.push_str("<w:sectPr/></w:body></w:document>");
    let properties = Properties {
        title,
        application: "Microsoft Office Word",
    };
    let mut zip = package(context, properties, ("word/document.xml", MAIN_TYPE), &[])?;
    zip.add("word/document.xml", xml.as_bytes())?;
    zip.finish()
}
