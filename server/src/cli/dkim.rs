//! `fouille dkim`: checks an archive's signed emails again with keys found
//! after indexing (key files, or the DNS when asked), and the key files of
//! `fouille index --dkim-keys`.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use fouille_indexer::dkim::dns::{Found, Wanted, fetch_keys, wanted_keys};
use fouille_indexer::dkim::keys::MAX_KEY_FILE_BYTES;
use fouille_indexer::dkim::{KeyFile, KeyRing, Reverified, reverify};
use indicatif::{ProgressBar, ProgressStyle};

use crate::print::say;

/// Skipped lines of a key file named one by one; the rest are counted.
const SKIPPED_SHOWN: usize = 5;

/// The arguments of `fouille dkim`.
#[derive(Debug, clap::Args)]
pub struct DkimArgs {
    /// Archive directory.
    #[arg(long)]
    pub index: PathBuf,
    /// Public keys as DNS zone lines, as `dig` prints them (repeatable).
    #[arg(long = "keys", value_name = "FILE")]
    pub keys: Vec<PathBuf>,
    /// Look up in the DNS the keys that the archive's signatures name and
    /// that it lacks. The lookups leave this machine: they are counted and
    /// confirmed first.
    #[arg(long)]
    pub dns: bool,
    /// Name server to ask (IP:PORT), instead of the system's.
    #[arg(long, value_name = "IP:PORT", requires = "dns")]
    pub dns_server: Option<SocketAddr>,
    /// Make the DNS lookups without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `fouille dkim`.
pub fn run(args: DkimArgs) -> Result<ExitCode> {
    if args.keys.is_empty() && !args.dns {
        bail!("give key files with --keys FILE, or --dns to look keys up");
    }
    let mut ring = read_key_files(&args.keys)?;
    if args.dns {
        let Some(found) = dns_keys(&args, &ring)? else {
            return Ok(ExitCode::from(1));
        };
        ring.merge(&found);
    }
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("checking {pos}/{len} signed emails {wide_bar}")
            .expect("template"),
    );
    let result = reverify(&args.index, &ring, &mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let result = result.with_context(|| format!("cannot check {}", args.index.display()))?;
    if args.json {
        say!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print_result(&result);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_result(result: &Reverified) {
    let list = |counts: &std::collections::BTreeMap<String, u64>| {
        if counts.is_empty() {
            return "-".to_string();
        }
        counts
            .iter()
            .map(|(outcome, count)| format!("{outcome} {count}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    say!(
        "keys: {} in the archive ({} new or changed)",
        result.keys,
        result.keys_added
    );
    say!("signed emails checked: {}", result.checked);
    say!("before: {}", list(&result.before));
    say!("after: {}", list(&result.after));
    say!("changed: {}", result.changed);
}

/// The keys of `paths`, each marked with its file's name. A file that
/// cannot be read, or holds no key, stops the command: a typo in a path
/// must not pass for "no key".
pub fn read_key_files(paths: &[PathBuf]) -> Result<KeyRing> {
    let mut ring = KeyRing::default();
    for path in paths {
        let file = read_key_file(path)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        ring.add_file(&file, &format!("key file {name}"));
    }
    Ok(ring)
}

fn read_key_file(path: &Path) -> Result<KeyFile> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_KEY_FILE_BYTES as u64 {
        bail!(
            "{}: {size} bytes, larger than a key file can be ({MAX_KEY_FILE_BYTES})",
            path.display()
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file = KeyFile::parse(&String::from_utf8_lossy(&bytes))
        .with_context(|| format!("{}", path.display()))?;
    for (line, why) in file.skipped.iter().take(SKIPPED_SHOWN) {
        eprintln!("{}:{line}: skipped: {why}", path.display());
    }
    if file.skipped.len() > SKIPPED_SHOWN {
        eprintln!(
            "{}: {} more lines skipped",
            path.display(),
            file.skipped.len() - SKIPPED_SHOWN
        );
    }
    if file.is_empty() {
        bail!(
            "{}: no DKIM key (expected lines like `sel._domainkey.example.org. IN TXT \"v=DKIM1; p=…\"`)",
            path.display()
        );
    }
    eprintln!("{}: {} keys", path.display(), file.len());
    Ok(file)
}

/// Keys fetched from the DNS, after saying what the lookups reveal and
/// asking; `None` when the user declined.
fn dns_keys(args: &DkimArgs, given: &KeyRing) -> Result<Option<KeyRing>> {
    let wanted: Vec<Wanted> = wanted_keys(&args.index)
        .with_context(|| format!("cannot read {}", args.index.display()))?
        .into_iter()
        .filter(|name| given.get(&name.selector, &name.domain).is_none())
        .collect();
    let domains: std::collections::BTreeSet<&str> =
        wanted.iter().map(|name| name.domain.as_str()).collect();
    eprintln!(
        "{} DNS lookups will leave this machine, for {} domains{}. Each tells the \
         domain's name servers, and anyone watching the network, that someone is \
         looking at mail signed by that domain.",
        wanted.len(),
        domains.len(),
        args.dns_server
            .map(|server| format!(" (asking {server})"))
            .unwrap_or_default()
    );
    if wanted.is_empty() {
        return Ok(Some(KeyRing::default()));
    }
    if !args.yes && !confirmed()? {
        eprintln!("no lookup made");
        return Ok(None);
    }
    let today = jiff::Zoned::now().date();
    let source = match args.dns_server {
        Some(server) => format!("DNS ({server}), fetched {today}"),
        None => format!("DNS, fetched {today}"),
    };
    let bar = ProgressBar::new(wanted.len() as u64).with_style(
        ProgressStyle::with_template("looking up {pos}/{len} keys {wide_bar} {msg}")
            .expect("template"),
    );
    let found = fetch_keys(
        &wanted,
        args.dns_server,
        Duration::from_secs(5),
        &mut |name, _| {
            bar.set_message(name.domain.clone());
            bar.inc(1);
        },
    )
    .map_err(anyhow::Error::msg)?;
    bar.finish_and_clear();
    let mut ring = KeyRing::default();
    let mut missing = 0;
    for (name, answer) in found {
        match answer {
            Found::Key(record) => {
                ring.insert(&name.name(), &record, &source);
            }
            Found::Missing(_) => missing += 1,
        }
    }
    eprintln!("DNS: {} keys found, {missing} not found", ring.len());
    Ok(Some(ring))
}

/// Asks on the terminal; false when standard input is not one.
fn confirmed() -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!("add --yes to make the lookups (standard input is not a terminal to ask)");
    }
    eprint!("make them? [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "o" | "oui"))
}
