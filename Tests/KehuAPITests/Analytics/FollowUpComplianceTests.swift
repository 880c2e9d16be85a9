import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `/v1/analytics/follow-up-compliance` over tasks made and closed by hand through the API.
@Suite struct FollowUpComplianceTests {
    /// Now: Monday 2026-11-23 10:00 in Shanghai (02:00 UTC).
    static let now = instant("2026-11-23T02:00:00Z")
    static let period = "from=2026-11-16T00:00:00%2B08:00&to=2026-11-30T00:00:00%2B08:00"

    /// Tasks (times UTC; Shanghai is 8 hours ahead, so a Shanghai day ends at 16:00 UTC):
    ///
    /// | task | owner | due          | what happened                 | Shanghai       | UTC            |
    /// |------|-------|--------------|-------------------------------|----------------|----------------|
    /// | T1   | rep   | 11-17 01:00  | done 11-17 16:30              | late (00:30 next day) | on time  |
    /// | T2   | rep   | 11-18 01:00  | done 11-18 09:00              | on time        | on time        |
    /// | T3   | rep   | 11-19 01:00  | pending                       | overdue        | overdue        |
    /// | T4   | rep   | 11-20 01:00  | skipped 11-20 02:00           | skipped        | skipped        |
    /// | T5   | rep   | 11-21 01:00  | cancelled 11-21 02:00         | cancelled      | cancelled      |
    /// | T8   | rep   | 11-23 01:00  | pending (due an hour ago)     | overdue        | overdue        |
    /// | T6   | rep   | 11-25 01:00  | pending, not yet due          | not counted    | not counted    |
    /// | T7   | rep   | 11-10 01:00  | done, due before the period   | not counted    | not counted    |
    /// | U1   | other | 11-17 01:00  | done 11-17 02:00              | on time        | on time        |
    /// | U2   | other | 11-18 01:00  | done 11-19 00:00              | late           | late (at midnight exactly) |
    /// | U3   | other | 11-19 01:00  | done 11-19 10:00              | on time        | on time        |
    static func seed() throws -> TestApplication {
        let clock = TestClock(instant("2026-11-16T00:00:00Z"))
        let app = try TestApplication(clock: clock)
        let rep = app.userIDs[.rep]!, other = app.otherRep.userID
        let mine = try app.createCustomer(#"{"name":"我的客户","ownerId":"\#(rep)"}"#)
        let theirs = try app.createCustomer(#"{"name":"别人的客户","ownerId":"\#(other)"}"#)
        func task(_ customer: String, _ owner: String, due: String) throws -> String {
            try app.createFollowUp(#"{"customerId":"\#(customer)","ownerId":"\#(owner)","dueAt":"\#(due)"}"#)["id"] as! String
        }
        func close(_ id: String, _ action: String, at: String) throws {
            clock.set(instant(at))
            let body = action == "complete" ? #"{"summary":"电话沟通"}"# : #"{"reason":"客户出差"}"#
            let response = try app.call(.post, "/v1/follow-ups/\(id)/\(action)", json: body)
            #expect(response.status == .ok, "\(action): \(response.bodyText)")
        }
        let t1 = try task(mine, rep, due: "2026-11-17T01:00:00Z")
        let t2 = try task(mine, rep, due: "2026-11-18T01:00:00Z")
        _ = try task(mine, rep, due: "2026-11-19T01:00:00Z")
        let t4 = try task(mine, rep, due: "2026-11-20T01:00:00Z")
        let t5 = try task(mine, rep, due: "2026-11-21T01:00:00Z")
        _ = try task(mine, rep, due: "2026-11-23T01:00:00Z")
        _ = try task(mine, rep, due: "2026-11-25T01:00:00Z")
        let t7 = try task(mine, rep, due: "2026-11-10T01:00:00Z")
        let u1 = try task(theirs, other, due: "2026-11-17T01:00:00Z")
        let u2 = try task(theirs, other, due: "2026-11-18T01:00:00Z")
        let u3 = try task(theirs, other, due: "2026-11-19T01:00:00Z")
        try close(t7, "complete", at: "2026-11-16T01:00:00Z")
        try close(u1, "complete", at: "2026-11-17T02:00:00Z")
        try close(t1, "complete", at: "2026-11-17T16:30:00Z")
        try close(t2, "complete", at: "2026-11-18T09:00:00Z")
        try close(u2, "complete", at: "2026-11-19T00:00:00Z")
        try close(u3, "complete", at: "2026-11-19T10:00:00Z")
        try close(t4, "skip", at: "2026-11-20T02:00:00Z")
        try close(t5, "cancel", at: "2026-11-21T02:00:00Z")
        clock.set(now)
        return app
    }

    static func check(_ row: [String: Any], _ expected: (due: Int, onTime: Int, late: Int, overdue: Int, skipped: Int, cancelled: Int, percent: Double?),
                      _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let counts = [row.whole("due"), row.whole("doneOnTime"), row.whole("doneLate"), row.whole("overdue"), row.whole("skipped"), row.whole("cancelled")]
        #expect(counts == [expected.due, expected.onTime, expected.late, expected.overdue, expected.skipped, expected.cancelled], "\(label): \(row)",
                sourceLocation: sourceLocation)
        if let percent = expected.percent {
            #expect(row.figure("onTimePercent") == percent, "\(label): \(row)", sourceLocation: sourceLocation)
        } else {
            #expect(row.isNullFigure("onTimePercent"), "\(label): \(row)", sourceLocation: sourceLocation)
        }
    }

    /// In Shanghai: the rep has 6 tasks due (T1-T5, T8): on time T2, late T1, overdue T3 and
    /// T8, skipped T4, cancelled T5; on time 1 of the 4 that had to be done = 25%. The second
    /// rep: U1 and U3 on time, U2 late: 2 of 3 = 66.7%. Together 3 of 7 = 42.9%. Owners by
    /// name ("Second rep" before "Test rep").
    @Test func perOwner_inShanghaiDays() throws {
        let app = try Self.seed()
        let report = try app.serviceAnalytics("follow-up-compliance?" + Self.period)
        #expect(report["from"] as? String == "2026-11-15T16:00:00Z")
        #expect(report["to"] as? String == "2026-11-29T16:00:00Z")
        #expect(report["until"] as? String == "2026-11-23T02:00:00Z")
        #expect(report["timeZone"] as? String == "Asia/Shanghai")
        let owners = report.rows("owners")
        #expect(owners.map { $0["ownerId"] as? String } == [app.otherRep.userID, app.userIDs[.rep]!])
        #expect(owners.map { $0["name"] as? String } == ["Second rep", "Test rep"])
        try #require(owners.count == 2)
        Self.check(owners[0], (3, 2, 1, 0, 0, 0, 66.7), "second rep")
        Self.check(owners[1], (6, 1, 1, 2, 1, 1, 25), "rep")
        Self.check(report[object: "totals"], (9, 3, 2, 2, 1, 1, 42.9), "totals")
    }

    /// By UTC days T1 (done 16:30 UTC on its due day) is on time: 2 of 4 = 50%. U2, done at
    /// midnight UTC exactly, is late: the deadline is the end of the day, and that instant
    /// is the next day.
    @Test func onTime_followsTheTimeZonesDays() throws {
        let app = try Self.seed()
        let owners = try app.serviceAnalytics("follow-up-compliance?" + Self.period + "&tz=UTC").rows("owners")
        try #require(owners.count == 2)
        Self.check(owners[0], (3, 2, 1, 0, 0, 0, 66.7), "second rep")
        Self.check(owners[1], (6, 2, 0, 2, 1, 1, 50), "rep")
    }

    /// A rep sees their own row only, as does a manager naming them; another rep's is 403.
    @Test func aRep_seesTheirOwnRowOnly() throws {
        let app = try Self.seed()
        for (path, role) in [("follow-up-compliance?" + Self.period, Role.rep),
                             ("follow-up-compliance?" + Self.period + "&ownerId=\(app.userIDs[.rep]!)", .manager),
                             ("follow-up-compliance?" + Self.period + "&ownerId=\(app.userIDs[.rep]!)", .rep)] {
            let report = try app.serviceAnalytics(path, as: role)
            #expect(report["ownerId"] as? String == app.userIDs[.rep]!)
            let owners = report.rows("owners")
            try #require(owners.count == 1)
            Self.check(owners[0], (6, 1, 1, 2, 1, 1, 25), "\(role) \(path)")
            Self.check(report[object: "totals"], (6, 1, 1, 2, 1, 1, 25), "\(role) totals")
        }
        _ = try app.serviceAnalyticsProblem("follow-up-compliance?ownerId=\(app.otherRep.userID)", status: .forbidden, as: .rep)
        _ = try app.serviceAnalyticsProblem("follow-up-compliance?ownerId=usr_nobody", status: .unprocessableContent)
        _ = try app.serviceAnalyticsProblem("follow-up-compliance?interval=week", status: .unprocessableContent)
        _ = try app.serviceAnalyticsProblem("follow-up-compliance?tz=Shanghai", status: .unprocessableContent)
    }

    /// Nothing due: no rows and null rates for everyone; a rep's own row with zeros. A
    /// period still ahead counts nothing and ends where it starts.
    @Test func emptyData_andAPeriodAhead() throws {
        let app = try TestApplication(clock: TestClock(Self.now))
        let all = try app.serviceAnalytics("follow-up-compliance")
        #expect(all.rows("owners").isEmpty)
        Self.check(all[object: "totals"], (0, 0, 0, 0, 0, 0, nil), "empty totals")
        let mine = try app.serviceAnalytics("follow-up-compliance", as: .rep).rows("owners")
        try #require(mine.count == 1)
        #expect(mine[0]["name"] as? String == "Test rep")
        Self.check(mine[0], (0, 0, 0, 0, 0, 0, nil), "empty rep")
        let seeded = try Self.seed()
        let ahead = try seeded.serviceAnalytics("follow-up-compliance?from=2026-12-01T00:00:00Z&to=2026-12-10T00:00:00Z")
        #expect(ahead.rows("owners").isEmpty)
        #expect(ahead["until"] as? String == "2026-12-01T00:00:00Z")
    }
}
