@testable import HTTPServer
import Testing

/// The Prometheus text exposition of `HTTPMetrics`, byte for byte.
@Suite struct HTTPMetricsTests {
    @Test func metrics_rendersEmptyExposition_withHelpAndType() {
        #expect(HTTPMetrics().render() == """
            # HELP kehu_http_requests_total HTTP requests answered, by method, route and status.
            # TYPE kehu_http_requests_total counter
            # HELP kehu_http_request_duration_seconds Time from routing to response, by route.
            # TYPE kehu_http_request_duration_seconds histogram

            """)
    }

    @Test func metrics_rendersCountersAndCumulativeHistogram() {
        let metrics = HTTPMetrics()
        metrics.record(method: .get, route: "/b", status: 200, seconds: 0.25)
        metrics.record(method: .get, route: "/b", status: 200, seconds: 2)
        metrics.record(method: .post, route: "/b", status: 409, seconds: 20)
        metrics.record(method: .get, route: "/a", status: 404, seconds: 0.0001)
        let expected = """
            # HELP kehu_http_requests_total HTTP requests answered, by method, route and status.
            # TYPE kehu_http_requests_total counter
            kehu_http_requests_total{method="GET",route="/a",status="404"} 1
            kehu_http_requests_total{method="GET",route="/b",status="200"} 2
            kehu_http_requests_total{method="POST",route="/b",status="409"} 1
            # HELP kehu_http_request_duration_seconds Time from routing to response, by route.
            # TYPE kehu_http_request_duration_seconds histogram
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.0005"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.001"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.0025"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.005"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.01"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.025"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.05"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.1"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.25"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="0.5"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="1.0"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="2.5"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="5.0"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="10.0"} 1
            kehu_http_request_duration_seconds_bucket{route="/a",le="+Inf"} 1
            kehu_http_request_duration_seconds_sum{route="/a"} 0.0001
            kehu_http_request_duration_seconds_count{route="/a"} 1
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.0005"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.001"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.0025"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.005"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.01"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.025"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.05"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.1"} 0
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.25"} 1
            kehu_http_request_duration_seconds_bucket{route="/b",le="0.5"} 1
            kehu_http_request_duration_seconds_bucket{route="/b",le="1.0"} 1
            kehu_http_request_duration_seconds_bucket{route="/b",le="2.5"} 2
            kehu_http_request_duration_seconds_bucket{route="/b",le="5.0"} 2
            kehu_http_request_duration_seconds_bucket{route="/b",le="10.0"} 2
            kehu_http_request_duration_seconds_bucket{route="/b",le="+Inf"} 3
            kehu_http_request_duration_seconds_sum{route="/b"} 22.25
            kehu_http_request_duration_seconds_count{route="/b"} 3

            """
        #expect(metrics.render() == expected)
    }

    @Test func metrics_escapesLabelValues() {
        let metrics = HTTPMetrics()
        metrics.record(method: .get, route: "/a\"b\\c\nd", status: 200, seconds: 0.001)
        #expect(metrics.render().contains(#"kehu_http_requests_total{method="GET",route="/a\"b\\c\nd",status="200"} 1"#))
    }

    @Test func metricsMiddleware_recordsRouteTemplateAndStatus() throws {
        let metrics = HTTPMetrics()
        var router = Router()
        router.use(MetricsMiddleware(metrics: metrics))
        router.add(.get, "/customers/{id}") { _ in Response(status: .accepted) }
        _ = try router.handle(makeRequest(.get, "/customers/1"))
        _ = try router.handle(makeRequest(.get, "/customers/2"))
        #expect(metrics.render().contains(#"kehu_http_requests_total{method="GET",route="/customers/{id}",status="202"} 2"#))
        #expect(!metrics.render().contains("/customers/1"), "raw paths never become labels")
    }
}
