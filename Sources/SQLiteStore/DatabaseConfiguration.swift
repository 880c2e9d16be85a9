/// How a `DatabasePool` opens and tunes its connections.
///
/// A plain value, read once when the pool opens; changing it afterwards has no
/// effect on an open pool.
public struct DatabaseConfiguration: Sendable {
    /// `PRAGMA synchronous` levels offered in WAL mode (https://sqlite.org/pragma.html#pragma_synchronous).
    public enum Synchronous: Int, Sendable {
        /// WAL is synced only at checkpoints: a power loss can drop the last
        /// commits, but the database stays consistent.
        case normal = 1
        /// The WAL is synced at every commit: a committed transaction survives power loss.
        case full = 2
    }

    /// The database file, e.g. `./data/kehu.sqlite`. Its folder is created when
    /// missing (if `createIfMissing`). Must be a file path: `:memory:` would give
    /// every connection its own database.
    public var path: String
    /// The most reader connections open at once; further `read` calls wait. At least 1.
    public var readerCount: Int
    /// How long a connection waits for another connection's or process's lock
    /// before failing with `SQLITE_BUSY` (https://sqlite.org/c3ref/busy_timeout.html).
    public var busyTimeoutMilliseconds: Int
    /// Durability of commits.
    ///
    /// Defaults to `.full`, unlike STYLE.md's NORMAL: Kehu promises that a 201
    /// means the row survives power loss, and with NORMAL in WAL mode the last
    /// commits before a power cut can be lost.
    public var synchronous: Synchronous
    /// Page cache per connection in KiB (`PRAGMA cache_size = -N`); `nil` keeps SQLite's default (2 MiB).
    public var cacheSizeKiB: Int?
    /// Memory-mapped I/O size per connection (`PRAGMA mmap_size`); `nil` keeps SQLite's default (off).
    public var mmapSizeBytes: Int?
    /// WAL pages after which a background thread checkpoints (`Checkpointer`); `nil` keeps
    /// SQLite's automatic checkpoint in the commit (at 1,000 pages). Fewer checkpoints write
    /// a page changed by many commits once.
    public var walAutocheckpointPages: Int?
    /// Prepared statements kept per connection; the least recently used is finalized beyond this.
    public var statementCacheCapacity: Int
    /// Create the file (and its folder) when missing. When `false`, opening a
    /// missing file throws `DatabasePoolError.databaseNotFound`.
    public var createIfMissing: Bool
    /// Open readers only, never a writer: `write` throws `DatabasePoolError.readOnly`.
    /// For inspecting a file (`kehu check`) without changing it. Implies not creating it.
    public var readOnly: Bool

    /// Creates a configuration; every parameter but `path` has Kehu's default.
    public init(
        path: String,
        readerCount: Int = 4,
        busyTimeoutMilliseconds: Int = 5000,
        synchronous: Synchronous = .full,
        cacheSizeKiB: Int? = nil,
        mmapSizeBytes: Int? = nil,
        statementCacheCapacity: Int = 64,
        createIfMissing: Bool = true,
        readOnly: Bool = false
    ) {
        self.path = path
        self.readerCount = readerCount
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.synchronous = synchronous
        self.cacheSizeKiB = cacheSizeKiB
        self.mmapSizeBytes = mmapSizeBytes
        self.statementCacheCapacity = statementCacheCapacity
        self.createIfMissing = createIfMissing
        self.readOnly = readOnly
    }
}
