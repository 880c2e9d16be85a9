import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/analytics/rfm` on hand-built data whose every figure is worked out below.
@Suite struct RFMTests {
    /// Ten customers who bought in the default year before the epoch, plus one who bought only
    /// before it (lapsed), one who never bought, and one archived (never counted). Purchases
    /// sit `recency` days and one hour before the epoch, then a day apart going back.
    ///
    /// | customer | days | purchases | money | R | F | M | FM | segment            |
    /// | A        | 1    | 6         | 60000 | 5 | 5 | 5 | 5  | champions          |
    /// | B        | 1    | 5         | 50000 | 5 | 5 | 5 | 5  | champions          |
    /// | C        | 3    | 4         | 40000 | 4 | 4 | 4 | 4  | champions          |
    /// | D (rep)  | 10   | 4         | 30000 | 3 | 4 | 3 | 4  | loyal              |
    /// | E        | 10   | 3         | 30000 | 3 | 3 | 3 | 3  | loyal              |
    /// | F        | 30   | 2         | 20000 | 3 | 2 | 3 | 3  | loyal              |
    /// | G (rep)  | 60   | 2         | 10000 | 2 | 2 | 2 | 2  | hibernating        |
    /// | H        | 90   | 1         | 10000 | 2 | 1 | 2 | 2  | hibernating        |
    /// | I        | 200  | 1         | 5000  | 1 | 1 | 1 | 1  | lost               |
    /// | J (rep)  | 300  | 1         | 1000  | 1 | 1 | 1 | 1  | lost               |
    /// | K        | 400  | 0 (1 before) | 0  | 1 | 1 | 1 | 1  | lost (lapsed)      |
    ///
    /// n = 10, so a score is 1 + ⌊5b/10⌋ = 1 + ⌊b/2⌋ with b the customers strictly worse:
    /// D and E tie at 10 days (b = 5, both R3), C and D at 4 purchases (b = 6, both F4), D
    /// and E at 30000 (b = 5, both M3), G and H at 10000 (b = 2, both M2). Boundaries sit at
    /// positions 2, 4, 6, 8 from the worst: days [200, 60, 10, 3], purchases [1, 2, 3, 4],
    /// money [5000, 10000, 30000, 40000].
    static let table: [(name: String, days: Double, count: Int, money: Int, rep: Bool)] = [
        ("A", 1, 6, 60_000, false), ("B", 1, 5, 50_000, false), ("C", 3, 4, 40_000, false), ("D", 10, 4, 30_000, true),
        ("E", 10, 3, 30_000, false), ("F", 30, 2, 20_000, false), ("G", 60, 2, 10_000, true), ("H", 90, 1, 10_000, false),
        ("I", 200, 1, 5_000, false), ("J", 300, 1, 1_000, true),
    ]

    /// The app at the epoch with the table loaded; customer ids by name.
    static func loaded() throws -> (TestApplication, TestClock, [String: String]) {
        let clock = TestClock(followUpEpoch)
        let app = try TestApplication(clock: clock)
        var ids: [String: String] = [:]
        let rep = app.userIDs[.rep]!
        for row in table {
            let id = try app.analyticsCustomer(row.name, owner: row.rep ? rep : nil)
            ids[row.name] = id
            for index in 0..<row.count {
                let share = row.money / row.count
                let amount = index == 0 ? row.money - share * (row.count - 1) : share
                try app.purchase(id, amount: amount, daysAgo: row.days + Double(index), hoursAgo: 1)
            }
        }
        // A purchase in dollars counts for nothing: not a purchase, not money.
        try app.purchase(ids["A"]!, amount: 999_999, daysAgo: 2, currency: "USD")
        ids["K"] = try app.analyticsCustomer("K")
        try app.purchase(ids["K"]!, amount: 70_000, daysAgo: 400, hoursAgo: 1)
        ids["L"] = try app.analyticsCustomer("L", owner: rep)
        let archived = try app.analyticsCustomer("X")
        try app.purchase(archived, amount: 900_000, daysAgo: 5)
        #expect(try app.call(.delete, "/v1/customers/\(archived)").status == .ok)
        return (app, clock, ids)
    }

    static func segments(_ body: [String: Any]) -> [String: (customers: Int, revenue: Int)] {
        var result: [String: (Int, Int)] = [:]
        for segment in body["segments"] as? [[String: Any]] ?? [] {
            result[segment["segment"] as! String] = (segment["customers"] as! Int, segment["revenue"] as! Int)
        }
        return result
    }

    @Test func counts_quintileTies_andTheSegmentTable() throws {
        let (app, _, _) = try Self.loaded()
        let body = try app.analytics("/v1/analytics/rfm")
        #expect(body["scored"] as? Int == 10)
        #expect(body["lapsed"] as? Int == 1)
        #expect(body["customers"] as? Int == 11)
        #expect(body["neverBought"] as? Int == 1)
        #expect(body["revenue"] as? Int == 256_000)
        #expect(body["currency"] as? String == "CNY")
        #expect(body.date("to") == followUpEpoch)
        #expect(body.date("from") == followUpEpoch.addingTimeInterval(-days(365)))
        let thresholds = body[object: "thresholds"]
        #expect(thresholds["recencyDays"] as? [Int] == [200, 60, 10, 3])
        #expect(thresholds["frequency"] as? [Int] == [1, 2, 3, 4])
        #expect(thresholds["monetary"] as? [Int] == [5_000, 10_000, 30_000, 40_000])
        let segments = Self.segments(body)
        #expect(segments.keys.sorted() == RFMSegment.allCases.map(\.rawValue).sorted(), "every segment is listed, empty ones too")
        #expect(segments["champions"]! == (3, 150_000))
        #expect(segments["loyal"]! == (3, 80_000))
        #expect(segments["hibernating"]! == (2, 20_000))
        #expect(segments["lost"]! == (3, 6_000))
        for empty in ["potential_loyalist", "new", "at_risk", "cant_lose"] { #expect(segments[empty]! == (0, 0), "\(empty)") }
    }

    @Test func members_everyFigure_andPagingInFileOrder() throws {
        let (app, _, ids) = try Self.loaded()
        let first = try app.analytics("/v1/analytics/rfm?segment=champions&limit=2")
        #expect(first.data.map { $0["name"] as? String } == ["A", "B"])
        let a = first.data[0]
        #expect(a["id"] as? String == ids["A"])
        #expect(a["recencyDays"] as? Int == 1)
        #expect(a["frequency"] as? Int == 6)
        #expect(a["monetary"] as? Int == 60_000)
        #expect([a["recencyScore"], a["frequencyScore"], a["monetaryScore"]] as? [Int] == [5, 5, 5])
        #expect(a["segment"] as? String == "champions")
        #expect(a["tier"] as? String == "normal")
        #expect(a["ownerId"] as? String == app.userIDs[.admin])
        #expect(a.date("lastPurchaseAt") == followUpEpoch.addingTimeInterval(-days(1) - 3_600))
        let cursor = try #require(first["nextCursor"] as? String)
        let second = try app.analytics("/v1/analytics/rfm?segment=champions&limit=2&cursor=\(cursor)")
        #expect(second.data.map { $0["name"] as? String } == ["C"])
        #expect([second.data[0]["recencyScore"], second.data[0]["frequencyScore"], second.data[0]["monetaryScore"]] as? [Int] == [4, 4, 4])
        #expect(second["nextCursor"] is NSNull)

        let loyal = try app.analytics("/v1/analytics/rfm?segment=loyal").data
        #expect(loyal.map { $0["name"] as? String } == ["D", "E", "F"])
        #expect(loyal.map { [$0["recencyScore"], $0["frequencyScore"], $0["monetaryScore"]] as? [Int] } == [[3, 4, 3], [3, 3, 3], [3, 2, 3]])
        let lost = try app.analytics("/v1/analytics/rfm?segment=lost").data
        #expect(lost.map { $0["name"] as? String } == ["I", "J", "K"])
        let k = lost[2]
        #expect(k["recencyDays"] as? Int == 400)
        #expect(k["frequency"] as? Int == 0)
        #expect(k["monetary"] as? Int == 0)
        #expect([k["recencyScore"], k["frequencyScore"], k["monetaryScore"]] as? [Int] == [1, 1, 1])
        #expect(try app.analytics("/v1/analytics/rfm?segment=new").data.isEmpty)
    }

    /// Ten days on, C's last purchase is 13 days old; the walk started at the epoch still
    /// scores it as of the epoch, by the epoch's boundaries.
    @Test func cursor_keepsThePeriodAndBoundariesOfTheFirstPage() throws {
        let (app, clock, ids) = try Self.loaded()
        let first = try app.analytics("/v1/analytics/rfm?segment=champions&limit=2")
        clock.advance(by: days(10))
        try app.purchase(ids["J"]!, amount: 5_000_000, daysAgo: 0)
        let cursor = try #require(first["nextCursor"] as? String)
        let second = try app.analytics("/v1/analytics/rfm?segment=champions&limit=2&cursor=\(cursor)").data
        #expect(second.map { $0["name"] as? String } == ["C"])
        #expect(second.first?["recencyDays"] as? Int == 3)
        // A fresh walk sees the new purchase and the later end of the period.
        let fresh = try app.analytics("/v1/analytics/rfm?segment=champions&limit=50").data
        #expect(!fresh.contains { $0["name"] as? String == "C" && $0["recencyDays"] as? Int == 3 })
        // A cursor is for its own segment, book and period.
        #expect(try app.problemFields("/v1/analytics/rfm?segment=loyal&cursor=\(cursor)") == ["cursor"])
        #expect(try app.problemFields("/v1/analytics/rfm?segment=champions&ownerId=\(app.userIDs[.rep]!)&cursor=\(cursor)") == ["cursor"])
        #expect(try app.problemFields("/v1/analytics/rfm?segment=champions&from=2026-01-01&cursor=\(cursor)") == ["cursor"])
        #expect(try app.problemFields("/v1/analytics/rfm?segment=champions&cursor=bm90LWEtY3Vyc29y") == ["cursor"])
    }

    /// The rep's book is D, G, J (and L, who never bought): n = 3, so a score is
    /// 1 + ⌊5b/3⌋ and the boundaries sit at positions 1, 2, 2, 3: days [300, 60, 60, 10],
    /// purchases [1, 2, 2, 4], money [1000, 10000, 10000, 30000]. D scores 4, 4, 4
    /// (champions), G 2, 2, 2 (hibernating), J 1, 1, 1 (lost).
    @Test func repView_scoresTheirOwnBookOnly() throws {
        let (app, _, _) = try Self.loaded()
        let rep = app.userIDs[.rep]!
        for (role, query) in [(Role.rep, ""), (.manager, "?ownerId=\(rep)")] {
            let body = try app.analytics("/v1/analytics/rfm" + query, as: role)
            #expect(body["scored"] as? Int == 3)
            #expect(body["neverBought"] as? Int == 1)
            #expect(body["lapsed"] as? Int == 0)
            #expect(body["revenue"] as? Int == 41_000)
            let thresholds = body[object: "thresholds"]
            #expect(thresholds["recencyDays"] as? [Int] == [300, 60, 60, 10])
            #expect(thresholds["frequency"] as? [Int] == [1, 2, 2, 4])
            #expect(thresholds["monetary"] as? [Int] == [1_000, 10_000, 10_000, 30_000])
            let segments = Self.segments(body)
            #expect(segments["champions"]! == (1, 30_000))
            #expect(segments["hibernating"]! == (1, 10_000))
            #expect(segments["lost"]! == (1, 1_000))
            #expect(segments["loyal"]! == (0, 0))
        }
        let members = try app.analytics("/v1/analytics/rfm?segment=champions", as: .rep).data
        #expect(members.map { $0["name"] as? String } == ["D"])
        #expect([members[0]["recencyScore"], members[0]["frequencyScore"], members[0]["monetaryScore"]] as? [Int] == [4, 4, 4])
        #expect(try app.call(.get, "/v1/analytics/rfm?ownerId=\(app.otherRep.userID)", as: .rep).status == .forbidden)
        // The second rep owns nothing: nobody to score.
        let other = try app.analytics("/v1/analytics/rfm", key: app.otherRep.key)
        #expect(other["scored"] as? Int == 0)
        #expect(other["thresholds"] is NSNull)
    }

    /// A typo in `ownerId` must not read as an empty book (the service analytics have their own test).
    @Test func unknownOwner_is422() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        for path in ["rfm", "rfm?segment=champions", "segments", "priority", "churn-risk", "funnel"] {
            let separator = path.contains("?") ? "&" : "?"
            let problem = try app.serviceAnalyticsProblem("\(path)\(separator)ownerId=usr_nobody", status: .unprocessableContent)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "ownerId", "\(path)")
        }
    }

    @Test func emptyDatabase_zerosAndNullBoundaries() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let body = try app.analytics("/v1/analytics/rfm")
        for key in ["customers", "scored", "lapsed", "neverBought", "revenue"] { #expect(body[key] as? Int == 0, "\(key)") }
        #expect(body["thresholds"] is NSNull)
        #expect(Self.segments(body).values.allSatisfy { $0 == (0, 0) })
        let members = try app.analytics("/v1/analytics/rfm?segment=lost")
        #expect(members.data.isEmpty)
        #expect(members["nextCursor"] is NSNull)
    }

    /// Nobody bought in the period: no boundaries, and a walk through the lapsed customers
    /// (all lost, scored 1, 1, 1) still pages.
    @Test func onlyLapsedCustomers_pageWithoutBoundaries() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        for name in ["甲", "乙", "丙"] {
            try app.purchase(try app.analyticsCustomer(name), amount: 10_000, daysAgo: 500)
        }
        let body = try app.analytics("/v1/analytics/rfm")
        #expect(body["scored"] as? Int == 0)
        #expect(body["lapsed"] as? Int == 3)
        #expect(body["thresholds"] is NSNull)
        #expect(Self.segments(body)["lost"]! == (3, 0))
        var names: [String] = []
        var cursor: String?
        repeat {
            let page = try app.analytics("/v1/analytics/rfm?segment=lost&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
            names += page.data.compactMap { $0["name"] as? String }
            #expect(page.data.allSatisfy { $0["recencyDays"] as? Int == 500 && $0["frequency"] as? Int == 0 })
            cursor = page["nextCursor"] as? String
        } while cursor != nil
        #expect(names == ["甲", "乙", "丙"])
    }

    @Test func badQueries_are422AndNamed() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        #expect(try app.problemFields("/v1/analytics/rfm?segmnt=lost") == ["segmnt"])
        #expect(try app.problemFields("/v1/analytics/rfm?segment=vip") == ["segment"])
        #expect(try app.problemFields("/v1/analytics/rfm?limit=10") == ["limit"])
        #expect(try app.problemFields("/v1/analytics/rfm?segment=lost&limit=0") == ["limit"])
        #expect(try app.problemFields("/v1/analytics/rfm?from=yesterday") == ["from"])
        #expect(try app.problemFields("/v1/analytics/rfm?from=2026-11-23&to=2026-01-01") == ["from"])
    }
}
