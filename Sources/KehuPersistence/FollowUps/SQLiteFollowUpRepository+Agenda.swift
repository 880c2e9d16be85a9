import Foundation
import KehuCore
import SQLiteStore

/// The agenda's reads and the VIP care tasks. Each agenda query names its index: the
/// planner, without fresh statistics, preferred walking every active customer by name.
/// `follow_ups_owner_status` covers every task column the agenda shows, so its lists
/// touch the follow-ups table not at all (migration 9).
extension SQLiteFollowUpRepository {
    public func agenda(ownerID: String, dayStart: Date, dayEnd: Date, birthdayKeys: [String], overdueLimit: Int, dueLimit: Int,
                       feedbackLimit: Int) throws -> AgendaRows {
        let start = StoredTime.millis(dayStart), end = StoredTime.millis(dayEnd)
        return try database.read { db in
            let overdue = try db.query(Self.overdueSQL, [ownerID, start, overdueLimit]).map(FollowUpRow.agendaTask)
            let overdueCount = overdue.count < overdueLimit ? overdue.count : try db.scalar("""
                SELECT count(*) FROM follow_ups INDEXED BY follow_ups_owner_status WHERE owner_id = ?1 AND status = 'pending' AND due_at < ?2
                """, [ownerID, start])?.int64Value.map(Int.init) ?? 0
            let due = try db.query(Self.dueSQL, [ownerID, start, end, dueLimit]).map(FollowUpRow.agendaTask)
            var dueCount = due.count, doneCount = due.filter { $0.status == .done }.count
            if due.count == dueLimit, let counts = try db.queryOne("""
                SELECT count(*) AS due, coalesce(sum(status = 'done'), 0) AS done FROM follow_ups INDEXED BY follow_ups_owner_status
                WHERE owner_id = ?1 AND status IN ('pending', 'done') AND due_at >= ?2 AND due_at < ?3
                """, [ownerID, start, end]) {
                (dueCount, doneCount) = (counts.int("due"), counts.int("done"))
            }
            let birthdays = try db.query("""
                SELECT id, name, tier, phone, owner_id, birthday_key FROM customers INDEXED BY customers_owner_birthday
                WHERE owner_id = ?1 AND status = 'active' AND birthday_key IN (SELECT value FROM json_each(?2)) ORDER BY name, id
                """, [ownerID, StoredJSON.encode(birthdayKeys)]).map { (customer: FollowUpRow.brief($0, prefix: ""), key: $0.string("birthday_key")) }
            let feedback = try db.query(Self.feedbackSQL, [ownerID, feedbackLimit]).map(FeedbackRow.agendaFeedback)
            let feedbackCount = feedback.count < feedbackLimit ? feedback.count : try db.scalar("""
                SELECT count(*) FROM feedback INDEXED BY feedback_assignee WHERE assignee_id = ?1 AND status IN \(FeedbackRow.newStatuses)
                """, [ownerID])?.int64Value.map(Int.init) ?? 0
            return AgendaRows(overdue: overdue, overdueCount: overdueCount, due: due, dueCount: dueCount, doneCount: doneCount, birthdays: birthdays,
                              feedback: feedback, feedbackCount: feedbackCount)
        }
    }

    // Built once: the statement cache is keyed by the text.
    static let overdueSQL = """
        SELECT \(FollowUpRow.agendaColumns) FROM follow_ups f INDEXED BY follow_ups_owner_status JOIN customers c ON c.id = f.customer_id
        WHERE f.owner_id = ?1 AND f.status = 'pending' AND f.due_at < ?2 ORDER BY f.due_at, f.seq LIMIT ?3
        """
    static let dueSQL = """
        SELECT \(FollowUpRow.agendaColumns) FROM follow_ups f INDEXED BY follow_ups_owner_status JOIN customers c ON c.id = f.customer_id
        WHERE f.owner_id = ?1 AND f.status IN ('pending', 'done') AND f.due_at >= ?2 AND f.due_at < ?3 ORDER BY f.due_at, f.seq LIMIT ?4
        """

    static let feedbackSQL = """
        SELECT \(FeedbackRow.agendaColumns) FROM feedback f INDEXED BY feedback_assignee JOIN customers c ON c.id = f.customer_id
        WHERE f.assignee_id = ?1 AND f.status IN \(FeedbackRow.newStatuses) ORDER BY f.due_at, f.seq LIMIT ?2
        """

    public func vipCustomers(birthdayKeys: [String]?) throws -> [(customer: CustomerBrief, key: String?)] {
        try database.read { db in
            try db.query("""
                SELECT id, name, tier, phone, owner_id, birthday_key FROM customers
                WHERE status = 'active' AND tier = 'vip' AND owner_id IS NOT NULL
                  AND (?1 IS NULL OR birthday_key IN (SELECT value FROM json_each(?1))) ORDER BY seq
                """, [birthdayKeys.map { StoredJSON.encode($0) }]).map { (customer: FollowUpRow.brief($0, prefix: ""), key: $0.optionalString("birthday_key")) }
        }
    }

    public func insertCareTasks(_ tasks: [FollowUp], context: RequestContext) throws -> Int {
        try database.write { db in
            var inserted = 0
            for task in tasks {
                let exists = try db.queryOne("SELECT 1 FROM follow_ups WHERE customer_id = ? AND care_key = ?", [task.customerID, task.careKey]) != nil
                if exists { continue }
                try Self.insertTask(task, in: db)
                try SQLiteJournal.record(FollowUpScheduling.created(task), context: context, in: db)
                inserted += 1
            }
            return inserted
        }
    }
}
