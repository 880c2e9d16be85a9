import Dispatch
import Logging

/// Writes one structured log line per request: method, route template, status,
/// duration and request id. Never the path's values, the query, headers or bodies,
/// which may carry personal data.
public struct AccessLogMiddleware: Middleware {
    private let logger: Logger

    /// Logs at `.info` to `logger`.
    public init(logger: Logger) { self.logger = logger }

    public func intercept(_ request: Request, next: Next) throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try next(request)
        let micros = (DispatchTime.now().uptimeNanoseconds - started) / 1000
        logger.info("request", metadata: [
            "http.method": .string(request.method.rawValue),
            "http.route": .string(request.route ?? "unmatched"),
            "http.status": .stringConvertible(response.status.code),
            "duration.ms": .string(Self.milliseconds(micros)),
            "request.id": .string(request.requestID ?? "-"),
        ])
        return response
    }

    private static func milliseconds(_ micros: UInt64) -> String {
        let fraction = micros % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(micros / 1000).\(padded)"
    }
}
