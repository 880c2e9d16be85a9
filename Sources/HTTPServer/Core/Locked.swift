#if canImport(Glibc)
import Glibc
#endif

/// A value guarded by a plain pthread mutex.
///
/// Used on hot paths instead of `Synchronization.Mutex`, whose Linux implementation uses
/// priority-inheritance futexes and spins before sleeping: with a dozen threads on two
/// cores that spinning took over a quarter of the server's CPU in profiles.
///
/// `@unchecked Sendable`: `value` is only read or written between `pthread_mutex_lock`
/// and `pthread_mutex_unlock` on `mutex`, which this class owns and destroys.
public final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Guards `value`.
    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value. Not reentrant.
    @inline(__always)
    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
