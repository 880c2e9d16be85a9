import Foundation
import KehuCore

/// Dates as stored: integer milliseconds since 1970, UTC.
enum StoredTime {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}

/// JSON text for small arrays and maps kept in TEXT columns.
enum StoredJSON {
    /// The shapes every customer write stores, written by hand: a JSONEncoder for each of
    /// them was a sixth of an import's CPU. Same text as `encode(_:)` of the generic kind.
    static func encode(_ strings: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(string, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func encode(_ object: [String: String]) -> String {
        encodeObject(object) { value, bytes in JSONString.append(value, to: &bytes) }
    }

    /// Numbers go through JSONEncoder, whose spelling of a Double the reader expects.
    static func encode(_ attributes: [String: AttributeValue]) -> String {
        if attributes.values.contains(where: { if case .number = $0 { true } else { false } }) {
            return encodeWithFoundation(attributes)
        }
        return encodeObject(attributes) { value, bytes in
            switch value {
            case .string(let text): JSONString.append(text, to: &bytes)
            case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
            case .number: preconditionFailure("numbers were sent to JSONEncoder above")
            }
        }
    }

    /// Keys sorted as `.sortedKeys` sorts them (by their UTF-8 bytes).
    private static func encodeObject<Value>(_ object: [String: Value], _ appendValue: (Value, inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendValue(object[key]!, &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func encode<T: Encodable>(_ value: T) -> String { encodeWithFoundation(value) }

    private static func encodeWithFoundation<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
