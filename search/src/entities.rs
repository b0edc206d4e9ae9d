//! The entities a message or a document mentions, as the views return
//! them, and the query fields that search them (`iban:`, `phone:`,
//! `siren:`, `siret:`, `link:`, `mentions:`). Found by
//! `fouille_extract::entities` at index time into keyword fields, and read
//! again from the text for a view.

use fouille_extract::entities::{Entities, EntityKind, find_entities_in, normalize};
use serde::{Deserialize, Serialize};

use crate::query::QueryField;

/// Entities in canonical form, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityList {
    /// IBANs, checked, without spaces.
    pub ibans: Vec<String>,
    /// Phone numbers in E.164.
    pub phones: Vec<String>,
    /// SIREN numbers (9 digits), checked.
    pub sirens: Vec<String>,
    /// SIRET numbers (14 digits), checked.
    pub sirets: Vec<String>,
    /// Email addresses written in the text.
    pub emails: Vec<String>,
    /// Hosts of the links in the text, without `www.`.
    pub domains: Vec<String>,
}

impl From<Entities> for EntityList {
    fn from(entities: Entities) -> EntityList {
        EntityList {
            ibans: entities.ibans,
            phones: entities.phones,
            sirens: entities.sirens,
            sirets: entities.sirets,
            emails: entities.emails,
            domains: entities.domains,
        }
    }
}

/// The entities of several texts (a subject and a body), merged.
pub fn entities_of(texts: &[&str]) -> EntityList {
    find_entities_in(texts).into()
}

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
