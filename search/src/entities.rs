//! The entities a message or a document mentions, as the views return
//! them, and the query fields that search them (`iban:`, `phone:`,
//! `siren:`, `siret:`, `link:`, `mentions:`). Found by
//! `fouille_extract::entities` at index time into keyword fields, and read
//! again from the text for a view.

pub use fouille_extract::entities::Entities;
use fouille_extract::entities::{EntityKind, normalize};

use crate::query::QueryField;

/// The kind of entity a query field searches, if it searches one.
pub(crate) fn kind_of(field: QueryField) -> Option<EntityKind> {
    Some(match field {
        QueryField::Iban => EntityKind::Iban,
        QueryField::Phone => EntityKind::Phone,
        QueryField::Siren => EntityKind::Siren,
        QueryField::Siret => EntityKind::Siret,
        QueryField::Mentions => EntityKind::Email,
        QueryField::Link => EntityKind::Domain,
        _ => return None,
    })
}

/// The canonical form of `text` for `kind`, or why it is none.
pub(crate) fn canonical(kind: EntityKind, text: &str) -> Result<String, String> {
    normalize(kind, text).ok_or_else(|| {
        let what = match kind {
            EntityKind::Iban => "a valid IBAN",
            EntityKind::Phone => "a phone number",
            EntityKind::Siren => "a valid SIREN",
            EntityKind::Siret => "a valid SIRET",
            EntityKind::Email => "an email address",
            EntityKind::Domain => "a domain",
        };
        format!("{text:?} is not {what}: it matches nothing")
    })
}
