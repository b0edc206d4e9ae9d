//! The few bytes every PDF needs, shared by the text pages that poppler
//! renders ([`super::page`]) and the image-only scans ([`super::scan_pdf`]):
//! numbered objects, a cross-reference table and a trailer. Objects may be
//! reserved first and written later, so that a page tree can name pages
//! not yet written.

/// A PDF file being written.
#[derive(Debug)]
pub struct PdfFile {
    bytes: Vec<u8>,
    /// The offset of each object, by number − 1; `None` until written.
    offsets: Vec<Option<usize>>,
}

impl Default for PdfFile {
    fn default() -> Self {
        PdfFile::new()
    }
}

impl PdfFile {
    /// An empty PDF 1.4 file (the binary comment line marks it as 8-bit,
    /// as the specification advises).
    pub fn new() -> PdfFile {
        PdfFile {
            bytes: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            offsets: Vec::new(),
        }
    }

    /// The number of a new object, to be written later.
    pub fn reserve(&mut self) -> u32 {
        self.offsets.push(None);
        self.offsets.len() as u32
    }

    /// Writes object `id` (from [`PdfFile::reserve`]) with `body`.
    pub fn write(&mut self, id: u32, body: &[u8]) {
        self.offsets[id as usize - 1] = Some(self.bytes.len());
        self.bytes
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
        self.bytes.extend_from_slice(body);
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    /// Writes object `id` as a stream: `dictionary` holds every entry but
    /// `/Length`, which is added.
    pub fn write_stream(&mut self, id: u32, dictionary: &str, data: &[u8]) {
        let mut body = format!("<< {dictionary} /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.write(id, &body);
    }

    /// Adds a new object and returns its number.
    pub fn add(&mut self, body: &[u8]) -> u32 {
        let id = self.reserve();
        self.write(id, body);
        id
    }

    /// The finished file whose catalog is object `root`.
    ///
    /// # Panics
    /// When a reserved object was never written: a bug of the caller.
    pub fn finish(self, root: u32) -> Vec<u8> {
        self.finish_trailer(root, None)
    }

    /// The finished file whose catalog is object `root` and whose
    /// document information dictionary (title, author…) is object `info`.
    ///
    /// # Panics
    /// When a reserved object was never written: a bug of the caller.
    pub fn finish_with_info(self, root: u32, info: u32) -> Vec<u8> {
        self.finish_trailer(root, Some(info))
    }

    fn finish_trailer(mut self, root: u32, info: Option<u32>) -> Vec<u8> {
        let xref = self.bytes.len();
        let count = self.offsets.len() + 1;
        let mut table = format!("xref\n0 {count}\n0000000000 65535 f \n");
        for (index, offset) in self.offsets.iter().enumerate() {
            let offset = offset.unwrap_or_else(|| panic!("object {} never written", index + 1));
            table.push_str(&format!("{offset:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {count} /Root {root} 0 R {}>>\nstartxref\n{xref}\n%%EOF\n",
            info.map(|info| format!("/Info {info} 0 R "))
                .unwrap_or_default()
        ));
        self.bytes.extend_from_slice(table.as_bytes());
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let mut pdf = PdfFile::new();
        let later = pdf.reserve();
        let first = pdf.add(b"<< /Type /Catalog >>");
        pdf.write(later, b"(written second)");
        let bytes = pdf.finish(first);
        // Offsets count bytes: search the bytes (the binary comment line
        // would shift a lossy string's positions).
        let find = |needle: &[u8]| {
            bytes
                .windows(needle.len())
                .position(|window| window == needle)
        };
        let text = String::from_utf8_lossy(&bytes);
        for id in [later, first] {
            let offset = find(format!("\n{id} 0 obj").as_bytes()).unwrap() + 1;
            assert!(text.contains(&format!("{offset:010} 00000 n")), "{text}");
        }
        assert!(text.ends_with("%%EOF\n"));
    }
}
