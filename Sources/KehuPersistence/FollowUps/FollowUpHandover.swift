import Foundation
import KehuCore
import SQLiteStore

/// When a customer changes hands, the open follow-up work its old owner held for it (plans
/// not ended, pending tasks) moves to the new owner in the same transaction, so the
/// customer's next contact lands on the agenda of whoever owns it now.
enum FollowUpHandover {
    static func move(customerID: String, from oldOwner: String?, to newOwner: String?, context: RequestContext, in db: Database) throws {
        guard let oldOwner, let newOwner, oldOwner != newOwner else { return }
        let at = StoredTime.millis(context.now)
        let plans = try db.query("""
            UPDATE follow_up_plans SET owner_id = ?1, updated_at = ?2, version = version + 1
            WHERE customer_id = ?3 AND owner_id = ?4 AND status <> 'ended' RETURNING id
            """, [newOwner, at, customerID, oldOwner]).map { $0.string("id") }
        let tasks = try db.query("""
            UPDATE follow_ups SET owner_id = ?1, updated_at = ?2, version = version + 1
            WHERE customer_id = ?3 AND owner_id = ?4 AND status = 'pending' RETURNING id
            """, [newOwner, at, customerID, oldOwner]).map { $0.string("id") }
        for (entity, ids) in [("follow_up_plan", plans), ("follow_up", tasks)] {
            for id in ids {
                try SQLiteJournal.record(Mutation(entityType: entity, entityID: id, action: "updated", changedFields: ["ownerId"],
                                                  auditValues: ["customerId": customerID, "ownerId": newOwner]), context: context, in: db)
            }
        }
    }
}
