import SQLiteStore
import Testing

private struct DeliberateFailure: Error {}

@Suite("Transactions")
struct TransactionTests {
    @Test func write_commits_whenBodyReturns() throws {
        try withPool { pool, _ in
            let returned = try pool.write { db in
                try db.execute("CREATE TABLE t (x INTEGER)")
                try db.execute("INSERT INTO t VALUES (?)", [1])
                return "done"
            }
            #expect(returned == "done")
            #expect(try pool.read { try $0.count("t") } == 1)
        }
    }

    @Test func write_rollsBack_whenBodyThrows() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
            #expect(throws: DeliberateFailure.self) {
                try pool.write { db in
                    try db.execute("INSERT INTO t VALUES (1)")
                    try db.execute("INSERT INTO t VALUES (2)")
                    throw DeliberateFailure()
                }
            }
            #expect(try pool.read { try $0.count("t") } == 0)
            // The writer is usable again afterwards.
            try pool.write { try $0.execute("INSERT INTO t VALUES (3)") }
            #expect(try pool.read { try $0.count("t") } == 1)
        }
    }

    @Test func write_rollsBackEarlierStatements_whenALaterOneViolatesAConstraint() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x INTEGER UNIQUE)") }
            #expect(throws: SQLiteError.self) {
                try pool.write { db in
                    try db.execute("INSERT INTO t VALUES (1)")
                    try db.execute("INSERT INTO t VALUES (1)")
                }
            }
            #expect(try pool.read { try $0.count("t") } == 0)
        }
    }

    @Test func read_cannotWrite_becauseReadersAreReadOnly() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
            let error = #expect(throws: SQLiteError.self) {
                try pool.read { db in try db.execute("INSERT INTO t VALUES (1)") }
            }
            #expect(error?.isReadOnly == true)
        }
    }

    @Test func writeWithoutTransaction_runsStatementsThatRefuseTransactions() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
            try pool.writeWithoutTransaction { db in
                try db.execute("VACUUM")
                try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            }
            #expect(throws: SQLiteError.self) {
                try pool.write { db in try db.execute("VACUUM") }
            }
        }
    }

    @Test func nestedWrite_trapsInsteadOfDeadlocking() async {
        await #expect(processExitsWith: .failure) {
            try withPool { pool, _ in
                try pool.write { _ in
                    try pool.write { _ in }
                }
            }
        }
    }

    @Test func databaseHandle_usedAfterItsClosure_traps() async {
        await #expect(processExitsWith: .failure) {
            try withPool { pool, _ in
                let escaped = try pool.read { db in db }
                _ = try escaped.scalar("SELECT 1")
            }
        }
    }
}
