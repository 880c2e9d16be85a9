
/// Request counts by route and status and a latency histogram by route, kept for
/// Prometheus (`/metrics`). Thread-safe; one short lock per request.
public final class HTTPMetrics: Sendable {
    /// Upper bounds of the latency buckets in seconds (Prometheus `le`).
    public static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RouteStatus: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var buckets = [UInt64](repeating: 0, count: HTTPMetrics.bucketBounds.count)
        var count: UInt64 = 0
        var sum: Double = 0

        mutating func record(bucket: Int?, seconds: Double) {
            if let bucket { buckets[bucket] += 1 }
            count += 1
            sum += seconds
        }
    }

    private struct State {
        var requests: [RouteStatus: UInt64] = [:]
        var latency: [String: Histogram] = [:]
    }

    private let state = Locked(State())

    public init() {}

    /// Records one answered request.
    public func record(method: HTTPMethod, route: String, status: Int, seconds: Double) {
        let key = RouteStatus(method: method.rawValue, route: route, status: status)
        let bucket = Self.bucketBounds.firstIndex { seconds <= $0 }
        state.withLock { state in
            state.requests[key, default: 0] += 1
            // Mutated in place through the subscript: copying the histogram out and back
            // would copy its bucket array on every request.
            state.latency[route, default: Histogram()].record(bucket: bucket, seconds: seconds)
        }
    }

    /// The Prometheus text exposition (version 0.0.4) of what was recorded.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = "# HELP kehu_http_requests_total HTTP requests answered, by method, route and status.\n"
        out += "# TYPE kehu_http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "kehu_http_requests_total{method=\"\(Self.escape(key.method))\",route=\"\(Self.escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP kehu_http_request_duration_seconds Time from routing to response, by route.\n"
        out += "# TYPE kehu_http_request_duration_seconds histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let label = Self.escape(route)
            var cumulative: UInt64 = 0
            for (bound, count) in zip(Self.bucketBounds, histogram.buckets) {
                cumulative += count
                out += "kehu_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "kehu_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"+Inf\"} \(histogram.count)\n"
            out += "kehu_http_request_duration_seconds_sum{route=\"\(label)\"} \(histogram.sum)\n"
            out += "kehu_http_request_duration_seconds_count{route=\"\(label)\"} \(histogram.count)\n"
        }
        return out
    }

    /// Label values escape backslash, quote and newline (exposition format rules).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// Feeds `HTTPMetrics` with every request's route, status and duration.
public struct MetricsMiddleware: Middleware {
    private let metrics: HTTPMetrics

    public init(metrics: HTTPMetrics) { self.metrics = metrics }

    public func intercept(_ request: Request, next: Next) throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try next(request)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        metrics.record(method: request.method, route: request.route ?? "unmatched", status: response.status.code, seconds: seconds)
        return response
    }
}

import Dispatch
