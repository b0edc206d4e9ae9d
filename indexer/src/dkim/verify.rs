//! Checking an email's DKIM signatures against the keys of a key file, with
//! mail-auth (Stalwart). No lookup leaves the machine: the resolver has no
//! name server, and every key name is answered from the key file, a missing
//! key as "not found". The verifier is async only because mail-auth is;
//! with every answer at hand it never waits, so it is polled once.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use fouille_schema::DkimOutcome;
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use mail_auth::dkim::Signature;
use mail_auth::{
    AuthenticatedMessage, DkimOutput, DkimResult, Error, MessageAuthenticator, Parameters,
    ResolverCache, Txt,
};

use super::KeyFile;

/// Checks emails against the keys of one key file.
pub struct Verifier {
    keys: KeyAnswers,
    authenticator: MessageAuthenticator,
}

impl Verifier {
    /// A verifier that knows the keys of `file` and nothing else.
    pub fn new(file: &KeyFile) -> Verifier {
        let answers = file
            .names()
            .map(|(name, record)| {
                let answer = match DomainKey::parse(record.as_bytes()) {
                    Ok(key) => Txt::DomainKey(Arc::new(key)),
                    Err(err) => Txt::Error(err),
                };
                (format!("{name}."), answer)
            })
            .collect();
        // No name server: even a lookup that got past the key answers would
        // find nobody to ask.
        let no_servers = mail_auth::hickory_resolver::config::ResolverConfig::from_parts(
            None,
            Vec::new(),
            Vec::new(),
        );
        let authenticator = MessageAuthenticator::new(no_servers, Default::default())
            .expect("a resolver without name servers");
        Verifier {
            keys: KeyAnswers(answers),
            authenticator,
        }
    }

    /// The outcome of `raw` (the original bytes of one email).
    pub fn verify(&self, raw: &[u8]) -> Verdict {
        let none = Verdict {
            outcome: DkimOutcome::None,
            expired: false,
        };
        // Not strict: strict parsing refuses `l=` signatures, which an
        // archive must check and report as partial.
        let Some(mut message) = AuthenticatedMessage::parse_with_opts(raw, false) else {
            return none;
        };
        if message.dkim_headers.is_empty() {
            return none;
        }
        let expired = forget_expiry(&mut message);
        let params = Parameters::new(&message).with_txt_cache(&self.keys);
        let Some(outputs) = poll_once(self.authenticator.verify_dkim(params)) else {
            // Unreachable with every key answered; never block a run on it.
            return Verdict {
                outcome: DkimOutcome::NoKey,
                expired,
            };
        };
        let body = raw.get(message.body_offset as usize..).unwrap_or_default();
        let outcome = outputs
            .iter()
            .map(|output| self.outcome(output, body))
            .min_by_key(|outcome| rank(*outcome))
            .unwrap_or(DkimOutcome::Invalid);
        Verdict { outcome, expired }
    }

    /// The outcome of one signature of an email whose body is `body`.
    fn outcome(&self, output: &DkimOutput, body: &[u8]) -> DkimOutcome {
        let signature = output.signature();
        match output.result() {
            DkimResult::Pass => match signature {
                Some(signature) if signature.l > 0 && signature.l < crlf_length(body) => {
                    DkimOutcome::Partial
                }
                _ => DkimOutcome::Pass,
            },
            // The body hash is checked before the key is looked up: without
            // a key, a signature nobody can check proves nothing either way.
            DkimResult::Neutral(Error::FailedBodyHashMatch)
                if signature.is_some_and(|signature| self.has_key(signature)) =>
            {
                DkimOutcome::Fail
            }
            DkimResult::Neutral(Error::FailedBodyHashMatch) => DkimOutcome::NoKey,
            DkimResult::Fail(_) => DkimOutcome::Fail,
            DkimResult::TempError(Error::DnsRecordNotFound(_) | Error::DnsError(_))
            | DkimResult::PermError(Error::DnsRecordNotFound(_) | Error::DnsError(_)) => {
                DkimOutcome::NoKey
            }
            // Malformed signatures and keys, unsupported algorithms.
            DkimResult::Neutral(_)
            | DkimResult::TempError(_)
            | DkimResult::PermError(_)
            | DkimResult::None => DkimOutcome::Invalid,
        }
    }

    /// True when the key file has a key for this signature's selector.
    fn has_key(&self, signature: &Signature) -> bool {
        let name = format!("{}._domainkey.{}.", signature.s, signature.d);
        matches!(self.keys.0.get(&name), Some(Txt::DomainKey(_)))
    }
}

/// What DKIM says of one email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The outcome.
    pub outcome: DkimOutcome,
    /// A signature's `x=` expiry had passed (it was checked all the same).
    pub expired: bool,
}

/// Clears the parsed expiry of every signature whose `x=` has passed, and
/// says whether one had. An archive checks old mail: mail-auth would call
/// such a signature expired without checking it. The cryptographic check
/// covers the header as written, `x=` included, so nothing else changes.
fn forget_expiry(message: &mut AuthenticatedMessage) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let mut expired = false;
    for header in &mut message.dkim_headers {
        if let Ok(signature) = &mut header.header
            && signature.x != 0
            && (signature.x <= signature.t || signature.x <= now)
        {
            expired = true;
            signature.x = 0;
        }
    }
    expired
}

/// Which signature speaks for the email: a pass first, then evidence of
/// change, then what cannot be told.
fn rank(outcome: DkimOutcome) -> usize {
    DkimOutcome::ALL
        .iter()
        .position(|known| *known == outcome)
        .unwrap_or(usize::MAX)
}

/// Bytes of a body with its line ends counted as CRLF, as the signer
/// counted them.
fn crlf_length(body: &[u8]) -> u64 {
    let bare_lf = body
        .iter()
        .enumerate()
        .filter(|&(at, &byte)| byte == b'\n' && (at == 0 || body[at - 1] != b'\r'))
        .count();
    (body.len() + bare_lf) as u64
}

/// Polls `future` once: Some when it is ready without waiting.
fn poll_once<F: Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// Answers to key lookups, from the key file; every other name is not found.
struct KeyAnswers(HashMap<String, Txt>);

impl ResolverCache<String, Txt> for KeyAnswers {
    fn get<Q>(&self, name: &Q) -> Option<Txt>
    where
        String: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        Some(
            self.0
                .get(name)
                .cloned()
                .unwrap_or_else(|| Txt::Error(Error::DnsError("no key in the key file".into()))),
        )
    }

    fn remove<Q>(&self, _name: &Q) -> Option<Txt>
    where
        String: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        None
    }

    fn insert(&self, _key: String, _value: Txt, _valid_until: Instant) {}
}

#[cfg(test)]
mod tests {
    use mail_auth::common::crypto::{RsaKey, Sha256};
    use mail_auth::common::headers::HeaderWriter;
    use mail_auth::dkim::DkimSigner;
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

    use super::*;

    const MESSAGE: &str = "From: Alice <alice@example.org>\r\n\
        To: bob@example.fr\r\n\
        Subject: Rendez-vous\r\n\
        Date: Mon, 1 May 2017 10:00:00 +0200\r\n\
        \r\n\
        Bonjour Bob,\r\n\
        rendez-vous demain.\r\n";

    fn fixture(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/dkim")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
    }

    /// `message` signed with the test key (s2017, example.org).
    fn signed(message: &str, body_length: bool) -> String {
        signed_expiring(message, body_length, 0)
    }

    /// `message` signed, with `x=` that many seconds after signing (0: none).
    fn signed_expiring(message: &str, body_length: bool, expiration: u64) -> String {
        let pem = fixture("test-only-s2017.example.org.pem");
        let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).unwrap();
        let key = RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs8(der)).unwrap();
        let signature = DkimSigner::from_key(key)
            .domain("example.org")
            .selector("s2017")
            .headers(["From", "To", "Subject", "Date"])
            .body_length(body_length)
            .expiration(expiration)
            .sign(message.as_bytes())
            .unwrap();
        format!("{}{message}", signature.to_header())
    }

    fn verifier() -> Verifier {
        Verifier::new(&KeyFile::parse(&fixture("keys.zone")).unwrap())
    }

    fn outcome(verifier: &Verifier, mail: &str) -> DkimOutcome {
        verifier.verify(mail.as_bytes()).outcome
    }

    #[test]
    fn outcomes_of_signed_changed_and_unsigned_mail() {
        let verifier = verifier();
        let mail = signed(MESSAGE, false);
        assert_eq!(outcome(&verifier, &mail), DkimOutcome::Pass);
        // LF-only copies are canonicalised back to CRLF.
        let lf = mail.replace("\r\n", "\n");
        assert_eq!(outcome(&verifier, &lf), DkimOutcome::Pass);
        let body = mail.replace("demain", "jamais");
        assert_eq!(outcome(&verifier, &body), DkimOutcome::Fail);
        let header = mail.replace("Subject: Rendez-vous", "Subject: Annulation");
        assert_eq!(outcome(&verifier, &header), DkimOutcome::Fail);
        assert_eq!(outcome(&verifier, MESSAGE), DkimOutcome::None);
        let unknown = Verifier::new(&KeyFile::default());
        assert_eq!(outcome(&unknown, &mail), DkimOutcome::NoKey);
        assert_eq!(outcome(&unknown, &body), DkimOutcome::NoKey);
    }

    #[test]
    fn unsigned_text_after_l_is_partial() {
        let verifier = verifier();
        let mail = signed(MESSAGE, true);
        assert_eq!(outcome(&verifier, &mail), DkimOutcome::Pass);
        let appended = format!("{mail}PS : virez 10 000 euros.\r\n");
        assert_eq!(outcome(&verifier, &appended), DkimOutcome::Partial);
    }

    #[test]
    fn malformed_signatures_are_invalid_not_fatal() {
        let verifier = verifier();
        let garbage = format!("DKIM-Signature: v=1; a=rsa-sha999; b=???\r\n{MESSAGE}");
        assert_eq!(outcome(&verifier, &garbage), DkimOutcome::Invalid);
        assert_eq!(verifier.verify(b"").outcome, DkimOutcome::None);
        assert_eq!(
            verifier.verify(b"\xff\xfe\0garbage").outcome,
            DkimOutcome::None
        );
    }

    #[test]
    fn expired_signatures_are_still_checked() {
        let verifier = verifier();
        let mail = signed_expiring(MESSAGE, false, 1);
        std::thread::sleep(std::time::Duration::from_millis(2_100));
        let verdict = verifier.verify(mail.as_bytes());
        assert_eq!(verdict.outcome, DkimOutcome::Pass);
        assert!(verdict.expired);
        let changed = mail.replace("demain", "jamais");
        let verdict = verifier.verify(changed.as_bytes());
        assert_eq!(verdict.outcome, DkimOutcome::Fail);
        assert!(verdict.expired);
        assert!(!verifier.verify(signed(MESSAGE, false).as_bytes()).expired);
    }
}
