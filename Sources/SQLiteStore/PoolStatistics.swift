/// A snapshot of how busy a `DatabasePool` is, for metrics ("database pool use").
///
/// Counters only grow while the pool is open. A plain value taken under the
/// pool's lock, so its fields are consistent with each other.
public struct PoolStatistics: Sendable, Equatable {
    /// The configured reader limit.
    public var readerLimit: Int
    /// Reader connections currently open (idle or busy).
    public var readersOpen: Int
    /// Reader connections currently lent to a `read` closure.
    public var readersBusy: Int
    /// Whether a write closure is running.
    public var writerBusy: Bool
    /// `read` calls (and backups and integrity checks) that obtained a connection.
    public var totalReads: UInt64
    /// `write` and `writeWithoutTransaction` calls that obtained the writer.
    public var totalWrites: UInt64
    /// Reads that had to wait because every reader was busy.
    public var readerWaits: UInt64
    /// Writes that had to wait for another write to finish.
    public var writerWaits: UInt64
    /// Whether `close()` has begun.
    public var isClosed: Bool
    /// Heap held by the page caches of the open connections, as their last leases left them
    /// (each is bounded by `cacheSizeKiB`).
    public var pageCacheBytes: Int
    /// WAL checkpoints run on the background thread (`walAutocheckpointPages`).
    public var backgroundCheckpoints: UInt64
    /// WAL checkpoints the writer ran inside a commit, while other writes waited.
    public var inlineCheckpoints: UInt64

    /// Creates a snapshot; the pool builds these, tests may too.
    public init(
        readerLimit: Int, readersOpen: Int, readersBusy: Int, writerBusy: Bool,
        totalReads: UInt64, totalWrites: UInt64, readerWaits: UInt64, writerWaits: UInt64,
        isClosed: Bool, pageCacheBytes: Int = 0, backgroundCheckpoints: UInt64 = 0, inlineCheckpoints: UInt64 = 0
    ) {
        self.readerLimit = readerLimit
        self.readersOpen = readersOpen
        self.readersBusy = readersBusy
        self.writerBusy = writerBusy
        self.totalReads = totalReads
        self.totalWrites = totalWrites
        self.readerWaits = readerWaits
        self.writerWaits = writerWaits
        self.isClosed = isClosed
        self.pageCacheBytes = pageCacheBytes
        self.backgroundCheckpoints = backgroundCheckpoints
        self.inlineCheckpoints = inlineCheckpoints
    }
}
