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
    /// Where access-log lines go; nil: through `logger` (slower, fine for tests).
    public var accessLogSink: (any AccessLogSink)?
    /// The services behind `/v1`; nil serves only the operational endpoints.
    public var services: APIServices?
    /// Where errors and access lines go.
    public var logger: Logger
    /// The web console's files served at `/` and `/console/`; nil leaves the console out.
    public var console: ConsoleAssets?

    public init(
        health: any HealthCheck, metrics: HTTPMetrics, gauges: any MetricsGauges,
        isDraining: @escaping @Sendable () -> Bool, openAPIDocument: String?, corsOrigins: [String],
        accessLog: Bool, accessLogSink: (any AccessLogSink)? = nil, services: APIServices?, logger: Logger,
        console: ConsoleAssets? = nil
    ) {
        self.console = console
        self.accessLogSink = accessLogSink
        self.health = health
        self.metrics = metrics
        self.gauges = gauges
        self.isDraining = isDraining
        self.openAPIDocument = openAPIDocument
        self.corsOrigins = corsOrigins
        self.accessLog = accessLog
        self.services = services
        self.logger = logger
    }
}

/// Builds the whole application as one handler: middleware in order, then every route.
///
/// Order, outermost first: request id (so every answer carries one), access log and
/// metrics (so they see the final status), CORS, error mapping (so everything inside
/// answers problem+json), then for `/v1`: authentication, the per-key rate limit, and
/// idempotent replay of POSTs.
public func makeRouter(_ dependencies: APIDependencies) -> Router {
    var router = Router()
    router.use(RequestIDMiddleware())
    if dependencies.accessLog {
        router.use(AccessLogMiddleware(sink: dependencies.accessLogSink ?? LoggerAccessLogSink(logger: dependencies.logger)))
    }
    router.use(MetricsMiddleware(metrics: dependencies.metrics))
    if !dependencies.corsOrigins.isEmpty {
        router.use(CORSMiddleware(configuration: .init(allowedOrigins: dependencies.corsOrigins)))
    }
    router.use(ErrorMiddleware(logger: dependencies.logger))
    if let services = dependencies.services {
        router.use(AuthenticationMiddleware(authenticator: APIKeyAuthenticator(
            keys: services.keys,
            failures: RateLimiter(ratePerSecond: Double(services.limits.authFailuresPerMinute) / 60, burst: services.limits.authFailuresPerMinute)
        )))
        router.use(RateLimitMiddleware(limiter: RateLimiter(ratePerSecond: services.limits.requestsPerSecond, burst: services.limits.burst)))
        router.use(IdempotencyMiddleware(store: services.idempotency, fingerprint: services.fingerprint, now: services.now))
        var routes = V1Routes(router: router, now: services.now)
        UserHandlers(users: services.users).register(on: &routes)
        APIKeyHandlers(keys: services.keys).register(on: &routes)
        JournalHandlers(journal: services.journal).register(on: &routes)
        if let webhooks = services.webhooks { WebhookHandlers(webhooks: webhooks).register(on: &routes) }
        if let customers = services.customers {
            CustomerHandlers(customers: customers.profiles).register(on: &routes)
            CustomerActivityHandlers(activity: customers.activity).register(on: &routes)
            if let imports = customers.imports { CustomerTransferHandlers(customers: customers.profiles, imports: imports).register(on: &routes) }
        }
        if let followUps = services.followUps {
            FollowUpHandlers(followUps: followUps.tasks).register(on: &routes)
            FollowUpPlanHandlers(plans: followUps.plans).register(on: &routes)
            AgendaHandlers(agenda: followUps.agenda).register(on: &routes)
            FollowUpSettingsHandlers(settings: followUps.settings).register(on: &routes)
        }
        if let feedback = services.feedback {
            FeedbackHandlers(feedback: feedback.items, settings: feedback.settings).register(on: &routes)
        }
        if let surveys = services.surveys { SurveyHandlers(surveys: surveys).register(on: &routes) }
        if let analytics = services.analytics {
            ServiceAnalyticsHandlers(analytics: analytics.service).register(on: &routes)
            CustomerAnalyticsHandlers(analytics: analytics.customers).register(on: &routes)
        }
        if let deals = services.deals {
            DealHandlers(deals: deals.deals).register(on: &routes)
            FunnelHandlers(funnel: deals.funnel).register(on: &routes)
        }
        router = routes.router
    }
    let docsPage = dependencies.openAPIDocument.flatMap(DocsPage.render(openAPI:)).map { Array($0.utf8) }
    OperationalHandlers(
        healthCheck: dependencies.health, metrics: dependencies.metrics, gauges: dependencies.gauges,
        isDraining: dependencies.isDraining, openAPIDocument: dependencies.openAPIDocument.map { Array($0.utf8) },
        docsPage: docsPage
    ).register(on: &router)
    if let console = dependencies.console { ConsoleHandlers(assets: console).register(on: &router) }
    return router
}

/// The services behind `/v1`, made by the composition root.
public struct APIServices: Sendable {
    public var users: UserService
    public var keys: APIKeyService
    public var journal: any JournalRepository
    public var idempotency: any IdempotencyStore
    /// SHA-256 (or similar) of a request, to tell an idempotent retry from a different request.
    public var fingerprint: @Sendable ([UInt8]) -> [UInt8]
    public var now: @Sendable () -> Date
    public var limits: RateLimits
    /// Webhook subscriptions; nil leaves `/v1/webhooks` out.
    public var webhooks: WebhookService?
    /// The customer file; nil leaves `/v1/customers` out.
    public var customers: CustomerServices?
    /// Follow-up plans, tasks and the agenda; nil leaves them out.
    public var followUps: FollowUpServices?
    /// Feedback, complaints and their SLA settings; nil leaves them out.
    public var feedback: FeedbackServices?
    /// Surveys, their responses and results; nil leaves `/v1/surveys` out.
    public var surveys: SurveyService?
    /// The analytics and their settings; nil leaves `/v1/analytics` out.
    public var analytics: AnalyticsServices?
    /// Deals and the sales funnel; nil leaves `/v1/deals` and `/v1/analytics/funnel` out.
    public var deals: DealServices?

    public init(
        users: UserService, keys: APIKeyService, journal: any JournalRepository, idempotency: any IdempotencyStore,
        fingerprint: @escaping @Sendable ([UInt8]) -> [UInt8], now: @escaping @Sendable () -> Date, limits: RateLimits,
        webhooks: WebhookService? = nil, customers: CustomerServices? = nil, followUps: FollowUpServices? = nil,
        feedback: FeedbackServices? = nil,
        surveys: SurveyService? = nil, deals: DealServices? = nil, analytics: AnalyticsServices? = nil
    ) {
        self.analytics = analytics
        self.deals = deals
        self.followUps = followUps
        self.feedback = feedback
        self.surveys = surveys
        self.webhooks = webhooks
        self.customers = customers
        self.users = users
        self.keys = keys
        self.journal = journal
        self.idempotency = idempotency
        self.fingerprint = fingerprint
        self.now = now
        self.limits = limits
    }
}

/// The services of the customer file.
public struct CustomerServices: Sendable {
    public var profiles: CustomerService
    public var activity: CustomerActivityService
    /// Import (CSV, NDJSON); nil leaves `/v1/customers/import` and `/export` out.
    public var imports: CustomerImportService?

    public init(profiles: CustomerService, activity: CustomerActivityService, imports: CustomerImportService? = nil) {
        self.profiles = profiles
        self.activity = activity
        self.imports = imports
    }
}

/// The services of follow-ups (跟进).
public struct FollowUpServices: Sendable {
    public var tasks: FollowUpService
    public var plans: FollowUpPlanService
    public var agenda: AgendaService
    /// Cadence and holiday settings.
    public var settings: SettingsService

    public init(tasks: FollowUpService, plans: FollowUpPlanService, agenda: AgendaService, settings: SettingsService) {
        self.tasks = tasks
        self.plans = plans
        self.agenda = agenda
        self.settings = settings
    }
}

/// The services of feedback and complaints.
public struct FeedbackServices: Sendable {
    public var items: FeedbackService
    /// SLA settings.
    public var settings: SettingsService

    public init(items: FeedbackService, settings: SettingsService) {
        self.items = items
        self.settings = settings
    }
}

/// The services of deals (销售漏斗) and their funnel.
public struct DealServices: Sendable {
    public var deals: DealService
    public var funnel: FunnelService

    public init(deals: DealService, funnel: FunnelService) {
        self.deals = deals
        self.funnel = funnel
    }
}

/// Request limits: per API key (token bucket) and per client address for failed authentication.
public struct RateLimits: Sendable {
    /// Sustained requests per second per key; 0 turns the per-key limit off.
    public var requestsPerSecond: Double
    /// Requests a key may make at once before the rate applies.
    public var burst: Int
    /// Failed authentications per client address per minute (also the burst).
    public var authFailuresPerMinute: Int

    public init(requestsPerSecond: Double = 100, burst: Int = 200, authFailuresPerMinute: Int = 20) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.authFailuresPerMinute = authFailuresPerMinute
    }
}

import Foundation
