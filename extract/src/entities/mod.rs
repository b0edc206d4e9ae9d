//! Entities in text: the IBANs, phone numbers, SIREN and SIRET numbers,
//! email addresses and link domains that a text mentions (a body, an
//! attachment, OCR output), each in one canonical form, so that a facet
//! counts `06 12 34 56 78` and `+33 6 12 34 56 78` as one number and a
//! query finds both.
//!
//! A reporter filters on these facets, so precision comes first: a value
//! whose check digits are wrong is not an entity, numbers count only in the
//! shapes people write them in, and an odd format missed is better than a
//! facet full of dates and amounts. One scanner per kind:
//!
//! - `iban`: ISO 13616, mod 97 and the country's length and format;
//! - `phone`: E.164, from French, international and North American forms
//!   (`number` reads the digit groups, `calling_code` knows the countries);
//! - `siren`: SIREN and SIRET after a word that announces them
//!   (`announcement`), Luhn checked; `vat`: the SIREN inside a French VAT
//!   number, key checked;
//! - `email`: addresses, lowercased; `link`: the hosts of links
//!   (`domain` checks the shape of both).
//!
//! Speed: this runs on every body and attachment of a leak. Each scanner
//! looks only where its entity can start (an `@` found with memchr, `://`
//! and `www.` with one Aho-Corasick pass, a digit; the words before a
//! SIREN are read only once a number passes Luhn), reads at most
//! [`MAX_SCAN_BYTES`] of a text, and stops at [`MAX_PER_KIND`] values. No
//! input can make it panic or go quadratic: every look around a candidate
//! is bounded.

mod announcement;
mod boundary;
mod calling_code;
mod domain;
mod email;
mod iban;
mod link;
mod number;
mod phone;
mod siren;
mod vat;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

/// Bytes of a text read for entities; the rest is ignored (cut on a
/// character boundary).
pub const MAX_SCAN_BYTES: usize = 4 * 1024 * 1024;

/// Distinct values kept of each kind; further ones are ignored.
pub const MAX_PER_KIND: usize = 200;

/// Entities found in a text, each list sorted and deduplicated, in
/// canonical form (as the message and document views return them).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entities {
    /// Uppercase, no spaces: `FR7630006000011234567890189`.
    pub ibans: Vec<String>,
    /// E.164: `+33612345678`.
    pub phones: Vec<String>,
    /// 9 digits, also the first 9 of every SIRET found and the SIREN of
    /// every French VAT number.
    pub sirens: Vec<String>,
    /// 14 digits.
    pub sirets: Vec<String>,
    /// Addresses mentioned in the text, lowercased.
    pub emails: Vec<String>,
    /// Hosts of links (http, https and ftp URLs, bare `www.` links),
    /// lowercased, without a leading `www.` or a port.
    pub domains: Vec<String>,
}

impl Entities {
    /// True when the text mentions no entity.
    pub fn is_empty(&self) -> bool {
        self.ibans.is_empty()
            && self.phones.is_empty()
            && self.sirens.is_empty()
            && self.sirets.is_empty()
            && self.emails.is_empty()
            && self.domains.is_empty()
    }
}

/// Which kind of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    /// An IBAN.
    Iban,
    /// A phone number.
    Phone,
    /// A SIREN (company) number.
    Siren,
    /// A SIRET (establishment) number.
    Siret,
    /// An email address.
    Email,
    /// The domain of a link.
    Domain,
}

/// The entities of several texts (a subject and a body), merged: each list
/// sorted and deduplicated.
pub fn find_entities_in(texts: &[&str]) -> Entities {
    let mut all = Entities::default();
    for text in texts {
        let found = find_entities(text);
        for (into, values) in [
            (&mut all.ibans, found.ibans),
            (&mut all.phones, found.phones),
            (&mut all.sirens, found.sirens),
            (&mut all.sirets, found.sirets),
            (&mut all.emails, found.emails),
            (&mut all.domains, found.domains),
        ] {
            into.extend(values);
            into.sort_unstable();
            into.dedup();
        }
    }
    all
}

/// Finds the entities in `text`: in its first [`MAX_SCAN_BYTES`], at most
/// [`MAX_PER_KIND`] of each kind.
pub fn find_entities(text: &str) -> Entities {
    let text = crate::text_prefix(text, MAX_SCAN_BYTES);
    let bytes = text.as_bytes();
    let mut emails = Bag::default();
    if memchr::memchr(b'@', bytes).is_some() {
        email::find(text, &mut emails);
    }
    let mut domains = Bag::default();
    link::find(text, &mut domains);
    let (mut ibans, mut phones, mut sirens, mut sirets) = (
        Bag::default(),
        Bag::default(),
        Bag::default(),
        Bag::default(),
    );
    if bytes.iter().any(u8::is_ascii_digit) {
        iban::find(text, &mut ibans);
        phone::find(text, &mut phones);
        siren::find(text, &mut sirens, &mut sirets);
        vat::find(text, &mut sirens);
    }
    Entities {
        ibans: ibans.into_vec(),
        phones: phones.into_vec(),
        sirens: sirens.into_vec(),
        sirets: sirets.into_vec(),
        emails: emails.into_vec(),
        domains: domains.into_vec(),
    }
}

/// The canonical form of a value typed in a query (`iban:FR76 3000 6000…`,
/// `phone:06.12.34.56.78`, `siret:732 829 320 00074`,
/// `link:WWW.Example.com`, `mentions:Jean@Example.FR`), or `None` when it
/// is not a valid entity of that kind (a wrong check digit, not a phone
/// number…). A domain needs no scheme (`example.com`); a SIREN may be
/// given as the French VAT number that holds it.
pub fn normalize(kind: EntityKind, text: &str) -> Option<String> {
    match kind {
        EntityKind::Iban => iban::normalize(text),
        EntityKind::Phone => phone::normalize(text),
        EntityKind::Siren => siren::normalize_siren(text),
        EntityKind::Siret => siren::normalize_siret(text),
        EntityKind::Email => email::normalize(text),
        EntityKind::Domain => link::normalize(text),
    }
}

/// The values of one kind found so far: distinct, sorted, at most
/// [`MAX_PER_KIND`].
#[derive(Debug, Default)]
struct Bag(BTreeSet<String>);

impl Bag {
    fn insert(&mut self, value: String) {
        if !self.is_full() {
            self.0.insert(value);
        }
    }

    /// Scanners stop once their bag is full.
    fn is_full(&self) -> bool {
        self.0.len() >= MAX_PER_KIND
    }

    fn into_vec(self) -> Vec<String> {
        self.0.into_iter().collect()
    }
}
