import Foundation
@testable import SQLiteStore
import Testing

/// With `walAutocheckpointPages` set, checkpoints run on a thread of their own, and the
/// WAL still starts over instead of growing without end under continuous writes.
@Suite("Background checkpoints")
struct CheckpointerTests {
    static let line = 32 // pages
    static let frameBytes = 4096 + 24

    func walBytes(_ directory: TemporaryDirectory) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: directory.file("kehu.sqlite-wal")))?[.size] as? Int) ?? 0
    }

    @Test func theWAL_staysBounded_underContinuousWrites() throws {
        try withPool(configure: { $0.walAutocheckpointPages = Self.line }) { pool, directory in
            try pool.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)") }
            // About 1,000 pages written, thirty times the line, from eight threads.
            DispatchQueue.concurrentPerform(iterations: 8) { thread in
                for index in 0..<60 {
                    _ = try? pool.write { db in
                        try db.execute("INSERT INTO t (payload) VALUES (?)", [SQLiteValue.blob(Array(repeating: UInt8(thread), count: 8_000 + index))])
                    }
                }
            }
            #expect(try pool.read { try $0.scalar("SELECT count(*) FROM t")?.int64Value } == 480)
            // Four times the line (where the writer waits for the thread), plus a batch.
            #expect(walBytes(directory) <= (4 * Self.line + 64 * 3) * Self.frameBytes, "WAL of \(walBytes(directory)) bytes")
            #expect(pool.statistics.backgroundCheckpoints > 0)
        }
    }

    /// The writer copies frames itself only when no gap between commits let a round of the
    /// thread finish: the WAL past twice the line, or four times when the thread lags.
    @Test(arguments: [
        (frames: 100, phase: Checkpointer.Phase.idle, copied: 0, expected: Checkpointer.Step.none),
        (frames: 1_000, phase: .idle, copied: 0, expected: .sendThreadRound),
        (frames: 1_000, phase: .running, copied: 0, expected: .none),
        (frames: 3_999, phase: .running, copied: 0, expected: .none),
        (frames: 4_000, phase: .running, copied: 0, expected: .awaitRoundThenCopyInline),
        // Over the line but under twice it: another round, however few frames are left.
        (frames: 1_010, phase: .done, copied: 1_000, expected: .sendThreadRound),
        (frames: 1_999, phase: .done, copied: 1_990, expected: .sendThreadRound),
        // Twice the line: the few frames left are copied inline, many go round again.
        (frames: 2_000, phase: .done, copied: 1_990, expected: .copyInline),
        (frames: 2_000, phase: .done, copied: 1_500, expected: .sendThreadRound),
        // The WAL started over since the round: that round's count says nothing.
        (frames: 2_000, phase: .done, copied: 2_100, expected: .sendThreadRound),
    ])
    func aCommit_copiesInline_onlyWithoutAGap(frames: Int, phase: Checkpointer.Phase, copied: Int, expected: Checkpointer.Step) {
        #expect(Checkpointer.step(frames: frames, thresholdPages: 1_000, inlineFrames: 125, threadAlive: true, phase: phase, copiedFrames: copied) == expected)
    }

    @Test func withoutTheThread_theWriterCopiesEveryTime() {
        #expect(Checkpointer.step(frames: 1_000, thresholdPages: 1_000, inlineFrames: 125, threadAlive: false, phase: .idle, copiedFrames: 0) == .copyInline)
    }

    @Test func closing_stopsTheThread_andLeavesAWholeFile() throws {
        try withTemporaryDirectory { directory in
            var configuration = DatabaseConfiguration(path: directory.file("kehu.sqlite"))
            configuration.walAutocheckpointPages = Self.line
            let pool = try DatabasePool(configuration: configuration)
            try pool.write { try $0.execute("CREATE TABLE t (payload BLOB)") }
            for _ in 0..<200 {
                try pool.write { try $0.execute("INSERT INTO t VALUES (?)", [SQLiteValue.blob(Array(repeating: 7, count: 6_000))]) }
            }
            pool.close()
            // The last connection to close folds the WAL in and deletes it: the thread's
            // connection was closed first.
            #expect(!FileManager.default.fileExists(atPath: directory.file("kehu.sqlite-wal")))
            let reopened = try DatabasePool.openExisting(path: directory.file("kehu.sqlite"))
            defer { reopened.close() }
            #expect(try reopened.integrityCheck() == [])
            #expect(try reopened.read { try $0.scalar("SELECT count(*) FROM t")?.int64Value } == 200)
        }
    }
}
