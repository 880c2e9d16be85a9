import Crypto
import Foundation
import HTTPServer
import KehuAPI
import KehuCore
import KehuPersistence
import KehuSecurity
import Logging
import SQLiteStore

/// The whole application over a temporary SQLite file: real services, the real router,
/// and a user of every role with an API key. Tests call `router.handle(_:)` directly or
/// serve it on a `TestHTTPServer`. Later issues add their services here.
public final class TestApplication: Sendable {
    public let directory: TemporaryDirectory
    public let database: KehuDatabase
    public let router: Router
    /// An API key secret for a user of each role.
    public let keys: [Role: String]
    /// The user id behind each role's key.
    public let userIDs: [Role: String]
    /// A second rep, to test ownership between reps.
    public let otherRep: (userID: String, key: String)
    /// The follow-up services behind the router, for calls the API makes on a timer.
    public let followUps: FollowUpServices

    /// `webhookTargets` decides which webhook URLs are allowed; by default every host is,
    /// so that tests can point webhooks at 127.0.0.1. `synchronous` is the database's
    /// durability; the fuzzer, which never reopens its file, turns it down to `normal`.
    public init(
        limits: RateLimits = RateLimits(requestsPerSecond: 0, burst: 1_000, authFailuresPerMinute: 1_000),
        webhookTargets: any WebhookTargetCheck = AllowAllTargets(),
        clock: TestClock? = nil,
        synchronous: DatabaseConfiguration.Synchronous = .full
    ) throws {
        directory = try TemporaryDirectory()
        var configuration = DatabaseConfiguration(path: directory.path("kehu.sqlite"))
        configuration.synchronous = synchronous
        (database, _) = try KehuDatabase.open(configuration)
        let live = KehuCore.Environment.live
        let environment = clock.map { clock in KehuCore.Environment(now: { clock.now }, makeID: live.makeID, randomBytes: live.randomBytes) } ?? live
        let cache = AuthenticationCache()
        let hasher = SHA256SecretHasher()
        let userRepository = SQLiteUserRepository(database: database)
        let users = UserService(users: userRepository, environment: environment, onIdentityChange: { cache.removeAll() })
        let keyService = APIKeyService(keys: SQLiteAPIKeyRepository(database: database), users: userRepository, hasher: hasher, environment: environment, cache: cache)
        let bootstrap = BootstrapService(bootstrap: SQLiteAPIKeyRepository(database: database), users: users, userRepository: userRepository, keys: keyService, hasher: hasher, environment: environment)
        var keys: [Role: String] = [:]
        var userIDs: [Role: String] = [:]
        let admin = try bootstrap.ensureFirstAdmin(email: "admin@test.example", secret: nil)!
        keys[.admin] = admin.secret
        userIDs[.admin] = admin.key.userID
        for role in [Role.manager, .rep, .viewer] {
            let (user, issued) = try bootstrap.createKey(email: "\(role.rawValue)@test.example", role: role, userName: "Test \(role.rawValue)", keyName: "test")
            keys[role] = issued.secret
            userIDs[role] = user.id
        }
        let (other, otherKey) = try bootstrap.createKey(email: "rep2@test.example", role: .rep, userName: "Second rep", keyName: "test")
        self.keys = keys
        self.userIDs = userIDs
        otherRep = (other.id, otherKey.secret)
        followUps = Self.followUpServices(database: database, environment: environment)
        router = makeRouter(APIDependencies(
            health: SQLiteHealthCheck(database: database), metrics: HTTPMetrics(), gauges: NoGauges(), isDraining: { false },
            openAPIDocument: try? String(contentsOf: PackageRoot.url.appendingPathComponent("openapi.yaml"), encoding: .utf8),
            corsOrigins: [], accessLog: false,
            services: APIServices(
                users: users, keys: keyService, journal: SQLiteJournalRepository(database: database),
                idempotency: SQLiteIdempotencyStore(database: database), fingerprint: { Array(SHA256.hash(data: $0)) },
                now: environment.now, limits: limits,
                webhooks: WebhookService(webhooks: SQLiteWebhookRepository(database: database), targets: webhookTargets, environment: environment),
                customers: Self.customerServices(database: database, environment: environment),
                followUps: followUps,
                feedback: Self.feedbackServices(database: database, environment: environment),
                surveys: SurveyService(surveys: SQLiteSurveyRepository(database: database), environment: environment),
                deals: Self.dealServices(database: database, environment: environment),
                analytics: Self.analyticsServices(database: database)
            ),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        ))
    }

    deinit {
        database.close()
        directory.remove()
    }

    static func customerServices(database: KehuDatabase, environment: KehuCore.Environment) -> CustomerServices {
        let repository = SQLiteCustomerRepository(database: database)
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return CustomerServices(
            profiles: CustomerService(customers: repository, settings: settings, environment: environment),
            activity: CustomerActivityService(customers: repository, settings: settings, environment: environment),
            imports: CustomerImportService(repository: repository, settings: settings, environment: environment)
        )
    }

    static func followUpServices(database: KehuDatabase, environment: KehuCore.Environment) -> FollowUpServices {
        let repository = SQLiteFollowUpRepository(database: database)
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return FollowUpServices(
            tasks: FollowUpService(followUps: repository, settings: settings, environment: environment),
            plans: FollowUpPlanService(followUps: repository, settings: settings, environment: environment),
            agenda: AgendaService(followUps: repository, settings: settings, environment: environment,
                                  defaultTimeZone: TimeZone(identifier: "Asia/Shanghai")!),
            settings: settings
        )
    }

    static func feedbackServices(database: KehuDatabase, environment: KehuCore.Environment) -> FeedbackServices {
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return FeedbackServices(items: FeedbackService(feedback: SQLiteFeedbackRepository(database: database), settings: settings, environment: environment),
                                settings: settings)
    }

    static func analyticsServices(database: KehuDatabase) -> AnalyticsServices {
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return AnalyticsServices(
            service: ServiceAnalyticsService(analytics: SQLiteServiceAnalyticsRepository(database: database),
                                             defaultTimeZone: TimeZone(identifier: "Asia/Shanghai")!),
            customers: CustomerAnalyticsService(analytics: SQLiteCustomerAnalyticsRepository(database: database), settings: settings)
        )
    }

    static func dealServices(database: KehuDatabase, environment: KehuCore.Environment) -> DealServices {
        let repository = SQLiteDealRepository(database: database)
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return DealServices(deals: DealService(deals: repository, settings: settings, environment: environment), funnel: FunnelService(repository: repository))
    }

    /// `Authorization` for a role's key.
    public func auth(_ role: Role) -> (String, String) { ("Authorization", "Bearer \(keys[role]!)") }

    /// Allows every webhook target; address checks have their own tests.
    public struct AllowAllTargets: WebhookTargetCheck {
        public init() {}
        /// Never throws.
        public func check(host: String) throws {}
    }

    private struct NoGauges: MetricsGauges {
        func render() -> String { "" }
    }
}

/// A clock tests set by hand (the time of every request made after a change).
public final class TestClock: Sendable {
    private let current: Locked<Date>

    public init(_ start: Date) { current = Locked(start) }

    public var now: Date { current.withLock { $0 } }

    public func set(_ date: Date) { current.withLock { $0 = date } }

    public func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
