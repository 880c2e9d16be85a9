import Dispatch
import Logging

/// One answered request, as the access log records it: no path values, query, headers
/// or bodies, which may carry personal data.
public struct AccessLogEntry: Sendable {
    public var method: HTTPMethod
    /// The route template (`/v1/customers/{id}`), or `unmatched`.
    public var route: String
    public var status: Int
    public var microseconds: UInt64
    public var requestID: String
}

/// Where access-log entries go. One entry per request, so implementations should be cheap.
public protocol AccessLogSink: Sendable {
    func record(_ entry: AccessLogEntry)
}

/// Writes one access-log entry per request to an `AccessLogSink`.
public struct AccessLogMiddleware: Middleware {
    private let sink: any AccessLogSink

    public init(sink: any AccessLogSink) { self.sink = sink }

    /// Logs through swift-log at `.info` (convenient for tests; slower than a dedicated sink).
    public init(logger: Logger) { sink = LoggerAccessLogSink(logger: logger) }

    public func intercept(_ request: Request, next: Next) throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try next(request)
        sink.record(AccessLogEntry(
            method: request.method, route: request.route ?? "unmatched", status: response.status.code,
            microseconds: (DispatchTime.now().uptimeNanoseconds - started) / 1000, requestID: request.requestID ?? "-"
        ))
        return response
    }
}

/// An access-log sink over swift-log: message `request`, metadata `http.method`,
/// `http.route`, `http.status`, `duration.ms`, `request.id`.
public struct LoggerAccessLogSink: AccessLogSink {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func record(_ entry: AccessLogEntry) {
        logger.info("request", metadata: [
            "http.method": .string(entry.method.rawValue),
            "http.route": .string(entry.route),
            "http.status": .stringConvertible(entry.status),
            "duration.ms": .string(Self.milliseconds(entry.microseconds)),
            "request.id": .string(entry.requestID),
        ])
    }

    /// Microseconds as milliseconds with three decimals, e.g. `1.042`.
    public static func milliseconds(_ micros: UInt64) -> String {
        let fraction = micros % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(micros / 1000).\(padded)"
    }
}
