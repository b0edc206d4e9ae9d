//! Zip attachments: a folder of two to five documents sent at once (PDFs,
//! Word documents, spreadsheets, now and then a photograph), as people zip
//! what they send to the press office or a lawyer.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::ooxml::ZipFile;
use super::{Context, Kind, Leak};
use crate::error::Result;

/// A `.zip` of a few documents, its members named as their own
/// attachments would be.
pub fn bundle(leak: &Leak, context: &Context, rng: &mut ChaCha8Rng) -> Result<Vec<u8>> {
    let mut zip = ZipFile::new(context);
    let folder = context.title(rng);
    for _ in 0..rng.random_range(2..=5) {
        let kind = match rng.random_range(0..100) {
            0..=49 => Kind::Pdf,
            50..=74 => Kind::Docx,
            75..=89 => Kind::Xlsx,
            _ => Kind::Jpeg,
        };
        let member = leak.document(kind, context, rng)?;
        let name = format!("{}/{}", file_stem(&folder), member.name);
        if kind == Kind::Jpeg {
            zip.add_stored(&name, &member.bytes)?;
        } else {
            zip.add(&name, &member.bytes)?;
        }
    }
    zip.finish()
}

/// `title` as a file name: lower case ASCII letters, digits and dashes.
pub fn file_stem(title: &str) -> String {
    let mut stem = String::with_capacity(title.len());
    for c in title.chars() {
        let c = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
        if stem.len() >= 40 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "documents".to_string()
    } else {
        stem.to_string()
    }
}
