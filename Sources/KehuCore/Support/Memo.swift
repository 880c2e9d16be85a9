import Foundation

/// Answers of a pure function kept by argument, for answers that are slow to compute and
/// asked for again and again (Chinese-calendar dates for the agenda). Bounded: when full it
/// starts over, which is fine for inputs that cluster around today.
public final class Memo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `values` is only touched with `lock` held; `compute` is pure and Sendable.
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    private let capacity: Int
    private let compute: @Sendable (Key) throws -> Value

    public init(capacity: Int = 1_024, _ compute: @escaping @Sendable (Key) throws -> Value) {
        self.capacity = capacity
        self.compute = compute
    }

    /// The value for `key`, computed outside the lock on a miss (two callers may both compute it).
    public func callAsFunction(_ key: Key) throws -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let value = try compute(key)
        lock.withLock {
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[key] = value
        }
        return value
    }
}
