import HTTPServer
import KehuCore

/// `/health`, `/ready`, `/metrics`, `/openapi.yaml` and `/docs`: unauthenticated
/// endpoints for orchestrators, scrapers and people.
struct OperationalHandlers: Sendable {
    let healthCheck: any HealthCheck
    let metrics: HTTPMetrics
    let gauges: any MetricsGauges
    let isDraining: @Sendable () -> Bool
    let openAPIDocument: [UInt8]?
    let docsPage: [UInt8]?

    private static let ok = Array(#"{"status":"ok"}"#.utf8)
    private static let ready = Array(#"{"status":"ready"}"#.utf8)

    func register(on router: inout Router) {
        // Inline (on the I/O queue, never behind busy workers): liveness probes and scrapes
        // must answer under overload. /ready stays on the workers: it queries the
        // database, and a saturated server is rightly "not ready".
        router.addInline(.get, "/health") { _ in try health() }
        router.add(.get, "/ready") { _ in try ready() }
        router.addInline(.get, "/metrics") { _ in prometheus() }
        router.addInline(.get, "/openapi.yaml") { _ in try specification() }
        router.addInline(.get, "/docs") { _ in try docs() }
    }

    /// Liveness: the process runs and the database is open.
    func health() throws -> Response {
        guard healthCheck.isAlive() else { throw KehuError.unavailable("The database is not open.") }
        return Response(contentType: "application/json", bytes: Self.ok, headers: ["Cache-Control": "no-store"])
    }

    /// Readiness: a query round-trips and the server is not shutting down.
    func ready() throws -> Response {
        if isDraining() { throw KehuError.unavailable("The server is shutting down.") }
        do {
            try healthCheck.checkReady()
        } catch {
            throw KehuError.unavailable("The database does not answer.")
        }
        return Response(contentType: "application/json", bytes: Self.ready, headers: ["Cache-Control": "no-store"])
    }

    func prometheus() -> Response {
        let text = metrics.render() + gauges.render()
        return Response(contentType: "text/plain; version=0.0.4; charset=utf-8", bytes: Array(text.utf8))
    }

    func specification() throws -> Response {
        guard let openAPIDocument else { throw KehuError.notFound(entity: "API specification", id: "openapi.yaml") }
        return Response(contentType: "application/yaml; charset=utf-8", bytes: openAPIDocument)
    }

    func docs() throws -> Response {
        guard let docsPage else { throw KehuError.notFound(entity: "API documentation page", id: "docs") }
        return Response(contentType: "text/html; charset=utf-8", bytes: docsPage, headers: [
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        ])
    }
}

/// Gauges read at scrape time (open connections, worker and database pool use), in
/// Prometheus text format. Supplied by the composition root, which sees the server and
/// the database.
public protocol MetricsGauges: Sendable {
    /// The gauge lines, each family with its HELP and TYPE lines.
    func render() -> String
}
