//! Fetching DKIM keys from the DNS, only when asked (`fouille dkim --dns`).
//! A lookup leaves the machine and tells the domain's name servers, and
//! whoever watches them, that someone is interested in that domain: the
//! command says how many lookups it will make before making any. Only the
//! selectors that the archive's signatures name, and that the key ring
//! lacks, are looked up.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use fouille_schema::{Archive, DkimOutcome, Result};
use mail_auth::MessageAuthenticator;
use mail_auth::hickory_resolver::config::{NameServerConfigGroup, ResolverConfig, ResolverOpts};
use tantivy::TantivyDocument;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use super::KeyRing;
use crate::document::stored_summary;

/// Most lookups one run makes.
pub const MAX_LOOKUPS: usize = 10_000;

/// A key name to look up: `selector._domainkey.domain`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Wanted {
    /// `s=`.
    pub selector: String,
    /// `d=`.
    pub domain: String,
}

impl Wanted {
    /// The name looked up.
    pub fn name(&self) -> String {
        format!("{}._domainkey.{}", self.selector, self.domain)
    }
}

/// The keys that the archive in `dir` lacks for its `nokey` signatures.
pub fn wanted_keys(dir: &Path) -> Result<Vec<Wanted>> {
    let archive = Archive::open(dir)?;
    let ring = KeyRing::load(dir)?;
    let fields = *archive.fields();
    let searcher = archive.reader()?.searcher();
    let query = TermQuery::new(
        tantivy::Term::from_field_text(fields.dkim, DkimOutcome::NoKey.as_str()),
        IndexRecordOption::Basic,
    );
    let mut wanted = BTreeSet::new();
    for address in searcher.search(&query, &DocSetCollector)? {
        let stored: TantivyDocument = searcher.doc(address)?;
        let Some(summary) = stored_summary(&fields, &stored) else {
            continue;
        };
        for signature in summary.dkim.iter().flat_map(|report| &report.signatures) {
            if signature.result == DkimOutcome::NoKey
                && name_is_plausible(&signature.selector)
                && name_is_plausible(&signature.domain)
                && ring.get(&signature.selector, &signature.domain).is_none()
            {
                wanted.insert(Wanted {
                    selector: signature.selector.to_ascii_lowercase(),
                    domain: signature.domain.to_ascii_lowercase(),
                });
            }
        }
    }
    Ok(wanted.into_iter().take(MAX_LOOKUPS).collect())
}

/// A selector or domain that can be looked up: a hostile signature's `s=`
/// must not turn into an arbitrary query.
fn name_is_plausible(part: &str) -> bool {
    !part.is_empty()
        && part.len() <= 253
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// What one lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The TXT record.
    Key(String),
    /// No key, or the lookup failed: why.
    Missing(String),
}

/// Looks up each of `wanted` with the system's resolver, or the name server
/// at `server`; each lookup gives up after `timeout`.
pub fn fetch_keys(
    wanted: &[Wanted],
    server: Option<SocketAddr>,
    timeout: Duration,
    progress: &mut dyn FnMut(&Wanted, &Found),
) -> std::result::Result<Vec<(Wanted, Found)>, String> {
    let (config, mut options) = match server {
        Some(server) => (
            ResolverConfig::from_parts(
                None,
                Vec::new(),
                NameServerConfigGroup::from_ips_clear(&[server.ip()], server.port(), true),
            ),
            ResolverOpts::default(),
        ),
        None => mail_auth::hickory_resolver::system_conf::read_system_conf()
            .map_err(|err| format!("cannot read the system's resolver configuration: {err}"))?,
    };
    options.timeout = timeout;
    options.attempts = 1;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the resolver: {err}"))?;
    runtime.block_on(async {
        let resolver = MessageAuthenticator::new(config, options)
            .map_err(|err| format!("cannot start the resolver: {err}"))?;
        let mut found = Vec::with_capacity(wanted.len());
        for name in wanted {
            let answer = match resolver.txt_raw_lookup(format!("{}.", name.name())).await {
                Ok(record) if !record.is_empty() => {
                    Found::Key(String::from_utf8_lossy(&record).into_owned())
                }
                Ok(_) => Found::Missing("empty record".into()),
                Err(err) => Found::Missing(err.to_string().to_lowercase()),
            };
            progress(name, &answer);
            found.push((name.clone(), answer));
        }
        Ok(found)
    })
}
