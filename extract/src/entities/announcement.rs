//! The words that announce a SIREN or SIRET: `SIREN`, `SIRET`, `RCS`
//! (also `R.C.S.`) or `immatricul…` (`immatriculée`, `N°
//! d'immatriculation`), in any case, ending at most [`CONTEXT_CHARS`]
//! characters before the number (`RCS Paris B 732 829 320`). `RCS` must be
//! a whole word (not the end of `arcs`); the others may go on (`SIRENE`).

use super::boundary::{word_ends, word_starts};

/// How far before a number its announcing word may end, in characters.
pub(super) const CONTEXT_CHARS: usize = 40;

/// The announcing words, lowercase, and whether each must end a word.
const WORDS: [(&[u8], bool); 5] = [
    (b"siren", false),
    (b"siret", false),
    (b"immatricul", false),
    (b"rcs", true),
    (b"r.c.s", true),
];

/// The longest announcing word, in characters.
const LONGEST_WORD: usize = 10;

/// True when a word announcing a company number ends within
/// [`CONTEXT_CHARS`] characters before byte `number_start`.
pub(super) fn announced(text: &str, number_start: usize) -> bool {
    let Some(before) = text.get(..number_start) else {
        return false;
    };
    let offset_back = |chars: usize| {
        before
            .char_indices()
            .rev()
            .nth(chars.saturating_sub(1))
            .map_or(0, |(offset, _)| offset)
    };
    let window_start = offset_back(CONTEXT_CHARS + LONGEST_WORD);
    let latest_end = offset_back(CONTEXT_CHARS);
    let bytes = before.as_bytes();
    (window_start..number_start).any(|start| {
        WORDS.iter().any(|(word, whole)| {
            let end = start + word.len();
            end >= latest_end
                && bytes
                    .get(start..end)
                    .is_some_and(|found| found.eq_ignore_ascii_case(word))
                && word_starts(text, start)
                && (!whole || word_ends(text, end))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn announced_at_end(before: &str) -> bool {
        let text = format!("{before}732829320");
        announced(&text, before.len())
    }

    #[test]
    fn words_that_announce() {
        assert!(announced_at_end("SIREN "));
        assert!(announced_at_end("Siret : "));
        assert!(announced_at_end("RCS Paris B "));
        assert!(announced_at_end("R.C.S. Nanterre "));
        assert!(announced_at_end("sirene n° "));
        assert!(announced_at_end("N° d'IMMATRICULATION : "));
        assert!(announced_at_end("immatriculée au registre sous le numéro "));
    }

    #[test]
    fn words_that_do_not() {
        assert!(!announced_at_end(""));
        assert!(!announced_at_end("Ref. "));
        assert!(!announced_at_end("arcs "));
        assert!(!announced_at_end("RCSX "));
        assert!(!announced_at_end("asiren "));
        assert!(!announced_at_end(&format!(
            "SIREN{}",
            " ".repeat(CONTEXT_CHARS + 1)
        )));
        assert!(!announced_at_end(&format!(
            "SIREN{}",
            "é".repeat(CONTEXT_CHARS + 1)
        )));
    }

    #[test]
    fn the_window_counts_characters() {
        assert!(announced_at_end(&format!(
            "SIREN{}",
            "é".repeat(CONTEXT_CHARS)
        )));
        assert!(announced_at_end(&format!(
            "SIREN{}",
            " ".repeat(CONTEXT_CHARS)
        )));
    }
}
