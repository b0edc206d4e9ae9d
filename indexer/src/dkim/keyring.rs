//! The DKIM keys an archive knows, each with where it came from: the key
//! files given to `fouille index --dkim-keys` or `fouille dkim --keys`, and
//! the keys `fouille dkim --dns` fetched, with the day they were fetched.
//! They are kept in the archive (`dkim-keys.json`) so that a later
//! re-verification, or another reporter, checks against the same keys.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::KeyFile;

/// Name of the key ring in an archive directory.
pub const KEYS_FILE: &str = "dkim-keys.json";

/// One public key: the TXT record of `selector._domainkey.domain`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredKey {
    /// `selector._domainkey.domain`, lowercase, without the final dot.
    pub name: String,
    /// The TXT record (`v=DKIM1; k=rsa; p=…`).
    pub record: String,
    /// Where it came from (`key file keys.zone`, `DNS, fetched 2026-12-06`).
    pub source: String,
}

/// Keys by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRing {
    keys: BTreeMap<String, StoredKey>,
}

/// Why the archive's key ring cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum KeyRingError {
    /// Reading or writing the file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// Not a key ring.
    #[error("{path}: not a key ring: {source}")]
    Format {
        /// The file.
        path: String,
        /// The error.
        source: serde_json::Error,
    },
}

impl From<KeyRingError> for fouille_schema::Error {
    fn from(err: KeyRingError) -> Self {
        match err {
            KeyRingError::Io { path, source } => fouille_schema::Error::io(path, source),
            KeyRingError::Format { .. } => fouille_schema::Error::Damaged(err.to_string()),
        }
    }
}

impl KeyRing {
    /// Adds every key of `other` (keeping its sources); returns how many
    /// are new or changed.
    pub fn merge(&mut self, other: &KeyRing) -> usize {
        other
            .iter()
            .filter(|key| self.insert(&key.name, &key.record, &key.source))
            .count()
    }

    /// The key ring of the archive in `dir`; empty when it has none.
    pub fn load(dir: &Path) -> Result<KeyRing, KeyRingError> {
        let path = dir.join(KEYS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(KeyRing::default());
            }
            Err(source) => {
                return Err(KeyRingError::Io {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        let list: Vec<StoredKey> =
            serde_json::from_str(&text).map_err(|source| KeyRingError::Format {
                path: path.display().to_string(),
                source,
            })?;
        let mut ring = KeyRing::default();
        for key in list {
            ring.keys.insert(key.name.clone(), key);
        }
        Ok(ring)
    }

    /// Writes the key ring into the archive in `dir` (whole, then renamed,
    /// so a crash leaves the old one).
    pub fn save(&self, dir: &Path) -> Result<(), KeyRingError> {
        let path = dir.join(KEYS_FILE);
        let temporary = dir.join(format!("{KEYS_FILE}.tmp"));
        let list: Vec<&StoredKey> = self.keys.values().collect();
        let text = serde_json::to_string_pretty(&list).expect("keys serialize");
        std::fs::write(&temporary, text)
            .and_then(|()| std::fs::rename(&temporary, &path))
            .map_err(|source| KeyRingError::Io {
                path: path.display().to_string(),
                source,
            })
    }

    /// Adds the keys of `file`, each marked as coming from `source`; a key
    /// already known under that name is replaced only if its record
    /// differs. Returns how many keys are new or changed.
    pub fn add_file(&mut self, file: &KeyFile, source: &str) -> usize {
        let mut changed = 0;
        for (name, record) in file.names() {
            if self.insert(name, record, source) {
                changed += 1;
            }
        }
        changed
    }

    /// Adds one key; true when it is new or its record changed.
    pub fn insert(&mut self, name: &str, record: &str, source: &str) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if self
            .keys
            .get(&name)
            .is_some_and(|known| known.record == record)
        {
            return false;
        }
        let key = StoredKey {
            name: name.clone(),
            record: record.to_string(),
            source: source.to_string(),
        };
        self.keys.insert(name, key);
        true
    }

    /// The key of `selector._domainkey.domain`, if known.
    pub fn get(&self, selector: &str, domain: &str) -> Option<&StoredKey> {
        let name = format!("{selector}._domainkey.{domain}")
            .trim_end_matches('.')
            .to_ascii_lowercase();
        self.keys.get(&name)
    }

    /// Every key.
    pub fn iter(&self) -> impl Iterator<Item = &StoredKey> {
        self.keys.values()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True without keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_source_and_round_trip_through_the_archive() {
        let dir = tempfile::tempdir().unwrap();
        assert!(KeyRing::load(dir.path()).unwrap().is_empty());
        let file = KeyFile::parse("S1._domainkey.Example.org. IN TXT \"v=DKIM1; p=AAAA\"").unwrap();
        let mut ring = KeyRing::default();
        assert_eq!(ring.add_file(&file, "key file a.zone"), 1);
        assert_eq!(ring.add_file(&file, "key file b.zone"), 0);
        assert!(ring.insert("s2._domainkey.example.org.", "v=DKIM1; p=BBBB", "DNS"));
        ring.save(dir.path()).unwrap();
        let loaded = KeyRing::load(dir.path()).unwrap();
        assert_eq!(loaded, ring);
        let key = loaded.get("s1", "EXAMPLE.org").unwrap();
        assert_eq!(key.record, "v=DKIM1; p=AAAA");
        assert_eq!(key.source, "key file a.zone");
        assert_eq!(loaded.get("s2", "example.org").unwrap().source, "DNS");
    }

    #[test]
    fn a_damaged_key_ring_is_an_error_not_an_empty_ring() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEYS_FILE), "{not json").unwrap();
        let err = KeyRing::load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("not a key ring"), "{err}");
    }
}
