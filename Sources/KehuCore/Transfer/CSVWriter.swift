/// Writes CSV records (RFC 4180 §2) as UTF-8 bytes: CRLF line ends, and fields quoted
/// only when they hold a comma, a quote or a line break (quotes doubled), so that
/// `CSVParser` reads back exactly what was written. A nil field is written empty.
public enum CSVWriter {
    /// Appends one record and its CRLF to `output`.
    public static func appendRecord(_ fields: [String?], to output: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            guard let field else { continue }
            appendField(field, to: &output)
        }
        output.append(UInt8(ascii: "\r"))
        output.append(UInt8(ascii: "\n"))
    }

    /// Appends one field, quoted if it needs to be.
    public static func appendField(_ field: String, to output: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }
            guard needsQuotes else {
                output.append(contentsOf: bytes)
                return
            }
            output.append(UInt8(ascii: "\""))
            for byte in bytes {
                if byte == UInt8(ascii: "\"") { output.append(byte) }
                output.append(byte)
            }
            output.append(UInt8(ascii: "\""))
        }
    }
}
