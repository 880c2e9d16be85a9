import Foundation

/// Lends the pool's connections to one thread at a time: one writer, up to
/// `readerCount` readers opened lazily, callers blocking when none is free.
///
/// `@unchecked Sendable` because it owns a lock and C-backed connections:
/// every stored `var` is read and written only while `condition` is locked, and
/// a `Connection` taken out is touched only by the thread that leased it until
/// that thread hands it back. That one-thread-at-a-time rule is exactly what
/// `SQLITE_OPEN_NOMUTEX` (multi-thread mode) requires of each connection
/// (https://sqlite.org/threadsafe.html).
final class ConnectionLeases: @unchecked Sendable {
    private enum Phase { case open, closing, closed }

    private let configuration: DatabaseConfiguration
    /// Guards everything below and signals when a connection comes back or the phase changes.
    private let condition = NSCondition()

    private var phase = Phase.open
    private var idleWriter: Connection?
    private var writerBusy = false
    private var idleReaders: [Connection] = []
    private var readersOpen = 0
    private var readersBusy = 0
    /// One entry per lease in progress, so a thread asking twice (a nested
    /// call, which could deadlock) is caught by a precondition.
    private var holders: [pthread_t] = []
    private var totalReads: UInt64 = 0
    private var totalWrites: UInt64 = 0
    private var readerWaits: UInt64 = 0
    private var writerWaits: UInt64 = 0
    /// Page cache of each open connection, as its last lease left it.
    private var pageCacheBytes: [ObjectIdentifier: Int] = [:]

    /// Takes ownership of connections the pool opened up front.
    init(configuration: DatabaseConfiguration, writer: Connection?, reader: Connection?) {
        self.configuration = configuration
        self.idleWriter = writer
        if let reader {
            idleReaders = [reader]
            readersOpen = 1
        }
    }

    /// Runs `body` with the writer, waiting while another thread has it.
    func withWriter<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try leaseWriter()
        defer { giveBackWriter(connection) }
        return try body(connection)
    }

    /// Runs `body` with a reader, waiting while all `readerCount` are busy.
    func withReader<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try leaseReader()
        defer { giveBackReader(connection) }
        return try body(connection)
    }

    /// Leases the writer for a group commit batch. Not tied to the calling thread: the
    /// batch's last member, possibly another thread, hands it back with `giveBackBatchWriter`.
    func leaseBatchWriter() throws -> Connection {
        try leaseWriter(tracked: false)
    }

    func giveBackBatchWriter(_ connection: Connection) {
        giveBackWriter(connection, tracked: false)
    }

    /// Counts one write of a group commit, and whether it waited for its turn.
    func recordBatchWrite(waited: Bool) {
        condition.lock()
        totalWrites += 1
        if waited { writerWaits += 1 }
        condition.unlock()
    }

    private func leaseWriter(tracked: Bool = true) throws -> Connection {
        guard !configuration.readOnly else { throw DatabasePoolError.readOnly }
        let thread = pthread_self()
        condition.lock()
        precondition(!isHeld(by: thread), "DatabasePool calls do not nest: this thread is already inside a read or write closure")
        var waited = false
        while phase == .open && writerBusy {
            if !waited && tracked {
                writerWaits += 1
                waited = true
            }
            condition.wait()
        }
        guard phase == .open else {
            condition.unlock()
            throw DatabasePoolError.closed
        }
        writerBusy = true
        if tracked {
            holders.append(thread)
            totalWrites += 1
        }
        let idle = idleWriter
        idleWriter = nil
        condition.unlock()

        // The writer is reopened lazily if an earlier one had to be discarded.
        // Opening happens outside the lock so other callers are not stalled on disk I/O.
        let connection: Connection
        if let idle {
            connection = idle
        } else {
            do {
                connection = try Connection.open(configuration: configuration, role: .writer)
            } catch {
                release { $0.writerBusy = false }
                throw error
            }
        }
        connection.leaseGeneration &+= 1
        return connection
    }

    private func giveBackWriter(_ connection: Connection, tracked: Bool = true) {
        connection.leaseGeneration &+= 1
        // A connection stuck in a transaction (its ROLLBACK failed) is closed
        // rather than handed to the next caller mid-transaction.
        let reusable = !connection.isInTransaction
        let cache = reusable ? connection.pageCacheBytes : nil
        if !reusable { connection.close() }
        release(tracked: tracked) { leases in
            leases.writerBusy = false
            leases.idleWriter = reusable ? connection : nil
            leases.pageCacheBytes[ObjectIdentifier(connection)] = cache
        }
    }

    private func leaseReader() throws -> Connection {
        let thread = pthread_self()
        condition.lock()
        precondition(!isHeld(by: thread), "DatabasePool calls do not nest: this thread is already inside a read or write closure")
        var waited = false
        while phase == .open && idleReaders.isEmpty && readersOpen >= configuration.readerCount {
            if !waited {
                readerWaits += 1
                waited = true
            }
            condition.wait()
        }
        guard phase == .open else {
            condition.unlock()
            throw DatabasePoolError.closed
        }
        readersBusy += 1
        holders.append(thread)
        totalReads += 1
        // Last in, first out: the most recently used reader has the warmest page cache.
        let idle = idleReaders.popLast()
        if idle == nil { readersOpen += 1 }
        condition.unlock()

        let connection: Connection
        if let idle {
            connection = idle
        } else {
            do {
                connection = try Connection.open(configuration: configuration, role: .reader)
            } catch {
                release { leases in
                    leases.readersBusy -= 1
                    leases.readersOpen -= 1
                }
                throw error
            }
        }
        connection.leaseGeneration &+= 1
        return connection
    }

    private func giveBackReader(_ connection: Connection) {
        connection.leaseGeneration &+= 1
        let reusable = !connection.isInTransaction
        let cache = reusable ? connection.pageCacheBytes : nil
        if !reusable { connection.close() }
        release { leases in
            leases.readersBusy -= 1
            leases.pageCacheBytes[ObjectIdentifier(connection)] = cache
            if reusable {
                leases.idleReaders.append(connection)
            } else {
                leases.readersOpen -= 1
            }
        }
    }

    /// Under the lock: applies `update`, drops the calling thread's lease record, wakes waiters.
    private func release(tracked: Bool = true, _ update: (ConnectionLeases) -> Void) {
        let thread = pthread_self()
        condition.lock()
        update(self)
        if tracked, let index = holders.firstIndex(where: { pthread_equal($0, thread) != 0 }) {
            holders.remove(at: index)
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Call with the lock held.
    private func isHeld(by thread: pthread_t) -> Bool {
        holders.contains { pthread_equal($0, thread) != 0 }
    }

    /// Stops new leases, waits for running closures to finish, then closes
    /// readers and finally the writer. Idempotent; a concurrent second call
    /// waits until the first has finished.
    func close() {
        condition.lock()
        precondition(!isHeld(by: pthread_self()), "close() called from inside a DatabasePool closure would wait for itself")
        switch phase {
        case .closed:
            condition.unlock()
            return
        case .closing:
            while phase != .closed { condition.wait() }
            condition.unlock()
            return
        case .open:
            break
        }
        phase = .closing
        // Wake callers waiting for a connection so they throw `.closed`.
        condition.broadcast()
        while writerBusy || readersBusy > 0 {
            condition.wait()
        }
        let readers = idleReaders
        let writer = idleWriter
        idleReaders = []
        idleWriter = nil
        readersOpen = 0
        condition.unlock()

        // Readers first, writer last: the last connection to close checkpoints
        // the WAL into the database and deletes it (https://sqlite.org/wal.html),
        // and only the read-write connection can do that.
        for reader in readers { reader.close() }
        writer?.close()

        condition.lock()
        phase = .closed
        condition.broadcast()
        condition.unlock()
    }

    /// A consistent snapshot of the counters.
    var statistics: PoolStatistics {
        condition.lock()
        defer { condition.unlock() }
        return PoolStatistics(
            readerLimit: configuration.readerCount,
            readersOpen: readersOpen,
            readersBusy: readersBusy,
            writerBusy: writerBusy,
            totalReads: totalReads,
            totalWrites: totalWrites,
            readerWaits: readerWaits,
            writerWaits: writerWaits,
            isClosed: phase != .open,
            pageCacheBytes: pageCacheBytes.values.reduce(0, +)
        )
    }
}
