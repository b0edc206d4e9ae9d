//! A leak-shaped set of images for the OCR benchmark (`fouille synth
//! images`): photographs without text, text images of the four
//! [`Shape`]s, and exact copies of some of them under other names, with
//! `truth.tsv` saying what each file is and which key words it carries.
//!
//! Image `i` is made from a random stream of its own, so the set depends on
//! the seed and count only, whatever the thread count.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::encode::jpeg_colour;
use super::photo::{PhotoStyle, photograph};
use super::prose::keys;
use super::shapes::{Shape, make_text_image};
use crate::error::{Error, Result};
use crate::vocabulary::Language;

/// What to generate.
#[derive(Debug, Clone)]
pub struct ImageSetOptions {
    /// Output directory, missing or empty.
    pub out: PathBuf,
    /// Files, duplicates included.
    pub count: usize,
    /// Random seed.
    pub seed: u64,
    /// Share of photographs without text, 0–1.
    pub photos: f64,
    /// Share of exact duplicates, 0–1.
    pub duplicates: f64,
    /// Generating threads, at least 1.
    pub threads: usize,
}

/// What an image of the set is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Text of a shape, in a language, with its key words.
    Text {
        /// The shape.
        shape: Shape,
        /// The language.
        language: Language,
        /// Its key words.
        keys: Vec<&'static str>,
    },
    /// A photograph without text.
    Photo,
    /// The same bytes as the image at this index of the plan.
    Duplicate(usize),
}

/// One file of the set.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Its file name.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct ImageSetSummary {
    /// Text images by shape.
    pub shapes: BTreeMap<Shape, usize>,
    /// Photographs without text.
    pub photos: usize,
    /// Exact duplicates.
    pub duplicates: usize,
    /// Bytes written, duplicates included.
    pub bytes: u64,
    /// Seconds spent.
    pub seconds: f64,
}

/// Plans the set: which file is what. Originals come first, in a shuffled
/// order of kinds; duplicates copy originals picked at random (a scan or a
/// logo sent many times is copied again and again).
pub fn plan(options: &ImageSetOptions) -> Vec<Planned> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    rng.set_stream(u64::MAX);
    let duplicates = ((options.count as f64) * options.duplicates.clamp(0.0, 1.0)).round() as usize;
    let duplicates = duplicates.min(options.count.saturating_sub(1));
    let originals = options.count - duplicates;
    let photos = ((options.count as f64) * options.photos.clamp(0.0, 1.0)).round() as usize;
    let photos = photos.min(originals);
    let mut is_photo: Vec<bool> = (0..originals).map(|index| index < photos).collect();
    for index in (1..is_photo.len()).rev() {
        is_photo.swap(index, rng.random_range(0..=index));
    }
    let mut pools = KeyPools::new(&mut rng);
    let mut plan: Vec<Planned> = Vec::with_capacity(options.count);
    for (index, photo) in is_photo.into_iter().enumerate() {
        let kind = if photo {
            Kind::Photo
        } else {
            let shape = match rng.random_range(0..100) {
                0..35 => Shape::Scan,
                35..55 => Shape::Receipt,
                55..75 => Shape::Screenshot,
                _ => Shape::PhonePhoto,
            };
            let language = if rng.random_bool(0.6) {
                Language::French
            } else {
                Language::English
            };
            let keys = pools.take(language, rng.random_range(3..6));
            Kind::Text {
                shape,
                language,
                keys,
            }
        };
        plan.push(Planned {
            name: original_name(index, &kind),
            kind,
        });
    }
    let mut names: HashSet<String> = plan.iter().map(|planned| planned.name.clone()).collect();
    for copy in 0..duplicates {
        let original = rng.random_range(0..originals);
        let name = duplicate_name(&plan[original].name, copy, &mut names);
        plan.push(Planned {
            name,
            kind: Kind::Duplicate(original),
        });
    }
    plan
}

/// The key words of each language, shuffled, handed out in turn: every
/// image gets keys no other image has until a pool runs out (then they are
/// used again, each as few times as possible).
struct KeyPools {
    pools: [Vec<&'static str>; 2],
    next: [usize; 2],
}

impl KeyPools {
    fn new(rng: &mut ChaCha8Rng) -> KeyPools {
        let pools = Language::ALL.map(|language| {
            let mut pool = keys(language).to_vec();
            for index in (1..pool.len()).rev() {
                pool.swap(index, rng.random_range(0..=index));
            }
            pool
        });
        KeyPools {
            pools,
            next: [0, 0],
        }
    }

    fn take(&mut self, language: Language, count: usize) -> Vec<&'static str> {
        let pool = &self.pools[language.index()];
        let next = &mut self.next[language.index()];
        let taken = (0..count.min(pool.len()))
            .map(|offset| pool[(*next + offset) % pool.len()])
            .collect();
        *next += count;
        taken
    }
}

/// A name as the kind's source gives it: phones number their pictures,
/// scanners their pages, and a French Mac its screenshots with a typographic
/// apostrophe and spaces.
fn original_name(index: usize, kind: &Kind) -> String {
    match kind {
        Kind::Photo
        | Kind::Text {
            shape: Shape::PhonePhoto,
            ..
        } => format!("IMG_{:04}.jpg", 1000 + index),
        Kind::Text {
            shape: Shape::Scan, ..
        } => format!("scan_{index:04}"),
        Kind::Text {
            shape: Shape::Receipt,
            ..
        } => format!("ticket_{index:04}.jpg"),
        Kind::Text {
            shape: Shape::Screenshot,
            language: Language::French,
            ..
        } => format!("Capture d’écran {index:04}.png"),
        Kind::Text {
            shape: Shape::Screenshot,
            ..
        } => format!("Screenshot {index:04}.png"),
        Kind::Duplicate(_) => unreachable!("duplicates are named from their original"),
    }
}

/// Another name for a copy of `original`, unused so far.
fn duplicate_name(original: &str, copy: usize, names: &mut HashSet<String>) -> String {
    let (stem, extension) = original.rsplit_once('.').unwrap_or((original, ""));
    let dot = if extension.is_empty() { "" } else { "." };
    let mut attempt = 0;
    loop {
        let name = match (copy + attempt) % 3 {
            0 => format!("{stem} ({}){dot}{extension}", attempt + 1),
            1 => format!("copie de {original}"),
            _ => format!("Copy of {stem}-{}{dot}{extension}", attempt + 1),
        };
        if names.insert(name.clone()) {
            return name;
        }
        attempt += 1;
    }
}

/// Writes the set to `options.out` and `truth.tsv` beside it;
/// `on_progress` gets the files written so far.
pub fn generate_images(
    options: &ImageSetOptions,
    on_progress: &(dyn Fn(usize) + Sync),
) -> Result<ImageSetSummary> {
    let started = Instant::now();
    crate::write::create_empty(&options.out)?;
    let mut plan = plan(options);
    let originals = plan
        .iter()
        .filter(|planned| !matches!(planned.kind, Kind::Duplicate(_)))
        .count();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let made: Vec<Result<Vec<(usize, String, u64)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..options.threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut written = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= originals {
                            return Ok(written);
                        }
                        let (name, bytes) = make_original(options, index, &plan[index])?;
                        written.push((index, name, bytes));
                        on_progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or(Err(Error::Stopped)))
            .collect()
    });
    let mut summary = ImageSetSummary::default();
    for written in made {
        for (index, name, bytes) in written? {
            // Scans learn their extension when made (PNG or TIFF).
            plan[index].name = name;
            summary.bytes += bytes;
        }
    }
    for index in originals..plan.len() {
        let Kind::Duplicate(original) = plan[index].kind else {
            continue;
        };
        if !plan[index].name.contains('.') {
            let extension = plan[original]
                .name
                .rsplit_once('.')
                .map_or("", |(_, extension)| extension);
            plan[index].name = format!("{}.{extension}", plan[index].name);
        }
        let (from, to) = (
            options.out.join(&plan[original].name),
            options.out.join(&plan[index].name),
        );
        summary.bytes +=
            std::fs::copy(&from, &to).map_err(|error| Error::io("write", &to, error))?;
        on_progress(index + 1);
    }
    write_truth(&options.out, &plan)?;
    for planned in &plan {
        match &planned.kind {
            Kind::Text { shape, .. } => *summary.shapes.entry(*shape).or_default() += 1,
            Kind::Photo => summary.photos += 1,
            Kind::Duplicate(_) => summary.duplicates += 1,
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Makes and writes original `index`; its final name and size.
fn make_original(
    options: &ImageSetOptions,
    index: usize,
    planned: &Planned,
) -> Result<(String, u64)> {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    rng.set_stream(index as u64);
    let (name, bytes) = match &planned.kind {
        Kind::Photo => {
            let (width, height) =
                [(4032, 3024), (4000, 3000), (3264, 2448), (3000, 2000)][rng.random_range(0..4)];
            let (width, height) = if rng.random_bool(0.3) {
                (height, width)
            } else {
                (width, height)
            };
            let style = PhotoStyle {
                width,
                height,
                grain: rng.random_range(3.0..7.0),
            };
            let image = photograph(style, &mut rng);
            (
                planned.name.clone(),
                jpeg_colour(&image, rng.random_range(82..90))?,
            )
        }
        Kind::Text {
            shape,
            language,
            keys,
        } => {
            let file = make_text_image(*shape, *language, keys, &mut rng)?;
            let name = if planned.name.contains('.') {
                planned.name.clone()
            } else {
                format!("{}.{}", planned.name, file.extension)
            };
            (name, file.bytes)
        }
        Kind::Duplicate(_) => unreachable!("duplicates are copied, not made"),
    };
    let path = options.out.join(&name);
    std::fs::write(&path, &bytes).map_err(|error| Error::io("write", &path, error))?;
    Ok((name, bytes.len() as u64))
}

/// Writes `truth.tsv`: a header, then `file<TAB>kind<TAB>words` per image,
/// kind `text`, `photo` or `duplicate`, words the key words separated by
/// spaces (a duplicate's are its original's; a photo has none).
fn write_truth(out: &Path, plan: &[Planned]) -> Result<()> {
    let mut tsv = String::from("file\tkind\twords\n");
    for planned in plan {
        let (kind, words) = match &planned.kind {
            Kind::Text { keys, .. } => ("text", keys.join(" ")),
            Kind::Photo => ("photo", String::new()),
            Kind::Duplicate(original) => match &plan[*original].kind {
                Kind::Text { keys, .. } => ("duplicate", keys.join(" ")),
                _ => ("duplicate", String::new()),
            },
        };
        let _ = writeln!(tsv, "{}\t{kind}\t{words}", planned.name);
    }
    let path = out.join("truth.tsv");
    std::fs::write(&path, tsv).map_err(|error| Error::io("write", &path, error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(count: usize) -> ImageSetOptions {
        ImageSetOptions {
            out: PathBuf::new(),
            count,
            seed: 1,
            photos: 0.33,
            duplicates: 0.1,
            threads: 1,
        }
    }

    #[test]
    fn the_plan_has_the_asked_shares_and_distinct_names() {
        let plan = plan(&options(300));
        let photos = plan
            .iter()
            .filter(|planned| planned.kind == Kind::Photo)
            .count();
        let copies = plan
            .iter()
            .filter(|planned| matches!(planned.kind, Kind::Duplicate(_)))
            .count();
        assert_eq!((photos, copies), (99, 30));
        let names: HashSet<&str> = plan.iter().map(|planned| planned.name.as_str()).collect();
        assert_eq!(names.len(), 300);
    }

    #[test]
    fn keys_are_not_shared_until_a_pool_runs_out() {
        let plan = plan(&options(150));
        let mut seen = HashSet::new();
        for planned in &plan {
            if let Kind::Text { keys, .. } = &planned.kind {
                assert!((3..=5).contains(&keys.len()));
                for key in keys {
                    assert!(seen.insert(*key), "{key} twice");
                }
            }
        }
    }
}
