import Foundation

/// When a webhook delivery is retried, and when Kehu gives up.
public struct RetryPolicy: Sendable {
    /// Seconds before the first retry; each next one waits twice as long, at most an hour.
    public var base: TimeInterval
    /// Attempts before the delivery fails for good.
    public var maxAttempts: Int

    public init(base: TimeInterval, maxAttempts: Int) {
        self.base = base
        self.maxAttempts = maxAttempts
    }

    /// 2xx: done. 410: the receiver is gone for good; give up and disable. Anything else
    /// (other statuses, no answer): retry after base × 2^(n-1), capped at an hour, times
    /// `jitter` (1 to 1.1, spreading retries), until `maxAttempts`.
    public func outcome(statusCode: Int?, attemptNumber: Int, now: Date, jitter: Double = 1) -> DeliveryOutcome {
        if let statusCode, (200..<300).contains(statusCode) { return .succeeded }
        if statusCode == 410 { return .failed(disableReason: "the receiver answered 410 Gone") }
        if attemptNumber >= maxAttempts { return .failed(disableReason: nil) }
        let delay = min(3600, base * pow(2, Double(attemptNumber - 1)))
        return .retry(at: now.addingTimeInterval(delay * jitter))
    }
}
