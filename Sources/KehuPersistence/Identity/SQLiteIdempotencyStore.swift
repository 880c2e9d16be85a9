import Foundation
import KehuCore
import SQLiteStore

/// Idempotent responses in SQLite, so a replay survives a restart.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func find(owner: String, key: String, notBefore: Date) throws -> StoredResponse? {
        try database.read { db in
            try db.queryOne("SELECT * FROM idempotency_keys WHERE owner = ? AND key = ? AND created_at >= ?",
                            [owner, key, StoredTime.millis(notBefore)]).map { row in
                StoredResponse(
                    requestHash: row.blob("request_hash"), status: row.int("status"),
                    headers: StoredJSON.decode([[String]].self, row.string("headers")) ?? [], body: row.blob("body"),
                    createdAt: StoredTime.date(row.int64("created_at"))
                )
            }
        }
    }

    public func save(owner: String, key: String, response: StoredResponse) throws {
        let customers = IdempotentCustomerIDs.named(in: response.body)
        try database.write { db in
            // REPLACE: a row older than 24 hours under the same key is stale and gives way
            // (its customer links with it: the foreign key cascades).
            try db.execute("""
                INSERT OR REPLACE INTO idempotency_keys (owner, key, request_hash, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [owner, key, response.requestHash, response.status, StoredJSON.encode(response.headers), response.body,
                      StoredTime.millis(response.createdAt)])
            for customer in customers {
                try db.execute("INSERT INTO idempotency_key_customers (customer_id, owner, key) VALUES (?, ?, ?)", [customer, owner, key])
            }
        }
    }

    public func purge(before cutoff: Date) throws {
        try database.write { db in try db.execute("DELETE FROM idempotency_keys WHERE created_at < ?", [StoredTime.millis(cutoff)]) }
    }
}
