import Foundation
import KehuCore
import Testing
@testable import KehuPersistence

/// The hand-written encoders write exactly what JSONEncoder wrote before them, so that
/// rows stored by either read the same.
@Suite("Stored JSON encoding")
struct StoredJSONEncodingTests {
    static let texts = ["", "压测", "a\"b", "back\\slash", "a/b", "line\nbreak", "tab\t", "\u{1}\u{1F}", "emoji 😀", "e\u{301}", "\u{2028}"]

    func foundation<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    @Test func stringArrays_matchJSONEncoder() {
        #expect(StoredJSON.encode([String]()) == foundation([String]()))
        #expect(StoredJSON.encode(Self.texts) == foundation(Self.texts))
        for text in Self.texts { #expect(StoredJSON.encode([text]) == foundation([text])) }
    }

    @Test func stringMaps_matchJSONEncoder_withKeysInTheSameOrder() {
        let map = Dictionary(uniqueKeysWithValues: Self.texts.enumerated().map { ("k\($0.offset)\($0.element)", $0.element) })
        let mixedKeys = ["b": "1", "B": "2", "张": "3", "a": "4", "_": "5", "Z9": "6", "é": "7", "e\u{301}x": "8"]
        #expect(StoredJSON.encode([String: String]()) == foundation([String: String]()))
        #expect(StoredJSON.encode(map) == foundation(map))
        #expect(StoredJSON.encode(mixedKeys) == foundation(mixedKeys))
    }

    @Test func attributes_matchJSONEncoder() {
        let plain: [String: AttributeValue] = ["vip": .bool(true), "渠道": .string("展会"), "note": .string("a\"b"), "off": .bool(false)]
        let numbers: [String: AttributeValue] = ["size": .number(12), "ratio": .number(0.25), "big": .number(1e20), "name": .string("x")]
        #expect(StoredJSON.encode([String: AttributeValue]()) == foundation([String: AttributeValue]()))
        #expect(StoredJSON.encode(plain) == foundation(plain))
        #expect(StoredJSON.encode(numbers) == foundation(numbers))
    }
}
