import Foundation
import KehuCore

/// Reads the two JSON columns every customer row carries (`tags`, `attributes`) without
/// Foundation's JSON machinery, which was a tenth of a list page's CPU. It understands
/// exactly what `StoredJSON.encode` writes (flat arrays of strings, flat objects of
/// strings, numbers and booleans) and returns nil for anything else, so the caller can
/// fall back to JSONSerialization.
struct StoredJSONScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    /// `["a","b"]`, or nil.
    static func strings(_ text: String) -> [String]? {
        var scanner = StoredJSONScanner(text)
        guard scanner.consume(UInt8(ascii: "[")) else { return nil }
        var result: [String] = []
        if scanner.consume(UInt8(ascii: "]")) { return scanner.atEnd ? result : nil }
        repeat {
            guard let value = scanner.string() else { return nil }
            result.append(value)
        } while scanner.consume(UInt8(ascii: ","))
        return scanner.consume(UInt8(ascii: "]")) && scanner.atEnd ? result : nil
    }

    /// `{"k":"v","n":1.5,"b":true}`, or nil.
    static func attributes(_ text: String) -> [String: AttributeValue]? {
        var scanner = StoredJSONScanner(text)
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        var result: [String: AttributeValue] = [:]
        if scanner.consume(UInt8(ascii: "}")) { return scanner.atEnd ? result : nil }
        repeat {
            guard let key = scanner.string(), scanner.consume(UInt8(ascii: ":")), let value = scanner.attributeValue() else { return nil }
            result[key] = value
        } while scanner.consume(UInt8(ascii: ","))
        return scanner.consume(UInt8(ascii: "}")) && scanner.atEnd ? result : nil
    }

    private var atEnd: Bool { index == bytes.count }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func attributeValue() -> AttributeValue? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        default:
            let start = index
            while index < bytes.count, "0123456789+-.eE".utf8.contains(bytes[index]) { index += 1 }
            guard index > start, let number = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { return nil }
            return .number(number)
        }
    }

    private mutating func literal(_ word: String) -> Bool {
        let utf8 = Array(word.utf8)
        guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
        index += utf8.count
        return true
    }

    /// A string without escapes; one with a backslash is left to JSONSerialization.
    private mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let value = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return value
    }
}
