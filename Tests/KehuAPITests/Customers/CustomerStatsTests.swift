import Foundation
import HTTPServer
import KehuCore
import KehuPersistence
import KehuTestSupport
import Testing

/// Stats, stage and tier follow every write (defaults: VIP from ¥50,000, loyal from 5
/// purchases or ¥20,000 in 12 months, churned after 180 silent days).
@Suite struct CustomerStatsTests {
    @Test func purchases_moveTheStageAndTier_andOnlyBaseCurrencyCountsAsSpend() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"陈静"}"#)
        try app.addPurchase(id, amount: 10_000, daysAgo: 10)
        var body = try app.customer(id)
        #expect(body["stage"] as? String == "first_purchase")
        #expect(body["tier"] as? String == "normal")
        #expect(body.stats["purchaseCount"] as? Int == 1)
        try app.addPurchase(id, amount: 99_999_999, currency: "USD", daysAgo: 5)
        body = try app.customer(id)
        #expect(body["stage"] as? String == "repeat")
        #expect(body.stats["totalSpent"] as? Int == 10_000, "USD is not the base currency")
        for _ in 0..<3 { try app.addPurchase(id, amount: 10_000, daysAgo: 2) }
        body = try app.customer(id)
        #expect(body["stage"] as? String == "loyal")
        #expect(body.stats["purchaseCount"] as? Int == 5)
        try app.addPurchase(id, amount: 5_000_000, daysAgo: 1)
        body = try app.customer(id)
        #expect(body["tier"] as? String == "vip")
        #expect(body.stats["totalSpent"] as? Int == 5_040_000)
        let lastPurchase = try #require(body.stats["lastPurchaseAt"] as? String)
        #expect(lastPurchase.hasSuffix("Z"))
    }

    @Test func deletingAPurchase_recomputesEverything() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"刘洋"}"#)
        try app.addPurchase(id, amount: 6_000_000)
        let purchases = try app.call(.get, "/v1/customers/\(id)/purchases").jsonObject?["data"] as? [[String: Any]] ?? []
        let purchaseID = try #require(purchases.first?["id"] as? String)
        #expect(try app.customer(id)["tier"] as? String == "vip")
        #expect(try app.call(.delete, "/v1/customers/\(id)/purchases/\(purchaseID)").status == .noContent)
        let body = try app.customer(id)
        #expect(body["tier"] as? String == "potential")
        #expect(body["stage"] as? String == "potential")
        #expect(body.stats["totalSpent"] as? Int == 0)
    }

    @Test func silence_churnsABuyer_andAnInteractionRevivesIt() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"杨帆"}"#)
        try app.addPurchase(id, amount: 100, daysAgo: 200)
        #expect(try app.customer(id)["stage"] as? String == "churned")
        try app.addInteraction(id, daysAgo: 0)
        let body = try app.customer(id)
        #expect(body["stage"] as? String == "first_purchase")
        #expect(body.stats["interactions30d"] as? Int == 1)
        try app.addInteraction(id, daysAgo: 40)
        #expect(try app.customer(id).stats["interactions30d"] as? Int == 1, "only the last 30 days count")
    }

    @Test func loyalBy12MonthSpend_butNotBySpendOlderThanAYear() throws {
        let app = try TestApplication()
        let recent = try app.createCustomer(#"{"name":"近期大客户"}"#)
        try app.addPurchase(recent, amount: 2_000_000, daysAgo: 30)
        #expect(try app.customer(recent)["stage"] as? String == "loyal")
        let old = try app.createCustomer(#"{"name":"往年客户"}"#)
        try app.addPurchase(old, amount: 2_000_000, daysAgo: 400)
        try app.addInteraction(old)
        #expect(try app.customer(old)["stage"] as? String == "first_purchase")
    }

    /// The sweep (`reclassify(all: false)`) moves the customers time alone moves, and does
    /// not even rewrite a customer who is loyal by purchase count.
    @Test func sweep_movesWhomTimeMoves_andLeavesLoyalByCountAlone() throws {
        let app = try TestApplication()
        let bySpend = try app.createCustomer(#"{"name":"年度大客户"}"#)
        try app.addPurchase(bySpend, amount: 2_000_000, daysAgo: 330)
        try app.addInteraction(bySpend)
        let fading = try app.createCustomer(#"{"name":"渐远客户"}"#)
        try app.addPurchase(fading, amount: 100, daysAgo: 170)
        let byCount = try app.createCustomer(#"{"name":"老主顾"}"#)
        for _ in 0..<5 { try app.addPurchase(byCount, amount: 1_000_000, daysAgo: 300) }
        try app.addInteraction(byCount)
        #expect(try [bySpend, fading, byCount].map { try app.customer($0)["stage"] as? String } == ["loyal", "first_purchase", "loyal"])

        let later = RequestContext(principal: .system, requestID: "classification-sweep", now: Date().addingTimeInterval(100 * 86_400))
        let changed = try SQLiteCustomerRepository(database: app.database).reclassify(rules: .default, all: false, context: later)
        #expect(changed == 2)
        #expect(try [bySpend, fading, byCount].map { try app.customer($0)["stage"] as? String } == ["first_purchase", "churned", "loyal"])
        let spent = try app.database.read { db in try db.scalar("SELECT spent_12m FROM customers WHERE id = ?", [byCount])?.int64Value }
        #expect(spent == 5_000_000, "its purchases are over a year old by then, but a refresh was not needed")
    }

    @Test func changingTheThresholds_reclassifiesEveryone() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"黄磊"}"#)
        try app.addPurchase(id, amount: 100_000)
        #expect(try app.customer(id)["tier"] as? String == "normal")
        let current = try app.call(.get, "/v1/settings/classification")
        #expect(current.jsonObject?["vipSpend"] as? Int == 5_000_000)
        let rules = #"{"baseCurrency":"CNY","vipSpend":50000,"loyalPurchases":5,"loyalSpend12Months":2000000,"churnAfterDays":180}"#
        #expect(try app.call(.put, "/v1/settings/classification", as: .manager, json: rules).status == .forbidden)
        let put = try app.call(.put, "/v1/settings/classification", json: rules)
        #expect(put.status == .ok, "\(put.bodyText)")
        #expect(try app.customer(id)["tier"] as? String == "vip")
        let stale = try app.call(.put, "/v1/settings/classification", json: rules, headers: [("If-Match", "\"0\"")])
        #expect(stale.status == .preconditionFailed)
        let invalid = try app.call(.put, "/v1/settings/classification", json: #"{"baseCurrency":"yuan","vipSpend":0,"loyalPurchases":1,"loyalSpend12Months":1,"churnAfterDays":0}"#)
        #expect(invalid.status == .unprocessableContent)
    }

    @Test func purchaseAndInteractionInput_isValidated() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"孙丽"}"#)
        var response = try app.call(.post, "/v1/customers/\(id)/purchases", json: #"{"amount":-1,"product":"","quantity":0,"currency":"RMB1"}"#)
        #expect(response.status == .unprocessableContent)
        let fields = Set((response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        #expect(fields == ["amount", "product", "quantity", "currency"])
        response = try app.call(.post, "/v1/customers/\(id)/purchases", json: #"{"amount":1.5,"product":"p"}"#)
        #expect(response.status == .unprocessableContent, "money is never fractional")
        response = try app.call(.post, "/v1/customers/\(id)/interactions", json: #"{"channel":"fax","summary":"x","direction":"up"}"#)
        #expect(response.status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/customers/cus_none/interactions", json: #"{"channel":"phone","summary":"x"}"#).status == .notFound)
        #expect(try app.customer(id)["version"] as? Int == 1, "refused writes change nothing")
    }

    @Test func timeline_mergesEveryKind_newestFirst_inOnePaginatedStream() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"type":"company","name":"腾讯科技"}"#)
        try app.addPurchase(id, amount: 100, daysAgo: 3)
        try app.addInteraction(id, summary: "拜访", daysAgo: 2)
        try app.addPurchase(id, amount: 200, daysAgo: 1)
        #expect(try app.call(.post, "/v1/customers/\(id)/contacts", json: #"{"name":"马先生","title":"采购经理","isPrimary":true}"#).status == .created)
        var kinds: [String] = []
        var times: [String] = []
        var cursor: String?
        repeat {
            let page = try app.call(.get, "/v1/customers/\(id)/timeline?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.status == .ok, "\(page.bodyText)")
            let data = page.jsonObject?["data"] as? [[String: Any]] ?? []
            kinds += data.compactMap { $0["kind"] as? String }
            times += data.compactMap { $0["occurredAt"] as? String }
            cursor = page.jsonObject?["nextCursor"] as? String
        } while cursor != nil
        #expect(kinds == ["contact", "purchase", "interaction", "purchase"])
        #expect(times == times.sorted(by: >))
    }
}
