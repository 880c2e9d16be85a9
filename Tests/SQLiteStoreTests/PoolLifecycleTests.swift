import Foundation
import SQLiteStore
import Testing

@Suite("Pool lifecycle and configuration")
struct PoolLifecycleTests {
    @Test func journalMode_isWAL_andSynchronousIsFullByDefault() throws {
        try withPool { pool, _ throws in
            #expect(try pool.read { try $0.scalar("PRAGMA journal_mode") } == .text("wal"))
            #expect(try pool.writeWithoutTransaction { try $0.scalar("PRAGMA synchronous") } == .integer(2))
        }
    }

    @Test func synchronous_isNormal_whenConfigured() throws {
        try withPool(configure: { $0.synchronous = .normal }) { pool, _ throws in
            #expect(try pool.writeWithoutTransaction { try $0.scalar("PRAGMA synchronous") } == .integer(1))
        }
    }

    @Test func busyTimeoutCacheAndMmap_followConfiguration() throws {
        try withPool(configure: {
            $0.busyTimeoutMilliseconds = 1234
            $0.cacheSizeKiB = 8192
            $0.mmapSizeBytes = 1 << 20
        }) { pool, _ in
            let (timeout, cache, mmap) = try pool.read { db in
                (try db.scalar("PRAGMA busy_timeout"), try db.scalar("PRAGMA cache_size"), try db.scalar("PRAGMA mmap_size"))
            }
            #expect(timeout == .integer(1234))
            #expect(cache == .integer(-8192))
            #expect(mmap == .integer(1 << 20))
        }
    }

    @Test func open_createsMissingFolders() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("data/nested/kehu.sqlite")
            let pool = try DatabasePool(path: path)
            pool.close()
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func openExisting_throwsAndCreatesNothing_whenFileIsMissing() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("missing/kehu.sqlite")
            #expect(throws: DatabasePoolError.databaseNotFound(path: path)) {
                try DatabasePool.openExisting(path: path)
            }
            #expect(throws: DatabasePoolError.databaseNotFound(path: path)) {
                try DatabasePool.openExisting(path: path, readOnly: false)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(!FileManager.default.fileExists(atPath: directory.file("missing")))
        }
    }

    @Test func openExisting_readsButRefusesWrites() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("kehu.sqlite")
            let pool = try DatabasePool(path: path)
            try pool.write { db in
                try db.execute("CREATE TABLE t (x INTEGER)")
                try db.execute("INSERT INTO t VALUES (1)")
            }
            pool.close()

            let readOnly = try DatabasePool.openExisting(path: path)
            defer { readOnly.close() }
            #expect(try readOnly.read { try $0.count("t") } == 1)
            #expect(throws: DatabasePoolError.readOnly) {
                try readOnly.write { db in try db.execute("INSERT INTO t VALUES (2)") }
            }
        }
    }

    @Test func close_isIdempotent_andLaterCallsThrowClosed() throws {
        try withPool { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
            pool.close()
            pool.close()
            #expect(throws: DatabasePoolError.closed) { try pool.read { _ in } }
            #expect(throws: DatabasePoolError.closed) { try pool.write { _ in } }
            #expect(throws: DatabasePoolError.closed) { try pool.writeWithoutTransaction { _ in } }
            #expect(throws: DatabasePoolError.closed) { try pool.integrityCheck() }
            #expect(pool.statistics.isClosed)
        }
    }

    @Test func close_removesTheWALFile_becauseTheWriterClosesLast() throws {
        try withTemporaryDirectory { directory in
            let path = directory.file("kehu.sqlite")
            let pool = try DatabasePool(path: path)
            try pool.write { db in try db.execute("CREATE TABLE t (x INTEGER)") }
            _ = try pool.read { try $0.count("t") }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            pool.close()
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func close_waitsForRunningRead_thenWakesWaitersWithClosed() throws {
        try withPool(configure: { $0.readerCount = 1 }) { pool, _ in
            let insideRead = DispatchSemaphore(value: 0)
            let finishRead = DispatchSemaphore(value: 0)
            let readFinished = Locked(false)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                _ = try? pool.read { _ in
                    insideRead.signal()
                    finishRead.wait()
                    readFinished.withLock { $0 = true }
                }
            }
            #expect(insideRead.wait(timeout: .now() + 10) == .success)
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { finishRead.signal() }
            pool.close()
            // close() returned only after the running read had finished.
            #expect(readFinished.current)
            #expect(group.wait(timeout: .now() + 10) == .success)
        }
    }

    @Test func statistics_countReadsWritesAndOpenReaders() throws {
        try withPool(configure: { $0.readerCount = 3 }) { pool, _ in
            try pool.write { try $0.execute("CREATE TABLE t (x INTEGER)") }
            for _ in 0..<5 { _ = try pool.read { try $0.count("t") } }
            let statistics = pool.statistics
            #expect(statistics.totalWrites == 1)
            #expect(statistics.totalReads == 5)
            #expect(statistics.readersOpen == 1)
            #expect(statistics.readersBusy == 0)
            #expect(!statistics.writerBusy)
            #expect(statistics.readerLimit == 3)
            #expect(try pool.write { _ in pool.statistics.writerBusy })
        }
    }

    @Test func statistics_addUpThePageCaches_withinTheirLimit() throws {
        try withPool(configure: { $0.readerCount = 2; $0.cacheSizeKiB = 512 }) { pool, _ in
            try pool.write { db in
                try db.execute("CREATE TABLE t (payload BLOB)")
                for _ in 0..<400 { try db.execute("INSERT INTO t VALUES (zeroblob(3000))") }
            }
            let afterWrite = pool.statistics.pageCacheBytes
            _ = try pool.read { try $0.scalar("SELECT sum(length(payload)) FROM t") }
            let afterRead = pool.statistics.pageCacheBytes
            #expect(afterWrite > 0)
            #expect(afterRead > afterWrite, "the reader's cache is counted too")
            // Two connections of at most 512 KiB each, plus SQLite's bookkeeping per page.
            #expect(afterRead <= 2 * 640 * 1024, "\(afterRead) bytes")
        }
    }

    @Test func pageCacheLimit_holdsAScanWithinIt_thenRestoresTheSize() throws {
        struct Stop: Error {}
        try withPool(configure: { $0.readerCount = 1; $0.cacheSizeKiB = 4096 }) { pool, _ in
            try pool.write { db in
                try db.execute("CREATE TABLE t (payload BLOB)")
                for _ in 0..<600 { try db.execute("INSERT INTO t VALUES (zeroblob(3000))") }
            }
            let scan = "SELECT sum(length(payload)) FROM t"
            let beforeScans = pool.statistics.pageCacheBytes
            _ = try pool.read { db in try db.withPageCacheLimit(kibibytes: 128) { try db.scalar(scan) } }
            let afterLimitedScan = pool.statistics.pageCacheBytes
            #expect(afterLimitedScan - beforeScans <= 192 * 1024, "\(afterLimitedScan - beforeScans) bytes")

            let sizeAfterThrow = try pool.read { db in
                #expect(throws: Stop.self) { try db.withPageCacheLimit(kibibytes: 128) { throw Stop() } }
                return try db.scalar("PRAGMA cache_size")?.int64Value
            }
            #expect(sizeAfterThrow == -4096)
            // The same scan at the restored size keeps its ~1.8 MB of pages.
            _ = try pool.read { db in try db.scalar(scan) }
            #expect(pool.statistics.pageCacheBytes - beforeScans > 1024 * 1024)
        }
    }
}
