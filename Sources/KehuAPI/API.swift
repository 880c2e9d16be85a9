import HTTPServer
import KehuCore
import Logging

/// Everything the API needs from the outside, handed in by the composition root.
public struct APIDependencies: Sendable {
    /// Liveness and readiness of the storage.
    public var health: any HealthCheck
    /// Request metrics, shared with the metrics middleware.
    public var metrics: HTTPMetrics
    /// Scrape-time gauges from the server and the database.
    public var gauges: any MetricsGauges
    /// Whether shutdown has begun (readiness turns false).
    public var isDraining: @Sendable () -> Bool
    /// The OpenAPI document served at `/openapi.yaml` and rendered at `/docs`.
    public var openAPIDocument: String?
    /// Origins allowed to call from browsers (`*` for any; empty turns CORS off).
    public var corsOrigins: [String]
    /// Whether to write one access-log line per request.
    public var accessLog: Bool
    /// Authenticates `/v1` requests; nil until the trust layer exists.
    public var authenticator: (any RequestAuthenticator)?
    /// Where errors and access lines go.
    public var logger: Logger

    public init(
        health: any HealthCheck, metrics: HTTPMetrics, gauges: any MetricsGauges,
        isDraining: @escaping @Sendable () -> Bool, openAPIDocument: String?, corsOrigins: [String],
        accessLog: Bool, authenticator: (any RequestAuthenticator)?, logger: Logger
    ) {
        self.health = health
        self.metrics = metrics
        self.gauges = gauges
        self.isDraining = isDraining
        self.openAPIDocument = openAPIDocument
        self.corsOrigins = corsOrigins
        self.accessLog = accessLog
        self.authenticator = authenticator
        self.logger = logger
    }
}

/// Builds the whole application as one handler: middleware in order, then every route.
///
/// Order, outermost first: request id (so every answer carries one), access log and
/// metrics (so they see the final status), CORS, error mapping (so everything inside
/// answers problem+json), authentication.
public func makeRouter(_ dependencies: APIDependencies) -> Router {
    var router = Router()
    router.use(RequestIDMiddleware())
    if dependencies.accessLog { router.use(AccessLogMiddleware(logger: dependencies.logger)) }
    router.use(MetricsMiddleware(metrics: dependencies.metrics))
    if !dependencies.corsOrigins.isEmpty {
        router.use(CORSMiddleware(configuration: .init(allowedOrigins: dependencies.corsOrigins)))
    }
    router.use(ErrorMiddleware(logger: dependencies.logger))
    if let authenticator = dependencies.authenticator {
        router.use(AuthenticationMiddleware(authenticator: authenticator))
    }
    let docsPage = dependencies.openAPIDocument.flatMap(DocsPage.render(openAPI:)).map { Array($0.utf8) }
    OperationalHandlers(
        healthCheck: dependencies.health, metrics: dependencies.metrics, gauges: dependencies.gauges,
        isDraining: dependencies.isDraining, openAPIDocument: dependencies.openAPIDocument.map { Array($0.utf8) },
        docsPage: docsPage
    ).register(on: &router)
    return router
}
