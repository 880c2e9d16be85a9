import Foundation
import KehuCore
import SQLiteStore

/// Customers in SQLite. Every write keeps the search index, the side tables and the
/// computed fields in step within its own transaction.
public struct SQLiteCustomerRepository: CustomerRepository {
    let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func insert(_ customer: Customer, allowDuplicate: Bool, context: RequestContext) throws {
        try database.write { db in
            if !allowDuplicate { try Self.checkDuplicate(customer, in: db) }
            let seq = try Self.insertRow(customer, in: db)
            try CustomerIndex.sync(customer, seq: seq, in: db, isNew: true)
            try SQLiteJournal.record(Self.createdMutation(customer), context: context, in: db)
        }
    }

    static func createdMutation(_ customer: Customer) -> Mutation {
        Mutation(entityType: "customer", entityID: customer.id, action: "created", changedFields: customer.fields.presentNames,
                 auditValues: customer.auditValues)
    }

    /// Another active customer with the same phone or e-mail: `conflict` naming it.
    static func checkDuplicate(_ customer: Customer, in db: Database) throws {
        for (column, value) in [("phone", customer.phone), ("email", customer.email)] {
            guard let value else { continue }
            if let other = try db.queryOne("SELECT id FROM customers WHERE \(column) = ? AND status = 'active' AND id <> ? LIMIT 1", [value, customer.id]) {
                let id = other.string("id")
                throw KehuError.conflict(
                    "Customer \(id) already has this \(column == "phone" ? "phone number" : "e-mail address"); send allowDuplicate=true to create it anyway.",
                    details: ["duplicateOf": id, "field": column]
                )
            }
        }
    }

    @discardableResult
    static func insertRow(_ customer: Customer, in db: Database) throws -> Int64 {
        let columns = CustomerRow.editableColumns + ["stage", "status", "created_at", "updated_at", "version", "id"]
        let values = CustomerRow.editableValues(customer) + [
            customer.stage.rawValue, customer.status.rawValue, StoredTime.millis(customer.createdAt),
            StoredTime.millis(customer.updatedAt), customer.version, customer.id,
        ]
        do {
            try db.execute("INSERT INTO customers (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))", values)
        } catch let error as SQLiteError where error.isForeignKeyConstraint {
            throw KehuError.validation([FieldError(field: "ownerId", message: "No user with this id.")])
        }
        return db.lastInsertRowID
    }

    public func find(id: String, scope: OwnerScope, now: Date) throws -> Customer? {
        try database.read { db in try Self.find(id: id, scope: scope, now: now, in: db) }
    }

    static func find(id: String, scope: OwnerScope, now: Date, in db: Database) throws -> Customer? {
        try db.queryOne("SELECT \(CustomerRow.columns) FROM customers WHERE id = ?2 AND (?3 IS NULL OR owner_id = ?3)",
                        [CustomerRow.since30Days(now), id, scope.ownerID]).map(CustomerRow.customer)
    }

    /// The active customer `id` in scope, with its seq, or `notFound`.
    static func requireActive(id: String, scope: OwnerScope, now: Date, in db: Database) throws -> (Customer, Int64) {
        guard let row = try db.queryOne("SELECT \(CustomerRow.columns) FROM customers WHERE id = ?2 AND (?3 IS NULL OR owner_id = ?3) AND status = 'active'",
                                        [CustomerRow.since30Days(now), id, scope.ownerID])
        else { throw KehuError.notFound(entity: "customer", id: id) }
        return (CustomerRow.customer(row), row.int64("seq"))
    }

    public func update(_ customer: Customer, expectedVersion: Int, checkDuplicates: Bool, rules: ClassificationRules, mutation: Mutation, context: RequestContext) throws -> Customer {
        try database.write { db in
            if checkDuplicates { try Self.checkDuplicate(customer, in: db) }
            let previousOwner = try db.queryOne("SELECT owner_id FROM customers WHERE id = ?", [customer.id])?.optionalString("owner_id")
            let assignments = (CustomerRow.editableColumns + ["updated_at", "version"]).map { "\($0) = ?" }.joined(separator: ", ")
            do {
                try db.execute("UPDATE customers SET \(assignments) WHERE id = ? AND version = ? AND status = 'active'",
                               CustomerRow.editableValues(customer) + [StoredTime.millis(customer.updatedAt), expectedVersion + 1, customer.id, expectedVersion])
            } catch let error as SQLiteError where error.isForeignKeyConstraint {
                throw KehuError.validation([FieldError(field: "ownerId", message: "No user with this id.")])
            }
            if db.changes == 0 { try Self.explainMissedWrite(id: customer.id, expectedVersion: expectedVersion, in: db) }
            try SQLiteJournal.record(mutation, context: context, in: db)
            try FollowUpHandover.move(customerID: customer.id, from: previousOwner, to: customer.ownerID, context: context, in: db)
            let seq = try db.scalar("SELECT seq FROM customers WHERE id = ?", [customer.id])!.int64Value!
            let updated = try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: false)
            try CustomerIndex.sync(updated, seq: seq, in: db)
            return updated
        }
    }

    /// After an UPDATE that matched nothing: `notFound` or `preconditionFailed`.
    static func explainMissedWrite(id: String, expectedVersion: Int, in db: Database) throws -> Never {
        guard let row = try db.queryOne("SELECT status FROM customers WHERE id = ?", [id]), row.string("status") == "active" else {
            throw KehuError.notFound(entity: "customer", id: id)
        }
        throw KehuError.preconditionFailed("The customer changed since version \(expectedVersion); fetch it again.")
    }

    public func setStatus(id: String, to status: CustomerStatus, expectedVersion: Int, scope: OwnerScope, rules: ClassificationRules, mutation: Mutation, context: RequestContext) throws -> Customer {
        try database.write { db in
            let from: CustomerStatus = status == .active ? .archived : .active
            try db.execute("""
                UPDATE customers SET status = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND version = ? AND status = ? AND (? IS NULL OR owner_id = ?)
                """, [status.rawValue, StoredTime.millis(context.now), id, expectedVersion, from.rawValue, scope.ownerID, scope.ownerID])
            if db.changes == 0 {
                guard let existing = try Self.find(id: id, scope: scope, now: context.now, in: db), existing.status != .merged else {
                    throw KehuError.notFound(entity: "customer", id: id)
                }
                if existing.status != from { throw KehuError.conflict("The customer is already \(existing.status.rawValue).") }
                throw KehuError.preconditionFailed("The customer changed since version \(expectedVersion); fetch it again.")
            }
            try SQLiteJournal.record(mutation, context: context, in: db)
            if status == .active, let seq = try db.scalar("SELECT seq FROM customers WHERE id = ?", [id])?.int64Value {
                // The sweep skips archived customers, so time may have moved their stage.
                try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: false)
            }
            return try Self.find(id: id, scope: .all, now: context.now, in: db)!
        }
    }

    public func erase(id: String, context: RequestContext) throws {
        try database.write { db in
            guard let row = try db.queryOne("SELECT seq FROM customers WHERE id = ?", [id]) else {
                throw KehuError.notFound(entity: "customer", id: id)
            }
            let seq = row.int64("seq")
            try CustomerIndex.remove(seq: seq, in: db)
            // Customers merged into this one keep their own rows; they lose the pointer.
            try db.execute("UPDATE customers SET merged_into = NULL, status = 'archived' WHERE merged_into = ?", [id])
            try db.execute("DELETE FROM merges WHERE target_id = ?1 OR source_id = ?1", [id])
            try db.execute("DELETE FROM customers WHERE seq = ?", [seq])
            // Stored idempotent answers may hold the customer's fields; their links go with them.
            try db.execute("""
                DELETE FROM idempotency_keys WHERE (owner, key) IN (SELECT owner, key FROM idempotency_key_customers WHERE customer_id = ?)
                """, [id])
            try SQLiteJournal.record(Mutation(entityType: "customer", entityID: id, action: "erased"), context: context, in: db)
        }
    }
}

extension CustomerFields {
    /// The names (as the API spells them) of the fields that hold a value.
    var presentNames: [String] {
        var names: [String] = []
        func note(_ name: String, _ value: Any?) { if value != nil { names.append(name) } }
        note("type", type); note("name", name); note("gender", gender); note("birthday", birthday); note("phone", phone)
        note("email", email); note("wechat", wechat); note("address", address); note("region", region)
        note("occupation", occupation); note("company", company); note("industry", industry); note("companySize", companySize)
        note("source", source); note("ownerId", ownerID); note("tags", tags); note("tier", tier); note("attributes", attributes)
        note("notes", notes)
        return names
    }
}

extension Customer {
    /// Values safe for the audit trail: classification and ownership, never personal data.
    var auditValues: [String: String] {
        var values = ["type": type.rawValue, "tier": tier.rawValue]
        if let ownerID { values["ownerId"] = ownerID }
        return values
    }
}
