//! Telling an email's own words from the text it quotes, by the marks mail
//! clients leave, in French and English:
//!
//! - runs of `>`-quoted lines;
//! - an attribution or separator line, and everything after it: "Le …,
//!   X a écrit :", "On …, X wrote:", "-------- Message d'origine --------",
//!   "-------- Message transféré --------", "-----Original Message-----",
//!   "Begin forwarded message:", Lotus Notes' "----- Forwarded by …";
//! - a header block without `>`, as Outlook writes one above the message it
//!   answers: "De : … Envoyé : … À : … Objet :" or "From: … Sent: … To: …
//!   Subject:", and everything after it.
//!
//! An attribution followed by `>` lines with answers between them (a reply
//! written inline) quotes only the `>` lines: the answers are the
//! message's own. Paragraphs repeated from an earlier message of the same
//! thread need the thread, and are the indexer's to find.
//!
//! Ranges are byte ranges of the body, whole lines, sorted and disjoint.

use std::ops::Range;

/// Lines after a `From:` line within which the rest of a header block must
/// appear.
const HEADER_BLOCK_LINES: usize = 8;
/// Quoted ranges kept per body: a hostile body alternating quoted and own
/// lines would otherwise store hundreds of thousands. Past this, the rest
/// of the body counts as quoted.
const MAX_RANGES: usize = 4_096;

/// One line of the body and where it lies.
struct Line<'a> {
    text: &'a str,
    start: usize,
    /// Where the next line starts (after the line break).
    end: usize,
}

fn lines(body: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in body.split_inclusive('\n') {
        let end = start + piece.len();
        out.push(Line {
            text: piece.trim_end_matches(['\n', '\r']),
            start,
            end,
        });
        start = end;
    }
    out
}

/// The byte ranges of `body` that quote other messages.
pub fn quoted_ranges(body: &str) -> Vec<Range<usize>> {
    let lines = lines(body);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut push = |range: Range<usize>| match ranges.last_mut() {
        Some(last) if last.end == range.start => last.end = range.end,
        _ => ranges.push(range),
    };
    let mut at = 0;
    while at < lines.len() {
        let line = &lines[at];
        if is_quoted_line(line.text) {
            push(line.start..line.end);
            at += 1;
            continue;
        }
        // Most lines open with none of the marks: a byte says so without
        // normalising the line.
        let first = line.text.trim_start().bytes().next().unwrap_or(b' ');
        if !b"LlOoBbDdFf-_".contains(&first) {
            at += 1;
            continue;
        }
        if let Some(taken) = attribution_lines(&lines, at) {
            if answers_inline(&lines[at + taken..]) {
                for line in &lines[at..at + taken] {
                    push(line.start..line.end);
                }
                at += taken;
                continue;
            }
            push(line.start..body.len());
            break;
        }
        if is_separator(line.text) || starts_header_block(&lines, at) {
            push(line.start..body.len());
            break;
        }
        at += 1;
    }
    if ranges.len() > MAX_RANGES {
        let rest = ranges[MAX_RANGES - 1].start;
        ranges.truncate(MAX_RANGES - 1);
        ranges.push(rest..body.len());
    }
    ranges
}

/// The body cut into its own text (`false`) and quoted text (`true`), in
/// order; concatenated, the parts give `body` back.
pub fn split_parts<'a>(body: &'a str, ranges: &[Range<usize>]) -> Vec<(bool, &'a str)> {
    let mut parts = Vec::new();
    let mut at = 0;
    for range in ranges {
        let (Some(own), Some(quoted)) = (body.get(at..range.start), body.get(range.clone())) else {
            // Ranges not made for this body: all of it is the message's own.
            return vec![(false, body)];
        };
        if !own.is_empty() {
            parts.push((false, own));
        }
        if !quoted.is_empty() {
            parts.push((true, quoted));
        }
        at = range.end;
    }
    if let Some(rest) = body.get(at..)
        && !rest.is_empty()
    {
        parts.push((false, rest));
    }
    parts
}

/// The own text and the quoted text of `body`, each part on its own lines.
pub fn own_and_quoted(body: &str, ranges: &[Range<usize>]) -> (String, String) {
    let mut own = String::with_capacity(body.len());
    let mut quoted = String::new();
    for (is_quoted, part) in split_parts(body, ranges) {
        let into = if is_quoted { &mut quoted } else { &mut own };
        into.push_str(part);
        if !part.ends_with('\n') {
            into.push('\n');
        }
    }
    (own, quoted)
}

fn is_quoted_line(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// Folds what clients vary in: case, no-break and thin spaces.
fn normalize(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\t' => ' ',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many lines (1 or 2, clients wrap long attributions) an attribution
/// starting at `at` takes, if one does.
fn attribution_lines(lines: &[Line], at: usize) -> Option<usize> {
    let first = normalize(lines[at].text);
    if first.is_empty() || first.len() > 400 {
        return None;
    }
    if is_forward_opening(&first) || is_attribution(&first) {
        return Some(1);
    }
    // Clients wrap after the date, never before it.
    let starts = (first.starts_with("le ") || first.starts_with("on "))
        && first.bytes().any(|byte| byte.is_ascii_digit());
    let next = lines.get(at + 1).map(|line| normalize(line.text))?;
    (starts && is_attribution(&format!("{first} {next}"))).then_some(2)
}

/// "Le 20/04/2017 à 10:00, X a écrit :", "On Mon, Apr 24, 2017 at 9:00 AM,
/// X <x@y> wrote:". Clients always write the date (a digit) and put a
/// comma before the name: "Le notaire m'a écrit :" or "On Friday, Ken
/// wrote:" in a message's own words are not attributions.
fn is_attribution(line: &str) -> bool {
    let line = line.trim_end_matches(' ');
    let shaped = (line.starts_with("le ")
        && (line.ends_with("a écrit :") || line.ends_with("a écrit:")))
        || (line.starts_with("on ") && line.ends_with("wrote:"));
    shaped && line.contains(',') && line.bytes().any(|byte| byte.is_ascii_digit())
}

fn is_forward_opening(line: &str) -> bool {
    let line = line.trim_end_matches(' ');
    line == "begin forwarded message:" || line == "début du message réexpédié :"
}

/// Separator lines of Thunderbird, Outlook, Gmail and Lotus Notes.
fn is_separator(line: &str) -> bool {
    let line = normalize(line);
    if !line.starts_with("---") && !line.starts_with("___") {
        return false;
    }
    let words = line.trim_matches(['-', '_', ' ']);
    if words.is_empty() {
        // A bare rule: Outlook's line before a header block, not a quote by
        // itself (a signature may open with one).
        return false;
    }
    [
        "original message",
        "message d'origine",
        "message d’origine",
        "message original",
        "forwarded message",
        "message transféré",
        "message transfere",
        "forwarded by",
        "transféré par",
        "mail original",
        "mail d'origine",
        "mail d’origine",
    ]
    .iter()
    .any(|marker| words.starts_with(marker))
}

/// A header field name of a header block, normalised, if `line` opens with
/// one: `from`, `sent`, `to`, `subject`.
fn header_name(line: &str) -> Option<&'static str> {
    let line = normalize(line);
    let (name, value) = line.split_once(':')?;
    Some(match name.trim_end() {
        // Lotus Notes: "From: Jeff Dasovich on 05/01/2001 10:23 AM", then
        // "Sent by:" and no date line.
        "from" | "de" if value.contains(" on ") && value.bytes().any(|b| b.is_ascii_digit()) => {
            "from-dated"
        }
        "from" | "de" => "from",
        "sent" | "envoyé" | "date" | "envoye" | "sent by" => "sent",
        "to" | "à" | "a" | "pour" => "to",
        "subject" | "objet" | "sujet" => "subject",
        _ => return None,
    })
}

/// Whether a header block without `>` starts at `at`: a `From:` line with
/// a date, a recipient and a subject line among the next few. The rule
/// line Outlook draws above it goes with it.
fn starts_header_block(lines: &[Line], at: usize) -> bool {
    let start = if is_rule(lines[at].text) { at + 1 } else { at };
    let mut seen = [false; 3];
    match lines.get(start).and_then(|line| header_name(line.text)) {
        Some("from") => {}
        Some("from-dated") => seen[0] = true,
        _ => return false,
    }
    for line in lines.iter().skip(start + 1).take(HEADER_BLOCK_LINES) {
        match header_name(line.text) {
            Some("sent") => seen[0] = true,
            Some("to") => seen[1] = true,
            Some("subject") => seen[2] = true,
            _ => {}
        }
    }
    seen.iter().all(|&seen| seen)
}

fn is_rule(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 10 && line.chars().all(|c| c == '_' || c == '-')
}

/// Whether the text after an attribution is a reply written inline: `>`
/// lines come first (after blank lines), and own lines follow some of them.
fn answers_inline(rest: &[Line]) -> bool {
    let mut lines = rest.iter().filter(|line| !line.text.trim().is_empty());
    if !lines.next().is_some_and(|line| is_quoted_line(line.text)) {
        return false;
    }
    lines.any(|line| !is_quoted_line(line.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quoted text of `body`, as one string.
    fn quoted(body: &str) -> String {
        own_and_quoted(body, &quoted_ranges(body)).1
    }

    fn own(body: &str) -> String {
        own_and_quoted(body, &quoted_ranges(body)).0
    }

    #[test]
    fn quoted_lines_are_quoted_wherever_they_are() {
        let body = "Oui.\n> Tu viens ?\n>> Qui ?\nJe viens.\n";
        assert_eq!(quoted(body), "> Tu viens ?\n>> Qui ?\n");
        assert_eq!(own(body), "Oui.\nJe viens.\n");
    }

    #[test]
    fn french_and_english_attributions_quote_the_rest() {
        for body in [
            "Merci.\n\nLe 20/04/2017 à 10:00, Jean Dupont a écrit :\nBonjour\nJean\n",
            "Merci.\n\nLe 20/04/2017 à 10:00, Jean Dupont a\u{a0}écrit\u{a0}:\nBonjour\nJean\n",
            "Merci.\n\nLe jeu. 20 avr. 2017 à 10:00, Jean Dupont <jean@x.example> a\nécrit :\nBonjour\nJean\n",
            "Merci.\n\nOn Mon, Apr 24, 2017 at 9:00 AM, Sarah <s@x.example> wrote:\nBonjour\nJean\n",
            "Merci.\n\n-------- Message d'origine --------\nBonjour\nJean\n",
            "Merci.\n\n-------- Message transféré --------\nBonjour\nJean\n",
            "Merci.\n\n-----Original Message-----\nBonjour\nJean\n",
            "Merci.\n\n---------- Forwarded message ---------\nBonjour\nJean\n",
            "Merci.\n\n----- Forwarded by Sara Shackleton/HOU/ECT on 04/24/2001 -----\nBonjour\nJean\n",
            "Merci.\n\nBegin forwarded message:\nBonjour\nJean\n",
        ] {
            assert_eq!(own(body), "Merci.\n\n", "{body}");
            assert!(quoted(body).ends_with("Bonjour\nJean\n"), "{body}");
        }
    }

    #[test]
    fn outlook_header_blocks_quote_the_rest() {
        let french = "Parfait.\n\nDe\u{a0}: Claire <c@x.example>\nEnvoyé\u{a0}: vendredi 21 avril 2017 11:00\nÀ\u{a0}: Jean\nObjet\u{a0}: Re: budget\n\nMerci Jean\n";
        assert_eq!(own(french), "Parfait.\n\n");
        let english = "Fine.\n________________________________\nFrom: Sarah\nSent: Monday, April 24, 2017 9:00 AM\nTo: Mark\nCc: Kate\nSubject: Wire\n\nThe wire\n";
        assert_eq!(own(english), "Fine.\n");
        assert!(quoted(english).starts_with("______"));
    }

    #[test]
    fn lotus_notes_and_zimbra_blocks_quote_the_rest() {
        let notes = "Agreed.\n\nFrom:\tJeff Dasovich on 05/01/2001 10:23 AM\nSent by: Ann\nTo: Steven Kean\ncc: \nSubject: Re: rates\n\nThe rates\n";
        assert_eq!(own(notes), "Agreed.\n\n");
        let zimbra = "Merci.\n\n----- Mail original -----\nDe: Jean\nÀ: Claire\nEnvoyé: Jeudi 20 avril 2017 10:00:00\nObjet: budget\n\nBonjour\n";
        assert_eq!(own(zimbra), "Merci.\n\n");
    }

    #[test]
    fn what_is_not_a_quote() {
        for body in [
            // A message's own words that end like attributions: no date.
            "Le notaire m'a écrit :\n« Venez jeudi. »\nJe propose jeudi.\n",
            "Le dossier avance bien.\nVoici ce que Marc m'a écrit :\nrien\n",
            "On Friday, Ken wrote:\nnothing new\nThanks\n",
            // A sentence that starts like an attribution.
            "Le 20 avril, Jean a écrit une lettre au maire.\nMerci\n",
            "On Monday we wrote: nothing.\nThanks\n",
            // A From: line without the rest of a header block.
            "From: the desk of Jean\nTo be read tonight.\n",
            // A rule, a signature.
            "Bonjour\n----------\nJean\n-- \nJean Dupont\n",
            // A quoted email address, an arrow.
            "Ecrire à <jean@x.example> -> vite\n",
        ] {
            assert_eq!(quoted(body), "", "{body}");
            assert_eq!(own(body), body, "{body}");
        }
    }

    #[test]
    fn inline_answers_stay_the_messages_own() {
        let body = "On Mon 24, Sarah wrote:\n> Can you come?\nYes.\n> At ten?\nAt eleven.\n";
        assert_eq!(
            quoted(body),
            "On Mon 24, Sarah wrote:\n> Can you come?\n> At ten?\n"
        );
        assert_eq!(own(body), "Yes.\nAt eleven.\n");
    }

    #[test]
    fn ranges_are_bounded() {
        let body = "> a\nb\n".repeat(10_000);
        let ranges = quoted_ranges(&body);
        assert_eq!(ranges.len(), MAX_RANGES);
        assert_eq!(ranges[MAX_RANGES - 1].end, body.len());
    }

    #[test]
    fn parts_give_the_body_back() {
        let body = "A\r\n> b\r\nC\r\nOn 1 May, y wrote:\r\nd\r\n";
        let ranges = quoted_ranges(body);
        let parts = split_parts(body, &ranges);
        assert_eq!(
            parts,
            vec![
                (false, "A\r\n"),
                (true, "> b\r\n"),
                (false, "C\r\n"),
                (true, "On 1 May, y wrote:\r\nd\r\n")
            ]
        );
        assert_eq!(
            parts.iter().map(|(_, text)| *text).collect::<String>(),
            body
        );
        // Ranges of another body are ignored, not a panic.
        let inside_a_character = vec![0..1, 1..2];
        assert_eq!(split_parts("é", &inside_a_character), vec![(false, "é")]);
        assert_eq!(split_parts("", &[]), Vec::<(bool, &str)>::new());
    }
}
