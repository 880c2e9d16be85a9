#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import HTTPServer
import Foundation
import KehuAPI
import KehuCore
import KehuPersistence
import KehuSecurity
import Logging

/// The composition root: opens the database, builds the API, starts the server, and
/// turns SIGTERM/SIGINT into a graceful shutdown.
struct Application {
    let server: Server
    let database: KehuDatabase
    let logger: Logger
    let sink: LogSink
    let webhookSender: WebhookSender
    let sweep: ClassificationSweep

    /// Wires everything; nothing listens until `run()`. The console folder is read here,
    /// before the database opens, since a missing one is a bad setting.
    static func make(_ settings: ServeSettings) throws -> Application {
        let console = try ConsoleDirectory.load(configuredPath: settings.consolePath)
        let sink = LogSink()
        var logger = Logger(label: "kehu") { _ in JSONLogHandler(sink: sink, level: settings.logLevel) }
        logger.logLevel = settings.logLevel
        let (database, applied) = try KehuDatabase.open(settings.database)
        logger.info("database open", metadata: [
            "db.path": "\(settings.database.path)", "db.migrations.applied": "\(applied.map(\.id))",
            "db.synchronous": "\(settings.database.synchronous)",
        ])
        let document = OpenAPIDocument.load(configuredPath: settings.openAPIPath)
        if document == nil { logger.warning("openapi.yaml not found; /openapi.yaml and /docs answer 404") }
        if let console {
            logger.info("web console", metadata: ["console.path": "\(console.path)", "console.files": "\(console.assets.files.count)"])
        } else {
            logger.notice("web console not served (turned off or no console/ folder found)")
        }
        var factory = ServiceFactory(database: database, environment: .live)
        factory.timeZone = settings.timeZone
        try announceFirstAdmin(
            factory.bootstrap.ensureFirstAdmin(email: settings.adminEmail, secret: settings.adminKey),
            fromEnvironment: settings.adminKey != nil, logger: logger
        )
        let webhookSender = WebhookSender(
            repository: SQLiteWebhookRepository(database: database),
            targets: ResolvingTargetCheck(allowPrivate: settings.allowPrivateWebhooks),
            settings: settings.webhooks, logger: logger
        )
        let gauges = RuntimeGauges(database: database)
        let serverReference = ServerReference()
        let router = makeRouter(APIDependencies(
            health: SQLiteHealthCheck(database: database), metrics: HTTPMetrics(), gauges: gauges,
            isDraining: { serverReference.isShuttingDown }, openAPIDocument: document?.text,
            corsOrigins: settings.corsOrigins, accessLog: settings.accessLog,
            accessLogSink: JSONAccessLog(sink: sink),
            services: factory.apiServices(limits: settings.rateLimits, allowPrivateWebhooks: settings.allowPrivateWebhooks),
            logger: logger, console: console?.assets
        ))
        let openFiles = DescriptorLimit.raise(toServe: settings.server.maxConnections)
        if openFiles < settings.server.maxConnections + 16 {
            logger.warning("open-file limit is below --max-connections; new connections will be refused early", metadata: [
                "limit": "\(openFiles)", "max-connections": "\(settings.server.maxConnections)",
            ])
        }
        let server = Server(configuration: settings.server, handler: router, logger: logger)
        gauges.attach(server)
        serverReference.attach(server)
        let statistics = PlannerStatistics(database: database)
        let sweep = ClassificationSweep(customers: factory.customerServices.profiles, agenda: factory.followUpServices.agenda, interval: settings.reclassifyInterval, logger: logger) {
            try statistics.refreshDrifted()
        }
        return Application(server: server, database: database, logger: logger, sink: sink, webhookSender: webhookSender, sweep: sweep)
    }

    /// Shows the first admin's key once, on standard error and not in the JSON log, so that
    /// log shipping never carries it. A key taken from KEHU_ADMIN_KEY is not repeated.
    private static func announceFirstAdmin(_ issued: IssuedAPIKey?, fromEnvironment: Bool, logger: Logger) {
        guard let issued else { return }
        logger.notice("created the first admin", metadata: ["user.id": "\(issued.key.userID)", "key.id": "\(issued.key.id)"])
        guard !fromEnvironment else { return }
        let message = """

            Kehu created the first admin user. Its API key, shown only this once:

                \(issued.secret)

            Use it as: curl -H 'Authorization: Bearer \(issued.secret)' http://HOST:PORT/v1/users


            """
        FileHandle.standardError.write(Data(message.utf8))
    }

    /// Listens and serves until SIGTERM or SIGINT, then drains and exits 0. Never returns.
    /// `ShutdownSignals.block()` must have run before any thread was started.
    func run() throws -> Never {
        signal(SIGPIPE, SIG_IGN)
        try server.start()
        webhookSender.start()
        sweep.start()
        stop(signal: ShutdownSignals.wait())
    }

    private func stop(signal number: Int32) -> Never {
        logger.info("shutting down", metadata: ["signal": "\(number == SIGTERM ? "SIGTERM" : "SIGINT")"])
        server.shutdown()
        webhookSender.stop() // before the database closes; unfinished deliveries stay queued
        sweep.stop()
        database.close()
        logger.info("stopped")
        sink.flush()
        exit(0)
    }
}

/// Lets the router ask the server (made after it) whether shutdown has begun.
final class ServerReference: Sendable {
    private let server = Locked<Server?>(nil)
    func attach(_ server: Server) { self.server.withLock { $0 = server } }
    var isShuttingDown: Bool { server.withLock { $0?.isShuttingDown ?? false } }
}

