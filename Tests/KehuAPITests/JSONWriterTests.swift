import Foundation
import KehuCore
import Testing
@testable import KehuAPI

/// The hand-written customer JSON is byte for byte what JSONEncoder writes.
@Suite struct JSONWriterTests {
    static func customer(tweak: (inout Customer) -> Void = { _ in }) -> Customer {
        var customer = Customer(id: "cus_1", type: .company, name: "深圳\"华为\"\\技术/有限公司\n\t\u{1}", createdAt: Date(timeIntervalSince1970: 1_795_000_000.789))
        customer.phone = "+8613800138000"
        customer.tags = ["重点", "a\"b"]
        customer.attributes = ["级别": .number(3), "比例": .number(0.125), "大数": .number(1e20), "签约": .bool(true), "备注": .string("x/y")]
        customer.stats.lastPurchaseAt = Date(timeIntervalSince1970: 86_399)
        customer.stats.totalSpent = 5_000_000
        customer.notes = nil
        tweak(&customer)
        return customer
    }

    @Test(arguments: [false, true])
    func customerBody_matchesJSONEncoder(_ minimal: Bool) throws {
        let customer = minimal ? Customer(id: "cus_2", type: .individual, name: "张", createdAt: Date(timeIntervalSince1970: 0)) : Self.customer()
        let body = CustomerBody(customer: customer)
        var writer = JSONWriter()
        body.write(to: &writer)
        let encoded = try JSONCoding.encode(body)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }

    @Test func dates_matchISO8601DateFormatter_acrossTheRange() {
        let formatter = ISO8601DateFormatter()
        var seconds = -2_208_988_800.0 // 1900-01-01
        while seconds < 4_102_444_800 { // 2100-01-01
            let date = Date(timeIntervalSince1970: seconds)
            var writer = JSONWriter()
            writer.date(date)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == "\"" + formatter.string(from: date) + "\"")
            seconds += 7_919_993.25
        }
    }

    @Test func customerList_matchesJSONEncoder() throws {
        let list = ListBody(data: [CustomerBody(customer: Self.customer()), CustomerBody(customer: Self.customer { $0.id = "cus_9" })], nextCursor: "abc")
        var writer = JSONWriter()
        list.write(to: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: try JSONCoding.encode(list), as: UTF8.self))
        let empty = ListBody<CustomerBody>(data: [], nextCursor: nil)
        var emptyWriter = JSONWriter()
        empty.write(to: &emptyWriter)
        #expect(String(decoding: emptyWriter.bytes, as: UTF8.self) == String(decoding: try JSONCoding.encode(empty), as: UTF8.self))
    }
}
