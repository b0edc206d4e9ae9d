//! The image-only PDF a scanner writes: one JPEG per page, embedded as an
//! image XObject (`/DCTDecode`, the JPEG bytes as they are), no text layer
//! at all, each page sized from its image at the scan's resolution.

use super::pdf::PdfFile;

/// One scanned page: a JPEG and what its header says.
#[derive(Debug, Clone)]
pub struct ScannedPage {
    /// The JPEG file.
    pub jpeg: Vec<u8>,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Grey (one component) rather than colour.
    pub grey: bool,
}

/// A PDF of `pages`, each `dpi` dots per inch.
pub fn scan_pdf(pages: &[ScannedPage], dpi: u32) -> Vec<u8> {
    let mut pdf = PdfFile::new();
    let catalog = pdf.reserve();
    let tree = pdf.reserve();
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let image = pdf.reserve();
        let contents = pdf.reserve();
        let id = pdf.reserve();
        let colour_space = if page.grey { "DeviceGray" } else { "DeviceRGB" };
        pdf.write_stream(
            image,
            &format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /{colour_space} \
                 /BitsPerComponent 8 /Filter /DCTDecode",
                page.width, page.height
            ),
            &page.jpeg,
        );
        let points = |pixels: u32| f64::from(pixels) * 72.0 / f64::from(dpi);
        let (width, height) = (points(page.width), points(page.height));
        // The image space is the unit square: scale it to the page.
        pdf.write_stream(
            contents,
            "",
            format!("q {width:.2} 0 0 {height:.2} 0 0 cm /Scan Do Q").as_bytes(),
        );
        pdf.write(
            id,
            format!(
                "<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {width:.2} {height:.2}] \
                 /Resources << /XObject << /Scan {image} 0 R >> >> /Contents {contents} 0 R >>"
            )
            .as_bytes(),
        );
        kids.push(format!("{id} 0 R"));
    }
    pdf.write(
        tree,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    pdf.write(
        catalog,
        format!("<< /Type /Catalog /Pages {tree} 0 R >>").as_bytes(),
    );
    pdf.finish(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_draws_its_image_at_the_resolution() {
        let page = ScannedPage {
            jpeg: b"\xff\xd8 not really \xff\xd9".to_vec(),
            width: 600,
            height: 300,
            grey: true,
        };
        let pdf = scan_pdf(&[page.clone(), page], 300);
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Subtype /Image").count(), 2);
        assert!(text.contains("/Count 2"));
        assert!(text.contains("/MediaBox [0 0 144.00 72.00]"), "{text}");
        assert!(!text.contains("Tj"));
    }
}
