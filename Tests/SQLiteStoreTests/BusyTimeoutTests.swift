import Foundation
import SQLiteStore
import Testing

/// A second process (python3's sqlite3 module) holds the write lock on the
/// same file while this process tries to write.
@Suite("Busy handling across processes", .serialized)
struct BusyTimeoutTests {
    /// Holds `BEGIN IMMEDIATE` for argv[2] seconds, printing LOCKED once it has the lock.
    private static let lockHolder = """
        import sqlite3, sys, time
        connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (source) VALUES ('python')")
        print("LOCKED", flush=True)
        time.sleep(float(sys.argv[2]))
        connection.execute("COMMIT")
        connection.close()
        print("DONE", flush=True)
        """

    /// A running lock holder.
    private struct LockHolder {
        let process: Process
        let output: Pipe
        let errors: Pipe

        /// Waits for the child to exit and returns its status and stderr.
        func finish() -> (status: Int32, stderr: String) {
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return (process.terminationStatus, stderr)
        }
    }

    /// Finds python3 on PATH. Missing python3 must fail the test, not skip it.
    private static func pythonIsAvailable() -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { folder in
            FileManager.default.isExecutableFile(atPath: "\(folder)/python3")
        }
    }

    /// Starts the lock holder and returns once it prints LOCKED.
    private static func startLockHolder(path: String, holdSeconds: Double) throws -> LockHolder {
        try #require(pythonIsAvailable(), "python3 is required for the two-process busy test but is not on PATH (scripts/test installs it)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", lockHolder, path, String(holdSeconds)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let holder = LockHolder(process: process, output: output, errors: errors)

        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("LOCKED\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                let (status, stderr) = holder.finish()
                Issue.record("python3 exited (status \(status)) before taking the lock: \(stderr)")
                throw CancellationError()
            }
            seen.append(chunk)
        }
        return holder
    }

    private func prepare(_ pool: DatabasePool) throws {
        try pool.write { db in
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, source TEXT NOT NULL)")
        }
    }

    @Test func write_waitsAndSucceeds_whenOtherProcessCommitsWithinBusyTimeout() throws {
        try withPool(configure: { $0.busyTimeoutMilliseconds = 5000 }) { pool, directory in
            try prepare(pool)
            let holder = try Self.startLockHolder(path: pool.configuration.path, holdSeconds: 1.0)
            let started = Date()
            try pool.write { db in try db.execute("INSERT INTO t (source) VALUES ('swift')") }
            let waited = Date().timeIntervalSince(started)
            let (status, stderr) = holder.finish()
            #expect(status == 0, "python3 failed: \(stderr)")
            #expect(waited >= 0.3, "the write should have waited for the other process's lock, waited \(waited) s")
            let sources = try pool.read { db in
                try db.query("SELECT source FROM t ORDER BY id").map { $0.string("source") }
            }
            #expect(sources == ["python", "swift"])
        }
    }

    @Test func write_failsWithBusy_whenOtherProcessHoldsLockPastBusyTimeout() throws {
        try withPool(configure: { $0.busyTimeoutMilliseconds = 100 }) { pool, directory in
            try prepare(pool)
            let holder = try Self.startLockHolder(path: pool.configuration.path, holdSeconds: 1.5)
            let started = Date()
            let error = #expect(throws: SQLiteError.self) {
                try pool.write { db in try db.execute("INSERT INTO t (source) VALUES ('swift')") }
            }
            let waited = Date().timeIntervalSince(started)
            #expect(error?.isBusy == true)
            #expect(waited < 1.4, "the write should give up after ~100 ms, took \(waited) s")
            let (status, stderr) = holder.finish()
            #expect(status == 0, "python3 failed: \(stderr)")
            // Once the other process has committed, writing works again.
            try pool.write { db in try db.execute("INSERT INTO t (source) VALUES ('swift')") }
            #expect(try pool.read { try $0.count("t") } == 2)
        }
    }
}
