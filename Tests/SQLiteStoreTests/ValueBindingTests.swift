import Foundation
import SQLiteStore
import Testing

@Suite("Binding and reading values")
struct ValueBindingTests {
    private static let schema = "CREATE TABLE v (id INTEGER PRIMARY KEY, value ANY) STRICT"

    /// Stores one bound value and reads it back as SQLiteValue.
    private func roundTrip(_ value: any SQLiteBindable, in pool: DatabasePool) throws -> SQLiteValue {
        try pool.write { db in
            try db.execute("INSERT INTO v (value) VALUES (?)", [value])
            let id = db.lastInsertRowID
            return try #require(try db.queryOne("SELECT value FROM v WHERE id = ?", [id]))["value"]
        }
    }

    @Test func everyValueType_roundTripsUnchanged() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute(Self.schema) }
            #expect(try roundTrip(42, in: pool) == .integer(42))
            #expect(try roundTrip(Int32(-7), in: pool) == .integer(-7))
            #expect(try roundTrip(Int64.max, in: pool) == .integer(Int64.max))
            #expect(try roundTrip(Int64.min, in: pool) == .integer(Int64.min))
            #expect(try roundTrip(3.25, in: pool) == .real(3.25))
            #expect(try roundTrip(-0.1, in: pool) == .real(-0.1))
            #expect(try roundTrip(true, in: pool) == .integer(1))
            #expect(try roundTrip(false, in: pool) == .integer(0))
            #expect(try roundTrip("hello", in: pool) == .text("hello"))
            #expect(try roundTrip([UInt8]([0, 1, 2, 255]), in: pool) == .blob([0, 1, 2, 255]))
            #expect(try roundTrip(SQLiteValue.real(1.5), in: pool) == .real(1.5))
            #expect(try roundTrip(SQLiteValue.null, in: pool) == .null)
        }
    }

    @Test func text_keepsChineseEmojiAndEmbeddedNUL() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute(Self.schema) }
            let samples = ["客户关系管理", "你好，世界！", "Kehu 👩‍💼 asiakas", "a\u{0}b", "ÅÄÖ åäö"]
            for sample in samples {
                #expect(try roundTrip(sample, in: pool) == .text(sample))
            }
            // Chinese text also matches when bound as a query parameter.
            let found = try pool.read { db in
                try db.queryOne("SELECT id FROM v WHERE value = ?", ["客户关系管理"])
            }
            #expect(found != nil)
        }
    }

    @Test func emptyStringAndEmptyBlob_areNotNull() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute(Self.schema) }
            #expect(try roundTrip("", in: pool) == .text(""))
            #expect(try roundTrip([UInt8](), in: pool) == .blob([]))
            let types = try pool.read { db in
                try db.query("SELECT typeof(value) AS t FROM v ORDER BY id").map { $0.string("t") }
            }
            #expect(types == ["text", "blob"])
        }
    }

    @Test func optional_bindsNullWhenNil_andValueWhenSome() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute(Self.schema) }
            let missing: String? = nil
            let present: Int? = 9
            #expect(try roundTrip(missing, in: pool) == .null)
            #expect(try roundTrip(present, in: pool) == .integer(9))
        }
    }

    @Test func largeBlob_roundTripsByteForByte() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute(Self.schema) }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<(4 * 1024 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(try roundTrip(bytes, in: pool) == .blob(bytes))
        }
    }

    @Test func typedRowHelpers_readByNameAndIndex() throws {
        try withPool { pool, _ in
            let row = try pool.read { db in
                try #require(try db.queryOne("""
                    SELECT 'Anna' AS name, 7 AS n, 2.5 AS score, 1 AS active,
                           NULL AS nickname, x'CAFE' AS data, 3 AS whole
                    """))
            }
            #expect(row.string("name") == "Anna")
            #expect(row.int("n") == 7)
            #expect(row.int64("n") == 7)
            #expect(row.double("score") == 2.5)
            #expect(row.double("whole") == 3.0)
            #expect(row.bool("active"))
            #expect(row.optionalString("nickname") == nil)
            #expect(row.optionalInt("nickname") == nil)
            #expect(row.optionalString("name") == "Anna")
            #expect(row.blob("data") == [0xCA, 0xFE])
            #expect(row["NAME"] == .text("Anna"))
            #expect(row[1] == .integer(7))
            #expect(row.columnNames == ["name", "n", "score", "active", "nickname", "data", "whole"])
            #expect(row.hasColumn("score"))
            #expect(!row.hasColumn("missing"))
        }
    }

    @Test func rowsOfOneQuery_shareColumnNames() throws {
        try withPool { pool, _ in
            let rows = try pool.read { db in
                try db.query("""
                    WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 3)
                    SELECT n, n * 2 AS doubled FROM s
                    """)
            }
            #expect(rows.map { $0.int("doubled") } == [2, 4, 6])
        }
    }
}
