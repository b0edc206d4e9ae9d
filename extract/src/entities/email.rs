//! Email addresses mentioned in a text, lowercased.
//!
//! Every `@` (found with memchr) is widened to the address around it: a
//! local part of letters, digits and `._%+-'` on its left (from the last
//! `=` or `%XX`, which glue an address into a link's parameters), a host
//! name on its right. `mailto:` links count (the `:` ends the local part).
//! Not addresses: a host without a dot or with a made-up top-level domain
//! (`John/HOU/ECT@ECT`, `a@b.c`), local parts over 64 bytes (junk), a path
//! before the `@` (`dir/user@…`), the `@` of a link (`http://user@host`,
//! `https://host/?to=a@b.fr`), whose domain the link scanner takes, and
//! message ids in quoted headers (`Message-ID: <CAxx…@mail.gmail.com>`).

use memchr::memchr_iter;

use super::Bag;
use super::boundary::char_before;
use super::domain::{host_end, is_domain, trim_host};

/// RFC 5321's limit on a local part.
const MAX_LOCAL_BYTES: usize = 64;

/// How far back an address looks for the `://` of a link it would be part
/// of, or for the header name starting its line; a link or a line longer
/// than this before its `@` is not worth the work.
const LOOKBACK_BYTES: usize = 256;

/// Headers of quoted or forwarded mail whose `…@…` are message ids, not
/// addresses, lowercase.
const ID_HEADERS: [&[u8]; 3] = [b"message-id:", b"in-reply-to:", b"references:"];

/// Adds the email addresses in `text` to `out`.
pub(super) fn find(text: &str, out: &mut Bag) {
    let bytes = text.as_bytes();
    for at in memchr_iter(b'@', bytes) {
        let Some((start, end)) = address_around(text, at) else {
            continue;
        };
        if inside_link(bytes, start) || in_id_header(bytes, start) {
            continue;
        }
        out.insert(text[start..end].to_lowercase());
        if out.is_full() {
            return;
        }
    }
}

/// The lowercased address typed alone (`Jean@Example.FR`,
/// `mailto:jean@example.fr`).
pub(super) fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    let text = match text.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &text[7..],
        _ => text,
    };
    let at = text.find('@')?;
    let (start, end) = address_around(text, at)?;
    (start == 0 && end == text.len()).then(|| text.to_lowercase())
}

/// The byte range of the address whose `@` is at `at`.
fn address_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let start = local_start(text, at)?;
    let end = at + 1 + trim_host(text.get(at + 1..host_end(text, at + 1))?).len();
    let local = &text[start..at];
    let valid_local = !local.is_empty()
        && !local.ends_with(['.', '\''])
        && !local.contains("..")
        && char_before(text, start) != Some('/');
    (valid_local && is_domain(&text[at + 1..end])).then_some((start, end))
}

/// Where the local part before the `@` at `at` starts, without the quotes,
/// dots and dashes that lead into it (`'jean@…'`, `--jean@…`); `None`
/// when it runs over [`MAX_LOCAL_BYTES`], or the run of address
/// characters before it over [`LOOKBACK_BYTES`] (junk).
fn local_start(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    let mut start = at;
    for (offset, c) in before.char_indices().rev() {
        if !is_local_char(c) {
            break;
        }
        if at - offset > LOOKBACK_BYTES {
            return None;
        }
        start = offset;
    }
    let local = &text[start..at];
    let local = &local[after_encoded_separator(local.as_bytes())..];
    let trimmed = local.trim_start_matches(['.', '-', '\'', '+', '%']);
    (trimmed.len() <= MAX_LOCAL_BYTES).then_some(at - trimmed.len())
}

/// Where an address glued to what precedes it by `=` or a percent-encoded
/// character starts: the parameter of a link (`email=jean@…`,
/// `%3Cjean@…`), X.500 names (`…CN=JSMITH@ENRON.com`).
fn after_encoded_separator(local: &[u8]) -> usize {
    let after_equals = memchr::memrchr(b'=', local).map_or(0, |equals| equals + 1);
    let after_percent = local
        .windows(3)
        .rposition(|window| {
            window[0] == b'%' && window[1].is_ascii_hexdigit() && window[2].is_ascii_hexdigit()
        })
        .map_or(0, |percent| percent + 3);
    after_equals.max(after_percent)
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '=' | '\'')
}

/// True when the address starting at `start` is part of a link: the word
/// it stands in holds a `://` before it.
fn inside_link(bytes: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(LOOKBACK_BYTES);
    let before = &bytes[from..start];
    let word = before
        .iter()
        .rposition(|byte| byte.is_ascii_whitespace() || matches!(byte, b'<' | b'"' | b'('))
        .map_or(before, |space| &before[space + 1..]);
    memchr::memmem::find(word, b"://").is_some()
}

/// True when the line of the address starting at `start` is a message-id
/// header (after any `>` of quoting).
fn in_id_header(bytes: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(LOOKBACK_BYTES);
    let before = &bytes[from..start];
    let line = memchr::memrchr(b'\n', before).map_or(before, |newline| &before[newline + 1..]);
    let quote_len = line
        .iter()
        .take_while(|byte| byte.is_ascii_whitespace() || **byte == b'>')
        .count();
    let line = &line[quote_len..];
    ID_HEADERS.iter().any(|header| {
        line.get(..header.len())
            .is_some_and(|name| name.eq_ignore_ascii_case(header))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emails(text: &str) -> Vec<String> {
        let mut bag = Bag::default();
        find(text, &mut bag);
        bag.into_vec()
    }

    #[test]
    fn finds_addresses_in_french_and_english_mail() {
        assert_eq!(
            emails("Écrivez à Jean.Dupont@Exemple.FR ou à marie+presse@le-journal.fr."),
            vec!["jean.dupont@exemple.fr", "marie+presse@le-journal.fr"]
        );
        assert_eq!(
            emails("From: \"Jeff\" <jeff.dasovich@enron.com>\nTo: 'kay.mann@enron.com'"),
            vec!["jeff.dasovich@enron.com", "kay.mann@enron.com"]
        );
        assert_eq!(
            emails("IMCEANOTES-Jeff+20Dasovich+40ENRON@ENRON.com"),
            vec!["imceanotes-jeff+20dasovich+40enron@enron.com"]
        );
        assert_eq!(
            emails("contact: o'brien@example.ie"),
            vec!["o'brien@example.ie"]
        );
        assert_eq!(
            emails("old routing: user%host.bitnet@relay.example.fr"),
            vec!["user%host.bitnet@relay.example.fr"]
        );
        assert_eq!(emails("(info@exemple-été.fr)"), vec!["info@exemple-été.fr"]);
    }

    #[test]
    fn mailto_links_are_addresses() {
        assert_eq!(
            emails("<a href=\"mailto:Presse@Example.com?subject=x\">"),
            vec!["presse@example.com"]
        );
    }

    #[test]
    fn strips_punctuation_around() {
        assert_eq!(
            emails("jean@example.fr, paul@example.fr; (luc@example.fr). --anne@example.fr--"),
            vec![
                "anne@example.fr",
                "jean@example.fr",
                "luc@example.fr",
                "paul@example.fr"
            ]
        );
    }

    #[test]
    fn rejects_broken_addresses() {
        assert!(emails("Sara Shackleton/HOU/ECT@ECT").is_empty());
        assert!(emails("Kay Mann/Corp/Enron@ENRON").is_empty());
        assert!(emails("user@localhost a@b.c x@1.2.3.4 @example.com jean@ jean@.fr").is_empty());
        assert!(emails("jean..dupont@example.fr jean.@example.fr 'jean'@example.fr").is_empty());
        assert!(emails("@@@ a@@b.fr").is_empty());
        assert!(emails("dir/user@example.fr").is_empty());
        assert!(emails(&format!("{}@example.fr", "a".repeat(65))).is_empty());
    }

    #[test]
    fn addresses_inside_links_are_not_mentions() {
        assert!(emails("http://user:secret@example.com/").is_empty());
        assert!(emails("https://example.com/unsubscribe?to=jean@example.fr").is_empty());
        assert_eq!(
            emails("https://example.com/ jean@example.fr"),
            vec!["jean@example.fr"]
        );
    }

    #[test]
    fn parameters_and_encodings_are_cut_off() {
        assert_eq!(
            emails("track?email=Andy.Zipper@enron.com&cc=x%3Cjean@example.fr%3E"),
            vec!["andy.zipper@enron.com", "jean@example.fr"]
        );
        assert_eq!(
            emails("IMCEAEX-_O=ENRON_OU=NA_CN=RECIPIENTS_CN=JSMITH@ENRON.com"),
            vec!["jsmith@enron.com"]
        );
        let long_link = format!("?{}%26email%3Dcaml-list@inria.fr", "ref%3D1".repeat(20));
        assert_eq!(emails(&long_link), vec!["caml-list@inria.fr"]);
    }

    #[test]
    fn message_ids_are_not_addresses() {
        let quoted = "> Message-ID: <CAA43=+gk@mail.gmail.com>\n\
            > In-Reply-To: <1234.abcd@example.fr>\nreferences: <x.y@example.org>\n\
            > From: Jean <jean@example.fr>";
        assert_eq!(emails(quoted), vec!["jean@example.fr"]);
    }

    #[test]
    fn normalizes_a_typed_address() {
        assert_eq!(
            normalize(" Jean@Example.FR "),
            Some("jean@example.fr".into())
        );
        assert_eq!(
            normalize("mailto:Jean@Example.FR"),
            Some("jean@example.fr".into())
        );
        assert_eq!(normalize("jean@example"), None);
        assert_eq!(normalize("jean dupont@example.fr"), None);
        assert_eq!(normalize("jean@example.fr>"), None);
        assert_eq!(normalize("example.fr"), None);
        assert_eq!(normalize(""), None);
    }
}
