/// Trimming without Foundation's `CharacterSet`, which cost an eighth of an import's CPU.
/// The sets are the same: `.whitespacesAndNewlines` is Unicode's White_Space property plus
/// U+200B ZERO WIDTH SPACE (so Foundation on Linux has it), and `.whitespaces` is that
/// without the line and paragraph separators.
extension StringProtocol {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`.
    public func trimmingWhitespace() -> String { trimming(Self.isWhitespace) }

    /// `trimmingCharacters(in: .whitespaces)`: spaces and tabs, not line breaks.
    public func trimmingSpaces() -> String { trimming { Self.isWhitespace($0) && !Self.isLineBreak($0) } }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value == 0x200B
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    private func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex), let whole = self as? String {
            return whole
        }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
