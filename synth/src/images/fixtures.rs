//! The OCR test fixtures of `tests/fixtures/ocr/` (`fouille synth
//! ocr-fixtures`): small pages with large text, so that each file stays
//! small and Tesseract (fra+eng) reads the words the tests assert, plus the
//! hostile images an OCR pass must survive. Always the same bytes: the
//! random parts use a fixed seed.
//!
//! | file | what | words |
//! |---|---|---|
//! | `lettre.png` | grey PNG, A6 at 300 dpi | Préfecture, reçu, élève, façade, invoice |
//! | `photo-page.jpg` | a phone photo of a page: turned 4°, noise, uneven light, JPEG q70 | Montant, échéance |
//! | `registre.tif` | 3-page grey TIFF (deflate) | janvier (p. 1), février (p. 2), décembre (p. 3) |
//! | `scan.pdf` | image-only PDF, 2 JPEG pages, no text layer | sommaire (p. 1), confidentiel (p. 2) |
//! | `paysage.jpg` | a photograph, 3000 × 2000, no text | none |
//! | `huge.png` | 20000 × 15000 1-bit grey, white but for a few lines | cadastre |
//! | `truncated.jpg` | a text page's JPEG cut to half its bytes | (the top half's) |
//! | `bomb.png` | PNG header declaring 100000 × 100000 grey, 128 MiB of zeros deflated | none |

use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::distort::{add_noise, blur};
use super::documents::MM;
use super::encode::{jpeg_colour, jpeg_grey, png_grey, tiff_grey};
use super::hostile::{bomb_png, huge_png, truncate};
use super::layout::Column;
use super::page::{Font, Page};
use super::photo::{PhotoStyle, photograph};
use super::render::render_grey;
use super::scan_pdf::{ScannedPage, scan_pdf};
use super::shapes::photograph_page;
use crate::error::{Error, Result};

/// The seed of every random part: issue 17 brought OCR.
const SEED: u64 = 17;

/// A line or paragraph of a fixture page.
enum Block<'a> {
    /// A title in bold.
    Title(&'a str),
    /// A paragraph, wrapped.
    Text(&'a str),
    /// Blank, points.
    Gap(f32),
}

/// A page of `width` × `height` millimetres with `blocks` in `size`-point
/// Helvetica (titles 4 points larger), 10 mm margins.
fn page(width: f32, height: f32, size: f32, blocks: &[Block<'_>]) -> Page {
    let mut page = Page::new(width * MM, height * MM);
    let margin = 10.0 * MM;
    let mut column = Column::new(
        &mut page,
        margin,
        (width - 20.0) * MM,
        margin,
        (height - 10.0) * MM,
    );
    for block in blocks {
        match block {
            Block::Title(text) => {
                column.line(Font::SansBold, size + 4.0, text);
                column.skip(size * 0.5);
            }
            Block::Text(text) => {
                let left = column.paragraph(Font::Sans, size, text);
                debug_assert!(left.is_empty(), "fixture text does not fit: {left:?}");
            }
            Block::Gap(points) => column.skip(*points),
        }
    }
    page
}

fn lettre() -> Page {
    page(
        105.0,
        148.0,
        14.0,
        &[
            Block::Title("Préfecture de la Loue"),
            Block::Text("Service des écoles, bureau 12"),
            Block::Gap(8.0),
            Block::Text("Objet : la façade du collège"),
            Block::Text(
                "Madame, nous avons bien reçu votre lettre au sujet de l’élève Martin et de la façade abîmée par l’orage.",
            ),
            Block::Text("Please find the invoice attached."),
            Block::Text("Veuillez agréer nos salutations."),
        ],
    )
}

fn photo_page() -> Page {
    page(
        105.0,
        148.0,
        16.0,
        &[
            Block::Title("Avis de paiement"),
            Block::Text("Montant dû : 1 250,00 €"),
            Block::Text("Date d’échéance : 15 mars"),
            Block::Text("Merci de régler par virement avant cette date."),
        ],
    )
}

fn registre(month: &str, number: u32) -> Page {
    page(
        105.0,
        74.0,
        16.0,
        &[
            Block::Title(&format!("Registre : {month}")),
            Block::Text(&format!("Page {number} sur 3, entrées du mois")),
            Block::Text("Dossiers reçus et classés."),
        ],
    )
}

fn scan_pages() -> [Page; 2] {
    [
        page(
            105.0,
            148.0,
            15.0,
            &[
                Block::Title("Sommaire"),
                Block::Text("1. Présentation du projet"),
                Block::Text("2. Budget et calendrier"),
                Block::Text("3. Annexes techniques"),
            ],
        ),
        page(
            105.0,
            148.0,
            15.0,
            &[
                Block::Title("Document confidentiel"),
                Block::Text("Ne pas diffuser hors du comité de direction."),
            ],
        ),
    ]
}

fn truncated_page() -> Page {
    page(
        105.0,
        148.0,
        16.0,
        &[
            Block::Title("Bordereau d’envoi"),
            Block::Text("Expéditeur : service courrier"),
            Block::Gap(60.0),
            Block::Text("Cette ligne du bas est perdue avec la fin du fichier."),
        ],
    )
}

/// The fixtures' files, name and bytes, in the table's order.
pub fn ocr_fixtures() -> Result<Vec<(&'static str, Vec<u8>)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut files = Vec::new();
    files.push((
        "lettre.png",
        png_grey(&render_grey(&lettre(), 300)?, Some(300))?,
    ));
    let photo = photograph_page(&photo_page(), 200, 4.0, &mut rng)?;
    files.push(("photo-page.jpg", jpeg_colour(&photo, 70)?));
    let months = [("janvier", 1), ("février", 2), ("décembre", 3)];
    let pages = months
        .iter()
        .map(|(month, number)| render_grey(&registre(month, *number), 200))
        .collect::<Result<Vec<_>>>()?;
    files.push(("registre.tif", tiff_grey(&pages, 200)?));
    let mut scanned = Vec::new();
    for page in scan_pages() {
        let mut image = blur(&render_grey(&page, 200)?, 0.5);
        add_noise(&mut image, 3.0, &mut rng);
        scanned.push(ScannedPage {
            jpeg: jpeg_grey(&image, 70, Some(200))?,
            width: image.width(),
            height: image.height(),
            grey: true,
        });
    }
    files.push(("scan.pdf", scan_pdf(&scanned, 200)));
    let style = PhotoStyle {
        width: 3000,
        height: 2000,
        grain: 2.0,
    };
    files.push((
        "paysage.jpg",
        jpeg_colour(&photograph(style, &mut rng), 70)?,
    ));
    let cadastre = page(
        110.0,
        45.0,
        16.0,
        &[
            Block::Title("Plan du cadastre"),
            Block::Text("Parcelle 42, section B"),
        ],
    );
    files.push((
        "huge.png",
        huge_png(
            20_000,
            15_000,
            &render_grey(&cadastre, 300)?,
            1_200,
            900,
            300,
        )?,
    ));
    let whole = jpeg_grey(&render_grey(&truncated_page(), 200)?, 80, Some(200))?;
    files.push(("truncated.jpg", truncate(&whole, 0.5)));
    files.push(("bomb.png", bomb_png(100_000, 100_000, 128 << 20)));
    Ok(files)
}

/// Writes the fixtures into `out` (created if missing; files of the same
/// names are replaced); their names and sizes.
pub fn write_ocr_fixtures(out: &Path) -> Result<Vec<(&'static str, u64)>> {
    std::fs::create_dir_all(out).map_err(|error| Error::io("create", out, error))?;
    ocr_fixtures()?
        .into_iter()
        .map(|(name, bytes)| {
            let path = out.join(name);
            std::fs::write(&path, &bytes).map_err(|error| Error::io("write", &path, error))?;
            Ok((name, bytes.len() as u64))
        })
        .collect()
}
