//! DKIM at ingest (issue 15): checking each email's signatures against
//! public keys, with nothing leaving the machine unless asked. So far: the
//! key file (`--dkim-keys`), DNS zone lines as `dig` prints them, and the
//! verifier that checks an email's original bytes against it.

pub mod keys;
pub mod verify;

pub use keys::{KeyFile, KeyFileError};
pub use verify::{Verdict, Verifier};
