import Dispatch
import Foundation

/// Coalesces concurrent write transactions into one commit (group commit), so that with
/// `synchronous = FULL` many writers share one fsync instead of paying one each.
///
/// Writers queue their closures; one of them, the leader, runs the queued closures one
/// after another, each inside its own `SAVEPOINT` of a shared transaction, then commits
/// and wakes the others (flat combining). A closure that throws is rolled back to its
/// savepoint alone. The leader keeps taking newcomers into the batch until nobody is
/// waiting or the batch is full; every member returns only after that COMMIT has
/// succeeded, so a returned write is as durable as one committed alone. If the commit
/// fails, every member of the batch gets the error (https://sqlite.org/lang_savepoint.html).
///
/// Why the leader runs the others' closures instead of handing a turn from thread to
/// thread: each hand-off is a wake-up, and on a virtual machine a wake-up costs several
/// times the ~50 µs a typical write takes; with one leader a batch costs two.
///
/// `@unchecked Sendable`: `state` is read and written only inside `withState`, under
/// `lock` (an NSLock, a pthread mutex: `Synchronization.Mutex` spins on this machine, see
/// HTTPServer's `Locked`, and its futex is invisible to the thread sanitizer).
final class GroupCommit: @unchecked Sendable {
    private let leases: ConnectionLeases
    private let maxMembers: Int
    private let lock = NSLock()
    private var state = State()

    private struct State {
        /// Writers waiting for a leader to run their closure, oldest first.
        var queue = WriterQueue()
        var leading = false
        /// The leader while it runs closures, to catch a nested write (which would deadlock).
        var leaderThread: pthread_t?
    }

    init(leases: ConnectionLeases, maxMembers: Int) {
        self.leases = leases
        self.maxMembers = maxMembers
    }

    private func withState<R>(_ body: (inout State) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let outcome = OutcomeBox<T>()
            let writer = QueuedWriter { connection in
                let result = Self.runInSavepoint(body, on: connection)
                outcome.value = result
                if case .failure(let error) = result { return error }
                return nil
            }
            let thread = pthread_self()
            let leadsNow = withState { state -> Bool in
                precondition(state.leaderThread.map { pthread_equal($0, thread) == 0 } ?? true, "DatabasePool writes do not nest")
                state.queue.append(writer)
                if state.leading { return false }
                state.leading = true
                return true
            }
            leases.recordBatchWrite(waited: !leadsNow)
            if leadsNow || writer.awaitWake() == .lead {
                lead(writer)
            }
            // Whoever ran `writer` dropped its closure (and with it `body`) before this point.
            if let failure = writer.batchFailure { throw failure }
            guard let result = outcome.value else { preconditionFailure("a group-commit member was woken without running") }
            return try result.get()
        }
    }

    /// Runs one batch, `own` first, commits it and wakes its members; then hands the lead
    /// to the oldest waiter, if any. `own` is at the head of the queue.
    private func lead(_ own: QueuedWriter) {
        withState { state in
            let first = state.queue.popFirst()
            precondition(first === own, "a group-commit leader must be first in the queue")
        }
        var batch = [own]
        var failure: (any Error)?
        do {
            let connection = try leases.leaseBatchWriter()
            defer { leases.giveBackBatchWriter(connection) }
            do {
                try connection.execute("BEGIN IMMEDIATE")
                failure = runBatch(&batch, on: connection)
                if failure == nil { try connection.execute("COMMIT") }
            } catch {
                failure = error
            }
            if failure != nil { connection.rollbackIfOpen() }
        } catch {
            failure = error
        }
        let next = withState { state -> QueuedWriter? in
            if let next = state.queue.first { return next }
            state.leading = false
            return nil
        }
        own.finishLed(batchFailure: failure)
        for member in batch.dropFirst() { member.finish(batchFailure: failure) }
        next?.handLead()
    }

    /// Runs `batch`'s writer, then queued ones, each in its savepoint, until nobody is
    /// waiting or the batch is full. Returns the error that lost the whole transaction
    /// (such as SQLITE_FULL), if one did: then no member's change was kept.
    private func runBatch(_ batch: inout [QueuedWriter], on connection: Connection) -> (any Error)? {
        let thread = pthread_self()
        withState { $0.leaderThread = thread }
        defer { withState { $0.leaderThread = nil } }
        var index = 0
        while true {
            let memberError = batch[index].runAndRelease(connection)
            if !connection.isInTransaction {
                return memberError ?? SQLiteError(extendedCode: 4 /* SQLITE_ABORT */, message: "the group transaction was rolled back")
            }
            guard batch.count < maxMembers, let member = withState({ $0.queue.popFirst() }) else { return nil }
            batch.append(member)
            index += 1
        }
    }

    private static func runInSavepoint<T>(_ body: (Database) throws -> T, on connection: Connection) -> Result<T, any Error> {
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
        return outcome
    }
}

/// What a waiting writer is woken for.
private enum Wake: Sendable { case done, lead }

/// One writer's closure, run by whichever thread leads its batch.
///
/// `@unchecked Sendable`: its `var`s are handed between exactly two threads, the writer
/// and its batch's leader, and `wake` orders them: the leader writes, then signals; the
/// writer reads only after its wait returns. The writer is blocked meanwhile, so its
/// non-Sendable closure never runs alongside its own thread.
private final class QueuedWriter: @unchecked Sendable {
    private var run: ((Connection) -> (any Error)?)?
    private(set) var batchFailure: (any Error)?
    private var reason = Wake.done
    private let wake = DispatchSemaphore(value: 0)

    init(run: @escaping (Connection) -> (any Error)?) { self.run = run }

    /// Runs the closure and lets go of it at once, so that `withoutActuallyEscaping`
    /// finds it unreferenced when the writer returns. Returns the closure's error.
    func runAndRelease(_ connection: Connection) -> (any Error)? {
        defer { run = nil }
        return run?(connection)
    }

    /// Ends a member's wait: its batch is committed, or failed with `batchFailure`.
    func finish(batchFailure: (any Error)?) {
        finishLed(batchFailure: batchFailure)
        reason = .done
        wake.signal()
    }

    /// The same for the leader's own write, which has no one to wake.
    func finishLed(batchFailure: (any Error)?) {
        run = nil
        self.batchFailure = batchFailure
    }

    /// Wakes a waiting writer to lead the next batch.
    func handLead() {
        reason = .lead
        wake.signal()
    }

    func awaitWake() -> Wake {
        wake.wait()
        return reason
    }
}

/// Where the leader leaves a writer's result. Same ordering as `QueuedWriter`.
private final class OutcomeBox<T>: @unchecked Sendable {
    var value: Result<T, any Error>?
}

/// A FIFO of waiting writers without the O(n) `removeFirst` of an array.
private struct WriterQueue {
    private var items: [QueuedWriter] = []
    private var head = 0

    var first: QueuedWriter? { head < items.count ? items[head] : nil }

    mutating func append(_ writer: QueuedWriter) { items.append(writer) }

    mutating func popFirst() -> QueuedWriter? {
        guard head < items.count else { return nil }
        let first = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return first
    }
}
