import Foundation
import SQLiteStore
import Testing

@Suite("Migrations")
struct MigratorTests {
    private static let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)

    private static let steps = [
        Migration(id: 1, name: "create_customers", sql: """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
            CREATE INDEX customers_email ON customers (email);
            """),
        Migration(id: 2, name: "add_customer_name", sql: "ALTER TABLE customers ADD COLUMN name TEXT NOT NULL DEFAULT ''"),
        Migration(id: 3, name: "create_notes", sql: """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id));
            """),
    ]

    private func migrator(_ steps: [Migration] = steps) -> Migrator {
        Migrator(migrations: steps, now: { Self.fixedDate })
    }

    private func userVersion(_ pool: DatabasePool) throws -> Int64? {
        try pool.read { try $0.scalar("PRAGMA user_version")?.int64Value }
    }

    @Test func emptyDatabase_appliesAllInOrder_andRecordsThem() throws {
        try withPool { pool, _ in
            let applied = try migrator().migrate(pool)
            #expect(applied.map(\.id) == [1, 2, 3])
            #expect(try userVersion(pool) == 3)
            let recorded = try pool.read { db in
                try db.query("SELECT id, name, applied_at FROM schema_migrations ORDER BY id")
            }
            #expect(recorded.map { $0.int("id") } == [1, 2, 3])
            #expect(recorded.map { $0.string("name") } == ["create_customers", "add_customer_name", "create_notes"])
            #expect(recorded.first?.string("applied_at") == "2023-11-14T22:13:20.000Z")
            // The schema from all three steps is there.
            try pool.write { db in
                try db.execute("INSERT INTO customers (email, name) VALUES (?, ?)", ["a@example.com", "Anna"])
                try db.execute("INSERT INTO notes (customer_id) VALUES (?)", [db.lastInsertRowID])
            }
        }
    }

    @Test func secondRun_appliesNothing() throws {
        try withPool { pool, _ in
            try migrator().migrate(pool)
            #expect(try migrator().migrate(pool).isEmpty)
            #expect(try pool.read { try $0.count("schema_migrations") } == 3)
        }
    }

    @Test func laterRun_appliesOnlyNewSteps() throws {
        try withPool { pool, _ throws in
            #expect(try migrator(Array(Self.steps.prefix(1))).migrate(pool).map(\.id) == [1])
            #expect(try migrator().migrate(pool).map(\.id) == [2, 3])
            #expect(try userVersion(pool) == 3)
        }
    }

    @Test func failingStep_rollsBack_andLeavesPreviousVersion() throws {
        try withPool { pool, _ in
            let broken = Self.steps.prefix(2) + [
                Migration(id: 3, name: "half_broken", sql: """
                    CREATE TABLE extra (x INTEGER);
                    INSERT INTO extra VALUES (1);
                    INSERT INTO no_such_table VALUES (1);
                    """),
            ]
            let error = #expect(throws: SQLiteError.self) {
                try migrator(Array(broken)).migrate(pool)
            }
            #expect(error?.message.contains("no_such_table") == true)
            #expect(try userVersion(pool) == 2)
            let (extraTables, recorded) = try pool.read { db in
                (
                    try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'")?.int64Value,
                    try db.count("schema_migrations")
                )
            }
            #expect(extraTables == 0)
            #expect(recorded == 2)
            // Fixing the step lets a later run continue from version 2.
            #expect(try migrator().migrate(pool).map(\.id) == [3])
        }
    }

    @Test func databaseNewerThanCode_isRefused() throws {
        try withPool { pool, _ in
            try migrator().migrate(pool)
            #expect(throws: MigrationError.databaseNewerThanCode(databaseVersion: 3, latestKnown: 2)) {
                try migrator(Array(Self.steps.prefix(2))).migrate(pool)
            }
        }
    }

    @Test func nonSequentialIDs_areRefusedBeforeTouchingTheDatabase() throws {
        try withPool { pool, _ throws in
            let gap = [Self.steps[0], Migration(id: 3, name: "skips_two", sql: "SELECT 1")]
            #expect(throws: MigrationError.nonSequentialIDs(position: 1, expected: 2, found: 3)) {
                try migrator(gap).migrate(pool)
            }
            let zeroBased = [Migration(id: 0, name: "zero", sql: "SELECT 1")]
            #expect(throws: MigrationError.nonSequentialIDs(position: 0, expected: 1, found: 0)) {
                try migrator(zeroBased).migrate(pool)
            }
            #expect(try userVersion(pool) == 0)
        }
    }
}
