import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Survey results are aggregates the database computes from indexes: for everyone, the
/// scored answers from the covering index `survey_answers_question` (or, for a narrow
/// window, `survey_answers_time`) and the responses from `survey_responses_survey`; for a
/// rep, through the rep's customers (`customers_owner`) or those indexes, as the planner
/// finds cheaper.
/// Never a scan of every answer.
@Suite struct SurveyQueryPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_399_200)

    @Test func resultQueries_readIndexes_forEveryScopeAndWindow() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        try Self.seed(database)
        let windows = [ResponseWindow(), ResponseWindow(from: Self.now.addingTimeInterval(-86_400 * 30), to: Self.now)]
        for scope in [OwnerScope.all, .owner("usr_rep3")] {
            for window in windows {
                let label = "\(scope), \(window)"
                let scores = try Self.plan(SQLiteSurveyRepository.scoreStatement(surveyID: "srv_1", window: window, scope: scope), in: database)
                let count = try Self.plan(SQLiteSurveyRepository.responseCountStatement(surveyID: "srv_1", window: window, scope: scope), in: database)
                let texts = try Self.plan(SQLiteSurveyRepository.textCountStatement(surveyID: "srv_1", window: window, scope: scope), in: database)
                if scope == .all {
                    // A narrow window may read the answers by time instead (survey_answers_time,
                    // for the analytics): covering too, and fewer entries.
                    #expect(scores.contains { $0.contains("SEARCH a USING COVERING INDEX survey_answers_question") }
                            || (window.from != nil && scores.contains { $0.contains("SEARCH a USING COVERING INDEX survey_answers_time") }),
                            "\(label): \(scores)")
                    #expect(count.contains { $0.contains("SEARCH r USING COVERING INDEX survey_responses_survey") }, "\(label): \(count)")
                } else {
                    let indexes = ["customers_owner", "survey_responses_survey", "survey_answers_question"]
                    for plan in [scores, count, texts] {
                        #expect(plan.contains { step in indexes.contains { step.contains($0) } }, "\(label): \(plan)")
                    }
                }
                #expect(!scores.contains { $0.hasPrefix("SCAN") }, "\(label): \(scores)")
                #expect(!count.contains { $0.hasPrefix("SCAN") }, "\(label): \(count)")
                // Text answers are read from the survey's responses; with a few large surveys the
                // planner may prefer walking the table to the index, which is its call.
                #expect(!texts.contains { $0.hasPrefix("SCAN c") }, "\(label): \(texts)")
            }
        }
    }

    static func plan(_ statement: (String, [any SQLiteBindable]), in database: KehuDatabase) throws -> [String] {
        try database.read { db in try db.query("EXPLAIN QUERY PLAN " + statement.0, statement.1).map { $0.string("detail") } }
    }

    /// Ten owners, 200 customers, three surveys with 600 responses each, and planner statistics.
    static func seed(_ database: KehuDatabase) throws {
        try database.write { db in
            for owner in 0..<10 {
                try db.execute("INSERT INTO users (id, name, email, role, active, created_at, updated_at, version) VALUES (?, 'r', ?, 'rep', 1, 0, 0, 1)",
                               ["usr_rep\(owner)", "r\(owner)@x.com"])
            }
            for index in 0..<200 {
                var customer = Customer(id: "cus_\(index)", type: .individual, name: "客户\(index)", createdAt: now)
                customer.ownerID = "usr_rep\(index % 10)"
                _ = try SQLiteCustomerRepository.insertRow(customer, in: db)
            }
            let questions = [SurveyQuestion(id: "q1", text: "满意吗", type: .likert5, weight: 1), SurveyQuestion(id: "q2", text: "推荐吗", type: .nps, weight: 1),
                             SurveyQuestion(id: "q3", text: "建议", type: .text, weight: 0)]
            for number in 1...3 {
                let survey = Survey(id: "srv_\(number)", name: "调查\(number)", description: nil, questions: questions, active: true, createdBy: nil, createdAt: now)
                try db.execute(SurveyRow.insertSurveySQL, SurveyRow.insertValues(survey))
                for index in 0..<600 {
                    let answers: [String: SurveyAnswer] = ["q1": .score(1 + index % 5), "q2": .score(index % 11), "q3": .text("意见\(index)")]
                    let response = SurveyResponse(id: "srs_\(number)_\(index)", surveyID: survey.id, customerID: "cus_\(index % 200)", feedbackID: nil,
                                                  answers: answers, recordedBy: nil, respondedAt: now.addingTimeInterval(Double(-index) * 3_600), createdAt: now)
                    try db.execute(SurveyRow.insertResponseSQL, SurveyRow.values(response))
                    let seq = db.lastInsertRowID
                    for (question, answer) in answers {
                        guard case .score(let score) = answer else { continue }
                        try db.execute(SurveyRow.insertAnswerSQL, [seq, survey.id, question, score, StoredTime.millis(response.respondedAt)])
                    }
                }
            }
        }
        try database.refreshStatistics()
    }
}
