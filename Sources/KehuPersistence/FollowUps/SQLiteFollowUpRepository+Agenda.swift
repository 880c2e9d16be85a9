import Foundation
import KehuCore
import SQLiteStore

/// The agenda's reads and the VIP care tasks. Each agenda query names its index: the
/// planner, without fresh statistics, preferred walking every active customer by name.
extension SQLiteFollowUpRepository {
    public func agenda(ownerID: String, dayStart: Date, dayEnd: Date, birthdayKeys: [String], overdueLimit: Int, dueLimit: Int) throws -> AgendaRows {
        let start = StoredTime.millis(dayStart), end = StoredTime.millis(dayEnd)
        return try database.read { db in
            let task = { (row: Row) in AgendaTask(followUp: FollowUpRow.followUp(row), customer: FollowUpRow.brief(row)) }
            let overdue = try db.query("""
                SELECT f.*, \(FollowUpRow.briefColumns) FROM follow_ups f INDEXED BY follow_ups_owner_status JOIN customers c ON c.id = f.customer_id
                WHERE f.owner_id = ?1 AND f.status = 'pending' AND f.due_at < ?2 ORDER BY f.due_at, f.seq LIMIT ?3
                """, [ownerID, start, overdueLimit]).map(task)
            let overdueCount = overdue.count < overdueLimit ? overdue.count : try db.scalar("""
                SELECT count(*) FROM follow_ups WHERE owner_id = ?1 AND status = 'pending' AND due_at < ?2
                """, [ownerID, start])?.int64Value.map(Int.init) ?? 0
            let due = try db.query("""
                SELECT f.*, \(FollowUpRow.briefColumns) FROM follow_ups f INDEXED BY follow_ups_owner_due JOIN customers c ON c.id = f.customer_id
                WHERE f.owner_id = ?1 AND f.due_at >= ?2 AND f.due_at < ?3 AND f.status IN ('pending', 'done') ORDER BY f.due_at, f.seq LIMIT ?4
                """, [ownerID, start, end, dueLimit]).map(task)
            var dueCount = due.count, doneCount = due.filter { $0.followUp.status == .done }.count
            if due.count == dueLimit, let counts = try db.queryOne("""
                SELECT count(*) AS due, coalesce(sum(status = 'done'), 0) AS done FROM follow_ups INDEXED BY follow_ups_owner_due
                WHERE owner_id = ?1 AND due_at >= ?2 AND due_at < ?3 AND status IN ('pending', 'done')
                """, [ownerID, start, end]) {
                (dueCount, doneCount) = (counts.int("due"), counts.int("done"))
            }
            let birthdays = try db.query("""
                SELECT id, name, tier, phone, owner_id, birthday_key FROM customers INDEXED BY customers_owner_birthday
                WHERE owner_id = ?1 AND status = 'active' AND birthday_key IN (SELECT value FROM json_each(?2)) ORDER BY name, id
                """, [ownerID, StoredJSON.encode(birthdayKeys)]).map { (customer: FollowUpRow.brief($0, prefix: ""), key: $0.string("birthday_key")) }
            return AgendaRows(overdue: overdue, overdueCount: overdueCount, due: due, dueCount: dueCount, doneCount: doneCount, birthdays: birthdays)
        }
    }

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
