import KehuCore
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("13800138000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("0086 13800138000", "+8613800138000"),
        ("86 138 0013 8000", nil),                    // a country code needs + or 00
        ("(+86) 199.1234.5678", nil),                 // + must come first
        ("+86 199.1234.5678", "+8619912345678"),
        ("010-12345678", "+861012345678"),
        ("0755 8888 6666", "+8675588886666"),
        ("021-6123 4567", "+862161234567"),
        ("0571-8765432", "+865718765432"),
        ("+86 10 1234 5678", "+861012345678"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("0044 20 7946 0958", "+442079460958"),
        ("12345678901", nil),                         // 1 then 2: not a mobile prefix
        ("1380013800", nil),                          // 10 digits
        ("010-123456", nil),                          // local number too short
        ("0755-123456789", nil),                      // too long
        ("12345", nil),
        ("+0123456789", nil),
        ("+123", nil),
        ("138 0013 8000 ext 12", nil),
        ("", nil),
        ("电话13800138000", nil),
    ] as [(String, String?)])
    func normalises(_ input: String, _ expected: String?) {
        #expect(PhoneNumber.normalize(input) == expected, "\(input)")
    }

    @Test func spellingsOfOneNumber_areEqualOnceNormalised() {
        let forms = ["+86 138-0013-8000", "13800138000", "0086-138-0013-8000", "+8613800138000"]
        #expect(Set(forms.compactMap(PhoneNumber.normalize)).count == 1)
    }
}
