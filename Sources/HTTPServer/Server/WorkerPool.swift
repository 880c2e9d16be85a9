import CSystemShims
import Foundation

/// A fixed set of threads running submitted jobs in FIFO order.
///
/// Handlers block (SQLite, fsync), so they run here rather than on Dispatch's shared
/// pool, whose Linux implementation only adds threads slowly when work blocks. The
/// bound is the thread count: at most `threadCount` handlers run at once.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: `jobs`, `head` and `stopped` are only touched while holding `condition`.
    private let condition = NSCondition()
    private var jobs: [(@Sendable () -> Void)?] = []
    private var head = 0
    private var stopped = false
    private var busy = 0

    private let threadCount: Int
    private let name: String

    /// A pool of `threadCount` threads named `name-N`, started by `start()`.
    init(threadCount: Int, name: String = "kehu-worker") {
        self.threadCount = max(1, threadCount)
        self.name = name
    }

    /// Starts the threads. Called once, when the server starts, so that a server that
    /// never starts (or fails to bind) leaves no threads behind.
    func start() {
        for index in 0..<threadCount {
            let thread = Thread { [self] in
                kehu_set_thread_name("\(name)-\(index)")
                run()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues `job`; it runs on a worker thread as soon as one is free.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Jobs waiting and jobs running, for metrics.
    var load: (queued: Int, busy: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (jobs.count - head, busy)
    }

    /// Lets the threads exit once the queue is empty.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while let job = next() {
            job()
            condition.lock()
            busy -= 1
            condition.unlock()
        }
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if stopped { return nil }
            condition.wait()
        }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 {
            jobs.removeFirst(head)
            head = 0
        }
        busy += 1
        return job
    }
}
