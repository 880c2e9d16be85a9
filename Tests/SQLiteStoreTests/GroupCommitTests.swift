import Foundation
import SQLiteStore
import Testing

/// Concurrent writes share one transaction and one commit, without changing what a
/// write means: all or nothing for each caller, committed before it returns.
@Suite("Group commit")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test func aFailingMember_isRolledBackAlone_whileItsBatchCommits() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (name TEXT)") }
            let firstInside = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let results = Locked<[String: Bool]>([:])
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                let ok = (try? pool.write { db -> Bool in
                    try db.execute("INSERT INTO t VALUES ('first')")
                    firstInside.signal()
                    release.wait()
                    return true
                }) ?? false
                results.withLock { $0["first"] = ok }
            }
            #expect(firstInside.wait(timeout: .now() + 10) == .success)
            for name in ["failing", "third"] {
                DispatchQueue.global().async(group: group) {
                    let ok = (try? pool.write { db -> Bool in
                        try db.execute("INSERT INTO t VALUES (?)", [name])
                        if name == "failing" { throw Refused() }
                        return true
                    }) ?? false
                    results.withLock { $0[name] = ok }
                }
            }
            Thread.sleep(forTimeInterval: 0.2) // both queue up behind the first
            release.signal()
            #expect(group.wait(timeout: .now() + 10) == .success)
            #expect(results.current == ["first": true, "failing": false, "third": true])
            let names = try pool.read { db in try db.query("SELECT name FROM t ORDER BY name").map { $0.string("name") } }
            #expect(names == ["first", "third"])
            #expect(pool.statistics.totalWrites == 4)
        }
    }

    @Test func everyReturnedWrite_isCommittedAndVisibleToReaders() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, thread INTEGER)") }
            let failures = Locked(0)
            DispatchQueue.concurrentPerform(iterations: 16) { thread in
                for _ in 0..<50 {
                    do {
                        let id = try pool.write { db -> Int64 in
                            try db.execute("INSERT INTO t (thread) VALUES (?)", [thread])
                            return db.lastInsertRowID
                        }
                        // Returned means committed: a reader on another connection sees it.
                        let seen = try pool.read { db in try db.scalar("SELECT count(*) FROM t WHERE id = ?", [id])?.int64Value }
                        if seen != 1 { failures.withLock { $0 += 1 } }
                    } catch {
                        failures.withLock { $0 += 1 }
                    }
                }
            }
            #expect(failures.current == 0)
            #expect(try pool.read { try $0.scalar("SELECT count(*) FROM t")?.int64Value } == 800)
        }
    }

    @Test func theTurnIsHandedBack_afterFailedWrites() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x)") }
            var failures = 0
            do { try pool.write { _ -> Void in throw Refused() } } catch is Refused { failures += 1 }
            do { try pool.write { db -> Void in try db.execute("INSERT INTO missing VALUES (1)") } } catch { failures += 1 }
            #expect(failures == 2)
            try pool.write { try $0.execute("INSERT INTO t VALUES (1)") }
            #expect(try pool.read { try $0.scalar("SELECT count(*) FROM t")?.int64Value } == 1)
        }
    }

    /// A full disk (here `max_page_count`, which fails the same way: SQLITE_FULL) may undo
    /// a whole batch, members that already ran included: none of them may return as if
    /// committed, and once there is room again writes go through.
    @Test func aFullDatabase_neverAcknowledgesAWrite_andWritesResumeOnceThereIsRoom() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (thread INTEGER, n INTEGER, payload BLOB, PRIMARY KEY (thread, n))") }
            try pool.writeWithoutTransaction { db in
                let pages = try db.scalar("PRAGMA page_count")?.int64Value ?? 0
                try db.execute("PRAGMA max_page_count = \(pages + 40)")
            }
            let acknowledged = Locked<[[Int]]>([])
            let refused = Locked<[[Int]]>([])
            let otherErrors = Locked<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for n in 0..<40 {
                    do {
                        try pool.write { db in try db.execute("INSERT INTO t VALUES (?, ?, zeroblob(3000))", [thread, n]) }
                        acknowledged.withLock { $0.append([thread, n]) }
                    } catch let error as SQLiteError where error.isFull {
                        refused.withLock { $0.append([thread, n]) }
                    } catch {
                        otherErrors.withLock { $0.append("\(error)") }
                    }
                }
            }
            #expect(otherErrors.current.isEmpty)
            #expect(!refused.current.isEmpty)
            let stored = try pool.read { db in
                Set(try db.query("SELECT thread, n FROM t").map { [Int($0.int64("thread")), Int($0.int64("n"))] })
            }
            #expect(stored == Set(acknowledged.current))
            #expect(stored.isDisjoint(with: refused.current))

            try pool.writeWithoutTransaction { try $0.execute("PRAGMA max_page_count = 1000000") }
            try pool.write { db in try db.execute("INSERT INTO t VALUES (99, 0, zeroblob(3000))") }
            #expect(try pool.read { try $0.scalar("SELECT count(*) FROM t WHERE thread = 99")?.int64Value } == 1)
        }
    }
}
