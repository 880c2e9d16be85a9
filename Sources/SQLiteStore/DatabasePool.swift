import CSQLite
import Foundation

/// The process's access to one SQLite file: one writer connection and up to
/// `readerCount` reader connections, used through closures.
///
/// Threading: safe to share between threads. Writes are serialised (one at a
/// time, others block); reads run in parallel with each other and with the
/// write, each on its own WAL snapshot (https://sqlite.org/wal.html). Calls
/// block the calling thread, which is fine on Kehu's bounded worker pool.
/// Calls do not nest: calling the pool from inside one of its closures on the
/// same thread traps instead of deadlocking.
/// Lifetime: call `close()` at shutdown; after it every call throws
/// `DatabasePoolError.closed`.
public final class DatabasePool: Sendable {
    /// The configuration the pool was opened with.
    public let configuration: DatabaseConfiguration
    private let leases: ConnectionLeases
    private let groupCommit: GroupCommit
    /// Checkpoints the WAL off the writer's thread, when `walAutocheckpointPages` is set.
    private let checkpointer: Checkpointer?
    /// Most writes one group commit takes in; bounds how long the first waits.
    static let groupCommitLimit = 64

    /// Opens the pool: creates the folder and file if allowed, opens the writer,
    /// switches to WAL and applies `synchronous`. Readers open later, on demand,
    /// read-only, once the file exists in WAL mode.
    ///
    /// With `configuration.readOnly`, no writer is opened and one reader is
    /// opened at once so that a missing or unreadable file fails here.
    ///
    /// - Throws: `DatabasePoolError.databaseNotFound` when the file is missing
    ///   and may not be created; `DatabasePoolError.journalModeNotWAL`;
    ///   `SQLiteError` (e.g. `isCorrupt`) when SQLite cannot open the file.
    public init(configuration: DatabaseConfiguration) throws {
        // NOMUTEX is only safe on a library built thread-safe; Debian's is.
        precondition(sqlite3_threadsafe() != 0, "libsqlite3 was built without thread support")
        precondition(configuration.readerCount >= 1, "readerCount must be at least 1")
        Self.configureLibrary
        self.configuration = configuration

        let path = configuration.path
        let mayCreate = configuration.createIfMissing && !configuration.readOnly
        if !FileManager.default.fileExists(atPath: path) {
            guard mayCreate else { throw DatabasePoolError.databaseNotFound(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
        var creating = configuration
        creating.createIfMissing = mayCreate
        if configuration.readOnly {
            let reader = try Connection.open(configuration: creating, role: .reader)
            leases = ConnectionLeases(configuration: creating, writer: nil, reader: reader)
            checkpointer = nil
        } else {
            let writer = try Connection.open(configuration: creating, role: .writer)
            checkpointer = configuration.walAutocheckpointPages.map { pages in
                let background = Checkpointer(configuration: creating, thresholdPages: pages)
                background.install(on: writer)
                return background
            }
            leases = ConnectionLeases(configuration: creating, writer: writer, reader: nil)
        }
        groupCommit = GroupCommit(leases: leases, maxMembers: Self.groupCommitLimit)
    }

    deinit { checkpointer?.stop() }

    /// Process-wide SQLite settings, applied once before the first connection opens
    /// (Swift runs a static's initialiser exactly once, thread-safely).
    private static let configureLibrary: Void = {
        _ = kehu_sqlite3_disable_memstatus() // SQLITE_MISUSE if already initialised: then it stays on
        _ = kehu_sqlite3_disable_page_cache_bulk() // the same
    }()

    /// Opens a pool on the file at `path` with default settings, creating it if missing.
    public convenience init(path: String) throws {
        try self.init(configuration: DatabaseConfiguration(path: path))
    }

    /// Opens an existing file without creating it, read-only by default (for `kehu check`).
    ///
    /// - Throws: `DatabasePoolError.databaseNotFound` when there is no file at `path`.
    public static func openExisting(path: String, readOnly: Bool = true) throws -> DatabasePool {
        try DatabasePool(configuration: DatabaseConfiguration(path: path, createIfMissing: false, readOnly: readOnly))
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`): commits when it
    /// returns, rolls back when it throws and rethrows.
    ///
    /// Concurrent writes share one transaction and one commit (`GroupCommit`): each
    /// body runs alone in its own savepoint, and returns only once the shared COMMIT
    /// succeeded. One write runs at a time; callers wait their turn (then up to
    /// `busyTimeoutMilliseconds` for another process's lock). `db` must not
    /// escape `body`. Not reentrant: a nested pool call traps.
    ///
    /// - Throws: `body`'s error; `SQLiteError` (`isBusy` if another process
    ///   kept the lock past the busy timeout); `DatabasePoolError.closed` or `.readOnly`.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try groupCommit.write(body)
    }

    /// Runs `body` in a read transaction (`BEGIN` … `COMMIT`) on a reader, so
    /// every query in it sees one snapshot: the one taken at its first read
    /// (https://sqlite.org/isolation.html).
    ///
    /// Waits while all readers are busy. Runs alongside writes; never sees
    /// uncommitted changes. Readers are read-only, so writes in `body` throw
    /// `SQLiteError` with `isReadOnly`. `db` must not escape `body`.
    ///
    /// - Throws: `body`'s error; `SQLiteError`; `DatabasePoolError.closed`.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try leases.withReader { connection in
            try connection.inReadTransaction {
                try body(Database(connection))
            }
        }
    }

    /// Runs `body` on the writer with no transaction around it, for statements
    /// that refuse to run in one (`VACUUM`, `PRAGMA wal_checkpoint`, `PRAGMA journal_mode`).
    ///
    /// Serialised with `write`. Each statement commits on its own.
    ///
    /// - Precondition: `body` does not leave a transaction open.
    /// - Throws: `body`'s error; `DatabasePoolError.closed` or `.readOnly`.
    public func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try leases.withWriter { connection in
            defer {
                precondition(!connection.isInTransaction, "writeWithoutTransaction body left a transaction open")
            }
            return try body(Database(connection))
        }
    }

    /// Runs `body` on a reader with no transaction around it (for `VACUUM INTO`).
    func readWithoutTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try leases.withReader(body)
    }

    /// Stops the pool: new calls throw `DatabasePoolError.closed`, callers
    /// waiting for a connection are woken and throw, running closures are allowed
    /// to finish, then readers and finally the writer are closed (the writer
    /// checkpoints and removes the WAL file).
    ///
    /// Idempotent and thread-safe. Must not be called from inside a pool closure (traps).
    public func close() {
        checkpointer?.stop()
        leases.close()
    }

    /// A snapshot of connection use, for metrics. Cheap: one lock acquisition.
    public var statistics: PoolStatistics {
        var statistics = leases.statistics
        if let counts = checkpointer?.counts {
            statistics.backgroundCheckpoints = counts.background
            statistics.inlineCheckpoints = counts.inline
        }
        return statistics
    }
}
