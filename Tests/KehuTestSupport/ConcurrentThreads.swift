import Dispatch
import Foundation

/// Runs blocking test code on real threads (not Swift concurrency's small pool).
public enum ConcurrentThreads {
    /// Runs `body(index)` for `0..<count`, each on its own thread, and waits for all.
    public static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                body(index)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }

    /// Starts `body` on a new thread and returns a semaphore signalled when it returns.
    public static func start(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread {
            body()
            done.signal()
        }.start()
        return done
    }
}
