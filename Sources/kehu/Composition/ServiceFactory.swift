import Foundation
import Crypto
import KehuAPI
import KehuCore
import KehuPersistence
import KehuSecurity

/// Builds the service types over one database; shared by `serve` and the commands.
struct ServiceFactory {
    let database: KehuDatabase
    let environment: KehuCore.Environment
    /// The zone of agendas that name none and of care tasks' days.
    var timeZone = TimeZone(identifier: Self.defaultTimeZoneName) ?? .gmt

    static let defaultTimeZoneName = "Asia/Shanghai"
    let cache = AuthenticationCache()
    let hasher = SHA256SecretHasher()

    var userRepository: SQLiteUserRepository { SQLiteUserRepository(database: database) }

    var users: UserService {
        let cache = self.cache
        return UserService(users: userRepository, environment: environment, onIdentityChange: { cache.removeAll() })
    }

    var keys: APIKeyService {
        APIKeyService(keys: SQLiteAPIKeyRepository(database: database), users: userRepository, hasher: hasher, environment: environment, cache: cache)
    }

    var bootstrap: BootstrapService {
        BootstrapService(bootstrap: SQLiteAPIKeyRepository(database: database), users: users, userRepository: userRepository, keys: keys, hasher: hasher, environment: environment)
    }

    func webhooks(allowPrivate: Bool) -> WebhookService {
        WebhookService(webhooks: SQLiteWebhookRepository(database: database), targets: ResolvingTargetCheck(allowPrivate: allowPrivate), environment: environment)
    }

    var customerServices: CustomerServices {
        let repository = SQLiteCustomerRepository(database: database)
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return CustomerServices(
            profiles: CustomerService(customers: repository, settings: settings, environment: environment),
            activity: CustomerActivityService(customers: repository, settings: settings, environment: environment),
            imports: CustomerImportService(repository: repository, settings: settings, environment: environment)
        )
    }

    var followUpServices: FollowUpServices {
        let repository = SQLiteFollowUpRepository(database: database)
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return FollowUpServices(
            tasks: FollowUpService(followUps: repository, settings: settings, environment: environment),
            plans: FollowUpPlanService(followUps: repository, settings: settings, environment: environment),
            agenda: AgendaService(followUps: repository, settings: settings, environment: environment, defaultTimeZone: timeZone),
            settings: settings
        )
    }

    var feedbackServices: FeedbackServices {
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return FeedbackServices(items: FeedbackService(feedback: SQLiteFeedbackRepository(database: database), settings: settings, environment: environment),
                                settings: settings)
    }

    var surveyService: SurveyService {
        SurveyService(surveys: SQLiteSurveyRepository(database: database), environment: environment)
    }

    var analyticsServices: AnalyticsServices {
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return AnalyticsServices(
            service: ServiceAnalyticsService(analytics: SQLiteServiceAnalyticsRepository(database: database), defaultTimeZone: timeZone),
            customers: CustomerAnalyticsService(analytics: SQLiteCustomerAnalyticsRepository(database: database), settings: settings)
        )
    }

    var dealServices: DealServices {
        let repository = SQLiteDealRepository(database: database)
        let settings = SettingsService(settings: SQLiteSettingsRepository(database: database))
        return DealServices(deals: DealService(deals: repository, settings: settings, environment: environment), funnel: FunnelService(repository: repository))
    }

    func apiServices(limits: RateLimits, allowPrivateWebhooks: Bool) -> APIServices {
        APIServices(
            users: users, keys: keys, journal: SQLiteJournalRepository(database: database),
            idempotency: SQLiteIdempotencyStore(database: database),
            fingerprint: { Array(SHA256.hash(data: $0)) }, now: environment.now, limits: limits,
            webhooks: webhooks(allowPrivate: allowPrivateWebhooks), customers: customerServices,
            followUps: followUpServices, feedback: feedbackServices, surveys: surveyService, deals: dealServices,
            analytics: analyticsServices
        )
    }
}
