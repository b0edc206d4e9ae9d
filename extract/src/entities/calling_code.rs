//! Country calling codes (ITU-T E.164 assignments for countries and
//! territories; the global services such as +800 and +882 are left out, as
//! no one writes them in a letter). Codes are prefix-free: no code is the
//! start of another, so a number has at most one.

/// Two-digit codes.
const TWO_DIGITS: &[&[u8; 2]] = &[
    b"20", b"27", b"30", b"31", b"32", b"33", b"34", b"36", b"39", b"40", b"41", b"43", b"44",
    b"45", b"46", b"47", b"48", b"49", b"51", b"52", b"53", b"54", b"55", b"56", b"57", b"58",
    b"60", b"61", b"62", b"63", b"64", b"65", b"66", b"81", b"82", b"84", b"86", b"90", b"91",
    b"92", b"93", b"94", b"95", b"98",
];

/// Three-digit codes.
const THREE_DIGITS: &[&[u8; 3]] = &[
    b"211", b"212", b"213", b"216", b"218", b"220", b"221", b"222", b"223", b"224", b"225", b"226",
    b"227", b"228", b"229", b"230", b"231", b"232", b"233", b"234", b"235", b"236", b"237", b"238",
    b"239", b"240", b"241", b"242", b"243", b"244", b"245", b"246", b"247", b"248", b"249", b"250",
    b"251", b"252", b"253", b"254", b"255", b"256", b"257", b"258", b"260", b"261", b"262", b"263",
    b"264", b"265", b"266", b"267", b"268", b"269", b"290", b"291", b"297", b"298", b"299", b"350",
    b"351", b"352", b"353", b"354", b"355", b"356", b"357", b"358", b"359", b"370", b"371", b"372",
    b"373", b"374", b"375", b"376", b"377", b"378", b"379", b"380", b"381", b"382", b"383", b"385",
    b"386", b"387", b"389", b"420", b"421", b"423", b"500", b"501", b"502", b"503", b"504", b"505",
    b"506", b"507", b"508", b"509", b"590", b"591", b"592", b"593", b"594", b"595", b"596", b"597",
    b"598", b"599", b"670", b"672", b"673", b"674", b"675", b"676", b"677", b"678", b"679", b"680",
    b"681", b"682", b"683", b"685", b"686", b"687", b"688", b"689", b"690", b"691", b"692", b"850",
    b"852", b"853", b"855", b"856", b"880", b"886", b"960", b"961", b"962", b"963", b"964", b"965",
    b"966", b"967", b"968", b"970", b"971", b"972", b"973", b"974", b"975", b"976", b"977", b"992",
    b"993", b"994", b"995", b"996", b"998",
];

/// `digits` (an international number without its `+`) split into its
/// country code and national number; `None` when no country has the code.
pub(super) fn split(digits: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = match digits {
        [b'1' | b'7', ..] => 1,
        [a, b, ..] if TWO_DIGITS.contains(&&[*a, *b]) => 2,
        [a, b, c, ..] if THREE_DIGITS.contains(&&[*a, *b, *c]) => 3,
        _ => return None,
    };
    Some(digits.split_at(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_country() {
        assert_eq!(split(b"33612345678"), Some((&b"33"[..], &b"612345678"[..])));
        assert_eq!(split(b"17138536161"), Some((&b"1"[..], &b"7138536161"[..])));
        assert_eq!(split(b"35226123456"), Some((&b"352"[..], &b"26123456"[..])));
        assert_eq!(split(b"7495"), Some((&b"7"[..], &b"495"[..])));
    }

    #[test]
    fn unknown_codes() {
        // 28x, 80x and 0 belong to no country.
        assert_eq!(split(b"2812345678"), None);
        assert_eq!(split(b"80012345678"), None);
        assert_eq!(split(b"0612345678"), None);
        assert_eq!(split(b""), None);
        assert_eq!(split(b"3"), None);
    }

    #[test]
    fn no_code_starts_another() {
        for three in THREE_DIGITS {
            assert!(!TWO_DIGITS.contains(&&[three[0], three[1]]), "{three:?}");
            assert!(three[0] != b'1' && three[0] != b'7');
        }
        for two in TWO_DIGITS {
            assert!(two[0] != b'1' && two[0] != b'7');
        }
    }
}
