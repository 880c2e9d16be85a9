import Foundation
import HTTPServer
import KehuAPI
import Logging
import SQLiteStore

/// Every setting of `kehu serve`, read from its flags and `KEHU_` variables and checked
/// before anything is opened: a bad value stops the command without leaving a new
/// database file (or its folder) behind.
struct ServeSettings {
    let database: DatabaseConfiguration
    let logLevel: Logger.Level
    let openAPIPath: String?
    let consolePath: String?
    let timeZone: TimeZone
    let adminEmail: String
    let adminKey: String?
    let allowPrivateWebhooks: Bool
    let webhooks: WebhookSender.Settings
    let corsOrigins: [String]
    let accessLog: Bool
    let rateLimits: RateLimits
    let server: ServerConfiguration
    let reclassifyInterval: Double

    init(serve: ServeOptions, database: DatabaseOptions, environment: ProcessEnvironment) throws {
        self.database = try database.configuration(environment)
        logLevel = try serve.level(environment)
        openAPIPath = try environment.resolve(serve.openapi, "KEHU_OPENAPI")
        consolePath = try environment.resolve(serve.console, "KEHU_CONSOLE")
        timeZone = try serve.defaultTimeZone(environment)
        adminEmail = try environment.resolve(serve.adminEmail, "KEHU_ADMIN_EMAIL", default: "admin@kehu.local")
        adminKey = environment.values["KEHU_ADMIN_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        (allowPrivateWebhooks, webhooks) = try serve.webhookSettings(environment)
        corsOrigins = try serve.allowedOrigins(environment)
        accessLog = try serve.accessLogEnabled(environment)
        rateLimits = try serve.rateLimits(environment)
        server = try serve.serverConfiguration(environment)
        reclassifyInterval = try serve.reclassifyInterval(environment)
    }
}
