import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Duplicates, merge (nothing lost), dry runs and undo.
@Suite struct CustomerMergeTests {
    struct Pair {
        let app: TestApplication
        let target: String
        let source: String
    }

    static func pair() throws -> Pair {
        let app = try TestApplication()
        let target = try app.createCustomer("""
            {"name":"王强","phone":"13800000001","company":"华强北电子","tags":["老客户"],"attributes":{"级别":"A","渠道":"线下"}}
            """)
        let source = try app.createCustomer("""
            {"name":"王强","phone":"13800000001","email":"wq@example.com","company":"华强北电子","wechat":"wq88",
             "tags":["老客户","微信活跃"],"attributes":{"级别":"B","生日月":5},"notes":"另一个档案"}
            """, query: "?allowDuplicate=true")
        for amount in [1_000, 2_000] { try app.addPurchase(source, amount: amount) }
        try app.addPurchase(target, amount: 500)
        try app.addInteraction(source, summary: "微信沟通")
        #expect(try app.call(.post, "/v1/customers/\(source)/contacts", json: #"{"name":"王太太"}"#).status == .created)
        return Pair(app: app, target: target, source: source)
    }

    @Test func duplicates_listsPairsWithReasons() throws {
        let pair = try Self.pair()
        try pair.app.createCustomer(#"{"name":"无关客户","phone":"13900000009"}"#)
        let response = try pair.app.call(.get, "/v1/customers/duplicates")
        #expect(response.status == .ok)
        let data = response.jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(data.count == 1)
        let ids = Set((data.first?["customers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(ids == [pair.target, pair.source])
        #expect(data.first?["reasons"] as? [String] == ["same_name_and_company", "same_phone"])
    }

    @Test func dryRun_saysWhatWouldMoveAndConflicts_andWritesNothing() throws {
        let pair = try Self.pair()
        let before = try pair.app.customer(pair.target)
        let response = try pair.app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.source)","dryRun":true}"#)
        #expect(response.status == .ok, "\(response.bodyText)")
        let body = try #require(response.jsonObject)
        let moves = try #require(body["moves"] as? [String: [String]])
        #expect(moves["purchases"]?.count == 2)
        #expect(moves["interactions"]?.count == 1)
        #expect(moves["contacts"]?.count == 1)
        #expect(moves["tags"] == ["微信活跃"])
        #expect(moves["attributes"] == ["生日月"])
        #expect(Set(moves["fields"] ?? []) == ["email", "wechat", "notes"])
        let conflicts = body["conflicts"] as? [[String: String]] ?? []
        #expect(conflicts.contains { $0["field"] == "attributes.级别" && $0["targetValue"] == "A" && $0["sourceValue"] == "B" })
        #expect(try pair.app.customer(pair.target)["version"] as? Int == before["version"] as? Int)
        #expect(try pair.app.customer(pair.source)["status"] as? String == "active")
    }

    @Test func merge_losesNothing_andTheSourceIdStillResolves() throws {
        let pair = try Self.pair()
        let app = pair.app
        let response = try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.source)"}"#)
        #expect(response.status == .created, "\(response.bodyText)")
        let mergeID = try #require(response.jsonObject?["id"] as? String)
        #expect(response.headers["Location"] == "/v1/merges/\(mergeID)")
        let target = try app.customer(pair.target)
        #expect(target.stats["purchaseCount"] as? Int == 3)
        #expect(target.stats["totalSpent"] as? Int == 3_500)
        #expect(Set(target["tags"] as? [String] ?? []) == ["老客户", "微信活跃"])
        let attributes = target["attributes"] as? [String: Any] ?? [:]
        #expect(attributes["级别"] as? String == "A" && attributes["生日月"] as? Int == 5)
        #expect(target["email"] as? String == "wq@example.com" && target["wechat"] as? String == "wq88")
        let purchases = try app.call(.get, "/v1/customers/\(pair.target)/purchases").jsonObject?["data"] as? [Any]
        #expect(purchases?.count == 3)
        let interactions = try app.call(.get, "/v1/customers/\(pair.target)/interactions").jsonObject?["data"] as? [Any]
        #expect(interactions?.count == 1)
        let contacts = try app.call(.get, "/v1/customers/\(pair.target)/contacts").jsonObject?["data"] as? [[String: Any]]
        #expect(contacts?.first?["name"] as? String == "王太太")
        let timeline = try app.call(.get, "/v1/customers/\(pair.target)/timeline").jsonObject?["data"] as? [Any]
        #expect(timeline?.count == 5)
        // The source keeps its own values (the conflicting 级别 = B too) and points at the target.
        let sourceResponse = try app.call(.get, "/v1/customers/\(pair.source)")
        #expect(sourceResponse.status == .ok)
        #expect(sourceResponse.headers["Link"] == "</v1/customers/\(pair.target)>; rel=\"canonical\"")
        let source = try #require(sourceResponse.jsonObject)
        #expect(source["status"] as? String == "merged" && source["mergedInto"] as? String == pair.target)
        #expect((source["attributes"] as? [String: Any])?["级别"] as? String == "B")
        #expect(try app.listNames([]).count == 1, "the merged source leaves lists")
        #expect(try app.call(.get, "/v1/customers/duplicates").jsonObject?["data"] as? [Any] == nil
                || (try app.call(.get, "/v1/customers/duplicates").jsonObject?["data"] as? [Any])?.isEmpty == true)
        let record = try app.call(.get, "/v1/merges/\(mergeID)")
        #expect(record.status == .ok && record.jsonObject?["sourceId"] as? String == pair.source)
        #expect(try app.call(.get, "/v1/events").bodyText.contains("customer.merged"))
    }

    @Test func undo_putsBothSidesBackAsTheyWere() throws {
        let pair = try Self.pair()
        let app = pair.app
        let targetBefore = try app.customer(pair.target)
        let sourceBefore = try app.customer(pair.source)
        let merge = try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.source)"}"#)
        let mergeID = try #require(merge.jsonObject?["id"] as? String)
        let undo = try app.call(.post, "/v1/merges/\(mergeID)/undo")
        #expect(undo.status == .ok, "\(undo.bodyText)")
        #expect(undo.jsonObject?["undoneAt"] is String)
        let ignored: Set<String> = ["version", "updatedAt"]
        for (before, id) in [(targetBefore, pair.target), (sourceBefore, pair.source)] {
            let after = try app.customer(id)
            func canonical(_ object: [String: Any]) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: object.filter { !ignored.contains($0.key) }, options: .sortedKeys), as: UTF8.self)
            }
            #expect(try canonical(before) == canonical(after), "\(id)")
        }
        #expect((try app.call(.get, "/v1/customers/\(pair.source)/purchases").jsonObject?["data"] as? [Any])?.count == 2)
        #expect(try app.call(.post, "/v1/merges/\(mergeID)/undo").status == .conflict, "only once")
    }

    @Test func undo_isRefused_afterEitherSideChanged() throws {
        let pair = try Self.pair()
        let app = pair.app
        let merge = try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.source)"}"#)
        let mergeID = try #require(merge.jsonObject?["id"] as? String)
        try app.addInteraction(pair.target, summary: "合并后的沟通")
        let undo = try app.call(.post, "/v1/merges/\(mergeID)/undo")
        #expect(undo.status == .conflict)
        #expect(try app.customer(pair.source)["status"] as? String == "merged")
    }

    @Test func merge_refusesItselfMissingOrMergedSources_andRespectsOwnership() throws {
        let pair = try Self.pair()
        let app = pair.app
        #expect(try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.target)"}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"cus_none"}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/customers/\(pair.target)/merge", as: .rep, json: #"{"sourceId":"\#(pair.source)"}"#).status == .notFound)
        #expect(try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.source)"}"#).status == .created)
        #expect(try app.call(.post, "/v1/customers/\(pair.target)/merge", json: #"{"sourceId":"\#(pair.source)"}"#).status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/merges/mrg_none").status == .notFound)
    }
}
