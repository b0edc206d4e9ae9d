//! The pages leaks photograph and scan, laid out as PDF pages: an A4
//! letter, a till receipt, a mail client's screenshot and an A5 note. Each
//! carries the key words it is given, at sizes OCR can read.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::layout::Column;
use super::page::{Colour, Font, Page};
use super::prose::{capitalise, filler_word, paragraph, sentence};
use crate::vocabulary::Language;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// A4, points.
pub const A4: (f32, f32) = (210.0 * MM, 297.0 * MM);
/// A5, points.
pub const A5: (f32, f32) = (148.0 * MM, 210.0 * MM);

const FRENCH_SENDERS: [&str; 5] = [
    "Mairie de Villeneuve-sur-Loue",
    "Cabinet Roussel & Associés",
    "Société Générale d’Études",
    "Préfecture du Haut-Doubs",
    "Syndicat des Eaux de l’Ouest",
];
const ENGLISH_SENDERS: [&str; 5] = [
    "Northwind Logistics Ltd",
    "Harbour & Gale Solicitors",
    "Crescent Energy Partners",
    "City of Easton Council",
    "Blackwater Holdings plc",
];

fn pick<'a>(choices: &[&'a str], rng: &mut ChaCha8Rng) -> &'a str {
    choices[rng.random_range(0..choices.len())]
}

/// A date as the language writes it.
fn date(language: Language, rng: &mut ChaCha8Rng) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (day, month, year) = (
        rng.random_range(1..29),
        rng.random_range(0..12),
        rng.random_range(2009..2024),
    );
    match language {
        Language::French => format!("le {day} {} {year}", crate::calendar::FRENCH_MONTHS[month]),
        Language::English => format!("{} {day}, {year}", MONTHS[month]),
    }
}

/// An A4 letter: letterhead, date, subject (the first key), greeting,
/// paragraphs carrying the other keys, closing.
pub fn letter(language: Language, keys: &[&str], rng: &mut ChaCha8Rng) -> Page {
    let (width, height) = A4;
    let mut page = Page::new(width, height);
    let margin = 25.0 * MM;
    let body = if rng.random_bool(0.5) {
        Font::Serif
    } else {
        Font::Sans
    };
    let size = rng.random_range(10.5..12.5);
    let mut column = Column::within_margin(&mut page, margin);
    let senders = match language {
        Language::French => FRENCH_SENDERS,
        Language::English => ENGLISH_SENDERS,
    };
    column.line(Font::SansBold, 15.0, pick(&senders, rng));
    column.line(
        Font::Sans,
        9.0,
        &format!(
            "{} {}",
            rng.random_range(1..120),
            sentence(language, 3, None, rng)
        ),
    );
    column.skip(20.0);
    column.line_right(Font::Sans, size, &date(language, rng));
    column.skip(10.0);
    let (subject, greeting, closing) = match language {
        Language::French => (
            "Objet :",
            "Madame, Monsieur,",
            "Veuillez agréer nos salutations distinguées.",
        ),
        Language::English => ("Subject:", "Dear Sir or Madam,", "Yours faithfully,"),
    };
    let (first, rest) = keys
        .split_first()
        .map_or(("", keys), |(first, rest)| (*first, rest));
    column.line(
        Font::SansBold,
        size,
        &format!("{subject} {}", capitalise(first)),
    );
    column.skip(10.0);
    column.line(body, size, greeting);
    column.skip(size * 0.5);
    // The keys in the first paragraphs, so that the page always has room.
    let paragraphs = rng.random_range(3..6);
    for index in 0..paragraphs {
        let share = if index == 0 { rest } else { &[][..] };
        if !column
            .paragraph(
                body,
                size,
                &paragraph(language, rng.random_range(2..5), share, rng),
            )
            .is_empty()
        {
            break;
        }
    }
    column.line(body, size, closing);
    page
}

/// A till receipt, 80 mm wide, in Courier: shop, items (the keys among
/// them), prices, total.
pub fn receipt(language: Language, keys: &[&str], rng: &mut ChaCha8Rng) -> Page {
    let width = 80.0 * MM;
    let size = 9.0;
    let items = keys.len() + rng.random_range(2..6);
    let height = 60.0 * MM + items as f32 * size * 1.3;
    let mut page = Page::new(width, height);
    let margin = 4.0 * MM;
    let mut column = Column::within_margin(&mut page, margin);
    let (shop, total, thanks) = match language {
        Language::French => (
            "SUPERMARCHÉ DU CENTRE",
            "TOTAL TTC",
            "Merci de votre visite",
        ),
        Language::English => ("CORNER STORE & DELI", "TOTAL", "Thank you for shopping"),
    };
    column.line(Font::Mono, size + 1.0, shop);
    column.line(Font::Mono, size, &date(language, rng));
    column.line(Font::Mono, size, &"-".repeat(30));
    let mut sum = 0;
    let mut keys = keys.iter();
    for index in 0..items {
        // The keys at random places among plain items.
        let left = items - index;
        let name = match keys.len() {
            remaining if remaining > 0 && rng.random_range(0..left) < remaining => {
                capitalise(keys.next().expect("a key left"))
            }
            _ => capitalise(filler_word(language, rng)),
        };
        let cents = rng.random_range(50..9_999);
        sum += cents;
        column.line(
            Font::Mono,
            size,
            &format!("{name:<20}{:>7}.{:02}", cents / 100, cents % 100),
        );
    }
    column.line(Font::Mono, size, &"-".repeat(30));
    column.line(
        Font::Mono,
        size + 1.0,
        &format!("{total:<18}{:>7}.{:02}", sum / 100, sum % 100),
    );
    column.skip(size);
    column.line(Font::Mono, size, thanks);
    page
}

/// A mail client's window, 1600 × 900 points (pixels at 72 dpi): title
/// bar, toolbar, folder list, then a message whose subject and body carry
/// the keys, in 12–16 pixel text.
pub fn screenshot(language: Language, keys: &[&str], rng: &mut ChaCha8Rng) -> Page {
    let (width, height) = (1600.0, 900.0);
    let mut page = Page::new(width, height);
    let accent = Colour(
        0.15,
        rng.random_range(0.3..0.5),
        rng.random_range(0.6..0.85),
    );
    page.rectangle(0.0, 0.0, width, 30.0, Colour::grey(0.22));
    page.rectangle(0.0, 30.0, width, 44.0, Colour::grey(0.93));
    page.rectangle(0.0, 74.0, 250.0, height - 74.0, Colour(0.95, 0.96, 0.98));
    page.rectangle(250.0, 74.0, 1.0, height - 74.0, Colour::grey(0.8));
    let (title, buttons, folders) = match language {
        Language::French => (
            "Courrier",
            ["Répondre", "Transférer", "Supprimer"],
            ["Réception", "Envoyés", "Brouillons", "Archives"],
        ),
        Language::English => (
            "Mail",
            ["Reply", "Forward", "Delete"],
            ["Inbox", "Sent", "Drafts", "Archive"],
        ),
    };
    page.text(14.0, 20.0, Font::Sans, 13.0, Colour::grey(0.95), title);
    for (index, label) in buttons.iter().enumerate() {
        let x = 270.0 + index as f32 * 130.0;
        page.rectangle(x, 38.0, 118.0, 28.0, accent);
        page.text(x + 12.0, 57.0, Font::Sans, 13.0, Colour::grey(1.0), label);
    }
    for (index, folder) in folders.iter().enumerate() {
        page.text(
            24.0,
            110.0 + index as f32 * 30.0,
            Font::Sans,
            14.0,
            Colour::grey(0.2),
            folder,
        );
    }
    let size = rng.random_range(12.0..16.0);
    let (first, rest) = keys
        .split_first()
        .map_or(("", keys), |(first, rest)| (*first, rest));
    let mut column = Column::new(&mut page, 280.0, 1100.0, 96.0, height - 20.0);
    column.line(
        Font::SansBold,
        size + 4.0,
        &format!("{} {}", capitalise(first), filler_word(language, rng)),
    );
    column.colour = Colour::grey(0.35);
    column.line(Font::Sans, size, &date(language, rng));
    column.skip(12.0);
    column.colour = Colour::grey(0.1);
    column.paragraph(Font::Sans, size, &paragraph(language, 3, rest, rng));
    while column.room() > 3.0 * size
        && column
            .paragraph(Font::Sans, size, &paragraph(language, 3, &[], rng))
            .is_empty()
    {}
    page
}

/// An A5 note, title and paragraphs: the page a phone photographs.
pub fn note(language: Language, keys: &[&str], rng: &mut ChaCha8Rng) -> Page {
    let (width, height) = A5;
    let mut page = Page::new(width, height);
    let margin = 15.0 * MM;
    let size = rng.random_range(11.0..13.0);
    let mut column = Column::within_margin(&mut page, margin);
    let (first, rest) = keys
        .split_first()
        .map_or(("", keys), |(first, rest)| (*first, rest));
    column.line(Font::SansBold, size + 5.0, &capitalise(first));
    column.skip(size);
    let half = rest.len().div_ceil(2);
    column.paragraph(
        Font::Serif,
        size,
        &paragraph(language, 3, &rest[..half], rng),
    );
    column.paragraph(
        Font::Serif,
        size,
        &paragraph(language, 3, &rest[half..], rng),
    );
    while column.room() > 3.0 * size
        && column
            .paragraph(Font::Serif, size, &paragraph(language, 2, &[], rng))
            .is_empty()
    {}
    page
}
