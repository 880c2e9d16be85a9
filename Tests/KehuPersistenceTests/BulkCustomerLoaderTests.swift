import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

/// `BulkCustomerLoader` with feedback: the rows and events as given, the customers' open
/// feedback counted, and the schema's CHECK constraints in force after the load.
@Suite struct BulkCustomerLoaderTests {
    static let now = Date(timeIntervalSince1970: 1_795_399_200)

    @Test func load_storesFeedbackAndEvents_countsOpenFeedback_andLeavesCheckConstraintsOn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        let created = Self.now.addingTimeInterval(-86_400)
        let open = Self.item("fbk_open", created: created)
        var closed = Self.item("fbk_closed", created: created)
        closed.status = .closed
        closed.version = 5
        let events = [
            FeedbackEvent(feedbackID: open.id, type: .created, toStatus: .open, actorID: nil, at: created),
            FeedbackEvent(feedbackID: closed.id, type: .created, toStatus: .open, actorID: nil, at: created),
            FeedbackEvent(feedbackID: closed.id, type: .statusChanged, fromStatus: .open, toStatus: .acknowledged, detail: ["breach": "response"],
                          actorID: nil, at: created.addingTimeInterval(60)),
        ]
        let bundle = CustomerBundle(customer: Customer(id: "cus_1", type: .individual, name: "王伟", createdAt: created.addingTimeInterval(-86_400)),
                                    feedback: [open, closed], feedbackEvents: events)

        try BulkCustomerLoader(database: database).load([bundle], rules: .default,
                                                          context: RequestContext(principal: .system, requestID: "test", now: Self.now))

        try database.read { db in
            let stored = try db.query("SELECT * FROM feedback ORDER BY id").map(FeedbackRow.feedback)
            #expect(stored == [closed, open])
            let kept = try db.query("SELECT * FROM feedback_events ORDER BY seq").map(FeedbackRow.event)
            #expect(kept.map(\.type) == [.created, .created, .statusChanged])
            #expect(kept.last?.detail == ["breach": "response"])
            #expect(try db.scalar("SELECT open_feedback FROM customers WHERE id = 'cus_1'")?.int64Value == 1)
        }
        // CHECK constraints hold after a load as for any write.
        #expect(throws: (any Error).self) {
            try database.write { db in try db.execute("UPDATE feedback SET kind = 'rumour' WHERE id = 'fbk_open'") }
        }
        #expect(throws: (any Error).self) {
            try database.write { db in try db.execute("UPDATE feedback_events SET type = 'rumour'") }
        }
    }

    static func item(_ id: String, created: Date) -> Feedback {
        Feedback(id: id, customerID: "cus_1", kind: .complaint, channel: .wechat, subject: "快递包装破损", body: nil, category: "物流",
                 urgency: .high, assigneeID: nil, deadlines: SLASettings.default.deadlines(urgency: .high, from: created), createdBy: nil,
                 createdAt: created)
    }
}
