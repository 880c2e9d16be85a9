import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `/v1/analytics/overview` over a small company built by hand through the API.
@Suite struct OverviewAnalyticsTests {
    /// Now: 2026-11-23T02:00Z. The period is 1-21 November (20 days), so the previous one is
    /// 12 October to 1 November.
    static let now = instant("2026-11-23T02:00:00Z")
    static let period = "from=2026-11-01T00:00:00Z&to=2026-11-21T00:00:00Z"

    /// Customers (created; owner; tier as set or computed; stage from purchases):
    ///
    /// | customer | created     | owner | tier      | purchases (fen, at)                                   | stage          |
    /// |----------|-------------|-------|-----------|-------------------------------------------------------|----------------|
    /// | C8       | 10-01       | other | normal    | 500 on 09-01                                          | first_purchase |
    /// | C5       | 10-20 prev. | rep   | potential | none                                                  | potential      |
    /// | C9       | 10-25 prev. | none  | normal    | five of 100 on 08-01…08-05                            | loyal          |
    /// | C1       | 11-02 new   | rep   | vip (set) | 100,000 on 11-05; 50,000 on 10-15; USD 2,000 on 11-10 | repeat         |
    /// | C2       | 11-03 new   | rep   | normal    | 30,000 on 11-20 23:00; 7,000 on 11-21 00:00 (= to: out) | repeat       |
    /// | C3       | 11-04 new   | other | normal    | 20,000 on 10-12 00:00 (= previous from: in); 999 a second before (out) | repeat |
    /// | C4       | 11-05 new   | none  | archived  |                                                       |                |
    /// | C6       | 11-22 after | rep   | potential | none                                                  | potential      |
    ///
    /// Open feedback (now): FA on C1 open 10 h (response due after 8 h: overdue); FB on C2
    /// acknowledged, 1 h old; FC on C3 resolved; FD on C1 in progress 80 h (resolution due
    /// after 72 h: overdue). Pending follow-ups: on C1 due a day ago, on C3 due two days
    /// ago (both overdue), on C2 due tomorrow; one on C1 due three days ago is done.
    /// NPS answers: C1 10 on 11-10, C3 3 on 11-11, C2 8 on 10-20 (previous period: out).
    static func seed() throws -> TestApplication {
        let clock = TestClock(instant("2026-10-01T00:00:00Z"))
        let app = try TestApplication(clock: clock)
        let rep = app.userIDs[.rep]!, other = app.otherRep.userID
        func customer(_ name: String, created: String, owner: String?, extra: String = "") throws -> String {
            clock.set(instant(created))
            return try app.createCustomer(#"{"name":"\#(name)"\#(owner.map { #","ownerId":"\#($0)""# } ?? "")\#(extra)}"#)
        }
        let c8 = try customer("C8", created: "2026-10-01T00:00:00Z", owner: other)
        _ = try customer("C5", created: "2026-10-20T00:00:00Z", owner: rep)
        let c9 = try customer("C9", created: "2026-10-25T00:00:00Z", owner: nil)
        let c1 = try customer("C1", created: "2026-11-02T00:00:00Z", owner: rep, extra: #","tier":"vip""#)
        let c2 = try customer("C2", created: "2026-11-03T00:00:00Z", owner: rep)
        let c3 = try customer("C3", created: "2026-11-04T00:00:00Z", owner: other)
        let c4 = try customer("C4", created: "2026-11-05T00:00:00Z", owner: nil)
        _ = try customer("C6", created: "2026-11-22T00:00:00Z", owner: rep)
        clock.set(now)
        #expect(try app.call(.delete, "/v1/customers/\(c4)").status == .ok)
        try app.recordPurchase(c8, amount: 500, at: instant("2026-09-01T00:00:00Z"))
        for day in 1...5 { try app.recordPurchase(c9, amount: 100, at: instant("2026-08-0\(day)T00:00:00Z")) }
        try app.recordPurchase(c1, amount: 100_000, at: instant("2026-11-05T00:00:00Z"))
        try app.recordPurchase(c1, amount: 50_000, at: instant("2026-10-15T00:00:00Z"))
        try app.recordPurchase(c1, amount: 2_000, currency: "USD", at: instant("2026-11-10T00:00:00Z"))
        try app.recordPurchase(c2, amount: 30_000, at: instant("2026-11-20T23:00:00Z"))
        try app.recordPurchase(c2, amount: 7_000, at: instant("2026-11-21T00:00:00Z"))
        try app.recordPurchase(c3, amount: 20_000, at: instant("2026-10-12T00:00:00Z"))
        try app.recordPurchase(c3, amount: 999, at: instant("2026-10-11T23:59:59Z"))

        let hour: TimeInterval = 3_600
        try app.handledFeedback(on: c1, kind: .complaint, created: now - 10 * hour, clock: clock)
        try app.handledFeedback(on: c2, kind: .inquiry, created: now - hour, acknowledged: now - hour / 2, clock: clock)
        try app.handledFeedback(on: c3, kind: .complaint, created: now - 5 * hour, acknowledged: now - 5 * hour, resolved: now - 4 * hour, clock: clock)
        clock.set(now - 80 * hour)
        let fd = try app.createFeedback(customer: c1)["id"] as! String
        #expect(try app.move(fd, to: .acknowledged).status == .ok)
        #expect(try app.move(fd, to: .inProgress).status == .ok)

        clock.set(now)
        try app.createFollowUp(#"{"customerId":"\#(c1)","dueAt":"\#(iso(now - 86_400))"}"#)
        try app.createFollowUp(#"{"customerId":"\#(c3)","dueAt":"\#(iso(now - 2 * 86_400))"}"#)
        try app.createFollowUp(#"{"customerId":"\#(c2)","dueAt":"\#(iso(now + 86_400))"}"#)
        let done = try app.createFollowUp(#"{"customerId":"\#(c1)","dueAt":"\#(iso(now - 3 * 86_400))"}"#)["id"] as! String
        try app.complete(done)

        let survey = try app.createSurvey()["id"] as! String
        try app.recordResponse(survey, customer: c1, answers: #"{"recommend":10}"#, respondedAt: instant("2026-11-10T00:00:00Z"))
        try app.recordResponse(survey, customer: c3, answers: #"{"recommend":3}"#, respondedAt: instant("2026-11-11T00:00:00Z"))
        try app.recordResponse(survey, customer: c2, answers: #"{"recommend":8}"#, respondedAt: instant("2026-10-20T00:00:00Z"))
        return app
    }

    struct Expected {
        var tiers: [String: Int]
        var stages: [String: Int]
        var new: Int
        var previousNew: Int
        /// currency: (amount, purchases, previous amount, previous purchases)
        var revenue: [String: [Int]]
        var purchases: (Int, Int)
        var feedback: (open: Int, overdue: Int)
        var overdueFollowUps: Int
        var nps: (count: Int, promoters: Int, detractors: Int, score: Double?)

        func check(_ overview: [String: Any], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let customers = overview[object: "customers"]
            #expect(customers[object: "byTier"] as? [String: Int] == tiers, "\(label) tiers \(customers)", sourceLocation: sourceLocation)
            #expect(customers[object: "byStage"] as? [String: Int] == stages, "\(label) stages \(customers)", sourceLocation: sourceLocation)
            #expect(customers.whole("active") == tiers.values.reduce(0, +), "\(label) active", sourceLocation: sourceLocation)
            #expect(customers.whole("new") == new && customers.whole("previousNew") == previousNew, "\(label) new \(customers)", sourceLocation: sourceLocation)
            let listed = overview.rows("revenue")
            #expect(listed.map { $0["currency"] as? String ?? "?" } == revenue.keys.sorted(), "\(label) currencies", sourceLocation: sourceLocation)
            for entry in listed {
                let figures = [entry.whole("amount"), entry.whole("purchases"), entry.whole("previousAmount"), entry.whole("previousPurchases")]
                #expect(figures == (revenue[entry["currency"] as? String ?? ""] ?? []).map(Optional.some), "\(label) revenue \(entry)",
                        sourceLocation: sourceLocation)
            }
            let counted = overview[object: "purchases"]
            #expect(counted.whole("count") == purchases.0 && counted.whole("previousCount") == purchases.1, "\(label) purchases \(counted)",
                    sourceLocation: sourceLocation)
            #expect(overview[object: "feedback"].whole("open") == feedback.open, "\(label) open feedback", sourceLocation: sourceLocation)
            #expect(overview[object: "feedback"].whole("overdue") == feedback.overdue, "\(label) overdue feedback", sourceLocation: sourceLocation)
            #expect(overview[object: "followUps"].whole("overdue") == overdueFollowUps, "\(label) overdue follow-ups", sourceLocation: sourceLocation)
            let npsObject = overview[object: "nps"]
            #expect(npsObject.whole("count") == nps.count && npsObject.whole("promoters") == nps.promoters
                    && npsObject.whole("detractors") == nps.detractors, "\(label) nps \(npsObject)", sourceLocation: sourceLocation)
            if let score = nps.score { #expect(npsObject.figure("score") == score, "\(label) nps", sourceLocation: sourceLocation) } else {
                #expect(npsObject.isNullFigure("score"), "\(label) nps", sourceLocation: sourceLocation)
            }
        }
    }

    /// Everyone: active C1, C2, C3, C5, C6, C8, C9 (C4 archived). Tiers: vip C1; normal
    /// C2, C3, C8, C9; potential C5, C6. Stages: potential C5, C6; first purchase C8;
    /// repeat C1, C2, C3; loyal C9 (five purchases). New: C1-C4 (archived counts), before:
    /// C5, C9. CNY now 100,000 + 30,000 = 130,000 in 2; before 50,000 + 20,000 = 70,000 in
    /// 2; USD 2,000 in 1 now. Purchases 3 and 2. Feedback open FA, FB, FD; overdue FA, FD.
    /// Overdue follow-ups 2. NPS: 10 and 3, (1 − 1) / 2 = 0.
    @Test func everyFigure_forEveryone() throws {
        let app = try Self.seed()
        let overview = try app.serviceAnalytics("overview?" + Self.period)
        #expect(overview["from"] as? String == "2026-11-01T00:00:00Z" && overview["to"] as? String == "2026-11-21T00:00:00Z")
        #expect(overview["previousFrom"] as? String == "2026-10-12T00:00:00Z" && overview["previousTo"] as? String == "2026-11-01T00:00:00Z")
        #expect(overview["asOf"] as? String == "2026-11-23T02:00:00Z")
        Expected(tiers: ["vip": 1, "normal": 4, "potential": 2],
                 stages: ["potential": 2, "first_purchase": 1, "repeat": 3, "loyal": 1, "churned": 0],
                 new: 4, previousNew: 2, revenue: ["CNY": [130_000, 2, 70_000, 2], "USD": [2_000, 1, 0, 0]], purchases: (3, 2),
                 feedback: (3, 2), overdueFollowUps: 2, nps: (2, 1, 1, 0)).check(overview, "everyone")
    }

    /// The rep's book is C1, C2, C5, C6: tiers vip 1, normal 1, potential 2; stages repeat
    /// 2, potential 2; new C1, C2, before C5; CNY 130,000 in 2, before 50,000 in 1; USD
    /// 2,000; feedback FA, FB, FD open, FA, FD overdue; one overdue follow-up; NPS 10: 100.
    /// The second rep's is C3, C8: CNY 0 now, 20,000 before; nothing open; one overdue
    /// follow-up; NPS 3: −100.
    @Test func aRepsBook_andAManagerNamingAnOwner() throws {
        let app = try Self.seed()
        let repBook = Expected(tiers: ["vip": 1, "normal": 1, "potential": 2],
                               stages: ["potential": 2, "first_purchase": 0, "repeat": 2, "loyal": 0, "churned": 0],
                               new: 2, previousNew: 1, revenue: ["CNY": [130_000, 2, 50_000, 1], "USD": [2_000, 1, 0, 0]], purchases: (3, 1),
                               feedback: (3, 2), overdueFollowUps: 1, nps: (1, 1, 0, 100))
        repBook.check(try app.serviceAnalytics("overview?" + Self.period, as: .rep), "rep")
        repBook.check(try app.serviceAnalytics("overview?" + Self.period + "&ownerId=\(app.userIDs[.rep]!)"), "manager for rep")
        Expected(tiers: ["vip": 0, "normal": 2, "potential": 0],
                 stages: ["potential": 0, "first_purchase": 1, "repeat": 1, "loyal": 0, "churned": 0],
                 new: 1, previousNew: 0, revenue: ["CNY": [0, 0, 20_000, 1]], purchases: (0, 1),
                 feedback: (0, 0), overdueFollowUps: 1, nps: (1, 0, 1, -100))
            .check(try app.serviceAnalytics("overview?" + Self.period, key: app.otherRep.key), "second rep")
        _ = try app.serviceAnalyticsProblem("overview?ownerId=\(app.otherRep.userID)", status: .forbidden, as: .rep)
        _ = try app.serviceAnalyticsProblem("overview?ownerId=usr_nobody", status: .unprocessableContent)
        _ = try app.serviceAnalyticsProblem("overview?interval=month", status: .unprocessableContent)
        _ = try app.serviceAnalyticsProblem("overview?to=soon", status: .unprocessableContent)
    }

    /// No data: zeros everywhere, every tier and stage present, no revenue lines, NPS null;
    /// the default period is the 30 days before now.
    @Test func emptyData() throws {
        let app = try TestApplication(clock: TestClock(Self.now))
        for role in [Role.manager, .rep, .viewer, .admin] {
            let overview = try app.serviceAnalytics("overview", as: role)
            #expect(overview["from"] as? String == "2026-10-24T02:00:00Z" && overview["to"] as? String == "2026-11-23T02:00:00Z")
            #expect(overview["previousFrom"] as? String == "2026-09-24T02:00:00Z")
            Expected(tiers: ["vip": 0, "normal": 0, "potential": 0],
                     stages: ["potential": 0, "first_purchase": 0, "repeat": 0, "loyal": 0, "churned": 0],
                     new: 0, previousNew: 0, revenue: [:], purchases: (0, 0), feedback: (0, 0), overdueFollowUps: 0, nps: (0, 0, 0, nil))
                .check(overview, "\(role)")
            let deals = overview[object: "deals"]
            #expect(deals.whole("won") == 0 && deals.whole("lost") == 0 && deals.isNullFigure("winRate") && deals.isNullFigure("previousWinRate"))
        }
    }

    /// Deals count by when they closed. CR is the rep's customer, CO the second rep's.
    ///
    /// | deal | customer | owner | closed                 |
    /// |------|----------|-------|------------------------|
    /// | D1   | CR       | rep   | won 11-05 (period)     |
    /// | D2   | CR       | rep   | lost 11-10 (period)    |
    /// | D3   | CO       | other | won 11-15 (period)     |
    /// | D4   | CO       | other | won 10-20 (previous)   |
    /// | D5   | CO       | other | lost 11-21 00:00 (= to: out) |
    /// | D6   | CR       | rep   | open                   |
    /// | D7   | CO       | rep   | lost 10-25 (previous)  |
    ///
    /// Everyone: 2 won, 1 lost: 66.7; before 1 and 1: 50. The rep's book (D1, D2, D6, D7):
    /// 1 and 1: 50; before 0 and 1: 0. The second rep's (D3, D4, D5, D7): 1 and 0: 100;
    /// before 1 and 1: 50.
    @Test func winRate_overDealsClosedInThePeriod() throws {
        let clock = TestClock(instant("2026-10-01T00:00:00Z"))
        let app = try TestApplication(clock: clock)
        let rep = app.userIDs[.rep]!
        let mine = try app.createCustomer(#"{"name":"CR","ownerId":"\#(rep)"}"#)
        let theirs = try app.createCustomer(#"{"name":"CO","ownerId":"\#(app.otherRep.userID)"}"#)
        func deal(_ customer: String, closed: DealStage?, at time: String, owner: String? = nil) throws {
            let id = try app.createDeal(customer: customer, extra: owner.map { #","ownerId":"\#($0)""# } ?? "")["id"] as! String
            guard let closed else { return }
            clock.set(instant(time))
            try app.movedDeal(id, to: closed, extra: closed == .lost ? #","lostReason":"预算不足""# : "")
            clock.set(instant("2026-10-01T00:00:00Z"))
        }
        try deal(mine, closed: .won, at: "2026-11-05T00:00:00Z")
        try deal(mine, closed: .lost, at: "2026-11-10T00:00:00Z")
        try deal(theirs, closed: .won, at: "2026-11-15T00:00:00Z")
        try deal(theirs, closed: .won, at: "2026-10-20T00:00:00Z")
        try deal(theirs, closed: .lost, at: "2026-11-21T00:00:00Z")
        try deal(mine, closed: nil, at: "")
        try deal(theirs, closed: .lost, at: "2026-10-25T00:00:00Z", owner: rep)
        clock.set(Self.now)
        func expect(_ overview: [String: Any], _ figures: [Int], _ rates: [Double?], sourceLocation: SourceLocation = #_sourceLocation) {
            let deals = overview[object: "deals"]
            #expect([deals.whole("won"), deals.whole("lost"), deals.whole("previousWon"), deals.whole("previousLost")] == figures.map(Optional.some),
                    "\(deals)", sourceLocation: sourceLocation)
            #expect([deals["winRate"] as? Double, deals["previousWinRate"] as? Double] == rates, "\(deals)", sourceLocation: sourceLocation)
        }
        expect(try app.serviceAnalytics("overview?" + Self.period), [2, 1, 1, 1], [66.7, 50])
        expect(try app.serviceAnalytics("overview?" + Self.period, as: .rep), [1, 1, 0, 1], [50, 0])
        expect(try app.serviceAnalytics("overview?" + Self.period, key: app.otherRep.key), [1, 0, 1, 1], [100, 50])
    }
}
