//! DKIM at ingest (issue 15): checking each email's signatures against
//! public keys, with nothing leaving the machine unless asked: key files
//! (`--dkim-keys`, DNS zone lines as `dig` prints them), the archive's key
//! ring that remembers every key and where it came from, key sizes, and the
//! verifier that checks an email's original bytes and reports on each
//! signature.

pub mod dns;
pub mod keyring;
pub mod keys;
pub mod keysize;
pub mod reverify;
pub mod verify;

pub use keyring::{KEYS_FILE, KeyRing, KeyRingError, StoredKey};
pub use keys::{KeyFile, KeyFileError};
pub use reverify::{Reverified, reverify};
pub use verify::{EmailFacts, Verifier};
