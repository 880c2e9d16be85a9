import Foundation
import HTTPServer

/// Token buckets by key (API key id, or client address for failed authentications).
///
/// A bucket holds up to `burst` tokens and refills at `ratePerSecond`; each request takes
/// one. Buckets idle long enough to be full again are dropped, so memory stays bounded.
final class RateLimiter: Sendable {
    struct Decision {
        var allowed: Bool
        /// Tokens left after this request.
        var remaining: Int
        /// Seconds until the bucket is full again.
        var resetSeconds: Int
        /// Seconds until one token is available (when refused).
        var retryAfter: Int
    }

    let ratePerSecond: Double
    let burst: Double
    private let now: @Sendable () -> TimeInterval
    private let buckets = Locked<[String: (tokens: Double, at: TimeInterval)]>([:])

    /// `ratePerSecond` 0 turns limiting off.
    init(ratePerSecond: Double, burst: Int, now: @escaping @Sendable () -> TimeInterval = { ProcessInfo.processInfo.systemUptime }) {
        self.ratePerSecond = ratePerSecond
        self.burst = Double(max(1, burst))
        self.now = now
    }

    var isEnabled: Bool { ratePerSecond > 0 }

    /// Takes a token for `key` if one is there.
    func take(_ key: String) -> Decision {
        guard isEnabled else { return Decision(allowed: true, remaining: Int(burst), resetSeconds: 0, retryAfter: 0) }
        let time = now()
        return buckets.withLock { buckets in
            if buckets.count > 100_000 { prune(&buckets, at: time) }
            var bucket = buckets[key] ?? (burst, time)
            bucket.tokens = min(burst, bucket.tokens + (time - bucket.at) * ratePerSecond)
            bucket.at = time
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            return Decision(
                allowed: allowed, remaining: Int(bucket.tokens.rounded(.down)),
                resetSeconds: Int(((burst - bucket.tokens) / ratePerSecond).rounded(.up)),
                retryAfter: allowed ? 0 : max(1, Int(((1 - bucket.tokens) / ratePerSecond).rounded(.up)))
            )
        }
    }

    /// Seconds to wait if `key` has no token left, without taking one; nil when allowed.
    func blockedFor(_ key: String) -> Int? {
        guard isEnabled else { return nil }
        let time = now()
        return buckets.withLock { buckets in
            guard let bucket = buckets[key] else { return nil }
            let tokens = min(burst, bucket.tokens + (time - bucket.at) * ratePerSecond)
            return tokens >= 1 ? nil : max(1, Int(((1 - tokens) / ratePerSecond).rounded(.up)))
        }
    }

    private func prune(_ buckets: inout [String: (tokens: Double, at: TimeInterval)], at time: TimeInterval) {
        buckets = buckets.filter { $0.value.tokens + (time - $0.value.at) * ratePerSecond < burst }
    }
}

/// Thrown when a bucket is empty; mapped to 429 with `Retry-After`.
struct RateLimitExceeded: Error {
    let retryAfter: Int
    let headers: HTTPHeaders
}

/// Applies the per-key limit to authenticated requests and puts `RateLimit-Limit`,
/// `RateLimit-Remaining` and `RateLimit-Reset` on every answer.
struct RateLimitMiddleware: Middleware {
    let limiter: RateLimiter

    func intercept(_ request: Request, next: Next) throws -> Response {
        guard limiter.isEnabled, let principal = request.principal else { return try next(request) }
        let decision = limiter.take(principal.keyID ?? principal.userID)
        var headers = HTTPHeaders()
        headers.set("RateLimit-Limit", String(Int(limiter.burst)))
        headers.set("RateLimit-Remaining", String(decision.remaining))
        headers.set("RateLimit-Reset", String(decision.resetSeconds))
        guard decision.allowed else { throw RateLimitExceeded(retryAfter: decision.retryAfter, headers: headers) }
        var response: Response
        do {
            response = try next(request)
        } catch {
            throw HeadersOnError(error: error, headers: headers)
        }
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}

/// An error that must reach the client with extra headers (rate-limit state on a 404, say).
struct HeadersOnError: Error {
    let error: any Error
    let headers: HTTPHeaders
}
