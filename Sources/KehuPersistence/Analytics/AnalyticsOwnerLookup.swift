import KehuCore
import SQLiteStore

/// The SQLite analytics repositories answer `AnalyticsOwnerDirectory` from the users table.
protocol SQLiteAnalyticsOwnerLookup: AnalyticsOwnerDirectory {
    var database: KehuDatabase { get }
}

extension SQLiteAnalyticsOwnerLookup {
    public func userName(id: String) throws -> String? {
        try database.read { db in try db.queryOne("SELECT name FROM users WHERE id = ?", [id])?.string("name") }
    }
}
