import Foundation
import SQLiteStore
import Testing

@Suite("Concurrent readers and writers")
struct ConcurrencyTests {
    @Test func read_keepsItsSnapshot_whileAnotherThreadCommits() throws {
        try withPool { pool, _ in
            try pool.write { db in
                try db.execute("CREATE TABLE t (x INTEGER)")
                try db.execute("INSERT INTO t VALUES (1)")
            }
            let writeError = Locked<(any Error)?>(nil)
            let (before, after) = try pool.read { db in
                let before = try db.count("t")
                let committed = DispatchSemaphore(value: 0)
                DispatchQueue.global().async {
                    do {
                        try pool.write { db in try db.execute("INSERT INTO t VALUES (2)") }
                    } catch {
                        writeError.withLock { $0 = error }
                    }
                    committed.signal()
                }
                #expect(committed.wait(timeout: .now() + 10) == .success)
                return (before, try db.count("t"))
            }
            #expect(writeError.current == nil)
            #expect(before == 1)
            #expect(after == 1)
            // A new read transaction sees the commit.
            #expect(try pool.read { try $0.count("t") } == 2)
        }
    }

    @Test func manyThreads_readingAndWriting_produceExactTotals() throws {
        try withPool(configure: { $0.readerCount = 2 }) { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (worker INTEGER, n INTEGER)") }
            let workers = 8
            let perWorker = 25
            let failures = Locked<[String]>([])
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                do {
                    for n in 0..<perWorker {
                        try pool.write { db in
                            try db.execute("INSERT INTO t (worker, n) VALUES (?, ?)", [worker, n])
                        }
                        let mine = try pool.read { db in
                            try db.scalar("SELECT count(*) FROM t WHERE worker = ?", [worker])?.int64Value
                        }
                        if mine != Int64(n + 1) {
                            failures.withLock { $0.append("worker \(worker) saw \(String(describing: mine)) after \(n + 1) writes") }
                        }
                    }
                } catch {
                    failures.withLock { $0.append("worker \(worker): \(error)") }
                }
            }
            #expect(failures.current.isEmpty)
            let (count, sum) = try pool.read { db in
                (try db.count("t"), try db.scalar("SELECT sum(n) FROM t")?.int64Value)
            }
            #expect(count == Int64(workers * perWorker))
            #expect(sum == Int64(workers * (perWorker * (perWorker - 1) / 2)))
            let statistics = pool.statistics
            #expect(statistics.totalWrites == UInt64(1 + workers * perWorker))
            #expect(statistics.readersOpen <= 2)
        }
    }

    @Test func readers_areBounded_andWaitersProceedWhenOneIsReturned() throws {
        try withPool(configure: { $0.readerCount = 1 }) { pool, _ in
            let holding = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                _ = try? pool.read { _ in
                    holding.signal()
                    release.wait()
                }
            }
            #expect(holding.wait(timeout: .now() + 10) == .success)
            let secondDone = Locked(false)
            DispatchQueue.global().async(group: group) {
                _ = try? pool.read { _ in secondDone.withLock { $0 = true } }
            }
            // The second read finds no free reader and waits; the counter shows it.
            let deadline = Date().addingTimeInterval(10)
            while pool.statistics.readerWaits == 0 && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
            #expect(pool.statistics.readerWaits == 1)
            #expect(pool.statistics.readersOpen == 1)
            #expect(!secondDone.current)
            release.signal()
            #expect(group.wait(timeout: .now() + 10) == .success)
            #expect(secondDone.current)
        }
    }

    @Test func writes_areSerialised_secondWriterWaitsForFirst() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE log (event TEXT)") }
            let insideFirst = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                _ = try? pool.write { db in
                    insideFirst.signal()
                    Thread.sleep(forTimeInterval: 0.2)
                    try db.execute("INSERT INTO log VALUES ('first')")
                }
            }
            #expect(insideFirst.wait(timeout: .now() + 10) == .success)
            try pool.write { db in try db.execute("INSERT INTO log VALUES ('second')") }
            #expect(group.wait(timeout: .now() + 10) == .success)
            let events = try pool.read { db in
                try db.query("SELECT event FROM log ORDER BY rowid").map { $0.string("event") }
            }
            #expect(events == ["first", "second"])
            #expect(pool.statistics.writerWaits == 1)
        }
    }
}
