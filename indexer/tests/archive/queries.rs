//! The read path on the fixture archive: French and English analysis,
//! phrases, the query language and its shorthands, facets, the JSON shape of
//! a search, export limits and bounds on hostile queries.

use super::*;

#[test]
fn french_stemming_and_folding_meet_every_form() {
    // élection finds élections, Election, ELECTIONS, Élection and l’élection.
    assert_eq!(
        ids("élection"),
        mids(&[
            "en-organizers-b64",
            "en-upper-night",
            "fr-cp1252",
            "fr-elections-qp",
            "fr-latin1-8bit",
            "html-only",
        ])
    );
    assert_eq!(ids("tresorerie"), mids(&["fr-elections-qp"]));
    assert_eq!(ids("trésorerie"), mids(&["fr-elections-qp"]));
    assert_eq!(ids("financement"), mids(&["fr-elections-qp"]));
    // reportées and reporté meet (stemmed before folding).
    assert!(ids("reporté").contains(&mid("fr-elections-qp")));
    assert_eq!(ids("lang:fr reporté"), ids("lang:fr reportées"));
    // "reporter" (same verb) is in dup-original.
    assert_eq!(
        ids("lang:fr reporté"),
        mids(&["dup-original", "fr-elections-qp"])
    );
}

#[test]
fn english_stemming() {
    assert_eq!(ids("organize"), mids(&["en-organizers-b64"]));
    assert_eq!(ids("organizing"), mids(&["en-organizers-b64"]));
}

#[test]
fn phrases_match_in_order_only() {
    assert_eq!(ids("\"rapport annuel\""), mids(&["fr-elections-qp"]));
    assert_eq!(ids("\"annuel rapport\""), mids(&["phrase-order"]));
    assert_eq!(
        ids("rapport annuel"),
        mids(&["fr-elections-qp", "phrase-order"])
    );
}

#[test]
fn hyphenated_and_colon_words_are_phrases_not_errors() {
    // Found by the query fuzz target: a word that analyses into several
    // tokens was a phrase on the stemmed fields too, which have no
    // positions, and every such search failed.
    assert_eq!(
        ids("Saint-Aubin"),
        mids(&["fr-elections-qp", "fr-iso8859-15"])
    );
    assert_eq!(ids("aubin-saint"), Vec::<String>::new());
    assert_eq!(ids("to:saint-aubin"), mids(&["fr-iso8859-15"]));
    assert_eq!(ids("subject:lections-des"), Vec::<String>::new());
    assert_eq!(ids("subject:résultats-des"), mids(&["fr-elections-qp"]));
    assert_eq!(ids("date:2017"), Vec::<String>::new());
    // A negated phrase that matches nothing excludes nothing (tantivy
    // asserted on it in debug builds).
    assert_eq!(search("-\"s 1\"").total, search("").total);
    assert_eq!(ids("budget -\"s 1\""), ids("budget"));
}

#[test]
fn exports_over_the_limit_are_refused_not_cut() {
    let searcher = &shared().searcher;
    let all = SearchRequest::default();
    let total = search("").total;
    assert_eq!(searcher.check_export(&all, total as usize).unwrap(), total);
    let refused = searcher.check_export(&all, total as usize - 1).unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!(
            "the export would hold {total} documents, over the limit of {}: narrow the search (by date, sender or kind) and export it in parts",
            total - 1
        )
    );
    let budget = SearchRequest {
        query: "budget".into(),
        ..SearchRequest::default()
    };
    assert_eq!(
        searcher.check_export(&budget, 10).unwrap(),
        search("budget").total
    );
}

#[test]
fn query_language() {
    assert_eq!(
        ids("quinquennat OR cagnotte"),
        mids(&["fr-cp1252", "fr-latin1-8bit"])
    );
    assert_eq!(
        ids("élection -cagnotte -quinquennat -visiblehtmlword -turnout -fundraiser"),
        mids(&["fr-elections-qp"])
    );
    assert_eq!(ids("quinquen*"), mids(&["fr-latin1-8bit"]));
    assert_eq!(
        ids("subject:\"Réunion du comité\""),
        mids(&["fr-latin1-8bit"])
    );
    assert_eq!(ids("subject:comite"), mids(&["fr-latin1-8bit"]));
    // The email and the attachment itself, which carries its email's id.
    assert_eq!(
        ids("filename:budget-2017.csv"),
        mids(&["multipart-alt", "multipart-alt"])
    );
    assert_eq!(ids("filename:budget* kind:email"), mids(&["multipart-alt"]));
    assert_eq!(
        ids("has:attachment alternativeword"),
        mids(&["multipart-alt"])
    );
    assert_eq!(
        ids("élection lang:en"),
        mids(&["en-organizers-b64", "en-upper-night"])
    );
    assert_eq!(
        ids("élection after:2017-03-14 before:2017-03-14"),
        mids(&["fr-elections-qp"])
    );
    // html-only is dated 2017-03-12 22:10 UTC: the bounds are whole UTC days.
    assert_eq!(
        ids("élection before:2017-03-13 after:2017-03-01"),
        mids(&["html-only"])
    );
    assert_eq!(
        ids("élection before:2017-03-12 after:2017-03-12"),
        mids(&["html-only"])
    );
    assert_eq!(ids("élection before:2017-03-11"), Vec::<String>::new());
    assert_eq!(
        ids("to:claire.martin@journal.example"),
        mids(&["fr-elections-qp", "multipart-alt"])
    );
    assert_eq!(ids("cc:girard trésorerie"), mids(&["fr-elections-qp"]));
    // Lenient: junk never fails, unknown fields are plain words.
    for junk in [
        "((",
        "\"unclosed",
        "OR",
        "-",
        "after:notadate élection",
        "a:b:c",
        "*",
    ] {
        search(junk);
    }
    assert!(!search("after:notadate quinquennat").warnings.is_empty());
    assert_eq!(ids("after:notadate quinquennat"), mids(&["fr-latin1-8bit"]));
}

#[test]
fn empty_query_browses_everything_with_exact_facets() {
    let response = search("");
    assert_eq!(response.total, shared().searcher.num_docs());
    let lang_total: u64 = response.facets.lang.iter().map(|v| v.count).sum();
    assert_eq!(lang_total, response.total, "every message has one language");
    let kinds = &response.facets.kind;
    let kind_total: u64 = kinds.iter().map(|v| v.count).sum();
    assert_eq!(kind_total, response.total);
    let emails = search("kind:email").total;
    assert_eq!(kinds[0].value, "email");
    assert_eq!(kinds[0].count, emails);
    assert!(kinds.iter().any(|v| v.value == "attachment"));
    let months = &response.facets.month;
    assert!(months.iter().any(|m| m.value == "2017-03"));
    // Newest first really is newest first.
    let newest = shared()
        .searcher
        .search(&SearchRequest {
            sort: Sort::Newest,
            limit: 100,
            ..SearchRequest::default()
        })
        .expect("search");
    let dates: Vec<String> = newest
        .hits
        .iter()
        .filter_map(|hit| hit.date.clone())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn search_json_has_the_api_shape() {
    let response = search("trésorerie");
    let json = serde_json::to_value(&response).expect("json");
    let hit = &json["hits"][0];
    for key in [
        "id",
        "message_id",
        "kind",
        "subject",
        "from",
        "to",
        "date",
        "lang",
        "snippet",
        "thread_id",
        "attachments",
    ] {
        assert!(hit.get(key).is_some(), "hit has {key}");
    }
    assert_eq!(hit["message_id"], "<fr-elections-qp@fixtures.fouille.test>");
    assert_eq!(hit["date"], "2017-03-14T08:30:00Z");
    assert_eq!(hit["lang"], "fr");
    assert_eq!(hit["kind"], "email");
    assert_eq!(hit["to"][0]["address"], "claire.martin@journal.example");
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>trésorerie</mark>")
    );
    assert!(json["facets"]["from"].is_array());
    assert!(json["took_ms"].is_u64());
}

#[test]
fn hostile_requests_are_bounded() {
    let searcher = &shared().searcher;
    let huge = SearchRequest {
        limit: usize::MAX,
        offset: usize::MAX,
        ..SearchRequest::default()
    };
    assert_eq!(searcher.search(&huge).expect("search").hits.len(), 0);
    let all = SearchRequest {
        limit: usize::MAX,
        ..SearchRequest::default()
    };
    let response = searcher.search(&all).expect("search");
    assert_eq!(response.hits.len() as u64, response.total);
    for query in [
        format!("{}a", "-".repeat(2000)),
        format!("{}a{}", "(".repeat(2000), ")".repeat(2000)),
        format!("{}a", "-(".repeat(1500)),
        "a OR ".repeat(256),
        "a* OR ".repeat(16),
        "a~2 OR ".repeat(8) + &"e* OR ".repeat(8),
    ] {
        searcher
            .search(&SearchRequest {
                query,
                ..SearchRequest::default()
            })
            .expect("answered");
    }
    // Past the limits on words and prefixes: refused, naming the limit.
    for (query, limit) in [
        ("a OR ".repeat(800), "800 words, at most 256"),
        (
            "a* OR ".repeat(17),
            "17 prefixes (word*), fuzzy words (word~) and links (link:), at most 16",
        ),
        (
            "ab~ OR ".repeat(17),
            "17 prefixes (word*), fuzzy words (word~) and links (link:), at most 16",
        ),
        (
            "link:a.example OR ".repeat(17),
            "17 prefixes (word*), fuzzy words (word~) and links (link:), at most 16",
        ),
    ] {
        match searcher.search(&SearchRequest {
            query,
            ..SearchRequest::default()
        }) {
            Err(fouille_schema::Error::BadRequest(message)) => {
                assert!(message.contains(limit), "{message}")
            }
            other => panic!("not refused: {:?}", other.map(|response| response.total)),
        }
    }
    let too_long = SearchRequest {
        query: "a".repeat(5000),
        ..SearchRequest::default()
    };
    assert!(matches!(
        searcher.search(&too_long),
        Err(fouille_schema::Error::BadRequest(_))
    ));
}

#[test]
fn folder_and_month_shorthands() {
    assert_eq!(ids("folder:MAILDIR maildirsent"), mids(&["maildir-sent"]));
    assert_eq!(
        ids("élection before:2017-03 after:2017-03"),
        mids(&["fr-elections-qp", "html-only"])
    );
    assert_eq!(
        ids("élection after:2017 before:2017-04"),
        ids("élection after:2017-01-01 before:2017-04-30")
    );
}
