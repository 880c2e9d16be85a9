/// The request id attached to a request by `RequestIDMiddleware`.
public enum RequestIDKey: RequestAttributeKey {
    public typealias Value = String
}

extension Request {
    /// The request's id (`X-Request-Id`), once `RequestIDMiddleware` has run.
    public var requestID: String? { attributes[RequestIDKey.self] }
}

/// Gives every request an id and echoes it in `X-Request-Id` on the response.
///
/// A client's own id is kept when it is short and printable (so it can be logged
/// safely); otherwise a random one is made.
public struct RequestIDMiddleware: Middleware {
    /// Longest client-supplied id that is kept.
    public static let maxLength = 128

    private let generator = RequestIDGenerator()

    public init() {}

    public func intercept(_ request: Request, next: Next) throws -> Response {
        var request = request
        let id = Self.acceptable(request.headers["X-Request-Id"]) ?? generator.next()
        request.attributes[RequestIDKey.self] = id
        var response = try next(request)
        response.headers.set("X-Request-Id", id)
        return response
    }

    static func acceptable(_ candidate: String?) -> String? {
        guard let candidate, !candidate.isEmpty, candidate.utf8.count <= maxLength,
              candidate.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        else { return nil }
        return candidate
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Request ids: 64 random bits chosen once per process, then a counter, as 32 hex digits.
/// Unique without a system call per request (ids identify requests; they are not secrets).
final class RequestIDGenerator: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    init() {
        var generator = SystemRandomNumberGenerator()
        prefix = RequestIDMiddleware.hex(generator.next())
    }

    func next() -> String {
        prefix + RequestIDMiddleware.hex(counter.add(1, ordering: .relaxed).newValue)
    }
}

import Synchronization
