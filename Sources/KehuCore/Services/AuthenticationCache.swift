import Foundation

/// Keys read for authentication, kept briefly so that a request does not need a database
/// read to find its key. Revoking a key or changing a user's role or status clears the
/// affected entries at once; `lifetime` bounds staleness for changes made by another
/// process (the command line).
public final class AuthenticationCache: @unchecked Sendable {
    // @unchecked: `entries` is only touched while holding `lock`.
    private let lock = NSLock()
    private var entries: [String: (keys: [StoredAPIKey], loadedAt: Date)] = [:]
    private let lifetime: TimeInterval
    private let capacity: Int

    public init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Cached keys for `prefix`, else what `load` returns (then cached).
    func candidates(prefix: String, now: Date, load: () throws -> [StoredAPIKey]) throws -> [StoredAPIKey] {
        if let entry = lock.withLock({ entries[prefix] }), now.timeIntervalSince(entry.loadedAt) < lifetime, now >= entry.loadedAt {
            return entry.keys
        }
        let keys = try load()
        lock.withLock {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[prefix] = (keys, now)
        }
        return keys
    }

    /// Forgets the keys under `prefix`.
    public func remove(prefix: String) {
        lock.withLock { _ = entries.removeValue(forKey: prefix) }
    }

    /// Forgets everything (a user's role or status changed).
    public func removeAll() {
        lock.withLock { entries.removeAll() }
    }
}
