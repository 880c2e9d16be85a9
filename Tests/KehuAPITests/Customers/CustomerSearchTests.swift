import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Full-text search that works on Chinese, list filters, sorting and cursors.
@Suite struct CustomerSearchTests {
    static func seeded() throws -> TestApplication {
        let app = try TestApplication()
        try app.createCustomer(#"{"type":"company","name":"深圳华为技术有限公司","region":"广东省/深圳市","industry":"通信","source":"展会","tags":["重点客户"]}"#)
        try app.createCustomer(#"{"name":"张伟","phone":"13800138000","region":"广东省/广州市","company":"广州贸易有限公司","attributes":{"级别":3}}"#)
        try app.createCustomer(#"{"name":"张伟华","email":"zhangwh@example.com","region":"广东省X","notes":"喜欢华为手机"}"#)
        try app.createCustomer(#"{"name":"Alice Wong","email":"alice@example.com","region":"上海市/浦东新区","tags":["英文"],"attributes":{"级别":"3"}}"#)
        return app
    }

    @Test(arguments: [
        ("华为", ["深圳华为技术有限公司"]),
        ("华为手机", ["张伟华"]),
        ("张", ["张伟", "张伟华"]),
        ("深圳华为", ["深圳华为技术有限公司"]),
        ("技术有限", ["深圳华为技术有限公司"]),
        ("1380013", ["张伟"]),
        ("138-0013-8000", ["张伟"]),
        ("+86 138", ["张伟"]),
        ("alice", ["Alice Wong"]),
        ("ALI", ["Alice Wong"]),
        ("example.com", ["张伟华", "Alice Wong"]),
        ("重点", ["深圳华为技术有限公司"]),
        ("张 广州", ["张伟"]),
        ("不存在的", []),
        ("\"引号", []),
    ])
    func search_findsChineseSubstringsPhonesAndEmails(_ query: String, _ expected: [String]) throws {
        let app = try Self.seeded()
        #expect(Set(try app.listNames([("q", query)])) == Set(expected), "q=\(query)")
    }

    @Test func search_ranksNameMatchesFirst() throws {
        let app = try Self.seeded()
        try app.createCustomer(#"{"name":"老广州"}"#)
        #expect(try app.listNames([("q", "张伟")]) == ["张伟", "张伟华"], "the exact name, then names starting with it")
        #expect(try app.listNames([("q", "广州")]) == ["老广州", "张伟"], "a name hit outranks a company hit")
        try app.createCustomer(#"{"name":"某公司","notes":"他们是华为手机的代理"}"#)
        #expect(Set(try app.listNames([("q", "华为手机")])) == ["张伟华", "某公司"], "notes are searched for terms of three or more characters")
        let ranked = try app.listNames([("q", "深圳华为")])
        #expect(ranked.first == "深圳华为技术有限公司", "a name hit outranks a notes hit")
    }

    @Test func filters_areANDed_andRegionMatchesByPathPrefix() throws {
        let app = try Self.seeded()
        #expect(Set(try app.listNames([("region", "广东省")])) == ["深圳华为技术有限公司", "张伟"])
        #expect(try app.listNames([("region", "广东省/深圳市")]) == ["深圳华为技术有限公司"])
        #expect(try app.listNames([("industry", "通信"), ("source", "展会")]) == ["深圳华为技术有限公司"])
        #expect(try app.listNames([("industry", "通信"), ("source", "官网")]).isEmpty)
        #expect(try app.listNames([("tag", "英文")]) == ["Alice Wong"])
        #expect(Set(try app.listNames([("attributes.级别", "3")])) == ["张伟", "Alice Wong"], "3 and \"3\" compare as text")
        #expect(try app.listNames([("attributes.级别", "3"), ("region", "广东省")]) == ["张伟"])
        #expect(try app.listNames([("tier", "potential"), ("stage", "potential"), ("q", "张")]).count == 2)
        #expect(try app.listNames([("ownerId", "usr_nobody")]).isEmpty)
        #expect(try app.listNames([("createdAfter", "2000-01-01"), ("createdBefore", "2999-01-01T00:00:00Z")]).count == 4)
        #expect(try app.listNames([("createdAfter", "2999-01-01")]).isEmpty)
    }

    @Test func badListParameters_are422() throws {
        let app = try Self.seeded()
        for query in ["?q=%00", "?q=a%01b", "?tier=gold", "?sort=-phone", "?createdAfter=yesterday", "?limit=0", "?limit=501", "?cursor=garbage", "?colour=red", "?status=deleted"] {
            let response = try app.call(.get, "/v1/customers" + query)
            #expect(response.status == .unprocessableContent, "\(query): \(response.status)")
        }
    }

    /// Found by contract fuzzing: `?stage=` (and the other enum and time filters, empty)
    /// listed every customer, where every other list answers 422; the export did the same.
    @Test(arguments: ["stage", "tier", "createdAfter", "createdBefore", "sort", "status"])
    func emptyEnumOrTimeFilter_is422_onListAndExport(name: String) throws {
        let app = try Self.seeded()
        for path in ["/v1/customers", "/v1/customers/export"] {
            let response = try app.call(.get, path + "?\(name)=")
            #expect(response.status == .unprocessableContent, "\(path)?\(name)=: \(response.status)")
            #expect(response.jsonObject.flatMap { ($0["errors"] as? [[String: Any]])?.first?["field"] as? String } == name)
        }
    }

    @Test func emptyFreeTextFilter_meansNoFilter() throws {
        let app = try Self.seeded()
        #expect(try app.listNames([("tag", ""), ("region", ""), ("industry", ""), ("source", ""), ("ownerId", "")]).count == 4)
    }

    @Test(arguments: ["name", "-name", "createdAt", "-createdAt", "updatedAt", "-totalSpent", "totalSpent", "lastInteractionAt", "-lastInteractionAt"])
    func cursorPagination_staysCorrect_underConcurrentInsertsAndDeletes(_ sort: String) throws {
        let app = try TestApplication()
        var originals: [String: String] = [:]
        for index in 0..<25 {
            let id = try app.createCustomer(#"{"name":"客户\#(String(format: "%02d", index % 10))号"}"#)
            originals[id] = "客户"
            if index % 3 == 0 { try app.addPurchase(id, amount: (index % 4) * 100) }
            if index % 4 == 0 { try app.addInteraction(id, daysAgo: Double(index)) }
        }
        var seen: [String] = []
        var deleted: Set<String> = []
        var cursor: String?
        var round = 0
        repeat {
            let page = try app.listPage([("sort", sort), ("limit", "4")] + (cursor.map { [("cursor", $0)] } ?? []))
            seen += page.ids
            cursor = page.next
            // Between pages: someone inserts a customer and archives one not yet seen.
            try app.createCustomer(#"{"name":"新客户\#(round)"}"#)
            if let victim = originals.keys.sorted().first(where: { !seen.contains($0) && !deleted.contains($0) }) {
                #expect(try app.call(.delete, "/v1/customers/\(victim)").status == .ok)
                deleted.insert(victim)
            }
            round += 1
        } while cursor != nil && round < 50
        #expect(Set(seen).count == seen.count, "no customer twice (\(sort))")
        let expected = Set(originals.keys).subtracting(deleted)
        #expect(expected.isSubset(of: Set(seen)), "every customer that stayed was listed (\(sort))")
    }

    @Test func sorting_ordersByTheField() throws {
        let app = try TestApplication()
        for (name, amount) in [("乙", 300), ("甲", 100), ("丙", 200)] {
            let id = try app.createCustomer(#"{"name":"\#(name)"}"#)
            try app.addPurchase(id, amount: amount)
        }
        #expect(try app.listNames([("sort", "-totalSpent")]) == ["乙", "丙", "甲"])
        #expect(try app.listNames([("sort", "totalSpent")]) == ["甲", "丙", "乙"])
        #expect(try app.listNames([("sort", "-createdAt")]) == ["丙", "甲", "乙"])
        #expect(try app.listNames([("sort", "name")]) == ["丙", "乙", "甲"].sorted())
    }
}
