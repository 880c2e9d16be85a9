import Foundation
import SQLiteStore
import Synchronization

/// Keeps the query planner's statistics (`sqlite_stat1`) current without redoing them when
/// nothing has moved. ANALYZE changes the schema, so every connection then reloads it and
/// prepares its statements again; under load that made the hourly sweep the slowest moment
/// of a two-hour soak (docs/reliability.md). So a table is analyzed again only when its row
/// count has drifted (`StatisticsDrift`) from the count this process last analyzed it at.
public final class PlannerStatistics: Sendable {
    private let database: KehuDatabase
    /// Row counts per table when this process last analyzed it; empty before the first refresh.
    private let analyzedCounts = Mutex<[String: Int]>([:])

    public init(database: KehuDatabase) { self.database = database }

    /// Analyzes the tables whose row counts have drifted and returns their names. The first
    /// call analyzes every table: the row counts in `sqlite_stat1` are sampled estimates
    /// (off by 2× either way at `analysis_limit` 1,000), too rough to measure drift from.
    public func refreshDrifted() throws -> [String] {
        let counts = try database.tableRowCounts()
        let analyzed = analyzedCounts.withLock { $0 }
        let tables: [String]
        if analyzed.isEmpty {
            tables = counts.keys.sorted()
            try database.refreshStatistics()
        } else {
            tables = counts.filter { StatisticsDrift.hasDrifted(from: analyzed[$0.key], to: $0.value) }.keys.sorted()
            guard !tables.isEmpty else { return [] }
            try database.refreshStatistics(of: tables)
        }
        analyzedCounts.withLock { analyzed in
            for table in tables { analyzed[table] = counts[table] }
        }
        return tables
    }
}

/// When a table's planner statistics are worth refreshing.
enum StatisticsDrift {
    /// ANALYZE's own sampled row counts are off by up to about 2×, so a smaller change is
    /// within their noise.
    static let factor = 4
    /// Any plan reads a table this small quickly; it is also ANALYZE's sample size.
    static let minimumChange = 1_000

    /// Whether `current` rows are far enough from the `analyzed` count (nil: never analyzed).
    static func hasDrifted(from analyzed: Int?, to current: Int) -> Bool {
        guard let analyzed else { return true }
        let (low, high) = (min(analyzed, current), max(analyzed, current))
        return high - low >= minimumChange && high >= factor * low
    }
}

extension KehuDatabase {
    /// Each ordinary table's row count (virtual tables are not analyzed; their shadow tables
    /// are). One read each, so no reader is held for long and no snapshot pins the WAL;
    /// each with a small page cache, as counting reads every page of an index.
    func tableRowCounts() throws -> [String: Int] {
        let tables = try read { db in
            try db.query("""
                SELECT name FROM sqlite_schema
                WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                """).map { $0.string("name") }
        }
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try read { db in
                try db.withPageCacheLimit(kibibytes: Self.maintenanceCacheKiB) {
                    try db.scalar("SELECT count(*) FROM \(Self.quoted(table))")?.int64Value.map(Int.init) ?? 0
                }
            }
        }
        return counts
    }

    /// `name` as an SQL identifier: double-quoted, its own double quotes doubled.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
