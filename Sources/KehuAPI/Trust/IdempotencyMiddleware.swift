import Foundation
import HTTPServer
import KehuCore

/// `Idempotency-Key` on POST: the first answer is stored for 24 hours and replayed for a
/// retry with the same key and body; the same key with another body is 422.
///
/// Requests with one key are serialised by a per-key lock, so two concurrent requests
/// produce one record: the second waits and then replays the first's answer. The answer
/// is saved right after the handler's own transaction commits; a crash between the two
/// (microseconds) would let a retry run again — see docs/operations.md.
struct IdempotencyMiddleware: Middleware {
    static let lifetime: TimeInterval = 24 * 60 * 60
    static let maxKeyLength = 255

    let store: any IdempotencyStore
    let fingerprint: @Sendable ([UInt8]) -> [UInt8]
    let now: @Sendable () -> Date
    let locks = KeyedLocks()
    let purges = Locked<Date>(.distantPast)

    func intercept(_ request: Request, next: Next) throws -> Response {
        guard request.method == .post, let key = request.headers["Idempotency-Key"], let principal = request.principal else {
            return try next(request)
        }
        guard !key.isEmpty, key.utf8.count <= Self.maxKeyLength, key.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw KehuError.validation([FieldError(field: "Idempotency-Key", message: "Must be 1 to 255 printable ASCII characters.")])
        }
        let hash = fingerprint(Self.fingerprintInput(request))
        return try locks.withLock(principal.userID + "\u{0}" + key) {
            let time = now()
            if let stored = try store.find(owner: principal.userID, key: key, notBefore: time.addingTimeInterval(-Self.lifetime)) {
                guard stored.requestHash == hash else {
                    throw KehuError.validation([FieldError(field: "Idempotency-Key", message: "This key was used with a different request.")])
                }
                return Self.replay(stored)
            }
            let response = try next(request)
            if Self.isWorthKeeping(response), case .bytes(let body) = response.body {
                let headers = response.headers.map { [$0.name, $0.value] }.filter { !["X-Request-Id", "RateLimit-Remaining", "RateLimit-Reset"].contains($0[0]) }
                try store.save(owner: principal.userID, key: key, response: StoredResponse(requestHash: hash, status: response.status.code, headers: headers, body: body, createdAt: time))
                try purgeOccasionally(at: time)
            }
            return response
        }
    }

    /// What makes two requests "the same" for a key: method, the whole target (the query
    /// too: `?dryRun=true` then a real import with one key must not replay the dry run),
    /// Content-Type (it picks CSV or NDJSON for one body) and the body.
    static func fingerprintInput(_ request: Request) -> [UInt8] {
        let head = "\(request.method) \(request.target)\n\(request.headers["Content-Type"] ?? "")\n"
        return Array(head.utf8) + request.body
    }

    /// Outcomes of running the operation are kept; refusals before it ran (auth, limits) are not.
    static func isWorthKeeping(_ response: Response) -> Bool {
        let code = response.status.code
        return (200..<500).contains(code) && ![401, 403, 429].contains(code)
    }

    static func replay(_ stored: StoredResponse) -> Response {
        var headers = HTTPHeaders(stored.headers.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
        headers.set("Idempotent-Replayed", "true")
        return Response(status: HTTPStatus(code: stored.status), headers: headers, body: .bytes(stored.body))
    }

    private func purgeOccasionally(at time: Date) throws {
        let due = purges.withLock { last in
            guard time.timeIntervalSince(last) > 3600 else { return false }
            last = time
            return true
        }
        if due { try store.purge(before: time.addingTimeInterval(-Self.lifetime)) }
    }
}

/// One lock per key, created on demand and dropped when nobody holds or waits for it.
final class KeyedLocks: Sendable {
    private final class Entry: @unchecked Sendable {
        // @unchecked: `lock` is an NSLock (thread-safe); `users` is only touched under the table's lock.
        let lock = NSLock()
        var users = 0
    }

    private let table = Locked<[String: Entry]>([:])

    func withLock<T>(_ key: String, _ body: () throws -> T) throws -> T {
        let entry = table.withLock { table in
            let entry = table[key] ?? Entry()
            entry.users += 1
            table[key] = entry
            return entry
        }
        entry.lock.lock()
        defer {
            entry.lock.unlock()
            table.withLock { table in
                entry.users -= 1
                if entry.users == 0 { table[key] = nil }
            }
        }
        return try body()
    }
}
