/// Anything that turns a request into a response: a route handler, the router, a whole app.
///
/// Called on a worker thread, one request at a time per connection; it may block
/// (database calls). Thrown errors that no middleware mapped become a generic 500.
public protocol HTTPHandler: Sendable {
    /// Produces the response for `request`.
    func handle(_ request: Request) throws -> Response

    /// Which threads run `request` (see `WorkLane`). Default: `.standard`.
    func lane(for request: Request) -> WorkLane
}

extension HTTPHandler {
    public func lane(for request: Request) -> WorkLane { .standard }
}

/// Where the server runs a request's handler.
public enum WorkLane: Sendable {
    /// On the connection's I/O queue, without a thread hand-off: only for handlers that
    /// never block and never stream (health, metrics), so they answer even when every
    /// worker is busy.
    case inline
    /// On the worker pool for reads, or the write pool for other methods.
    case standard
    /// A read that may hold its thread for long (a report over the whole database, an
    /// export, a wait for another request's answer): on its own pool, so that a burst of
    /// them cannot take every thread the short reads need. Writes stay on the write pool.
    case long
}

/// Adapts a closure to `HTTPHandler`.
public struct ClosureHandler: HTTPHandler {
    private let body: @Sendable (Request) throws -> Response

    /// Wraps `body`.
    public init(_ body: @escaping @Sendable (Request) throws -> Response) { self.body = body }

    public func handle(_ request: Request) throws -> Response { try body(request) }
}

/// An error that already knows its HTTP status: thrown by the router (404, 405) and by
/// protocol-level checks, and mapped to a response by the application's error middleware.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The status to answer with.
    public var status: HTTPStatus
    /// A human-readable explanation for the problem `detail`.
    public var detail: String
    /// Extra headers for the response (e.g. `Allow` on 405).
    public var headers: HTTPHeaders

    /// An error with a status, detail and optional headers.
    public init(_ status: HTTPStatus, detail: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    public var description: String { "\(status): \(detail)" }
}
