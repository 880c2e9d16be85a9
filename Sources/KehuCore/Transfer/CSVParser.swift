import Foundation

/// An incremental RFC 4180 CSV parser over UTF-8 bytes: feed it pieces of any size with
/// `consume`, then call `finish`; it calls back once per record as soon as the record ends.
///
/// Accepted (RFC 4180 §2, plus what spreadsheets write): fields separated by commas;
/// records ended by CRLF, LF or a lone CR; quoted fields holding commas, line breaks and
/// doubled quotes (`""` is one `"`). A quote inside an unquoted field is kept as text, as
/// spreadsheets read it. Text after a closing quote (`"a"b`) and a quote still open at the
/// end of the input make that record `malformed`; parsing goes on with the next record.
/// Blank lines are skipped but still counted, so `number` is the row a spreadsheet shows.
///
/// A value type with no I/O; memory is one record at a time. Not thread-safe.
public struct CSVParser {
    /// One record: its fields (decoded as UTF-8) and its 1-based row number.
    public struct Record: Sendable, Equatable {
        /// The fields in order; a malformed one as far as it could be read.
        public var fields: [String]
        /// The record's position among the records of the input, blank lines included.
        public var number: Int
        /// Why the record does not follow the grammar, if it does not.
        public var malformed: String?

        /// A record (tests build expected ones).
        public init(fields: [String], number: Int, malformed: String? = nil) {
            self.fields = fields
            self.number = number
            self.malformed = malformed
        }
    }

    private enum State {
        /// At the start of a field (nothing read yet).
        case fieldStart
        case unquoted
        case quoted
        /// Inside a quoted field, just after a `"`: a second one is a literal quote,
        /// anything else closes the field.
        case quoteInQuoted
        /// After a field's closing quote, before its comma or line end.
        case afterClosingQuote
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var fieldWasQuoted = false
    private var malformed: String?
    /// A CR ended the last record: an LF right after it belongs to the same line end.
    private var skipLF = false
    private var recordCount = 0

    /// A parser at the start of its input.
    public init() {}

    /// Parses `bytes`, calling `emit` for each record completed by them.
    public mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Record) throws -> Void) rethrows {
        var index = 0
        let count = bytes.count
        if skipLF, count > 0 {
            skipLF = false
            if bytes[0] == Self.lf { index = 1 }
        }
        while index < count {
            let byte = bytes[index]
            index += 1
            switch state {
            case .fieldStart, .unquoted:
                if byte == Self.comma {
                    endField()
                } else if byte == Self.lf || byte == Self.cr {
                    try endRecord(emit)
                    if byte == Self.cr {
                        if index < count {
                            if bytes[index] == Self.lf { index += 1 }
                        } else {
                            skipLF = true
                        }
                    }
                } else if byte == Self.quote && state == .fieldStart {
                    state = .quoted
                    fieldWasQuoted = true
                } else {
                    // The common case: copy the run of plain bytes up to the next special one.
                    var end = index
                    while end < count, !Self.isSpecial(bytes[end]) { end += 1 }
                    field.append(byte)
                    if end > index {
                        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                        index = end
                    }
                    state = .unquoted
                }
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    var end = index
                    while end < count, bytes[end] != Self.quote { end += 1 }
                    field.append(byte)
                    if end > index {
                        field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                        index = end
                    }
                }
            case .quoteInQuoted, .afterClosingQuote:
                if byte == Self.quote && state == .quoteInQuoted {
                    field.append(Self.quote)
                    state = .quoted
                } else if byte == Self.comma {
                    endField()
                } else if byte == Self.lf || byte == Self.cr {
                    index -= 1 // handled as a line end by the unquoted branch
                    state = .unquoted
                } else {
                    malformed = malformed ?? "Text follows the closing quote of field \(fields.count + 1); quote the whole field and double the quotes inside it."
                    field.append(byte)
                    state = .afterClosingQuote
                }
            }
        }
    }

    /// Ends the input: emits the last record if it has no line break after it, and flags
    /// a quoted field left open.
    public mutating func finish(_ emit: (Record) throws -> Void) rethrows {
        skipLF = false
        switch state {
        case .fieldStart where fields.isEmpty:
            return
        case .quoted:
            malformed = malformed ?? "A quoted field is not closed before the end of the file."
        default:
            break
        }
        try endRecord(emit)
    }

    /// Convenience for whole inputs and tests: every record of `bytes`.
    public static func records(of bytes: some Collection<UInt8>) -> [Record] {
        var parser = CSVParser()
        var records: [Record] = []
        Array(bytes).withUnsafeBufferPointer { parser.consume($0) { records.append($0) } }
        parser.finish { records.append($0) }
        return records
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == comma || byte == quote || byte == cr || byte == lf
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
        state = .fieldStart
    }

    private mutating func endRecord(_ emit: (Record) throws -> Void) rethrows {
        recordCount += 1
        let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted && malformed == nil
        endField()
        let record = Record(fields: fields, number: recordCount, malformed: malformed)
        fields.removeAll(keepingCapacity: true)
        malformed = nil
        if !blank { try emit(record) }
    }
}
