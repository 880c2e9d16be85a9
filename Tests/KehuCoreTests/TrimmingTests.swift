import Foundation
import KehuCore
import Testing

/// The hand-written trims must agree with Foundation's, which they replace.
@Suite("Trimming")
struct TrimmingTests {
    static let samples = [
        "", " ", "\t\n", "张伟", "  张伟  ", "\u{3000}华为\u{3000}", "\u{00A0}x\u{00A0}", "\n line \r\n",
        "a b", " \u{2028}para\u{2029} ", "\u{0085}next\u{0085}", "\u{200B}zero width\u{200B}", " \u{301}accent",
        "e\u{301} ", "\u{FEFF}bom", "\u{1680}ogham\u{202F}", "\u{205F}x\u{2000}\u{200A}", "\u{000B}\u{000C}v",
    ]

    @Test(arguments: samples)
    func trimmingWhitespace_matchesFoundation(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(text[...].trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: samples)
    func trimmingSpaces_matchesFoundation(_ text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func everyWhitespaceScalar_isTreatedAsFoundationDoes() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)x\(scalar)"
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
        }
    }
}
