/// Routes requests by method and path template, running the middleware chain around
/// every request (matched or not) so that errors, logging and metrics cover 404 and 405 too.
///
/// Build it once at start-up with `add`/`use`; it is a value and immutable while serving.
/// `HEAD` is served by the `GET` handler (the server drops the body); `OPTIONS` is
/// answered with `Allow` unless a route defines it; an unknown path throws 404 and a
/// known path with another method throws 405 with `Allow` (as `HTTPError`).
public struct Router: HTTPHandler {
    private struct Route: Sendable {
        let template: PathTemplate
        var handlers: [HTTPMethod: any HTTPHandler]
        /// Methods whose lane is not `.standard`.
        var lanes: [HTTPMethod: WorkLane] = [:]

        mutating func register(_ method: HTTPMethod, _ handler: any HTTPHandler, lane: WorkLane) {
            precondition(handlers[method] == nil, "duplicate route \(method) \(template.text)")
            handlers[method] = handler
            lanes[method] = lane == .standard ? nil : lane
        }
    }

    private var staticRoutes: [String: Route] = [:]
    private var templatedRoutes: [Route] = []
    /// Whether any templated route has a lane other than `.standard`; if none does, `lane(for:)`
    /// need not match templates (it runs for every request).
    private var templatedRoutesHaveLanes = false
    private var middlewares: [any Middleware] = []

    /// An empty router.
    public init() {}

    /// Adds middleware; the first added runs outermost.
    public mutating func use(_ middleware: any Middleware) {
        middlewares.append(middleware)
    }

    /// Registers `handler` for `method` on `template` (`{name}` segments are parameters),
    /// run on `lane` (see `HTTPHandler.lane(for:)`).
    public mutating func add(_ method: HTTPMethod, _ template: String, lane: WorkLane = .standard, _ handler: any HTTPHandler) {
        let parsed = PathTemplate(template)
        precondition(lane != .inline || parsed.isStatic, "inline routes must be static: \(template)")
        if parsed.isStatic {
            staticRoutes[template, default: Route(template: parsed, handlers: [:])].register(method, handler, lane: lane)
        } else if let index = templatedRoutes.firstIndex(where: { $0.template.text == template }) {
            templatedRoutesHaveLanes = templatedRoutesHaveLanes || lane != .standard
            templatedRoutes[index].register(method, handler, lane: lane)
        } else {
            templatedRoutesHaveLanes = templatedRoutesHaveLanes || lane != .standard
            var route = Route(template: parsed, handlers: [:])
            route.register(method, handler, lane: lane)
            templatedRoutes.append(route)
            templatedRoutes.sort { $0.template.specificity > $1.template.specificity }
        }
    }

    /// Registers a closure for `method` on `template`, run on `lane`.
    public mutating func add(_ method: HTTPMethod, _ template: String, lane: WorkLane = .standard,
                             _ body: @escaping @Sendable (Request) throws -> Response) {
        add(method, template, lane: lane, ClosureHandler(body))
    }

    /// Registers a handler that runs on the connection's I/O queue (`WorkLane.inline`): it
    /// must not block and must not stream. Static paths only.
    public mutating func addInline(_ method: HTTPMethod, _ template: String, _ body: @escaping @Sendable (Request) throws -> Response) {
        add(method, template, lane: .inline, ClosureHandler(body))
    }

    /// The lane the matched route registered for the method (`HEAD` as `GET`); `.standard`
    /// for anything unmatched, which is answered with an error.
    public func lane(for request: Request) -> WorkLane {
        let method = request.method == .head ? HTTPMethod.get : request.method
        if let route = staticRoutes[String(request.path)] { return route.lanes[method] ?? .standard }
        guard templatedRoutesHaveLanes, let (route, _) = try? match(request.path) else { return .standard }
        return route.lanes[method] ?? .standard
    }

    /// Every registered (method, template) pair, for documentation and tests.
    public var routes: [(method: HTTPMethod, template: String)] {
        (Array(staticRoutes.values) + templatedRoutes).flatMap { route in
            route.handlers.keys.map { (method: $0, template: route.template.text) }
        }.sorted { ($0.template, $0.method.rawValue) < ($1.template, $1.method.rawValue) }
    }

    public func handle(_ request: Request) throws -> Response {
        var routed = request
        let endpoint: any HTTPHandler
        do {
            endpoint = try resolve(&routed)
        } catch {
            endpoint = ClosureHandler { _ in throw error }
        }
        return try Next(middlewares: middlewares[...], endpoint: endpoint)(routed)
    }

    private func resolve(_ request: inout Request) throws -> any HTTPHandler {
        if request.target == "*" {
            return ClosureHandler { _ in Response(status: .noContent, headers: ["Allow": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"]) }
        }
        guard let (route, parameters) = try match(request.path) else {
            throw HTTPError(.notFound, detail: "No resource exists at this path.")
        }
        request.route = route.template.text
        request.pathParameters = parameters
        if let handler = route.handlers[request.method] { return handler }
        if request.method == .head, let handler = route.handlers[.get] { return handler }
        let allow = Self.allowHeader(for: route)
        if request.method == .options {
            return ClosureHandler { _ in Response(status: .noContent, headers: ["Allow": allow]) }
        }
        throw HTTPError(.methodNotAllowed, detail: "\(request.method) is not allowed here; allowed: \(allow).", headers: ["Allow": allow])
    }

    private func match(_ path: Substring) throws -> (Route, [String: String])? {
        if let route = staticRoutes[String(path)] { return (route, [:]) }
        guard !templatedRoutes.isEmpty else { return nil }
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let decoded = PercentDecoding.decode(raw) else {
                throw HTTPError(.badRequest, detail: "The path contains malformed percent-encoding.")
            }
            segments.append(decoded)
        }
        for route in templatedRoutes {
            if let parameters = route.template.match(segments) { return (route, parameters) }
        }
        return nil
    }

    private static func allowHeader(for route: Route) -> String {
        var methods = Set(route.handlers.keys.map(\.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        methods.insert("OPTIONS")
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return (order.filter(methods.contains) + methods.subtracting(order).sorted()).joined(separator: ", ")
    }
}
