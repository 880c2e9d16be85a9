import Foundation
import HTTPServer
import KehuAPI
import KehuCore
import KehuTestSupport
import Logging

/// A health check whose answers a test sets.
final class FakeHealthCheck: HealthCheck, @unchecked Sendable {
    // @unchecked: the flags are set before the router is used and only read afterwards.
    var alive = true
    var readyError: (any Error)?
    func isAlive() -> Bool { alive }
    func checkReady() throws { if let readyError { throw readyError } }
}

struct FixedGauges: MetricsGauges {
    func render() -> String { "# HELP kehu_test_gauge A test gauge.\n# TYPE kehu_test_gauge gauge\nkehu_test_gauge 7\n" }
}

/// Captures log lines so tests can check what is (and is not) logged.
final class CapturedLogs: @unchecked Sendable {
    // @unchecked: `entries` is only touched under `lock`.
    private let lock = NSLock()
    private var entries: [(message: String, metadata: Logger.Metadata)] = []

    func append(_ message: String, _ metadata: Logger.Metadata) {
        lock.withLock { entries.append((message, metadata)) }
    }

    var all: [(message: String, metadata: Logger.Metadata)] { lock.withLock { entries } }

    func makeLogger() -> Logger {
        Logger(label: "test") { _ in CapturingHandler(logs: self) }
    }
}

struct CapturingHandler: LogHandler {
    let logs: CapturedLogs
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        logs.append(event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
    }
}

/// The real router with doubles for its outside dependencies.
struct APITestFixture {
    let health = FakeHealthCheck()
    let logs = CapturedLogs()
    let router: Router

    init(openAPI: String? = APITestFixture.specification, corsOrigins: [String] = [], draining: Bool = false) {
        router = makeRouter(APIDependencies(
            health: health, metrics: HTTPMetrics(), gauges: FixedGauges(), isDraining: { draining },
            openAPIDocument: openAPI, corsOrigins: corsOrigins, accessLog: true, services: nil,
            logger: logs.makeLogger()
        ))
    }

    func handle(_ request: Request) throws -> Response { try router.handle(request) }

    static let specification: String = {
        (try? String(contentsOf: PackageRoot.url.appendingPathComponent("openapi.yaml"), encoding: .utf8)) ?? ""
    }()
}
