import Foundation

/// Coalesces concurrent write transactions into one commit (group commit), so that with
/// `synchronous = FULL` many writers share one fsync instead of paying one each.
///
/// Each caller's closure still runs on its own thread, one at a time, inside a
/// `SAVEPOINT` of a transaction shared by the batch: a closure that throws is rolled
/// back to its savepoint alone. The member that finds nobody else waiting (or fills the
/// batch) commits; every member returns only after that COMMIT has succeeded, so a
/// returned write is as durable as one committed alone. If the commit fails, every
/// member of the batch gets the error (https://sqlite.org/lang_savepoint.html).
///
/// `@unchecked Sendable`: every stored `var` is touched only with `condition` locked; the
/// open batch's connection is used only by the member whose turn it is (`turnTaken`),
/// which is the one-thread-at-a-time rule SQLITE_OPEN_NOMUTEX requires.
final class GroupCommit: @unchecked Sendable {
    /// One shared transaction and how it ended.
    private final class Batch {
        let connection: Connection
        var members = 0
        var finished = false
        var failure: (any Error)?

        init(connection: Connection) { self.connection = connection }
    }

    private let leases: ConnectionLeases
    private let maxMembers: Int
    private let condition = NSCondition()
    private var openBatch: Batch?
    private var turnTaken = false
    private var waiting = 0
    /// The thread running a closure now, to catch a nested write (which would deadlock).
    private var runningThread: pthread_t?

    init(leases: ConnectionLeases, maxMembers: Int) {
        self.leases = leases
        self.maxMembers = maxMembers
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let batch = try takeTurn()
        let connection = batch.connection
        let outcome: Result<T, any Error>
        do {
            try connection.execute("SAVEPOINT member")
            do {
                let value = try body(Database(connection))
                try connection.execute("RELEASE member")
                outcome = .success(value)
            } catch {
                // Errors such as SQLITE_FULL may have rolled back the whole transaction
                // already; then there is no savepoint left and the batch is lost.
                if connection.isInTransaction {
                    try? connection.execute("ROLLBACK TO member")
                    try? connection.execute("RELEASE member")
                }
                outcome = .failure(error)
            }
        } catch {
            outcome = .failure(error)
        }
        connection.leaseGeneration &+= 1 // the handle given to `body` is dead now
        var memberError: (any Error)?
        if case .failure(let error) = outcome { memberError = error }
        try finishTurn(batch, memberError: memberError)
        return try outcome.get()
    }

    /// Waits for this thread's turn and returns the open batch, starting one if needed.
    private func takeTurn() throws -> Batch {
        let thread = pthread_self()
        condition.lock()
        precondition(runningThread.map { pthread_equal($0, thread) == 0 } ?? true, "DatabasePool writes do not nest")
        waiting += 1
        let waited = turnTaken
        while turnTaken { condition.wait() }
        waiting -= 1
        turnTaken = true
        runningThread = thread
        leases.recordBatchWrite(waited: waited)
        if let batch = openBatch {
            condition.unlock()
            return batch
        }
        condition.unlock()
        do {
            let connection = try leases.leaseBatchWriter()
            do {
                try connection.execute("BEGIN IMMEDIATE")
            } catch {
                leases.giveBackBatchWriter(connection)
                throw error
            }
            let batch = Batch(connection: connection)
            condition.lock()
            openBatch = batch
            condition.unlock()
            return batch
        } catch {
            passTurn()
            throw error
        }
    }

    /// Commits if nobody is waiting to join (or the batch is full); otherwise hands the
    /// turn on and waits for whoever commits. Throws the batch's failure.
    private func finishTurn(_ batch: Batch, memberError: (any Error)?) throws {
        condition.lock()
        batch.members += 1
        runningThread = nil
        let transactionLost = !batch.connection.isInTransaction
        if waiting > 0 && batch.members < maxMembers && !transactionLost {
            turnTaken = false
            condition.broadcast()
            while !batch.finished { condition.wait() }
            condition.unlock()
            if let failure = batch.failure { throw failure }
            return
        }
        openBatch = nil
        condition.unlock()
        var failure: (any Error)?
        if transactionLost {
            // A member's error (disk full, I/O) rolled the shared transaction back: no
            // member's change was kept, so each is told so.
            failure = memberError ?? SQLiteError(extendedCode: 4 /* SQLITE_ABORT */, message: "the group transaction was rolled back")
        } else {
            do { try batch.connection.execute("COMMIT") } catch {
                failure = error
                batch.connection.rollbackIfOpen()
            }
        }
        leases.giveBackBatchWriter(batch.connection)
        condition.lock()
        batch.failure = failure
        batch.finished = true
        turnTaken = false
        condition.broadcast()
        condition.unlock()
        if let failure { throw failure }
    }

    private func passTurn() {
        condition.lock()
        turnTaken = false
        runningThread = nil
        condition.broadcast()
        condition.unlock()
    }
}
