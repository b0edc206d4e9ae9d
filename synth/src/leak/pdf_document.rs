//! Text PDFs of one to thirty pages, as campaign teams mail them: a title,
//! paragraphs in the message's language set in a standard font, a page
//! number at the foot of each page, and an Info dictionary naming the
//! author and the program. Content streams are deflated, as every office
//! program writes them; the text stays extractable (no font is embedded).

use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::Context;
use crate::error::{Error, Result};
use crate::images::layout::Column;
use crate::images::page::{Colour, Font, Page};
use crate::images::pdf::PdfFile;
use crate::images::winansi::pdf_string;

/// A4, points.
const A4: (f32, f32) = (595.0, 842.0);

/// Words written per page, about: a page of 10.5-point text.
const WORDS_PER_PAGE: u32 = 420;

/// Programs that made the PDF (`/Creator`, `/Producer`).
const PROGRAMS: [(&str, &str); 4] = [
    ("Microsoft Word 2016", "Microsoft Word 2016"),
    ("Writer", "LibreOffice 5.2"),
    ("Microsoft Word", "Mac OS X 10.12.3 Quartz PDFContext"),
    (
        "PScript5.dll Version 5.2.2",
        "Acrobat Distiller 11.0 (Windows)",
    ),
];

/// Pages of a document: most are short, a tail reaches thirty.
pub fn page_count(rng: &mut ChaCha8Rng) -> usize {
    match rng.random_range(0..100) {
        0..=39 => 1,
        40..=69 => rng.random_range(2..=3),
        70..=89 => rng.random_range(4..=9),
        _ => rng.random_range(10..=30),
    }
}

/// A PDF of `pages` pages of text titled `title`.
pub fn text_pdf(
    context: &Context,
    title: &str,
    pages: usize,
    rng: &mut ChaCha8Rng,
) -> Result<Vec<u8>> {
    let laid_out = lay_out(context, title, pages, rng);
    let (creator, producer) = PROGRAMS[rng.random_range(0..PROGRAMS.len())];
    let info = format!(
        "<< /Title {} /Author {} /Creator {} /Producer {} /CreationDate {} >>",
        pdf_string(title),
        pdf_string(&context.author),
        pdf_string(creator),
        pdf_string(producer),
        pdf_string(&context.pdf_date()),
    );
    write_pdf(&laid_out, &info)
}

/// The pages: a bold title on the first, then paragraphs flowing from
/// page to page until `pages` are full, each page numbered at its foot.
fn lay_out(context: &Context, title: &str, pages: usize, rng: &mut ChaCha8Rng) -> Vec<Page> {
    let font = if rng.random_bool(0.5) {
        Font::Serif
    } else {
        Font::Sans
    };
    let mut paragraphs = Vec::new();
    context
        .writer
        .paragraphs(WORDS_PER_PAGE * pages as u32, rng, &mut paragraphs);
    let mut paragraphs = paragraphs.into_iter();
    let mut left: Vec<String> = Vec::new();
    let mut laid_out = Vec::with_capacity(pages);
    for number in 1..=pages {
        let mut page = Page::new(A4.0, A4.1);
        let mut column = Column::new(&mut page, 64.0, A4.0 - 128.0, 64.0, A4.1 - 80.0);
        if number == 1 {
            column.paragraph(Font::SansBold, 16.0, title);
            column.skip(8.0);
        }
        // The lines cut at the foot of the last page first.
        while !left.is_empty() {
            let line = left.remove(0);
            if !column.line(font, 10.5, &line) {
                left.insert(0, line);
                break;
            }
        }
        while left.is_empty() && column.room() > 20.0 {
            let Some(paragraph) = paragraphs.next() else {
                break;
            };
            left = column.paragraph(font, 10.5, &paragraph);
        }
        let footer = format!("{number} / {pages}");
        page.text(
            A4.0 / 2.0 - 10.0,
            A4.1 - 40.0,
            font,
            9.0,
            Colour::grey(0.3),
            &footer,
        );
        laid_out.push(page);
    }
    laid_out
}

/// The PDF file of `pages`, their content streams deflated, with the Info
/// dictionary `info`.
fn write_pdf(pages: &[Page], info: &str) -> Result<Vec<u8>> {
    let mut pdf = PdfFile::new();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let fonts = Font::add_all(&mut pdf);
    let mut kids = String::new();
    for page in pages {
        let contents = pdf.reserve();
        let id = pdf.add(
            format!(
                "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {:.2} {:.2}] \
                 /Resources << /Font << {fonts}>> >> /Contents {contents} 0 R >>",
                page.width, page.height
            )
            .as_bytes(),
        );
        pdf.write_stream(
            contents,
            "/Filter /FlateDecode",
            &deflate(page.content_stream().as_bytes())?,
        );
        kids.push_str(&format!("{id} 0 R "));
    }
    pdf.write(
        tree,
        format!("<< /Type /Pages /Kids [{kids}] /Count {} >>", pages.len()).as_bytes(),
    );
    pdf.write(
        catalog,
        format!("<< /Type /Catalog /Pages {tree} 0 R >>").as_bytes(),
    );
    let info = pdf.add(info.as_bytes());
    Ok(pdf.finish_with_info(catalog, info))
}

/// `bytes` compressed for a `/FlateDecode` stream.
fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::fast());
    encoder
        .write_all(bytes)
        .map_err(|error| Error::encode("pdf", error))?;
    encoder
        .finish()
        .map_err(|error| Error::encode("pdf", error))
}
