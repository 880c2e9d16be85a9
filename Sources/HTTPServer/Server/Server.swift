#if canImport(Glibc)
import Glibc
#endif
import CSystemShims
import Dispatch
import Logging
import Synchronization

/// The HTTP/1.1 server: accepts connections on one address and serves `handler` on them.
///
/// Thread-safe. `start()` returns once listening; `shutdown()` blocks until connections
/// have drained (or the grace period ran out). The server knows nothing of what the
/// handler does.
public final class Server: Sendable {
    private let context: ServerContext
    private let table: ConnectionTable
    private let acceptQueue = DispatchQueue(label: "kehu.accept", qos: .userInitiated)
    private var drained: DispatchSemaphore { table.drained }

    /// A server for `handler` with `configuration`; nothing happens until `start()`.
    public init(configuration: ServerConfiguration, handler: any HTTPHandler, logger: Logger) {
        let table = ConnectionTable()
        self.table = table
        context = ServerContext(configuration: configuration, handler: handler, logger: logger) { connection in
            table.remove(connection)
        }
    }

    /// The configuration in force.
    public var configuration: ServerConfiguration { context.configuration }

    /// The port bound by `start()` (the real one when configured as 0).
    public var port: Int { table.state.withLock { $0.port } }

    /// How many connections are open now.
    public var openConnections: Int { table.state.withLock { $0.connections.count } }

    /// Whether `shutdown()` has begun.
    public var isShuttingDown: Bool { context.isDraining }

    /// Worker jobs waiting and running now.
    public var workerLoad: (queued: Int, busy: Int) {
        context.pools.map(\.load).reduce((queued: 0, busy: 0)) { ($0.queued + $1.queued, $0.busy + $1.busy) }
    }

    /// Binds, listens and starts accepting. Throws `SocketError` if the address cannot be bound.
    public func start() throws {
        let socket = try ListeningSocket(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let descriptor = socket.descriptor
        let port = socket.port
        _ = consume socket // ownership of the descriptor passes to the listener source
        let listener = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: acceptQueue)
        listener.setEventHandler { [self] in acceptPending(on: descriptor) }
        let table = self.table
        listener.setCancelHandler {
            Glibc.close(descriptor)
            table.listenerClosed.signal()
        }
        let sweeper = DispatchSource.makeTimerSource(queue: acceptQueue)
        let interval = configuration.sweepInterval
        sweeper.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(Int(interval * 250)))
        sweeper.setEventHandler { [self] in sweep() }
        table.state.withLock { state in
            state.listener = SourceHandle(listener)
            state.listenDescriptor = descriptor
            state.sweeper = SourceHandle(sweeper)
            state.port = port
        }
        for pool in context.pools { pool.start() }
        listener.resume()
        sweeper.resume()
        context.logger.info("listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
    }

    private func acceptPending(on listenDescriptor: Int32) {
        for _ in 0..<256 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let descriptor = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    kehu_accept_nonblocking(listenDescriptor, $0, &length)
                }
            }
            if descriptor < 0 {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE { pauseAccepting(code) }
                return
            }
            admit(descriptor, address: SocketAddress.text(of: storage))
        }
    }

    private func admit(_ descriptor: Int32, address: String?) {
        var one: Int32 = 1
        // Without TCP_NODELAY every keep-alive response waits ~40 ms for a delayed ACK.
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let connection = Connection(descriptor: descriptor, remoteAddress: address, context: context)
        let admission = table.state.withLock { state -> Admission in
            if state.stopped { return .stopping }
            guard state.connections.count < configuration.maxConnections else { return .full }
            state.connections[ObjectIdentifier(connection)] = connection
            return .admitted
        }
        switch admission {
        case .admitted: connection.start()
        case .full: refuse(descriptor)
        // Accepted from the backlog after shutdown began: closed with nothing sent, so its
        // request was never begun (a 503 here claimed the connection limit was reached).
        case .stopping: Glibc.close(descriptor)
        }
    }

    private enum Admission { case admitted, full, stopping }

    /// Over the connection limit: a best-effort 503 on the non-blocking socket, then close.
    private func refuse(_ descriptor: Int32) {
        let response = ServerProblem.response(.serviceUnavailable, detail: "The server has too many open connections; retry shortly.")
        var bytes: [UInt8] = []
        if case .bytes(let body) = response.body {
            var headers = response.headers
            headers.set("Retry-After", "1")
            ResponseSerializer.appendComplete(Response(status: response.status, headers: headers, body: response.body), body: body, isHead: false, keepAlive: false, requestVersion: .http1_1, date: context.dates.current(), into: &bytes)
        }
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.close(descriptor)
    }

    /// Out of descriptors: the listening socket stays readable, so stop watching it for a
    /// moment instead of spinning.
    private func pauseAccepting(_ code: Int32) {
        context.logger.warning("accept paused: out of file descriptors", metadata: ["errno": "\(code)"])
        guard let listener = table.state.withLock({ $0.listener }) else { return }
        listener.source.suspend()
        acceptQueue.asyncAfter(deadline: .now() + 0.1) { listener.source.resume() }
    }

    private func sweep() {
        let now = ServerContext.now()
        let connections = table.state.withLock { Array($0.connections.values) }
        for connection in connections {
            connection.queue.async { connection.checkTimeouts(now: now) }
        }
    }

    // MARK: Shutdown support

    /// Marks the server stopped and returns the open connections, or nil if already stopped.
    func beginShutdown() -> [Connection]? {
        context.draining.store(true, ordering: .releasing)
        let taken = table.state.withLock { state -> (SourceHandle, [Connection])? in
            guard !state.stopped, let listener = state.listener else { return nil }
            state.stopped = true
            state.listener = nil
            return (listener, Array(state.connections.values))
        }
        guard let (listener, connections) = taken else { return nil }
        listener.source.cancel()
        // The cancel handler closes the listening descriptor on the accept queue; wait for
        // it, so that once shutdown returns the port refuses connections and can be bound
        // again. (Bounded: a listener paused by `pauseAccepting` resumes within 0.1 s.)
        _ = table.listenerClosed.wait(timeout: .now() + 1)
        return connections
    }

    /// Waits until the last connection closed; true if the deadline passed first.
    func waitForDrain(deadline: DispatchTime) -> Bool {
        while true {
            if openConnections == 0 { return false }
            if drained.wait(timeout: deadline) == .timedOut { return openConnections > 0 }
        }
    }

    func openConnectionList() -> [Connection] { table.state.withLock { Array($0.connections.values) } }

    func stopWorkers() {
        table.state.withLock { $0.sweeper }?.source.cancel()
        for pool in context.pools { pool.stop() }
    }

    var loggerForShutdown: Logger { context.logger }
}
