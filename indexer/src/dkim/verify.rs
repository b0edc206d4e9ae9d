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
use fouille_schema::stored::{ArcReport, DkimReport, DkimSignature};
use mail_auth::common::crypto::Algorithm;
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use mail_auth::dkim::Signature;
use mail_auth::{
    AuthenticatedMessage, DkimOutput, DkimResult, Error, MessageAuthenticator, Parameters,
    ResolverCache, Txt,
};

use super::keyring::KeyRing;
use super::keysize::{KeySize, MIN_RSA_BITS, key_size};

/// Signatures reported per email; a message with more is hostile, and the
/// outcome still comes from all of them.
pub const MAX_SIGNATURES_REPORTED: usize = 16;

/// What the report needs to know of the email besides its bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmailFacts<'a> {
    /// The From address's domain, lowercase.
    pub from_domain: Option<&'a str>,
    /// The Date header, seconds since the epoch.
    pub date: Option<i64>,
}

/// A key as the verifier holds it.
struct KnownKey {
    size: Option<KeySize>,
    source: String,
}

/// Checks emails against the keys of a key ring.
pub struct Verifier {
    answers: KeyAnswers,
    keys: HashMap<String, KnownKey>,
    authenticator: MessageAuthenticator,
}

impl Verifier {
    /// A verifier that knows the keys of `ring` and nothing else.
    pub fn new(ring: &KeyRing) -> Verifier {
        let mut answers = HashMap::new();
        let mut keys = HashMap::new();
        for key in ring.iter() {
            let answer = match DomainKey::parse(key.record.as_bytes()) {
                Ok(parsed) => Txt::DomainKey(Arc::new(parsed)),
                Err(err) => Txt::Error(err),
            };
            answers.insert(format!("{}.", key.name), answer);
            let known = KnownKey {
                size: key_size(&key.record),
                source: key.source.clone(),
            };
            keys.insert(key.name.clone(), known);
        }
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
            answers: KeyAnswers(answers),
            keys,
            authenticator,
        }
    }

    /// What DKIM says of `raw`, the original bytes of one email.
    pub fn verify(&self, raw: &[u8], facts: &EmailFacts) -> DkimReport {
        // Not strict: strict parsing refuses `l=` signatures, which an
        // archive must check and report as partial.
        let Some(mut message) = AuthenticatedMessage::parse_with_opts(raw, false) else {
            return DkimReport::unsigned();
        };
        let arc = (!message.ams_headers.is_empty() || !message.as_headers.is_empty())
            .then(|| self.arc(&message));
        if message.dkim_headers.is_empty() {
            return DkimReport {
                arc,
                ..DkimReport::unsigned()
            };
        }
        let expired = forget_expiry(&mut message);
        let params = Parameters::new(&message).with_txt_cache(&self.answers);
        let Some(outputs) = poll_once(self.authenticator.verify_dkim(params)) else {
            // Unreachable with every key answered; never block a run on it.
            return DkimReport {
                outcome: DkimOutcome::NoKey,
                signatures: Vec::new(),
                arc,
            };
        };
        let body = raw.get(message.body_offset as usize..).unwrap_or_default();
        let body_total = crlf_length(body);
        let signatures: Vec<DkimSignature> = outputs
            .iter()
            .map(|output| self.signature(output, body_total, facts, &expired))
            .collect();
        let outcome = signatures
            .iter()
            .map(|signature| signature.result)
            .min_by_key(|outcome| rank(*outcome))
            .unwrap_or(DkimOutcome::Invalid);
        DkimReport {
            outcome,
            signatures: signatures
                .into_iter()
                .take(MAX_SIGNATURES_REPORTED)
                .collect(),
            arc,
        }
    }

    /// What the ARC chain of `message` says.
    fn arc(&self, message: &AuthenticatedMessage) -> ArcReport {
        let sealers = message
            .as_headers
            .iter()
            .filter_map(|header| header.header.as_ref().ok())
            .map(|seal| seal.d.clone())
            .take(MAX_SIGNATURES_REPORTED)
            .collect();
        let params = Parameters::new(message).with_txt_cache(&self.answers);
        let Some(output) = poll_once(self.authenticator.verify_arc(params)) else {
            return ArcReport {
                result: DkimOutcome::NoKey,
                reason: None,
                sealers,
            };
        };
        let keys_known = message
            .ams_headers
            .iter()
            .filter_map(|header| header.header.as_ref().ok())
            .all(|signature| {
                let name = format!("{}._domainkey.{}", signature.s, signature.d);
                self.keys.contains_key(&name.to_ascii_lowercase())
            });
        let (result, reason) = match output.result() {
            DkimResult::Pass => (DkimOutcome::Pass, None),
            DkimResult::Fail(err) => (DkimOutcome::Fail, Some(err.to_string().to_lowercase())),
            DkimResult::Neutral(Error::FailedBodyHashMatch) if keys_known => (
                DkimOutcome::Fail,
                Some("the body was changed after the last seal".into()),
            ),
            DkimResult::Neutral(Error::FailedBodyHashMatch)
            | DkimResult::TempError(Error::DnsRecordNotFound(_) | Error::DnsError(_))
            | DkimResult::PermError(Error::DnsRecordNotFound(_) | Error::DnsError(_)) => {
                (DkimOutcome::NoKey, Some("no key for a seal".into()))
            }
            DkimResult::None => (DkimOutcome::None, None),
            DkimResult::Neutral(err) | DkimResult::TempError(err) | DkimResult::PermError(err) => {
                (DkimOutcome::Invalid, Some(err.to_string().to_lowercase()))
            }
        };
        ArcReport {
            result,
            reason,
            sealers,
        }
    }

    /// The report of one signature of an email.
    fn signature(
        &self,
        output: &DkimOutput,
        body_total: u64,
        facts: &EmailFacts,
        expired: &[(String, String, u64)],
    ) -> DkimSignature {
        let Some(signature) = output.signature() else {
            return DkimSignature {
                result: DkimOutcome::Invalid,
                reason: Some(format!("unreadable signature: {}", describe(output))),
                domain: String::new(),
                selector: String::new(),
                algorithm: String::new(),
                key_bits: None,
                key_source: None,
                aligned: false,
                headers: Vec::new(),
                signed_at: None,
                signed_after_date_seconds: None,
                expires_at: None,
                expired: false,
                body_signed: None,
                body_total,
            };
        };
        let key = self.key(signature);
        let (result, reason) = self.result(output, signature, key, body_total);
        let expiry = expired
            .iter()
            .find(|(domain, selector, _)| *domain == signature.d && *selector == signature.s)
            .map(|(_, _, x)| *x);
        let x = expiry.unwrap_or(signature.x);
        DkimSignature {
            result,
            reason,
            domain: signature.d.clone(),
            selector: signature.s.clone(),
            algorithm: algorithm_name(signature.a).to_string(),
            key_bits: key.and_then(|key| key.size).map(KeySize::bits),
            key_source: key.map(|key| key.source.clone()),
            aligned: facts
                .from_domain
                .is_some_and(|from| aligned(from, &signature.d)),
            headers: signature.h.clone(),
            signed_at: (signature.t != 0).then(|| rfc3339(signature.t)),
            signed_after_date_seconds: facts
                .date
                .filter(|_| signature.t != 0)
                .map(|date| i64::try_from(signature.t).unwrap_or(i64::MAX) - date),
            expires_at: (x != 0).then(|| rfc3339(x)),
            expired: expiry.is_some(),
            body_signed: (signature.l > 0).then_some(signature.l),
            body_total,
        }
    }

    /// The key a signature names, if the ring has it.
    fn key(&self, signature: &Signature) -> Option<&KnownKey> {
        let name = format!("{}._domainkey.{}", signature.s, signature.d).to_ascii_lowercase();
        self.keys.get(name.trim_end_matches('.'))
    }

    /// The outcome of one signature, and why when it is not a pass.
    fn result(
        &self,
        output: &DkimOutput,
        signature: &Signature,
        key: Option<&KnownKey>,
        body_total: u64,
    ) -> (DkimOutcome, Option<String>) {
        if let Some(size) = key.and_then(|key| key.size)
            && size.is_weak()
        {
            return (
                DkimOutcome::Invalid,
                Some(format!(
                    "key of {} bits, under {MIN_RSA_BITS}: anyone could have signed",
                    size.bits()
                )),
            );
        }
        let has_key = key.is_some();
        match output.result() {
            DkimResult::Pass if signature.l > 0 && signature.l < body_total => (
                DkimOutcome::Partial,
                Some(format!(
                    "l= signs the first {} of {body_total} body bytes; the rest may have been added",
                    signature.l
                )),
            ),
            DkimResult::Pass => (DkimOutcome::Pass, None),
            // The body hash is checked before the key is looked up: without
            // a key, a signature nobody can check proves nothing either way.
            DkimResult::Neutral(Error::FailedBodyHashMatch) if has_key => (
                DkimOutcome::Fail,
                Some("the body was changed after signing (body hash mismatch)".into()),
            ),
            DkimResult::Neutral(Error::FailedBodyHashMatch) => (
                DkimOutcome::NoKey,
                Some("no key; and the body hash does not match either".into()),
            ),
            DkimResult::Fail(_) => (
                DkimOutcome::Fail,
                Some("signed headers were changed after signing (signature mismatch)".into()),
            ),
            DkimResult::TempError(Error::DnsRecordNotFound(_) | Error::DnsError(_))
            | DkimResult::PermError(Error::DnsRecordNotFound(_) | Error::DnsError(_)) => (
                DkimOutcome::NoKey,
                Some(format!(
                    "no key for {}._domainkey.{} (it may have been rotated)",
                    signature.s, signature.d
                )),
            ),
            // Malformed signatures and keys, unsupported algorithms.
            _ => (DkimOutcome::Invalid, Some(describe(output))),
        }
    }
}

/// mail-auth's result in words, for a reason.
fn describe(output: &DkimOutput) -> String {
    match output.result() {
        DkimResult::Neutral(err)
        | DkimResult::Fail(err)
        | DkimResult::TempError(err)
        | DkimResult::PermError(err) => err.to_string().to_lowercase(),
        DkimResult::Pass => "pass".into(),
        DkimResult::None => "no signature".into(),
    }
}

fn algorithm_name(algorithm: Algorithm) -> &'static str {
    match algorithm {
        Algorithm::RsaSha256 => "rsa-sha256",
        Algorithm::RsaSha1 => "rsa-sha1",
        Algorithm::Ed25519Sha256 => "ed25519-sha256",
    }
}

/// Relaxed alignment: `d=` is the From domain or one of its parents.
fn aligned(from_domain: &str, signing_domain: &str) -> bool {
    let from = from_domain.trim_end_matches('.').to_ascii_lowercase();
    let signing = signing_domain.trim_end_matches('.').to_ascii_lowercase();
    !signing.is_empty()
        && (from == signing
            || from
                .strip_suffix(&signing)
                .is_some_and(|head| head.ends_with('.')))
}

fn rfc3339(seconds: u64) -> String {
    i64::try_from(seconds)
        .ok()
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .map_or_else(|| seconds.to_string(), |timestamp| timestamp.to_string())
}

/// Clears the parsed expiry of every signature whose `x=` has passed, and
/// returns those signatures (domain, selector, expiry). An archive checks old
/// mail: mail-auth would call such a signature expired without checking it.
/// The cryptographic check covers the header as written, `x=` included, so
/// nothing else changes.
fn forget_expiry(message: &mut AuthenticatedMessage) -> Vec<(String, String, u64)> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let mut expired = Vec::new();
    for header in &mut message.dkim_headers {
        if let Ok(signature) = &mut header.header
            && signature.x != 0
            && (signature.x <= signature.t || signature.x <= now)
        {
            expired.push((signature.d.clone(), signature.s.clone(), signature.x));
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
    use crate::dkim::KeyFile;

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
        signed_as(message, body_length, 0, "s2017")
    }

    /// `message` signed, with `x=` that many seconds after signing (0: none).
    fn signed_expiring(message: &str, body_length: bool, expiration: u64) -> String {
        signed_as(message, body_length, expiration, "s2017")
    }

    /// `message` signed with the test key, naming `selector`.
    fn signed_as(message: &str, body_length: bool, expiration: u64, selector: &str) -> String {
        let pem = fixture("test-only-s2017.example.org.pem");
        let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).unwrap();
        let key = RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs8(der)).unwrap();
        let signature = DkimSigner::from_key(key)
            .domain("example.org")
            .selector(selector)
            .headers(["From", "To", "Subject", "Date"])
            .body_length(body_length)
            .expiration(expiration)
            .sign(message.as_bytes())
            .unwrap();
        format!("{}{message}", signature.to_header())
    }

    fn ring() -> KeyRing {
        let mut ring = KeyRing::default();
        let file = KeyFile::parse(&fixture("keys.zone")).unwrap();
        ring.add_file(&file, "key file keys.zone");
        ring
    }

    fn verifier() -> Verifier {
        Verifier::new(&ring())
    }

    const FACTS: EmailFacts = EmailFacts {
        from_domain: Some("example.org"),
        date: Some(1_493_625_600),
    };

    fn report(verifier: &Verifier, mail: &str) -> DkimReport {
        verifier.verify(mail.as_bytes(), &FACTS)
    }

    fn outcome(verifier: &Verifier, mail: &str) -> DkimOutcome {
        report(verifier, mail).outcome
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
        let unknown = Verifier::new(&KeyRing::default());
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
        let garbled = report(&verifier, &garbage);
        assert_eq!(garbled.signatures.len(), 1);
        assert!(garbled.signatures[0].reason.is_some());
        assert_eq!(verifier.verify(b"", &FACTS).outcome, DkimOutcome::None);
        assert_eq!(
            verifier.verify(b"\xff\xfe\0garbage", &FACTS).outcome,
            DkimOutcome::None
        );
    }

    #[test]
    fn expired_signatures_are_still_checked() {
        let verifier = verifier();
        let mail = signed_expiring(MESSAGE, false, 1);
        std::thread::sleep(std::time::Duration::from_millis(2_100));
        let verdict = report(&verifier, &mail);
        assert_eq!(verdict.outcome, DkimOutcome::Pass);
        assert!(verdict.signatures[0].expired);
        assert!(verdict.signatures[0].expires_at.is_some());
        let changed = mail.replace("demain", "jamais");
        let verdict = report(&verifier, &changed);
        assert_eq!(verdict.outcome, DkimOutcome::Fail);
        assert!(verdict.signatures[0].expired);
        let fresh = report(&verifier, &signed(MESSAGE, false));
        assert!(!fresh.signatures[0].expired);
        assert_eq!(fresh.signatures[0].expires_at, None);
    }

    #[test]
    fn a_signature_tells_its_domain_selector_key_and_coverage() {
        let verifier = verifier();
        let mail = signed(MESSAGE, true);
        let verdict = report(&verifier, &mail);
        let signature = &verdict.signatures[0];
        assert_eq!(signature.result, DkimOutcome::Pass);
        assert_eq!(signature.domain, "example.org");
        assert_eq!(signature.selector, "s2017");
        assert_eq!(signature.algorithm, "rsa-sha256");
        assert_eq!(signature.key_bits, Some(2048));
        assert_eq!(signature.key_source.as_deref(), Some("key file keys.zone"));
        assert!(signature.aligned);
        // As written in h=: the signer lists them from the bottom up.
        assert_eq!(signature.headers, ["Date", "Subject", "To", "From"]);
        let body = "Bonjour Bob,\r\nrendez-vous demain.\r\n".len() as u64;
        assert_eq!(signature.body_total, body);
        assert_eq!(signature.body_signed, Some(body));
        assert!(signature.signed_at.is_some());
        assert!(signature.signed_after_date_seconds.unwrap() > 0);
        let other = verifier.verify(
            mail.as_bytes(),
            &EmailFacts {
                from_domain: Some("gmail.com"),
                date: None,
            },
        );
        assert!(!other.signatures[0].aligned);
        assert_eq!(other.signatures[0].signed_after_date_seconds, None);
    }

    #[test]
    fn a_key_under_1024_bits_makes_the_signature_invalid() {
        let verifier = verifier();
        let mail = signed_as(MESSAGE, false, 0, "weak");
        let verdict = report(&verifier, &mail);
        assert_eq!(verdict.outcome, DkimOutcome::Invalid);
        assert_eq!(verdict.signatures[0].key_bits, Some(512));
        let reason = verdict.signatures[0].reason.as_deref().unwrap();
        assert!(reason.contains("512 bits"), "{reason}");
    }

    /// `mail` sealed by a forwarder (ARC) under the test key.
    fn sealed(mail: &str) -> String {
        let pem = fixture("test-only-s2017.example.org.pem");
        let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes()).unwrap();
        let key = RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs8(der)).unwrap();
        let message = AuthenticatedMessage::parse(mail.as_bytes()).unwrap();
        let authenticator = Verifier::new(&ring()).authenticator;
        let keys = KeyAnswers(HashMap::new());
        let params = || Parameters::new(&message).with_txt_cache(&keys);
        let arc = poll_once(authenticator.verify_arc(params())).unwrap();
        let dkim = poll_once(authenticator.verify_dkim(params())).unwrap();
        let results = mail_auth::AuthenticationResults::new("lists.example.org")
            .with_dkim_results(&dkim, "alice@example.org")
            .with_arc_result(&arc, "192.0.2.1".parse().unwrap());
        let set = mail_auth::arc::ArcSealer::from_key(key)
            .domain("example.org")
            .selector("s2017")
            .headers(["From", "To", "Subject", "DKIM-Signature"])
            .seal(&message, &results, &arc)
            .unwrap();
        format!("{}{mail}", set.to_header())
    }

    #[test]
    fn an_arc_chain_is_checked_and_its_sealers_named() {
        let verifier = verifier();
        let mail = sealed(&signed(MESSAGE, false));
        let verdict = report(&verifier, &mail);
        assert_eq!(verdict.outcome, DkimOutcome::Pass);
        let arc = verdict.arc.unwrap();
        assert_eq!(arc.result, DkimOutcome::Pass, "{:?}", arc.reason);
        assert_eq!(arc.sealers, ["example.org"]);
        let changed = report(&verifier, &mail.replace("demain", "jamais"));
        assert_eq!(changed.arc.unwrap().result, DkimOutcome::Fail);
        let unknown = Verifier::new(&KeyRing::default());
        assert_eq!(
            report(&unknown, &mail).arc.unwrap().result,
            DkimOutcome::NoKey
        );
        assert_eq!(report(&verifier, &signed(MESSAGE, false)).arc, None);
    }

    #[test]
    fn alignment_is_relaxed_but_not_a_suffix_match() {
        assert!(aligned("example.org", "example.org"));
        assert!(aligned("mail.example.org", "Example.org."));
        assert!(!aligned("badexample.org", "example.org"));
        assert!(!aligned("example.org", "mail.example.org"));
        assert!(!aligned("example.org", ""));
    }
}
