import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// Feedback lists and the agenda's feedback read through an index, never a scan of `feedback`.
@Suite struct FeedbackQueryPlanTests {
    static let now = Date(timeIntervalSince1970: 1_795_399_200)

    static let cases: [(String, FeedbackQuery)] = [
        ("newest", FeedbackQuery()),
        ("overdue by deadline", FeedbackQuery(overdue: true, order: .dueAt)),
        ("overdue, newest", FeedbackQuery(overdue: true)),
        ("status", FeedbackQuery(status: .open, order: .dueAt)),
        ("status, newest", FeedbackQuery(status: .open)),
        ("assignee", FeedbackQuery(assigneeID: "usr_rep3", order: .dueAt)),
        ("customer", FeedbackQuery(customerID: "cus_7")),
        ("created range", FeedbackQuery(createdFrom: now, createdTo: now.addingTimeInterval(86_400), order: .oldest)),
    ]

    @Test func everyList_avoidsAScanOfTheTable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        try FollowUpQueryPlanTests.seed(database)
        try database.write { db in
            for index in 0..<2_000 {
                let urgency = Urgency.allCases[index % 4]
                var item = Feedback(id: "fbk_\(index)", customerID: "cus_\(index % 500)", kind: .complaint, channel: .phone, subject: "s", body: nil,
                                    category: nil, urgency: urgency, assigneeID: "usr_rep\(index % 10)",
                                    deadlines: SLASettings.default.deadlines(urgency: urgency, from: Self.now.addingTimeInterval(Double(index) * 600)),
                                    createdBy: nil, createdAt: Self.now.addingTimeInterval(Double(index) * 600))
                item.status = FeedbackStatus.allCases[index % 6]
                try db.execute(FeedbackRow.insertSQL, FeedbackRow.values(item))
            }
            try db.execute("ANALYZE")
        }
        let repository = SQLiteFeedbackRepository(database: database)
        for (label, query) in Self.cases {
            for scope in [OwnerScope.all, .owner("usr_rep3")] {
                let plan = try repository.queryPlan(query, scope: scope, now: Self.now)
                #expect(!plan.contains { $0.hasPrefix("SCAN f") && !$0.contains("USING") }, "\(label) (\(scope)) scans feedback: \(plan)")
            }
        }
        // A status in the default order stops at the page instead of sorting the status's rows.
        let byStatus = try repository.queryPlan(FeedbackQuery(status: .open), scope: .all, now: Self.now)
        #expect(byStatus.contains { $0.contains("USING INDEX feedback_status_created") }, "\(byStatus)")
        #expect(!byStatus.contains { $0.contains("TEMP B-TREE") }, "\(byStatus)")
        let agenda = try database.read { db in
            try db.query("EXPLAIN QUERY PLAN " + SQLiteFollowUpRepository.feedbackSQL, ["usr_rep3", 50]).map { $0.string("detail") }
        }
        #expect(agenda.contains { $0.contains("USING INDEX feedback_assignee") }, "\(agenda)")
    }
}
