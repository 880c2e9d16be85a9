import Foundation
import KehuCore
import SQLiteStore

/// Contacts, purchases and interactions: each write checks the customer is active and in
/// scope, and purchases and interactions refresh the customer's stats in the same transaction.
extension SQLiteCustomerRepository {
    public func insertContact(_ contact: Contact, scope: OwnerScope, context: RequestContext) throws {
        try database.write { db in
            _ = try Self.requireActive(id: contact.customerID, scope: scope, now: context.now, in: db)
            if contact.isPrimary { try db.execute("UPDATE contacts SET is_primary = 0 WHERE customer_id = ?", [contact.customerID]) }
            try db.execute("""
                INSERT INTO contacts (id, customer_id, name, title, phone, email, wechat, is_primary, notes, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [contact.id, contact.customerID, contact.name, contact.title, contact.phone, contact.email, contact.wechat,
                      contact.isPrimary, contact.notes, StoredTime.millis(contact.createdAt), StoredTime.millis(contact.updatedAt), contact.version])
            try SQLiteJournal.record(Mutation(entityType: "contact", entityID: contact.id, action: "created",
                                              changedFields: ["name"], auditValues: ["customerId": contact.customerID]), context: context, in: db)
        }
    }

    public func contacts(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<Contact> {
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: "contacts") }
        return try database.read { db in
            _ = try Self.requireVisible(id: customerID, scope: scope, in: db)
            let rows = try db.query("""
                SELECT *, rowid AS seq FROM contacts WHERE customer_id = ?1 AND (?2 IS NULL OR (created_at, rowid) > (?2, ?3))
                ORDER BY created_at, rowid LIMIT ?4
                """, [customerID, cursor.map { $0.value }, cursor?.seq, page.limit + 1])
            return Self.page(rows, limit: page.limit, sortKey: "contacts", sortColumn: "created_at", Self.contact)
        }
    }

    public func contact(id: String, customerID: String, scope: OwnerScope) throws -> Contact? {
        try database.read { db in
            _ = try Self.requireVisible(id: customerID, scope: scope, in: db)
            return try db.queryOne("SELECT * FROM contacts WHERE id = ? AND customer_id = ?", [id, customerID]).map(Self.contact)
        }
    }

    public func updateContact(_ contact: Contact, expectedVersion: Int, scope: OwnerScope, mutation: Mutation, context: RequestContext) throws {
        try database.write { db in
            _ = try Self.requireActive(id: contact.customerID, scope: scope, now: context.now, in: db)
            if contact.isPrimary { try db.execute("UPDATE contacts SET is_primary = 0 WHERE customer_id = ? AND id <> ?", [contact.customerID, contact.id]) }
            try db.execute("""
                UPDATE contacts SET name = ?, title = ?, phone = ?, email = ?, wechat = ?, is_primary = ?, notes = ?, updated_at = ?, version = ?
                WHERE id = ? AND customer_id = ? AND version = ?
                """, [contact.name, contact.title, contact.phone, contact.email, contact.wechat, contact.isPrimary, contact.notes,
                      StoredTime.millis(contact.updatedAt), contact.version, contact.id, contact.customerID, expectedVersion])
            if db.changes == 0 {
                guard try db.queryOne("SELECT 1 FROM contacts WHERE id = ? AND customer_id = ?", [contact.id, contact.customerID]) != nil else {
                    throw KehuError.notFound(entity: "contact", id: contact.id)
                }
                throw KehuError.preconditionFailed("The contact changed since version \(expectedVersion); fetch it again.")
            }
            try SQLiteJournal.record(mutation, context: context, in: db)
        }
    }

    public func deleteContact(id: String, customerID: String, scope: OwnerScope, context: RequestContext) throws {
        try database.write { db in
            _ = try Self.requireActive(id: customerID, scope: scope, now: context.now, in: db)
            try db.execute("DELETE FROM contacts WHERE id = ? AND customer_id = ?", [id, customerID])
            if db.changes == 0 { throw KehuError.notFound(entity: "contact", id: id) }
            try SQLiteJournal.record(Mutation(entityType: "contact", entityID: id, action: "deleted", auditValues: ["customerId": customerID]), context: context, in: db)
        }
    }

    public func insertPurchase(_ purchase: Purchase, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws {
        try database.write { db in
            let (_, seq) = try Self.requireActive(id: purchase.customerID, scope: scope, now: context.now, in: db)
            try Self.recordPurchase(purchase, customerSeq: seq, rules: rules, context: context, in: db)
        }
    }

    /// A purchase on the active customer at `customerSeq`, inside the caller's transaction:
    /// the row, its journal entry, and the customer's stats and classification. Every
    /// purchase goes through here (the purchases endpoint, and a won deal that records one).
    static func recordPurchase(_ purchase: Purchase, customerSeq seq: Int64, rules: ClassificationRules, context: RequestContext, in db: Database) throws {
        try insertPurchaseRow(purchase, in: db)
        try SQLiteJournal.record(Mutation(entityType: "purchase", entityID: purchase.id, action: "created",
                                          changedFields: ["amount", "product"], auditValues: ["customerId": purchase.customerID]), context: context, in: db)
        try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: true)
    }

    static func insertPurchaseRow(_ purchase: Purchase, in db: Database) throws {
        try db.execute("""
            INSERT INTO purchases (id, customer_id, amount, currency, cost, product, category, quantity, channel, purchased_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [purchase.id, purchase.customerID, purchase.amount, purchase.currency, purchase.cost, purchase.product, purchase.category,
                  purchase.quantity, purchase.channel, StoredTime.millis(purchase.purchasedAt), StoredTime.millis(purchase.createdAt)])
    }

    public func purchases(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<Purchase> {
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: "purchases") }
        return try database.read { db in
            _ = try Self.requireVisible(id: customerID, scope: scope, in: db)
            let rows = try db.query("""
                SELECT *, rowid AS seq FROM purchases WHERE customer_id = ?1 AND (?2 IS NULL OR (purchased_at, rowid) < (?2, ?3))
                ORDER BY purchased_at DESC, rowid DESC LIMIT ?4
                """, [customerID, cursor.map { $0.value }, cursor?.seq, page.limit + 1])
            return Self.page(rows, limit: page.limit, sortKey: "purchases", sortColumn: "purchased_at", Self.purchase)
        }
    }

    public func deletePurchase(id: String, customerID: String, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws {
        try database.write { db in
            let (_, seq) = try Self.requireActive(id: customerID, scope: scope, now: context.now, in: db)
            try db.execute("DELETE FROM purchases WHERE id = ? AND customer_id = ?", [id, customerID])
            if db.changes == 0 { throw KehuError.notFound(entity: "purchase", id: id) }
            try SQLiteJournal.record(Mutation(entityType: "purchase", entityID: id, action: "deleted", auditValues: ["customerId": customerID]), context: context, in: db)
            try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: true)
        }
    }

    public func insertInteraction(_ interaction: Interaction, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws {
        try database.write { db in
            let (_, seq) = try Self.requireActive(id: interaction.customerID, scope: scope, now: context.now, in: db)
            do {
                try Self.insertInteractionRow(interaction, in: db)
            } catch let error as SQLiteError where error.isForeignKeyConstraint {
                throw KehuError.validation([FieldError(field: "userId", message: "No user with this id.")])
            }
            try SQLiteJournal.record(Mutation(entityType: "interaction", entityID: interaction.id, action: "created",
                                              changedFields: ["channel", "summary"],
                                              auditValues: ["customerId": interaction.customerID, "channel": interaction.channel.rawValue]),
                                     context: context, in: db)
            try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: true)
        }
    }

    static func insertInteractionRow(_ interaction: Interaction, in db: Database) throws {
        try db.execute("""
            INSERT INTO interactions (id, customer_id, channel, direction, summary, outcome, occurred_at, user_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [interaction.id, interaction.customerID, interaction.channel.rawValue, interaction.direction.rawValue, interaction.summary,
                  interaction.outcome, StoredTime.millis(interaction.occurredAt), interaction.userID, StoredTime.millis(interaction.createdAt)])
    }

    public func interactions(customerID: String, scope: OwnerScope, page: PageRequest) throws -> Page<Interaction> {
        let cursor = try page.cursor.map { try ListCursor(decoding: $0, sortKey: "interactions") }
        return try database.read { db in
            _ = try Self.requireVisible(id: customerID, scope: scope, in: db)
            let rows = try db.query("""
                SELECT *, rowid AS seq FROM interactions WHERE customer_id = ?1 AND (?2 IS NULL OR (occurred_at, rowid) < (?2, ?3))
                ORDER BY occurred_at DESC, rowid DESC LIMIT ?4
                """, [customerID, cursor.map { $0.value }, cursor?.seq, page.limit + 1])
            return Self.page(rows, limit: page.limit, sortKey: "interactions", sortColumn: "occurred_at", Self.interaction)
        }
    }

    /// A customer in scope in any status but merged (its records moved to the target), or `notFound`.
    static func requireVisible(id: String, scope: OwnerScope, in db: Database) throws -> Int64 {
        guard let row = try db.queryOne("SELECT seq FROM customers WHERE id = ? AND (?2 IS NULL OR owner_id = ?2) AND status <> 'merged'", [id, scope.ownerID]) else {
            throw KehuError.notFound(entity: "customer", id: id)
        }
        return row.int64("seq")
    }

    /// `limit + 1` rows to a page whose cursor is (sort column, rowid) of the last kept row.
    static func page<T>(_ rows: [Row], limit: Int, sortKey: String, sortColumn: String, _ map: (Row) -> T) -> Page<T> {
        let kept = rows.prefix(limit)
        let next = rows.count > limit ? kept.last.map { ListCursor(sortKey: sortKey, value: $0[sortColumn], seq: $0.int64("seq")).encoded } : nil
        return Page(items: kept.map(map), nextCursor: next)
    }

    static func contact(_ row: Row) -> Contact {
        Contact(id: row.string("id"), customerID: row.string("customer_id"), name: row.string("name"), title: row.optionalString("title"),
                phone: row.optionalString("phone"), email: row.optionalString("email"), wechat: row.optionalString("wechat"),
                isPrimary: row.bool("is_primary"), notes: row.optionalString("notes"), createdAt: StoredTime.date(row.int64("created_at")),
                updatedAt: StoredTime.date(row.int64("updated_at")), version: row.int("version"))
    }

    static func purchase(_ row: Row) -> Purchase {
        Purchase(id: row.string("id"), customerID: row.string("customer_id"), amount: row.int64("amount"), currency: row.string("currency"),
                 cost: row.optionalInt64("cost"), product: row.string("product"), category: row.optionalString("category"),
                 quantity: row.int("quantity"), channel: row.optionalString("channel"), purchasedAt: StoredTime.date(row.int64("purchased_at")),
                 createdAt: StoredTime.date(row.int64("created_at")))
    }

    static func interaction(_ row: Row) -> Interaction {
        Interaction(id: row.string("id"), customerID: row.string("customer_id"),
                    channel: InteractionChannel(rawValue: row.string("channel")) ?? .other,
                    direction: InteractionDirection(rawValue: row.string("direction")) ?? .outbound,
                    summary: row.string("summary"), outcome: row.optionalString("outcome"), occurredAt: StoredTime.date(row.int64("occurred_at")),
                    userID: row.optionalString("user_id"), createdAt: StoredTime.date(row.int64("created_at")))
    }
}
