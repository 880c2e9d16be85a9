import Foundation
import KehuCore
import SQLiteStore

/// Recomputes a customer's stats from its purchases, interactions and feedback and reclassifies it,
/// inside the caller's transaction: the figures can never drift from the records.
enum CustomerStatsRefresh {
    /// Refreshes the customer at `seq` and returns it. `bumpVersion`: the change came from
    /// a sub-record (a purchase, an interaction), so the customer's version moves too.
    /// A changed stage or tier is recorded as `customer.reclassified`.
    @discardableResult
    static func refresh(seq: Int64, rules: ClassificationRules, context: RequestContext, in db: Database, bumpVersion: Bool) throws -> Customer {
        guard let row = try db.queryOne("SELECT \(CustomerRow.columns) FROM customers WHERE seq = ?2", [CustomerRow.since30Days(context.now), seq]) else {
            preconditionFailure("refresh of a customer that is not there")
        }
        var customer = CustomerRow.customer(row)
        let before = customer
        let totals = try db.queryOne("""
            SELECT count(*) AS purchase_count,
                   coalesce(sum(CASE WHEN currency = ?2 THEN amount END), 0) AS total_spent,
                   coalesce(sum(CASE WHEN currency = ?2 AND purchased_at >= ?3 THEN amount END), 0) AS spent_12m,
                   coalesce(max(purchased_at), 0) AS last_purchase_at
            FROM purchases WHERE customer_id = ?1
            """, [customer.id, rules.baseCurrency, StoredTime.millis(ClassificationRules.yearAgo(context.now))])!
        let lastInteraction = try db.scalar("SELECT coalesce(max(occurred_at), 0) FROM interactions WHERE customer_id = ?", [customer.id])?.int64Value ?? 0
        let openFeedback = try db.scalar("SELECT count(*) FROM feedback WHERE customer_id = ? AND status IN \(FeedbackRow.activeStatuses)",
                                         [customer.id])?.int64Value ?? 0
        try CustomerActivitySummary.refresh(customerID: customer.id, seq: seq, currency: rules.baseCurrency, in: db)
        customer.stats.openFeedback = Int(openFeedback)
        customer.stats.purchaseCount = totals.int("purchase_count")
        customer.stats.totalSpent = totals.int64("total_spent")
        customer.stats.spentLast12Months = totals.int64("spent_12m")
        customer.stats.lastPurchaseAt = CustomerRow.optionalTime(totals.int64("last_purchase_at"))
        customer.stats.lastInteractionAt = CustomerRow.optionalTime(lastInteraction)
        customer.classify(rules, now: context.now)
        if bumpVersion {
            customer.version += 1
            customer.updatedAt = context.now
        }
        guard customer != before else { return customer }
        try db.execute("""
            UPDATE customers SET purchase_count = ?, total_spent = ?, spent_12m = ?, last_purchase_at = ?, last_interaction_at = ?,
                last_activity_at = max(?4, ?5), open_feedback = ?, stage = ?, tier = ?, version = ?, updated_at = ?
            WHERE seq = ?
            """, [customer.stats.purchaseCount, customer.stats.totalSpent, customer.stats.spentLast12Months,
                  totals.int64("last_purchase_at"), lastInteraction, customer.stats.openFeedback, customer.stage.rawValue, customer.tier.rawValue,
                  customer.version, StoredTime.millis(customer.updatedAt), seq])
        try recordReclassification(from: before, to: customer, context: context, in: db)
        return customer
    }

    static func recordReclassification(from before: Customer, to after: Customer, context: RequestContext, in db: Database) throws {
        var changed: [String] = []
        var values: [String: String] = [:]
        if before.stage != after.stage {
            changed.append("stage")
            values["stage"] = after.stage.rawValue
        }
        if before.tier != after.tier {
            changed.append("tier")
            values["tier"] = after.tier.rawValue
        }
        guard !changed.isEmpty else { return }
        try SQLiteJournal.record(
            Mutation(entityType: "customer", entityID: after.id, action: "reclassified", changedFields: changed, auditValues: values),
            context: context, in: db
        )
    }
}
