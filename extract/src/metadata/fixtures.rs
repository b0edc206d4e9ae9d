//! The documents of `tests/fixtures/metadata/`, one per format, read
//! through [`crate::extract`] as the worker reads them: format detection,
//! the format's extractor, its metadata reader.

use crate::metadata::{DocumentMetadata, MAX_VALUE_CHARS};
use crate::test_files::metadata_fixture;
use crate::{Extraction, Limits, extract};

fn extracted(name: &str) -> Extraction {
    extract(&metadata_fixture(name), name, "", &Limits::default())
        .unwrap_or_else(|err| panic!("{name}: {err}"))
}

fn metadata(name: &str) -> DocumentMetadata {
    extracted(name)
        .metadata
        .unwrap_or_else(|| panic!("{name}: no metadata"))
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|value| value.to_string()).collect()
}

#[test]
fn pdf_info_then_xmp() {
    let extraction = extracted("rapport-commission.pdf");
    assert!(
        extraction.text.contains("sarracenia"),
        "{}",
        extraction.text
    );
    assert_eq!(
        extraction.metadata.unwrap(),
        DocumentMetadata {
            title: Some("Rapport de la commission des finances".into()),
            authors: strings(&["Zoé Durand", "Marc Lefebvre"]),
            software: strings(&["Microsoft® Word 2016", "Acrobat PDFMaker 17 pour Word"]),
            created: Some("2017-05-02T18:30:00+02:00".into()),
            modified: Some("2017-05-02T18:40:00+02:00".into()),
            ..DocumentMetadata::default()
        }
    );
}

#[test]
fn docx_core_and_app_properties() {
    let extraction = extracted("convention.docx");
    assert_eq!(
        extraction.text,
        "Convention de partenariat\nConvention signée. Le mot rare est bathyscaphe."
    );
    assert_eq!(
        extraction.metadata.unwrap(),
        DocumentMetadata {
            title: Some("Convention de partenariat".into()),
            authors: strings(&["Jean-Baptiste Lefèvre"]),
            last_editor: Some("Zoé Durand".into()),
            software: strings(&["Microsoft Office Word"]),
            company: Some("Cabinet Lefèvre & Associés".into()),
            template: Some("Normal.dotm".into()),
            revision: Some("12".into()),
            created: Some("2017-04-20T08:12:00Z".into()),
            modified: Some("2017-05-02T16:05:00Z".into()),
            camera: None,
        }
    );
}

#[test]
fn xlsx_last_editor_in_cyrillic() {
    let extraction = extracted("tableau-dons.xlsx");
    assert!(extraction.text.contains("ptarmigan"), "{}", extraction.text);
    assert_eq!(
        extraction.metadata.unwrap(),
        DocumentMetadata {
            authors: strings(&["Anna Ivanova"]),
            last_editor: Some("Георгий Петров".into()),
            software: strings(&["Microsoft Excel"]),
            company: Some("En Marche".into()),
            created: Some("2017-04-27T09:01:00Z".into()),
            modified: Some("2017-05-03T11:47:00Z".into()),
            ..DocumentMetadata::default()
        }
    );
}

#[test]
fn odt_meta() {
    assert_eq!(
        metadata("proces-verbal.odt"),
        DocumentMetadata {
            title: Some("Procès-verbal du conseil".into()),
            authors: strings(&["Hélène Marchal"]),
            last_editor: Some("Paul Girard".into()),
            software: strings(&["LibreOffice/6.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"]),
            template: Some("Modèle mairie".into()),
            revision: Some("3".into()),
            created: Some("2017-03-01T08:00:00".into()),
            modified: Some("2017-03-02T09:30:00".into()),
            ..DocumentMetadata::default()
        }
    );
}

#[test]
fn legacy_word_summary_information_in_windows_1251() {
    let extraction = extracted("memo-ministere.doc");
    assert_eq!(
        extraction.text,
        "Memo du ministere. Le mot rare est zibeline."
    );
    assert_eq!(
        extraction.metadata.unwrap(),
        DocumentMetadata {
            title: Some("Служебная записка".into()),
            authors: strings(&["Анна Иванова"]),
            last_editor: Some("Георгий Петров".into()),
            software: strings(&["Microsoft Office Word"]),
            company: Some("ООО Ромашка".into()),
            template: Some("Normal.dot".into()),
            revision: Some("5".into()),
            created: Some("2017-04-28T07:45:00Z".into()),
            modified: Some("2017-05-03T10:15:00Z".into()),
            camera: None,
        }
    );
}

#[test]
fn rtf_info_group() {
    let extraction = extracted("lettre-mairie.rtf");
    assert_eq!(
        extraction.text,
        "Lettre au maire\nMonsieur le maire, le mot rare est mangouste."
    );
    assert_eq!(
        extraction.metadata.unwrap(),
        DocumentMetadata {
            title: Some("Lettre au maire".into()),
            authors: strings(&["François Dupré"]),
            last_editor: Some("Sophie Moreau".into()),
            software: strings(&["Riched20 10.0.19041"]),
            company: Some("Mairie de Villeneuve".into()),
            created: Some("2017-04-12T14:05:00".into()),
            modified: Some("2017-04-13T09:30:00".into()),
            ..DocumentMetadata::default()
        }
    );
}

#[test]
fn jpeg_exif() {
    let extraction = extracted("photo-meeting.jpg");
    assert_eq!(extraction.text, "");
    assert_eq!(
        extraction.metadata.unwrap(),
        DocumentMetadata {
            authors: strings(&["Hugo Perrot"]),
            software: strings(&["Adobe Photoshop CS6 (Windows)"]),
            camera: Some("Canon EOS 5D Mark III".into()),
            created: Some("2017-05-03T10:15:00+02:00".into()),
            modified: Some("2017-05-04T09:12:00".into()),
            ..DocumentMetadata::default()
        }
    );
}

#[test]
fn hostile_values_are_cut_and_cleaned() {
    let extraction = extracted("piege-metadonnees.docx");
    let metadata = extraction.metadata.unwrap();
    let title = metadata.title.unwrap();
    assert_eq!(title.chars().count(), MAX_VALUE_CHARS + 1);
    assert_eq!(title, format!("{}…", "Ω".repeat(MAX_VALUE_CHARS)));
    assert_eq!(metadata.authors, ["Facture fdp.exe [31m"]);
    assert_eq!(metadata.last_editor.as_deref(), Some("Mallory"));
    assert_eq!(metadata.software, ["PiègeWriter"]);
    // The text starts with the title, cut the same way.
    assert!(
        extraction.text.starts_with(&title),
        "{}",
        &extraction.text[..100]
    );
    assert!(extraction.text.ends_with("pyrolyse."));
}

#[test]
fn images_without_exif_wait_for_ocr_without_metadata() {
    let pending = Some(crate::ocr::OcrNeed::Pages {
        input: crate::ocr::OcrInput::Image,
        pages: vec![1],
    });
    // Cut after its header: Tesseract may still read what is there.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let extraction = extract(png, "pixel.png", "image/png", &Limits::default()).unwrap();
    assert_eq!(
        (extraction.metadata, extraction.ocr),
        (None, pending.clone())
    );
    let bare_jpeg = b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xFF\xD9";
    let extraction = extract(bare_jpeg, "a.jpg", "image/jpeg", &Limits::default()).unwrap();
    assert_eq!((extraction.metadata, extraction.ocr), (None, pending));
}
