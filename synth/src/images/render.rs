//! Rendering a [`Page`] to pixels with poppler's `pdftoppm`, run as a
//! subprocess: it reads the PDF on standard input and writes one PGM (grey)
//! or PPM (colour) image on standard output, which is parsed here.

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

use image::{GrayImage, RgbImage};

use super::page::Page;
use crate::error::{Error, Result};

const PROGRAM: &str = "pdftoppm";
const PACKAGE: &str = "poppler-utils";

/// `page` rendered in grey at `dpi` dots per inch, anti-aliased.
pub fn render_grey(page: &Page, dpi: u32) -> Result<GrayImage> {
    let (width, height, pixels) = run(&page.to_pdf(), dpi, true)?;
    GrayImage::from_raw(width, height, pixels).ok_or_else(|| short_output(width, height))
}

/// `page` rendered in colour at `dpi` dots per inch, anti-aliased.
pub fn render_colour(page: &Page, dpi: u32) -> Result<RgbImage> {
    let (width, height, pixels) = run(&page.to_pdf(), dpi, false)?;
    RgbImage::from_raw(width, height, pixels).ok_or_else(|| short_output(width, height))
}

fn short_output(width: u32, height: u32) -> Error {
    Error::Program {
        program: PROGRAM,
        message: format!("fewer pixels than {width}×{height}"),
    }
}

/// Runs pdftoppm on `pdf`; the image's width, height and samples.
fn run(pdf: &[u8], dpi: u32, grey: bool) -> Result<(u32, u32, Vec<u8>)> {
    let mut command = Command::new(PROGRAM);
    command.arg("-r").arg(dpi.to_string());
    if grey {
        command.arg("-gray");
    }
    let mut child = command
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            ErrorKind::NotFound => Error::MissingProgram {
                program: PROGRAM,
                package: PACKAGE,
            },
            _ => Error::io("run", PROGRAM, error),
        })?;
    // A page is a few kilobytes: written whole before reading, it cannot
    // fill the pipe while pdftoppm waits for us to read its output.
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin
        .write_all(pdf)
        .map_err(|error| Error::io("write to", PROGRAM, error))?;
    drop(stdin);
    let output = child
        .wait_with_output()
        .map_err(|error| Error::io("read from", PROGRAM, error))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: String = stderr.lines().rev().take(3).collect::<Vec<_>>().join(" / ");
        return Err(Error::Program {
            program: PROGRAM,
            message: format!("{}: {tail}", output.status),
        });
    }
    parse_netpbm(output.stdout, if grey { b'5' } else { b'6' })
}

/// Parses a binary PGM (`P5`) or PPM (`P6`) of 8-bit samples, as pdftoppm
/// writes them: the magic, width, height and maximum separated by single
/// whitespace characters, no comments.
fn parse_netpbm(mut bytes: Vec<u8>, kind: u8) -> Result<(u32, u32, Vec<u8>)> {
    let bad = |what: &str| Error::Program {
        program: PROGRAM,
        message: format!("unexpected output: {what}"),
    };
    if bytes.len() < 2 || bytes[0] != b'P' || bytes[1] != kind {
        return Err(bad("not a binary PGM/PPM"));
    }
    let mut fields = [0u32; 3];
    let mut position = 2;
    for field in &mut fields {
        while bytes.get(position).is_some_and(u8::is_ascii_whitespace) {
            position += 1;
        }
        let start = position;
        while bytes.get(position).is_some_and(u8::is_ascii_digit) {
            position += 1;
        }
        *field = std::str::from_utf8(&bytes[start..position])
            .ok()
            .and_then(|digits| digits.parse().ok())
            .ok_or_else(|| bad("header"))?;
    }
    let [width, height, maximum] = fields;
    if maximum != 255 {
        return Err(bad("not 8-bit"));
    }
    // One whitespace byte ends the header.
    bytes.drain(..=position);
    Ok((width, height, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netpbm_headers_are_parsed() {
        let mut pgm = b"P5\n3 2\n255\n".to_vec();
        pgm.extend_from_slice(&[0, 1, 2, 3, 4, 5]);
        let (width, height, pixels) = parse_netpbm(pgm, b'5').unwrap();
        assert_eq!((width, height), (3, 2));
        assert_eq!(pixels, [0, 1, 2, 3, 4, 5]);
        assert!(parse_netpbm(b"P6\n1 1\n255\n...".to_vec(), b'5').is_err());
    }
}
