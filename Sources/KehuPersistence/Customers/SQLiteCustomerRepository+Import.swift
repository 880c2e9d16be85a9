import Foundation
import KehuCore
import SQLiteStore

extension SQLiteCustomerRepository: CustomerImportRepository {
    /// One write transaction per batch; a dry run's is rolled back by throwing a private
    /// marker out of the closure, which `pool.write` answers with ROLLBACK.
    public func importBatch<T>(commit: Bool, context: RequestContext, _ body: (any CustomerImportStore) throws -> T) throws -> T {
        func run(_ db: Database) throws -> T {
            let store = SQLiteCustomerImportStore(db: db, context: context)
            let result = try body(store)
            try store.writeSearchRows()
            return result
        }
        if commit { return try database.write(run) }
        var result: T?
        do {
            try database.write { db in
                result = try run(db)
                throw RollBack()
            }
        } catch is RollBack {}
        return result!
    }

    private struct RollBack: Error {}
}

/// The import's view of one write transaction, built from the same pieces as single
/// writes: `insertRow`, `CustomerIndex`, `CustomerStatsRefresh` and `SQLiteJournal`.
///
/// Full-text rows are written together at the end of the batch (`writeSearchRows`), not
/// row by row: see `CustomerIndex.syncSearch`. Measured on 2,000 rows, interleaving them
/// took 10 ms a row; the rest of the import does not read the full-text index.
final class SQLiteCustomerImportStore: CustomerImportStore {
    let db: Database
    let context: RequestContext
    /// Customers written in this batch whose full-text rows are still to be written.
    private var pendingSearch: [(customer: Customer, seq: Int64, isNew: Bool)] = []

    init(db: Database, context: RequestContext) {
        self.db = db
        self.context = context
    }

    /// Writes the full-text rows of the batch; call once, after the last row.
    func writeSearchRows() throws {
        for (customer, seq, isNew) in pendingSearch { try CustomerIndex.syncSearch(customer, seq: seq, in: db, isNew: isNew) }
        pendingSearch.removeAll()
    }

    func customer(id: String) throws -> Customer? {
        try SQLiteCustomerRepository.find(id: id, scope: .all, now: context.now, in: db)
    }

    /// The oldest active match, by phone first (served by `customers_phone`), then e-mail.
    func activeCustomer(phone: String?, email: String?) throws -> Customer? {
        for (column, value) in [("phone", phone), ("email", email)] {
            guard let value else { continue }
            if let row = try db.queryOne("SELECT \(CustomerRow.columns) FROM customers WHERE \(column) = ?2 AND status = 'active' ORDER BY seq LIMIT 1",
                                         [CustomerRow.since30Days(context.now), value]) {
                return CustomerRow.customer(row)
            }
        }
        return nil
    }

    func insert(_ customer: Customer) throws {
        let seq = try SQLiteCustomerRepository.insertRow(customer, in: db)
        try CustomerIndex.syncSideTables(customer, seq: seq, in: db, isNew: true)
        pendingSearch.append((customer, seq, true))
        try SQLiteJournal.record(SQLiteCustomerRepository.createdMutation(customer), context: context, in: db)
    }

    func update(_ customer: Customer, mutation: Mutation, rules: ClassificationRules, reclassify: Bool) throws {
        let assignments = (CustomerRow.editableColumns + ["updated_at", "version"]).map { "\($0) = ?" }.joined(separator: ", ")
        let seq: Int64
        let previousOwner = try db.queryOne("SELECT owner_id FROM customers WHERE id = ?", [customer.id])?.optionalString("owner_id")
        do {
            // The row was read in this same transaction, so it is still there and active.
            guard let row = try db.queryOne("UPDATE customers SET \(assignments) WHERE id = ? AND status = 'active' RETURNING seq",
                                            CustomerRow.editableValues(customer) + [StoredTime.millis(customer.updatedAt), customer.version, customer.id])
            else { throw KehuError.notFound(entity: "customer", id: customer.id) }
            seq = row.int64("seq")
        } catch let error as SQLiteError where error.isForeignKeyConstraint {
            throw KehuError.validation([FieldError(field: "ownerId", message: "No user with this id.")])
        }
        try CustomerIndex.syncSideTables(customer, seq: seq, in: db)
        pendingSearch.append((customer, seq, false))
        try SQLiteJournal.record(mutation, context: context, in: db)
        try FollowUpHandover.move(customerID: customer.id, from: previousOwner, to: customer.ownerID, context: context, in: db)
        // Only a tier lock change can change the classification: the stats are untouched.
        if reclassify { try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: false) }
    }
}
