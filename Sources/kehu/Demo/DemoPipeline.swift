import Foundation

/// Overlaps making batches with storing them: the caller's thread produces while one
/// background thread consumes, at most `depth` batches apart. On two cores this hides
/// most of the generation time behind SQLite's.
enum DemoPipeline {
    /// Calls `produce` until it returns nil, handing each batch, in order, to `consume` on
    /// a second thread. Returns once every batch is consumed. An error from `consume` stops
    /// production (batches not yet consumed are dropped); an error from `produce` stops
    /// it after the batches already queued are consumed. Either is rethrown.
    static func run<Batch: Sendable>(depth: Int = 2, produce: () throws -> Batch?, consume: @escaping @Sendable (Batch) throws -> Void) throws {
        let queue = BatchQueue<Batch>(capacity: max(depth, 1))
        let consumer = Thread { queue.drain(consume) }
        consumer.name = "kehu-seed-loader"
        consumer.start()
        do {
            while let batch = try produce(), queue.put(batch) {}
        } catch {
            queue.finish()
            _ = try? queue.waitUntilDrained()
            throw error
        }
        queue.finish()
        try queue.waitUntilDrained()
    }
}

/// A bounded hand-over between one producer and one consumer thread.
private final class BatchQueue<Batch: Sendable>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Batch] = []
    private var finished = false
    private var drained = false
    private var failure: (any Error)?

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room and enqueues; false when the consumer has failed (stop producing).
    func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && failure == nil { condition.wait() }
        guard failure == nil else { return false }
        items.append(batch)
        condition.broadcast()
        return true
    }

    /// No more batches will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer's loop: runs until finished and empty, or `consume` throws.
    func drain(_ consume: (Batch) throws -> Void) {
        while true {
            condition.lock()
            while items.isEmpty && !finished { condition.wait() }
            guard !items.isEmpty else {
                drained = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = items.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                try consume(batch)
            } catch {
                condition.lock()
                failure = error
                items.removeAll()
                drained = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
    }

    /// Waits for the consumer to stop; rethrows its error.
    func waitUntilDrained() throws {
        condition.lock()
        while !drained { condition.wait() }
        let error = failure
        condition.unlock()
        if let error { throw error }
    }
}
