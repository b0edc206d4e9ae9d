//! Tests of the whole: every kind found in one text, `normalize` agreeing
//! with `find_entities`, hostile input, and a throughput measurement on
//! real mail (ignored: run it in release, see `throughput_on_real_mail`).

use std::time::Instant;

use super::*;

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| value.to_string()).collect()
}

#[test]
fn every_kind_in_a_french_letter() {
    let text = "Bonjour,\n\nVeuillez régler la facture sur le compte\n\
        IBAN : FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP).\n\
        Société Exemple SAS, RCS Paris 732 829 320, SIRET 732 829 320 00074,\n\
        N° TVA intracommunautaire FR 40 303 265 045.\n\
        Contact : Jean.Dupont@Exemple.fr, 06 12 34 56 78 ou +33 1 42 68 53 00.\n\
        Voir https://www.exemple.fr/factures et www.Legifrance.gouv.fr.\n\
        Le 21.04.2017 à 12:30, montant 1 234 567,89 €.";
    let found = find_entities(text);
    assert_eq!(
        found,
        Entities {
            ibans: strings(&["FR7630006000011234567890189"]),
            phones: strings(&["+33142685300", "+33612345678"]),
            sirens: strings(&["303265045", "732829320"]),
            sirets: strings(&["73282932000074"]),
            emails: strings(&["jean.dupont@exemple.fr"]),
            domains: strings(&["exemple.fr", "legifrance.gouv.fr"]),
        }
    );
    assert!(!found.is_empty());
}

#[test]
fn every_kind_in_an_english_mail() {
    let text = "From: Jeff Dasovich <jeff.dasovich@enron.com>\n\
        Please call me at (713) 853-6161 or 1-800-555-1234 before 4/21/2001.\n\
        Wire to GB82 WEST 1234 5698 7654 32; see http://www.enron.com/corp/ and\n\
        mailto:kay.mann@enron.com. Ref 12,500.00 on 2001-04-21, IP 192.168.1.1.";
    assert_eq!(
        find_entities(text),
        Entities {
            ibans: strings(&["GB82WEST12345698765432"]),
            phones: strings(&["+17138536161", "+18005551234"]),
            sirens: vec![],
            sirets: vec![],
            emails: strings(&["jeff.dasovich@enron.com", "kay.mann@enron.com"]),
            domains: strings(&["enron.com"]),
        }
    );
}

#[test]
fn nothing_in_plain_text() {
    let found = find_entities("Nothing here: 2017-04-21, 12:30, 1 234,56 €, v1.2.3, arcs.");
    assert_eq!(found, Entities::default());
    assert!(found.is_empty());
    assert!(find_entities("").is_empty());
}

#[test]
fn normalize_matches_what_find_entities_stores() {
    let cases = [
        (
            EntityKind::Iban,
            "iban FR76 3000 6000 0112 3456 7890 189",
            "FR76 3000 6000 0112 3456 7890 189",
        ),
        (EntityKind::Phone, "tel 06 12 34 56 78", "06.12.34.56.78"),
        (EntityKind::Siren, "SIREN 732 829 320", "732829320"),
        (
            EntityKind::Siret,
            "SIRET 73282932000074",
            "732 829 320 00074",
        ),
        (
            EntityKind::Email,
            "Jean@Example.FR",
            "mailto:jean@example.fr",
        ),
        (
            EntityKind::Domain,
            "https://www.Example.com/x",
            "WWW.Example.com",
        ),
    ];
    for (kind, text, typed) in cases {
        let found = find_entities(text);
        let stored = match kind {
            EntityKind::Iban => &found.ibans,
            EntityKind::Phone => &found.phones,
            EntityKind::Siren => &found.sirens,
            EntityKind::Siret => &found.sirets,
            EntityKind::Email => &found.emails,
            EntityKind::Domain => &found.domains,
        };
        assert_eq!(stored.len(), 1, "{kind:?} in {text:?}");
        assert_eq!(
            normalize(kind, typed).as_ref(),
            stored.first(),
            "{kind:?} {typed:?}"
        );
    }
}

#[test]
fn normalize_refuses_invalid_values() {
    assert_eq!(
        normalize(EntityKind::Iban, "FR76 3000 6000 0112 3456 7890 188"),
        None
    );
    assert_eq!(normalize(EntityKind::Phone, "21.04.2017"), None);
    assert_eq!(normalize(EntityKind::Siren, "732 829 321"), None);
    assert_eq!(normalize(EntityKind::Siret, "732 829 320 00075"), None);
    assert_eq!(normalize(EntityKind::Email, "jean@localhost"), None);
    assert_eq!(normalize(EntityKind::Domain, "localhost"), None);
    assert_eq!(
        normalize(EntityKind::Siren, "FR 40 303 265 045"),
        Some("303265045".into())
    );
}

#[test]
fn keeps_at_most_max_per_kind() {
    let text: String = (0..MAX_PER_KIND + 50)
        .map(|index| format!("user{index}@example.fr https://host{index}.example.fr/\n"))
        .collect();
    let found = find_entities(&text);
    assert_eq!(found.emails.len(), MAX_PER_KIND);
    assert_eq!(found.domains.len(), MAX_PER_KIND);
}

#[test]
fn reads_only_the_first_max_scan_bytes() {
    let mut text = "x".repeat(MAX_SCAN_BYTES - 1);
    // A two-byte character across the limit, then an address past it.
    text.push('é');
    text.push_str(" late@example.fr");
    assert!(find_entities(&text).is_empty());
}

/// A xorshift generator: junk that is the same on every run.
fn junk_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

/// Hostile texts of about a megabyte each.
fn hostile_texts() -> Vec<(&'static str, String)> {
    const MB: usize = 1024 * 1024;
    let digits_and_marks: String = junk_bytes(MB)
        .iter()
        .map(|byte| b"0123456789 .-+()@:/FRwW"[usize::from(*byte) % 23] as char)
        .collect();
    vec![
        (
            "random bytes",
            String::from_utf8_lossy(&junk_bytes(MB)).into_owned(),
        ),
        ("digits", "7".repeat(MB)),
        ("spaced digits", "06 ".repeat(MB / 3)),
        ("at signs", "@".repeat(MB)),
        ("addresses without spaces", "a.b@c.de".repeat(MB / 8)),
        ("one long line", "x".repeat(MB)),
        ("links", "http://".repeat(MB / 7)),
        ("www", "www.".repeat(MB / 4)),
        ("ibans", "FR76".repeat(MB / 4)),
        ("announcing words", "SIREN ".repeat(MB / 6)),
        ("digits and marks", digits_and_marks),
        (
            "combining marks",
            "e\u{301}\u{0}\u{feff}\u{202e}".repeat(MB / 10),
        ),
        ("parentheses", "(0)(".repeat(MB / 4)),
    ]
}

#[test]
fn hostile_input_neither_panics_nor_overflows() {
    for (name, text) in hostile_texts() {
        let found = find_entities(&text);
        for list in [
            &found.ibans,
            &found.phones,
            &found.sirens,
            &found.sirets,
            &found.emails,
            &found.domains,
        ] {
            assert!(list.len() <= MAX_PER_KIND, "{name}");
            assert!(list.is_sorted(), "{name}");
        }
        for kind in [
            EntityKind::Iban,
            EntityKind::Phone,
            EntityKind::Siren,
            EntityKind::Siret,
            EntityKind::Email,
            EntityKind::Domain,
        ] {
            let _ = normalize(kind, crate::text_prefix(&text, 4096));
        }
    }
}

#[test]
fn hostile_input_stays_linear() {
    // Debug builds are slow; quadratic behaviour on a megabyte would take
    // minutes, linear takes well under a second per text.
    for (name, text) in hostile_texts() {
        let start = Instant::now();
        find_entities(&text);
        let elapsed = start.elapsed();
        assert!(elapsed.as_secs() < 20, "{name}: {elapsed:?}");
    }
}

/// Throughput on real mail bodies (Enron, and the French/English OCaml
/// list), read from `../shared/corpora` beside the repository. Run it in
/// release:
/// `cargo test --release -p fouille-extract --lib entities::tests::throughput -- --ignored --nocapture`
#[test]
#[ignore = "a measurement: needs the corpora and a release build"]
fn throughput_on_real_mail() {
    let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpora");
    let mut bodies = mail_bodies(&corpora.join("enron-maildir"), 32 * 1024 * 1024);
    bodies.extend(mail_bodies(
        &corpora.join("caml-list-fr-en"),
        8 * 1024 * 1024,
    ));
    let bytes: usize = bodies.iter().map(String::len).sum();
    assert!(bytes > 0, "no mail under {}", corpora.display());
    let mut found = 0;
    let start = Instant::now();
    for body in &bodies {
        let entities = find_entities(body);
        found += entities.ibans.len()
            + entities.phones.len()
            + entities.sirens.len()
            + entities.sirets.len()
            + entities.emails.len()
            + entities.domains.len();
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} bodies, {:.1} MB in {:.3} s: {:.0} MB/s, {found} entities",
        bodies.len(),
        bytes as f64 / 1e6,
        seconds,
        bytes as f64 / 1e6 / seconds
    );
}

/// Bodies (what follows the header) of the mail files under `root`, until
/// `max_bytes`.
fn mail_bodies(root: &std::path::Path, max_bytes: usize) -> Vec<String> {
    let mut bodies = Vec::new();
    let mut total = 0;
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            // An mbox holds many messages, each starting with a `From ` line.
            for message in text.split("\nFrom ") {
                let body = message.split_once("\n\n").map_or(message, |(_, body)| body);
                total += body.len();
                bodies.push(body.to_string());
            }
            if total >= max_bytes {
                return bodies;
            }
        }
    }
    bodies
}
