import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Who sees and changes which deal, edits by merge patch, the journal, merges and idempotency.
@Suite struct DealAccessTests {
    @Test func reps_seeTheirDealsAndDealsOnTheirCustomers_only() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let rep = app.userIDs[.rep]!
        let mine = try app.createCustomer(#"{"name":"我的","ownerId":"\#(rep)"}"#, as: .manager)
        let theirs = try app.createCustomer(#"{"name":"别人的","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let onMine = try app.createDeal(customer: mine, as: .rep)["id"] as! String
        let onMineTheirs = try app.createDeal(customer: mine, extra: #","ownerId":"\#(app.otherRep.userID)""#, as: .manager)["id"] as! String
        let onTheirs = try app.createDeal(customer: theirs, as: .manager)["id"] as! String
        let mineOnTheirs = try app.createDeal(customer: theirs, extra: #","ownerId":"\#(rep)""#, as: .manager)["id"] as! String

        #expect(Set(try app.dealIDs("", as: .rep)) == [onMine, onMineTheirs, mineOnTheirs])
        #expect(Set(try app.dealIDs("", key: app.otherRep.key)) == [onMineTheirs, onTheirs, mineOnTheirs])
        #expect(Set(try app.dealIDs("?customerId=\(theirs)", as: .rep)) == [mineOnTheirs], "filters only narrow")
        #expect(Set(try app.dealIDs("", as: .viewer)).count == 4)
        for path in ["/v1/deals/\(onTheirs)", "/v1/deals/\(onTheirs)/stages"] {
            #expect(try app.call(.get, path, as: .rep).status == .notFound, "\(path)")
        }
        #expect(try app.call(.patch, "/v1/deals/\(onTheirs)", as: .rep, json: #"{"title":"x"}"#).status == .notFound)
        #expect(try app.moveDeal(onTheirs, to: .qualified, as: .rep).status == .notFound)
        #expect(try app.moveDeal(mineOnTheirs, to: .qualified, as: .rep).status == .ok)
        // Reps sell on their own customers, as themselves.
        #expect(try app.call(.post, "/v1/deals", as: .rep, json: #"{"customerId":"\#(theirs)","title":"t","amount":1}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/deals", as: .rep,
                             json: #"{"customerId":"\#(mine)","title":"t","amount":1,"ownerId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        #expect(try app.call(.patch, "/v1/deals/\(onMine)", as: .rep, json: #"{"ownerId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        #expect(try app.call(.patch, "/v1/deals/\(onMineTheirs)", as: .rep, json: #"{"ownerId":"\#(rep)"}"#).status == .ok, "taking one over")
        // Viewers read only.
        #expect(try app.call(.get, "/v1/deals/\(onTheirs)", as: .viewer).status == .ok)
        #expect(try app.moveDeal(onMine, to: .qualified, as: .viewer).status == .forbidden)
        #expect(try app.call(.post, "/v1/deals", as: .viewer, json: #"{"customerId":"\#(mine)","title":"t","amount":1}"#).status == .forbidden)
    }

    @Test func patch_isAMergePatch_withIfMatch_andAJournalEntry() throws {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"编辑客户"}"#)
        let id = try app.createDeal(customer: customer, extra: #","expectedCloseAt":"2026-12-31T00:00:00Z","notes":"初步意向""#)["id"] as! String
        clock.advance(by: 60)
        let response = try app.call(.patch, "/v1/deals/\(id)", as: .manager, json: """
            {"title":"年度采购（扩大）","amount":250000,"currency":"usd","expectedCloseAt":null,"notes":null,"ownerId":"\(app.otherRep.userID)"}
            """, headers: [("If-Match", "\"1\"")])
        #expect(response.status == .ok, "\(response.bodyText)")
        #expect(response.headers["ETag"] == "\"2\"")
        let deal = try #require(response.jsonObject)
        #expect(deal["title"] as? String == "年度采购（扩大）" && deal["amount"] as? Int == 250_000 && deal["currency"] as? String == "USD")
        #expect(deal["expectedCloseAt"] is NSNull && deal["notes"] is NSNull && deal["ownerId"] as? String == app.otherRep.userID)
        #expect(deal.date("updatedAt") == clock.now && deal["stage"] as? String == "lead")
        // Nothing new: the same version; stale: 412; bad members: 422 naming them.
        #expect(try app.call(.patch, "/v1/deals/\(id)", json: #"{"amount":250000}"#).jsonObject?["version"] as? Int == 2)
        #expect(try app.call(.patch, "/v1/deals/\(id)", json: #"{"amount":1}"#, headers: [("If-Match", "\"1\"")]).status == .preconditionFailed)
        let cases: [(String, String)] = [
            (#"{"stage":"won"}"#, "stage"), (#"{"customerId":"cus_x"}"#, "customerId"), (#"{"title":null}"#, "title"),
            (#"{"title":" "}"#, "title"), (#"{"amount":-5}"#, "amount"), (#"{"amount":1.5}"#, "amount"), (#"{"amount":"9"}"#, "amount"),
            (#"{"currency":"元"}"#, "currency"), (#"{"ownerId":null}"#, "ownerId"), (#"{"ownerId":"\#(app.userIDs[.viewer]!)"}"#, "ownerId"),
            (#"{"expectedCloseAt":"2026-12-31"}"#, "expectedCloseAt"), (#"{"lostReason":"太贵"}"#, "lostReason"), (#"{"probability":50}"#, "probability"),
            (#"{"notes":7}"#, "notes"),
        ]
        for (body, field) in cases {
            let refused = try app.call(.patch, "/v1/deals/\(id)", json: body)
            #expect(refused.status == .unprocessableContent, "\(field): \(refused.bodyText)")
            #expect(refused.bodyText.contains(#""field":"\#(field)""#), "\(field): \(refused.bodyText)")
        }
        #expect(try app.call(.get, "/v1/deals/\(id)").jsonObject?["version"] as? Int == 2, "refused patches change nothing")
        // A lost deal's reason can be reworded, not removed.
        try app.movedDeal(id, to: .lost, extra: #","lostReason":"太贵""#)
        #expect(try app.call(.patch, "/v1/deals/\(id)", json: #"{"lostReason":"预算被砍"}"#).jsonObject?["lostReason"] as? String == "预算被砍")
        #expect(try app.call(.patch, "/v1/deals/\(id)", json: #"{"lostReason":null}"#).status == .unprocessableContent)

        #expect(try app.eventTypes(of: id) == ["deal.created", "deal.updated", "deal.stage_changed", "deal.updated"])
        let audit = try app.call(.get, "/v1/audit?entityType=deal&entityId=\(id)").jsonObject?["data"] as? [[String: Any]] ?? []
        let edit = try #require(audit.last { $0["action"] as? String == "updated" })
        #expect(Set(edit["changedFields"] as? [String] ?? []) == ["title", "amount", "currency", "expectedCloseAt", "notes", "ownerId"])
        #expect(edit[object: "values"]["amount"] as? String == "250000" && edit[object: "values"]["ownerId"] as? String == app.otherRep.userID)
        #expect(edit[object: "values"]["title"] == nil, "titles and notes stay out of the audit trail")
        #expect(edit["actorId"] as? String == app.userIDs[.manager])
        let created = try #require(audit.first { $0["action"] as? String == "created" })
        #expect(created[object: "values"]["stage"] as? String == "lead" && created[object: "values"]["customerId"] as? String == customer)
    }

    @Test func merge_movesTheSourcesDeals_andUndoMovesThemBack() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let target = try app.createCustomer(#"{"name":"合并目标","phone":"13800000001"}"#)
        let source = try app.createCustomer(#"{"name":"合并来源","phone":"13800000001"}"#, query: "?allowDuplicate=true")
        let deal = try app.createDeal(customer: source)["id"] as! String
        try app.movedDeal(deal, to: .proposal)
        let preview = try #require(try app.call(.post, "/v1/customers/\(target)/merge", json: #"{"sourceId":"\#(source)","dryRun":true}"#).jsonObject)
        #expect(preview[object: "moves"]["deals"] as? [String] == [deal])
        let merged = try app.call(.post, "/v1/customers/\(target)/merge", json: #"{"sourceId":"\#(source)"}"#)
        #expect(merged.status == .created, "\(merged.bodyText)")
        #expect(merged.jsonObject?[object: "moves"]["deals"] as? [String] == [deal])
        #expect(try app.call(.get, "/v1/deals/\(deal)").jsonObject?["customerId"] as? String == target)
        #expect(try app.dealIDs("?customerId=\(target)") == [deal])
        #expect(try app.dealStages(deal).count == 2, "the history stays with the deal")
        let mergeID = try #require(merged.jsonObject?["id"] as? String)
        #expect(try app.call(.post, "/v1/merges/\(mergeID)/undo").status == .ok)
        #expect(try app.call(.get, "/v1/deals/\(deal)").jsonObject?["customerId"] as? String == source)
        // Erasing a customer erases its deals with their history.
        #expect(try app.call(.delete, "/v1/customers/\(source)?erase=true").status == .noContent)
        #expect(try app.call(.get, "/v1/deals/\(deal)").status == .notFound)
    }

    @Test func idempotencyKey_replaysTheCreate() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"重试客户"}"#)
        let body = #"{"customerId":"\#(customer)","title":"重试","amount":100}"#
        let first = try app.call(.post, "/v1/deals", json: body, headers: [("Idempotency-Key", "deal-1")])
        let again = try app.call(.post, "/v1/deals", json: body, headers: [("Idempotency-Key", "deal-1")])
        #expect(first.status == .created && again.status == .created)
        #expect(first.jsonObject?["id"] as? String == again.jsonObject?["id"] as? String)
        #expect(try app.dealIDs("").count == 1)
        let other = try app.call(.post, "/v1/deals", json: body.replacingOccurrences(of: "100", with: "200"), headers: [("Idempotency-Key", "deal-1")])
        #expect(other.status == .unprocessableContent)
    }
}
