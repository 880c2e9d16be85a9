import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `/v1/deals` through the real router on a real SQLite file, at a clock set by hand.
@Suite struct DealTests {
    @Test func create_defaults_location_andETag() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"华为采购部","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let response = try app.call(.post, "/v1/deals", json: #"{"customerId":"\#(customer)","title":"  服务器扩容  ","amount":1288000}"#)
        #expect(response.status == .created, "\(response.bodyText)")
        let deal = try #require(response.jsonObject)
        let id = try #require(deal["id"] as? String)
        #expect(response.headers["Location"] == "/v1/deals/\(id)")
        #expect(response.headers["ETag"] == "\"1\"")
        #expect(deal["title"] as? String == "服务器扩容")
        #expect(deal["amount"] as? Int == 1_288_000)
        #expect(deal["currency"] as? String == "CNY")
        #expect(deal["stage"] as? String == "lead")
        #expect(deal["furthestStage"] as? String == "lead")
        #expect(deal["ownerId"] as? String == app.userIDs[.rep], "the customer's owner by default")
        #expect(deal["createdBy"] as? String == app.userIDs[.admin])
        #expect(deal.date("stageEnteredAt") == followUpEpoch)
        #expect(deal["closedAt"] is NSNull && deal["lostReason"] is NSNull && deal["purchaseId"] is NSNull && deal["expectedCloseAt"] is NSNull)
        #expect(deal["allowedStages"] as? [String] == ["qualified", "proposal", "negotiation", "won", "lost"])
        #expect(try app.call(.get, "/v1/deals/\(id)").jsonObject?["title"] as? String == "服务器扩容")

        let stints = try app.dealStages(id)
        #expect(stints.count == 1)
        #expect(stints[0]["from"] is NSNull && stints[0]["to"] as? String == "lead" && stints[0]["leftAt"] is NSNull)
        #expect(stints[0].date("at") == followUpEpoch && stints[0]["actorId"] as? String == app.userIDs[.admin])

        // Explicit values, a later stage, and a customer without an owner: the caller owns it.
        let unowned = try app.createCustomer(#"{"name":"无主客户"}"#)
        #expect(try app.call(.patch, "/v1/customers/\(unowned)", json: #"{"ownerId":null}"#).jsonObject?["ownerId"] is NSNull)
        let other = try app.createDeal(customer: unowned, amount: 0, extra: #","currency":"usd","stage":"proposal","expectedCloseAt":"2026-12-31T16:00:00Z","notes":"年底前""#,
                                       as: .manager)
        #expect(other["currency"] as? String == "USD" && other["amount"] as? Int == 0)
        #expect(other["stage"] as? String == "proposal" && other["furthestStage"] as? String == "proposal")
        #expect(other["ownerId"] as? String == app.userIDs[.manager])
        #expect(other["expectedCloseAt"] as? String == "2026-12-31T16:00:00Z" && other["notes"] as? String == "年底前")
    }

    @Test func create_validatesEveryField_andChangesNothingOnBadInput() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"校验客户"}"#)
        let base = #""customerId":"\#(customer)","title":"t","amount":100"#
        let cases: [(String, String)] = [
            (#"{"customerId":"\#(customer)","title":"  ","amount":100}"#, "title"),
            (#"{"customerId":"\#(customer)","title":"\#(String(repeating: "长", count: 201))","amount":100}"#, "title"),
            (#"{"customerId":"\#(customer)","title":"t","amount":-1}"#, "amount"),
            (#"{"customerId":"\#(customer)","title":"t","amount":12.5}"#, "amount"),
            (#"{"customerId":"\#(customer)","title":"t","amount":"100"}"#, "amount"),
            (#"{"customerId":"\#(customer)","title":"t","amount":10000000000001}"#, "amount"),
            (#"{"customerId":"\#(customer)","title":"t"}"#, "amount"),
            ("{\(base),\"currency\":\"RMB1\"}", "currency"),
            ("{\(base),\"stage\":\"won\"}", "stage"),
            ("{\(base),\"stage\":\"lost\"}", "stage"),
            ("{\(base),\"stage\":\"closing\"}", "stage"),
            ("{\(base),\"expectedCloseAt\":\"next week\"}", "expectedCloseAt"),
            ("{\(base),\"notes\":\"\(String(repeating: "记", count: 5_001))\"}", "notes"),
            ("{\(base),\"lostReason\":\"x\"}", "lostReason"),
            ("{\(base),\"ownerId\":\"usr_nobody\"}", "ownerId"),
            ("{\(base),\"ownerId\":\"\(app.userIDs[.viewer]!)\"}", "ownerId"),
            (#"{"customerId":"cus_nobody","title":"t","amount":100}"#, "customerId"),
        ]
        for (body, field) in cases {
            let response = try app.call(.post, "/v1/deals", json: body)
            #expect(response.status == .unprocessableContent, "\(field): \(response.bodyText)")
            #expect(response.bodyText.contains(#""field":"\#(field)""#), "\(field): \(response.bodyText)")
        }
        #expect(try app.call(.post, "/v1/deals", json: "{\(base)").status == .badRequest)
        #expect(try app.dealIDs("").isEmpty)
        #expect(try app.eventTypes(of: customer) == ["customer.created"])
        // An archived customer takes no new deals.
        #expect(try app.call(.delete, "/v1/customers/\(customer)").status == .ok)
        #expect(try app.call(.post, "/v1/deals", json: "{\(base)}").status == .unprocessableContent)
    }

    @Test func stageChanges_keepEveryStint_andFollowTheWorkflow() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"流程客户"}"#)
        let id = try app.createDeal(customer: customer)["id"] as! String
        clock.advance(by: days(2))
        let skipped = try app.movedDeal(id, to: .proposal, extra: #","note":"直接报价""#)
        #expect(skipped["furthestStage"] as? String == "proposal" && skipped["version"] as? Int == 2)
        clock.advance(by: days(1))
        let back = try app.movedDeal(id, to: .qualified, extra: #","note":"需求要重新确认""#)
        #expect(back["stage"] as? String == "qualified" && back["furthestStage"] as? String == "proposal", "moving back keeps how far it got")

        // Losing needs a reason; a reason or a purchase belongs to its own move only.
        for (stage, extra, field) in [(DealStage.lost, "", "lostReason"), (.lost, #","lostReason":"  ""#, "lostReason"),
                                      (.negotiation, #","lostReason":"贵""#, "lostReason"), (.lost, #","lostReason":"贵","recordPurchase":true"#, "recordPurchase"),
                                      (.qualified, #","recordPurchase":"yes""#, "recordPurchase"), (.qualified, #","到":1"#, "到")] {
            let response = try app.moveDeal(id, to: stage, extra: extra)
            #expect(response.status == .unprocessableContent, "\(stage) \(extra): \(response.bodyText)")
            #expect(response.bodyText.contains(#""field":"\#(field)""#), "\(response.bodyText)")
        }
        let same = try app.moveDeal(id, to: .qualified)
        #expect(same.status == .conflict && same.jsonObject?["currentStatus"] as? String == "qualified", "\(same.bodyText)")
        #expect(try app.moveDeal(id, to: .lost, extra: #","lostReason":"x""#, headers: [("If-Match", "\"2\"")]).status == .preconditionFailed)

        clock.advance(by: days(1))
        let lost = try app.movedDeal(id, to: .lost, extra: #","lostReason":"客户预算不足","note":"明年再谈""#)
        #expect(lost["lostReason"] as? String == "客户预算不足" && lost.date("closedAt") == clock.now)
        #expect(lost["allowedStages"] as? [String] == ["lead", "qualified", "proposal", "negotiation", "won"])
        clock.advance(by: days(3))
        let reopened = try app.movedDeal(id, to: .negotiation)
        #expect(reopened["lostReason"] is NSNull && reopened["closedAt"] is NSNull && reopened["furthestStage"] as? String == "negotiation")
        clock.advance(by: days(1))
        let won = try app.movedDeal(id, to: .won)
        #expect(won["furthestStage"] as? String == "won" && won.date("closedAt") == clock.now && won["purchaseId"] is NSNull)
        #expect(won["allowedStages"] as? [String] == [] && won["version"] as? Int == 6)
        for stage in DealStage.allCases {
            let refused = try app.moveDeal(id, to: stage, extra: stage == .lost ? #","lostReason":"x""# : "")
            #expect(refused.status == .conflict, "won is final: \(stage)")
            #expect(refused.jsonObject?["allowedTransitions"] as? [String] == [])
        }

        let stints = try app.dealStages(id)
        #expect(stints.map { $0["to"] as? String } == ["lead", "proposal", "qualified", "lost", "negotiation", "won"])
        #expect(stints.map { $0["from"] as? String } == [nil, "lead", "proposal", "qualified", "lost", "negotiation"])
        let entered = [0.0, 2, 3, 4, 7, 8].map { followUpEpoch.addingTimeInterval(days($0)) }
        #expect(stints.map { $0.date("at") } == entered)
        #expect(stints.map { $0.date("leftAt") } == Array(entered.dropFirst()) + [nil])
        #expect(stints[1]["note"] as? String == "直接报价" && stints[3]["lostReason"] as? String == "客户预算不足" && stints[3]["note"] as? String == "明年再谈")
        #expect(stints[4]["lostReason"] is NSNull && stints.allSatisfy { $0["actorId"] as? String == app.userIDs[.admin] })
        // Paged by sequence.
        let first = try #require(try app.call(.get, "/v1/deals/\(id)/stages?limit=4").jsonObject)
        let cursor = try #require(first["nextCursor"] as? String)
        let rest = try app.call(.get, "/v1/deals/\(id)/stages?limit=4&cursor=\(cursor)").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(rest.map { $0["to"] as? String } == ["negotiation", "won"])
        #expect(try app.call(.get, "/v1/deals/\(id)/stages?cursor=-1").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/deals/\(id)/stages?sort=at").status == .unprocessableContent)
        #expect(try app.eventTypes(of: id) == ["deal.created"] + Array(repeating: "deal.stage_changed", count: 5))
    }

    @Test func winning_withRecordPurchase_isAPurchaseLikeAnyOther() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"新客户","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        #expect(try app.customer(customer)["stage"] as? String == "potential")
        let id = try app.createDeal(customer: customer, title: "门店装修", amount: 6_000_000, as: .rep)["id"] as! String
        let versionBefore = try app.customer(customer)["version"] as! Int
        clock.advance(by: 3_600)
        let won = try app.movedDeal(id, to: .won, extra: #","recordPurchase":true,"note":"签约""#, as: .rep)
        let purchaseID = try #require(won["purchaseId"] as? String)

        let purchases = try app.call(.get, "/v1/customers/\(customer)/purchases").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(purchases.count == 1)
        let purchase = try #require(purchases.first)
        #expect(purchase["id"] as? String == purchaseID && purchase["amount"] as? Int == 6_000_000 && purchase["currency"] as? String == "CNY")
        #expect(purchase["product"] as? String == "门店装修" && purchase["channel"] as? String == "deal" && purchase.date("purchasedAt") == clock.now)
        // Stats, tier and stage as after POST /v1/customers/{id}/purchases: VIP from 5,000,000
        // fen spent, loyal from 2,000,000 within a year.
        let after = try app.customer(customer)
        #expect(after.stats["purchaseCount"] as? Int == 1 && after.stats["totalSpent"] as? Int == 6_000_000)
        #expect(after["stage"] as? String == "loyal" && after["tier"] as? String == "vip")
        #expect(after["version"] as? Int == versionBefore + 1)
        #expect(try app.eventTypes(of: purchaseID) == ["purchase.created"])
        #expect(try app.eventTypes(of: customer).suffix(1) == ["customer.reclassified"])
        #expect(try app.eventTypes(of: id) == ["deal.created", "deal.stage_changed"])
        let audit = try app.call(.get, "/v1/audit?entityId=\(id)").jsonObject?["data"] as? [[String: Any]] ?? []
        let moved = try #require(audit.first { $0["action"] as? String == "stage_changed" })
        #expect(moved[object: "values"]["purchaseId"] as? String == purchaseID && moved[object: "values"]["to"] as? String == "won")
        #expect(moved["actorId"] as? String == app.userIDs[.rep])
        let timeline = try app.call(.get, "/v1/customers/\(customer)/timeline").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(timeline.map { $0["kind"] as? String } == ["purchase", "deal"])
        let entry = timeline[1]
        #expect(entry["id"] as? String == id && entry["title"] as? String == "门店装修")
        #expect(entry[object: "detail"]["stage"] as? String == "won" && entry[object: "detail"]["purchaseId"] as? String == purchaseID)

        // Deleting the purchase leaves the deal won, without a purchase.
        #expect(try app.call(.delete, "/v1/customers/\(customer)/purchases/\(purchaseID)").status == .noContent)
        #expect(try app.call(.get, "/v1/deals/\(id)").jsonObject?["purchaseId"] is NSNull)

        // A deal on an archived customer can be won, but not with a purchase: nothing changes.
        let second = try app.createDeal(customer: customer, as: .rep)["id"] as! String
        #expect(try app.call(.delete, "/v1/customers/\(customer)", as: .manager).status == .ok)
        let refused = try app.moveDeal(second, to: .won, extra: #","recordPurchase":true"#)
        #expect(refused.status == .conflict, "\(refused.bodyText)")
        #expect(try app.call(.get, "/v1/deals/\(second)").jsonObject?["stage"] as? String == "lead")
        #expect(try app.dealStages(second).count == 1)
        #expect(try app.movedDeal(second, to: .won)["stage"] as? String == "won")
    }
}
