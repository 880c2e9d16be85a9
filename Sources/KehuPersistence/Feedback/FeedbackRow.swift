import Foundation
import KehuCore
import SQLiteStore

/// Feedback items and their events to and from rows.
enum FeedbackRow {
    static let columns = [
        "id", "customer_id", "kind", "channel", "subject", "body", "category", "urgency", "status", "assignee_id", "sla_started_at",
        "response_due_at", "due_at", "first_response_at", "resolved_at", "closed_at", "response_breached", "resolution_breached",
        "resolution", "satisfaction", "satisfaction_comment", "satisfaction_at", "reopen_count", "created_by", "created_at", "updated_at", "version",
    ]

    static func values(_ item: Feedback) -> [any SQLiteBindable] {
        [
            item.id, item.customerID, item.kind.rawValue, item.channel.rawValue, item.subject, item.body, item.category, item.urgency.rawValue,
            item.status.rawValue, item.assigneeID, StoredTime.millis(item.slaStartedAt), StoredTime.millis(item.responseDueAt),
            StoredTime.millis(item.dueAt), item.firstResponseAt.map(StoredTime.millis), item.resolvedAt.map(StoredTime.millis),
            item.closedAt.map(StoredTime.millis), item.responseBreached, item.resolutionBreached, item.resolution,
            item.satisfaction?.score, item.satisfaction?.comment, item.satisfaction.map { StoredTime.millis($0.recordedAt) },
            item.reopenCount, item.createdBy, StoredTime.millis(item.createdAt), StoredTime.millis(item.updatedAt), item.version,
        ]
    }

    // Statement texts built once, so the statement cache finds them by the same text.
    static let insertSQL = "INSERT INTO feedback (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
    /// Every column but `id`, then `WHERE id = ?`: bind `values.dropFirst() + [id]`.
    static let updateSQL = "UPDATE feedback SET \(columns.dropFirst().map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?"
    static let insertEventSQL = """
        INSERT INTO feedback_events (feedback_id, type, from_status, to_status, note, detail, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func feedback(_ row: Row) -> Feedback {
        var item = Feedback(
            id: row.string("id"), customerID: row.string("customer_id"), kind: FeedbackKind(rawValue: row.string("kind")) ?? .inquiry,
            channel: FeedbackChannel(rawValue: row.string("channel")) ?? .other, subject: row.string("subject"), body: row.optionalString("body"),
            category: row.optionalString("category"), urgency: Urgency(rawValue: row.string("urgency")) ?? .normal,
            assigneeID: row.optionalString("assignee_id"),
            deadlines: SLADeadlines(responseDueAt: StoredTime.date(row.int64("response_due_at")), dueAt: StoredTime.date(row.int64("due_at"))),
            createdBy: row.optionalString("created_by"), createdAt: StoredTime.date(row.int64("created_at"))
        )
        item.status = FeedbackStatus(rawValue: row.string("status")) ?? .open
        item.slaStartedAt = StoredTime.date(row.int64("sla_started_at"))
        item.firstResponseAt = row.optionalInt64("first_response_at").map(StoredTime.date)
        item.resolvedAt = row.optionalInt64("resolved_at").map(StoredTime.date)
        item.closedAt = row.optionalInt64("closed_at").map(StoredTime.date)
        item.responseBreached = row.bool("response_breached")
        item.resolutionBreached = row.bool("resolution_breached")
        item.resolution = row.optionalString("resolution")
        if let score = row.optionalInt("satisfaction"), let at = row.optionalInt64("satisfaction_at") {
            item.satisfaction = Satisfaction(score: score, comment: row.optionalString("satisfaction_comment"), recordedAt: StoredTime.date(at))
        }
        item.reopenCount = row.int("reopen_count")
        item.updatedAt = StoredTime.date(row.int64("updated_at"))
        item.version = row.int("version")
        return item
    }

    static func eventValues(_ event: FeedbackEvent) -> [any SQLiteBindable] {
        [event.feedbackID, event.type.rawValue, event.fromStatus?.rawValue, event.toStatus?.rawValue, event.note, StoredJSON.encode(event.detail),
         event.actorID, StoredTime.millis(event.at)]
    }

    static func event(_ row: Row) -> FeedbackEvent {
        FeedbackEvent(sequence: row.int64("seq"), feedbackID: row.string("feedback_id"),
                      type: FeedbackEvent.EventType(rawValue: row.string("type")) ?? .updated,
                      fromStatus: row.optionalString("from_status").flatMap(FeedbackStatus.init(rawValue:)),
                      toStatus: row.optionalString("to_status").flatMap(FeedbackStatus.init(rawValue:)), note: row.optionalString("note"),
                      detail: StoredJSON.decode([String: String].self, row.string("detail")) ?? [:], actorID: row.optionalString("actor_id"),
                      at: StoredTime.date(row.int64("at")))
    }

    /// SQL restricting `feedback f` to what a rep sees: items on customers they own and
    /// items assigned to them; `owner` is the placeholder the owner is bound to.
    static func visible(owner: String) -> String {
        "(f.assignee_id = \(owner) OR f.customer_id IN (SELECT id FROM customers WHERE owner_id = \(owner)))"
    }

    /// An agenda item's columns, in the order `agendaFeedback` reads them.
    static let agendaColumns = """
        f.id, f.subject, f.kind, f.urgency, f.status, f.response_due_at, f.due_at, f.customer_id, c.name, c.tier, c.phone, c.owner_id
        """

    static func agendaFeedback(_ row: Row) -> AgendaFeedback {
        AgendaFeedback(id: row.string(at: 0), subject: row.string(at: 1), kind: FeedbackKind(rawValue: row.string(at: 2)) ?? .inquiry,
                       urgency: Urgency(rawValue: row.string(at: 3)) ?? .normal, status: FeedbackStatus(rawValue: row.string(at: 4)) ?? .open,
                       responseDueAt: StoredTime.date(row.int64(at: 5)), dueAt: StoredTime.date(row.int64(at: 6)),
                       customer: FollowUpRow.brief(row, at: 7))
    }

    /// The statuses of feedback that is new to its assignee: not yet acknowledged, or back
    /// after a reopening. The agenda lists these; the rest are in hand.
    static let newStatuses = "('open', 'reopened')"

    /// The statuses still being handled, as an SQL list.
    static let activeStatuses = "(" + FeedbackStatus.active.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    /// Recounts the customer's feedback still being handled (`stats.openFeedback`). A
    /// derived figure: it does not move the customer's version.
    static func refreshOpenCount(customerID: String, in db: Database) throws {
        try db.execute("""
            UPDATE customers SET open_feedback = (SELECT count(*) FROM feedback WHERE customer_id = ?1 AND status IN \(activeStatuses))
            WHERE id = ?1
            """, [customerID])
    }
}
