import SQLiteStore
import Testing

@Suite("Constraint violations")
struct ConstraintTests {
    private static let schema = """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            score INTEGER NOT NULL DEFAULT 0 CHECK (score >= 0)
        );
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (id)
        );
        INSERT INTO customers (id, email) VALUES (1, 'a@example.com');
        """

    private func violation(_ sql: String, _ arguments: [any SQLiteBindable]) throws -> SQLiteError? {
        try withPool { pool, _ in
            try pool.write { try $0.executeScript(Self.schema) }
            return #expect(throws: SQLiteError.self) {
                try pool.write { db in try db.execute(sql, arguments) }
            }
        }
    }

    @Test func duplicateEmail_isUniqueConstraint() throws {
        let error = try violation("INSERT INTO customers (email) VALUES (?)", ["a@example.com"])
        #expect(error?.isUniqueConstraint == true)
        #expect(error?.isConstraint == true)
        #expect(error?.isForeignKeyConstraint == false)
        #expect(error?.message.contains("customers.email") == true)
    }

    @Test func duplicatePrimaryKey_isUniqueAndPrimaryKeyConstraint() throws {
        let error = try violation("INSERT INTO customers (id, email) VALUES (?, ?)", [1, "b@example.com"])
        #expect(error?.isUniqueConstraint == true)
        #expect(error?.isPrimaryKeyConstraint == true)
    }

    @Test func missingParent_isForeignKeyConstraint_becauseForeignKeysAreOn() throws {
        let error = try violation("INSERT INTO notes (customer_id) VALUES (?)", [999])
        #expect(error?.isForeignKeyConstraint == true)
        #expect(error?.isUniqueConstraint == false)
        #expect(error?.isConstraint == true)
    }

    @Test func negativeScore_isCheckConstraint() throws {
        let error = try violation("INSERT INTO customers (email, score) VALUES (?, ?)", ["c@example.com", -1])
        #expect(error?.isCheckConstraint == true)
    }

    @Test func nullEmail_isNotNullConstraint() throws {
        let error = try violation("INSERT INTO customers (email) VALUES (?)", [SQLiteValue.null])
        #expect(error?.isNotNullConstraint == true)
        #expect(error?.isBusy == false)
    }

    @Test func foreignKeysPragma_isOnForWriterAndReaders() throws {
        try withPool { pool, _ throws in
            #expect(try pool.writeWithoutTransaction { try $0.scalar("PRAGMA foreign_keys") } == .integer(1))
            #expect(try pool.read { try $0.scalar("PRAGMA foreign_keys") } == .integer(1))
        }
    }
}
