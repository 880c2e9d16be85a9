import Foundation
import KehuCore
import SQLiteStore

/// Feedback in `feedback`, its kept changes in `feedback_events`. A write reads its
/// item, asks the service what to change, and applies it with its events, the
/// customer's open-feedback count and its journal entries in one transaction.
public struct SQLiteFeedbackRepository: FeedbackRepository {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func customer(id: String, customerScope: OwnerScope) throws -> CustomerBrief {
        try database.read { db in try SQLiteFollowUpRepository.activeCustomer(id: id, scope: customerScope, in: db) }
    }

    public func insert(_ feedback: Feedback, event: FeedbackEvent, mutations: [Mutation], customerScope: OwnerScope, context: RequestContext) throws {
        try database.write { db in
            _ = try SQLiteFollowUpRepository.activeCustomer(id: feedback.customerID, scope: customerScope, in: db)
            try Self.checkAssignee(feedback.assigneeID, in: db)
            try db.execute(FeedbackRow.insertSQL, FeedbackRow.values(feedback))
            try db.execute(FeedbackRow.insertEventSQL, FeedbackRow.eventValues(event))
            try FeedbackRow.refreshOpenCount(customerID: feedback.customerID, in: db)
            for mutation in mutations { try SQLiteJournal.record(mutation, context: context, in: db) }
        }
    }

    public func find(id: String, scope: OwnerScope) throws -> Feedback? {
        try database.read { db in try Self.find(id: id, scope: scope, in: db) }
    }

    public func list(_ query: FeedbackQuery, scope: OwnerScope, page: PageRequest, now: Date) throws -> Page<Feedback> {
        let sortKey = "feedback:" + query.order.rawValue
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: sortKey) }
        let (sql, arguments) = Self.listStatement(query, scope: scope, limit: page.limit + 1, after: cursor, now: now)
        return try database.read { db in
            let rows = try db.query(sql, arguments)
            let kept = rows.prefix(page.limit)
            let column = query.order == .dueAt ? "due_at" : "created_at"
            let next = rows.count > page.limit ? kept.last.map { ListCursor(sortKey: sortKey, value: $0[column], seq: $0.int64("seq")).encoded } : nil
            return Page(items: kept.map(FeedbackRow.feedback), nextCursor: next)
        }
    }

    /// The plan SQLite chooses for a list (`EXPLAIN QUERY PLAN` details), for tests.
    func queryPlan(_ query: FeedbackQuery, scope: OwnerScope, now: Date) throws -> [String] {
        let (sql, arguments) = Self.listStatement(query, scope: scope, limit: 51, after: nil, now: now)
        return try database.read { db in try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string("detail") } }
    }

    /// Only the filters given become conditions, so the planner can pick the index that fits.
    static func listStatement(_ query: FeedbackQuery, scope: OwnerScope, limit: Int, after cursor: ListCursor?, now: Date) -> (String, [any SQLiteBindable]) {
        var conditions: [String] = []
        var arguments = SQLArguments()
        if let owner = scope.ownerID { conditions.append(FeedbackRow.visible(owner: arguments.add(owner))) }
        if let kind = query.kind { conditions.append("f.kind = \(arguments.add(kind.rawValue))") }
        if let status = query.status { conditions.append("f.status = \(arguments.add(status.rawValue))") }
        if let urgency = query.urgency { conditions.append("f.urgency = \(arguments.add(urgency.rawValue))") }
        if let category = query.category { conditions.append("f.category = \(arguments.add(category))") }
        if let assignee = query.assigneeID { conditions.append("f.assignee_id = \(arguments.add(assignee))") }
        if let customer = query.customerID { conditions.append("f.customer_id = \(arguments.add(customer))") }
        if let channel = query.channel { conditions.append("f.channel = \(arguments.add(channel.rawValue))") }
        if let from = query.createdFrom { conditions.append("f.created_at >= \(arguments.add(StoredTime.millis(from)))") }
        if let to = query.createdTo { conditions.append("f.created_at < \(arguments.add(StoredTime.millis(to)))") }
        if query.overdue {
            let at = arguments.add(StoredTime.millis(now))
            conditions.append("f.status IN \(FeedbackRow.activeStatuses) AND (f.due_at < \(at) OR (f.status = 'open' AND f.response_due_at < \(at)))")
        }
        let (column, descending) = switch query.order {
        case .newest: ("created_at", true)
        case .oldest: ("created_at", false)
        case .dueAt: ("due_at", false)
        }
        if let cursor {
            conditions.append("(f.\(column), f.seq) \(descending ? "<" : ">") (\(arguments.add(cursor.value)), \(arguments.add(cursor.seq)))")
        }
        let order = descending ? "DESC" : "ASC"
        let sql = """
            SELECT f.* FROM feedback f \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY f.\(column) \(order), f.seq \(order) LIMIT \(arguments.add(limit))
            """
        return (sql, arguments.values)
    }

    public func counts(scope: OwnerScope, now: Date) throws -> FeedbackCounts {
        let visible = scope.ownerID == nil ? "" : "WHERE " + FeedbackRow.visible(owner: "?2")
        return try database.read { db in
            var byStatus = Dictionary(uniqueKeysWithValues: FeedbackStatus.allCases.map { ($0, 0) })
            var overdue = 0
            for row in try db.query("""
                SELECT f.status, count(*) AS n,
                       coalesce(sum(f.status IN \(FeedbackRow.activeStatuses) AND (f.due_at < ?1 OR (f.status = 'open' AND f.response_due_at < ?1))), 0) AS overdue
                FROM feedback f \(visible) GROUP BY f.status
                """, [StoredTime.millis(now)] + (scope.ownerID.map { [$0] } ?? [])) {
                guard let status = FeedbackStatus(rawValue: row.string("status")) else { continue }
                byStatus[status] = row.int("n")
                overdue += row.int("overdue")
            }
            return FeedbackCounts(byStatus: byStatus, overdue: overdue)
        }
    }

    public func events(feedbackID: String, scope: OwnerScope, page: PageRequest) throws -> Page<FeedbackEvent> {
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let seq = Int64(cursor), seq >= 0 else {
                throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
            }
            after = seq
        }
        return try database.read { db in
            guard try Self.find(id: feedbackID, scope: scope, in: db) != nil else { throw KehuError.notFound(entity: "feedback item", id: feedbackID) }
            let rows = try db.query("SELECT * FROM feedback_events WHERE feedback_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                                    [feedbackID, after, page.limit + 1])
            let kept = rows.prefix(page.limit).map(FeedbackRow.event)
            return Page(items: Array(kept), nextCursor: rows.count > page.limit ? kept.last.map { String($0.sequence) } : nil)
        }
    }

    public func change(id: String, scope: OwnerScope, context: RequestContext, _ decide: (Feedback) throws -> FeedbackWrite) throws -> FeedbackWrite {
        try database.write { db in
            guard let item = try Self.find(id: id, scope: scope, in: db) else { throw KehuError.notFound(entity: "feedback item", id: id) }
            let write = try decide(item)
            if let changed = write.feedback, changed != item {
                if changed.assigneeID != item.assigneeID { try Self.checkAssignee(changed.assigneeID, in: db) }
                try db.execute(FeedbackRow.updateSQL, Array(FeedbackRow.values(changed).dropFirst()) + [changed.id])
                if changed.status.isActive != item.status.isActive { try FeedbackRow.refreshOpenCount(customerID: changed.customerID, in: db) }
            }
            for event in write.events { try db.execute(FeedbackRow.insertEventSQL, FeedbackRow.eventValues(event)) }
            for mutation in write.mutations { try SQLiteJournal.record(mutation, context: context, in: db) }
            return write
        }
    }

    static func find(id: String, scope: OwnerScope, in db: Database) throws -> Feedback? {
        let visible = scope.ownerID == nil ? "" : " AND " + FeedbackRow.visible(owner: "?2")
        let arguments: [any SQLiteBindable] = scope.ownerID.map { [id, $0] } ?? [id]
        return try db.queryOne("SELECT f.* FROM feedback f WHERE f.id = ?1" + visible, arguments).map(FeedbackRow.feedback)
    }

    /// An assignee must be an active user who may work on feedback (not a viewer).
    static func checkAssignee(_ id: String?, in db: Database) throws {
        try UserChecks.requireActiveNonViewer(id, field: "assigneeId", work: "handles feedback", in: db)
    }
}
