//! Images for OCR: the test fixtures of `tests/fixtures/ocr/` and the
//! leak-shaped image sets of the OCR benchmark (`fouille synth images`).
//!
//! Text is drawn by writing a one-page PDF in the standard fonts
//! (WinAnsiEncoding, so every French letter) and rendering it with poppler's
//! `pdftoppm` (Debian `poppler-utils`): no font file in the repository, and
//! the same anti-aliased text a real rasteriser makes. Pages are then
//! spoilt as scanners and phones spoil them and encoded with the `image`,
//! `png` and `tiff` crates. Everything is deterministic from a seed.
//!
//! - [`winansi`], [`pdf`], [`page`], [`layout`]: text pages as PDF;
//! - [`render`]: pdftoppm, run as a subprocess;
//! - [`distort`]: rotation, noise, blur, uneven light, paper tint;
//! - [`encode`]: PNG, JPEG, multi-page TIFF; [`scan_pdf`]: image-only PDF;
//! - [`photo`]: photographs without text;
//! - [`hostile`]: a huge image, a decompression bomb, a cut file;
//! - [`words`], [`prose`], [`documents`], [`shapes`]: what the text images
//!   say and look like;
//! - [`corpus`]: the benchmark's set and its `truth.tsv`;
//! - [`fixtures`]: the test fixtures.

pub mod corpus;
pub mod distort;
pub mod documents;
pub mod encode;
pub mod fixtures;
pub mod hostile;
pub mod layout;
pub mod page;
pub mod pdf;
pub mod photo;
pub mod prose;
pub mod render;
pub mod scan_pdf;
pub mod shapes;
pub mod winansi;
pub mod words;

pub use corpus::{ImageSetOptions, ImageSetSummary, generate_images};
pub use fixtures::write_ocr_fixtures;
pub use shapes::Shape;
