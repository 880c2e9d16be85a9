import Dispatch
import HTTPServer
import Logging

/// A `Server` listening on a free loopback port for one test, with its handler.
///
/// `start` happens in `init`, so once it returns the port accepts connections. Call
/// `shutdown()` at the end of the test (a `defer` is simplest); it is idempotent and
/// also runs, with a short grace period, when the value is released.
public final class TestHTTPServer: Sendable {
    /// The running server.
    public let server: Server
    /// The address it is bound to.
    public let host: String
    /// The port it listens on.
    public let port: Int

    /// Starts a server for `handler`. `configuration.port` is replaced by 0 (a free port).
    public init(configuration: ServerConfiguration = .testing(), handler: any HTTPHandler, logger: Logger = TestHTTPServer.silentLogger) throws {
        var configuration = configuration
        configuration.port = 0
        server = Server(configuration: configuration, handler: handler, logger: logger)
        try server.start()
        host = configuration.host
        port = server.port
    }

    /// Starts a server for a closure handler.
    public convenience init(
        configuration: ServerConfiguration = .testing(),
        logger: Logger = TestHTTPServer.silentLogger,
        _ body: @escaping @Sendable (Request) throws -> Response
    ) throws {
        try self.init(configuration: configuration, handler: ClosureHandler(body), logger: logger)
    }

    deinit { server.shutdown(gracePeriod: 1) }

    /// A new raw client connected to this server.
    public func makeClient(receiveBufferBytes: Int? = nil) throws -> RawHTTPClient {
        try RawHTTPClient(host: host, port: port, receiveBufferBytes: receiveBufferBytes)
    }

    /// Shuts the server down (see `Server.shutdown`); later calls return at once.
    public func shutdown(gracePeriod: Double? = nil) {
        server.shutdown(gracePeriod: gracePeriod)
    }

    /// Polls until `condition(openConnections)` holds or `timeout` passes; returns whether it held.
    @discardableResult
    public func waitForOpenConnections(timeout: Double = 2, _ condition: (Int) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if condition(server.openConnections) { return true }
            RawHTTPClient.sleep(0.01)
        }
        return condition(server.openConnections)
    }

    /// A logger that discards everything, so test output stays readable.
    public static let silentLogger = Logger(label: "kehu.tests.http-server") { _ in SwiftLogNoOpLogHandler() }

    /// Whether this machine can bind the IPv6 loopback address `::1`.
    public static let hasIPv6Loopback: Bool = {
        guard let server = try? TestHTTPServer(configuration: .testing(host: "::1"), { _ in Response() }) else { return false }
        server.shutdown()
        return true
    }()
}

extension ServerConfiguration {
    /// A configuration for tests: loopback, port 0, few workers, and timeouts short
    /// enough that a forgotten connection does not stall the suite.
    public static func testing(
        host: String = "127.0.0.1",
        maxConnections: Int = 256,
        parserLimits: HTTPParserLimits = HTTPParserLimits(),
        headerTimeout: Double = 5,
        idleTimeout: Double = 5,
        bodyTimeout: Double = 5,
        writeTimeout: Double = 10,
        shutdownGracePeriod: Double = 3,
        workerCount: Int = 4
    ) -> ServerConfiguration {
        ServerConfiguration(
            host: host, port: 0, backlog: 128, maxConnections: maxConnections, parserLimits: parserLimits,
            headerTimeout: headerTimeout, idleTimeout: idleTimeout, bodyTimeout: bodyTimeout,
            writeTimeout: writeTimeout, shutdownGracePeriod: shutdownGracePeriod, workerCount: workerCount
        )
    }
}
