//! Spreadsheets (`.xlsx`): one sheet of dated amounts, labels in the
//! message's language, who is responsible and a category, twenty to a few
//! hundred rows; text cells in `xl/sharedStrings.xml`, as Excel writes
//! them.

use std::fmt::Write as _;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::Context;
use super::ooxml::{Properties, package, push_escaped, relationships};
use crate::error::Result;
use crate::vocabulary::Language;

const MAIN_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const SHEET_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const STRINGS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml";
const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A sheet being written: its rows, and the text of its text cells.
struct Sheet {
    rows: String,
    strings: Vec<String>,
}

impl Sheet {
    fn text(&mut self, cell: &str, text: &str) {
        let _ = write!(
            self.rows,
            "<c r=\"{cell}\" t=\"s\"><v>{}</v></c>",
            self.strings.len()
        );
        self.strings.push(text.to_string());
    }

    fn number(&mut self, cell: &str, value: f64) {
        let _ = write!(self.rows, "<c r=\"{cell}\"><v>{value:.2}</v></c>");
    }
}

/// A `.xlsx` titled `title`.
pub fn xlsx(context: &Context, title: &str, rng: &mut ChaCha8Rng) -> Result<Vec<u8>> {
    let rows = match rng.random_range(0..100) {
        0..=59 => rng.random_range(20..80),
        60..=89 => rng.random_range(80..250),
        _ => rng.random_range(250..600),
    };
    let (header, categories): (&[&str], &[&str]) = match context.language {
        Language::French => (
            &["Date", "Montant", "Libellé", "Responsable", "Catégorie"],
            &[
                "Déplacements",
                "Salles",
                "Impression",
                "Communication",
                "Personnel",
                "Dons",
            ],
        ),
        Language::English => (
            &["Date", "Amount", "Description", "Owner", "Category"],
            &[
                "Travel",
                "Venues",
                "Printing",
                "Communication",
                "Staff",
                "Donations",
            ],
        ),
    };
    let mut sheet = Sheet {
        rows: String::with_capacity(rows * 200),
        strings: Vec::with_capacity(rows * 4),
    };
    let columns = ["A", "B", "C", "D", "E"];
    sheet.rows.push_str("<row r=\"1\">");
    for (column, name) in columns.iter().zip(header) {
        sheet.text(&format!("{column}1"), name);
    }
    sheet.rows.push_str("</row>");
    let year = context.local().year;
    let mut label = String::with_capacity(64);
    for row in 2..rows + 2 {
        let _ = write!(sheet.rows, "<row r=\"{row}\">");
        let date = format!(
            "{year}-{:02}-{:02}",
            rng.random_range(1..=12),
            rng.random_range(1..=28)
        );
        sheet.text(&format!("A{row}"), &date);
        let amount = f64::from(rng.random_range(1_000..9_000_000)) / 100.0;
        sheet.number(&format!("B{row}"), amount);
        label.clear();
        context
            .writer
            .fragment(rng.random_range(2..=5), true, rng, &mut label);
        sheet.text(&format!("C{row}"), &label);
        let owner = context.owners[rng.random_range(0..context.owners.len())];
        sheet.text(&format!("D{row}"), owner);
        sheet.text(
            &format!("E{row}"),
            categories[rng.random_range(0..categories.len())],
        );
        sheet.rows.push_str("</row>");
    }
    write_package(context, title, &sheet)
}

fn write_package(context: &Context, title: &str, sheet: &Sheet) -> Result<Vec<u8>> {
    let properties = Properties {
        title,
        application: "Microsoft Excel",
    };
    let mut zip = package(
        context,
        properties,
        ("xl/workbook.xml", MAIN_TYPE),
        &[
            ("xl/worksheets/sheet1.xml", SHEET_TYPE),
            ("xl/sharedStrings.xml", STRINGS_TYPE),
        ],
    )?;
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"{RELATIONSHIPS}\"><sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        match context.language {
            Language::French => "Feuil1",
            Language::English => "Sheet1",
        }
    );
    zip.add("xl/workbook.xml", workbook.as_bytes())?;
    let rels = relationships(&[
        (
            &format!("{RELATIONSHIPS}/worksheet"),
            "worksheets/sheet1.xml",
        ),
        (
            &format!("{RELATIONSHIPS}/sharedStrings"),
            "sharedStrings.xml",
        ),
    ]);
    zip.add("xl/_rels/workbook.xml.rels", rels.as_bytes())?;
    let worksheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData>{}</sheetData></worksheet>",
        sheet.rows
    );
    zip.add("xl/worksheets/sheet1.xml", worksheet.as_bytes())?;
    let mut strings = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{0}\" uniqueCount=\"{0}\">",
        sheet.strings.len()
    );
    for text in &sheet.strings {
        strings.push_str("<si><t>");
        push_escaped(text, &mut strings);
        strings.push_str("</t></si>");
    }
    strings.push_str("</sst>");
    zip.add("xl/sharedStrings.xml", strings.as_bytes())?;
    zip.finish()
}
