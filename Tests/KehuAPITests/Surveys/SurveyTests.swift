import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Surveys through the real router over a real SQLite file: creating and changing them,
/// validating responses against their questions, and results computed by the database.
@Suite struct SurveyTests {
    @Test func create_get_list_andPatchWithIfMatch() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let created = try app.call(.post, "/v1/surveys", as: .manager, json: standardSurvey)
        #expect(created.status == .created, "\(created.bodyText)")
        let survey = try #require(created.jsonObject)
        let id = try #require(survey["id"] as? String)
        #expect(id.hasPrefix("srv_"))
        #expect(created.headers["Location"] == "/v1/surveys/\(id)")
        #expect(created.headers["ETag"] == "\"1\"")
        #expect(survey["name"] as? String == "年度满意度调查")
        #expect(survey["active"] as? Bool == true)
        #expect(survey["responseCount"] as? Int == 0)
        #expect(survey["createdBy"] as? String == app.userIDs[.manager])
        let questions = survey["questions"] as? [[String: Any]] ?? []
        #expect(questions.map { $0["id"] as? String } == ["service", "recommend", "comment"])
        // Weights as given; a text question's defaults to 0.
        #expect(questions.map { ($0["weight"] as? NSNumber)?.doubleValue } == [2, 6, 0])

        let fetched = try app.call(.get, "/v1/surveys/\(id)", as: .viewer)
        #expect(fetched.status == .ok)
        #expect(fetched.headers["ETag"] == "\"1\"")
        #expect(fetched.bodyText == created.bodyText)
        #expect(try app.call(.get, "/v1/surveys/srv_none").status == .notFound)

        // Lists page by creation; a default weight is 1.
        try app.createSurvey(#"{"name":"第二","questions":[{"id":"q1","text":"满意吗","type":"likert5"}]}"#)
        let third = try app.createSurvey(#"{"name":"第三","questions":[{"id":"q1","text":"推荐吗","type":"nps"}],"active":false}"#)
        #expect((third["questions"] as? [[String: Any]])?.first?["weight"] as? Int == 1)
        let first = try #require(try app.call(.get, "/v1/surveys?limit=2", as: .rep).jsonObject)
        #expect((first["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["年度满意度调查", "第二"])
        let cursor = try #require(first["nextCursor"] as? String)
        let second = try #require(try app.call(.get, "/v1/surveys?limit=2&cursor=\(cursor)", as: .rep).jsonObject)
        #expect((second["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["第三"])
        #expect(second["nextCursor"] is NSNull)
        let inactive = try app.call(.get, "/v1/surveys?active=false").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(inactive.compactMap { $0["name"] as? String } == ["第三"])
        #expect(try app.call(.get, "/v1/surveys?state=open").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/surveys?cursor=bogus").status == .unprocessableContent)

        // Merge patch with If-Match: the current version changes it, a stale one is 412.
        let renamed = try app.call(.patch, "/v1/surveys/\(id)", as: .manager, json: #"{"name":"2026 年度满意度","description":null}"#,
                                   headers: [("If-Match", "\"1\"")])
        #expect(renamed.status == .ok, "\(renamed.bodyText)")
        #expect(renamed.headers["ETag"] == "\"2\"")
        #expect(renamed.jsonObject?["name"] as? String == "2026 年度满意度")
        #expect(renamed.jsonObject?["description"] is NSNull)
        #expect(renamed.jsonObject?["version"] as? Int == 2)
        let stale = try app.call(.patch, "/v1/surveys/\(id)", as: .manager, json: #"{"active":false}"#, headers: [("If-Match", "\"1\"")])
        #expect(stale.status == .preconditionFailed)
        #expect(try app.call(.get, "/v1/surveys/\(id)").jsonObject?["active"] as? Bool == true)
        // A patch that changes nothing keeps the version.
        let same = try app.call(.patch, "/v1/surveys/\(id)", json: #"{"name":"2026 年度满意度"}"#)
        #expect(same.jsonObject?["version"] as? Int == 2)
        for body in [#"{"name":null}"#, #"{"active":"no"}"#, #"{"colour":"red"}"#, #"{"name":""}"#, #"{"questions":null}"#] {
            #expect(try app.call(.patch, "/v1/surveys/\(id)", json: body).status == .unprocessableContent, "\(body)")
        }
        #expect(try app.call(.patch, "/v1/surveys/srv_none", json: #"{"name":"x"}"#).status == .notFound)
        #expect(try app.call(.patch, "/v1/surveys/\(id)", as: .rep, json: #"{"name":"x"}"#).status == .forbidden)
    }

    @Test func createSurvey_badInput_is422NamingTheField() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        func question(_ fields: String) -> String { #"{"name":"调查","questions":[\#(fields)]}"# }
        let fortyOne = String(repeating: "a", count: 41)
        let manyQuestions = (0...50).map { #"{"id":"q\#($0)","text":"题","type":"likert5"}"# }.joined(separator: ",")
        let cases: [(String, String)] = [
            (#"{"name":"调查"}"#, "questions"),
            (#"{"name":"调查","questions":[]}"#, "questions"),
            (#"{"name":"调查","questions":{}}"#, "questions"),
            (question(manyQuestions), "questions"),
            (#"{"questions":[{"id":"q1","text":"题","type":"nps"}]}"#, "name"),
            (#"{"name":"  ","questions":[{"id":"q1","text":"题","type":"nps"}]}"#, "name"),
            (#"{"name":"\#(String(repeating: "名", count: 201))","questions":[{"id":"q1","text":"题","type":"nps"}]}"#, "name"),
            (#"{"name":"调查","colour":"red","questions":[{"id":"q1","text":"题","type":"nps"}]}"#, "colour"),
            (question(#"{"id":"q1","text":"题","type":"likert5"},{"id":"q1","text":"另一题","type":"nps"}"#), "questions[1].id"),
            (question(#"{"id":"q 1","text":"题","type":"likert5"}"#), "questions[0].id"),
            (question(#"{"id":"题一","text":"题","type":"likert5"}"#), "questions[0].id"),
            (question(#"{"id":"\#(fortyOne)","text":"题","type":"likert5"}"#), "questions[0].id"),
            (question(#"{"id":"","text":"题","type":"likert5"}"#), "questions[0].id"),
            (question(#"{"text":"题","type":"likert5"}"#), "questions[0].id"),
            (question(#"{"id":"q1","text":"","type":"likert5"}"#), "questions[0].text"),
            (question(#"{"id":"q1","text":"\#(String(repeating: "题", count: 501))","type":"likert5"}"#), "questions[0].text"),
            (question(#"{"id":"q1","text":"题","type":"stars"}"#), "questions[0].type"),
            (question(#"{"id":"q1","text":"题","type":"likert5","weight":101}"#), "questions[0].weight"),
            (question(#"{"id":"q1","text":"题","type":"likert5","weight":-1}"#), "questions[0].weight"),
            (question(#"{"id":"q1","text":"题","type":"likert5","weight":"heavy"}"#), "questions[0].weight"),
            (question(#"{"id":"q1","text":"题","type":"text","weight":2}"#), "questions[0].weight"),
            (question(#"{"id":"q1","text":"题","type":"nps","required":true}"#), "questions[0].required"),
            (question(#""q1""#), "questions[0]"),
        ]
        for (body, field) in cases {
            let response = try app.call(.post, "/v1/surveys", json: body)
            #expect(response.status == .unprocessableContent, "\(field): \(response.status) \(response.bodyText)")
            #expect(response.bodyText.contains(#""field":"\#(field)""#), "\(field): \(response.bodyText)")
        }
        #expect(try app.call(.post, "/v1/surveys", json: "{").status == .badRequest)
        // Edges that are fine: 50 questions, weights 0 and 100, a 40-character id.
        let fifty = (1...50).map { #"{"id":"q\#($0)","text":"题","type":"likert5","weight":\#($0 == 1 ? 0 : 100)}"# }.joined(separator: ",")
        try app.createSurvey(question(fifty))
        try app.createSurvey(question(#"{"id":"\#(String(repeating: "a", count: 40))","text":"题","type":"text","weight":0}"#))
        #expect((try app.call(.get, "/v1/surveys").jsonObject?["data"] as? [Any])?.count == 2)
    }

    @Test func responses_areValidatedAgainstTheQuestions_andBadOnesStoreNothing() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let customer = try app.createCustomer(#"{"name":"张伟"}"#)
        func body(_ answers: String) -> String { #"{"customerId":"\#(customer)","answers":\#(answers)}"# }
        let cases: [(String, String)] = [
            (body(#"{"nope":3}"#), "answers.nope"),
            (body(#"{"service":0}"#), "answers.service"),
            (body(#"{"service":6}"#), "answers.service"),
            (body(#"{"recommend":-1}"#), "answers.recommend"),
            (body(#"{"recommend":11}"#), "answers.recommend"),
            (body(#"{"service":"5"}"#), "answers.service"),
            (body(#"{"service":true}"#), "answers.service"),
            (body(#"{"service":null}"#), "answers.service"),
            (body(#"{"comment":5}"#), "answers.comment"),
            (body(#"{"service":3.5}"#), "answers.service"),
            (body(#"{"comment":""}"#), "answers.comment"),
            (body(#"{"comment":"\#(String(repeating: "好", count: 2_001))"}"#), "answers.comment"),
            (body("{}"), "answers"),
            (body("[5]"), "answers"),
            (#"{"answers":{"service":5}}"#, "customerId"),
            (#"{"customerId":"cus_missing","answers":{"service":5}}"#, "customerId"),
            (#"{"customerId":"\#(customer)","answers":{"service":5},"score":5}"#, "score"),
            (#"{"customerId":"\#(customer)","answers":{"service":5},"feedbackId":"fbk_missing"}"#, "feedbackId"),
            (#"{"customerId":"\#(customer)","answers":{"service":5},"respondedAt":"\#(iso(surveyEpoch.addingTimeInterval(3_600)))"}"#, "respondedAt"),
            (#"{"customerId":"\#(customer)","answers":{"service":5},"respondedAt":"yesterday"}"#, "respondedAt"),
        ]
        for (json, field) in cases {
            let response = try app.postResponse(survey, json)
            #expect(response.status == .unprocessableContent, "\(field): \(response.status) \(response.bodyText)")
            #expect(response.bodyText.contains(#""field":"\#(field)""#), "\(field): \(response.bodyText)")
        }
        // One body, every problem: each bad answer named by its question.
        let several = try app.postResponse(survey, body(#"{"service":6,"recommend":"ten","nope":1,"comment":"好"}"#))
        let fields = (several.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields == ["answers.nope", "answers.recommend", "answers.service"])

        #expect(try app.postResponse("srv_none", body(#"{"service":5}"#)).status == .notFound)
        #expect((try app.call(.get, "/v1/surveys/\(survey)/responses").jsonObject?["data"] as? [Any])?.isEmpty == true)
        #expect(try app.database.read { db in try db.scalar("SELECT COUNT(*) FROM survey_answers")?.int64Value } == 0)
        #expect(try !app.eventList().contains { $0.hasPrefix("survey.response_recorded") })

        // Edges that are fine: 1 and 5, 0 and 10, a 2,000-character text, 4.0 as 4, a time a minute ahead (clock skew).
        try app.recordResponse(survey, customer: customer, answers: #"{"service":1,"recommend":0,"comment":"\#(String(repeating: "好", count: 2_000))"}"#)
        try app.recordResponse(survey, customer: customer, answers: #"{"service":5.0,"recommend":10}"#, respondedAt: surveyEpoch.addingTimeInterval(60))
        #expect(try app.call(.get, "/v1/surveys/\(survey)").jsonObject?["responseCount"] as? Int == 2)
    }

    @Test func customers_mustBeActiveAndTheCallers_likeFollowUps() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let mine = try app.createCustomer(#"{"name":"我的客户","ownerId":"\#(app.userIDs[.rep]!)"}"#, as: .manager)
        let theirs = try app.createCustomer(#"{"name":"别人的客户","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        let recorded = try app.recordResponse(survey, customer: mine, answers: #"{"service":4}"#, as: .rep)
        #expect(recorded["recordedBy"] as? String == app.userIDs[.rep])
        // Another rep's customer is not there for this rep: 422 on customerId, as for follow-ups.
        let refused = try app.postResponse(survey, #"{"customerId":"\#(theirs)","answers":{"service":4}}"#, as: .rep)
        #expect(refused.status == .unprocessableContent)
        #expect(refused.bodyText.contains(#""field":"customerId""#))
        #expect(try app.call(.post, "/v1/follow-ups", as: .rep,
                             json: #"{"customerId":"\#(theirs)","dueAt":"\#(iso(surveyEpoch))"}"#).status == refused.status)
        // Viewers record nothing; an archived customer takes no responses.
        #expect(try app.postResponse(survey, #"{"customerId":"\#(mine)","answers":{"service":4}}"#, as: .viewer).status == .forbidden)
        #expect(try app.call(.delete, "/v1/customers/\(mine)", as: .manager).status == .ok)
        let archived = try app.postResponse(survey, #"{"customerId":"\#(mine)","answers":{"service":4}}"#, as: .rep)
        #expect(archived.status == .unprocessableContent)
        #expect(archived.bodyText.contains(#""field":"customerId""#))
    }

    @Test func feedbackId_mustBeAFeedbackItemOfTheCustomer() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let customer = try app.createCustomer(#"{"name":"投诉客户"}"#)
        let other = try app.createCustomer(#"{"name":"另一客户"}"#)
        let at = surveyEpoch.timeIntervalSince1970 * 1000
        try app.database.write { db in
            try db.execute("""
                INSERT INTO feedback (id, customer_id, kind, channel, subject, urgency, status, sla_started_at, response_due_at, due_at, created_at, updated_at, version)
                VALUES ('fbk_1', ?, 'complaint', 'phone', '送货太慢', 'normal', 'resolved', ?2, ?2, ?2, ?2, ?2, 1)
                """, [customer, Int64(at)])
        }
        let recorded = try app.recordResponse(survey, customer: customer, answers: #"{"service":2}"#)
        #expect(recorded["feedbackId"] is NSNull)
        let linked = try app.postResponse(survey, #"{"customerId":"\#(customer)","answers":{"service":3},"feedbackId":"fbk_1"}"#)
        #expect(linked.status == .created, "\(linked.bodyText)")
        #expect(linked.jsonObject?["feedbackId"] as? String == "fbk_1")
        let elsewhere = try app.postResponse(survey, #"{"customerId":"\#(other)","answers":{"service":3},"feedbackId":"fbk_1"}"#)
        #expect(elsewhere.status == .unprocessableContent)
        #expect(elsewhere.bodyText.contains(#""field":"feedbackId""#))
    }

    @Test func inactiveSurvey_refusesResponses_with409_untilResumed() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let customer = try app.createCustomer(#"{"name":"暂停"}"#)
        #expect(try app.call(.patch, "/v1/surveys/\(survey)", json: #"{"active":false}"#).jsonObject?["active"] as? Bool == false)
        let refused = try app.postResponse(survey, #"{"customerId":"\#(customer)","answers":{"service":5}}"#)
        #expect(refused.status == .conflict)
        #expect(refused.headers["Content-Type"] == "application/problem+json")
        // Inactive wins over bad answers: the survey takes nothing at all.
        #expect(try app.postResponse(survey, #"{"customerId":"\#(customer)","answers":{"service":9}}"#).status == .conflict)
        #expect(try app.call(.patch, "/v1/surveys/\(survey)", json: #"{"active":true}"#).status == .ok)
        try app.recordResponse(survey, customer: customer, answers: #"{"service":5}"#)
    }

    @Test func questions_changeOnlyWhileThereAreNoResponses() throws {
        let app = try TestApplication(clock: TestClock(surveyEpoch))
        let survey = try app.createSurvey()["id"] as! String
        let customer = try app.createCustomer(#"{"name":"改题"}"#)
        let replaced = #"{"questions":[{"id":"overall","text":"总体满意度","type":"likert5"},{"id":"recommend","text":"推荐意愿","type":"nps","weight":3}]}"#
        let changed = try app.call(.patch, "/v1/surveys/\(survey)", json: replaced)
        #expect(changed.status == .ok, "\(changed.bodyText)")
        #expect((changed.jsonObject?["questions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["overall", "recommend"])
        #expect(changed.jsonObject?["version"] as? Int == 2)
        // The old question ids are gone.
        #expect(try app.postResponse(survey, #"{"customerId":"\#(customer)","answers":{"service":5}}"#).bodyText.contains("answers.service"))
        try app.recordResponse(survey, customer: customer, answers: #"{"overall":4,"recommend":9}"#)

        let refused = try app.call(.patch, "/v1/surveys/\(survey)",
                                   json: #"{"questions":[{"id":"overall","text":"总体满意度","type":"likert5","weight":5}]}"#)
        #expect(refused.status == .conflict)
        #expect(refused.jsonObject?["responseCount"] as? String == "1", "\(refused.bodyText)")
        #expect(try app.call(.get, "/v1/surveys/\(survey)").jsonObject?["version"] as? Int == 2)
        // The same list again is no change; name, description and active still change.
        #expect(try app.call(.patch, "/v1/surveys/\(survey)", json: replaced).status == .ok)
        let renamed = try app.call(.patch, "/v1/surveys/\(survey)", json: #"{"name":"新名字","description":"说明"}"#)
        #expect(renamed.status == .ok)
        #expect(renamed.jsonObject?["responseCount"] as? Int == 1)
        #expect(renamed.jsonObject?["version"] as? Int == 3)
    }
}
