//! The text of a message as MIME parts: the plain-text body, wrapped, that
//! quotes or includes its parent, the HTML version of the same text, and
//! the transfer encodings they are written in. Apart from `message.rs` so
//! that it keeps to the message's headers, structure and attachments.

use std::fmt::Write as _;

use fouille_extract::sanitize::escape_html;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::string_out;
use crate::calendar::Local;
use crate::encoding::{Charset, Transfer};
use crate::people::Person;
use crate::text::wrap;
use crate::vocabulary::Language;

/// Width plain-text bodies are wrapped at.
const WIDTH: usize = 72;

/// How a message's HTML is arranged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Html {
    /// Plain text only.
    None,
    /// multipart/alternative: text/plain and text/html.
    Alternative,
    /// text/html only.
    Only,
}

/// How a reply or forward includes its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    /// An attribution line and `> ` quoted text.
    Cited,
    /// Outlook's "Original Message" header block and the text as is.
    Outlook,
    /// A forwarded-message header block and the text as is.
    Forward,
}

/// The parent's text, as a reply or forward includes it.
pub(super) struct Quoted<'p> {
    pub(super) style: Quote,
    pub(super) text: Vec<String>,
    pub(super) author: &'p Person,
    pub(super) recipient: &'p Person,
    pub(super) date: Local,
    pub(super) subject: String,
}

impl Quoted<'_> {
    /// The attribution line or header block before the parent's text.
    fn introduction(&self, language: Language) -> String {
        let when = self.date.attribution_date(language);
        let (author, address) = (self.author.name(), &self.author.address);
        let recipient = self.recipient.name();
        let subject = &self.subject;
        match (self.style, language) {
            (Quote::Cited, Language::French) => {
                format!("Le {when}, {author} <{address}> a écrit :")
            }
            (Quote::Cited, Language::English) => format!("On {when}, {author} <{address}> wrote:"),
            (Quote::Outlook, Language::French) => format!(
                "-----Message d'origine-----\nDe : {author} [mailto:{address}]\nEnvoyé : {when}\nÀ : {recipient}\nObjet : {subject}"
            ),
            (Quote::Outlook, Language::English) => format!(
                "-----Original Message-----\nFrom: {author} [mailto:{address}]\nSent: {when}\nTo: {recipient}\nSubject: {subject}"
            ),
            (Quote::Forward, Language::French) => format!(
                "-------- Message transféré --------\nSujet : {subject}\nDate : {when}\nDe : {author} <{address}>\nPour : {recipient}"
            ),
            (Quote::Forward, Language::English) => format!(
                "---------- Forwarded message ---------\nFrom: {author} <{address}>\nDate: {when}\nSubject: {subject}\nTo: {recipient}"
            ),
        }
    }
}

pub(super) fn plain_text(written: &[String], quote: Option<&Quoted>, language: Language) -> String {
    let size: usize = written.iter().map(String::len).sum();
    let mut text = String::with_capacity(size * 2 + 256);
    for (n, paragraph) in written.iter().enumerate() {
        if n > 0 {
            text.push('\n');
        }
        wrap(paragraph, WIDTH, "", &mut text);
    }
    if let Some(quote) = quote {
        text.push('\n');
        text.push_str(&quote.introduction(language));
        text.push('\n');
        let prefix = if quote.style == Quote::Cited {
            "> "
        } else {
            ""
        };
        if prefix.is_empty() {
            text.push('\n');
        }
        for (n, paragraph) in quote.text.iter().enumerate() {
            if n > 0 {
                text.push_str(prefix.trim_end());
                text.push('\n');
            }
            wrap(paragraph, WIDTH - prefix.len(), prefix, &mut text);
        }
    }
    text
}

fn html_text(
    written: &[String],
    quote: Option<&Quoted>,
    language: Language,
    charset: Charset,
) -> String {
    let size: usize = written.iter().map(String::len).sum();
    let mut html = String::with_capacity(size * 3 + 512);
    let _ = write!(
        html,
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset={}\">\n</head>\n<body>\n<div>\n",
        charset.name()
    );
    let paragraphs = |text: &[String], html: &mut String| {
        let mut escaped = String::with_capacity(512);
        for paragraph in text {
            escaped.clear();
            escape_html(paragraph, &mut escaped);
            html.push_str("<p>");
            // Short lines: 8-bit bodies must stay under 998 bytes a line.
            wrap(&escaped.replace('\n', "<br>\n"), 76, "", html);
            html.pop();
            html.push_str("</p>\n");
        }
    };
    paragraphs(written, &mut html);
    if let Some(quote) = quote {
        html.push_str("<div class=\"quote\">\n");
        let mut introduction = String::new();
        escape_html(&quote.introduction(language), &mut introduction);
        html.push_str(&introduction.replace('\n', "<br>\n"));
        html.push_str("<br>\n<blockquote type=\"cite\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\">\n");
        paragraphs(&quote.text, &mut html);
        html.push_str("</blockquote>\n</div>\n");
    }
    html.push_str("</div>\n</body>\n</html>\n");
    html
}

/// The text of a message, ready to be written as MIME parts.
pub(super) struct Body<'b> {
    pub(super) plain: &'b str,
    pub(super) written: &'b [String],
    pub(super) quote: Option<&'b Quoted<'b>>,
    pub(super) language: Language,
    pub(super) charset: Charset,
    pub(super) html: Html,
}

impl Body<'_> {
    /// Writes the text part(s): plain, HTML, or both as alternatives.
    pub(super) fn write(&self, boundary: &str, rng: &mut ChaCha8Rng, out: &mut Vec<u8>) {
        match self.html {
            Html::None => self.plain_part(rng, out),
            Html::Only => self.html_part(rng, out),
            Html::Alternative => {
                let _ = write!(
                    string_out(out),
                    "Content-Type: multipart/alternative;\n boundary=\"{boundary}\"\n\n--{boundary}\n"
                );
                self.plain_part(rng, out);
                out.extend_from_slice(format!("\n--{boundary}\n").as_bytes());
                self.html_part(rng, out);
                out.extend_from_slice(format!("\n--{boundary}--\n").as_bytes());
            }
        }
    }

    fn plain_part(&self, rng: &mut ChaCha8Rng, out: &mut Vec<u8>) {
        let transfer = text_transfer(self.charset, rng);
        part_headers("text/plain", self.charset, transfer, out);
        transfer.write(&self.charset.encode(self.plain), out);
    }

    fn html_part(&self, rng: &mut ChaCha8Rng, out: &mut Vec<u8>) {
        let html = html_text(self.written, self.quote, self.language, self.charset);
        let transfer = match (self.charset, rng.random_range(0..100)) {
            (_, 0..=69) => Transfer::QuotedPrintable,
            (_, 70..=84) => Transfer::Base64,
            (Charset::Ascii, _) => Transfer::SevenBit,
            _ => Transfer::EightBit,
        };
        part_headers("text/html", self.charset, transfer, out);
        transfer.write(&self.charset.encode(&html), out);
    }
}

fn text_transfer(charset: Charset, rng: &mut ChaCha8Rng) -> Transfer {
    match (charset, rng.random_range(0..100)) {
        (Charset::Ascii, 0..=89) => Transfer::SevenBit,
        (Charset::Ascii, _) => Transfer::QuotedPrintable,
        (_, 0..=54) => Transfer::EightBit,
        (_, 55..=94) => Transfer::QuotedPrintable,
        _ => Transfer::Base64,
    }
}

fn part_headers(content_type: &str, charset: Charset, transfer: Transfer, out: &mut Vec<u8>) {
    let _ = write!(
        string_out(out),
        "Content-Type: {content_type}; charset=\"{}\"\nContent-Transfer-Encoding: {}\n\n",
        charset.name(),
        transfer.name()
    );
}
