import HTTPServer
import Synchronization

/// A thread-safe counter for handlers that must (or must not) have run.
final class CallCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds one and returns the new value.
    @discardableResult
    func increment() -> Int { count.add(1, ordering: .relaxed).newValue }

    /// The current value.
    var value: Int { count.load(ordering: .relaxed) }
}

/// An ordered log shared between handlers, middleware and the test.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])

    func append(_ event: String) { events.withLock { $0.append(event) } }

    var all: [String] { events.withLock { $0 } }
}

/// Builds a request the way the parser would hand it over.
func makeRequest(_ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) -> Request {
    Request(method: method, target: target, headers: HTTPHeaders([("Host", "test")] + headers), body: body)
}

/// The body of a `.bytes` response as text ("" otherwise).
func bodyText(_ response: Response) -> String {
    if case .bytes(let bytes) = response.body { return String(decoding: bytes, as: UTF8.self) }
    return ""
}

/// An error that is not an `HTTPError`.
struct UnexpectedFailure: Error {}

/// Runs `middleware` in front of `handler` through a router with one route at `/x`.
func runThroughRouter(_ middleware: any Middleware, _ request: Request, handler: @escaping @Sendable (Request) throws -> Response = { _ in .text("ok") }) throws -> Response {
    var router = Router()
    router.use(middleware)
    router.add(.get, "/x", handler)
    router.add(.post, "/x", handler)
    return try router.handle(request)
}
