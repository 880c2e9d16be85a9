import ArgumentParser
import Foundation
import HTTPServer
import KehuAPI
import Logging

/// The server's options; each has a `KEHU_` environment twin.
struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on; 0.0.0.0 or :: for every interface (KEHU_HOST). Default: 127.0.0.1")
    var host: String?
    @Option(help: "Port to listen on (KEHU_PORT). Default: 8080")
    var port: Int?
    @Option(help: "Most open connections; more get 503 (KEHU_MAX_CONNECTIONS). Default: 1024")
    var maxConnections: Int?
    @Option(help: "Largest request body in bytes (KEHU_MAX_BODY_BYTES). Default: 1048576")
    var maxBodyBytes: Int?
    @Option(help: "Largest customer import file (POST /v1/customers/import) in bytes (KEHU_MAX_IMPORT_BYTES). Default: 52428800")
    var maxImportBytes: Int?
    @Option(help: "Largest request header section in bytes (KEHU_MAX_HEADER_BYTES). Default: 16384")
    var maxHeaderBytes: Int?
    @Option(help: "Longest request target in bytes (KEHU_MAX_TARGET_BYTES). Default: 8192")
    var maxTargetBytes: Int?
    @Option(help: "Seconds for a request's header section to arrive (KEHU_HEADER_TIMEOUT). Default: 10")
    var headerTimeout: Double?
    @Option(help: "Seconds an idle keep-alive connection stays open (KEHU_IDLE_TIMEOUT). Default: 60")
    var idleTimeout: Double?
    @Option(help: "Seconds a request body may stall before it is dropped (KEHU_BODY_TIMEOUT). Default: 30")
    var bodyTimeout: Double?
    @Option(help: "Seconds a client may refuse our output before it is dropped (KEHU_WRITE_TIMEOUT). Default: 30")
    var writeTimeout: Double?
    @Option(help: "Seconds shutdown waits for in-flight requests (KEHU_SHUTDOWN_GRACE). Default: 10")
    var shutdownGrace: Double?
    @Option(help: "Threads running handlers of reads (KEHU_WORKERS). Default: twice the cores, at least 4")
    var workers: Int?
    @Option(help: "Threads running handlers of POST, PUT, PATCH and DELETE; they mostly wait for the shared commit (KEHU_WRITE_WORKERS). Default: \(ServerConfiguration.defaultWriteWorkerCount)")
    var writeWorkers: Int?
    @Option(help: "Threads running long reads: analytics and exports, apart from the other reads (KEHU_LONG_WORKERS). Default: twice the cores, at least 4")
    var longWorkers: Int?
    @Option(help: "Comma-separated browser origins allowed by CORS, or * (KEHU_CORS_ORIGINS). Default: none")
    var corsOrigins: String?
    @Option(help: "One log line per request: on or off (KEHU_ACCESS_LOG). Default: on")
    var accessLog: Switch?
    @Option(help: "trace, debug, info, notice, warning, error or critical (KEHU_LOG_LEVEL). Default: info")
    var logLevel: String?
    @Option(help: "Sustained requests per second per API key; 0 turns the limit off (KEHU_RATE_LIMIT). Default: 100")
    var rateLimit: Double?
    @Option(help: "Requests an API key may make at once before the rate applies (KEHU_RATE_BURST). Default: 200")
    var rateBurst: Int?
    @Option(help: "Failed authentications allowed per client address per minute (KEHU_AUTH_FAILURE_LIMIT). Default: 20")
    var authFailureLimit: Int?
    @Option(help: "E-mail of the admin created on the first start of an empty database (KEHU_ADMIN_EMAIL). Default: admin@kehu.local")
    var adminEmail: String?
    @Flag(help: "Let webhooks target loopback, private and link-local addresses; the variable takes 1, true or on (KEHU_ALLOW_PRIVATE_WEBHOOKS). Default: refused")
    var allowPrivateWebhooks = false
    @Option(help: "Seconds a webhook receiver has to answer (KEHU_WEBHOOK_TIMEOUT). Default: 10")
    var webhookTimeout: Double?
    @Option(help: "Seconds before the first webhook retry; doubles each time, at most an hour (KEHU_WEBHOOK_RETRY_BASE). Default: 30")
    var webhookRetryBase: Double?
    @Option(help: "Attempts per webhook delivery before it fails (KEHU_WEBHOOK_MAX_ATTEMPTS). Default: 8")
    var webhookMaxAttempts: Int?
    @Option(help: "Failed deliveries in a row that disable a webhook (KEHU_WEBHOOK_DISABLE_AFTER). Default: 5")
    var webhookDisableAfter: Int?
    @Option(help: "Path of openapi.yaml to serve at /openapi.yaml and /docs (KEHU_OPENAPI). Default: searched next to the binary and in the working folder")
    var openapi: String?
    @Option(help: "Folder of the web console served at / (KEHU_CONSOLE); off leaves it out. Default: console/ in the working folder, beside the binary, or /usr/share/kehu/console")
    var console: String?
    @Option(help: "Seconds between sweeps that move silent customers to churned, make the VIP care tasks due soon and refresh the planner statistics of tables whose size moved; 0 turns them off (KEHU_RECLASSIFY_INTERVAL). Default: 3600")
    var reclassifyInterval: Double?
    @Option(help: "IANA time zone of agendas that name none, and of care tasks' days (KEHU_TIME_ZONE). Default: Asia/Shanghai")
    var timeZone: String?

    func serverConfiguration(_ environment: ProcessEnvironment) throws -> ServerConfiguration {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = try positive(environment.resolve(maxBodyBytes, "KEHU_MAX_BODY_BYTES", default: limits.maxBodyBytes), "max-body-bytes")
        limits.maxBodyBytesByPath[CustomerTransferRoutes.importPath] = try positive(
            environment.resolve(maxImportBytes, "KEHU_MAX_IMPORT_BYTES", default: CustomerTransferRoutes.defaultMaxImportBytes), "max-import-bytes"
        )
        limits.maxHeaderBytes = try positive(environment.resolve(maxHeaderBytes, "KEHU_MAX_HEADER_BYTES", default: limits.maxHeaderBytes), "max-header-bytes")
        limits.maxTargetBytes = try positive(environment.resolve(maxTargetBytes, "KEHU_MAX_TARGET_BYTES", default: limits.maxTargetBytes), "max-target-bytes")
        let port = try environment.resolve(port, "KEHU_PORT", default: 8080)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        return ServerConfiguration(
            host: try environment.resolve(host, "KEHU_HOST", default: "127.0.0.1"),
            port: port,
            maxConnections: try positive(environment.resolve(maxConnections, "KEHU_MAX_CONNECTIONS", default: 1024), "max-connections"),
            parserLimits: limits,
            headerTimeout: try seconds(environment.resolve(headerTimeout, "KEHU_HEADER_TIMEOUT", default: 10), "header-timeout"),
            idleTimeout: try seconds(environment.resolve(idleTimeout, "KEHU_IDLE_TIMEOUT", default: 60), "idle-timeout"),
            bodyTimeout: try seconds(environment.resolve(bodyTimeout, "KEHU_BODY_TIMEOUT", default: 30), "body-timeout"),
            writeTimeout: try seconds(environment.resolve(writeTimeout, "KEHU_WRITE_TIMEOUT", default: 30), "write-timeout"),
            shutdownGracePeriod: try seconds(environment.resolve(shutdownGrace, "KEHU_SHUTDOWN_GRACE", default: 10), "shutdown-grace"),
            workerCount: try positive(environment.resolve(workers, "KEHU_WORKERS", default: ServerConfiguration.defaultWorkerCount), "workers"),
            writeWorkerCount: try positive(environment.resolve(writeWorkers, "KEHU_WRITE_WORKERS", default: ServerConfiguration.defaultWriteWorkerCount), "write-workers"),
            longWorkerCount: try positive(environment.resolve(longWorkers, "KEHU_LONG_WORKERS", default: ServerConfiguration.defaultLongWorkerCount), "long-workers")
        )
    }

    func rateLimits(_ environment: ProcessEnvironment) throws -> RateLimits {
        let rate = try environment.resolve(rateLimit, "KEHU_RATE_LIMIT", default: 100)
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate-limit must be 0 or more.") }
        return RateLimits(
            requestsPerSecond: rate,
            burst: try positive(environment.resolve(rateBurst, "KEHU_RATE_BURST", default: 200), "rate-burst"),
            authFailuresPerMinute: try positive(environment.resolve(authFailureLimit, "KEHU_AUTH_FAILURE_LIMIT", default: 20), "auth-failure-limit")
        )
    }

    func webhookSettings(_ environment: ProcessEnvironment) throws -> (allowPrivate: Bool, settings: WebhookSender.Settings) {
        var settings = WebhookSender.Settings()
        settings.timeout = try seconds(environment.resolve(webhookTimeout, "KEHU_WEBHOOK_TIMEOUT", default: 10), "webhook-timeout")
        settings.retryBase = try seconds(environment.resolve(webhookRetryBase, "KEHU_WEBHOOK_RETRY_BASE", default: 30), "webhook-retry-base")
        settings.maxAttempts = try positive(environment.resolve(webhookMaxAttempts, "KEHU_WEBHOOK_MAX_ATTEMPTS", default: 8), "webhook-max-attempts")
        settings.disableAfter = try positive(environment.resolve(webhookDisableAfter, "KEHU_WEBHOOK_DISABLE_AFTER", default: 5), "webhook-disable-after")
        let variable = environment.values["KEHU_ALLOW_PRIVATE_WEBHOOKS"]?.lowercased()
        return (allowPrivateWebhooks || variable == "1" || variable == "true" || variable == "on", settings)
    }

    func reclassifyInterval(_ environment: ProcessEnvironment) throws -> Double {
        let value = try environment.resolve(reclassifyInterval, "KEHU_RECLASSIFY_INTERVAL", default: 3600)
        guard value >= 0, value.isFinite else { throw ValidationError("--reclassify-interval must be 0 or more seconds.") }
        return value
    }

    func defaultTimeZone(_ environment: ProcessEnvironment) throws -> TimeZone {
        let name = try environment.resolve(timeZone, "KEHU_TIME_ZONE", default: ServiceFactory.defaultTimeZoneName)
        guard let zone = TimeZone(identifier: name) else { throw ValidationError("--time-zone \(name) is not an IANA time zone such as Asia/Shanghai.") }
        return zone
    }

    func allowedOrigins(_ environment: ProcessEnvironment) throws -> [String] {
        let raw = try environment.resolve(corsOrigins, "KEHU_CORS_ORIGINS", default: "")
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func accessLogEnabled(_ environment: ProcessEnvironment) throws -> Bool {
        try environment.resolve(accessLog, "KEHU_ACCESS_LOG", default: .on) == .on
    }

    func level(_ environment: ProcessEnvironment) throws -> Logger.Level {
        let raw = try environment.resolve(logLevel, "KEHU_LOG_LEVEL", default: "info")
        guard let level = Logger.Level(rawValue: raw.lowercased()) else {
            throw ValidationError("Unknown log level \(raw); use trace, debug, info, notice, warning, error or critical.")
        }
        return level
    }

    private func positive(_ value: Int, _ name: String) throws -> Int {
        guard value > 0 else { throw ValidationError("--\(name) must be positive.") }
        return value
    }

    private func seconds(_ value: Double, _ name: String) throws -> Double {
        guard value > 0, value.isFinite else { throw ValidationError("--\(name) must be a positive number of seconds.") }
        return value
    }
}
