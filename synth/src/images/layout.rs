//! Setting text on a [`Page`]: the widths of the standard fonts (close
//! enough to wrap lines inside a margin; poppler draws with the real
//! metrics) and a column that flows lines and paragraphs down the page.

use super::page::{Colour, Font, Page};

/// The advance of `c` in Helvetica, thousandths of an em (its AFM widths,
/// accented letters as their base letter; anything unknown as wide).
fn helvetica_width(c: char) -> u32 {
    let base = match c {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'É' | 'È' | 'Ê' => 'E',
        'À' | 'Â' => 'A',
        'Ç' => 'C',
        'œ' => return 944,
        'Œ' => return 1000,
        other => other,
    };
    match base {
        ' ' | 'f' | 't' | 'I' | '.' | ',' | ':' | ';' | '!' | '/' => 278,
        'i' | 'j' | 'l' | '\'' | '’' => 222,
        'r' | '(' | ')' | '-' => 333,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
        'm' | 'M' => 833,
        'w' => 722,
        'W' => 944,
        '%' => 889,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'F' | 'T' | 'Z' => 611,
        'G' | 'O' | 'Q' => 778,
        'L' => 556,
        _ => 556,
    }
}

/// The width of `text` in `font` at `size` points, in points.
pub fn text_width(text: &str, font: Font, size: f32) -> f32 {
    let thousandths: u32 = match font {
        Font::Mono => 600 * text.chars().count() as u32,
        // Bold is wider; Times narrower, but Helvetica's widths keep its
        // lines inside the margin.
        Font::SansBold => text.chars().map(|c| helvetica_width(c) * 21 / 20).sum(),
        Font::Sans | Font::Serif => text.chars().map(helvetica_width).sum(),
    };
    thousandths as f32 * size / 1000.0
}

/// `text` cut into lines no wider than `width` points, at spaces (a word
/// longer than the line gets a line of its own).
pub fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() {
            let candidate = format!("{line} {word}");
            if text_width(&candidate, font, size) <= width {
                line = candidate;
                continue;
            }
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A column of text flowing down a page, from `top` to `bottom` points.
#[derive(Debug)]
pub struct Column<'a> {
    page: &'a mut Page,
    x: f32,
    width: f32,
    /// Where the next line's top is.
    y: f32,
    bottom: f32,
    /// The colour of what is written.
    pub colour: Colour,
}

impl<'a> Column<'a> {
    /// A column `width` points wide at `x`, from `top` to `bottom` points
    /// below the page's top.
    pub fn new(page: &'a mut Page, x: f32, width: f32, top: f32, bottom: f32) -> Column<'a> {
        Column {
            page,
            x,
            width,
            y: top,
            bottom,
            colour: Colour::BLACK,
        }
    }

    /// A column filling `page` but for `margin` points on every side.
    pub fn within_margin(page: &'a mut Page, margin: f32) -> Column<'a> {
        let (width, height) = (page.width, page.height);
        Column::new(page, margin, width - 2.0 * margin, margin, height - margin)
    }

    /// Points left below the last line.
    pub fn room(&self) -> f32 {
        self.bottom - self.y
    }

    /// Leaves `points` blank.
    pub fn skip(&mut self, points: f32) {
        self.y += points;
    }

    /// Writes one line as it is (cut by nothing); false when the column is
    /// full and nothing was written.
    pub fn line(&mut self, font: Font, size: f32, text: &str) -> bool {
        let leading = size * 1.3;
        if self.y + leading > self.bottom {
            return false;
        }
        let baseline = self.y + size;
        self.page
            .text(self.x, baseline, font, size, self.colour, text);
        self.y += leading;
        true
    }

    /// Writes one line with its right end at the column's right edge.
    pub fn line_right(&mut self, font: Font, size: f32, text: &str) -> bool {
        let leading = size * 1.3;
        if self.y + leading > self.bottom {
            return false;
        }
        let x = self.x + self.width - text_width(text, font, size);
        self.page
            .text(x, self.y + size, font, size, self.colour, text);
        self.y += leading;
        true
    }

    /// Writes a paragraph wrapped to the column, then a blank of half a
    /// line; returns the lines that did not fit (empty when all did).
    pub fn paragraph(&mut self, font: Font, size: f32, text: &str) -> Vec<String> {
        let lines = wrap(text, font, size, self.width);
        for (index, line) in lines.iter().enumerate() {
            if !self.line(font, size, line) {
                return lines[index..].to_vec();
            }
        }
        self.skip(size * 0.6);
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_wrapped_inside_the_width() {
        let text = "Nous avons bien reçu votre courrier concernant la façade de l'école";
        let lines = wrap(text, Font::Sans, 12.0, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(text_width(line, Font::Sans, 12.0) <= 150.0, "{line}");
        }
    }

    #[test]
    fn a_full_column_returns_what_did_not_fit() {
        let mut page = Page::new(200.0, 100.0);
        let mut column = Column::new(&mut page, 10.0, 180.0, 10.0, 50.0);
        let left = column.paragraph(Font::Mono, 10.0, &"mot ".repeat(100));
        assert!(!left.is_empty());
        assert!(column.room() < 13.0);
    }
}
