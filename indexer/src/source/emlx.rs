//! Apple Mail `.emlx`: a line with the message length in bytes, the message,
//! then an XML property list of flags.

/// The RFC 5322 message inside an `.emlx` file. When the byte count is
/// damaged, everything after the first line is taken rather than losing mail.
pub fn emlx_message(bytes: &[u8]) -> &[u8] {
    let Some(line_end) = bytes.iter().position(|&b| b == b'\n') else {
        return bytes;
    };
    let rest = &bytes[line_end + 1..];
    let count = std::str::from_utf8(&bytes[..line_end])
        .ok()
        .and_then(|line| line.trim().parse::<usize>().ok());
    match count {
        Some(count) if count <= rest.len() => &rest[..count],
        _ => rest,
    }
}
