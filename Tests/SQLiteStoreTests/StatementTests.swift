import SQLiteStore
import Testing

@Suite("Statements")
struct StatementTests {
    @Test func sameSQLTwice_usesNewBindingsEachTime() throws {
        try withPool { pool, _ in
            try pool.write { db in
                try db.execute("CREATE TABLE people (name TEXT NOT NULL, age INTEGER NOT NULL)")
                for (name, age) in [("Aino", 31), ("Bo", 45), ("Chen", 28)] {
                    try db.execute("INSERT INTO people (name, age) VALUES (?, ?)", [name, age])
                }
            }
            let sql = "SELECT name FROM people WHERE age > ? ORDER BY name"
            let (older, younger, again) = try pool.read { db in
                (
                    try db.query(sql, [30]).map { $0.string("name") },
                    try db.query(sql, [40]).map { $0.string("name") },
                    try db.query(sql, [30]).map { $0.string("name") }
                )
            }
            #expect(older == ["Aino", "Bo"])
            #expect(younger == ["Bo"])
            #expect(again == older)
        }
    }

    @Test func forEachRow_canRunTheSameSQLInsideItsBody() throws {
        try withPool { pool, _ in
            try pool.write { db in
                try db.execute("CREATE TABLE n (x INTEGER)")
                for x in 1...3 { try db.execute("INSERT INTO n VALUES (?)", [x]) }
            }
            let pairs = try pool.read { db in
                var pairs: [[Int]] = []
                let sql = "SELECT x FROM n WHERE x >= ? ORDER BY x"
                try db.forEachRow(sql, [2]) { outer in
                    let inner = try db.query(sql, [outer.int("x")]).map { $0.int("x") }
                    pairs.append(inner)
                }
                return pairs
            }
            #expect(pairs == [[2, 3], [3]])
        }
    }

    @Test func changesAndLastInsertRowID_reportTheLastStatement() throws {
        try withPool { pool, _ in
            let (rowID, updated) = try pool.write { db in
                try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER)")
                try db.execute("INSERT INTO t (flag) VALUES (0), (0), (1)")
                let rowID = db.lastInsertRowID
                try db.execute("UPDATE t SET flag = 2 WHERE flag = 0")
                return (rowID, db.changes)
            }
            #expect(rowID == 3)
            #expect(updated == 2)
        }
    }

    @Test func scalar_isNilWithoutRows_andNullForNullValue() throws {
        try withPool { pool, _ in
            try pool.read { db throws in
                #expect(try db.scalar("SELECT 1 WHERE 0") == nil)
                #expect(try db.scalar("SELECT NULL") == .null)
                #expect(try db.scalar("SELECT 40 + ?", [2])?.int64Value == 42)
            }
        }
    }

    @Test func executeScript_runsEveryStatementIncludingComments() throws {
        try withPool { pool, _ in
            let count = try pool.write { db in
                try db.executeScript("""
                    -- two tables and a row
                    CREATE TABLE a (x INTEGER);
                    CREATE TABLE b (y TEXT); /* block comment */
                    INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);
                    """)
                return try db.count("a")
            }
            #expect(count == 2)
        }
    }

    @Test func execute_acceptsTrailingSemicolonAndComment() throws {
        try withPool { pool, _ in
            try pool.write { db in
                try db.execute("CREATE TABLE c (x INTEGER); -- trailing comment")
                #expect(try db.count("c") == 0)
            }
        }
    }

    @Test func syntaxError_throwsSQLiteErrorWithSQL() throws {
        try withPool { pool, _ in
            let error = #expect(throws: SQLiteError.self) {
                try pool.read { db in try db.query("SELEKT 1") }
            }
            #expect(error?.sql == "SELEKT 1")
            #expect(error?.message.contains("syntax error") == true)
            #expect(error?.description.contains("SELEKT 1") == true)
        }
    }

    @Test func doubleQuotedStringLiteral_isRejected() throws {
        // DQS is turned off (https://sqlite.org/quirks.html#dblquote), so a
        // misquoted string is an error instead of a silent comparison.
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE q (name TEXT)") }
            #expect(throws: SQLiteError.self) {
                try pool.read { db in try db.query("SELECT * FROM q WHERE name = \"Anna\"") }
            }
        }
    }
}
