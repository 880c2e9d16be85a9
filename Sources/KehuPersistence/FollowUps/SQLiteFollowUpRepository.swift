import Foundation
import KehuCore
import SQLiteStore

/// Plans and follow-ups in `follow_up_plans` and `follow_ups`. A write reads its snapshot,
/// asks the service what to change, and applies it with its journal entries in one
/// transaction; a completion's interaction refreshes the customer's stats there too.
public struct SQLiteFollowUpRepository: FollowUpRepository {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func insert(_ followUp: FollowUp, mutation: Mutation, customerScope: OwnerScope, context: RequestContext) throws {
        try database.write { db in
            _ = try Self.activeCustomer(id: followUp.customerID, scope: customerScope, in: db)
            try Self.insertTask(followUp, in: db)
            try SQLiteJournal.record(mutation, context: context, in: db)
        }
    }

    public func find(id: String, scope: OwnerScope) throws -> FollowUp? {
        try database.read { db in
            try db.queryOne("SELECT * FROM follow_ups WHERE id = ?1 AND (?2 IS NULL OR owner_id = ?2)", [id, scope.ownerID]).map(FollowUpRow.followUp)
        }
    }

    public func list(_ query: FollowUpQuery, scope: OwnerScope, page: PageRequest, now: Date) throws -> Page<FollowUp> {
        let sortKey = query.descending ? "follow_ups:-due" : "follow_ups:due"
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: sortKey) }
        let (sql, arguments) = Self.listStatement(query, scope: scope, limit: page.limit + 1, after: cursor, now: now)
        return try database.read { db in
            let rows = try db.query(sql, arguments)
            let kept = rows.prefix(page.limit)
            let next = rows.count > page.limit ? kept.last.map { ListCursor(sortKey: sortKey, value: $0["due_at"], seq: $0.int64("seq")).encoded } : nil
            return Page(items: kept.map(FollowUpRow.followUp), nextCursor: next)
        }
    }

    /// The plan SQLite chooses for a list (`EXPLAIN QUERY PLAN` details), for tests.
    func queryPlan(_ query: FollowUpQuery, scope: OwnerScope, now: Date) throws -> [String] {
        let (sql, arguments) = Self.listStatement(query, scope: scope, limit: 51, after: nil, now: now)
        return try database.read { db in try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string("detail") } }
    }

    /// Only the filters given become conditions, so each list can be served by the index
    /// that fits it (a catch-all `?n IS NULL OR ...` would hide them from the planner).
    static func listStatement(_ query: FollowUpQuery, scope: OwnerScope, limit: Int, after cursor: ListCursor?, now: Date) -> (String, [any SQLiteBindable]) {
        var conditions: [String] = []
        var arguments = SQLArguments()
        if let owner = scope.ownerID { conditions.append("owner_id = \(arguments.add(owner))") }
        if let owner = query.ownerID { conditions.append("owner_id = \(arguments.add(owner))") }
        if let customer = query.customerID { conditions.append("customer_id = \(arguments.add(customer))") }
        if let plan = query.planID { conditions.append("plan_id = \(arguments.add(plan))") }
        if let kind = query.kind { conditions.append("kind = \(arguments.add(kind.rawValue))") }
        if query.overdue {
            conditions.append("status = 'pending' AND due_at < \(arguments.add(StoredTime.millis(now)))")
            if let status = query.status, status != .pending { conditions.append("0") }
        } else if let status = query.status {
            conditions.append("status = \(arguments.add(status.rawValue))")
        }
        if let after = query.dueAfter { conditions.append("due_at >= \(arguments.add(StoredTime.millis(after)))") }
        if let before = query.dueBefore { conditions.append("due_at < \(arguments.add(StoredTime.millis(before)))") }
        if let cursor {
            conditions.append("(due_at, seq) \(query.descending ? "<" : ">") (\(arguments.add(cursor.value)), \(arguments.add(cursor.seq)))")
        }
        let order = query.descending ? "DESC" : "ASC"
        let sql = """
            SELECT * FROM follow_ups \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY due_at \(order), seq \(order) LIMIT \(arguments.add(limit))
            """
        return (sql, arguments.values)
    }

    public func change(id: String, scope: OwnerScope, context: RequestContext, _ decide: (FollowUpSnapshot) throws -> FollowUpWrite) throws -> FollowUpWrite {
        try database.write { db in
            guard let row = try db.queryOne("SELECT * FROM follow_ups WHERE id = ?1 AND (?2 IS NULL OR owner_id = ?2)", [id, scope.ownerID]) else {
                throw KehuError.notFound(entity: "follow-up", id: id)
            }
            let task = FollowUpRow.followUp(row)
            let plan = try task.planID.flatMap { try Self.plan(id: $0, in: db) }
            let write = try decide(FollowUpSnapshot(followUp: task, plan: plan, customer: try Self.customer(id: task.customerID, in: db)))
            try Self.apply(write, context: context, in: db)
            return write
        }
    }

    public func customer(id: String, customerScope: OwnerScope) throws -> CustomerBrief {
        try database.read { db in try Self.activeCustomer(id: id, scope: customerScope, in: db) }
    }

    // MARK: Shared with plans and the agenda

    /// An active customer in `scope`, or `notFound` (named as a field error: it is what the body referred to).
    static func activeCustomer(id: String, scope: OwnerScope, in db: Database) throws -> CustomerBrief {
        guard let row = try db.queryOne("""
            SELECT id, name, tier, phone, owner_id FROM customers WHERE id = ?1 AND status = 'active' AND (?2 IS NULL OR owner_id = ?2)
            """, [id, scope.ownerID]) else {
            throw KehuError.validation([FieldError(field: "customerId", message: "No active customer with this id.")])
        }
        return FollowUpRow.brief(row, prefix: "")
    }

    /// The customer a task or plan is for, in any status.
    static func customer(id: String, in db: Database) throws -> CustomerBrief {
        guard let row = try db.queryOne("SELECT id, name, tier, phone, owner_id FROM customers WHERE id = ?", [id]) else {
            throw KehuError.notFound(entity: "customer", id: id)
        }
        return FollowUpRow.brief(row, prefix: "")
    }

    static func plan(id: String, in db: Database) throws -> FollowUpPlan? {
        try db.queryOne(FollowUpRow.planSelect + " WHERE p.id = ?", [id]).map(FollowUpRow.plan)
    }

    static func insertTask(_ task: FollowUp, in db: Database) throws {
        do {
            try checkingOwner { try db.execute(FollowUpRow.insertTaskSQL, FollowUpRow.values(task)) }
        } catch let error as SQLiteError where error.isUniqueConstraint {
            throw KehuError.conflict("Plan \(task.planID ?? "") already has a pending follow-up.", details: ["planId": task.planID ?? ""])
        }
    }

    static func insertPlanRow(_ plan: FollowUpPlan, in db: Database) throws {
        try checkingOwner { try db.execute(FollowUpRow.insertPlanSQL, FollowUpRow.values(plan)) }
    }

    /// Runs `write`, turning the only foreign key a client names, the owner, into a field error.
    static func checkingOwner(_ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as SQLiteError where error.isForeignKeyConstraint {
            throw KehuError.validation([FieldError(field: "ownerId", message: "No user with this id.")])
        }
    }

    /// Stores what a service decided: plan, changed tasks, new tasks, the interaction, the journal.
    static func apply(_ write: FollowUpWrite, context: RequestContext, in db: Database) throws {
        if let plan = write.plan {
            try checkingOwner { try db.execute(FollowUpRow.updatePlanSQL, Array(FollowUpRow.values(plan).dropFirst()) + [plan.id]) }
        }
        // Closed tasks first: the unique pending-per-plan index must see the old one go
        // before the next one comes.
        for task in write.updated {
            try checkingOwner { try db.execute(FollowUpRow.updateTaskSQL, Array(FollowUpRow.values(task).dropFirst()) + [task.id]) }
        }
        for task in write.created { try insertTask(task, in: db) }
        if let interaction = write.interaction {
            guard let seq = try db.queryOne("SELECT seq FROM customers WHERE id = ? AND status = 'active'", [interaction.customerID])?.int64("seq") else {
                throw KehuError.conflict("The customer is archived or merged; restore it before recording follow-ups.")
            }
            try SQLiteCustomerRepository.insertInteractionRow(interaction, in: db)
            try CustomerStatsRefresh.refresh(seq: seq, rules: write.classification, context: context, in: db, bumpVersion: true)
        }
        for mutation in write.mutations { try SQLiteJournal.record(mutation, context: context, in: db) }
    }
}
