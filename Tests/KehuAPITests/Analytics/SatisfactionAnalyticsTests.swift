import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// One bucket of `/v1/analytics/satisfaction` as a test expects it, every figure worked
/// out by hand in the comments of the test that uses it.
struct ExpectedBucket {
    var start: String
    var date: String
    var complaints: [(category: String?, count: Int)] = []
    var csat: (count: Int, satisfied: Int, percent: Double?, mean: Double?) = (0, 0, nil, nil)
    var nps: (count: Int, promoters: Int, passives: Int, detractors: Int, score: Double?) = (0, 0, 0, 0, nil)
    var csi: (value: Double?, responses: Int, surveys: Int) = (nil, 0, 0)
    var resolution: (count: Int, medianHours: Double?) = (0, nil)
    var sla: (acknowledged: Int, responseBreaches: Int, resolved: Int, resolutionBreaches: Int, breachPercent: Double?) = (0, 0, 0, 0, nil)

    func check(_ bucket: [String: Any], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        func same(_ value: Double?, _ object: [String: Any], _ key: String) {
            if let value {
                #expect(object.figure(key) == value, "\(label) \(key)", sourceLocation: sourceLocation)
            } else {
                #expect(object.isNullFigure(key), "\(label) \(key) should be null: \(object)", sourceLocation: sourceLocation)
            }
        }
        #expect(bucket["start"] as? String == start, "\(label) start", sourceLocation: sourceLocation)
        #expect(bucket["date"] as? String == date, "\(label) date", sourceLocation: sourceLocation)
        let complaintsObject = bucket[object: "complaints"]
        let listed = complaintsObject.rows("byCategory").map { ($0["category"] as? String, $0.whole("count") ?? -1) }
        #expect(listed.elementsEqual(complaints) { $0.0 == $1.category && $0.1 == $1.count }, "\(label) complaints \(listed)", sourceLocation: sourceLocation)
        #expect(complaintsObject.whole("total") == complaints.reduce(0) { $0 + $1.count }, "\(label) complaints total", sourceLocation: sourceLocation)
        let csatObject = bucket[object: "csat"]
        #expect(csatObject.whole("count") == csat.count && csatObject.whole("satisfied") == csat.satisfied, "\(label) csat \(csatObject)",
                sourceLocation: sourceLocation)
        same(csat.percent, csatObject, "percent")
        same(csat.mean, csatObject, "mean")
        let npsObject = bucket[object: "nps"]
        #expect(npsObject.whole("count") == nps.count && npsObject.whole("promoters") == nps.promoters && npsObject.whole("passives") == nps.passives
                && npsObject.whole("detractors") == nps.detractors, "\(label) nps \(npsObject)", sourceLocation: sourceLocation)
        same(nps.score, npsObject, "score")
        let csiObject = bucket[object: "csi"]
        #expect(csiObject.whole("responses") == csi.responses && csiObject.whole("surveys") == csi.surveys, "\(label) csi \(csiObject)",
                sourceLocation: sourceLocation)
        same(csi.value, csiObject, "value")
        let resolutionObject = bucket[object: "resolution"]
        #expect(resolutionObject.whole("count") == resolution.count, "\(label) resolution \(resolutionObject)", sourceLocation: sourceLocation)
        same(resolution.medianHours, resolutionObject, "medianHours")
        let slaObject = bucket[object: "sla"]
        #expect(slaObject.whole("acknowledged") == sla.acknowledged && slaObject.whole("responseBreaches") == sla.responseBreaches
                && slaObject.whole("resolved") == sla.resolved && slaObject.whole("resolutionBreaches") == sla.resolutionBreaches,
                "\(label) sla \(slaObject)", sourceLocation: sourceLocation)
        same(sla.breachPercent, slaObject, "breachPercent")
    }
}

/// `/v1/analytics/satisfaction` over a small data set built by hand through the API.
@Suite struct SatisfactionAnalyticsTests {
    /// Shanghai weeks (UTC+8): W1 starts Monday 2026-11-16 00:00 local = 2026-11-15T16:00Z,
    /// W2 on 2026-11-22T16:00Z, W3 on 2026-11-29T16:00Z.
    static let shanghaiWeeks = "from=2026-11-16T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00&interval=week"

    /// Seven feedback items, two surveys and five responses; the rep owns `mine`, the
    /// second rep `theirs`. Times in UTC (SLA: normal 8 h to respond, 72 h to resolve;
    /// critical 1 h and 8 h):
    ///
    /// | item | customer | kind       | category | created      | acknowledged | resolved           | score        |
    /// |------|----------|------------|----------|--------------|--------------|--------------------|--------------|
    /// | F1   | mine     | complaint  | 物流      | 11-16 16:00  | 18:00        | 11-17 02:00 (10 h)  | 5 at 03:00   |
    /// | F2   | mine     | complaint! | 物流      | 11-17 16:00  | 19:00 late   | 11-18 12:00 (20 h) late | 4 at 13:00 |
    /// | F6   | theirs   | inquiry    |          | 11-18 16:00  | 17:00        | 11-20 08:00 (40 h)  |              |
    /// | F3   | theirs   | complaint  | 质量      | 11-22 15:30  | 16:30        | 11-23 21:30 (30 h)  | 2 at 22:00: reopened |
    /// | F4   | mine     | suggestion |          | 11-23 02:00  | 03:00        | 06:00 (4 h)         | 3 at 07:00   |
    /// | F7   | theirs   | inquiry    |          | 11-24 02:00  | 03:00        | 11:00 (9 h)         |              |
    /// | F5   | theirs   | complaint  | (none)   | 11-25 02:00  | (open)       |                    |              |
    ///
    /// (F2 is critical.) F3 was taken in at 23:30 on Sunday in Shanghai (W1) and
    /// acknowledged at 00:30 on Monday (W2); in UTC both are Sunday. Surveys: S1 =
    /// `service` (likert5, weight 2), `recommend` (nps, weight 6), `comment` (text); S2 =
    /// `q` (likert5, weight 1):
    ///
    /// | response | survey | customer | responded    | answers                  |
    /// |----------|--------|----------|--------------|--------------------------|
    /// | r1       | S1     | mine     | 11-17 05:00  | service 5, recommend 10  |
    /// | r2       | S1     | theirs   | 11-18 05:00  | service 2, recommend 6   |
    /// | r3       | S2     | theirs   | 11-19 05:00  | q 3                      |
    /// | r4       | S1     | mine     | 11-22 17:00  | service 4, recommend 9 (Monday 01:00 in Shanghai: W2) |
    /// | r5       | S2     | theirs   | 11-24 05:00  | q 5                      |
    static func seed() throws -> (TestApplication, TestClock) {
        let clock = TestClock(instant("2026-11-10T00:00:00Z"))
        let app = try TestApplication(clock: clock)
        let mine = try app.createCustomer(#"{"name":"我的客户","ownerId":"\#(app.userIDs[.rep]!)"}"#)
        let theirs = try app.createCustomer(#"{"name":"别人的客户","ownerId":"\#(app.otherRep.userID)"}"#)
        try app.handledFeedback(on: mine, kind: .complaint, category: "物流", created: instant("2026-11-16T16:00:00Z"),
                                acknowledged: instant("2026-11-16T18:00:00Z"), resolved: instant("2026-11-17T02:00:00Z"),
                                score: (5, instant("2026-11-17T03:00:00Z")), clock: clock)
        try app.handledFeedback(on: mine, kind: .complaint, category: "物流", urgency: .critical, created: instant("2026-11-17T16:00:00Z"),
                                acknowledged: instant("2026-11-17T19:00:00Z"), resolved: instant("2026-11-18T12:00:00Z"),
                                score: (4, instant("2026-11-18T13:00:00Z")), clock: clock)
        try app.handledFeedback(on: theirs, kind: .inquiry, created: instant("2026-11-18T16:00:00Z"), acknowledged: instant("2026-11-18T17:00:00Z"),
                                resolved: instant("2026-11-20T08:00:00Z"), clock: clock)
        try app.handledFeedback(on: theirs, kind: .complaint, category: "质量", created: instant("2026-11-22T15:30:00Z"),
                                acknowledged: instant("2026-11-22T16:30:00Z"), resolved: instant("2026-11-23T21:30:00Z"),
                                score: (2, instant("2026-11-23T22:00:00Z")), clock: clock)
        try app.handledFeedback(on: mine, kind: .suggestion, created: instant("2026-11-23T02:00:00Z"), acknowledged: instant("2026-11-23T03:00:00Z"),
                                resolved: instant("2026-11-23T06:00:00Z"), score: (3, instant("2026-11-23T07:00:00Z")), clock: clock)
        try app.handledFeedback(on: theirs, kind: .inquiry, created: instant("2026-11-24T02:00:00Z"), acknowledged: instant("2026-11-24T03:00:00Z"),
                                resolved: instant("2026-11-24T11:00:00Z"), clock: clock)
        try app.handledFeedback(on: theirs, kind: .complaint, created: instant("2026-11-25T02:00:00Z"), clock: clock)

        clock.set(instant("2026-12-01T00:00:00Z"))
        let s1 = try app.createSurvey()["id"] as! String
        let s2 = try app.createSurvey(#"{"name":"服务评价","questions":[{"id":"q","text":"满意吗？","type":"likert5"}]}"#)["id"] as! String
        try app.recordResponse(s1, customer: mine, answers: #"{"service":5,"recommend":10,"comment":"很好"}"#, respondedAt: instant("2026-11-17T05:00:00Z"))
        try app.recordResponse(s1, customer: theirs, answers: #"{"service":2,"recommend":6}"#, respondedAt: instant("2026-11-18T05:00:00Z"))
        try app.recordResponse(s2, customer: theirs, answers: #"{"q":3}"#, respondedAt: instant("2026-11-19T05:00:00Z"))
        try app.recordResponse(s1, customer: mine, answers: #"{"service":4,"recommend":9}"#, respondedAt: instant("2026-11-22T17:00:00Z"))
        try app.recordResponse(s2, customer: theirs, answers: #"{"q":5}"#, respondedAt: instant("2026-11-24T05:00:00Z"))
        return (app, clock)
    }

    /// Everyone's figures by Shanghai week.
    ///
    /// W1: complaints F1, F2 (物流 2), F3 (质量 1). Acknowledged F1, F2 (late), F6: 3, one
    /// breach. Resolved and settled F1 10 h, F2 20 h (late), F6 40 h: 3, median 20 h (odd
    /// count: the middle one), one breach. SLA: 2 breaches in 6 checks = 33.3%. CSAT 5 and
    /// 4: both satisfied, 100%, mean 4.5. NPS: 10 promoter, 6 detractor: (1 − 1) / 2 = 0.
    /// CSI: S1 service mean 3.5 → 62.5, recommend mean 8 → 80, (2 × 62.5 + 6 × 80) / 8 =
    /// 75.625 over 2 responses; S2 q 3 → 50 over 1; (75.625 × 2 + 50) / 3 = 67.083 → 67.1.
    ///
    /// W2: complaints F5 without a category. Acknowledged F3, F4, F7: 3, none late.
    /// Resolved F4 4 h and F7 9 h (F3 was reopened by its score of 2, so it is not settled):
    /// median (4 + 9) / 2 = 6.5 h (even count). SLA 0 of 5 = 0% (not null: there were
    /// checks). CSAT 2 and 3: none satisfied, 0%, mean 2.5. NPS: 9, one promoter: 100. CSI:
    /// S1 service 4 → 75, recommend 9 → 90, (150 + 540) / 8 = 86.25; S2 q 5 → 100;
    /// (86.25 + 100) / 2 = 93.125 → 93.1.
    ///
    /// W3: nothing happened; every count 0 and every rate null.
    @Test func everyFigure_byShanghaiWeek_forEveryone() throws {
        let (app, _) = try Self.seed()
        let series = try app.serviceAnalytics("satisfaction?" + Self.shanghaiWeeks)
        #expect(series["interval"] as? String == "week")
        #expect(series["timeZone"] as? String == "Asia/Shanghai")
        #expect(series["from"] as? String == "2026-11-15T16:00:00Z")
        #expect(series["to"] as? String == "2026-12-06T16:00:00Z")
        #expect(series.isNullFigure("ownerId"))
        let buckets = series.rows("buckets")
        try #require(buckets.count == 3)
        #expect(buckets.map { $0["end"] as? String } == ["2026-11-22T16:00:00Z", "2026-11-29T16:00:00Z", "2026-12-06T16:00:00Z"])
        ExpectedBucket(start: "2026-11-15T16:00:00Z", date: "2026-11-16", complaints: [("物流", 2), ("质量", 1)],
                       csat: (2, 2, 100, 4.5), nps: (2, 1, 0, 1, 0), csi: (67.1, 3, 2), resolution: (3, 20),
                       sla: (3, 1, 3, 1, 33.3)).check(buckets[0], "W1")
        ExpectedBucket(start: "2026-11-22T16:00:00Z", date: "2026-11-23", complaints: [(nil, 1)],
                       csat: (2, 0, 0, 2.5), nps: (1, 1, 0, 0, 100), csi: (93.1, 2, 2), resolution: (2, 6.5),
                       sla: (3, 0, 2, 0, 0)).check(buckets[1], "W2")
        ExpectedBucket(start: "2026-11-29T16:00:00Z", date: "2026-11-30").check(buckets[2], "W3")
    }

    /// The rep's book is `mine`: F1, F2, F4 and responses r1, r4.
    ///
    /// W1: complaints 物流 2; acknowledged F1, F2 (late); resolved F1 10 h, F2 20 h (late):
    /// median 15 h; SLA 2 of 4 = 50%; CSAT 5, 4: 100%, 4.5; NPS 10: 100; CSI r1 alone:
    /// service 5 → 100, recommend 10 → 100: 100.
    /// W2: no complaint; F4 acknowledged and resolved in 4 h; SLA 0 of 2 = 0%; CSAT 3: 0%,
    /// mean 3; NPS 9: 100; CSI r4: (2 × 75 + 6 × 90) / 8 = 86.25 → 86.3 (halves away from 0).
    /// A manager asking for the rep's `ownerId` sees the same.
    @Test func aRepsView_coversTheirBookOnly() throws {
        let (app, _) = try Self.seed()
        for (series, label) in [(try app.serviceAnalytics("satisfaction?" + Self.shanghaiWeeks, as: .rep), "rep"),
                                (try app.serviceAnalytics("satisfaction?" + Self.shanghaiWeeks + "&ownerId=\(app.userIDs[.rep]!)"), "manager")] {
            #expect(series["ownerId"] as? String == app.userIDs[.rep]!)
            let buckets = series.rows("buckets")
            try #require(buckets.count == 3)
            ExpectedBucket(start: "2026-11-15T16:00:00Z", date: "2026-11-16", complaints: [("物流", 2)], csat: (2, 2, 100, 4.5),
                           nps: (1, 1, 0, 0, 100), csi: (100, 1, 1), resolution: (2, 15), sla: (2, 1, 2, 1, 50)).check(buckets[0], "\(label) W1")
            ExpectedBucket(start: "2026-11-22T16:00:00Z", date: "2026-11-23", csat: (1, 0, 0, 3), nps: (1, 1, 0, 0, 100), csi: (86.3, 1, 1),
                           resolution: (1, 4), sla: (1, 0, 1, 0, 0)).check(buckets[1], "\(label) W2")
            ExpectedBucket(start: "2026-11-29T16:00:00Z", date: "2026-11-30").check(buckets[2], "\(label) W3")
        }
    }

    /// The same instants by UTC week: the from/to above become weeks of 9, 16, 23 and 30
    /// November. F3's acknowledgement (Sunday 16:30 UTC) and r4 (Sunday 17:00 UTC) now fall
    /// in the week of the 16th: four acknowledgements there, and three nps answers
    /// (10, 6, 9: 2 promoters, 1 detractor, (2 − 1) / 3 = 33.3).
    @Test func weekBoundary_followsTheTimeZone() throws {
        let (app, _) = try Self.seed()
        let buckets = try app.serviceAnalytics("satisfaction?" + Self.shanghaiWeeks + "&tz=UTC").rows("buckets")
        #expect(buckets.map { $0["start"] as? String } == ["2026-11-09T00:00:00Z", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z"])
        #expect(buckets.map { $0["date"] as? String } == ["2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"])
        try #require(buckets.count == 4)
        #expect(buckets[1][object: "sla"].whole("acknowledged") == 4)
        #expect(buckets[1][object: "nps"].whole("count") == 3)
        #expect(buckets[1][object: "nps"].figure("score") == 33.3)
        #expect(buckets[2][object: "sla"].whole("acknowledged") == 2)
        #expect(buckets[0][object: "sla"].whole("acknowledged") == 0 && buckets[3][object: "sla"].whole("acknowledged") == 0)
    }

    /// Two complaints half an hour either side of midnight on 1 November in Shanghai
    /// (2026-10-31T16:00Z): October and November there, both October in UTC.
    @Test func monthBoundary_followsTheTimeZone() throws {
        let clock = TestClock(instant("2026-10-01T00:00:00Z"))
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"月末客户"}"#)
        try app.handledFeedback(on: customer, kind: .complaint, category: "价格", created: instant("2026-10-31T15:30:00Z"), clock: clock)
        try app.handledFeedback(on: customer, kind: .complaint, category: "价格", created: instant("2026-10-31T16:30:00Z"), clock: clock)
        clock.set(instant("2026-12-01T00:00:00Z"))
        let period = "satisfaction?interval=month&from=2026-10-01T00:00:00%2B08:00&to=2026-12-01T00:00:00%2B08:00"
        let shanghai = try app.serviceAnalytics(period).rows("buckets")
        #expect(shanghai.map { $0["start"] as? String } == ["2026-09-30T16:00:00Z", "2026-10-31T16:00:00Z"])
        #expect(shanghai.map { $0["date"] as? String } == ["2026-10-01", "2026-11-01"])
        #expect(shanghai.map { $0[object: "complaints"].whole("total") } == [1, 1])
        // The same instants by UTC month: from is 30 September 16:00 UTC, so September is in.
        let utcMonths = try app.serviceAnalytics(period + "&tz=UTC").rows("buckets")
        #expect(utcMonths.map { $0["start"] as? String } == ["2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"])
        #expect(utcMonths.map { $0[object: "complaints"].whole("total") } == [0, 2, 0])
    }

    /// Nothing recorded: the default year by month is 13 months (today's month is partly in
    /// the year), every count 0 and every rate null, for a manager and for a rep.
    @Test func emptyData_zeroCountsAndNullRates() throws {
        let app = try TestApplication(clock: TestClock(instant("2026-11-23T02:00:00Z")))
        for role in [Role.manager, .rep, .viewer] {
            let series = try app.serviceAnalytics("satisfaction", as: role)
            #expect(series["interval"] as? String == "month")
            let buckets = series.rows("buckets")
            #expect(buckets.count == 13)
            #expect(buckets.first?["date"] as? String == "2025-11-01")
            #expect(buckets.last?["date"] as? String == "2026-11-01")
            for (index, bucket) in buckets.enumerated() {
                ExpectedBucket(start: bucket["start"] as? String ?? "?", date: bucket["date"] as? String ?? "?").check(bucket, "\(role) #\(index)")
            }
        }
    }

    @Test func badQueries_are422_andOtherBooks403ForReps() throws {
        let app = try TestApplication(clock: TestClock(instant("2026-11-23T02:00:00Z")))
        for (query, field) in [("interval=day", "interval"), ("interval=", "interval"), ("tz=Mars/Olympus", "tz"), ("window=week", "window"),
                               ("from=yesterday", "from"), ("from=2026-11-20&to=2026-11-10", "from"), ("from=2019-01-01&to=2026-01-01", "from"),
                               ("ownerId=usr_nobody", "ownerId")] {
            let problem = try app.serviceAnalyticsProblem("satisfaction?" + query, status: .unprocessableContent)
            #expect((problem["errors"] as? [[String: Any]] ?? []).contains { $0["field"] as? String == field }, "\(query): \(problem)")
        }
        _ = try app.serviceAnalyticsProblem("satisfaction?ownerId=\(app.otherRep.userID)", status: .forbidden, as: .rep)
        #expect(try app.serviceAnalytics("satisfaction?ownerId=\(app.userIDs[.rep]!)", as: .rep)["ownerId"] as? String == app.userIDs[.rep]!)
    }
}
