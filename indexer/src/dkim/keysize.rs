//! The size of a DKIM public key, read from its TXT record: a reporter is
//! told how strong the key was, and a key under 1024 bits proves nothing
//! (512-bit keys were factored for a few dollars as early as 2012). mail-auth
//! does not expose the size, so the `p=` tag is decoded here: a
//! SubjectPublicKeyInfo, or a bare PKCS#1 RSAPublicKey as some signers
//! publish, each a few DER elements deep.

use base64::Engine;

/// Smallest RSA key whose signature is taken as evidence.
pub const MIN_RSA_BITS: u32 = 1024;

/// The key of a record: its type and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySize {
    /// RSA, modulus bits.
    Rsa(u32),
    /// Ed25519 (always 256 bits).
    Ed25519,
}

impl KeySize {
    /// Bits of the key.
    pub fn bits(self) -> u32 {
        match self {
            KeySize::Rsa(bits) => bits,
            KeySize::Ed25519 => 256,
        }
    }

    /// True for an RSA key too short to prove anything.
    pub fn is_weak(self) -> bool {
        matches!(self, KeySize::Rsa(bits) if bits < MIN_RSA_BITS)
    }
}

/// The key size of a DKIM TXT record, `None` when it has no readable key.
pub fn key_size(record: &str) -> Option<KeySize> {
    let mut key_type = "rsa";
    let mut public = None;
    for tag in record.split(';') {
        let Some((name, value)) = tag.split_once('=') else {
            continue;
        };
        match name.trim() {
            "k" => key_type = value.trim(),
            "p" => public = Some(value),
            _ => {}
        }
    }
    let compact: String = public?.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .ok()?;
    if key_type.eq_ignore_ascii_case("ed25519") {
        return (der.len() == 32).then_some(KeySize::Ed25519);
    }
    rsa_modulus_bits(&der).map(KeySize::Rsa)
}

/// Bits of the modulus of an RSA key in SubjectPublicKeyInfo or PKCS#1 DER.
fn rsa_modulus_bits(der: &[u8]) -> Option<u32> {
    let (sequence, _) = element(der, 0x30)?;
    // SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { algorithm }, BIT STRING }.
    if let Some((_, rest)) = element(sequence, 0x30) {
        let (bits, _) = element(rest, 0x03)?;
        let (&unused, key) = bits.split_first()?;
        if unused != 0 {
            return None;
        }
        return rsa_modulus_bits(key);
    }
    // RSAPublicKey: SEQUENCE { INTEGER modulus, INTEGER exponent }.
    let (modulus, _) = element(sequence, 0x02)?;
    let digits = match modulus.iter().position(|&byte| byte != 0) {
        Some(first) => &modulus[first..],
        None => return None,
    };
    let bits = digits.len() as u32 * 8 - digits[0].leading_zeros();
    Some(bits)
}

/// The contents of the DER element at the start of `input` if its tag is
/// `tag`, and what follows it.
fn element(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&found, rest) = input.split_first()?;
    if found != tag {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |length, &byte| (length << 8) | usize::from(byte));
        (length, &rest[count..])
    };
    (rest.len() >= length).then(|| rest.split_at(length))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_record(selector: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/dkim/keys.zone");
        let text = std::fs::read_to_string(path).unwrap();
        let file = super::super::KeyFile::parse(&text).unwrap();
        file.get(selector, "example.org").unwrap().to_string()
    }

    #[test]
    fn sizes_of_rsa_and_ed25519_keys() {
        assert_eq!(key_size(&fixture_record("s2017")), Some(KeySize::Rsa(2048)));
        // A 512-bit key, as some domains published until the 2010s.
        let size = key_size(&fixture_record("weak")).unwrap();
        assert_eq!(size, KeySize::Rsa(512));
        assert!(size.is_weak());
        let ed = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
        assert_eq!(key_size(ed), Some(KeySize::Ed25519));
        assert_eq!(KeySize::Ed25519.bits(), 256);
    }

    #[test]
    fn unreadable_keys_have_no_size() {
        for record in [
            "v=DKIM1; p=",
            "v=DKIM1; p=!!!",
            "v=DKIM1; p=MAMCAQA=",
            "p=MIIB",
        ] {
            assert_eq!(key_size(record), None, "{record}");
        }
        // A length that runs past the end.
        assert_eq!(
            rsa_modulus_bits(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
            None
        );
    }
}
