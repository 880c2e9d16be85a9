import Foundation
import KehuCore
import Testing
@testable import KehuPersistence

/// The fast reader of the tags and attributes columns agrees with StoredJSON's writer.
@Suite struct StoredJSONScannerTests {
    @Test func readsWhatStoredJSONWrites() {
        let attributes: [String: AttributeValue] = ["级别": .string("A/B"), "n": .number(3), "half": .number(-0.5), "big": .number(1e20),
                                                    "t": .bool(true), "f": .bool(false), "empty": .string("")]
        #expect(StoredJSONScanner.attributes(StoredJSON.encode(attributes)) == attributes)
        #expect(StoredJSONScanner.attributes("{}") == [:])
        let tags = ["重点", "a b", ""]
        #expect(StoredJSONScanner.strings(StoredJSON.encode(tags)) == tags)
        #expect(StoredJSONScanner.strings("[]") == [])
    }

    @Test func leavesEscapesAndOddInputToTheFallback() {
        #expect(StoredJSONScanner.strings(StoredJSON.encode(["a\"b"])) == nil)
        #expect(CustomerRow.tags(StoredJSON.encode(["a\"b", "c\\d"])) == ["a\"b", "c\\d"])
        #expect(CustomerRow.attributes(StoredJSON.encode(["k": AttributeValue.string("line\nbreak")])) == ["k": .string("line\nbreak")])
        for odd in ["", "[", "[1]", "{\"a\":}", "{\"a\":null}", "[\"a\"] x", "{\"a\":tru}"] {
            #expect(StoredJSONScanner.strings(odd) == nil && StoredJSONScanner.attributes(odd) == nil, "\(odd)")
        }
    }
}
