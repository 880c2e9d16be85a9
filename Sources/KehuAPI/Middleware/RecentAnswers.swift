import Dispatch
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
///
/// Requests that arrive while the same answer is being computed wait for it rather than
/// compute it beside it: when an answer expires, a dashboard's next requests all miss at
/// once, and on a large table each of them computing it again took the two cores away from
/// everything else (docs/reliability.md, Soak).
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

    /// An answer being computed. It lands with the answer if that may be shared, or with
    /// nil (an error, a refusal), and then each request that waited computes its own.
    private final class Flight: Sendable {
        let startedAt: Date
        private let landed = DispatchGroup()
        private let answer = Locked<Response?>(nil)

        init(startedAt: Date) {
            self.startedAt = startedAt
            landed.enter()
        }

        func land(_ response: Response?) {
            answer.withLock { $0 = response }
            landed.leave()
        }

        func wait() -> Response? {
            landed.wait()
            return answer.withLock { $0 }
        }
    }

    private struct Store {
        var entries: [Key: Entry] = [:]
        var flights: [Key: Flight] = [:]
        var bytes = 0
    }

    private enum Lookup {
        case kept(Response, age: TimeInterval)
        case joined(Flight)
        case leading(Flight)
        case alone
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

    /// A kept answer young enough for the request's `max-age`, or the answer being computed
    /// if it started within that age, else `compute()`'s answer (kept for later requests
    /// unless the client said `no-store`).
    func answer(_ request: Request, _ context: RequestContext, compute: () throws -> Response) throws -> Response {
        let directives = CacheDirectives(request.headers.values(for: "Cache-Control"))
        let key = Key(userID: context.principal.userID, role: context.principal.role, target: request.target)
        switch lookUp(key, now: context.now, directives) {
        case .kept(let response, let age):
            return aged(response, age)
        case .joined(let flight):
            guard let response = flight.wait() else { return try compute() }
            return aged(response, context.now.timeIntervalSince(flight.startedAt))
        case .leading(let flight):
            var shared: Response?
            defer { land(flight, under: key, with: shared) }
            let response = try compute()
            if isKeepable(response) {
                keep(response, under: key, at: context.now)
                shared = response
            }
            return response
        case .alone:
            let response = try compute()
            if !directives.noStore && isKeepable(response) { keep(response, under: key, at: context.now) }
            return response
        }
    }

    private func lookUp(_ key: Key, now: Date, _ directives: CacheDirectives) -> Lookup {
        store.withLock { store in
            if let maxAge = directives.maxAge.map({ min($0, Self.longestAge) }) {
                // A clock that went back makes a kept answer's age unknowable: compute afresh.
                if let entry = store.entries[key], case let age = now.timeIntervalSince(entry.computedAt), age >= 0, age <= maxAge {
                    return .kept(entry.response, age: age)
                }
                if let flight = store.flights[key], now.timeIntervalSince(flight.startedAt) <= maxAge {
                    return .joined(flight)
                }
            }
            guard !directives.noStore, store.flights[key] == nil else { return .alone }
            let flight = Flight(startedAt: now)
            store.flights[key] = flight
            return .leading(flight)
        }
    }

    private func aged(_ response: Response, _ age: TimeInterval) -> Response {
        var response = response
        response.headers.set("Age", String(Int(max(age, 0))))
        return response
    }

    /// Ends `flight` after its answer (if any) is kept, so that no request finds neither.
    private func land(_ flight: Flight, under key: Key, with response: Response?) {
        store.withLock { store in
            if store.flights[key] === flight { store.flights.removeValue(forKey: key) }
        }
        flight.land(response)
    }

    private func isKeepable(_ response: Response) -> Bool {
        guard response.status == .ok, case .bytes(let bytes) = response.body else { return false }
        return bytes.count <= largestAnswer
    }

    private func keep(_ response: Response, under key: Key, at now: Date) {
        guard case .bytes(let bytes) = response.body else { return }
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

    /// Computations under way, for tests.
    var inFlight: Int { store.withLock { $0.flights.count } }
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
