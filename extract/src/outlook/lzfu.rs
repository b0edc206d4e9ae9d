//! Compressed RTF (`PR_RTF_COMPRESSED`, [MS-OXRTFCP]): the LZFu format
//! Outlook stores RTF bodies in.

/// The dictionary's initial contents (MS-OXRTFCP 2.1.2.1).
const PREBUF: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

const COMPRESSED: u32 = 0x7546_5A4C; // "LZFu"
const UNCOMPRESSED: u32 = 0x414C_454D; // "MELA"

/// Each reference expands to at most 17 bytes from 2: output beyond this
/// many times the input is a lie of the header.
const MAX_RATIO: usize = 9;

/// The RTF in a `PR_RTF_COMPRESSED` value, or `None` when it is not one.
pub(crate) fn decompress_rtf(data: &[u8]) -> Option<Vec<u8>> {
    let word = |at: usize| -> Option<u32> {
        let bytes = data.get(at..at + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    };
    let raw_size = usize::try_from(word(4)?).ok()?;
    let kind = word(8)?;
    let body = data.get(16..)?;
    match kind {
        UNCOMPRESSED => Some(body.get(..raw_size.min(body.len()))?.to_vec()),
        COMPRESSED => Some(decompress(body, raw_size.min(body.len() * MAX_RATIO + 16))),
        _ => None,
    }
}

fn decompress(body: &[u8], max: usize) -> Vec<u8> {
    let mut dictionary = [0u8; 4096];
    dictionary[..PREBUF.len()].copy_from_slice(PREBUF);
    let mut write = PREBUF.len();
    let mut out = Vec::with_capacity(max.min(1 << 20));
    let mut input = body.iter().copied();
    'outer: while let Some(control) = input.next() {
        for bit in 0..8 {
            if out.len() >= max {
                break 'outer;
            }
            if control & (1 << bit) == 0 {
                let Some(byte) = input.next() else {
                    break 'outer;
                };
                out.push(byte);
                dictionary[write] = byte;
                write = (write + 1) % dictionary.len();
            } else {
                let (Some(high), Some(low)) = (input.next(), input.next()) else {
                    break 'outer;
                };
                let reference = u16::from_be_bytes([high, low]);
                let offset = usize::from(reference >> 4);
                let length = usize::from(reference & 0x0F) + 2;
                if offset == write {
                    break 'outer;
                }
                for i in 0..length {
                    let byte = dictionary[(offset + i) % dictionary.len()];
                    out.push(byte);
                    dictionary[write] = byte;
                    write = (write + 1) % dictionary.len();
                }
            }
        }
    }
    out.truncate(max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prebuf_is_207_bytes() {
        assert_eq!(PREBUF.len(), 207);
    }

    #[test]
    fn decompresses_the_specification_example() {
        // MS-OXRTFCP 3.1.1: "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n".
        let data = [
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        let rtf = decompress_rtf(&data).unwrap();
        assert_eq!(rtf, b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
    }

    #[test]
    fn garbage_does_not_panic() {
        assert_eq!(decompress_rtf(b""), None);
        let mut data = vec![0xFF; 64];
        data[8..12].copy_from_slice(&COMPRESSED.to_le_bytes());
        assert!(decompress_rtf(&data).is_some());
    }
}
