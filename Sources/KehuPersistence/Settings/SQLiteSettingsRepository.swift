import Foundation
import KehuCore
import SQLiteStore

/// Settings as named JSON documents in the `settings` table.
public struct SQLiteSettingsRepository: SettingsRepository {
    private let database: KehuDatabase

    public init(database: KehuDatabase) { self.database = database }

    public func find(key: String) throws -> (json: String, version: Int)? {
        try database.read { db in
            try db.queryOne("SELECT value, version FROM settings WHERE key = ?", [key]).map { ($0.string("value"), $0.int("version")) }
        }
    }

    public func save(key: String, json: String, expectedVersion: Int?, context: RequestContext) throws -> Int {
        try database.write { db in
            let current = try db.queryOne("SELECT version FROM settings WHERE key = ?", [key])?.int("version")
            if let expectedVersion, expectedVersion != (current ?? 0) {
                throw KehuError.preconditionFailed("The \(key) settings are at version \(current ?? 0), not \(expectedVersion); fetch them again.")
            }
            let version = (current ?? 0) + 1
            try db.execute("""
                INSERT INTO settings (key, value, version, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (key) DO UPDATE SET value = ?2, version = ?3, updated_at = ?4
                """, [key, json, version, ISO8601DateFormatter().string(from: context.now)])
            try SQLiteJournal.record(Mutation(entityType: "settings", entityID: key, action: "updated", changedFields: [key]), context: context, in: db)
            return version
        }
    }
}
