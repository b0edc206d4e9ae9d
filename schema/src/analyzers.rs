//! Every text analyzer Fouille uses, registered by name in one place.
//!
//! | name            | chain                                                        |
//! |-----------------|--------------------------------------------------------------|
//! | `fouille_exact` | words → drop long tokens → lowercase → fold accents          |
//! | `fouille_fr`    | words → drop long tokens → lowercase → French stem → fold    |
//! | `fouille_en`    | words → drop long tokens → lowercase → fold → English stem   |
//!
//! French is stemmed before accent folding: the French stemmer needs the
//! accents (`reportées` and `reporté` only meet when stemmed first). English
//! is folded first: its stemmer only knows ASCII, and a French word typed in an
//! English mail (`élection`) must stem like its English twin. Tokens longer
//! than [`MAX_TOKEN_BYTES`] are dropped; in mail they are base64 residue,
//! hashes and URLs, never words a reporter types.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TokenizerManager,
};

use crate::Language;
use crate::stemmer::SnowballFilter;

/// Lowercased, accent-folded words without stemming: exact words and phrases.
pub const EXACT_ANALYZER: &str = "fouille_exact";

/// Names and addresses: the same chain as [`EXACT_ANALYZER`], kept under its own
/// name so that address tokenization can evolve without touching body text.
pub const ADDRESS_ANALYZER: &str = "fouille_address";

/// Tokens longer than this many bytes are not indexed (a 40-character SHA-1
/// still is).
pub const MAX_TOKEN_BYTES: usize = 40;

/// tantivy's filter drops tokens of `limit` bytes or more.
fn remove_long() -> RemoveLongFilter {
    RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1)
}

/// Name of the stemmed analyzer for `language`.
pub fn analyzer_for(language: Language) -> &'static str {
    match language {
        Language::French => "fouille_fr",
        Language::English => "fouille_en",
    }
}

/// The exact analyzer, also usable outside an index (notes, tests).
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(remove_long())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The stemmed analyzer for `language`, also usable outside an index (tests,
/// snippets).
pub fn stemmed_analyzer(language: Language) -> TextAnalyzer {
    let words = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(remove_long())
        .filter(LowerCaser);
    match language {
        Language::French => words
            .filter(SnowballFilter::new(language))
            .filter(AsciiFoldingFilter)
            .build(),
        Language::English => words
            .filter(AsciiFoldingFilter)
            .filter(SnowballFilter::new(language))
            .build(),
    }
}

/// Registers every Fouille analyzer on an index's tokenizer manager. Called by
/// whoever opens or creates an archive, before the first read or write.
pub fn register_analyzers(manager: &TokenizerManager) {
    manager.register(EXACT_ANALYZER, exact_analyzer());
    manager.register(ADDRESS_ANALYZER, exact_analyzer());
    for language in Language::ALL {
        manager.register(analyzer_for(language), stemmed_analyzer(language));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn french_stems_before_folding() {
        let fr = || stemmed_analyzer(Language::French);
        assert_eq!(tokens(fr(), "reportées"), tokens(fr(), "reporté"));
        assert_eq!(tokens(fr(), "élections"), tokens(fr(), "Élection"));
        assert_eq!(tokens(fr(), "financements"), tokens(fr(), "financement"));
    }

    #[test]
    fn english_stems() {
        let en = || stemmed_analyzer(Language::English);
        assert_eq!(tokens(en(), "organizers"), tokens(en(), "organize"));
        assert_eq!(tokens(en(), "organizing"), tokens(en(), "organize"));
        assert_eq!(tokens(en(), "ELECTIONS"), tokens(en(), "élection"));
    }

    #[test]
    fn exact_folds_and_drops_long_tokens() {
        let long = "A".repeat(MAX_TOKEN_BYTES + 1);
        let sha1 = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(
            tokens(
                exact_analyzer(),
                &format!("Trésorerie {long} l’Élection {sha1}")
            ),
            vec!["tresorerie", "l", "election", &sha1]
        );
    }
}
