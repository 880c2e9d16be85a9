import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/analytics/churn-risk` at the epoch, on customers whose events are placed by hand:
///
/// | customer | events (days before the epoch)  | median gap | limit            | silence | over  |
/// | A        | 100, 90 (buys), 80, 70 (calls)  | 10         | 2 × 10 = 20      | 70      | 3.5   |
/// | B        | 50, 40, 20, 15                  | 10         | 20               | 15      | —     |
/// | C (rep)  | 200 (buys), 100                 | (100)      | normal: 90       | 100     | 1.11  |
/// | D        | 190                             | —          | potential: 180   | 190     | 1.06  |
/// | F (VIP)  | 31 (buys)                       | —          | vip: 30          | 31      | 1.03  |
/// | G (rep)  | 40, 39.5, 39                    | 0.5        | 1, raised to 7   | 39      | 5.57  |
/// | H        | nothing: no silence to measure                                         |
@Suite struct ChurnRiskTests {
    static func loaded() throws -> (TestApplication, [String: String]) {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let rep = app.userIDs[.rep]!
        var ids: [String: String] = [:]
        for (name, owner) in [("A", nil), ("B", nil), ("C", rep), ("D", nil), ("F", nil), ("G", rep), ("H", nil)] {
            ids[name] = try app.analyticsCustomer(name, owner: owner, extra: name == "F" ? #","tier":"vip""# : "")
        }
        try app.purchase(ids["A"]!, amount: 1_000, daysAgo: 100)
        try app.purchase(ids["A"]!, amount: 1_000, daysAgo: 90)
        try app.interaction(ids["A"]!, daysAgo: 80)
        try app.interaction(ids["A"]!, daysAgo: 70)
        for day in [50.0, 40, 20, 15] { try app.interaction(ids["B"]!, daysAgo: day) }
        try app.purchase(ids["C"]!, amount: 1_000, daysAgo: 200)
        try app.interaction(ids["C"]!, daysAgo: 100)
        try app.interaction(ids["D"]!, daysAgo: 190)
        try app.purchase(ids["F"]!, amount: 1_000, daysAgo: 31)
        for day in [40.0, 39.5, 39] { try app.interaction(ids["G"]!, daysAgo: day) }
        let archived = try app.analyticsCustomer("X")
        try app.interaction(archived, daysAgo: 300)
        #expect(try app.call(.delete, "/v1/customers/\(archived)").status == .ok)
        return (app, ids)
    }

    /// name, silence, median gap, basis, multiple, limit, over limit, days past.
    static func figures(_ risk: [String: Any]) -> String {
        let numbers = ["silenceDays", "medianGapDays", "multiple", "limitDays", "overLimit", "daysPastLimit"].map { key in
            risk.number(key).map(figure) ?? "null"
        }
        return "\(risk["name"]!) \(risk["basis"]!) " + numbers.joined(separator: " ")
    }

    @Test func ranking_reasons_andEveryNumber() throws {
        let (app, ids) = try Self.loaded()
        let body = try app.analytics("/v1/analytics/churn-risk")
        #expect(body.data.map(Self.figures) == [
            "G own_rhythm 39 0.5 2 7 5.57 32",
            "A own_rhythm 70 10 2 20 3.5 50",
            "C tier 100 100 null 90 1.11 10",
            "D tier 190 null null 180 1.06 10",
            "F tier 31 null null 30 1.03 1",
        ])
        #expect(body.data.map { $0["reason"] as? String } == [
            "No purchase or interaction for 39 days: more than 2× their usual gap of 0.5 days between purchases and interactions (limit 7 days).",
            "No purchase or interaction for 70 days: more than 2× their usual gap of 10 days between purchases and interactions (limit 20 days).",
            "No purchase or interaction for 100 days: past the 90-day limit for normal customers, since 2 purchases and interactions are too few to show a rhythm of their own.",
            "No purchase or interaction for 190 days: past the 180-day limit for potential customers, since 1 purchase or interaction is too few to show a rhythm of their own.",
            "No purchase or interaction for 31 days: past the 30-day limit for vip customers, since 1 purchase or interaction is too few to show a rhythm of their own.",
        ])
        let a = body.data[1]
        #expect(a["id"] as? String == ids["A"])
        #expect(a["events"] as? Int == 4)
        #expect(a["tier"] as? String == "normal")
        #expect(a.date("lastActivityAt") == followUpEpoch.addingTimeInterval(-days(70)))
        #expect(body.date("asOf") == followUpEpoch)
    }

    /// A larger multiple lengthens the rhythm limits only; at 1.5, B's limit is exactly its
    /// silence (15 days), which is not past it.
    @Test func multiple_overridesWithinBounds() throws {
        let (app, _) = try Self.loaded()
        let four = try app.analytics("/v1/analytics/churn-risk?multiple=4").data
        #expect(four.map(Self.figures).prefix(2) == ["G own_rhythm 39 0.5 4 7 5.57 32", "A own_rhythm 70 10 4 40 1.75 30"])
        #expect(four[1]["reason"] as? String
                == "No purchase or interaction for 70 days: more than 4× their usual gap of 10 days between purchases and interactions (limit 40 days).")
        let tight = try app.analytics("/v1/analytics/churn-risk?multiple=1.5").data
        #expect(tight.map { $0["name"] as? String } == ["G", "A", "C", "D", "F"])
        #expect(figure(tight[1].number("limitDays")!) == "15")
        for bad in ["0.5", "11", "abc", "nan"] {
            #expect(try app.problemFields("/v1/analytics/churn-risk?multiple=\(bad)") == ["multiple"], "\(bad)")
        }
        #expect(try app.problemFields("/v1/analytics/churn-risk?tier=vip") == ["tier"])
    }

    @Test func paging_repView_andEmptyDatabase() throws {
        let (app, _) = try Self.loaded()
        var names: [String] = []
        var cursor: String?
        repeat {
            let page = try app.analytics("/v1/analytics/churn-risk?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.data.count <= 2)
            names += page.data.compactMap { $0["name"] as? String }
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        #expect(names == ["G", "A", "C", "D", "F"])
        let first = try app.analytics("/v1/analytics/churn-risk?limit=2")
        let next = try #require(first["nextCursor"] as? String)
        #expect(try app.problemFields("/v1/analytics/churn-risk?multiple=3&cursor=\(next)") == ["cursor"], "a cursor belongs to its multiple")

        #expect(try app.analytics("/v1/analytics/churn-risk", as: .rep).data.map { $0["name"] as? String } == ["G", "C"])
        #expect(try app.call(.get, "/v1/analytics/churn-risk?ownerId=\(app.otherRep.userID)", as: .rep).status == .forbidden)

        let empty = try TestApplication(clock: TestClock(followUpEpoch))
        #expect(try empty.analytics("/v1/analytics/churn-risk").data.isEmpty)
    }

    /// The median gap and event count are kept by every write: a merge moves the source's
    /// events onto the target, undoing it moves them back, deleting a purchase removes one.
    @Test func storedRhythm_followsMergeUndoAndDeletion() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let target = try app.analyticsCustomer("合并目标")
        let source = try app.analyticsCustomer("合并来源")
        try app.purchase(target, amount: 1_000, daysAgo: 100)
        try app.interaction(target, daysAgo: 80)
        try app.interaction(source, daysAgo: 90)
        try app.interaction(source, daysAgo: 60)
        func risk(_ name: String) throws -> String? {
            try app.analytics("/v1/analytics/churn-risk").data.first { $0["name"] as? String == name }.map(Self.figures)
        }
        // Apart, each has two events: normal (90 days) and potential (180) limits, not reached.
        #expect(try risk("合并目标") == nil)
        let merged = try app.call(.post, "/v1/customers/\(target)/merge", json: #"{"sourceId":"\#(source)"}"#)
        #expect(merged.status == .ok || merged.status == .created, "\(merged.bodyText)")
        // Together: 100, 90, 80, 60 days ago, gaps 10, 10, 20, median 10, limit 20, silent 60.
        #expect(try risk("合并目标") == "合并目标 own_rhythm 60 10 2 20 3 40")
        let mergeID = try #require(merged.jsonObject?["id"] as? String)
        let undo = try app.call(.post, "/v1/merges/\(mergeID)/undo")
        #expect(undo.status == .ok, "\(undo.bodyText)")
        #expect(try risk("合并目标") == nil)
        #expect(try risk("合并来源") == nil)
        // Two more calls give 120, 110, 100 (the purchase) and 80 days ago: gaps 10, 10, 20,
        // median 10. Deleting the purchase leaves 120, 110, 80: gaps 10, 30, median 20.
        try app.interaction(target, daysAgo: 120)
        try app.interaction(target, daysAgo: 110)
        #expect(try risk("合并目标") == "合并目标 own_rhythm 80 10 2 20 4 60")
        let purchases = try app.call(.get, "/v1/customers/\(target)/purchases").jsonObject?.data ?? []
        let purchaseID = try #require(purchases.first?["id"] as? String)
        #expect(try app.call(.delete, "/v1/customers/\(target)/purchases/\(purchaseID)").status == .noContent)
        #expect(try risk("合并目标") == "合并目标 own_rhythm 80 20 2 40 2 40")
    }
}
