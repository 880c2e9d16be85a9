import Foundation
import HTTPServer
import KehuCore

/// Analytics answers kept for up to a minute and handed to a client that says an answer of
/// that age will do (`Cache-Control: max-age=N`, RFC 9111 §5.2.1.1), with `Age` saying how
/// old it is (§5.1).
///
/// Without that directive every request is computed afresh, as API.md promises. A
/// dashboard polled by many people opts in and spares the database computing the same
/// aggregate for each of them: at 100 analytics requests a second, computing each one took
/// most of the 2-core machine (docs/reliability.md, Soak).
///
/// An answer is only reused for the same caller (user and role, so a changed role never
/// sees the old scope), the same request target, and a 200 with its body in full.
final class RecentAnswers: Sendable {
    /// The oldest answer kept; a larger `max-age` is read as this.
    static let longestAge: TimeInterval = 60

    private struct Key: Hashable {
        var userID: String
        var role: Role
        var target: String
    }

    private struct Entry {
        var response: Response
        var computedAt: Date
        var size: Int
    }

    private struct Store {
        var entries: [Key: Entry] = [:]
        var bytes = 0
    }

    private let store = Locked(Store())
    private let capacity: Int
    private let byteCapacity: Int
    private let largestAnswer: Int

    init(capacity: Int = 512, byteCapacity: Int = 16 << 20, largestAnswer: Int = 1 << 20) {
        self.capacity = capacity
        self.byteCapacity = byteCapacity
        self.largestAnswer = largestAnswer
    }

    /// A kept answer young enough for the request's `max-age`, else `compute()`'s answer
    /// (kept for later requests unless the client said `no-store`).
    func answer(_ request: Request, _ context: RequestContext, compute: () throws -> Response) throws -> Response {
        let directives = CacheDirectives(request.headers.values(for: "Cache-Control"))
        let key = Key(userID: context.principal.userID, role: context.principal.role, target: request.target)
        if let maxAge = directives.maxAge, let (kept, age) = kept(key, now: context.now, maxAge: maxAge) {
            var response = kept
            response.headers.set("Age", String(Int(age)))
            return response
        }
        let response = try compute()
        if !directives.noStore { keep(response, under: key, at: context.now) }
        return response
    }

    private func kept(_ key: Key, now: Date, maxAge: TimeInterval) -> (Response, TimeInterval)? {
        store.withLock { store in
            guard let entry = store.entries[key] else { return nil }
            let age = now.timeIntervalSince(entry.computedAt)
            // A clock that went back makes the age unknowable: compute afresh.
            guard age >= 0, age <= min(maxAge, Self.longestAge) else { return nil }
            return (entry.response, age)
        }
    }

    private func keep(_ response: Response, under key: Key, at now: Date) {
        guard response.status == .ok, case .bytes(let bytes) = response.body, bytes.count <= largestAnswer else { return }
        let size = bytes.count + key.target.utf8.count
        store.withLock { store in
            if let old = store.entries.removeValue(forKey: key) { store.bytes -= old.size }
            if store.entries.count >= capacity || store.bytes + size > byteCapacity {
                evict(from: &store, now: now, making: size)
            }
            store.entries[key] = Entry(response: response, computedAt: now, size: size)
            store.bytes += size
        }
    }

    /// Drops what is too old to be handed out, then the oldest answers until there is room.
    private func evict(from store: inout Store, now: Date, making size: Int) {
        for (key, entry) in store.entries where now.timeIntervalSince(entry.computedAt) > Self.longestAge {
            store.bytes -= entry.size
            store.entries.removeValue(forKey: key)
        }
        guard store.entries.count >= capacity || store.bytes + size > byteCapacity else { return }
        for (key, entry) in store.entries.sorted(by: { $0.value.computedAt < $1.value.computedAt }) {
            store.bytes -= entry.size
            store.entries.removeValue(forKey: key)
            if store.entries.count < capacity && store.bytes + size <= byteCapacity { return }
        }
    }

    /// Entries kept, for tests.
    var count: Int { store.withLock { $0.entries.count } }
}

/// The request directives of `Cache-Control` that matter here (RFC 9111 §5.2.1).
struct CacheDirectives: Equatable {
    /// `max-age`: the oldest answer the client accepts; nil when absent, malformed, or
    /// overridden by `no-cache`.
    var maxAge: TimeInterval?
    /// `no-store`: do not keep this answer.
    var noStore = false

    init(_ values: [String]) {
        var maxAge: TimeInterval?
        var noCache = false
        for value in values {
            for part in value.split(separator: ",") {
                let directive = part.trimmingCharacters(in: .whitespaces)
                let pieces = directive.split(separator: "=", maxSplits: 1)
                guard let name = pieces.first?.lowercased() else { continue }
                switch name {
                case "no-cache": noCache = true
                case "no-store": noStore = true
                case "max-age":
                    // delta-seconds (§1.2.2), also in the quoted form §5.2 asks recipients to accept.
                    let text = pieces.count == 2 ? pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : ""
                    guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { continue }
                    maxAge = min(maxAge ?? .infinity, TimeInterval(Int(text) ?? Int.max))
                default: continue
                }
            }
        }
        self.maxAge = noCache ? nil : maxAge
    }
}
