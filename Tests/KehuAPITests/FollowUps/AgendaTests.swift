import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// `GET /v1/agenda`: day boundaries by time zone, care reminders, ownership; and the VIP
/// care tasks made ahead.
@Suite struct AgendaTests {
    private func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    private func ids(_ agenda: [String: Any], _ section: String) -> [String] {
        (agenda[section] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func dayBoundaries_followTheTimeZone_aroundMidnightInShanghaiAndUTC() throws {
        let clock = TestClock(at("2026-11-23T02:00:00Z"))
        let app = try TestApplication(clock: clock)
        let customer = try app.createCustomer(#"{"name":"午夜客户","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        func task(_ due: String) throws -> String {
            try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(due)"}"#, as: .rep)["id"] as! String
        }
        let lateOn22nd = try task("2026-11-22T15:30:00Z")   // 23:30 on the 22nd in Shanghai
        let earlyOn23rd = try task("2026-11-22T16:30:00Z")  // 00:30 on the 23rd in Shanghai, still the 22nd in UTC
        let lastSecond = try task("2026-11-23T15:59:59Z")   // 23:59:59 on the 23rd in Shanghai
        let midnight = try task("2026-11-23T16:00:00Z")     // the 24th in Shanghai, the 23rd in UTC

        let shanghai = try #require(try app.call(.get, "/v1/agenda?date=2026-11-23&tz=Asia/Shanghai", as: .rep).jsonObject)
        #expect(ids(shanghai, "overdue") == [lateOn22nd])
        #expect(ids(shanghai, "due") == [earlyOn23rd, lastSecond])
        #expect(shanghai["from"] as? String == "2026-11-22T16:00:00Z" && shanghai["to"] as? String == "2026-11-23T16:00:00Z")
        #expect(shanghai[object: "counts"]["overdue"] as? Int == 1)

        let utc = try #require(try app.call(.get, "/v1/agenda?date=2026-11-23&tz=UTC", as: .rep).jsonObject)
        #expect(ids(utc, "overdue") == [lateOn22nd, earlyOn23rd])
        #expect(ids(utc, "due") == [lastSecond, midnight])

        // Without a date: today where the agenda is read. At 17:00 UTC it is already the 24th in Shanghai.
        clock.set(at("2026-11-23T17:00:00Z"))
        #expect(try app.call(.get, "/v1/agenda", as: .rep).jsonObject?["date"] as? String == "2026-11-24")
        #expect(try app.call(.get, "/v1/agenda?tz=UTC", as: .rep).jsonObject?["date"] as? String == "2026-11-23")
        let today = try #require(try app.call(.get, "/v1/agenda", as: .rep).jsonObject)
        #expect(ids(today, "due") == [midnight])
        #expect(Set(ids(today, "overdue")) == [lateOn22nd, earlyOn23rd, lastSecond])

        // Done tasks stay on their day, marked done; overdue ones drop off once done.
        try app.complete(lastSecond, as: .rep)
        let after = try #require(try app.call(.get, "/v1/agenda?date=2026-11-23", as: .rep).jsonObject)
        #expect(ids(after, "due") == [earlyOn23rd, lastSecond])
        #expect(after[object: "counts"]["done"] as? Int == 1)
        #expect((after["due"] as? [[String: Any]])?.last?[object: "customer"]["name"] as? String == "午夜客户")
    }

    @Test func careReminders_showBirthdays_lunarAndLeapDay_andHolidays() throws {
        let clock = TestClock(at("2026-11-23T02:00:00Z"))
        let app = try TestApplication(clock: clock)
        let rep = app.userIDs[.rep]!
        #expect(try app.call(.put, "/v1/settings/holidays", json: """
            {"holidays":[{"name":"感恩回馈日","calendar":"gregorian","month":11,"day":28},{"name":"春节","calendar":"chinese","month":1,"day":1}],
             "reminderDays":7}
            """).status == .ok)
        try app.createCustomer(#"{"name":"生日客户","birthday":"1990-11-25","ownerId":"\#(rep)"}"#, as: .manager)
        try app.createCustomer(#"{"name":"别人的生日","birthday":"1990-11-25","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        try app.createCustomer(#"{"name":"月底生日","birthday":"1990-12-05","ownerId":"\#(rep)"}"#, as: .manager)

        // A lunar birthday: celebrated on the day its Chinese month-day falls this year.
        let birth = LocalDate(year: 1985, month: 3, day: 14)!
        let celebrated = try #require(Birthday(birthDate: birth, calendar: .chinese).date(inGregorianYear: 2027))
        try app.createCustomer(#"{"name":"农历生日","birthday":"\#(birth)","birthdayCalendar":"chinese","ownerId":"\#(rep)"}"#, as: .manager)
        try app.createCustomer(#"{"name":"阳历同日","birthday":"\#(birth)","ownerId":"\#(rep)"}"#, as: .manager)

        let agenda = try #require(try app.call(.get, "/v1/agenda?date=2026-11-23", as: .rep).jsonObject)
        let care = agenda["care"] as? [[String: Any]] ?? []
        #expect(care.map { ($0[object: "customer"]["name"] as? String) ?? ($0["name"] as? String ?? "") } == ["生日客户", "感恩回馈日"])
        #expect(care.first?["daysUntil"] as? Int == 2 && care.first?["date"] as? String == "2026-11-25")
        #expect(care.last?["occasion"] as? String == "holiday" && care.last?["customer"] is NSNull)

        let lunar = try #require(try app.call(.get, "/v1/agenda?date=\(celebrated.adding(days: -3)!)", as: .rep).jsonObject)
        let lunarCare = (lunar["care"] as? [[String: Any]] ?? []).filter { $0["occasion"] as? String == "birthday" }
        #expect(lunarCare.map { $0[object: "customer"]["name"] as? String } == ["农历生日"])
        #expect(lunarCare.first?["date"] as? String == celebrated.description)

        // 29 February is kept on 28 February in a common year.
        try app.createCustomer(#"{"name":"闰日生日","birthday":"2000-02-29","ownerId":"\#(rep)"}"#, as: .manager)
        let leap = try #require(try app.call(.get, "/v1/agenda?date=2027-02-25", as: .rep).jsonObject)
        let leapCare = (leap["care"] as? [[String: Any]] ?? []).filter { $0[object: "customer"]["name"] as? String == "闰日生日" }
        #expect(leapCare.first?["date"] as? String == "2027-02-28")
        let leapYear = try #require(try app.call(.get, "/v1/agenda?date=2028-02-25", as: .rep).jsonObject)
        #expect((leapYear["care"] as? [[String: Any]] ?? []).contains { $0["date"] as? String == "2028-02-29" })
    }

    @Test func agenda_isTheCallersOwn_forReps_andAnyOwnersForManagersAndViewers() throws {
        let app = try TestApplication(clock: TestClock(followUpEpoch))
        let customer = try app.createCustomer(#"{"name":"归属","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let task = try app.createFollowUp(#"{"customerId":"\#(customer)","dueAt":"\#(iso(followUpEpoch))"}"#, as: .manager)
        #expect(task["ownerId"] as? String == app.otherRep.userID)
        #expect(try app.call(.get, "/v1/agenda?ownerId=\(app.otherRep.userID)", as: .rep).status == .forbidden)
        #expect(ids(try app.call(.get, "/v1/agenda", as: .rep).jsonObject ?? [:], "due").isEmpty)
        #expect(ids(try app.call(.get, "/v1/agenda", key: app.otherRep.key).jsonObject ?? [:], "due") == [task["id"] as! String])
        #expect(ids(try app.call(.get, "/v1/agenda?ownerId=\(app.otherRep.userID)", as: .manager).jsonObject ?? [:], "due") == [task["id"] as! String])
        #expect(ids(try app.call(.get, "/v1/agenda?ownerId=\(app.otherRep.userID)", as: .viewer).jsonObject ?? [:], "due") == [task["id"] as! String])
        #expect(try app.call(.get, "/v1/agenda?tz=Mars/Olympus").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/agenda?date=2026-02-30").status == .unprocessableContent)
    }

    @Test func vipCareTasks_areMadeAheadOnce_dueAtNineLocal() throws {
        let clock = TestClock(at("2026-11-23T02:00:00Z"))
        let app = try TestApplication(clock: clock)
        let rep = app.userIDs[.rep]!
        #expect(try app.call(.put, "/v1/settings/holidays", json: """
            {"holidays":[{"name":"感恩回馈日","calendar":"gregorian","month":11,"day":25}],"reminderDays":7,"vipCareDaysAhead":3}
            """).status == .ok)
        let vip = try app.createCustomer(#"{"name":"贵宾","tier":"vip","birthday":"1980-11-26","ownerId":"\#(rep)"}"#, as: .manager)
        try app.createCustomer(#"{"name":"普通","tier":"normal","birthday":"1980-11-26","ownerId":"\#(rep)"}"#, as: .manager)
        try app.createCustomer(#"{"name":"远生日贵宾","tier":"vip","birthday":"1980-12-20","ownerId":"\#(rep)"}"#, as: .manager)
        let context = RequestContext(principal: .system, requestID: "care-sweep", now: clock.now)
        // The VIP's birthday (26th) and the holiday (25th) for both VIPs.
        #expect(try app.followUps.agenda.makeCareTasks(context: context) == 3)
        #expect(try app.followUps.agenda.makeCareTasks(context: context) == 0)
        let tasks = try app.call(.get, "/v1/follow-ups?customerId=\(vip)&kind=care").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(tasks.compactMap { $0["dueAt"] as? String } == ["2026-11-25T01:00:00Z", "2026-11-26T01:00:00Z"])
        #expect(tasks.allSatisfy { $0["ownerId"] as? String == rep && $0["status"] as? String == "pending" })

        // Off by default: nothing is made.
        #expect(try app.call(.put, "/v1/settings/holidays", json: #"{"holidays":[]}"#).status == .ok)
        #expect(try app.call(.get, "/v1/settings/holidays").jsonObject?["vipCareDaysAhead"] is NSNull)
        #expect(try app.followUps.agenda.makeCareTasks(context: context) == 0)
    }

    @Test func holidaySettings_haveChineseDefaults_andRefuseBadRules() throws {
        let app = try TestApplication()
        let settings = try #require(try app.call(.get, "/v1/settings/holidays").jsonObject)
        let names = (settings["holidays"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("春节") && names.contains("中秋节") && names.contains("国庆节"))
        let bad = try app.call(.put, "/v1/settings/holidays", json: #"{"holidays":[{"name":"x","calendar":"gregorian","month":2,"day":30}]}"#)
        #expect(bad.status == .unprocessableContent)
        #expect(bad.bodyText.contains("holidays[0].day"), "\(bad.bodyText)")
        #expect(try app.call(.put, "/v1/settings/holidays", json: #"{"holidays":[],"reminderDays":99}"#).status == .unprocessableContent)
        let misspelt = try app.call(.put, "/v1/settings/holidays", json: #"{"holidays":[{"name":"x","calendar":"gregorian","month":2,"day":3,"mnoth":2}]}"#)
        #expect(misspelt.status == .unprocessableContent)
        #expect(misspelt.bodyText.contains("holidays[0].mnoth"), "\(misspelt.bodyText)")
        #expect(try app.call(.put, "/v1/settings/holidays", as: .manager, json: #"{"holidays":[]}"#).status == .forbidden)
    }
}
