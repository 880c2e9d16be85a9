import Foundation
import SQLiteStore
import Testing

@Suite("Backup and integrity check")
struct MaintenanceTests {
    /// Fills `t` with `count` rows of ~200 bytes so the file spans many pages.
    private func fill(_ pool: DatabasePool, rows count: Int) throws {
        try pool.write { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
            try db.execute("CREATE INDEX t_body ON t (body)")
            for id in 1...count {
                try db.execute("INSERT INTO t (id, body) VALUES (?, ?)", [id, "row \(id) " + String(repeating: "客", count: 60)])
            }
        }
    }

    private func allRows(_ pool: DatabasePool) throws -> [[SQLiteValue]] {
        try pool.read { db in try db.query("SELECT id, body FROM t ORDER BY id").map(\.values) }
    }

    @Test func integrityCheck_onHealthyDatabase_returnsNoProblems() throws {
        try withPool { pool, _ in
            try fill(pool, rows: 100)
            #expect(try pool.integrityCheck() == [])
        }
    }

    @Test func backup_whileAWriteIsInProgress_copiesTheCommittedRows() throws {
        try withPool { pool, directory in
            try fill(pool, rows: 500)
            let committed = try allRows(pool)
            let destination = directory.file("backups/kehu-backup.sqlite")
            let backupError = Locked<(any Error)?>(nil)
            try pool.write { db in
                // Uncommitted rows in the open write must not reach the backup,
                // and the backup must not wait for this write to finish.
                try db.execute("INSERT INTO t (id, body) VALUES (?, ?)", [10_000, "uncommitted"])
                let done = DispatchSemaphore(value: 0)
                DispatchQueue.global().async {
                    do { try pool.backup(to: destination) } catch { backupError.withLock { $0 = error } }
                    done.signal()
                }
                #expect(done.wait(timeout: .now() + 20) == .success)
            }
            #expect(backupError.current == nil)

            let copy = try DatabasePool.openExisting(path: destination)
            defer { copy.close() }
            #expect(try copy.integrityCheck() == [])
            #expect(try allRows(copy) == committed)
            #expect(try pool.read { try $0.count("t") } == 501)
        }
    }

    @Test func backup_refusesAnExistingDestination() throws {
        try withPool { pool, directory in
            try fill(pool, rows: 1)
            let destination = directory.file("exists.sqlite")
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: destination))
            #expect(throws: DatabasePoolError.backupDestinationExists(path: destination)) {
                try pool.backup(to: destination)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: destination)) == Data("keep me".utf8))
        }
    }

    @Test func integrityCheck_detectsDamage_inACorruptedCopy() throws {
        try withTemporaryDirectory { directory in
            let original = directory.file("kehu.sqlite")
            let pool = try DatabasePool(path: original)
            try fill(pool, rows: 2000)
            pool.close()

            let damaged = directory.file("damaged.sqlite")
            try FileManager.default.copyItem(atPath: original, toPath: damaged)
            let handle = try #require(FileHandle(forUpdatingAtPath: damaged))
            let size = try handle.seekToEnd()
            let pageSize: UInt64 = 4096
            #expect(size > 20 * pageSize, "the test database should span many pages")
            // Overwrite three whole pages in the middle, well past page 1 (the
            // header and schema), so the file still opens but its b-trees are broken.
            try handle.seek(toOffset: (size / 2 / pageSize) * pageSize)
            try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(pageSize) * 3))
            try handle.close()

            var damageDetected = false
            do {
                let check = try DatabasePool.openExisting(path: damaged)
                defer { check.close() }
                let problems = try check.integrityCheck()
                damageDetected = !problems.isEmpty
            } catch let error as SQLiteError {
                damageDetected = error.isCorrupt
            }
            #expect(damageDetected, "integrity_check should report the overwritten pages")

            // The original is untouched and still healthy.
            let healthy = try DatabasePool.openExisting(path: original)
            defer { healthy.close() }
            #expect(try healthy.integrityCheck() == [])
        }
    }
}
