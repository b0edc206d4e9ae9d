//! RTF text.
//!
//! A small converter written for this project: one pass over the bytes, no
//! recursion, so it is linear in the input and cannot overflow the stack.
//! It keeps the document text and its title, drops destinations that are
//! not text (font and colour tables, style sheets, document information,
//! pictures, embedded object data, field instructions, every `{\*\…}`
//! group), honours `\par` `\line` `\tab` `\'hh` `\uN` `\ucN` `\binN` and the
//! escaped `\{ \} \\`. Bytes are windows-1252 unless `\ansicpg` names another
//! code page that mail-parser can decode. The `\info` group gives the
//! document's metadata (title, author, operator, company, creation and
//! revision times), and `\*\generator` the software that wrote it.

use crate::codepage::{self, cp1252_char};
use crate::metadata::date::Stamp;
use crate::metadata::{Field, MAX_VALUE_CHARS, MetadataBuilder};
use crate::{ExtractError, Extraction, Limits, truncate_text};

/// Bytes kept of one `\info` value (the title included): values are cut at
/// [`MAX_VALUE_CHARS`] characters anyway, and a huge title must not fill
/// the text.
const MAX_INFO_BYTES: usize = MAX_VALUE_CHARS * 4;

/// Groups nested deeper than this are skipped whole.
const MAX_DEPTH: usize = 1000;

/// Destinations whose content is not document text.
const SKIPPED_DESTINATIONS: &[&str] = &[
    "atnauthor",
    "atnid",
    "author",
    "bkmkend",
    "bkmkstart",
    "blipuid",
    "colorschememapping",
    "colortbl",
    "comment",
    "company",
    "datafield",
    "datastore",
    "docvar",
    "falt",
    "filetbl",
    "fldinst",
    "fontemb",
    "fontfile",
    "fonttbl",
    "generator",
    "info",
    "keywords",
    "latentstyles",
    "listoverridetable",
    "listtable",
    "mmathPr",
    "nonshppict",
    "objclass",
    "objdata",
    "operator",
    "panose",
    "pgdsctbl",
    "pict",
    "pnseclvl",
    "protusertbl",
    "revtbl",
    "rsidtbl",
    "sp",
    "stylesheet",
    "subject",
    "template",
    "themedata",
    "userprops",
    "xmlnstbl",
];

/// The text of an RTF document.
pub fn extract_rtf(bytes: &[u8], limits: &Limits) -> Result<Extraction, ExtractError> {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err(ExtractError::corrupt("rtf", "no {\\rtf header"));
    }
    let mut converter = Converter::new(limits.max_text_bytes);
    converter.run(&bytes[start..]);
    Ok(converter.into_extraction(limits.max_text_bytes))
}

/// Where the text of a group goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    /// The document text.
    Body,
    /// `\info`: dropped, except its `\title`.
    Info,
    /// `\title`: the document title.
    Title,
    /// Another text value of `\info`, or `\*\generator`.
    InfoField(Field),
    /// `\creatim` (0) or `\revtim` (1): a time written as `\yr` `\mo`…
    Time(usize),
}

/// The numbers of an RTF time (`\yr2017\mo5\dy3\hr10\min15`).
#[derive(Debug, Default, Clone, Copy)]
struct RtfTime {
    /// Year, month, day, hour, minute, second.
    parts: [Option<i64>; 6],
}

impl RtfTime {
    fn set(&mut self, word: &str, value: Option<i64>) {
        let index = match word {
            "yr" => 0,
            "mo" => 1,
            "dy" => 2,
            "hr" => 3,
            "min" => 4,
            "sec" => 5,
            _ => return,
        };
        self.parts[index] = value;
    }

    fn render(&self) -> Option<String> {
        let part = |index: usize, default: i64| {
            i32::try_from(self.parts[index].unwrap_or(default)).unwrap_or(-1)
        };
        self.parts[0]?;
        let time = Some((part(3, 0), part(4, 0), part(5, 0)));
        Stamp::new(part(0, 0), part(1, 1), part(2, 1), time, None).map(|stamp| stamp.render())
    }
}

/// State that a group inherits from its parent and restores on `}`.
#[derive(Debug, Clone, Copy)]
struct Group {
    skip: bool,
    /// Fallback characters that follow each `\uN` (`\ucN`).
    unicode_skip: u32,
    destination: Destination,
}

struct Converter {
    text: String,
    title: String,
    max: usize,
    truncated: bool,
    group: Group,
    stack: Vec<Group>,
    /// Groups opened past [`MAX_DEPTH`], skipped whole.
    overflow: usize,
    /// Just after `{`: the next control word may name a destination.
    group_start: bool,
    /// Fallback characters still to drop after a `\uN`.
    pending_skip: u32,
    /// Text bytes not yet decoded (decoded together: code pages with
    /// double-byte characters need both bytes).
    bytes: Vec<u8>,
    /// Decoder for `\ansicpg` other than 1252.
    decoder: Option<fn(&[u8]) -> String>,
    /// A UTF-16 high surrogate from `\uN`, waiting for its low half.
    high_surrogate: Option<u16>,
    /// The `\info` value being read.
    info_text: String,
    /// `\creatim` and `\revtim`.
    times: [RtfTime; 2],
    metadata: MetadataBuilder,
}

impl Converter {
    fn new(max: usize) -> Converter {
        Converter {
            text: String::new(),
            title: String::new(),
            max,
            truncated: false,
            group: Group {
                skip: false,
                unicode_skip: 1,
                destination: Destination::Body,
            },
            stack: Vec::new(),
            overflow: 0,
            group_start: false,
            pending_skip: 0,
            bytes: Vec::new(),
            decoder: None,
            high_surrogate: None,
            info_text: String::new(),
            times: [RtfTime::default(); 2],
            metadata: MetadataBuilder::default(),
        }
    }

    fn into_extraction(mut self, max: usize) -> Extraction {
        self.flush();
        let mut text = String::new();
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if !title.is_empty() {
            text.push_str(&title);
            text.push('\n');
        }
        for line in self.text.lines() {
            text.push_str(line.trim_end());
            text.push('\n');
        }
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        let truncated = self.truncated | truncate_text(&mut text, max);
        let mut metadata = self.metadata;
        metadata.add(Field::Title, &title);
        for (time, field) in self.times.iter().zip([Field::Created, Field::Modified]) {
            if let Some(date) = time.render() {
                metadata.add_clean(field, date);
            }
        }
        Extraction {
            text,
            truncated,
            metadata: metadata.finish(),
            ..Extraction::default()
        }
    }

    fn run(&mut self, input: &[u8]) {
        let mut i = 0;
        while i < input.len() && !self.truncated {
            let byte = input[i];
            i += 1;
            match byte {
                b'{' => self.open_group(),
                b'}' => self.close_group(),
                b'\\' => i = self.control(input, i),
                b'\r' | b'\n' => {}
                _ => {
                    self.group_start = false;
                    if self.pending_skip > 0 {
                        self.pending_skip -= 1;
                    } else if byte == b'\t' || byte >= 0x20 {
                        self.push_byte(byte);
                    }
                }
            }
        }
    }

    fn open_group(&mut self) {
        self.flush();
        self.pending_skip = 0;
        if self.overflow > 0 || self.stack.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        self.stack.push(self.group);
        self.group_start = true;
    }

    fn close_group(&mut self) {
        self.flush();
        self.pending_skip = 0;
        self.group_start = false;
        if self.overflow > 0 {
            self.overflow -= 1;
        } else if let Some(parent) = self.stack.pop() {
            if let Destination::InfoField(field) = self.group.destination
                && parent.destination != self.group.destination
            {
                let value = std::mem::take(&mut self.info_text);
                // `\*\generator Riched20 10.0.19041;`
                self.metadata.add(field, value.trim_end_matches([';', ' ']));
            }
            self.group = parent;
        }
    }

    /// Reads the control word or symbol after a backslash at `input[i - 1]`;
    /// returns where reading goes on.
    fn control(&mut self, input: &[u8], mut i: usize) -> usize {
        let Some(&first) = input.get(i) else {
            return i;
        };
        let at_group_start = std::mem::take(&mut self.group_start);
        if !first.is_ascii_alphabetic() {
            i += 1;
            match first {
                b'\'' => {
                    let value = input
                        .get(i..i + 2)
                        .and_then(|hex| std::str::from_utf8(hex).ok())
                        .and_then(|hex| u8::from_str_radix(hex, 16).ok());
                    if let Some(value) = value {
                        i += 2;
                        if self.pending_skip > 0 {
                            self.pending_skip -= 1;
                        } else {
                            self.push_byte(value);
                        }
                    }
                }
                b'*' if at_group_start => self.group.skip = true,
                _ if self.pending_skip > 0 => self.pending_skip -= 1,
                b'{' | b'}' | b'\\' => self.push_byte(first),
                b'~' => self.push_char(' '),
                b'_' => self.push_char('-'),
                b'\r' | b'\n' => self.push_char('\n'),
                _ => {}
            }
            return i;
        }
        let word_start = i;
        while input.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        let word = &input[word_start..i];
        let param_start = i;
        if input.get(i) == Some(&b'-') {
            i += 1;
        }
        while input.get(i).is_some_and(u8::is_ascii_digit) && i - param_start < 11 {
            i += 1;
        }
        let param = std::str::from_utf8(&input[param_start..i])
            .ok()
            .and_then(|digits| digits.parse::<i64>().ok());
        if input.get(i) == Some(&b' ') {
            i += 1;
        }
        let word = std::str::from_utf8(word).unwrap_or_default();
        if word == "bin" {
            // Binary data: skip exactly that many bytes.
            let length = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
            return i.saturating_add(length).min(input.len());
        }
        if word == "u" {
            self.unicode(param.unwrap_or(0));
            return i;
        }
        if self.pending_skip > 0 {
            self.pending_skip -= 1;
            return i;
        }
        self.control_word(word, param);
        i
    }

    fn control_word(&mut self, word: &str, param: Option<i64>) {
        // Text before a control word belongs to the state before it.
        self.flush();
        match word {
            "par" | "line" | "sect" | "page" | "row" => self.push_char('\n'),
            "tab" | "cell" => self.push_char('\t'),
            "emdash" => self.push_char('—'),
            "endash" => self.push_char('–'),
            "bullet" => self.push_char('•'),
            "lquote" => self.push_char('‘'),
            "rquote" => self.push_char('’'),
            "ldblquote" => self.push_char('“'),
            "rdblquote" => self.push_char('”'),
            "emspace" | "enspace" | "qmspace" => self.push_char(' '),
            "uc" => {
                self.group.unicode_skip = u32::try_from(param.unwrap_or(1)).unwrap_or(1).min(16);
            }
            "ansicpg" => {
                self.flush();
                self.decoder = match param {
                    Some(1252) | None => None,
                    Some(page) => u32::try_from(page).ok().and_then(codepage::decoder),
                };
            }
            "info" => {
                self.group.skip = true;
                self.group.destination = Destination::Info;
            }
            "title" if self.group.destination == Destination::Info => {
                self.group.skip = false;
                self.group.destination = Destination::Title;
            }
            "author" | "operator" | "company" if self.group.destination == Destination::Info => {
                self.group.skip = false;
                self.group.destination = Destination::InfoField(match word {
                    "author" => Field::Author,
                    "operator" => Field::LastEditor,
                    _ => Field::Company,
                });
            }
            "generator" => {
                self.group.skip = false;
                self.group.destination = Destination::InfoField(Field::Software);
            }
            "creatim" | "revtim" if self.group.destination == Destination::Info => {
                self.group.destination = Destination::Time(usize::from(word == "revtim"));
            }
            "yr" | "mo" | "dy" | "hr" | "min" | "sec" => {
                if let Destination::Time(index) = self.group.destination {
                    self.times[index].set(word, param);
                }
            }
            _ if SKIPPED_DESTINATIONS.contains(&word) => self.group.skip = true,
            _ => {}
        }
    }

    /// `\uN`: a UTF-16 code unit, then `\ucN` fallback characters to drop.
    fn unicode(&mut self, value: i64) {
        let unit = if value < 0 { value + 65_536 } else { value };
        let unit = u16::try_from(unit).unwrap_or(0xFFFD);
        self.pending_skip = self.group.unicode_skip;
        if (0xD800..0xDC00).contains(&unit) {
            self.high_surrogate = Some(unit);
            return;
        }
        let units: Vec<u16> = match self.high_surrogate.take() {
            Some(high) => vec![high, unit],
            None => vec![unit],
        };
        for c in char::decode_utf16(units) {
            self.push_char(c.unwrap_or('\u{FFFD}'));
        }
    }

    fn push_byte(&mut self, byte: u8) {
        if self.group.skip || self.overflow > 0 {
            return;
        }
        self.bytes.push(byte);
        if self.bytes.len() >= 4096 {
            self.flush();
        }
    }

    fn push_char(&mut self, c: char) {
        self.flush();
        if self.group.skip || self.overflow > 0 {
            return;
        }
        let mut buffer = [0; 4];
        self.push_str(c.encode_utf8(&mut buffer));
    }

    /// Decodes the pending text bytes.
    fn flush(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let decoded = match self.decoder {
            Some(decode) => decode(&bytes),
            None => bytes.iter().map(|&byte| cp1252_char(byte)).collect(),
        };
        self.push_str(&decoded);
        self.bytes = bytes;
        self.bytes.clear();
    }

    fn push_str(&mut self, text: &str) {
        if self.truncated {
            return;
        }
        let (out, max) = match self.group.destination {
            Destination::Title => (&mut self.title, MAX_INFO_BYTES),
            Destination::InfoField(_) => (&mut self.info_text, MAX_INFO_BYTES),
            Destination::Time(_) => return,
            Destination::Body | Destination::Info => (&mut self.text, self.max),
        };
        out.push_str(text);
        if out.len() > max {
            truncate_text(out, max);
            // Only the document text is marked: metadata is cut silently.
            self.truncated = max == self.max;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::DocumentMetadata;
    use crate::test_files::fixture;

    fn text_of(rtf: &str) -> String {
        extract_rtf(rtf.as_bytes(), &Limits::default())
            .unwrap()
            .text
    }

    #[test]
    fn letter_text_title_and_accents() {
        let extraction = extract_rtf(&fixture("lettre.rtf"), &Limits::default()).unwrap();
        assert!(!extraction.truncated);
        assert_eq!(
            extraction.text,
            "Lettre au préfet\n\
             Cabinet Dupont\n\
             Objet : lettre recommandée\n\
             Madame, Monsieur,\n\
             Nous avons découvert dans le jardin une saxifrage {rare} et un cœur € 5\tci-joint.\n\
             Chemin : C:\\Documents\n\
             notre site\n\
             Prix— net\n\
             Cordialement"
        );
        for hidden in [
            "Garamondine",
            "Helveticoid",
            "Riched20",
            "pangolinware",
            "fldinstsecret",
            "signet",
            "0100090000",
            "Jean",
        ] {
            assert!(!extraction.text.contains(hidden), "{hidden}");
        }
    }

    #[test]
    fn unicode_escapes_and_skip_counts() {
        assert_eq!(text_of(r"{\rtf1 a\u233?b}"), "aéb");
        assert_eq!(text_of(r"{\rtf1\uc2 a\u233\'e9\'e9b}"), "aéb");
        assert_eq!(text_of(r"{\rtf1\uc0 a\u233 b}"), "aéb");
        assert_eq!(text_of(r"{\rtf1 {\uc2 x}\u233?b}"), "xéb");
        assert_eq!(text_of(r"{\rtf1 \u-10179?\u-8695?}"), "😉");
        assert_eq!(text_of(r"{\rtf1 \u-3? }"), "\u{FFFD}");
        assert_eq!(
            text_of(r"{\rtf1 \'93guillemets\'94 \'80}"),
            "“guillemets” €"
        );
    }

    #[test]
    fn code_pages_and_binary_data() {
        assert_eq!(
            text_of(r"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2}"),
            "Привет"
        );
        assert_eq!(text_of("{\\rtf1 a{\\*\\blob\\bin3 }}}}b}"), "ab");
        assert_eq!(text_of("{\\rtf1 a\\bin99999"), "a");
    }

    #[test]
    fn info_group_gives_the_metadata() {
        // Operator "Петров" in windows-1251, a generator, both times.
        let rtf = br"{\rtf1\ansi\ansicpg1251{\*\generator Riched20 10.0.19041;}{\info{\title Note \'e0 part}{\author Zo\'e9 Durand}{\operator \'cf\'e5\'f2\'f0\'ee\'e2}{\*\company Mairie}{\creatim\yr2017\mo5\dy3\hr10\min15}{\revtim\yr2017\mo5\dy4\hr8\min0\sec30}{\doccomm hidden}}Texte}";
        let extraction = extract_rtf(rtf, &Limits::default()).unwrap();
        assert_eq!(extraction.text, "Note а part\nTexte");
        assert_eq!(
            extraction.metadata.unwrap(),
            DocumentMetadata {
                title: Some("Note а part".into()),
                authors: vec!["Zoй Durand".into()],
                last_editor: Some("Петров".into()),
                software: vec!["Riched20 10.0.19041".into()],
                company: Some("Mairie".into()),
                created: Some("2017-05-03T10:15:00".into()),
                modified: Some("2017-05-04T08:00:30".into()),
                ..DocumentMetadata::default()
            }
        );
    }

    #[test]
    fn huge_and_hostile_info_values_are_bounded() {
        let rtf = format!(
            r"{{\rtf1{{\info{{\title {}}}{{\author Anne\'0b\u8238?}}}}Texte}}",
            "t".repeat(1_000_000),
        );
        let extraction = extract_rtf(rtf.as_bytes(), &Limits::default()).unwrap();
        let metadata = extraction.metadata.unwrap();
        assert_eq!(metadata.title.unwrap().chars().count(), MAX_VALUE_CHARS + 1);
        assert_eq!(metadata.authors, ["Anne"]);
        assert_eq!(extraction.text.len(), MAX_INFO_BYTES + "\nTexte".len());
        assert!(!extraction.truncated);
    }

    #[test]
    fn no_info_no_metadata() {
        let extraction = extract_rtf(br"{\rtf1 Texte}", &Limits::default()).unwrap();
        assert_eq!(extraction.metadata, None);
    }

    #[test]
    fn destinations_are_skipped() {
        assert_eq!(
            text_of(
                r"{\rtf1{\fonttbl{\f0 Arial;}}{\*\unknown secret}{\stylesheet{Normal;}}visible}"
            ),
            "visible"
        );
        assert_eq!(
            text_of(r"{\rtf1{\field{\fldinst HYPERLINK x}{\fldrslt lien}}}"),
            "lien"
        );
    }

    #[test]
    fn deep_nesting_is_bounded_and_linear() {
        let depth = 200_000;
        let rtf = format!(
            "{{\\rtf1 top{}deep{} bottom}}",
            "{".repeat(depth),
            "}".repeat(depth)
        );
        assert_eq!(text_of(&rtf), "top bottom");
        let rtf = format!("{{\\rtf1 a{}b", "}".repeat(depth));
        assert_eq!(text_of(&rtf), "ab");
    }

    #[test]
    fn text_is_cut_at_the_limit() {
        let limits = Limits {
            max_text_bytes: 10,
            ..Limits::default()
        };
        let extraction = extract_rtf(&fixture("lettre.rtf"), &limits).unwrap();
        assert!(extraction.truncated);
        assert!(extraction.text.len() <= 10);
    }

    #[test]
    fn not_rtf_is_corrupt() {
        assert!(matches!(
            extract_rtf(b"hello", &Limits::default()),
            Err(ExtractError::Corrupt { .. })
        ));
    }

    #[test]
    fn garbage_never_panics() {
        let bytes = fixture("lettre.rtf");
        for cut in 0..bytes.len() {
            let _ = extract_rtf(&bytes[..cut], &Limits::default());
        }
        let mut seed: u32 = 12345;
        for _ in 0..200 {
            let mut damaged = bytes.clone();
            for byte in damaged.iter_mut().skip(6) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if seed >> 28 == 0 {
                    *byte = (seed >> 16) as u8;
                }
            }
            let _ = extract_rtf(&damaged, &Limits::default());
        }
        for tail in [
            "\\",
            "\\'",
            "\\'4",
            "\\'zz",
            "\\u",
            "\\u-",
            "\\u99999999999999",
            "\\uc-5 \\u233",
            "\\bin-5 x",
            "\\bin",
            "}}}}}",
            "\\ansicpg99999 \\'e9",
        ] {
            let _ = extract_rtf(format!("{{\\rtf1 {tail}").as_bytes(), &Limits::default());
        }
    }
}
