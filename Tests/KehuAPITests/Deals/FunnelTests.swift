import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/analytics/funnel` on a small set of deals built by hand, every figure checked
/// against values worked out on paper (in the comments).
@Suite struct FunnelTests {
    struct Pipeline {
        let app: TestApplication
        let clock: TestClock
    }

    /// T = followUpEpoch. Customers: A (rep), B (other rep), C (manager). The cohort is the
    /// five deals created at T; one created at T−5d and one at T+15d fall outside the period
    /// [T−1d, T+10d). The funnel is read at T+20d.
    ///
    /// | deal | customer | owner | amount      | stints (days)                                          | now         | furthest    |
    /// |------|----------|-------|-------------|--------------------------------------------------------|-------------|-------------|
    /// | D1   | A        | rep   | 100,000 CNY | lead 0–2, qualified 2–5, proposal 5–6, won 6–          | won         | won         |
    /// | D2   | A        | rep   | 200,000 CNY | lead 0–4, proposal 4–8, lost 8– (预算不足)               | lost        | proposal    |
    /// | D3   | B        | other | 50,000 CNY  | qualified 0–1, lead 1–3, qualified 3–20 (open)          | qualified   | qualified   |
    /// | D4   | C        | rep   | 30,000 USD  | lead 0–1, negotiation 1–2, lost 2–4, won 4–             | won         | won         |
    /// | D5   | B        | other | 0 CNY       | lead 0–20 (open)                                        | lead        | lead        |
    static func pipeline() throws -> Pipeline {
        let t = followUpEpoch
        let clock = TestClock(t.addingTimeInterval(days(-5)))
        let app = try TestApplication(clock: clock)
        let rep = app.userIDs[.rep]!
        let a = try app.createCustomer(#"{"name":"客户A","ownerId":"\#(rep)"}"#, as: .manager)
        let b = try app.createCustomer(#"{"name":"客户B","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let c = try app.createCustomer(#"{"name":"客户C","ownerId":"\#(app.userIDs[.manager]!)"}"#, as: .manager)
        try app.createDeal(customer: a, title: "早于区间", amount: 999_999)
        clock.set(t)
        let d1 = try app.createDeal(customer: a, title: "D1", amount: 100_000)["id"] as! String
        let d2 = try app.createDeal(customer: a, title: "D2", amount: 200_000)["id"] as! String
        let d3 = try app.createDeal(customer: b, title: "D3", amount: 50_000, extra: #","stage":"qualified""#)["id"] as! String
        let d4 = try app.createDeal(customer: c, title: "D4", amount: 30_000, extra: #","currency":"USD","ownerId":"\#(rep)""#)["id"] as! String
        try app.createDeal(customer: b, title: "D5", amount: 0)
        let moves: [(Double, String, DealStage, String)] = [
            (1, d3, .lead, ""), (1, d4, .negotiation, ""),
            (2, d1, .qualified, ""), (2, d4, .lost, #","lostReason":"暂停采购""#),
            (3, d3, .qualified, ""),
            (4, d2, .proposal, ""), (4, d4, .won, ""),
            (5, d1, .proposal, ""),
            (6, d1, .won, ""),
            (8, d2, .lost, #","lostReason":"预算不足""#),
        ]
        for (day, deal, stage, extra) in moves {
            clock.set(t.addingTimeInterval(days(day)))
            try app.movedDeal(deal, to: stage, extra: extra)
        }
        clock.set(t.addingTimeInterval(days(15)))
        try app.createDeal(customer: a, title: "晚于区间", amount: 888_888)
        clock.set(t.addingTimeInterval(days(20)))
        return Pipeline(app: app, clock: clock)
    }

    static let period = "from=\(iso(followUpEpoch.addingTimeInterval(days(-1))))&to=\(iso(followUpEpoch.addingTimeInterval(days(10))))"

    func funnel(_ app: TestApplication, _ query: String, as role: Role = .manager, key: String? = nil) throws -> [String: Any] {
        let response = try app.call(.get, "/v1/analytics/funnel?" + query, as: role, key: key)
        #expect(response.status == .ok, "\(response.bodyText)")
        #expect(!response.writesNonFiniteNumber, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    /// Per stage: [current, reached, entered, averageDays] with NSNull for null.
    func stages(_ funnel: [String: Any]) -> [String: [Any]] {
        var result: [String: [Any]] = [:]
        for stage in funnel["stages"] as? [[String: Any]] ?? [] {
            result[stage["stage"] as! String] = [stage["current"]!, stage["reached"]!, stage["entered"]!, stage["averageDays"]!]
        }
        return result
    }

    func rates(_ funnel: [String: Any]) -> [Double?] {
        (funnel["conversions"] as? [[String: Any]] ?? []).map { $0["rate"] as? Double }
    }

    func expectStages(_ funnel: [String: Any], _ expected: [String: (Int, Int?, Int, Double?)], sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = stages(funnel)
        #expect(Set(actual.keys) == Set(DealStage.allCases.map(\.rawValue)), sourceLocation: sourceLocation)
        for (stage, (current, reached, entered, average)) in expected {
            let row = actual[stage] ?? []
            #expect(row.count == 4, sourceLocation: sourceLocation)
            guard row.count == 4 else { continue }
            #expect(row[0] as? Int == current, "\(stage) current", sourceLocation: sourceLocation)
            #expect(reached == nil ? row[1] is NSNull : row[1] as? Int == reached, "\(stage) reached", sourceLocation: sourceLocation)
            #expect(row[2] as? Int == entered, "\(stage) entered", sourceLocation: sourceLocation)
            #expect(average == nil ? row[3] is NSNull : row[3] as? Double == average, "\(stage) averageDays: \(row[3])", sourceLocation: sourceLocation)
        }
    }

    @Test func wholeCompany_everyFigure() throws {
        let pipeline = try Self.pipeline()
        let funnel = try funnel(pipeline.app, Self.period)
        #expect(funnel["total"] as? Int == 5)
        #expect(funnel["ownerId"] is NSNull)
        #expect(funnel.date("from") == followUpEpoch.addingTimeInterval(days(-1)) && funnel.date("to") == followUpEpoch.addingTimeInterval(days(10)))
        // reached: lead all 5; qualified D1 D2 D3 D4 (D2 and D4 skipped it); proposal D1 D2 D4;
        // negotiation D1 D4; won D1 D4. Days: lead (2+4+2+1+20)/5 = 5.8; qualified D1 3, D3 1+17
        // → 10.5; proposal D1 1, D2 4 → 2.5; negotiation D4 1.
        expectStages(funnel, [
            "lead": (1, 5, 5, 5.8), "qualified": (1, 4, 2, 10.5), "proposal": (0, 3, 2, 2.5), "negotiation": (0, 2, 1, 1),
            "won": (2, 2, 2, nil), "lost": (1, nil, 2, nil),
        ])
        #expect((funnel["stages"] as? [[String: Any]])?.map { $0["stage"] as? String } == DealStage.allCases.map(\.rawValue))
        // 4/5, 3/4, 2/3, 2/2; win rate 2 won / (2 + 1 lost).
        #expect(rates(funnel) == [80, 75, 66.7, 100])
        #expect((funnel["conversions"] as? [[String: Any]])?.map { "\($0["from"]!)>\($0["to"]!)" } == ["lead>qualified", "qualified>proposal", "proposal>negotiation", "negotiation>won"])
        #expect(funnel["winRate"] as? Double == 66.7)
        let amounts = funnel["amounts"] as? [[String: Any]] ?? []
        #expect(amounts.map { $0["currency"] as? String } == ["CNY", "USD"])
        let figures = amounts.map { amount in ["deals", "total", "open", "won", "lost"].map { amount[$0] as? Int } }
        #expect(figures == [[4, 350_000, 50_000, 100_000, 200_000], [1, 30_000, 0, 30_000, 0]])
    }

    @Test func aRep_seesTheirBook_only() throws {
        let pipeline = try Self.pipeline()
        let app = pipeline.app
        // The rep's book: D1 and D2 (theirs, on their customer A) and D4 (theirs on C).
        // Days: lead (2+4+1)/3 = 2.33; qualified D1 3; proposal (1+4)/2 = 2.5; negotiation 1.
        let mine = try funnel(app, Self.period, as: .rep)
        #expect(mine["total"] as? Int == 3 && mine["ownerId"] as? String == app.userIDs[.rep])
        expectStages(mine, [
            "lead": (0, 3, 3, 2.33), "qualified": (0, 3, 1, 3), "proposal": (0, 3, 2, 2.5), "negotiation": (0, 2, 1, 1),
            "won": (2, 2, 2, nil), "lost": (1, nil, 2, nil),
        ])
        #expect(rates(mine) == [100, 100, 66.7, 100])
        #expect(mine["winRate"] as? Double == 66.7)
        #expect((mine["amounts"] as? [[String: Any]])?.map { $0["total"] as? Int } == [300_000, 30_000])
        // A manager asking for the rep's book gets the same figures.
        let asked = try funnel(app, Self.period + "&ownerId=\(app.userIDs[.rep]!)")
        #expect(stages(asked).mapValues { $0.map { "\($0)" } } == stages(mine).mapValues { $0.map { "\($0)" } })
        // The other rep's book: D3 and D5, nothing closed, nothing past qualified.
        let theirs = try funnel(app, Self.period, key: app.otherRep.key)
        expectStages(theirs, [
            "lead": (1, 2, 2, 11), "qualified": (1, 1, 1, 18), "proposal": (0, 0, 0, nil), "negotiation": (0, 0, 0, nil),
            "won": (0, 0, 0, nil), "lost": (0, nil, 0, nil),
        ])
        #expect(rates(theirs) == [50, 0, nil, nil])
        #expect(theirs["winRate"] is NSNull)
        #expect(try app.call(.get, "/v1/analytics/funnel?ownerId=\(app.otherRep.userID)", as: .rep).status == .forbidden)
        #expect(try app.call(.get, "/v1/analytics/funnel?ownerId=\(app.userIDs[.rep]!)", as: .rep).status == .ok)
        #expect(try app.call(.get, "/v1/analytics/funnel", as: .viewer).status == .ok)
    }

    @Test func emptyData_isZerosAndNulls_neverNaN() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        for query in ["", "from=2020-01-01&to=2020-02-01"] {
            let funnel = try funnel(app, query)
            #expect(funnel["total"] as? Int == 0)
            expectStages(funnel, [
                "lead": (0, 0, 0, nil), "qualified": (0, 0, 0, nil), "proposal": (0, 0, 0, nil), "negotiation": (0, 0, 0, nil),
                "won": (0, 0, 0, nil), "lost": (0, nil, 0, nil),
            ])
            #expect(rates(funnel) == [nil, nil, nil, nil])
            #expect(funnel["winRate"] is NSNull)
            #expect((funnel["amounts"] as? [Any])?.isEmpty == true)
        }
        // The default period: a year back from now; a date `to` takes in its whole day.
        let defaulted = try funnel(app, "")
        #expect(defaulted.date("to") == followUpEpoch && defaulted.date("from") == followUpEpoch.addingTimeInterval(days(-365)))
        let dated = try funnel(app, "from=2026-11-01&to=2026-11-30")
        #expect(dated["to"] as? String == "2026-12-01T00:00:00Z")
    }

    @Test func theCohort_isTheDealsCreatedInThePeriod() throws {
        let pipeline = try Self.pipeline()
        // From T−6d: the early deal (999,999 CNY, still a lead) joins; to T+16d: the late one too.
        let wide = try funnel(pipeline.app, "from=\(iso(followUpEpoch.addingTimeInterval(days(-6))))&to=\(iso(followUpEpoch.addingTimeInterval(days(16))))")
        #expect(wide["total"] as? Int == 7)
        #expect(stages(wide)["lead"]?[0] as? Int == 3)
        #expect((wide["amounts"] as? [[String: Any]])?.first?["open"] as? Int == 50_000 + 999_999 + 888_888)
        // Only the late deal, five days a lead at T+20d.
        let late = try funnel(pipeline.app, "from=\(iso(followUpEpoch.addingTimeInterval(days(10))))")
        #expect(late["total"] as? Int == 1)
        expectStages(late, ["lead": (1, 1, 1, 5)])
    }

    @Test func badQueries_are422() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        for query in ["from=soon", "to=2026-13-01", "from=2026-11-20&to=2026-11-01", "from=2010-01-01&to=2026-01-01", "stage=lead"] {
            let response = try app.call(.get, "/v1/analytics/funnel?" + query)
            #expect(response.status == .unprocessableContent, "\(query): \(response.bodyText)")
        }
    }
}
