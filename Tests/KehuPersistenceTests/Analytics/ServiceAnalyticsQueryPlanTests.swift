import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Every statement of the service analytics reads indexes: each satisfaction figure its own
/// partial index on the time it counts by (migration 12), the overview and compliance the
/// indexes of their filters. None walks a whole table, for everyone or for one book.
@Suite struct ServiceAnalyticsQueryPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_399_200)

    struct Case {
        var label: String
        var sql: String
        var arguments: [any SQLiteBindable]
        /// An index the plan must use (or one of several, separated by `|`).
        var index: String
    }

    static func cases(scope: OwnerScope) -> [Case] {
        let months = TimeBucket.covering(from: now.addingTimeInterval(-365 * 86_400), to: now, unit: .month, in: .gmt)
        let days = TimeBucket.covering(from: now.addingTimeInterval(-30 * 86_400), to: now, unit: .day, in: .gmt)
        let owner: [any SQLiteBindable] = scope.ownerID.map { [$0] } ?? []
        let series: [any SQLiteBindable] = [BucketTable.json(months)] + owner
        let satisfaction = SatisfactionStatements(scope: scope)
        let answers = SurveyAnswerStatements(scope: scope)
        let overview = OverviewStatements(scope: scope)
        let period = AnalyticsPeriod(from: now.addingTimeInterval(-30 * 86_400), to: now)
        let previous = AnalyticsPeriod(from: now.addingTimeInterval(-60 * 86_400), to: period.from)
        var cases = [
            Case(label: "csat", sql: satisfaction.csat, arguments: series, index: "feedback_satisfaction_time"),
            Case(label: "complaints", sql: satisfaction.complaints, arguments: series, index: "feedback_kind_time"),
            Case(label: "acknowledgements", sql: satisfaction.acknowledgements, arguments: series, index: "feedback_first_response_time"),
            Case(label: "resolutions", sql: satisfaction.resolutionCounts, arguments: series, index: "feedback_resolved_time"),
            scope == .all
                ? Case(label: "resolution medians", sql: satisfaction.resolutionMedians([(0, 40), (5, 41)]) ?? "", arguments: series,
                       index: "feedback_resolved_time")
                : Case(label: "resolutions ranked", sql: satisfaction.resolutionsRanked, arguments: series, index: "feedback_resolved_time"),
            Case(label: "survey scores", sql: answers.scores, arguments: series, index: "survey_answers_time"),
            Case(label: "survey responses", sql: answers.responses, arguments: series, index: "survey_answers_time"),
            Case(label: "compliance", sql: ComplianceStatement.sql(scope: scope),
                 arguments: [BucketTable.json(days), StoredTime.millis(period.from), StoredTime.millis(now)] + owner,
                 index: scope == .all ? "COVERING INDEX follow_ups_due" : "follow_ups_owner_due"),
        ]
        let statements: [(String, OverviewStatements.Statement, String)] = [
            ("active customers", overview.activeCustomers, "customers_class"),
            ("new customers", overview.newCustomers(period, previous: previous), scope == .all ? "customers_created" : "customers_owner"),
            ("revenue", overview.revenue(period, previous: previous), scope == .all ? "purchases_time" : "purchases_customer"),
            ("open feedback", overview.feedback(now: now), "feedback_active"),
            ("overdue follow-ups", overview.overdueFollowUps(now: now), "follow_ups_status_due|follow_ups_owner_status"),
        ]
        cases += statements.map { Case(label: $0.0, sql: $0.1.sql, arguments: $0.1.arguments, index: $0.2) }
        return cases
    }

    /// Also after ANALYZE (which the server runs at start and every sweep), with most
    /// feedback settled as in a real book: the planner's figures must not tempt it off them.
    @Test(arguments: [OwnerScope.all, .owner("usr_rep3")], [false, true])
    func everyStatement_readsIndexes(_ scope: OwnerScope, analyzed: Bool) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        try Self.seed(database)
        if analyzed {
            // The figures the sweep's sampled ANALYZE (analysis_limit 1000) left in a
            // 150,000-item demo file, where most feedback is settled: a thousand rows a
            // status, which once drew the resolution statements onto the status index.
            try database.refreshStatistics()
            try database.write { db in
                for (index, stat) in [("feedback_status_created", "133000 1001 1 1"), ("feedback_resolved_time", "158769 1 1 1 1 1"),
                                      ("feedback_kind_time", "166320 1001 1 1 1"), ("feedback_created", "146448 1 1")] {
                    try db.execute("DELETE FROM sqlite_stat1 WHERE idx = ?", [index])
                    try db.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('feedback', ?, ?)", [index, stat])
                }
                try db.execute("ANALYZE sqlite_schema") // reloads the figures (sqlite.org/lang_analyze.html)
            }
        }
        for item in Self.cases(scope: scope) {
            let plan = try database.read { db in try db.query("EXPLAIN QUERY PLAN " + item.sql, item.arguments).map { $0.string("detail") } }
            let indexes = item.index.split(separator: "|")
            #expect(plan.contains { step in indexes.contains { step.contains($0) } }, "\(item.label) (\(scope)) does not use \(item.index): \(plan)")
            for table in ["feedback", "f", "purchases", "p", "follow_ups", "t", "survey_answers", "a", "customers", "survey_responses", "r"] {
                #expect(!plan.contains { $0 == "SCAN \(table)" }, "\(item.label) (\(scope)) walks \(table): \(plan)")
            }
        }
    }

    /// Ten owners, 500 customers and 5,000 tasks (as the follow-up plans test), 3,000
    /// feedback items in every state, 5,000 purchases and 600 survey responses over a year.
    static func seed(_ database: KehuDatabase) throws {
        try FollowUpQueryPlanTests.seed(database)
        try database.write { db in
            for index in 0..<3_000 {
                let created = now.addingTimeInterval(-Double(index) * 10_000)
                var item = Feedback(id: "fbk_\(index)", customerID: "cus_\(index % 500)", kind: FeedbackKind.allCases[index % 4], channel: .phone,
                                    subject: "s", body: nil, category: ["物流", "质量", nil][index % 3], urgency: .normal, assigneeID: nil,
                                    deadlines: SLASettings.default.deadlines(urgency: .normal, from: created), createdBy: nil, createdAt: created)
                item.status = FeedbackStatus.allCases[index % 6]
                if item.status != .open { item.firstResponseAt = created.addingTimeInterval(3_600) }
                if [.resolved, .closed].contains(item.status) {
                    item.resolvedAt = created.addingTimeInterval(Double(index % 90) * 3_600)
                    if index % 2 == 0 { item.satisfaction = Satisfaction(score: 1 + index % 5, comment: nil, recordedAt: item.resolvedAt!) }
                }
                try db.execute(FeedbackRow.insertSQL, FeedbackRow.values(item))
            }
            for index in 0..<5_000 {
                try db.execute("""
                    INSERT INTO purchases (id, customer_id, amount, currency, product, quantity, purchased_at, created_at) VALUES (?, ?, ?, 'CNY', 'p', 1, ?, 0)
                    """, ["pur_\(index)", "cus_\(index % 500)", 100 * index, StoredTime.millis(now) - Int64(index) * 6_000_000])
            }
            let survey = Survey(id: "srv_1", name: "调查", description: nil,
                                questions: [SurveyQuestion(id: "q1", text: "满意吗", type: .likert5, weight: 1),
                                            SurveyQuestion(id: "q2", text: "推荐吗", type: .nps, weight: 1)],
                                active: true, createdBy: nil, createdAt: now)
            try db.execute(SurveyRow.insertSurveySQL, SurveyRow.insertValues(survey))
            for index in 0..<600 {
                let response = SurveyResponse(id: "srs_\(index)", surveyID: survey.id, customerID: "cus_\(index % 500)", feedbackID: nil,
                                              answers: ["q1": .score(1 + index % 5), "q2": .score(index % 11)], recordedBy: nil,
                                              respondedAt: now.addingTimeInterval(Double(-index) * 50_000), createdAt: now)
                try db.execute(SurveyRow.insertResponseSQL, SurveyRow.values(response))
                let seq = db.lastInsertRowID
                for (question, score) in [("q1", 1 + index % 5), ("q2", index % 11)] {
                    try db.execute(SurveyRow.insertAnswerSQL, [seq, survey.id, question, score, StoredTime.millis(response.respondedAt)])
                }
            }
        }
        try database.refreshStatistics()
    }
}
