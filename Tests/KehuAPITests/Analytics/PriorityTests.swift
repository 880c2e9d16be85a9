import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/analytics/priority` and `/v1/settings/priority` on four customers, scored by
/// hand with the default settings (weights 35 / 15 / 30 / 20; urgency points low 10,
/// normal 20, high 40, critical 70; 20 per overdue follow-up; 6 interactions in 90 days
/// for full points):
///
/// | customer | spend | profit | open feedback | overdue | interactions | M   | P   | U       | I   | score |
/// | A (rep)  | 30000 | 10000  | high, low     | 1       | 3 (+1 older) | 60  | 100 | 70      | 50  | 67    |
/// | B        | 50000 | -5000  | (resolved)    | 0       | 6            | 100 | 0   | 0       | 100 | 55    |
/// | C (rep)  | 10000 | 8000   | high, high    | 2       | 0            | 20  | 80  | 120→100 | 0   | 49    |
/// | D        | 0 (USD only) | 0 | —           | 0       | 0            | 0   | 0   | 0       | 0   | 0     |
///
/// Spend and profit earn 100 × the figure over the 90th-percentile figure of those above
/// zero (nearest rank ⌈0.9·m⌉): spend 10000, 30000, 50000 puts the cap at the 3rd, 50000;
/// profit 8000, 10000 at the 2nd, 10000.
@Suite struct PriorityTests {
    static func loaded() throws -> (TestApplication, [String: String]) {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let rep = app.userIDs[.rep]!
        var ids: [String: String] = [:]
        ids["A"] = try app.analyticsCustomer("A", owner: rep)
        ids["B"] = try app.analyticsCustomer("B")
        ids["C"] = try app.analyticsCustomer("C", owner: rep)
        ids["D"] = try app.analyticsCustomer("D")
        let archived = try app.analyticsCustomer("X")
        try app.purchase(ids["A"]!, amount: 20_000, daysAgo: 10, cost: 10_000)
        try app.purchase(ids["A"]!, amount: 10_000, daysAgo: 20)
        try app.purchase(ids["B"]!, amount: 50_000, daysAgo: 15, cost: 55_000)
        try app.purchase(ids["C"]!, amount: 10_000, daysAgo: 40, cost: 2_000)
        try app.purchase(ids["D"]!, amount: 99_999, daysAgo: 5, currency: "USD")
        try app.purchase(archived, amount: 9_000_000, daysAgo: 5, cost: 1)
        for day in [1.0, 30, 89] { try app.interaction(ids["A"]!, daysAgo: day) }
        try app.interaction(ids["A"]!, daysAgo: 100)
        for day in 1...6 { try app.interaction(ids["B"]!, daysAgo: Double(day)) }
        try app.createFeedback(customer: ids["A"]!, urgency: .high)
        try app.createFeedback(customer: ids["A"]!, urgency: .low)
        let settled = try app.createFeedback(customer: ids["B"]!, urgency: .critical)["id"] as! String
        for step in FeedbackTests.path(to: .resolved) { #expect(try app.move(settled, to: step).status == .ok) }
        try app.createFeedback(customer: ids["C"]!, urgency: .high)
        try app.createFeedback(customer: ids["C"]!, urgency: .high)
        try app.createFollowUp(#"{"customerId":"\#(ids["A"]!)","dueAt":"\#(iso(followUpEpoch.addingTimeInterval(-days(2))))"}"#)
        for hours in [1.0, 30] {
            try app.createFollowUp(#"{"customerId":"\#(ids["C"]!)","dueAt":"\#(iso(followUpEpoch.addingTimeInterval(-hours * 3_600)))"}"#)
        }
        // Due later, and done: neither is overdue.
        try app.createFollowUp(#"{"customerId":"\#(ids["B"]!)","dueAt":"\#(iso(followUpEpoch.addingTimeInterval(days(1))))"}"#)
        let done = try app.createFollowUp(#"{"customerId":"\#(ids["B"]!)","dueAt":"\#(iso(followUpEpoch.addingTimeInterval(-days(3))))"}"#)
        try app.complete(done["id"] as! String)
        #expect(try app.call(.delete, "/v1/customers/\(archived)").status == .ok)
        return (app, ids)
    }

    static func summary(_ entry: [String: Any]) -> String {
        let parts = entry[object: "components"]
        let points = ["monetary", "profit", "urgency", "interactions"].map { figure(parts[object: $0].number("points") ?? -1) }
        return "\(entry["name"]!) \(figure(entry.number("score") ?? -1)) " + points.joined(separator: " ")
    }

    @Test func ranking_everyComponent_handComputed() throws {
        let (app, _) = try Self.loaded()
        let body = try app.analytics("/v1/analytics/priority")
        #expect(body.data.map(Self.summary) == ["A 67 60 100 70 50", "B 55 100 0 0 100", "C 49 20 80 100 0", "D 0 0 0 0 0"])
        #expect(body.date("asOf") == followUpEpoch)
        let a = body.data[0][object: "components"]
        #expect(a[object: "monetary"]["amount"] as? Int == 30_000)
        #expect(a[object: "monetary"]["currency"] as? String == "CNY")
        #expect(a[object: "monetary"]["weight"] as? Int == 35)
        #expect(a[object: "profit"]["amount"] as? Int == 10_000)
        #expect(a[object: "profit"]["weight"] as? Int == 15)
        #expect(a[object: "urgency"]["openFeedback"] as? [String: Int] == ["critical": 0, "high": 1, "low": 1, "normal": 0])
        #expect(a[object: "urgency"]["overdueFollowUps"] as? Int == 1)
        #expect(a[object: "urgency"]["weight"] as? Int == 30)
        #expect(a[object: "interactions"]["count"] as? Int == 3)
        #expect(a[object: "interactions"]["windowDays"] as? Int == 90)
        #expect(a[object: "interactions"]["weight"] as? Int == 20)
        let b = body.data[1][object: "components"]
        #expect(b[object: "profit"]["amount"] as? Int == -5_000)
        #expect(b[object: "monetary"]["amount"] as? Int == 50_000)
        #expect(b[object: "urgency"][object: "openFeedback"]["critical"] as? Int == 0, "resolved feedback is not open")
        #expect(b[object: "urgency"]["overdueFollowUps"] as? Int == 0, "a done task and one due later are not overdue")
        let c = body.data[2][object: "components"]
        #expect(c[object: "urgency"]["overdueFollowUps"] as? Int == 2)
        #expect(body.data[3][object: "components"][object: "monetary"]["amount"] as? Int == 0, "dollars are not counted")
    }

    @Test func paging_andTheRepsBook() throws {
        let (app, _) = try Self.loaded()
        let first = try app.analytics("/v1/analytics/priority?limit=2")
        #expect(first.data.map { $0["name"] as? String } == ["A", "B"])
        let cursor = try #require(first["nextCursor"] as? String)
        let second = try app.analytics("/v1/analytics/priority?limit=2&cursor=\(cursor)")
        #expect(second.data.map { $0["name"] as? String } == ["C", "D"])
        #expect(second["nextCursor"] is NSNull)
        #expect(try app.problemFields("/v1/analytics/priority?cursor=\(cursor)&ownerId=\(app.userIDs[.rep]!)") == ["cursor"])

        // In the rep's book (A, C) the spend cap is A's 30000 (2nd of 10000, 30000), so A has
        // full spend points and C a third: A 35·100 + 15·100 + 30·70 + 20·50 = 81,
        // C 35·33.33 + 15·80 + 30·100 = 53.67.
        let own = try app.analytics("/v1/analytics/priority", as: .rep)
        #expect(own.data.map(Self.summary) == ["A 81 100 100 70 50", "C 53.67 33.33 80 100 0"])
        #expect(try app.call(.get, "/v1/analytics/priority?ownerId=\(app.otherRep.userID)", as: .rep).status == .forbidden)
        #expect(try app.problemFields("/v1/analytics/priority?from=2026-01-01") == ["from"])
    }

    @Test func settings_changeTheRanking_andAreValidated() throws {
        let (app, _) = try Self.loaded()
        let defaults = try app.call(.get, "/v1/settings/priority", as: .viewer)
        #expect(defaults.status == .ok)
        #expect(defaults.headers["ETag"] == "\"0\"")
        #expect(defaults.jsonObject?[object: "weights"]["monetary"] as? Int == 35)
        // Urgency alone: C (100), A (70), then B and D at 0 in file order.
        let urgencyOnly = """
            {"weights":{"monetary":0,"profit":0,"urgency":1,"interactions":0},
             "urgencyPoints":{"low":10,"normal":20,"high":40,"critical":70},
             "overdueFollowUpPoints":20,"interactionWindowDays":90,"interactionsForFullPoints":6}
            """
        let put = try app.call(.put, "/v1/settings/priority", json: urgencyOnly, headers: [("If-Match", "\"0\"")])
        #expect(put.status == .ok, "\(put.bodyText)")
        #expect(put.headers["ETag"] == "\"1\"")
        #expect(try app.analytics("/v1/analytics/priority").data.map(Self.summary)
                == ["C 100 20 80 100 0", "A 70 60 100 70 50", "B 0 100 0 0 100", "D 0 0 0 0 0"])
        #expect(try app.call(.put, "/v1/settings/priority", json: urgencyOnly, headers: [("If-Match", "\"0\"")]).status == .preconditionFailed)
        // A shorter window and fewer interactions for full points: A's three in 90 days
        // become one in 7 (the one a day ago), worth 100 · 1/2 = 50.
        let shortWindow = urgencyOnly.replacingOccurrences(of: #""urgency":1,"interactions":0"#, with: #""urgency":0,"interactions":1"#)
            .replacingOccurrences(of: "\"interactionWindowDays\":90", with: "\"interactionWindowDays\":7")
            .replacingOccurrences(of: "\"interactionsForFullPoints\":6", with: "\"interactionsForFullPoints\":2")
        #expect(try app.call(.put, "/v1/settings/priority", json: shortWindow).status == .ok)
        let engaged = try app.analytics("/v1/analytics/priority").data
        #expect(engaged.map(Self.summary) == ["B 100 100 0 0 100", "A 50 60 100 70 50", "C 0 20 80 100 0", "D 0 0 0 0 0"])
        #expect(engaged[1][object: "components"][object: "interactions"]["count"] as? Int == 1)

        let bad: [(String, [String])] = [
            (urgencyOnly.replacingOccurrences(of: #""monetary":0"#, with: #""monetary":-5"#), ["weights.monetary"]),
            (urgencyOnly.replacingOccurrences(of: #""urgency":1"#, with: #""urgency":0"#), ["weights"]),
            (urgencyOnly.replacingOccurrences(of: #""interactions":0}"#, with: #""interactions":0,"loyalty":3}"#), ["weights.loyalty"]),
            (urgencyOnly.replacingOccurrences(of: #""critical":70"#, with: #""critical":70,"urgent":80"#), ["urgencyPoints.urgent"]),
            (urgencyOnly.replacingOccurrences(of: #""critical":70"#, with: #""critical":170"#), ["urgencyPoints.critical"]),
            (urgencyOnly.replacingOccurrences(of: "\"overdueFollowUpPoints\":20,", with: ""), ["overdueFollowUpPoints"]),
            (urgencyOnly.replacingOccurrences(of: "\"interactionWindowDays\":90", with: "\"interactionWindowDays\":0"), ["interactionWindowDays"]),
            (urgencyOnly.replacingOccurrences(of: "\"interactionsForFullPoints\":6", with: "\"interactionsForFullPoints\":\"6\""), ["interactionsForFullPoints"]),
            (urgencyOnly.replacingOccurrences(of: "\"overdueFollowUpPoints\"", with: "\"staleDays\":3,\"overdueFollowUpPoints\""), ["staleDays"]),
        ]
        for (body, fields) in bad {
            #expect(try app.problemFields("/v1/settings/priority", method: .put, json: body) == fields, "\(body)")
        }
        // Refused changes changed nothing.
        let stored = try app.call(.get, "/v1/settings/priority")
        #expect(stored.headers["ETag"] == "\"2\"")
        #expect(stored.jsonObject?["interactionWindowDays"] as? Int == 7)
    }

    @Test func emptyDatabase_answersAnEmptyRanking() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let body = try app.analytics("/v1/analytics/priority")
        #expect(body.data.isEmpty)
        #expect(body["nextCursor"] is NSNull)
        // One customer with nothing at all: every part 0, no division by zero.
        _ = try app.analyticsCustomer("空")
        #expect(try app.analytics("/v1/analytics/priority").data.map(Self.summary) == ["空 0 0 0 0 0"])
    }
}
