//! Presentations (`.pptx`): five to twenty-five slides, each a title and a
//! few bullet points in the message's language. The package holds the
//! presentation, its relationships and the slides; it has no slide master
//! or theme, which text extractors (Fouille's, LibreOffice's) do without
//! but PowerPoint itself would ask for.

use std::fmt::Write as _;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::Context;
use super::ooxml::{Properties, package, push_escaped, relationships};
use crate::error::Result;

const MAIN_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";
const SLIDE_TYPE: &str = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml";
const SLIDE_RELATIONSHIP: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide";
const NAMESPACES: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
     xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";

/// A `.pptx` titled `title`.
pub fn pptx(context: &Context, title: &str, rng: &mut ChaCha8Rng) -> Result<Vec<u8>> {
    let count = rng.random_range(5..=25);
    let names: Vec<String> = (1..=count)
        .map(|number| format!("ppt/slides/slide{number}.xml"))
        .collect();
    let overrides: Vec<(&str, &str)> = names
        .iter()
        .map(|name| (name.as_str(), SLIDE_TYPE))
        .collect();
    let properties = Properties {
        title,
        application: "Microsoft Office PowerPoint",
    };
    let mut zip = package(
        context,
        properties,
        ("ppt/presentation.xml", MAIN_TYPE),
        &overrides,
    )?;
    let mut list = String::new();
    for number in 1..=count {
        let _ = write!(
            list,
            "<p:sldId id=\"{}\" r:id=\"rId{number}\"/>",
            255 + number
        );
    }
    let presentation = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <p:presentation {NAMESPACES}><p:sldIdLst>{list}</p:sldIdLst>\
         <p:sldSz cx=\"9144000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>"
    );
    zip.add("ppt/presentation.xml", presentation.as_bytes())?;
    let targets: Vec<String> = (1..=count)
        .map(|number| format!("slides/slide{number}.xml"))
        .collect();
    let targets: Vec<(&str, &str)> = targets
        .iter()
        .map(|target| (SLIDE_RELATIONSHIP, target.as_str()))
        .collect();
    zip.add(
        "ppt/_rels/presentation.xml.rels",
        relationships(&targets).as_bytes(),
    )?;
    for (number, name) in names.iter().enumerate() {
        let slide = if number == 0 {
            slide(title, std::slice::from_ref(&context.author))
        } else {
            let mut heading = String::new();
            context
                .writer
                .fragment(rng.random_range(2..=5), true, rng, &mut heading);
            let points: Vec<String> = (0..rng.random_range(3..=6))
                .map(|_| {
                    let mut point = String::new();
                    context
                        .writer
                        .fragment(rng.random_range(5..=14), true, rng, &mut point);
                    point
                })
                .collect();
            slide(&heading, &points)
        };
        zip.add(name, slide.as_bytes())?;
    }
    zip.finish()
}

/// A slide's XML: a title shape and a body shape of one paragraph per
/// point.
fn slide(title: &str, points: &[String]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <p:sld {NAMESPACES}><p:cSld><p:spTree>\
         <p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
    );
    let title = [title.to_string()];
    for (id, paragraphs) in [(2, &title[..]), (3, points)] {
        let _ = write!(
            xml,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Shape {id}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
             <p:spPr/><p:txBody><a:bodyPr/>"
        );
        for paragraph in paragraphs {
            xml.push_str("<a:p><a:r><a:t>");
            push_escaped(paragraph, &mut xml);
            xml.push_str("</a:t></a:r></a:p>");
        }
        xml.push_str("</p:txBody></p:sp>");
    }
    xml.push_str("</p:spTree></p:cSld></p:sld>");
    xml
}
