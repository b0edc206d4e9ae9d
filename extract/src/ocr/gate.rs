//! Telling an image with text from a photograph, cheaply, before Tesseract
//! spends seconds on it.
//!
//! Text is rows of small marks of one height, side by side: letters. The
//! image is shrunk to at most [`WORK_SIDE`] pixels a side, each pixel
//! compared with the mean of its neighbourhood (so uneven lighting and
//! white-on-dark text do not matter), and the marks darker or lighter than
//! their surroundings are collected as connected components. A component
//! of a letter's shape whose neighbour along the row (or the column, for a
//! page turned a quarter) has about the same height extends a chain; text
//! makes many chains of several letters, a photograph of a landscape or a
//! face almost none. Only images with no chain at all are skipped: a false
//! "text" costs a Tesseract run, a false "photograph" would lose text.

use image::GrayImage;

/// The working image's longest side, in pixels.
pub const WORK_SIDE: u32 = 1600;

/// The image is never shrunk more than this: a few lines of text on a huge
/// scan must stay letters, not specks.
const MAX_SHRINK: u32 = 4;

/// Half the side of the window a pixel is compared with.
const WINDOW: i64 = 12;

/// How much darker (or lighter) than its surroundings a pixel must be to
/// belong to a mark.
const CONTRAST: i64 = 18;

/// Letters at the working scale: from small print to headlines.
const MIN_HEIGHT: u32 = 5;
const MAX_HEIGHT: u32 = 90;

/// Chains of at least this many marks count as a line of text.
const CHAIN: usize = 4;

/// Components beyond this are not examined: an image this busy goes to
/// Tesseract.
const MAX_COMPONENTS: usize = 200_000;

/// What the gate saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Marks of a letter's size and shape.
    pub marks: u32,
    /// Chains of [`CHAIN`] or more marks in a row or a column.
    pub lines: u32,
    /// Worth reading with Tesseract.
    pub text: bool,
}

/// A connected component's box and size.
#[derive(Debug, Clone, Copy)]
struct Mark {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

impl Mark {
    fn width(&self) -> u32 {
        self.x1 - self.x0 + 1
    }
    fn height(&self) -> u32 {
        self.y1 - self.y0 + 1
    }
    /// The same mark with x and y swapped, for columns.
    fn transposed(self) -> Mark {
        Mark {
            x0: self.y0,
            y0: self.x0,
            x1: self.y1,
            y1: self.x1,
        }
    }
}

/// Whether `image` may hold text.
pub fn examine(image: &GrayImage) -> Verdict {
    let small = shrink(image);
    let mut marks = Vec::new();
    let mut busy = false;
    for dark in [true, false] {
        let mask = contrast_mask(&small, dark);
        busy |= !components(&mask, small.width(), small.height(), &mut marks);
    }
    let rows = chains(&marks);
    let columns = chains(
        &marks
            .iter()
            .map(|mark| mark.transposed())
            .collect::<Vec<_>>(),
    );
    let lines = rows.max(columns);
    Verdict {
        marks: marks.len() as u32,
        lines,
        text: busy || lines >= 1,
    }
}

/// `image` averaged down by a whole factor towards [`WORK_SIDE`] a side.
fn shrink(image: &GrayImage) -> GrayImage {
    let (width, height) = image.dimensions();
    shrink_by(
        image,
        width.max(height).div_ceil(WORK_SIDE).clamp(1, MAX_SHRINK),
    )
}

/// `image` averaged down by `factor` (each output pixel the mean of a
/// `factor`-square block).
pub fn shrink_by(image: &GrayImage, factor: u32) -> GrayImage {
    let (width, height) = image.dimensions();
    if factor <= 1 {
        return image.clone();
    }
    let (small_width, small_height) = (width / factor, height / factor);
    let mut small = GrayImage::new(small_width.max(1), small_height.max(1));
    let area = factor * factor;
    for y in 0..small_height {
        for x in 0..small_width {
            let mut sum = 0u32;
            for dy in 0..factor {
                for dx in 0..factor {
                    sum += u32::from(image.get_pixel(x * factor + dx, y * factor + dy).0[0]);
                }
            }
            small.put_pixel(x, y, image::Luma([(sum / area) as u8]));
        }
    }
    small
}

/// Pixels darker (or lighter) than the mean of their window by
/// [`CONTRAST`], through a summed-area table.
fn contrast_mask(image: &GrayImage, dark: bool) -> Vec<bool> {
    let (width, height) = (image.width() as usize, image.height() as usize);
    let mut table = vec![0u64; (width + 1) * (height + 1)];
    for y in 0..height {
        let mut row = 0u64;
        for x in 0..width {
            row += u64::from(image.as_raw()[y * width + x]);
            table[(y + 1) * (width + 1) + x + 1] = table[y * (width + 1) + x + 1] + row;
        }
    }
    let mut mask = vec![false; width * height];
    for y in 0..height as i64 {
        let (top, bottom) = ((y - WINDOW).max(0), (y + WINDOW + 1).min(height as i64));
        for x in 0..width as i64 {
            let (left, right) = ((x - WINDOW).max(0), (x + WINDOW + 1).min(width as i64));
            let at = |yy: i64, xx: i64| table[yy as usize * (width + 1) + xx as usize] as i64;
            let sum = at(bottom, right) - at(top, right) - at(bottom, left) + at(top, left);
            let mean = sum / ((bottom - top) * (right - left));
            let value = i64::from(image.as_raw()[y as usize * width + x as usize]);
            mask[y as usize * width + x as usize] = if dark {
                value + CONTRAST < mean
            } else {
                value > mean + CONTRAST
            };
        }
    }
    mask
}

/// Adds the letter-shaped components of `mask` (8-connected) to `marks`;
/// false when there were too many to examine.
fn components(mask: &[bool], width: u32, height: u32, marks: &mut Vec<Mark>) -> bool {
    let mut seen = vec![false; mask.len()];
    let mut stack = Vec::new();
    let mut found = 0usize;
    for start in 0..mask.len() {
        if !mask[start] || seen[start] {
            continue;
        }
        found += 1;
        if found > MAX_COMPONENTS {
            return false;
        }
        seen[start] = true;
        stack.push(start);
        let (mut mark, mut pixels) = (
            Mark {
                x0: u32::MAX,
                y0: u32::MAX,
                x1: 0,
                y1: 0,
            },
            0u32,
        );
        while let Some(at) = stack.pop() {
            let (x, y) = ((at % width as usize) as u32, (at / width as usize) as u32);
            pixels += 1;
            mark.x0 = mark.x0.min(x);
            mark.x1 = mark.x1.max(x);
            mark.y0 = mark.y0.min(y);
            mark.y1 = mark.y1.max(y);
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (i64::from(x) + dx, i64::from(y) + dy);
                    if nx < 0 || ny < 0 || nx >= i64::from(width) || ny >= i64::from(height) {
                        continue;
                    }
                    let next = ny as usize * width as usize + nx as usize;
                    if mask[next] && !seen[next] {
                        seen[next] = true;
                        stack.push(next);
                    }
                }
            }
        }
        if letter_shaped(&mark, pixels) {
            marks.push(mark);
        }
    }
    true
}

/// A letter, a digit or a word of touching letters: not a speck, not a
/// long rule, not a filled block.
fn letter_shaped(mark: &Mark, pixels: u32) -> bool {
    let (width, height) = (mark.width(), mark.height());
    let fill = f64::from(pixels) / f64::from(width * height);
    (MIN_HEIGHT..=MAX_HEIGHT).contains(&height)
        && width <= height * 8
        && pixels >= 8
        && (0.08..=0.92).contains(&fill)
}

/// Rows of [`CHAIN`] or more marks: each mark linked to the nearest mark
/// to its right of about its height, on the same line, close enough to be
/// the next letter or word.
fn chains(marks: &[Mark]) -> u32 {
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&index| marks[index].x0);
    let mut next: Vec<Option<usize>> = vec![None; marks.len()];
    let mut has_previous = vec![false; marks.len()];
    for (position, &index) in order.iter().enumerate() {
        let mark = marks[index];
        let reach = mark.x1 + mark.height() * 3 / 2 + 2;
        let mut best: Option<(u32, usize)> = None;
        for &other in order[position + 1..].iter() {
            let candidate = marks[other];
            if candidate.x0 > reach {
                break;
            }
            if candidate.x0 <= mark.x0 || !same_line(&mark, &candidate) {
                continue;
            }
            let gap = candidate.x0.saturating_sub(mark.x1);
            if best.is_none_or(|(best_gap, _)| gap < best_gap) {
                best = Some((gap, other));
            }
        }
        if let Some((_, other)) = best
            && !has_previous[other]
        {
            next[index] = Some(other);
            has_previous[other] = true;
        }
    }
    let mut lines = 0;
    for (start, _) in has_previous.iter().enumerate().filter(|(_, has)| !**has) {
        let (mut length, mut at) = (1usize, start);
        while let Some(following) = next[at] {
            length += 1;
            at = following;
        }
        if length >= CHAIN {
            lines += 1;
        }
    }
    lines
}

/// About the same height and overlapping vertically by half the smaller.
fn same_line(a: &Mark, b: &Mark) -> bool {
    let (high, low) = (a.height().max(b.height()), a.height().min(b.height()));
    if high * 2 > low * 3 + 2 {
        return false;
    }
    let overlap = a.y1.min(b.y1) as i64 - a.y0.max(b.y0) as i64 + 1;
    overlap * 2 >= i64::from(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of letter-like bars on white: text to the gate.
    fn fake_text(width: u32, height: u32) -> GrayImage {
        let mut image = GrayImage::from_pixel(width, height, image::Luma([235]));
        for line in 0..8 {
            let top = 20 + line * 30;
            for letter in 0..30 {
                let left = 10 + letter * 12;
                for y in top..top + 14 {
                    for x in left..left + 3 {
                        image.put_pixel(x, y, image::Luma([30]));
                    }
                    image.put_pixel(left + 3 + (y - top) / 3, y, image::Luma([30]));
                }
            }
        }
        image
    }

    #[test]
    fn rows_of_letters_are_text_and_smooth_shading_is_not() {
        let text = fake_text(420, 280);
        let verdict = examine(&text);
        assert!(verdict.text, "{verdict:?}");
        assert!(verdict.lines >= 8, "{verdict:?}");
        let turned = image::imageops::rotate90(&text);
        assert!(examine(&turned).text);
        let inverted = {
            let mut inverted = text.clone();
            image::imageops::invert(&mut inverted);
            inverted
        };
        assert!(examine(&inverted).text);
        let shading = GrayImage::from_fn(900, 600, |x, y| {
            image::Luma([((x / 4 + y / 3) % 256) as u8 / 2 + 40])
        });
        let verdict = examine(&shading);
        assert_eq!((verdict.lines, verdict.text), (0, false), "{verdict:?}");
    }
}
#[cfg(test)]
mod scratch {
    #[test]
    #[ignore]
    fn scratch_gate() {
        for path in std::env::var("GATE_FILES").unwrap().split(',') {
            let t = std::time::Instant::now();
            let image = if path.ends_with(".pgm") {
                let bytes = std::fs::read(path).unwrap();
                let header = String::from_utf8_lossy(&bytes[..20]).to_string();
                let parts: Vec<&str> = header.split_whitespace().collect();
                let (w, h): (u32, u32) = (parts[1].parse().unwrap(), parts[2].parse().unwrap());
                let start = bytes.len() - (w * h) as usize;
                image::GrayImage::from_raw(w, h, bytes[start..].to_vec()).unwrap()
            } else {
                image::open(path).unwrap().to_luma8()
            };
            let d = t.elapsed();
            let v = super::examine(&image);
            eprintln!("{path}: {v:?} decode {d:?} gate {:?}", t.elapsed() - d);
        }
    }
}
