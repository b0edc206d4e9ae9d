use std::path::{Path, PathBuf};

use mail_parser::{MessageParser, MimeHeaders};

use super::msg_to_eml;
use crate::test_files::{corpus, corpus_path, fixture};

fn msg_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("msg"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn capybara_fixture_converts_exactly() {
    let eml = msg_to_eml(&fixture("capybara.msg")).unwrap();
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(message.subject(), Some("Note sur le capybara"));
    let from = message.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Hélène Durand"));
    assert_eq!(from.address(), Some("helene.durand@exemple.fr"));
    let to: Vec<_> = message.to().unwrap().iter().collect();
    assert_eq!(to.len(), 1);
    assert_eq!(to[0].name(), Some("Marc Petit"));
    assert_eq!(to[0].address(), Some("marc.petit@exemple.fr"));
    assert!(message.cc().is_none());
    assert_eq!(message.date().unwrap().to_rfc3339(), "2017-03-14T10:30:00Z");
    assert_eq!(message.message_id(), Some("capybara.20170314@exemple.fr"));
    let body = message.body_text(0).unwrap();
    assert!(
        body.contains("Le capybara est arrivé à la préfecture"),
        "{body}"
    );
    let attachments: Vec<_> = message.attachments().collect();
    assert_eq!(attachments.len(), 1);
    assert_eq!(
        attachments[0].attachment_name(),
        Some("annexe-capybara.txt")
    );
    assert_eq!(attachments[0].contents(), b"tapir clandestin");
    assert_eq!(
        message
            .header_raw("X-Fouille-Converted-From")
            .map(str::trim),
        Some("outlook-msg")
    );
    assert!(message.header_raw("X-Fouille-Conversion-Problem").is_none());
}

#[test]
fn damaged_fixtures_never_panic() {
    let original = fixture("capybara.msg");
    for len in (0..original.len()).step_by(97) {
        let _ = msg_to_eml(&original[..len]);
    }
    // A small xorshift: the same flips on every run.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..400 {
        let mut damaged = original.clone();
        let flips = 1 + next() % 8;
        for _ in 0..flips {
            let at = (next() % damaged.len() as u64) as usize;
            if let Some(byte) = damaged.get_mut(at) {
                *byte ^= 1 << (next() % 8);
            }
        }
        let _ = msg_to_eml(&damaged);
    }
}

#[test]
fn other_files_are_refused() {
    assert!(msg_to_eml(b"").is_err());
    assert!(msg_to_eml(b"From: a@b\r\n\r\nhello").is_err());
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/WordDocument").unwrap();
    let bytes = cfb.into_inner().into_inner();
    assert!(msg_to_eml(&bytes).is_err());
}

/// Every sample converts, or fails with a reason; prints which.
#[test]
fn corpus_samples_convert() {
    let dirs = [
        "outlook-msg-samples/msgreader",
        "outlook-msg-samples/msg-extractor",
        "hoover-testdata/msg-5-outlook",
    ];
    let mut seen = 0;
    let mut failed = Vec::new();
    for dir in dirs {
        for path in msg_files(&corpus_path(dir)) {
            seen += 1;
            let bytes = std::fs::read(&path).unwrap();
            match msg_to_eml(&bytes) {
                Ok(eml) => {
                    let message = MessageParser::default().parse(&eml).unwrap();
                    let names: Vec<_> = message
                        .attachments()
                        .map(|a| a.attachment_name().unwrap_or("?").to_string())
                        .collect();
                    eprintln!(
                        "ok {}: subject {:?} from {:?} attachments {:?}",
                        path.display(),
                        message.subject(),
                        message
                            .from()
                            .and_then(|f| f.first())
                            .map(|a| (a.name(), a.address())),
                        names
                    );
                }
                Err(error) => {
                    eprintln!("err {}: {error}", path.display());
                    failed.push((path, error));
                }
            }
        }
    }
    if seen == 0 {
        eprintln!("no .msg corpus here, skipped");
    }
    assert!(failed.is_empty(), "{failed:?}");
}

/// Converts a corpus sample; `None` when the corpus is not here.
fn sample(relative: &str) -> Option<Vec<u8>> {
    corpus(relative).map(|bytes| msg_to_eml(&bytes).unwrap())
}

fn from_of(message: &mail_parser::Message<'_>) -> (String, String) {
    let from = message.from().unwrap().first().unwrap();
    (
        from.name().unwrap_or_default().to_string(),
        from.address().unwrap_or_default().to_string(),
    )
}

fn attachment_names(message: &mail_parser::Message<'_>) -> Vec<String> {
    message
        .attachments()
        .map(|a| a.attachment_name().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn msgreader_special_characters_in_subject() {
    let Some(eml) = sample("outlook-msg-samples/msgreader/EmailWithSpecialCharsInSubject.msg")
    else {
        return;
    };
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        message.subject(),
        Some("Un sujet bien défini Àéroport mañana être ouïe électricité così próxima à Ô")
    );
    assert_eq!(
        from_of(&message),
        ("Julie Clarebots".into(), "Julie.Clarebots@qbere.com".into())
    );
    assert!(attachment_names(&message).is_empty());
}

#[test]
fn msgreader_inner_mail_and_attachments() {
    let Some(eml) = sample("outlook-msg-samples/msgreader/EmailWithInnerMailAndAttachments.msg")
    else {
        return;
    };
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(message.subject(), Some("Outer mail"));
    assert_eq!(
        attachment_names(&message),
        ["OUTER 1.pdf", "OUTER 2.pdf", "Inner mail"]
    );
    let outer: Vec<_> = message.attachments().collect();
    assert!(outer[0].contents().starts_with(b"%PDF-"));
    let inner = outer[2].message().unwrap();
    assert_eq!(inner.subject(), Some("Inner mail"));
    assert_eq!(attachment_names(inner), ["INNER 1.pdf", "INNER 2.pdf"]);
}

#[test]
fn msgreader_attachments_and_exchange_sender() {
    let Some(eml) = sample("outlook-msg-samples/msgreader/EmailWithAttachments.msg") else {
        return;
    };
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(message.subject(), Some("This is the subject"));
    assert_eq!(
        from_of(&message),
        ("Kees".into(), "peterpan@neverland.com".into())
    );
    assert_eq!(
        attachment_names(&message),
        ["peterpan.jpg", "tinkerbell.jpg"]
    );
    let Some(eml) = sample("outlook-msg-samples/msgreader/sender_not_found_from_exchange.msg")
    else {
        return;
    };
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(message.subject(), Some("TR: CHANTIER ST CHEF"));
    let (name, address) = from_of(&message);
    assert_eq!(name, "Myriam VAREME");
    assert!(
        address.starts_with(
            "/O=EXCHANGELABS/OU=EXCHANGE_ADMINISTRATIVE_GROUP_[FYDIBOHF23SPDLT]/CN=RECIPIENTS/CN="
        ),
        "{address}"
    );
}

#[test]
fn hoover_romanian_subject() {
    let Some(eml) = sample(
        "hoover-testdata/msg-5-outlook/DISEARĂ-Te-așteptăm-la-discuția-despre-finanțarea-culturii.msg",
    ) else {
        return;
    };
    let message = MessageParser::default().parse(&eml).unwrap();
    assert_eq!(
        message.subject(),
        Some("DISEARĂ: Te așteptăm la discuția despre finanțarea culturii")
    );
    assert_eq!(
        from_of(&message),
        ("Cosmin Pojoranu".into(), "cosmin@caleido.ro".into())
    );
}
