import Dispatch
import Logging
import Synchronization

/// What every connection of one server shares: configuration, the application, the
/// worker pool, and the server-wide flags. Immutable apart from its locked/atomic parts.
final class ServerContext: Sendable {
    let configuration: ServerConfiguration
    let handler: any HTTPHandler
    let workers: WorkerPool
    /// Runs batches holding a request that is not GET, HEAD or OPTIONS.
    let writeWorkers: WorkerPool
    /// Runs batches of reads holding a long one (`WorkLane.long`).
    let longWorkers: WorkerPool
    let logger: Logger
    let dates = DateCache()
    let ioQueue: DispatchQueue
    /// Set once shutdown begins: responses say `Connection: close` and no new request starts.
    let draining = Atomic<Bool>(false)
    /// Called on a connection's queue once its descriptor is closed.
    let onClose: @Sendable (Connection) -> Void

    init(configuration: ServerConfiguration, handler: any HTTPHandler, logger: Logger, onClose: @escaping @Sendable (Connection) -> Void) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        self.onClose = onClose
        workers = WorkerPool(threadCount: configuration.workerCount)
        writeWorkers = WorkerPool(threadCount: configuration.writeWorkerCount, name: "kehu-writer")
        longWorkers = WorkerPool(threadCount: configuration.longWorkerCount, name: "kehu-long")
        ioQueue = DispatchQueue(label: "kehu.io", qos: .userInitiated, attributes: .concurrent)
    }

    private static let safeMethods: Set<HTTPMethod> = [.get, .head, .options]

    /// Every pool, for starting, stopping and metrics.
    var pools: [WorkerPool] { [workers, writeWorkers, longWorkers] }

    /// One lane for a pipelined batch, in one pass without allocating: inline only if every
    /// request is, long if any is, else standard.
    func lane(of batch: [Request]) -> WorkLane {
        var allInline = true
        for request in batch {
            switch handler.lane(for: request) {
            case .long: return .long
            case .standard: allInline = false
            case .inline: break
            }
        }
        return allInline ? .inline : .standard
    }

    /// The pool for a batch whose lane (`lane(of:)`) is not inline: a write goes to the
    /// write pool, else a long read to the long pool, else the read workers.
    func pool(for batch: [Request], lane: WorkLane) -> WorkerPool {
        if !batch.allSatisfy({ Self.safeMethods.contains($0.method) }) { return writeWorkers }
        return lane == .long ? longWorkers : workers
    }

    var isDraining: Bool { draining.load(ordering: .acquiring) }

    /// Runs the application, turning anything it throws into a generic 500 (the
    /// application's own error middleware normally maps errors first).
    func respond(to request: Request) -> Response {
        do {
            return try handler.handle(request)
        } catch let error as HTTPError {
            var response = ServerProblem.response(error.status, detail: error.detail)
            for field in error.headers { response.headers.set(field.name, field.value) }
            return response
        } catch {
            logger.error("unhandled handler error", metadata: ["error": "\(error)", "route": "\(request.route ?? "-")"])
            return ServerProblem.response(.internalServerError, detail: "The server could not complete the request.")
        }
    }

    /// Monotonic time in nanoseconds.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
