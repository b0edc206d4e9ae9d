//! Note text analysed as archive text is, so that `note:élection` finds a
//! note saying "les élections" and "Elections": each word folded, and
//! stemmed in French and in English. Notes are few (thousands, not
//! millions), so each keeps its words in memory and a search looks at each.

use std::collections::HashSet;

use fouille_schema::Language;
use fouille_schema::{exact_analyzer, stemmed_analyzer};
use tantivy::tokenizer::TextAnalyzer;

/// The words of a text, three ways: folded, French stems, English stems.
#[derive(Debug, Clone, Default)]
pub struct Words {
    forms: [HashSet<String>; 3],
}

fn analysers() -> [TextAnalyzer; 3] {
    [
        exact_analyzer(),
        stemmed_analyzer(Language::French),
        stemmed_analyzer(Language::English),
    ]
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

impl Words {
    /// The words of `text`.
    pub fn of(text: &str) -> Words {
        let mut forms: [HashSet<String>; 3] = Default::default();
        for (form, mut analyzer) in forms.iter_mut().zip(analysers()) {
            form.extend(tokens(&mut analyzer, text));
        }
        Words { forms }
    }
}

/// What a `note:` search looks for: each word, three ways.
#[derive(Debug, Clone)]
pub struct WordQuery {
    words: Vec<[String; 3]>,
}

impl WordQuery {
    /// The words of `text`; `None` when it holds none.
    pub fn parse(text: &str) -> Option<WordQuery> {
        let mut analysers = analysers();
        let exact = tokens(&mut analysers[0], text);
        let words: Vec<[String; 3]> = exact
            .into_iter()
            .map(|word| {
                let stem = |analyzer: &mut TextAnalyzer| {
                    tokens(analyzer, &word)
                        .pop()
                        .unwrap_or_else(|| word.clone())
                };
                let french = stem(&mut analysers[1]);
                let english = stem(&mut analysers[2]);
                [word, french, english]
            })
            .collect();
        (!words.is_empty()).then_some(WordQuery { words })
    }

    /// Whether every word is in `words`, in any of its forms.
    pub fn matches(&self, words: &Words) -> bool {
        self.words.iter().all(|forms| {
            forms
                .iter()
                .zip(&words.forms)
                .any(|(form, found)| found.contains(form))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_meet_their_forms_in_both_languages() {
        let note = Words::of("Vérifié auprès de la DGSE : les élections, organizers confirmed.");
        for query in [
            "élection",
            "ELECTIONS",
            "verifie",
            "organize",
            "dgse élection",
        ] {
            assert!(WordQuery::parse(query).unwrap().matches(&note), "{query}");
        }
        for query in ["tennis", "élection tennis", "démenti"] {
            assert!(!WordQuery::parse(query).unwrap().matches(&note), "{query}");
        }
        assert!(WordQuery::parse(" ,; ").is_none());
    }
}
