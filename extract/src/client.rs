//! The mail client that wrote a message, as its headers name it (X-Mailer,
//! User-Agent…), and a short key that groups the versions of one product
//! for the `client` facet: "Microsoft Outlook 16.0", "Apple Mail",
//! "Mozilla Thunderbird 52". Shared by the indexer (which fills the facet)
//! and the message view (which shows the client in its provenance).

/// Headers naming the client, most telling first; X-MimeOLE and
/// X-Newsreader only stand in when neither of the first two is there.
pub const CLIENT_HEADERS: [&str; 4] = ["X-Mailer", "User-Agent", "X-MimeOLE", "X-Newsreader"];

/// Longest client string kept, in characters: real ones stay under 150, a
/// longer value is damage or an attack on the display.
const MAX_CLIENT_CHARS: usize = 200;
/// Longest facet key, in characters.
const MAX_KEY_CHARS: usize = 80;
/// Words of a product name kept in the key: beyond that it is a sentence.
const MAX_NAME_WORDS: usize = 6;

/// Gecko-based clients, whose User-Agent names the browser engine first and
/// the product last (`Mozilla/5.0 (…) Gecko/20100101 Thunderbird/52.9.1`),
/// with the name the key gives them.
const GECKO_PRODUCTS: [(&str, &str); 5] = [
    ("Thunderbird/", "Mozilla Thunderbird"),
    ("Icedove/", "Mozilla Thunderbird"),
    ("Betterbird/", "Betterbird"),
    ("SeaMonkey/", "SeaMonkey"),
    ("Postbox/", "Postbox"),
];

/// The client that wrote `message`, cleaned and bounded, if a header names
/// one.
pub fn sending_client(message: &mail_parser::Message) -> Option<String> {
    CLIENT_HEADERS.iter().find_map(|name| {
        let value = message.header(*name).and_then(|value| value.as_text());
        let value = value.or_else(|| message.header_raw(*name))?;
        clean_client(value)
    })
}

/// True for characters that reorder or hide text (bidi controls, zero-width
/// marks): a client name has no use for them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// `raw` on one line, without control or bidi characters, at most
/// [`MAX_CLIENT_CHARS`] characters; `None` when nothing is left.
pub fn clean_client(raw: &str) -> Option<String> {
    let spaced: String = raw
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_CLIENT_CHARS * 4)
        .collect();
    let clean: String = spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_CLIENT_CHARS)
        .collect();
    let clean = clean.trim().to_string();
    (!clean.is_empty()).then_some(clean)
}

/// The facet key of a client string: its product name and major version,
/// build numbers and comments left out, so one product's builds count
/// together. `None` when nothing names a product.
pub fn client_key(client: &str) -> Option<String> {
    let client = clean_client(client)?;
    let key = gecko_key(&client).unwrap_or_else(|| generic_key(&client));
    let key: String = key.chars().take(MAX_KEY_CHARS).collect();
    let key = key.trim().to_string();
    (!key.is_empty()).then_some(key)
}

/// `Mozilla/5.0 (…) Gecko/20100101 Thunderbird/52.9.1` as
/// "Mozilla Thunderbird 52": these products bump the major version often,
/// so the major alone groups them.
fn gecko_key(client: &str) -> Option<String> {
    if !client.starts_with("Mozilla/") && !client.contains("Gecko/") {
        return None;
    }
    GECKO_PRODUCTS.iter().find_map(|(token, name)| {
        let at = client.find(token)?;
        let version = &client[at + token.len()..];
        let major: String = version.chars().take_while(char::is_ascii_digit).collect();
        Some(if major.is_empty() {
            name.to_string()
        } else {
            format!("{name} {major}")
        })
    })
}

/// `client` without its comments: what stands in parentheses or square
/// brackets (`Apple Mail (2.3445.104.11)`, `Mozilla 4.7 [en]`). An
/// unclosed bracket hides the rest.
fn without_comments(client: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(client.len());
    for c in client.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The leading `major.minor` of a version token (`6.00.2900.5512` →
/// `6.00`, `V6.00.2900` → `6.00`, `3.28.5-0ubuntu` → `3.28`), or `None`
/// when the token is no version.
fn short_version(token: &str) -> Option<String> {
    let token = token
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(token);
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let numeric: String = token
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<&str> = numeric.split('.').filter(|part| !part.is_empty()).collect();
    Some(parts.iter().take(2).copied().collect::<Vec<_>>().join("."))
}

/// Words that sit between a product's name and its version.
fn is_filler(word: &str) -> bool {
    ["build", "version", "release", "produced", "by"]
        .iter()
        .any(|filler| word.eq_ignore_ascii_case(filler))
}

/// Name words up to the first version, then that version shortened:
/// `Microsoft Outlook, Build 10.0.6626` → "Microsoft Outlook 10.0",
/// `Roundcube Webmail/1.4.11` → "Roundcube Webmail 1.4".
fn generic_key(client: &str) -> String {
    let plain = without_comments(client).replace('/', " ");
    let mut name: Vec<&str> = Vec::new();
    let mut version = None;
    for word in plain.split_whitespace() {
        let word = word.trim_matches([',', ';', ':', '-']);
        if word.is_empty() {
            continue;
        }
        if let Some(short) = short_version(word) {
            version = Some(short);
            break;
        }
        if is_filler(word) || name.len() >= MAX_NAME_WORDS {
            continue;
        }
        name.push(word);
    }
    // `Mozilla Thunderbird 1.0.7 (Windows/20050923)`, `Thunderbird 2.0.0.23`:
    // the same product as the Gecko User-Agents, keyed the same way.
    let joined = name.join(" ");
    if let Some((_, product)) = GECKO_PRODUCTS.iter().find(|(token, product)| {
        joined.eq_ignore_ascii_case(product)
            || joined.eq_ignore_ascii_case(&token[..token.len() - 1])
    }) {
        let major = version
            .as_deref()
            .and_then(|v| v.split('.').next())
            .unwrap_or_default();
        return format!("{product} {major}").trim_end().to_string();
    }
    match (name.is_empty(), version) {
        (false, Some(version)) if !version.is_empty() => format!("{joined} {version}"),
        (false, _) => joined,
        // Nothing but a number: the value as written says more than a key.
        (true, _) => client.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_group_builds_of_one_product() {
        let cases = [
            ("Microsoft Outlook 16.0", "Microsoft Outlook 16.0"),
            (
                "Microsoft Office Outlook 12.0",
                "Microsoft Office Outlook 12.0",
            ),
            (
                "Microsoft Outlook Express 6.00.2900.5512",
                "Microsoft Outlook Express 6.00",
            ),
            (
                "Microsoft Outlook, Build 10.0.6626",
                "Microsoft Outlook 10.0",
            ),
            ("Apple Mail (2.3445.104.11)", "Apple Mail"),
            ("iPhone Mail (15E216)", "iPhone Mail"),
            (
                "Mozilla/5.0 (Windows NT 10.0; WOW64; rv:52.0) Gecko/20100101 Thunderbird/52.9.1",
                "Mozilla Thunderbird 52",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Icedove/60.5.1",
                "Mozilla Thunderbird 60",
            ),
            ("Mozilla 4.7 [en] (Win98; I)", "Mozilla 4.7"),
            (
                "Thunderbird 2.0.0.23 (Windows/20090812)",
                "Mozilla Thunderbird 2",
            ),
            (
                "Mozilla Thunderbird 1.0.7 (Windows/20050923)",
                "Mozilla Thunderbird 1",
            ),
            ("Roundcube Webmail/1.4.11", "Roundcube Webmail 1.4"),
            ("Mutt/1.5.21 (2010-09-15)", "Mutt 1.5"),
            ("Evolution 3.28.5-0ubuntu0.18.04.1", "Evolution 3.28"),
            (
                "Zimbra 8.8.15_GA_3869 (ZimbraWebClient - FF78)",
                "Zimbra 8.8",
            ),
            (
                "Lotus Notes Release 8.5.3 September 15, 2011",
                "Lotus Notes 8.5",
            ),
            (
                "Produced By Microsoft MimeOLE V6.00.2900.5512",
                "Microsoft MimeOLE 6.00",
            ),
            (
                "Microsoft-MacOutlook/16.16.0.180812",
                "Microsoft-MacOutlook 16.16",
            ),
            (
                "Sylpheed 3.7.0 (GTK+ 2.24.31; x86_64-pc-linux-gnu)",
                "Sylpheed 3.7",
            ),
            ("Gnus/5.13 (Gnus v5.13) Emacs/24.5 (gnu/linux)", "Gnus 5.13"),
        ];
        for (client, key) in cases {
            assert_eq!(client_key(client).as_deref(), Some(key), "{client}");
        }
    }

    #[test]
    fn odd_values_stay_bounded_and_visible() {
        assert_eq!(client_key(""), None);
        assert_eq!(client_key(" \t\u{202e} "), None);
        assert_eq!(client_key("1.0"), Some("1.0".to_string()));
        assert_eq!(
            clean_client("Out\u{202e}look\r\n 16.0\u{0}").as_deref(),
            Some("Outlook 16.0")
        );
        let long = "x".repeat(100_000);
        assert_eq!(clean_client(&long).map(|c| c.chars().count()), Some(200));
        assert_eq!(client_key(&long).map(|c| c.chars().count()), Some(80));
        let words = "a ".repeat(50_000);
        assert_eq!(client_key(&words).as_deref(), Some("a a a a a a"));
        assert_eq!(client_key("Mail ((((("), Some("Mail".to_string()));
    }

    #[test]
    fn the_first_header_naming_a_client_wins() {
        let raw = b"X-Newsreader: Forte Agent 1.8\nUser-Agent: Mutt/1.5.21\nSubject: x\n\nbody\n";
        let message = mail_parser::MessageParser::default()
            .parse(&raw[..])
            .expect("parses");
        assert_eq!(sending_client(&message).as_deref(), Some("Mutt/1.5.21"));
        let raw = b"X-Newsreader: Forte Agent 1.8\nSubject: x\n\nbody\n";
        let message = mail_parser::MessageParser::default()
            .parse(&raw[..])
            .expect("parses");
        assert_eq!(sending_client(&message).as_deref(), Some("Forte Agent 1.8"));
        let raw = b"Subject: x\n\nbody\n";
        let message = mail_parser::MessageParser::default()
            .parse(&raw[..])
            .expect("parses");
        assert_eq!(sending_client(&message), None);
    }
}
