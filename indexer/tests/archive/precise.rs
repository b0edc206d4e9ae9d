//! Precise search on `tests/fixtures/precise` (two threads, French and
//! English, and a message of lookalike numbers): quoted versus new text,
//! fuzzy words, sloppy phrases, and stemming without false friends.

use std::sync::OnceLock;

use fouille_indexer::Archive;
use fouille_search::{ArchiveSearcher, SearchRequest, SearchResponse};

use super::{fixtures, run_ingest};

fn searcher() -> &'static ArchiveSearcher {
    static ARCHIVE: OnceLock<(tempfile::TempDir, ArchiveSearcher)> = OnceLock::new();
    &ARCHIVE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let archive = dir.path().join("archive");
            run_ingest(&archive, &[fixtures().join("precise")]);
            let searcher =
                ArchiveSearcher::new(Archive::open(&archive).expect("open")).expect("searcher");
            (dir, searcher)
        })
        .1
}

fn run(query: &str, exclude_quotes: bool) -> SearchResponse {
    searcher()
        .search(&SearchRequest {
            query: query.to_string(),
            limit: 100,
            exclude_quotes,
            ..SearchRequest::default()
        })
        .expect("search")
}

/// The fixture names (`fr-1`…) of every hit, sorted.
fn names(response: &SearchResponse) -> Vec<String> {
    let mut names: Vec<String> = response
        .hits
        .iter()
        .filter_map(|hit| hit.message_id.as_deref())
        .map(|id| {
            id.trim_start_matches('<')
                .trim_end_matches("@precise.fouille.test>")
                .to_string()
        })
        .collect();
    names.sort();
    names
}

fn hits(query: &str) -> Vec<String> {
    names(&run(query, false))
}

fn own_hits(query: &str) -> Vec<String> {
    names(&run(query, true))
}

fn snippet(query: &str, name: &str) -> String {
    let response = run(query, false);
    let hit = response
        .hits
        .iter()
        .find(|hit| hit.message_id.as_deref() == Some(&format!("<{name}@precise.fouille.test>")))
        .unwrap_or_else(|| panic!("{query}: no hit {name}"));
    hit.snippet.clone()
}

#[test]
fn quote_marks_of_every_kind_separate_new_from_quoted_text() {
    // `>` lines after "Le … a écrit :"; an Outlook block with no-break
    // spaces ("Envoyé : vendredi"); the original's own line.
    assert_eq!(hits("vendredi"), ["fr-1", "fr-2", "fr-3"]);
    assert_eq!(hits("new:vendredi"), ["fr-1"]);
    assert_eq!(hits("quoted:vendredi"), ["fr-2", "fr-3"]);
    assert_eq!(own_hits("vendredi"), ["fr-1"]);
    assert_eq!(hits("quoted:calendrier"), ["fr-3"]);
    assert!(hits("new:calendrier").is_empty());
    // "-------- Message transféré --------".
    assert_eq!(hits("quoted:fondation"), ["fr-4"]);
    assert_eq!(hits("new:macrom"), ["fr-4"]);
    // English: "-----Original Message-----", "On … wrote:" with `>` lines.
    assert_eq!(hits("quoted:saturday"), ["en-2"]);
    assert_eq!(hits("new:saturday"), ["en-1"]);
    assert_eq!(hits("new:courts"), ["en-2"]);
    assert_eq!(hits("quoted:appendix"), ["en-3"]);
    assert_eq!(hits("new:stalls"), ["en-3"]);
    // What is not quoted stays new: a sentence about a report, a signature
    // (`financial` is a form of `financier` in English).
    assert_eq!(hits("new:financier"), ["en-1", "fr-1", "neg-1"]);
    assert!(hits("quoted:financier").is_empty());
    assert_eq!(hits("new:jean"), ["fr-1", "fr-2"]);
}

#[test]
fn a_paragraph_repeated_from_earlier_in_the_thread_is_quoted() {
    // fr-3 pastes fr-1's paragraph with no mark at all.
    assert_eq!(hits("new:immatricule"), ["fr-1"]);
    assert_eq!(hits("quoted:immatricule"), ["fr-3"]);
    assert_eq!(own_hits("prestataire"), ["fr-1"]);
    // Its own first line is still its own.
    assert_eq!(hits("new:pelican"), ["fr-3"]);
}

#[test]
fn snippets_highlight_quoted_words_unless_quotes_are_left_out() {
    assert!(
        snippet("vendredi", "fr-2").contains("<mark>vendredi</mark>"),
        "{}",
        snippet("vendredi", "fr-2")
    );
    // With quotes left out, only fr-2 writes "dossier" itself (fr-3 and
    // fr-4 quote it), and its snippet shows none of the quoted text.
    assert_eq!(hits("dossier"), ["fr-2", "fr-3", "fr-4"]);
    let response = run("dossier", true);
    assert_eq!(names(&response), ["fr-2"]);
    let fr2 = &response.hits[names(&response)
        .iter()
        .position(|name| name == "fr-2")
        .expect("fr-2")];
    assert!(fr2.snippet.contains("<mark>dossier</mark>"));
    assert!(!fr2.snippet.contains("virement"), "{}", fr2.snippet);
}

#[test]
fn the_message_view_cuts_the_body_into_own_and_quoted_parts() {
    let id = &run("new:fixe", false).hits[0].id;
    let view = searcher().message(id).expect("view");
    let parts: Vec<(bool, &str)> = view
        .parts
        .iter()
        .map(|part| (part.quoted, part.text.as_str()))
        .collect();
    assert_eq!(parts.len(), 2);
    assert!(!parts[0].0 && parts[0].1.starts_with("Merci Jean, je transmets"));
    assert!(
        parts[1].0
            && parts[1]
                .1
                .starts_with("Le 20/04/2017 à 10:00, Jean Dupont a écrit :")
    );
    assert_eq!(
        view.parts
            .iter()
            .map(|part| part.text.as_str())
            .collect::<String>(),
        view.text
    );
}

#[test]
fn fuzzy_words_find_misspellings_and_are_highlighted() {
    // One edit under 8 letters: `Macrom` is `macron~`, not `macron`.
    assert_eq!(hits("macron~"), ["fr-4"]);
    assert!(hits("macron").is_empty());
    assert!(snippet("macron~", "fr-4").contains("<mark>Macrom</mark>"));
    // Two edits for long words, or when asked.
    assert_eq!(hits("zepyrin~"), ["fr-1", "fr-2"]);
    assert_eq!(hits("zephirim~"), ["fr-1", "fr-2"]);
    assert!(hits("zepirim~").is_empty());
    assert_eq!(hits("lambrt~"), ["fr-1", "fr-2"]);
    assert!(hits("lambrt").is_empty());
    assert!(hits("lmbrt~").is_empty());
    assert_eq!(hits("lmbrt~2"), ["fr-1", "fr-2"]);
    // A field restricts it; new: too.
    assert_eq!(hits("from:dupon~"), ["fr-1", "fr-3"]);
    assert_eq!(hits("new:lambrt~"), ["fr-1"]);
    // Past the bound (in the larger archive of every fixture): the
    // closest words, and a warning that says so.
    let response = super::search("ces~2");
    assert_eq!(
        response.warnings,
        ["ces~ matches too many words: only the 64 closest were searched"]
    );
    assert!(response.total > 0);
    // One or two letters: every short word is that close; matched exactly.
    let response = run("au~2", false);
    assert_eq!(names(&response), ["fr-1", "fr-2", "fr-3"]);
    assert_eq!(
        response.warnings,
        ["au~: words of 2 letters or fewer are matched exactly"]
    );
    let response = run("lmbrt~7", false);
    assert_eq!(names(&response), ["fr-1", "fr-2"]);
    assert_eq!(
        response.warnings,
        ["lmbrt~7: at most 2 edits are allowed, 2 were used"]
    );
}

#[test]
fn sloppy_phrases_allow_words_between_and_in_either_order() {
    assert_eq!(hits("\"rapport financier\""), ["fr-1"]);
    // "Le financier a remis son rapport": reversed, three words between.
    assert_eq!(hits("\"rapport financier\"~4"), ["fr-1"]);
    assert_eq!(hits("\"rapport financier\"~5"), ["fr-1", "neg-1"]);
    // Swapping two words costs two moves, as in Lucene.
    assert!(hits("\"report financial\"~1").is_empty());
    assert_eq!(hits("\"report financial\"~2"), ["en-1"]);
    assert_eq!(hits("\"financial report\"~0"), ["en-1"]);
    let highlighted = snippet("\"rapport financier\"~5", "neg-1");
    assert!(
        highlighted.contains("<mark>financier</mark>")
            && highlighted.contains("<mark>rapport</mark>"),
        "{highlighted}"
    );
    let response = run("\"rapport financier\"~500", false);
    assert_eq!(names(&response), ["fr-1", "neg-1"]);
    assert_eq!(
        response.warnings,
        ["\"rapport financier\"~ allows at most 50 positions: 50 were used"]
    );
}

#[test]
fn stemming_widens_words_to_their_forms_not_to_false_friends() {
    // "Ten tickets left for Tenn, tens of fans." is English by its little
    // words, so `tennis` no longer meets `ten` through the French stemmer.
    assert_eq!(hits("tennis"), ["en-1", "en-2"]);
    assert_eq!(hits("lang:en tenn"), ["en-4"]);
    // Forms still meet.
    assert_eq!(hits("tickets"), ["en-4"]);
    assert_eq!(hits("ticket"), ["en-4"]);
    assert_eq!(hits("immatriculée"), ["fr-1", "fr-3"]);
}

/// The values of a facet of `query`'s matches, with their counts.
fn facet(
    query: &str,
    pick: fn(&fouille_search::Facets) -> &Vec<fouille_search::FacetValue>,
) -> Vec<(String, u64)> {
    pick(&run(query, false).facets)
        .iter()
        .map(|value| (value.value.clone(), value.count))
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter()
        .map(|(value, count)| (value.to_string(), *count))
        .collect()
}

#[test]
fn entities_are_facets_in_one_canonical_form() {
    assert_eq!(
        facet("", |f| &f.iban),
        pairs(&[
            ("GB82WEST12345698765432", 3),
            ("FR7630006000011234567890189", 2),
            ("DE89370400440532013000", 1),
            ("FR1420041010050500013M02606", 1),
        ])
    );
    assert_eq!(
        facet("", |f| &f.phone),
        pairs(&[
            ("+33612345678", 2),
            ("+12127365000", 1),
            ("+17135550142", 1),
            ("+17138536161", 1),
            ("+33142685300", 1),
            ("+33698765432", 1),
            ("+33711223344", 1),
        ])
    );
    assert_eq!(facet("", |f| &f.siren), pairs(&[("732829320", 2)]));
    assert_eq!(facet("", |f| &f.siret), pairs(&[("73282932000074", 2)]));
    assert_eq!(
        facet("", |f| &f.link),
        pairs(&[
            ("campagne.example", 1),
            ("docs.prestataire.example", 1),
            ("portal.energy.example", 1),
        ])
    );
    assert!(facet("", |f| &f.mention).contains(&("kate.ross@bank.example".to_string(), 1)));
    // The lookalikes: a wrong IBAN key, a SIREN failing Luhn, a date, an
    // amount, a version, a card number, a short extension.
    let lookalikes = run("msgid:neg-1@precise.fouille.test", false);
    assert_eq!(lookalikes.total, 1);
    let f = &lookalikes.facets;
    for values in [&f.iban, &f.phone, &f.siren, &f.siret, &f.link] {
        assert!(values.is_empty(), "{values:?}");
    }
}

#[test]
fn entity_fields_take_any_usual_form() {
    for query in [
        "phone:06.12.34.56.78",
        "phone:0612345678",
        "phone:+33612345678",
        "phone:\"+33 6 12 34 56 78\"",
        "iban:\"FR76 3000 6000 0112 3456 7890 189\"",
        "iban:fr7630006000011234567890189",
    ] {
        assert_eq!(hits(query), ["fr-1", "fr-2"], "{query}");
    }
    assert_eq!(hits("phone:\"(713) 853-6161\""), ["en-1"]);
    assert_eq!(
        hits("iban:GB82WEST12345698765432"),
        ["en-1", "en-2", "en-3"]
    );
    // A forwarded part and an attachment's text count too.
    assert_eq!(hits("iban:FR1420041010050500013M02606"), ["fr-4"]);
    let attachment = run("iban:\"DE89 3704 0044 0532 0130 00\"", false);
    assert_eq!(attachment.total, 1);
    assert_eq!(attachment.hits[0].kind, "attachment");
    assert_eq!(
        run(
            "phone:0711223344 mentions:compta@fournisseur.example",
            false
        )
        .total,
        1
    );
    assert_eq!(hits("siren:\"732 829 320\""), ["fr-1", "fr-3"]);
    assert_eq!(hits("siret:73282932000074"), ["fr-1", "fr-3"]);
    // A domain finds the hosts under it.
    assert_eq!(hits("link:prestataire.example"), ["fr-1"]);
    assert_eq!(hits("link:https://www.campagne.example/x"), ["fr-1"]);
    assert_eq!(hits("mentions:Kate.Ross@Bank.example"), ["en-3"]);
    // Anything failing its check matches nothing, and says why.
    let bad = run("iban:FR7630006000011234567890188", false);
    assert_eq!(bad.total, 0);
    assert_eq!(
        bad.warnings,
        ["\"FR7630006000011234567890188\" is not a valid IBAN: it matches nothing"]
    );
    assert_eq!(run("siren:732829321", false).total, 0);
    assert_eq!(run("phone:0612", false).total, 0);
}

#[test]
fn views_list_the_entities_a_reader_can_click() {
    let id = &run("new:fixe", false).hits[0].id;
    let view = searcher().message(id).expect("view");
    assert_eq!(view.entities.ibans, ["FR7630006000011234567890189"]);
    assert_eq!(view.entities.phones, ["+33142685300", "+33612345678"]);
    assert_eq!(view.entities.emails, ["hugo.perrot@journal.example"]);
    assert!(view.entities.sirens.is_empty() && view.entities.domains.is_empty());
    let attachment = &run("iban:DE89370400440532013000", false).hits[0].id;
    let document = searcher().document(attachment).expect("document");
    assert_eq!(document.entities.phones, ["+33711223344"]);
    assert_eq!(document.entities.emails, ["compta@fournisseur.example"]);
}

#[test]
fn a_phrase_does_not_join_words_across_a_quote_taken_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mail = dir.path().join("mail");
    std::fs::create_dir(&mail).expect("mkdir");
    std::fs::write(
        mail.join("inline.eml"),
        "From: Mark <mark@partners.example>\nTo: Sarah <sarah@energy.example>\n\
         Subject: Re: courts\nDate: Mon, 24 Apr 2017 11:00:00 -0500\n\
         Message-ID: <inline@precise.fouille.test>\n\n\
         On Mon, Apr 24, 2017 at 9:00 AM, Sarah <sarah@energy.example> wrote:\n\
         > Can you book the courts?\nBooked already.\n> And lunch?\nLunch at noon.\n",
    )
    .expect("write");
    let archive = dir.path().join("archive");
    run_ingest(&archive, &[mail]);
    let searcher = ArchiveSearcher::new(Archive::open(&archive).expect("open")).expect("searcher");
    let total = |query: &str| {
        searcher
            .search(&SearchRequest {
                query: query.to_string(),
                ..SearchRequest::default()
            })
            .expect("search")
            .total
    };
    assert_eq!(total("new:\"booked already\""), 1);
    assert_eq!(total("new:lunch"), 1);
    assert_eq!(total("quoted:courts"), 1);
    assert_eq!(total("new:courts"), 0);
    // "already" and "Lunch" are neighbours in the own text only once the
    // quote between them is gone: not a phrase, but within two moves.
    assert_eq!(total("\"already lunch\""), 0);
    assert_eq!(total("\"already lunch\"~2"), 1);
}
