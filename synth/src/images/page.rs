//! A one-page PDF of text and filled rectangles in the standard fonts,
//! written to be rendered by poppler ([`super::render`]): the simplest
//! reliable way to draw accented text here without a font file of our own.
//! Positions are in points from the top-left corner, as a page is read.

use super::pdf::PdfFile;
use super::winansi::pdf_string;

/// A standard Type 1 font: every PDF reader has it, none is embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica.
    Sans,
    /// Helvetica-Bold.
    SansBold,
    /// Times-Roman.
    Serif,
    /// Courier, for receipts and forms.
    Mono,
}

impl Font {
    pub(crate) const ALL: [Font; 4] = [Font::Sans, Font::SansBold, Font::Serif, Font::Mono];

    pub(crate) fn base_font(self) -> &'static str {
        match self {
            Font::Sans => "Helvetica",
            Font::SansBold => "Helvetica-Bold",
            Font::Serif => "Times-Roman",
            Font::Mono => "Courier",
        }
    }

    /// Writes every font's object into `pdf`; gives the entries of a
    /// page's `/Font` resources naming them.
    pub(crate) fn add_all(pdf: &mut PdfFile) -> String {
        let mut fonts = String::new();
        for font in Font::ALL {
            let id = pdf.add(
                format!(
                    "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>",
                    font.base_font()
                )
                .as_bytes(),
            );
            fonts.push_str(&format!("/{} {id} 0 R ", font.resource()));
        }
        fonts
    }

    pub(crate) fn resource(self) -> &'static str {
        match self {
            Font::Sans => "F1",
            Font::SansBold => "F2",
            Font::Serif => "F3",
            Font::Mono => "F4",
        }
    }
}

/// A colour, red, green and blue from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

impl Colour {
    /// Black.
    pub const BLACK: Colour = Colour(0.0, 0.0, 0.0);

    /// A grey, 0 black to 1 white.
    pub fn grey(level: f32) -> Colour {
        Colour(level, level, level)
    }

    fn operands(self) -> String {
        format!("{:.3} {:.3} {:.3}", self.0, self.1, self.2)
    }
}

/// What is drawn on the page, in order.
#[derive(Debug, Clone)]
enum Mark {
    Text {
        x: f32,
        baseline: f32,
        font: Font,
        size: f32,
        colour: Colour,
        text: String,
    },
    Rectangle {
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        colour: Colour,
    },
}

/// One page: its size in points and what is drawn on it.
#[derive(Debug, Clone)]
pub struct Page {
    /// Width, points.
    pub width: f32,
    /// Height, points.
    pub height: f32,
    marks: Vec<Mark>,
}

impl Page {
    /// A blank page of `width` × `height` points.
    pub fn new(width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            marks: Vec::new(),
        }
    }

    /// Draws `text` on one line starting at `x`, its baseline `baseline`
    /// points below the top.
    pub fn text(
        &mut self,
        x: f32,
        baseline: f32,
        font: Font,
        size: f32,
        colour: Colour,
        text: &str,
    ) {
        self.marks.push(Mark::Text {
            x,
            baseline,
            font,
            size,
            colour,
            text: text.to_owned(),
        });
    }

    /// Fills a rectangle whose top-left corner is `x`, `top`.
    pub fn rectangle(&mut self, x: f32, top: f32, width: f32, height: f32, colour: Colour) {
        self.marks.push(Mark::Rectangle {
            x,
            top,
            width,
            height,
            colour,
        });
    }

    /// The page as a PDF file.
    pub fn to_pdf(&self) -> Vec<u8> {
        let mut pdf = PdfFile::new();
        let catalog = pdf.reserve();
        let pages = pdf.reserve();
        let page = pdf.reserve();
        let contents = pdf.reserve();
        let fonts = Font::add_all(&mut pdf);
        pdf.write(
            catalog,
            format!("<< /Type /Catalog /Pages {pages} 0 R >>").as_bytes(),
        );
        pdf.write(
            pages,
            format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>").as_bytes(),
        );
        pdf.write(
            page,
            format!(
                "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {:.2} {:.2}] \
                 /Resources << /Font << {fonts}>> >> /Contents {contents} 0 R >>",
                self.width, self.height
            )
            .as_bytes(),
        );
        pdf.write_stream(contents, "", self.content_stream().as_bytes());
        pdf.finish(catalog)
    }

    /// The drawing operators, in PDF coordinates (origin bottom-left).
    pub(crate) fn content_stream(&self) -> String {
        let mut out = String::new();
        for mark in &self.marks {
            match mark {
                Mark::Text {
                    x,
                    baseline,
                    font,
                    size,
                    colour,
                    text,
                } => {
                    out.push_str(&format!(
                        "BT {} rg /{} {size:.2} Tf {x:.2} {:.2} Td {} Tj ET\n",
                        colour.operands(),
                        font.resource(),
                        self.height - baseline,
                        pdf_string(text)
                    ));
                }
                Mark::Rectangle {
                    x,
                    top,
                    width,
                    height,
                    colour,
                } => {
                    out.push_str(&format!(
                        "{} rg {x:.2} {:.2} {width:.2} {height:.2} re f\n",
                        colour.operands(),
                        self.height - top - height
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_rectangles_are_drawn_from_the_top() {
        let mut page = Page::new(200.0, 100.0);
        page.rectangle(10.0, 5.0, 50.0, 20.0, Colour::grey(0.5));
        page.text(10.0, 40.0, Font::Serif, 12.0, Colour::BLACK, "façade");
        let pdf = String::from_utf8_lossy(&page.to_pdf()).into_owned();
        assert!(pdf.contains("10.00 75.00 50.00 20.00 re f"), "{pdf}");
        assert!(
            pdf.contains(r"/F3 12.00 Tf 10.00 60.00 Td (fa\347ade) Tj"),
            "{pdf}"
        );
        assert!(pdf.contains("/BaseFont /Times-Roman /Encoding /WinAnsiEncoding"));
    }
}
