//! `fouille synth images` and `fouille synth ocr-fixtures`: the images of
//! `fouille-synth` written with a progress bar on standard error, and what
//! was written printed.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use fouille_synth::images::{ImageSetOptions, Shape, generate_images, write_ocr_fixtures};
use indicatif::{ProgressBar, ProgressStyle};

use super::{ImagesArgs, every_core};
use crate::print;
use crate::print::say;

/// `fouille synth images`: writes the set and prints its make-up.
pub fn generate_image_set(args: ImagesArgs) -> Result<ExitCode> {
    let options = ImageSetOptions {
        out: args.out,
        count: args.count,
        seed: args.seed,
        photos: args.photos,
        duplicates: args.duplicates,
        threads: args.threads.unwrap_or_else(every_core),
    };
    let bar = ProgressBar::new(options.count as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {pos}/{len} images {per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let summary = generate_images(&options, &|done| bar.set_position(done as u64));
    bar.finish_and_clear();
    let summary = summary?;
    let text: usize = summary.shapes.values().sum();
    say!(
        "wrote {} images to {}: {}, in {:.1} s ({:.1} images/s)",
        options.count,
        options.out.display(),
        print::bytes(summary.bytes),
        summary.seconds,
        options.count as f64 / summary.seconds.max(1e-9)
    );
    say!("  {text} with text:");
    for shape in Shape::ALL {
        say!(
            "    {}: {}",
            shape.name(),
            summary.shapes.get(&shape).copied().unwrap_or(0)
        );
    }
    say!("  {} photographs without text", summary.photos);
    say!("  {} exact duplicates", summary.duplicates);
    say!(
        "truth: {} (file, kind, key words)",
        options.out.join("truth.tsv").display()
    );
    say!("seed {}", options.seed);
    Ok(ExitCode::SUCCESS)
}

/// `fouille synth ocr-fixtures`: writes the fixtures and lists them.
pub fn write_fixtures(out: &Path) -> Result<ExitCode> {
    let written = write_ocr_fixtures(out)?;
    for (name, bytes) in &written {
        say!("{:>10}  {}", print::bytes(*bytes), out.join(name).display());
    }
    let total: u64 = written.iter().map(|(_, bytes)| bytes).sum();
    say!("{} files, {}", written.len(), print::bytes(total));
    Ok(ExitCode::SUCCESS)
}
