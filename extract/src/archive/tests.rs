//! The archive readers against fixtures, bombs and damaged files.

use std::io::Cursor;

use super::*;
use crate::test_files::{corpus, damaged_variants, entry_names, fixture};

fn skipped(extraction: &Extraction) -> Vec<(&str, &str)> {
    extraction
        .skipped
        .iter()
        .map(|skipped| (skipped.name.as_str(), skipped.reason.as_str()))
        .collect()
}

fn text_of<'e>(extraction: &'e Extraction, name: &str) -> &'e str {
    let entry = extraction
        .entries
        .iter()
        .find(|entry| entry.name == name)
        .unwrap_or_else(|| panic!("no member {name}"));
    std::str::from_utf8(&entry.bytes).unwrap()
}

/// A zip of stored or deflated members, written with the zip crate.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn zip_members_and_names() {
    let extraction = extract_zip(&fixture("dossier.zip"), &Limits::default()).unwrap();
    assert_eq!(
        entry_names(&extraction),
        ["notes/lisezmoi.txt", "contrat.docx"]
    );
    assert_eq!(
        text_of(&extraction, "notes/lisezmoi.txt"),
        "Lisez-moi : le pangolin attend la réunion secrète de jeudi.\n"
    );
    assert_eq!(
        extraction.entries[1].bytes,
        fixture("contrat.docx"),
        "contrat.docx is copied byte for byte"
    );
    assert_eq!(extraction.text, "notes/lisezmoi.txt\ncontrat.docx");
    assert!(extraction.skipped.is_empty());
    assert!(!extraction.encrypted);
    assert!(extraction.entries.iter().all(|entry| entry.mime.is_empty()));
}

#[test]
fn zip_bomb_member_is_skipped_and_the_rest_returned() {
    let extraction = extract_zip(&fixture("bombe.zip"), &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["ok.txt"]);
    assert_eq!(text_of(&extraction, "ok.txt"), "Le lamantin va bien.\n");
    assert_eq!(
        skipped(&extraction),
        [("zeros.bin", "compression ratio 1029:1 over the limit")]
    );
    assert_eq!(extraction.text, "zeros.bin\nok.txt");
}

#[test]
fn zip_bomb_with_lying_sizes_is_refused() {
    // Declare 1,000 bytes for the 50 MiB member, in the local and the
    // central header: the zip reader stops at the declared size.
    let mut bytes = fixture("bombe.zip");
    let mut patched = 0;
    for signature in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let size_offset = if signature == b"PK\x03\x04" { 22 } else { 24 };
        let mut at = 0;
        while let Some(found) = bytes[at..]
            .windows(4)
            .position(|window| window == signature)
        {
            let start = at + found;
            if bytes[start + size_offset..start + size_offset + 4] == 52_428_800u32.to_le_bytes() {
                bytes[start + size_offset..start + size_offset + 4]
                    .copy_from_slice(&1000u32.to_le_bytes());
                patched += 1;
            }
            at = start + 4;
        }
    }
    assert_eq!(patched, 2);
    let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["ok.txt"]);
    assert_eq!(
        skipped(&extraction),
        [(
            "zeros.bin",
            "damaged: File is larger than its declared uncompressed size"
        )]
    );
}

#[test]
fn member_over_the_document_size_is_skipped() {
    let limits = Limits {
        max_document_bytes: 10,
        ..Limits::default()
    };
    let bytes = zip_of(&[("grand.txt", b"0123456789AB"), ("petit.txt", b"0123")]);
    let extraction = extract_zip(&bytes, &limits).unwrap();
    assert_eq!(entry_names(&extraction), ["petit.txt"]);
    assert_eq!(
        skipped(&extraction),
        [("grand.txt", "larger than 10 bytes")]
    );
}

#[test]
fn members_past_the_count_are_skipped() {
    let limits = Limits {
        max_entries: 2,
        ..Limits::default()
    };
    let bytes = zip_of(&[("a", b"1"), ("b", b"2"), ("c", b"3"), ("d", b"4")]);
    let extraction = extract_zip(&bytes, &limits).unwrap();
    assert_eq!(entry_names(&extraction), ["a", "b"]);
    assert_eq!(
        skipped(&extraction),
        [("c", "more than 2 members"), ("d", "more than 2 members")]
    );
    assert_eq!(extraction.text, "a\nb\nc\nd");
}

#[test]
fn unpacked_total_stops_the_archive() {
    let limits = Limits {
        max_unpacked_bytes: 6,
        ..Limits::default()
    };
    let bytes = zip_of(&[("a", b"1234"), ("b", b"5678"), ("c", b"9")]);
    let extraction = extract_zip(&bytes, &limits).unwrap();
    assert_eq!(entry_names(&extraction), ["a"]);
    let reason = "more than 6 bytes unpacked from the archive";
    assert_eq!(skipped(&extraction), [("b", reason), ("c", reason)]);
}

#[test]
fn leading_slashes_and_parent_components_are_dropped() {
    let bytes = zip_of(&[("/etc/passwd", b"x"), ("../../haut.txt", b"y")]);
    let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["etc/passwd", "haut.txt"]);
    assert_eq!(member_name("./a/../b"), "a/../b");
    assert_eq!(member_name(".."), "");
}

#[test]
fn nested_zip_is_returned_unopened() {
    let extraction = extract_zip(&fixture("nid.zip"), &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["interne.zip"]);
    let inner = extract_zip(&extraction.entries[0].bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&inner), ["profond.txt"]);
    assert_eq!(
        text_of(&inner, "profond.txt"),
        "Tout au fond : un hippocampe.\n"
    );
}

#[test]
fn tar_gz_members() {
    let extraction = extract_gzip(
        &fixture("archive.tar.gz"),
        "archive.tar.gz",
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(entry_names(&extraction), ["dossier/axolotl.txt"]);
    assert_eq!(
        text_of(&extraction, "dossier/axolotl.txt"),
        "L'axolotl tient la trésorerie de l'association.\n"
    );
    assert_eq!(extraction.text, "dossier/axolotl.txt");
    assert!(extraction.skipped.is_empty());
}

#[test]
fn plain_tar_members() {
    use std::io::Read as _;
    let mut tar = Vec::new();
    flate2::read::GzDecoder::new(&fixture("archive.tar.gz")[..])
        .read_to_end(&mut tar)
        .unwrap();
    let extraction = extract_tar(&tar, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["dossier/axolotl.txt"]);
}

#[test]
fn single_gzip_file_is_named_after_the_archive() {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(b"Le dugong nage.\n").unwrap();
    let bytes = encoder.finish().unwrap();
    let extraction = extract_gzip(&bytes, "notes.txt.gz", &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["notes.txt"]);
    assert_eq!(text_of(&extraction, "notes.txt"), "Le dugong nage.\n");
    assert_eq!(extraction.text, "notes.txt");
}

#[test]
fn gzip_bomb_is_refused() {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0; 20 * 1024 * 1024]).unwrap();
    let bytes = encoder.finish().unwrap();
    let extraction = extract_gzip(&bytes, "zeros.gz", &Limits::default()).unwrap();
    assert!(extraction.entries.is_empty());
    assert_eq!(
        skipped(&extraction),
        [("zeros", "compression ratio over 200:1")]
    );
}

#[test]
fn tar_gz_bomb_stops_at_the_archive_ratio() {
    use std::io::Write as _;
    let mut tar = tar::Builder::new(Vec::new());
    for name in ["un.bin", "deux.bin", "trois.bin"] {
        let mut header = tar::Header::new_ustar();
        header.set_size(4 * 1024 * 1024);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, &vec![0u8; 4 * 1024 * 1024][..])
            .unwrap();
    }
    let tar = tar.into_inner().unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&tar).unwrap();
    let bytes = encoder.finish().unwrap();
    // Its declared size over the whole archive's.
    let ratio = format!(
        "compression ratio {}:1 over the limit",
        (4 * 1024 * 1024u64).div_ceil(bytes.len() as u64)
    );
    let extraction = extract_gzip(&bytes, "zeros.tar.gz", &Limits::default()).unwrap();
    assert!(extraction.entries.is_empty());
    assert_eq!(
        skipped(&extraction),
        [
            ("un.bin", ratio.as_str()),
            (
                "",
                "archive compression ratio over 200:1; the rest not read"
            )
        ]
    );
}

/// A 7z written with sevenz-rust2 (LZMA2, optionally AES).
fn seven_z_of(members: &[(&str, &[u8])], password: Option<&str>, encrypt_header: bool) -> Vec<u8> {
    use sevenz_rust2::encoder_options::AesEncoderOptions;
    use sevenz_rust2::{ArchiveEntry, ArchiveWriter, EncoderMethod};
    let mut writer = ArchiveWriter::new(Cursor::new(Vec::new())).unwrap();
    if let Some(password) = password {
        writer.set_content_methods(vec![
            AesEncoderOptions::new(password.into()).into(),
            EncoderMethod::LZMA2.into(),
        ]);
    }
    writer.set_encrypt_header(encrypt_header);
    for (name, data) in members {
        if name.ends_with('/') {
            let entry = ArchiveEntry::new_directory(name.trim_end_matches('/'));
            writer.push_archive_entry::<&[u8]>(entry, None).unwrap();
        } else {
            writer
                .push_archive_entry(ArchiveEntry::new_file(name), Some(*data))
                .unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn seven_z_members() {
    let bytes = seven_z_of(
        &[
            ("dossier/", b""),
            ("dossier/tapir.txt", b"Le tapir dort."),
            ("vide.txt", b""),
        ],
        None,
        false,
    );
    let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["dossier/tapir.txt", "vide.txt"]);
    assert_eq!(text_of(&extraction, "dossier/tapir.txt"), "Le tapir dort.");
    assert_eq!(text_of(&extraction, "vide.txt"), "");
    assert!(!extraction.encrypted);
    assert!(extraction.skipped.is_empty());
}

#[test]
fn seven_z_with_encrypted_headers_is_marked_encrypted() {
    let bytes = seven_z_of(&[("secret.txt", b"zorille")], Some("motdepasse"), true);
    let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
    assert!(extraction.encrypted);
    assert!(extraction.entries.is_empty());
    assert_eq!(extraction.text, "");
}

#[test]
fn seven_z_with_encrypted_content_lists_its_members() {
    let bytes = seven_z_of(&[("secret.txt", b"zorille")], Some("motdepasse"), false);
    let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
    assert!(extraction.encrypted);
    assert!(extraction.entries.is_empty());
    assert_eq!(skipped(&extraction), [("secret.txt", "encrypted")]);
    assert_eq!(extraction.text, "secret.txt");
}

#[test]
fn seven_z_bomb_member_is_skipped() {
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let bytes = seven_z_of(
        &[("zeros.bin", &zeros), ("ok.txt", b"lamantin")],
        None,
        false,
    );
    let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["ok.txt"]);
    assert_eq!(extraction.skipped.len(), 1, "{:?}", extraction.skipped);
    let (name, reason) = skipped(&extraction)[0];
    assert_eq!(name, "zeros.bin");
    assert!(
        reason.starts_with("compression ratio ") && reason.ends_with(":1 over the limit"),
        "{reason}"
    );
}

#[test]
fn truncated_and_bit_flipped_archives_never_panic() {
    let limits = Limits::default();
    for name in ["dossier.zip", "nid.zip", "archive.tar.gz", "bombe.zip"] {
        for variant in damaged_variants(&fixture(name)) {
            let _ = extract_zip(&variant, &limits);
            let _ = extract_tar(&variant, &limits);
            let _ = extract_gzip(&variant, name, &limits);
            let _ = extract_7z(&variant, &limits);
        }
    }
    if let Some(bytes) = corpus("hoover-testdata/eml-7-recursive/d.7z") {
        for variant in damaged_variants(&bytes) {
            let _ = extract_7z(&variant, &limits);
        }
    }
}

#[test]
fn truncated_zip_keeps_what_it_could_read() {
    // Cut inside the central directory: the local headers still give
    // the first members.
    let bytes = fixture("dossier.zip");
    let cut = &bytes[..bytes.len() - 30];
    let extraction = extract_zip(cut, &Limits::default()).unwrap();
    assert_eq!(
        entry_names(&extraction),
        ["notes/lisezmoi.txt", "contrat.docx"]
    );
    assert_eq!(extraction.skipped.len(), 1);
    assert_eq!(extraction.skipped[0].name, "");
    assert!(
        extraction.skipped[0]
            .reason
            .starts_with("damaged archive: "),
        "{:?}",
        extraction.skipped
    );
}

#[test]
fn garbage_is_corrupt() {
    let garbage = b"PK\x03\x04 this is not a zip at all";
    assert!(matches!(
        extract_zip(garbage, &Limits::default()),
        Err(ExtractError::Corrupt { .. })
    ));
    assert!(matches!(
        extract_gzip(b"\x1f\x8bnope", "x.gz", &Limits::default()),
        Err(ExtractError::Corrupt { .. })
    ));
    assert!(matches!(
        extract_7z(b"7z\xBC\xAF\x27\x1C garbage", &Limits::default()),
        Err(ExtractError::Corrupt { .. })
    ));
}

#[test]
fn corpus_test_documents_zip() {
    let Some(bytes) = corpus("attachment-samples/aleph-ingest-file/test-documents.zip") else {
        return;
    };
    let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
    assert_eq!(
        entry_names(&extraction),
        [
            "testEXCEL.xls",
            "testHTML.html",
            "testOpenOffice2.odt",
            "testPDF.pdf",
            "testPPT.ppt",
            "testRTF.rtf",
            "testTXT.txt",
            "testWORD.doc",
            "testXML.xml"
        ]
    );
    assert_eq!(extraction.entries[3].bytes.len(), 34824);
    assert!(extraction.skipped.is_empty());
}

#[test]
fn corpus_box_zip_skips_its_directory() {
    let Some(bytes) = corpus("attachment-samples/hoover/archives/box.zip") else {
        return;
    };
    let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["box/treasure.txt"]);
    assert_eq!(extraction.text, "box/treasure.txt");
}

#[test]
fn corpus_zip_with_docx_and_doc() {
    let Some(bytes) = corpus("attachment-samples/hoover/archives/zip-with-docx-and-doc.zip") else {
        return;
    };
    let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
    assert_eq!(
        entry_names(&extraction),
        ["AppBody-Sample-English.docx", "sample.doc"]
    );
    assert_eq!(extraction.entries[0].bytes.len(), 219_228);
    assert_eq!(extraction.entries[1].bytes.len(), 32_768);
}

#[test]
fn corpus_zip_with_password() {
    let Some(bytes) = corpus("attachment-samples/hoover/archives/zip-with-password.zip") else {
        return;
    };
    let extraction = extract_zip(&bytes, &Limits::default()).unwrap();
    assert!(extraction.encrypted);
    assert!(extraction.entries.is_empty());
    assert_eq!(
        skipped(&extraction),
        [("cap33.pdf", "encrypted"), ("sample (1).doc", "encrypted")]
    );
    assert_eq!(extraction.text, "cap33.pdf\nsample (1).doc");
}

#[test]
fn corpus_zip_with_smashed_bytes_is_corrupt() {
    let Some(bytes) = corpus("attachment-samples/hoover/archives/zip-with-some-smashed-bytes.zip")
    else {
        return;
    };
    let error = extract_zip(&bytes, &Limits::default()).unwrap_err();
    assert!(
        matches!(&error, ExtractError::Corrupt { format, .. } if format == "zip"),
        "{error:?}"
    );
}

#[test]
fn corpus_tar_gz_with_pdf_doc_docx() {
    let Some(bytes) = corpus("attachment-samples/hoover/archives/targz-with-pdf-doc-docx.tar.gz")
    else {
        return;
    };
    let extraction =
        extract_gzip(&bytes, "targz-with-pdf-doc-docx.tar.gz", &Limits::default()).unwrap();
    assert_eq!(
        entry_names(&extraction),
        [
            "Sample_BulletsAndNumberings.docx",
            "cap33.pdf",
            "sample (1).doc"
        ]
    );
    let sizes: Vec<usize> = extraction
        .entries
        .iter()
        .map(|entry| entry.bytes.len())
        .collect();
    assert_eq!(sizes, [19_399, 183_676, 98_304]);
}

#[test]
fn corpus_7z() {
    let Some(bytes) = corpus("hoover-testdata/eml-7-recursive/d.7z") else {
        return;
    };
    let extraction = extract_7z(&bytes, &Limits::default()).unwrap();
    assert_eq!(entry_names(&extraction), ["this/is/deep/recursivitate.eml"]);
    assert!(!extraction.encrypted);
    assert!(extraction.skipped.is_empty());
    let mail = &extraction.entries[0].bytes;
    assert!(mail.starts_with(b"X-Apparently-To: penultim_o@yahoo.com;"));
}
