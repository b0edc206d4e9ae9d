//! The languages Fouille stems. Every other language is indexed unstemmed
//! (lowercased and accent-folded) only.

/// A language with its own stemmed fields and analyzer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// French, Snowball French stemmer.
    French,
    /// English, Snowball English (Porter2) stemmer.
    English,
}

impl Language {
    /// Every stemmed language, in a fixed order.
    pub const ALL: [Language; 2] = [Language::French, Language::English];

    /// ISO 639-1 code, as stored in the `lang` field.
    pub fn code(self) -> &'static str {
        match self {
            Language::French => "fr",
            Language::English => "en",
        }
    }

    /// The language for an ISO 639-1 code, if Fouille stems it.
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "fr" => Some(Language::French),
            "en" => Some(Language::English),
            _ => None,
        }
    }
}
