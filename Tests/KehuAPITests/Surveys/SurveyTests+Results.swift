import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Results (hand-computed), windows, a rep's share, response lists, and the journal.
extension SurveyTests {
    @Test func results_equalHandComputedFigures_andFromToLimitThem() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let a = try app.createCustomer(#"{"name":"甲"}"#), b = try app.createCustomer(#"{"name":"乙"}"#)
        try app.recordResponse(survey, customer: a, answers: #"{"service":5,"recommend":10,"comment":"很好"}"#, respondedAt: days(ago: 3))
        try app.recordResponse(survey, customer: b, answers: #"{"service":4,"recommend":9}"#, respondedAt: days(ago: 2))
        try app.recordResponse(survey, customer: a, answers: #"{"service":2,"recommend":6,"comment":"太慢"}"#, respondedAt: days(ago: 1))
        try app.recordResponse(survey, customer: b, answers: #"{"service":4,"recommend":8}"#, respondedAt: days(ago: 1).addingTimeInterval(3_600))

        // All four responses.
        // service (likert5, weight 2): 5, 4, 2, 4 → count 4, mean 15 / 4 = 3.75, on 0-100 (3.75 - 1) / 4 × 100 = 68.75 → 68.8.
        // recommend (nps, weight 6): 10, 9, 6, 8 → count 4, mean 33 / 4 = 8.25, on 0-100 82.5.
        // NPS: promoters 10, 9 (2), passive 8 (1), detractor 6 (1): (2 - 1) / 4 × 100 = 25.
        // CSI: (2 × 68.75 + 6 × 82.5) / (2 + 6) = (137.5 + 495) / 8 = 632.5 / 8 = 79.0625 → 79.1.
        let all = try app.results(survey, as: .viewer)
        #expect(all.responses == 4)
        #expect(all.count("service") == 4 && all.mean("service") == 3.75 && all.scaledMean("service") == 68.8)
        #expect(all.distribution("service") == [0, 1, 0, 2, 1])
        #expect(all.count("recommend") == 4 && all.mean("recommend") == 8.25 && all.scaledMean("recommend") == 82.5)
        #expect(all.distribution("recommend") == [0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1])
        #expect(all.npsScore == 25)
        #expect(all.nps["promoters"] as? Int == 2 && all.nps["passives"] as? Int == 1 && all.nps["detractors"] as? Int == 1)
        #expect(all.nps["count"] as? Int == 4)
        #expect(all.csi == 79.1)
        #expect(all.csiWeight("service") == 0.25 && all.csiWeight("recommend") == 0.75)
        // The text question: a count only.
        #expect(all.count("comment") == 2)
        #expect(all.question("comment")["mean"] is NSNull && all.question("comment")["distribution"] is NSNull)
        #expect(all.json["from"] is NSNull && all.json["to"] is NSNull)

        // [2 days ago, 1 day ago): the second response only.
        // service 4 → 75; recommend 9 → 90; NPS 1 promoter of 1 → 100; CSI (2 × 75 + 6 × 90) / 8 = 690 / 8 = 86.25 → 86.3.
        let middle = try app.results(survey, "?from=\(iso(days(ago: 2)))&to=\(iso(days(ago: 1)))")
        #expect(middle.responses == 1)
        #expect(middle.mean("service") == 4 && middle.mean("recommend") == 9)
        #expect(middle.npsScore == 100)
        #expect(middle.csi == 86.3)
        #expect(middle.count("comment") == 0)
        #expect(middle.json["from"] as? String == iso(days(ago: 2)))

        // From 1 day ago (inclusive): the last two.
        // service 2, 4 → mean 3 → 50; recommend 6, 8 → mean 7 → 70; NPS (0 - 1) / 2 → -50; CSI (2 × 50 + 6 × 70) / 8 = 520 / 8 = 65.
        let recent = try app.results(survey, "?from=\(iso(days(ago: 1)))")
        #expect(recent.responses == 2)
        #expect(recent.mean("service") == 3 && recent.mean("recommend") == 7)
        #expect(recent.npsScore == -50)
        #expect(recent.csi == 65)
        #expect(recent.count("comment") == 1)

        // Before anything was answered: zeros and nulls, every score still listed.
        let none = try app.results(survey, "?to=\(iso(days(ago: 3)))")
        #expect(none.responses == 0)
        #expect(none.count("service") == 0 && none.mean("service") == nil && none.question("service")["mean"] is NSNull)
        #expect(none.distribution("service") == [0, 0, 0, 0, 0])
        #expect(none.npsScore == nil && none.nps["score"] is NSNull)
        #expect(none.csi == nil && none.json["csi"] is NSNull)

        for query in ["?from=yesterday", "?to=2026-11-23", "?from=\(iso(surveyEpoch))&to=\(iso(days(ago: 1)))", "?interval=week"] {
            #expect(try app.call(.get, "/v1/surveys/\(survey)/results\(query)").status == .unprocessableContent, "\(query)")
        }
        #expect(try app.call(.get, "/v1/surveys/srv_none/results").status == .notFound)
    }

    @Test func aRepsResultsAndResponses_coverOnlyTheirCustomers() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey(as: .manager)["id"] as! String
        let mine = try app.createCustomer(#"{"name":"我的客户","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let theirs = try app.createCustomer(#"{"name":"别人的客户","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let own = try app.recordResponse(survey, customer: mine, answers: #"{"service":5,"recommend":10,"comment":"满意"}"#, as: .rep)
        let other = try app.recordResponse(survey, customer: theirs, answers: #"{"service":1,"recommend":0,"comment":"不满意"}"#, key: app.otherRep.key)

        // The rep: service 5 → 100, recommend 10 → 100; NPS 100; CSI 100.
        let rep = try app.results(survey, as: .rep)
        #expect(rep.responses == 1)
        #expect(rep.mean("service") == 5 && rep.mean("recommend") == 10 && rep.count("comment") == 1)
        #expect(rep.npsScore == 100 && rep.csi == 100)
        // Managers and viewers: both. service 5, 1 → mean 3 → 50; recommend 10, 0 → mean 5 → 50;
        // NPS (1 - 1) / 2 → 0; CSI (2 × 50 + 6 × 50) / 8 = 50.
        for role in [Role.manager, .viewer] {
            let everyone = try app.results(survey, as: role)
            #expect(everyone.responses == 2)
            #expect(everyone.mean("service") == 3 && everyone.mean("recommend") == 5 && everyone.count("comment") == 2)
            #expect(everyone.npsScore == 0 && everyone.csi == 50)
        }

        func responseIDs(_ query: String = "", as role: Role = .admin) throws -> [String] {
            let response = try app.call(.get, "/v1/surveys/\(survey)/responses\(query)", as: role)
            #expect(response.status == .ok, "\(response.bodyText)")
            return (response.jsonObject?["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(try responseIDs(as: .rep) == [own["id"] as! String])
        #expect(try responseIDs("?customerId=\(theirs)", as: .rep).isEmpty)
        #expect(Set(try responseIDs(as: .viewer)) == [own["id"] as! String, other["id"] as! String])
        #expect(try app.call(.get, "/v1/surveys/\(survey)/responses/\(other["id"]!)", as: .rep).status == .notFound)
        #expect(try app.call(.get, "/v1/surveys/\(survey)/responses/\(own["id"]!)", as: .rep).status == .ok)
    }

    @Test func responses_arePagedNewestFirst_filteredByCustomer_andReachableByLocation() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let a = try app.createCustomer(#"{"name":"甲"}"#), b = try app.createCustomer(#"{"name":"乙"}"#)
        let posted = try app.postResponse(survey, #"{"customerId":"\#(a)","answers":{"service":3,"comment":"一般"},"respondedAt":"\#(iso(days(ago: 3)))"}"#)
        #expect(posted.status == .created)
        let first = try #require(posted.jsonObject)
        #expect((first["id"] as? String)?.hasPrefix("srs_") == true)
        #expect(first["surveyId"] as? String == survey && first["customerId"] as? String == a)
        #expect(first[object: "answers"]["service"] as? Int == 3 && first[object: "answers"]["comment"] as? String == "一般")
        #expect(first["respondedAt"] as? String == iso(days(ago: 3)) && first["createdAt"] as? String == iso(surveyEpoch))
        let location = try #require(posted.headers["Location"])
        let fetched = try app.call(.get, location)
        #expect(fetched.status == .ok && fetched.bodyText == posted.bodyText)
        let second = try app.recordResponse(survey, customer: b, answers: #"{"recommend":7}"#, respondedAt: days(ago: 2))
        let third = try app.recordResponse(survey, customer: a, answers: #"{"recommend":9}"#)

        let page = try #require(try app.call(.get, "/v1/surveys/\(survey)/responses?limit=2").jsonObject)
        #expect((page["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [third["id"] as! String, second["id"] as! String])
        let cursor = try #require(page["nextCursor"] as? String)
        let rest = try #require(try app.call(.get, "/v1/surveys/\(survey)/responses?limit=2&cursor=\(cursor)").jsonObject)
        #expect((rest["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [first["id"] as! String])
        #expect(rest["nextCursor"] is NSNull)
        let ofA = try app.call(.get, "/v1/surveys/\(survey)/responses?customerId=\(a)").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(ofA.compactMap { $0["id"] as? String } == [third["id"] as! String, first["id"] as! String])
        let window = try app.call(.get, "/v1/surveys/\(survey)/responses?from=\(iso(days(ago: 2.5)))&to=\(iso(days(ago: 1)))").jsonObject?["data"] as? [[String: Any]]
        #expect(window?.compactMap { $0["id"] as? String } == [second["id"] as! String])
        #expect(try app.call(.get, "/v1/surveys/\(survey)/responses?owner=me").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/surveys/srv_none/responses").status == .notFound)
        #expect(try app.call(.get, "/v1/surveys/\(survey)/responses/srs_none").status == .notFound)
    }

    @Test func writes_recordEventsAndAudit_withTheResponseInOneTransaction() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey(as: .manager)["id"] as! String
        #expect(try app.call(.patch, "/v1/surveys/\(survey)", as: .manager, json: #"{"description":"第二版"}"#).status == .ok)
        let customer = try app.createCustomer(#"{"name":"审计客户"}"#)
        let response = try app.recordResponse(survey, customer: customer, answers: #"{"service":4,"recommend":9,"comment":"私人意见"}"#)

        let events = try app.eventList()
        for expected in ["survey.created \(survey)", "survey.updated \(survey)", "survey.response_recorded \(survey)"] {
            #expect(events.contains(expected), "\(expected) missing from \(events)")
        }
        let audit = try app.call(.get, "/v1/audit?entityId=\(survey)")
        let entries = audit.jsonObject?["data"] as? [[String: Any]] ?? []
        let recorded = try #require(entries.first { $0["action"] as? String == "response_recorded" })
        let values = recorded[object: "values"]
        #expect(values["surveyId"] as? String == survey && values["customerId"] as? String == customer)
        #expect(values["responseId"] as? String == response["id"] as? String)
        // Never the answers: no text, no scores.
        #expect(!audit.bodyText.contains("私人意见"))
        #expect(Set(values.keys) == ["surveyId", "customerId", "responseId"])
        // One survey_answers row per scored answer, stored with the response.
        let rows = try app.database.read { db in
            try db.query("SELECT question_id, score FROM survey_answers ORDER BY question_id").map { "\($0.string("question_id"))=\($0.int("score"))" }
        }
        #expect(rows == ["recommend=9", "service=4"])

        // A refused response writes nothing: no response, no answers, no event.
        let before = try app.eventList().count
        #expect(try app.postResponse(survey, #"{"customerId":"\#(customer)","answers":{"service":4,"recommend":12}}"#).status == .unprocessableContent)
        #expect(try app.eventList().count == before)
        #expect(try app.database.read { db in try db.scalar("SELECT COUNT(*) FROM survey_answers")?.int64Value } == 2)
        #expect(try app.database.read { db in try db.scalar("SELECT COUNT(*) FROM survey_responses")?.int64Value } == 1)
    }

    @Test func erasingACustomer_removesTheirResponsesFromResults() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let kept = try app.createCustomer(#"{"name":"保留"}"#), erased = try app.createCustomer(#"{"name":"删除"}"#)
        try app.recordResponse(survey, customer: kept, answers: #"{"service":5}"#)
        try app.recordResponse(survey, customer: erased, answers: #"{"service":1,"comment":"删除我"}"#)
        #expect(try app.results(survey).mean("service") == 3)
        #expect(try app.call(.delete, "/v1/customers/\(erased)?erase=true").status == .noContent)
        let after = try app.results(survey)
        #expect(after.responses == 1 && after.count("service") == 1 && after.mean("service") == 5 && after.count("comment") == 0)
        #expect(try app.database.read { db in try db.scalar("SELECT COUNT(*) FROM survey_answers")?.int64Value } == 1)
    }
}

extension SurveyTests {
    @Test func merge_movesResponsesToTheTarget_andUndoMovesThemBack() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let target = try app.createCustomer(#"{"name":"目标"}"#), source = try app.createCustomer(#"{"name":"来源"}"#)
        let response = try app.recordResponse(survey, customer: source, answers: #"{"service":4}"#)
        func ids(_ customer: String) throws -> [String] {
            let data = try app.call(.get, "/v1/surveys/\(survey)/responses?customerId=\(customer)").jsonObject?["data"] as? [[String: Any]] ?? []
            return data.compactMap { $0["id"] as? String }
        }
        let merged = try app.call(.post, "/v1/customers/\(target)/merge", json: #"{"sourceId":"\#(source)"}"#)
        #expect(merged.status == .created, "\(merged.bodyText)")
        #expect(try ids(target) == [response["id"] as! String])
        #expect(try app.results(survey).mean("service") == 4)
        let undone = try app.call(.post, "/v1/merges/\(merged.jsonObject?["id"] as! String)/undo")
        #expect(undone.status == .ok, "\(undone.bodyText)")
        #expect(try ids(source) == [response["id"] as! String])
        #expect(try ids(target).isEmpty)
    }
}
