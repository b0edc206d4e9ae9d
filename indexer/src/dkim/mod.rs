//! DKIM at ingest (issue 15): checking each email's signatures against
//! public keys, with nothing leaving the machine unless asked. So far: the
//! key file (`--dkim-keys`), DNS zone lines as `dig` prints them.

pub mod keys;

pub use keys::{KeyFile, KeyFileError};
