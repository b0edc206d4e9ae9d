//! One synthetic message as RFC 5322 bytes: headers (encoded words,
//! threading headers, dates in the sender's zone), a plain-text body that
//! quotes or forwards its parent, and for some an HTML alternative or an
//! HTML-only body, text or CSV attachments in base64 (or, for a leak, the
//! documents and photographs of [`crate::leak`]), quoted-printable or
//! 8-bit bodies, ISO-8859-1 for some French mail. The text parts are
//! written by the child module `body`.

mod body;

use std::fmt::Write as _;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

use super::calendar::Local;
use super::encoding::{Charset, Transfer, base64, header_text};
use super::error::Result;
use super::leak::{Context, Kind, Leak};
use super::people::{Person, Population};
use super::plan::{Link, Plan, Planner, Stream};
use super::text::Writer;
use super::vocabulary::{Language, Vocabulary};
use body::{Body, Html, Quote, Quoted, plain_text};

const MAILERS: [&str; 6] = [
    "X-Mailer: Microsoft Outlook 16.0",
    "X-Mailer: Microsoft Office Outlook 12.0",
    "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:68.0) Gecko/20100101 Thunderbird/68.4.1",
    "X-Mailer: Apple Mail (2.3445.104.11)",
    "User-Agent: Roundcube Webmail/1.4.2",
    "X-Mailer: iPhone Mail (16G102)",
];

/// The organisations in a leak's document properties, one per sender.
const COMPANIES: [&str; 4] = [
    "Mouvement Rivage",
    "Atlas Conseil",
    "Cabinet Lemaire & Associés",
    "Association Horizons",
];

/// Makes the messages of one corpus.
#[derive(Debug)]
pub struct Composer<'a> {
    seed: u64,
    planner: Planner<'a>,
    population: &'a Population,
    vocabulary: &'a Vocabulary,
    attachment_bytes: LogNormal<f64>,
    leak: Option<&'a Leak>,
}

/// A message made.
#[derive(Debug)]
pub struct Composed {
    /// Its plan (mailbox, date, sender).
    pub plan: Plan,
    /// The RFC 5322 bytes, LF line endings.
    pub bytes: Vec<u8>,
    /// The kind and size (decoded) of each leak attachment.
    pub attachments: Vec<(Kind, u64)>,
}

/// How the headers of a message encode non-ASCII text.
#[derive(Debug, Clone, Copy)]
struct HeaderStyle {
    charset: Charset,
    base64: bool,
    raw: bool,
}

impl<'a> Composer<'a> {
    /// A composer of `count` messages from `seed`.
    pub fn new(
        seed: u64,
        count: u64,
        population: &'a Population,
        vocabulary: &'a Vocabulary,
    ) -> Composer<'a> {
        Composer {
            seed,
            planner: Planner::new(seed, count, population),
            population,
            vocabulary,
            attachment_bytes: LogNormal::new(3000f64.ln(), 0.8).expect("valid"),
            leak: None,
        }
    }

    /// The same composer, attaching `leak`'s documents and photographs
    /// instead of text and CSV files.
    pub fn with_leak(self, leak: &'a Leak) -> Composer<'a> {
        Composer {
            leak: Some(leak),
            ..self
        }
    }

    /// Message `index`.
    // Every draw of the dress stream comes in a fixed order, here and in the
    // helpers called: reordering them changes the corpus.
    pub fn compose(&self, index: u64) -> Result<Composed> {
        let plan = self.planner.plan(index);
        let mut rng = self.planner.rng(index, Stream::Dress);
        let rng = &mut rng;
        let sender = self.population.person(plan.sender);
        let written = self.written(&plan);
        let root = self.planner.plan(plan.root);
        let thread_subject = self.subject(&root);
        let parent = plan
            .parent
            .map(|(parent, link)| (self.planner.plan(parent), link));
        let link = parent.as_ref().map(|&(_, link)| link);
        let subject = message_subject(&thread_subject, link, plan.language, rng);
        let quote = parent
            .as_ref()
            .and_then(|(parent, link)| self.quote(parent, *link, &thread_subject, rng));
        let plain = plain_text(&written, quote.as_ref(), plan.language);
        let charset = body_charset(&plain, plan.language, rng);
        let style = HeaderStyle {
            charset,
            base64: rng.random_bool(0.25),
            raw: charset == Charset::Utf8 && rng.random_bool(0.05),
        };

        let mut out = Vec::with_capacity(plain.len() * 2 + 2048);
        self.headers(&plan, sender, &subject, style, rng, &mut out);

        let html = match rng.random_range(0..100) {
            0..=14 => Html::Alternative,
            15..=19 => Html::Only,
            _ => Html::None,
        };
        let attachments = match self.leak {
            Some(leak) => leak.attachment_count(rng),
            None if rng.random_bool(0.08) => {
                if rng.random_bool(0.8) {
                    1
                } else {
                    2
                }
            }
            None => 0,
        };
        let body = Body {
            plain: &plain,
            written: &written,
            quote: quote.as_ref(),
            language: plan.language,
            charset,
            html,
        };
        let attachments = self.parts(&plan, &body, attachments, rng, &mut out)?;
        Ok(Composed {
            plan,
            bytes: out,
            attachments,
        })
    }

    /// How a reply or forward includes its `parent`, whose thread's subject
    /// is `subject`; `None` for a reply that quotes nothing.
    fn quote(
        &self,
        parent: &Plan,
        link: Link,
        subject: &str,
        rng: &mut ChaCha8Rng,
    ) -> Option<Quoted<'a>> {
        let style = match (link, rng.random_range(0..100)) {
            (Link::Forward, _) => Quote::Forward,
            (Link::Reply, 0..=74) => Quote::Cited,
            (Link::Reply, 75..=89) => Quote::Outlook,
            (Link::Reply, _) => return None,
        };
        Some(Quoted {
            style,
            text: self.written(parent),
            author: self.population.person(parent.sender),
            recipient: self.population.person(parent.to[0]),
            date: Local::new(parent.timestamp, self.population.person(parent.sender).zone),
            subject: subject.to_string(),
        })
    }

    /// Writes what follows the headers of message `plan`: its text parts,
    /// and when it has `attachments`, a multipart/mixed of the text then them;
    /// returns the leak attachments written.
    fn parts(
        &self,
        plan: &Plan,
        body: &Body,
        attachments: usize,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<u8>,
    ) -> Result<Vec<(Kind, u64)>> {
        let mut written = Vec::new();
        let index = plan.index;
        let boundary = |kind: &str| {
            format!(
                "----=_{kind}_{index:x}.{:08x}",
                mix(self.seed ^ index) as u32
            )
        };
        if attachments > 0 {
            let mixed = boundary("Mixed");
            let _ = write!(
                string_out(out),
                "Content-Type: multipart/mixed;\n boundary=\"{mixed}\"\n\nThis is a multi-part message in MIME format.\n\n--{mixed}\n"
            );
            body.write(&boundary("Alt"), rng, out);
            for n in 0..attachments {
                out.extend_from_slice(format!("\n--{mixed}\n").as_bytes());
                match self.leak {
                    Some(leak) => written.push(self.leak_attachment(leak, plan, n, rng, out)?),
                    None => self.attachment(plan, body.charset, n, rng, out),
                }
            }
            out.extend_from_slice(format!("\n--{mixed}--\n").as_bytes());
        } else {
            body.write(&boundary("Alt"), rng, out);
        }
        Ok(written)
    }

    /// Writes attachment `n` of `plan` from `leak`, in base64; returns its
    /// kind and size.
    fn leak_attachment(
        &self,
        leak: &Leak,
        plan: &Plan,
        n: usize,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<u8>,
    ) -> Result<(Kind, u64)> {
        let context = self.context(plan, n, rng);
        let attachment = leak.attachment(&context, rng)?;
        let _ = write!(
            string_out(out),
            "Content-Type: {}; name=\"{}\"\nContent-Disposition: attachment; filename=\"{}\"\nContent-Transfer-Encoding: base64\n\n",
            attachment.kind.content_type(),
            attachment.name,
            attachment.name
        );
        base64(&attachment.bytes, out);
        Ok((attachment.kind, attachment.bytes.len() as u64))
    }

    /// Who wrote attachment `n` of `plan`, and when.
    fn context(&self, plan: &Plan, n: usize, rng: &mut ChaCha8Rng) -> Context<'a> {
        let person = |id: u32| self.population.person(id);
        let author = if rng.random_bool(0.8) {
            plan.sender
        } else {
            plan.to[rng.random_range(0..plan.to.len())]
        };
        let editor = if rng.random_bool(0.6) {
            author
        } else {
            plan.sender
        };
        Context {
            writer: self.writer(plan.language),
            language: plan.language,
            author: person(author).name(),
            editor: person(editor).name(),
            company: COMPANIES[author as usize % COMPANIES.len()],
            timestamp: plan.timestamp - rng.random_range(0..3 * 86_400),
            owners: plan
                .to
                .iter()
                .chain([&plan.sender])
                .map(|&id| person(id).last)
                .collect(),
            revision: rng.random_range(1..12),
            id: format!("fouille-synth {:x}/{}/{n}", self.seed, plan.index),
        }
    }

    /// What the sender of `plan` writes (without quotes), from the message's
    /// own text stream, so that a reply regenerates the same text to quote.
    fn written(&self, plan: &Plan) -> Vec<String> {
        let mut rng = self.planner.rng(plan.index, Stream::Text);
        let words = match plan.parent {
            Some((_, Link::Forward)) => plan.words.min(40),
            _ => plan.words,
        };
        self.writer(plan.language).message(
            self.population.person(plan.sender),
            self.population.person(plan.to[0]),
            plan.to.len(),
            words,
            &mut rng,
        )
    }

    /// The subject of the thread `root` starts.
    fn subject(&self, root: &Plan) -> String {
        let mut rng = self.planner.rng(root.index, Stream::Subject);
        self.writer(root.language).subject(root.timestamp, &mut rng)
    }

    fn writer(&self, language: Language) -> Writer<'a> {
        Writer::new(self.vocabulary.chain(language), language)
    }

    /// The Message-ID of message `index`, unique in the corpus.
    pub fn message_id(&self, index: u64, sender: u32) -> String {
        let address = &self.population.person(sender).address;
        let domain = address.rsplit('@').next().unwrap_or(address);
        format!(
            "<{:016x}.{index}@{domain}>",
            mix(self.seed.rotate_left(17) ^ index)
        )
    }

    fn headers(
        &self,
        plan: &Plan,
        sender: &Person,
        subject: &str,
        style: HeaderStyle,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<u8>,
    ) {
        out.extend_from_slice(b"Message-ID: ");
        out.extend_from_slice(self.message_id(plan.index, plan.sender).as_bytes());
        out.extend_from_slice(b"\nDate: ");
        let mut date = String::with_capacity(40);
        Local::new(plan.timestamp, sender.zone).rfc5322(rng.random_bool(0.2), &mut date);
        out.extend_from_slice(date.as_bytes());
        out.extend_from_slice(b"\nFrom: ");
        address(sender, style, out);
        out.push(b'\n');
        for (name, people) in [("To", &plan.to), ("Cc", &plan.cc)] {
            if people.is_empty() {
                continue;
            }
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            for (n, &person) in people.iter().enumerate() {
                if n > 0 {
                    out.extend_from_slice(b",\n ");
                }
                address(self.population.person(person), style, out);
            }
            out.push(b'\n');
        }
        out.extend_from_slice(b"Subject: ");
        header_text(subject, style.charset, style.base64, style.raw, out);
        out.push(b'\n');
        if let Some((parent, _)) = plan.parent {
            let parent_sender = self.planner.plan(parent).sender;
            out.extend_from_slice(b"In-Reply-To: ");
            out.extend_from_slice(self.message_id(parent, parent_sender).as_bytes());
            out.extend_from_slice(b"\nReferences:");
            for &ancestor in &plan.ancestors {
                let ancestor_sender = if ancestor == parent {
                    parent_sender
                } else {
                    self.planner.plan(ancestor).sender
                };
                out.extend_from_slice(b"\n ");
                out.extend_from_slice(self.message_id(ancestor, ancestor_sender).as_bytes());
            }
            out.push(b'\n');
        }
        out.extend_from_slice(b"MIME-Version: 1.0\n");
        if rng.random_bool(0.6) {
            out.extend_from_slice(MAILERS[rng.random_range(0..MAILERS.len())].as_bytes());
            out.push(b'\n');
        }
        if rng.random_bool(0.3) {
            out.extend_from_slice(match plan.language {
                Language::French => b"Content-Language: fr\n".as_slice(),
                Language::English => b"Content-Language: en-US\n".as_slice(),
            });
        }
    }

    fn attachment(
        &self,
        plan: &Plan,
        charset: Charset,
        n: usize,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<u8>,
    ) {
        let writer = self.writer(plan.language);
        let bytes = if rng.random_bool(0.15) {
            rng.random_range(10_000..50_000)
        } else {
            self.attachment_bytes.sample(rng).clamp(300.0, 10_000.0) as usize
        };
        let year = Local::utc(plan.timestamp).year;
        let table = rng.random_bool(0.5);
        let stems: &[&str] = match (plan.language, table) {
            (Language::French, true) => &["budget", "releve", "tableau", "export", "depenses"],
            (Language::French, false) => &["notes", "compte-rendu", "annexe", "projet", "courrier"],
            (Language::English, true) => {
                &["budget", "statement", "positions", "export", "expenses"]
            }
            (Language::English, false) => &["notes", "minutes", "memo", "draft", "summary"],
        };
        let stem = stems[rng.random_range(0..stems.len())];
        let (name, content_type, text) = if table {
            let owners: Vec<&str> = plan
                .to
                .iter()
                .chain([&plan.sender])
                .map(|&person| self.population.person(person).last)
                .collect();
            (
                format!("{stem}-{year}-{}.csv", n + 1),
                "text/csv",
                writer.table(year, &owners, bytes, rng),
            )
        } else {
            (
                format!("{stem}-{year}-{}.txt", n + 1),
                "text/plain",
                writer.document(bytes, rng),
            )
        };
        let charset = if charset == Charset::Latin1 {
            Charset::Latin1
        } else {
            Charset::Utf8
        };
        let _ = write!(
            string_out(out),
            "Content-Type: {content_type}; charset={}; name=\"{name}\"\nContent-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n",
            charset.name()
        );
        Transfer::Base64.write(&charset.encode(&text), out);
    }
}

/// The subject of a message of the thread `thread_subject` starts: a reply
/// or forward (`link`) prefixes it as its language's mail programs do.
fn message_subject(
    thread_subject: &str,
    link: Option<Link>,
    language: Language,
    rng: &mut ChaCha8Rng,
) -> String {
    match (link, language) {
        (None, _) => thread_subject.to_string(),
        (Some(Link::Reply), Language::French) if rng.random_bool(0.4) => {
            format!("RE: {thread_subject}")
        }
        (Some(Link::Reply), Language::English) if rng.random_bool(0.3) => {
            format!("RE: {thread_subject}")
        }
        (Some(Link::Reply), _) => format!("Re: {thread_subject}"),
        (Some(Link::Forward), Language::French) if rng.random_bool(0.7) => {
            format!("TR: {thread_subject}")
        }
        (Some(Link::Forward), _) if rng.random_bool(0.4) => format!("FW: {thread_subject}"),
        (Some(Link::Forward), _) => format!("Fwd: {thread_subject}"),
    }
}

/// The charset of a body whose plain text is `plain`: ASCII when it can be,
/// now and then ISO-8859-1 for French, else UTF-8.
fn body_charset(plain: &str, language: Language, rng: &mut ChaCha8Rng) -> Charset {
    if plain.is_ascii() {
        Charset::Ascii
    } else if language == Language::French && rng.random_bool(0.2) {
        Charset::Latin1
    } else {
        Charset::Utf8
    }
}

/// `"Jean Dupont" <jean.dupont@…>`, `Jean Dupont <…>` or an encoded name.
fn address(person: &Person, style: HeaderStyle, out: &mut Vec<u8>) {
    let name = person.name();
    if name.is_ascii() && person.quoted_name {
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.push(b'"');
    } else {
        header_text(&name, style.charset, style.base64, style.raw, out);
    }
    out.extend_from_slice(b" <");
    out.extend_from_slice(person.address.as_bytes());
    out.push(b'>');
}

/// A `fmt::Write` over a byte buffer.
fn string_out(out: &mut Vec<u8>) -> ByteWriter<'_> {
    ByteWriter(out)
}

struct ByteWriter<'o>(&'o mut Vec<u8>);

impl std::fmt::Write for ByteWriter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// SplitMix64: a well-mixed 64-bit value of `x`.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
