import Foundation
import KehuCore
import SQLiteStore

/// Deals in `deals`, their stints in `deal_stages`. A write reads its deal, asks the
/// service what to change, and applies it with its stint, the purchase a win records and
/// its journal entries in one transaction.
public struct SQLiteDealRepository: DealRepository {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func customer(id: String, customerScope: OwnerScope) throws -> CustomerBrief {
        try database.read { db in try SQLiteFollowUpRepository.activeCustomer(id: id, scope: customerScope, in: db) }
    }

    public func insert(_ deal: Deal, stage: DealStageChange, mutations: [Mutation], customerScope: OwnerScope, context: RequestContext) throws {
        try database.write { db in
            _ = try SQLiteFollowUpRepository.activeCustomer(id: deal.customerID, scope: customerScope, in: db)
            try Self.checkOwner(deal.ownerID, in: db)
            try db.execute(DealRow.insertSQL, DealRow.values(deal))
            try db.execute(DealRow.insertStintSQL, DealRow.stintValues(stage, dealSeq: db.lastInsertRowID))
            for mutation in mutations { try SQLiteJournal.record(mutation, context: context, in: db) }
        }
    }

    public func find(id: String, scope: OwnerScope) throws -> Deal? {
        try database.read { db in try Self.find(id: id, scope: scope, in: db)?.deal }
    }

    public func list(_ query: DealQuery, scope: OwnerScope, page: PageRequest) throws -> Page<Deal> {
        let sortKey = "deals:" + query.order.rawValue
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: sortKey) }
        let (sql, arguments) = Self.listStatement(query, scope: scope, limit: page.limit + 1, after: cursor)
        return try database.read { db in
            let rows = try db.query(sql, arguments)
            let kept = rows.prefix(page.limit)
            let column = DealRow.sort(query.order).column
            let next = rows.count > page.limit ? kept.last.map { ListCursor(sortKey: sortKey, value: $0[column], seq: $0.int64("seq")).encoded } : nil
            return Page(items: kept.map(DealRow.deal), nextCursor: next)
        }
    }

    /// The plan SQLite chooses for a list (`EXPLAIN QUERY PLAN` details), for tests.
    func queryPlan(_ query: DealQuery, scope: OwnerScope) throws -> [String] {
        let (sql, arguments) = Self.listStatement(query, scope: scope, limit: 51, after: nil)
        return try database.read { db in try db.query("EXPLAIN QUERY PLAN " + sql, arguments).map { $0.string("detail") } }
    }

    /// Only the filters given become conditions, so the planner can pick the index that fits.
    static func listStatement(_ query: DealQuery, scope: OwnerScope, limit: Int, after cursor: ListCursor?) -> (String, [any SQLiteBindable]) {
        var conditions: [String] = []
        var arguments = SQLArguments()
        if let owner = scope.ownerID { conditions.append(DealRow.inBook(owner: arguments.add(owner))) }
        if let stage = query.stage { conditions.append("d.stage = \(arguments.add(stage.rawValue))") }
        if let owner = query.ownerID { conditions.append("d.owner_id = \(arguments.add(owner))") }
        if let customer = query.customerID { conditions.append("d.customer_id = \(arguments.add(customer))") }
        // On close_key, the indexed column: below its "no date" value means a date is set.
        if query.expectedCloseFrom != nil || query.expectedCloseTo != nil {
            if let from = query.expectedCloseFrom { conditions.append("d.close_key >= \(arguments.add(StoredTime.millis(from)))") }
            conditions.append("d.close_key < \(arguments.add(query.expectedCloseTo.map(StoredTime.millis) ?? DealRow.noCloseKey))")
        }
        if let from = query.createdFrom { conditions.append("d.created_at >= \(arguments.add(StoredTime.millis(from)))") }
        if let to = query.createdTo { conditions.append("d.created_at < \(arguments.add(StoredTime.millis(to)))") }
        let (column, descending) = DealRow.sort(query.order)
        if let cursor {
            conditions.append("(d.\(column), d.seq) \(descending ? "<" : ">") (\(arguments.add(cursor.value)), \(arguments.add(cursor.seq)))")
        }
        let order = descending ? "DESC" : "ASC"
        let sql = """
            SELECT d.* FROM deals d \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY d.\(column) \(order), d.seq \(order) LIMIT \(arguments.add(limit))
            """
        return (sql, arguments.values)
    }

    public func stages(dealID: String, scope: OwnerScope, page: PageRequest) throws -> Page<DealStageChange> {
        var after: Int64 = 0
        if let cursor = page.cursor {
            guard let seq = Int64(cursor), seq >= 0 else {
                throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
            }
            after = seq
        }
        return try database.read { db in
            guard let (_, dealSeq) = try Self.find(id: dealID, scope: scope, in: db) else { throw KehuError.notFound(entity: "deal", id: dealID) }
            let rows = try db.query("SELECT * FROM deal_stages WHERE deal_seq = ? AND seq > ? ORDER BY seq LIMIT ?", [dealSeq, after, page.limit + 1])
            let kept = rows.prefix(page.limit).map { DealRow.stageChange($0, dealID: dealID) }
            return Page(items: Array(kept), nextCursor: rows.count > page.limit ? kept.last.map { String($0.sequence) } : nil)
        }
    }

    public func change(id: String, scope: OwnerScope, context: RequestContext, _ decide: (Deal) throws -> DealWrite) throws -> DealWrite {
        try database.write { db in
            guard let (deal, seq) = try Self.find(id: id, scope: scope, in: db) else { throw KehuError.notFound(entity: "deal", id: id) }
            let write = try decide(deal)
            // The purchase first: the deal refers to it.
            if let purchase = write.purchase {
                guard let customerSeq = try db.queryOne("SELECT seq FROM customers WHERE id = ? AND status = 'active'", [purchase.customerID])?.int64("seq") else {
                    throw KehuError.conflict("The deal's customer is archived; restore it before recording a purchase.")
                }
                try SQLiteCustomerRepository.recordPurchase(purchase, customerSeq: customerSeq, rules: write.classification, context: context, in: db)
            }
            if let changed = write.deal, changed != deal {
                if changed.ownerID != deal.ownerID { try Self.checkOwner(changed.ownerID, in: db) }
                try db.execute(DealRow.updateSQL, Array(DealRow.values(changed).dropFirst()) + [changed.id])
            }
            if let change = write.stageChange {
                try db.execute(DealRow.endStintSQL, [StoredTime.millis(change.at), seq])
                try db.execute(DealRow.insertStintSQL, DealRow.stintValues(change, dealSeq: seq))
            }
            for mutation in write.mutations { try SQLiteJournal.record(mutation, context: context, in: db) }
            return write
        }
    }

    /// The deal `id` if `scope` sees it, with its seq.
    static func find(id: String, scope: OwnerScope, in db: Database) throws -> (deal: Deal, seq: Int64)? {
        let visible = scope.ownerID == nil ? "" : " AND " + DealRow.inBook(owner: "?2")
        let arguments: [any SQLiteBindable] = scope.ownerID.map { [id, $0] } ?? [id]
        return try db.queryOne("SELECT d.* FROM deals d WHERE d.id = ?1" + visible, arguments).map { (DealRow.deal($0), $0.int64("seq")) }
    }

    /// An owner must be an active user who may sell (not a viewer).
    static func checkOwner(_ id: String?, in db: Database) throws {
        try UserChecks.requireActiveNonViewer(id, field: "ownerId", work: "sells", in: db)
    }
}
