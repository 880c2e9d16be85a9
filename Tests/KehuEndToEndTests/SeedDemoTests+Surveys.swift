import Foundation
import KehuCore
import KehuTestSupport
import Testing

/// The demo survey and its year of responses, as `kehu serve` shows them.
extension SeedDemoTests {
    @Test func seedDemo_answersTheDemoSurveyOverAYear_andItsResultsCountEveryResponse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        let arguments = ["seed-demo", "--customers", "200", "--survey-responses", "300", "--seed", "17"]
        let seeded = try KehuProcess.run(arguments + ["--db", db], environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120)
        #expect(seeded.status == 0, "\(seeded.output)")
        #expect(seeded.output.contains(" 300 survey responses "), "\(seeded.output)")

        let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = server.stop() }
        let api = try APIClient(port: server.port, key: Self.adminKey)
        let surveys = try api.list("/v1/surveys?limit=500")
        #expect(surveys.count == 1)
        let survey = try #require(surveys.first)
        let surveyID = try #require(survey["id"] as? String)
        #expect(survey["name"] as? String == "客户满意度调查" && survey["responseCount"] as? Int == 300)
        let questions = try #require(survey["questions"] as? [[String: Any]])
        #expect(questions.map { $0["type"] as? String ?? "" } == ["likert5", "likert5", "likert5", "likert5", "nps", "text"])
        #expect(Set(questions.filter { $0["type"] as? String == "likert5" }.compactMap { $0["weight"] as? Double }).count > 1, "weighted")

        let responses = try api.list("/v1/surveys/\(surveyID)/responses?limit=500")
        #expect(responses.count == 300)
        // A year of them, all after the survey opened, none in the future.
        let times = responses.compactMap { $0["respondedAt"] as? String }.sorted()
        #expect(times.count == 300)
        #expect(times.first.map { $0 >= survey["createdAt"] as? String ?? "" && $0 < Self.timestamp(daysAgo: 300) } == true, "\(times.first ?? "")")
        #expect(times.last.map { $0 <= Self.timestamp(daysAgo: 0) } == true)

        // The real results endpoint counts every stored answer.
        let results = try api.get("/v1/surveys/\(surveyID)/results")
        #expect(results["responses"] as? Int == 300)
        let answers = responses.map { $0["answers"] as? [String: Any] ?? [:] }
        for result in try #require(results["questions"] as? [[String: Any]]) {
            let id = try #require(result["id"] as? String)
            let given = answers.compactMap { $0[id] }
            #expect(result["count"] as? Int == given.count, "\(id)")
            guard let distribution = result["distribution"] as? [String: Any] else {
                #expect(given.allSatisfy { $0 is String } && !given.isEmpty && given.count < 300, "\(id): some comments, not from everyone")
                continue
            }
            let scores = given.compactMap { $0 as? Int }
            #expect(scores.count == given.count, "\(id)")
            for (score, count) in distribution { #expect(count as? Int == scores.filter { String($0) == score }.count, "\(id) \(score)") }
            let mean = Double(scores.reduce(0, +)) / Double(max(scores.count, 1))
            #expect(abs((result["mean"] as? Double ?? -1) - mean) < 0.006, "\(id)")
            // Skewed positive: content on average.
            if distribution.count == 5 { #expect(mean > 3.2, "\(id): \(mean)") }
        }
        let nps = try #require(results["nps"] as? [String: Any])
        let npsScore = try #require(nps["score"] as? Double)
        #expect((-100...100).contains(npsScore))
        #expect(nps["count"] as? Int == answers.filter { $0["recommend"] != nil }.count)
        let csi = try #require(results["csi"] as? Double)
        #expect((0...100).contains(csi) && csi > 50, "\(csi)")

        // Customers who had complained answer lower; a response about a complaint follows
        // that customer's settled complaint.
        let complaints = try api.list("/v1/feedback?limit=500&kind=complaint")
        var afterComplaint: [Double] = [], others: [Double] = []
        for response in responses {
            let customer = response["customerId"] as? String ?? "", at = response["respondedAt"] as? String ?? ""
            let likert = ["quality", "service", "speed", "value"].compactMap { (response["answers"] as? [String: Any])?[$0] as? Int }
            let mean = Double(likert.reduce(0, +)) / Double(max(likert.count, 1))
            if complaints.contains(where: { $0["customerId"] as? String == customer && $0["createdAt"] as? String ?? "" < at }) {
                afterComplaint.append(mean)
            } else {
                others.append(mean)
            }
            guard let feedbackID = response["feedbackId"] as? String else { continue }
            let complaint = try #require(complaints.first { $0["id"] as? String == feedbackID }, "\(feedbackID) is a complaint")
            #expect(complaint["customerId"] as? String == customer && (complaint["resolvedAt"] as? String).map { $0 < at } == true, "\(feedbackID)")
        }
        #expect(responses.contains { $0["feedbackId"] is String })
        #expect(afterComplaint.count > 20 && others.count > 20, "\(afterComplaint.count) / \(others.count)")
        let average = { (values: [Double]) in values.reduce(0, +) / Double(max(values.count, 1)) }
        #expect(average(afterComplaint) + 0.2 < average(others), "\(average(afterComplaint)) vs \(average(others))")

        // The same seed gives the same responses (their times follow the moment of seeding).
        let again = directory.path("again.sqlite")
        #expect(try KehuProcess.run(arguments + ["--db", again], environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120).status == 0)
        let secondServer = try RunningServer(["--db", again, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = secondServer.stop() }
        let secondAPI = try APIClient(port: secondServer.port, key: Self.adminKey)
        let secondSurvey = try #require(try secondAPI.list("/v1/surveys?limit=500").first?["id"] as? String)
        let repeated = try secondAPI.list("/v1/surveys/\(secondSurvey)/responses?limit=500")
        #expect(Self.responseFingerprints(repeated) == Self.responseFingerprints(responses))
    }

    @Test func seedDemo_withoutSurveyResponses_makesNoSurvey_andSeedingAgainAddsToTheSameSurvey() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("demo.sqlite")
        let none = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "30", "--survey-responses", "0"],
                                       environment: ["KEHU_ADMIN_KEY": Self.adminKey], timeout: 120)
        #expect(none.status == 0 && none.output.contains(" 0 survey responses "), "\(none.output)")
        do {
            let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
            defer { _ = server.stop() }
            #expect(try APIClient(port: server.port, key: Self.adminKey).list("/v1/surveys?limit=500").isEmpty)
        }

        let first = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "30", "--force"], timeout: 120)
        #expect(first.status == 0 && first.output.contains(" 10 survey responses "), "\(first.output)")
        let second = try KehuProcess.run(["seed-demo", "--db", db, "--customers", "60", "--force", "--seed", "2"], timeout: 120)
        #expect(second.status == 0 && second.output.contains(" 20 survey responses "), "\(second.output)")

        let server = try RunningServer(["--db", db, "--access-log", "off", "--rate-limit", "0"])
        defer { _ = server.stop() }
        let api = try APIClient(port: server.port, key: Self.adminKey)
        let surveys = try api.list("/v1/surveys?limit=500")
        #expect(surveys.count == 1 && surveys.first?["responseCount"] as? Int == 30, "\(surveys)")
        let surveyID = try #require(surveys.first?["id"] as? String)
        let responses = try api.list("/v1/surveys/\(surveyID)/responses?limit=500")
        #expect(Set(responses.compactMap { $0["id"] as? String }).count == 30)
        #expect(try api.get("/v1/surveys/\(surveyID)/results")["responses"] as? Int == 30)
        // Created once, through the service; responses are summed up by demo.loaded, not journalled one by one.
        let audit = try api.list("/v1/audit?limit=500&entityType=survey")
        #expect(audit.map { $0["action"] as? String ?? "" } == ["created"], "\(audit)")
        let loads = try api.list("/v1/audit?limit=500&entityType=demo")
        #expect(Set(loads.compactMap { ($0["values"] as? [String: Any])?["surveyResponses"] as? String }) == ["0", "10", "20"], "\(loads)")
    }

    /// What the seed decides about each response: times, the survey's and users' ids aside.
    static func responseFingerprints(_ responses: [[String: Any]]) -> [String] {
        responses.map { response in
            let answers = response["answers"] as? [String: Any] ?? [:]
            let given = answers.keys.sorted().map { "\($0)=\(answers[$0] ?? "")" }.joined(separator: ",")
            let recorded = response["recordedBy"] is String ? "by staff" : "by the customer"
            return ["id", "customerId", "feedbackId"].map { "\(response[$0] ?? "")" }.joined(separator: "|") + "|\(recorded)|" + given
        }.sorted()
    }
}
