import Foundation
import KehuCore
import SQLiteStore

/// Plans: a plan and its pending task are written together.
extension SQLiteFollowUpRepository {
    public func insertPlan(_ plan: FollowUpPlan, firstTask: FollowUp?, mutations: [Mutation], customerScope: OwnerScope, context: RequestContext) throws {
        try database.write { db in
            _ = try Self.activeCustomer(id: plan.customerID, scope: customerScope, in: db)
            try Self.insertPlanRow(plan, in: db)
            if let firstTask { try Self.insertTask(firstTask, in: db) }
            for mutation in mutations { try SQLiteJournal.record(mutation, context: context, in: db) }
        }
    }

    public func findPlan(id: String, scope: OwnerScope) throws -> FollowUpPlan? {
        try database.read { db in
            try db.queryOne(FollowUpRow.planSelect + " WHERE p.id = ?1 AND (?2 IS NULL OR p.owner_id = ?2)", [id, scope.ownerID]).map(FollowUpRow.plan)
        }
    }

    public func listPlans(_ query: PlanQuery, scope: OwnerScope, page: PageRequest) throws -> Page<FollowUpPlan> {
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: "follow_up_plans") }
        return try database.read { db in
            let rows = try db.query(FollowUpRow.planSelect + """
                 WHERE (?1 IS NULL OR p.owner_id = ?1) AND (?2 IS NULL OR p.owner_id = ?2) AND (?3 IS NULL OR p.customer_id = ?3)
                 AND (?4 IS NULL OR p.status = ?4) AND (?5 IS NULL OR (p.created_at, p.rowid) > (?5, ?6))
                ORDER BY p.created_at, p.rowid LIMIT ?7
                """, [scope.ownerID, query.ownerID, query.customerID, query.status?.rawValue, cursor.map { $0.value }, cursor?.seq, page.limit + 1])
            let kept = rows.prefix(page.limit)
            let next = rows.count > page.limit ? kept.last.map { ListCursor(sortKey: "follow_up_plans", value: $0["created_at"], seq: $0.int64("seq")).encoded } : nil
            return Page(items: kept.map(FollowUpRow.plan), nextCursor: next)
        }
    }

    public func changePlan(id: String, scope: OwnerScope, context: RequestContext, _ decide: (PlanSnapshot) throws -> FollowUpWrite) throws -> FollowUpWrite {
        try database.write { db in
            guard let plan = try db.queryOne(FollowUpRow.planSelect + " WHERE p.id = ?1 AND (?2 IS NULL OR p.owner_id = ?2)", [id, scope.ownerID])
                .map(FollowUpRow.plan) else {
                throw KehuError.notFound(entity: "follow-up plan", id: id)
            }
            let pending = try plan.nextFollowUpID.flatMap { try db.queryOne("SELECT * FROM follow_ups WHERE id = ?", [$0]).map(FollowUpRow.followUp) }
            let write = try decide(PlanSnapshot(plan: plan, pending: pending, customer: try Self.customer(id: plan.customerID, in: db)))
            try Self.apply(write, context: context, in: db)
            return write
        }
    }
}
