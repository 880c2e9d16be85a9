/// Anything that turns a request into a response: a route handler, the router, a whole app.
///
/// Called on a worker thread, one request at a time per connection; it may block
/// (database calls). Thrown errors that no middleware mapped become a generic 500.
public protocol HTTPHandler: Sendable {
    /// Produces the response for `request`.
    func handle(_ request: Request) throws -> Response

    /// Whether `request` may be answered on the connection's I/O queue instead of a
    /// worker thread: only for handlers that never block and never stream (health,
    /// metrics), so they answer even when every worker is busy. Default: false.
    func answersInline(_ request: Request) -> Bool
}

extension HTTPHandler {
    public func answersInline(_ request: Request) -> Bool { false }
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
