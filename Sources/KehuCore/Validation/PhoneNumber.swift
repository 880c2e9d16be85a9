/// Phone numbers as Kehu stores and matches them: E.164 (`+8613800138000`), so that
/// `+86 138-0013-8000`, `0086 13800138000` and `13800138000` are one number.
///
/// Accepted: Chinese mobile numbers (11 digits, `1[3-9]…`), Chinese landlines with their
/// trunk `0` and area code (`010-12345678`, `0755 8888 6666`; 2- or 3-digit area codes,
/// 7- or 8-digit local numbers), and international numbers written with `+` or `00`
/// (8 to 15 digits after the country code's start, per ITU-T E.164). Spaces, dashes, dots
/// and parentheses are ignored; letters and anything else are refused. An extension is not
/// part of the number (not supported).
public enum PhoneNumber {
    /// The E.164 form, or nil if `text` is not a phone number Kehu accepts.
    public static func normalize(_ text: String) -> String? {
        var digits = ""
        var plus = false
        for (index, character) in text.trimmingWhitespace().enumerated() {
            switch character {
            case "0"..."9": digits.append(character)
            case "+" where index == 0: plus = true
            case " ", "-", ".", "(", ")", "\u{00A0}": continue
            default: return nil
            }
        }
        if !plus, digits.hasPrefix("00") {
            digits.removeFirst(2)
            plus = true
        }
        if plus {
            if digits.hasPrefix("86") { return chinese(String(digits.dropFirst(2)), international: true) }
            guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
            return "+" + digits
        }
        return chinese(digits, international: false)
    }

    /// A Chinese number without country code: a mobile, or a landline with trunk 0
    /// (dialled from abroad without it, hence `international`).
    private static func chinese(_ digits: String, international: Bool) -> String? {
        let bytes = Array(digits.utf8)
        if bytes.count == 11, bytes[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1]) {
            return "+86" + digits
        }
        var national = digits
        if !international {
            guard national.hasPrefix("0") else { return nil }
            national.removeFirst()
        }
        // Area code (2 digits for 10 and 2x, else 3) plus a 7- or 8-digit local number.
        guard let first = national.first, first != "0", first != "1" || national.hasPrefix("10") else { return nil }
        let areaLength = national.hasPrefix("10") || national.hasPrefix("2") ? 2 : 3
        let local = national.count - areaLength
        guard (7...8).contains(local) else { return nil }
        return "+86" + national
    }
}

import Foundation
