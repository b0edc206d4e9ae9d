//! Tesseract, the program: finding it and its languages, running it on one
//! page, and reading its TSV output into text and a confidence.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::command;

/// The Debian packages OCR needs, for messages.
pub const PACKAGES: &str = "tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng poppler-utils";

/// TSV of a page is far smaller than this (about 60 bytes per word).
const MAX_TSV_BYTES: usize = 64 * 1024 * 1024;

/// The programs OCR runs, found on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    /// `tesseract`.
    pub tesseract: PathBuf,
    /// Tesseract's version line (`tesseract 5.3.0`).
    pub version: String,
    /// The languages it has (`eng`, `fra`, `osd`…).
    pub languages: Vec<String>,
    /// `pdftoppm`, to turn scanned PDF pages into images, if installed.
    pub pdftoppm: Option<PathBuf>,
}

/// Why OCR cannot run here, said so that a user can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    /// No `tesseract` on the path.
    #[error("tesseract is not installed (Debian: apt install {PACKAGES})")]
    Tesseract,
    /// Tesseract lacks some of the languages asked for.
    #[error("tesseract has no {} language data (Debian: apt install {})", .0.join(", "), packages_of(.0))]
    Languages(Vec<String>),
}

fn packages_of(languages: &[String]) -> String {
    languages
        .iter()
        .map(|language| {
            format!(
                "tesseract-ocr-{}",
                language.replace('_', "-").to_lowercase()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A program on the `PATH`.
fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

impl Tools {
    /// Finds Tesseract with every language of `langs` (`fra+eng`), and
    /// pdftoppm if it is there.
    pub fn detect(langs: &str) -> Result<Tools, Missing> {
        let tesseract = find("tesseract").ok_or(Missing::Tesseract)?;
        let quick = Duration::from_secs(20);
        let version = command::run(&tesseract, &["--version".into()], None, quick, 1 << 16)
            .map_err(|_| Missing::Tesseract)?;
        let version = String::from_utf8_lossy(&version.stdout)
            .lines()
            .next()
            .unwrap_or("tesseract")
            .trim()
            .to_string();
        let listed = command::run(&tesseract, &["--list-langs".into()], None, quick, 1 << 16)
            .map_err(|_| Missing::Tesseract)?;
        // The list goes to stdout in 5.x, to stderr in some older builds.
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&listed.stdout),
            listed.stderr
        );
        let languages: Vec<String> = text
            .lines()
            .skip_while(|line| !line.starts_with("List of available languages"))
            .skip(1)
            .map(|line| line.trim().to_string())
            .filter(|line| !line.is_empty())
            .collect();
        let missing: Vec<String> = langs
            .split('+')
            .filter(|lang| !languages.iter().any(|have| have == lang))
            .map(str::to_string)
            .collect();
        if !missing.is_empty() {
            return Err(Missing::Languages(missing));
        }
        Ok(Tools {
            tesseract,
            version,
            languages,
            pdftoppm: find("pdftoppm"),
        })
    }
}

/// What Tesseract read on one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognised {
    /// The text, lines and paragraphs as laid out.
    pub text: String,
    /// Words recognised.
    pub words: u32,
    /// Words Tesseract is fairly sure of (confidence 60 or more) that hold
    /// two letters or digits: what tells a page with text from noise.
    pub sure_words: u32,
    /// Mean word confidence, 0 to 100 (0 without words).
    pub confidence: f32,
}

/// Runs Tesseract on one image (`bytes`, any format Leptonica reads),
/// `page` counting from 0 for multi-page TIFF.
pub fn recognise(
    tesseract: &Path,
    bytes: &[u8],
    page: Option<u32>,
    langs: &str,
    timeout: Duration,
) -> Result<Recognised, String> {
    let mut args: Vec<String> = vec![
        "stdin".into(),
        "stdout".into(),
        "-l".into(),
        langs.into(),
        "--psm".into(),
        "3".into(),
    ];
    if let Some(page) = page {
        args.push("-c".into());
        args.push(format!("tessedit_page_number={page}"));
    }
    args.push("tsv".into());
    let output = command::run(tesseract, &args, Some(bytes), timeout, MAX_TSV_BYTES)?;
    Ok(read_tsv(&String::from_utf8_lossy(&output.stdout)))
}

/// Text and confidence from Tesseract's TSV: one row per word (level 5)
/// with its block, paragraph and line, which give the layout back.
pub fn read_tsv(tsv: &str) -> Recognised {
    let mut recognised = Recognised::default();
    let mut confidence_sum = 0.0f64;
    let mut last: Option<(&str, &str, &str, &str)> = None;
    for row in tsv.lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        if columns.len() < 12 || columns[0] != "5" {
            continue;
        }
        let word = columns[11].trim();
        let Ok(confidence) = columns[10].parse::<f32>() else {
            continue;
        };
        if word.is_empty() || confidence < 0.0 {
            continue;
        }
        let place = (columns[1], columns[2], columns[3], columns[4]);
        if let Some(before) = last {
            let paragraph = (before.0, before.1, before.2) != (place.0, place.1, place.2);
            recognised.text.push_str(if paragraph {
                "\n\n"
            } else if before.3 != place.3 {
                "\n"
            } else {
                " "
            });
        }
        last = Some(place);
        recognised.text.push_str(word);
        recognised.words += 1;
        confidence_sum += f64::from(confidence);
        if confidence >= 60.0 && word.chars().filter(|c| c.is_alphanumeric()).count() >= 2 {
            recognised.sure_words += 1;
        }
    }
    if recognised.words > 0 {
        recognised.confidence = (confidence_sum / f64::from(recognised.words)) as f32;
    }
    recognised
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_gives_lines_paragraphs_and_the_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96.5\tPréfecture\n\
            5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t90\tde\n\
            5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t30\t|\n\
            5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t83.5\tReçu\n\
            5\t1\t2\t1\t1\t1\t0\t0\t1\t1\t-1\t \n";
        let recognised = read_tsv(tsv);
        assert_eq!(recognised.text, "Préfecture de\n|\n\nReçu");
        assert_eq!(recognised.words, 4);
        assert_eq!(recognised.sure_words, 3);
        assert_eq!(recognised.confidence, 75.0);
    }

    #[test]
    fn missing_languages_name_their_packages() {
        let missing = Missing::Languages(vec!["deu".into(), "chi_sim".into()]);
        assert_eq!(
            missing.to_string(),
            "tesseract has no deu, chi_sim language data (Debian: apt install tesseract-ocr-deu tesseract-ocr-chi-sim)"
        );
    }
}
