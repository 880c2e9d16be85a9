/// Code that runs around every request: it may change the request, answer it itself, or
/// change the response that `next` produced.
public protocol Middleware: Sendable {
    /// Handles `request`, usually by calling `next(request)` somewhere inside.
    func intercept(_ request: Request, next: Next) throws -> Response
}

/// The rest of the chain after one middleware: the following middlewares, then the endpoint.
public struct Next: Sendable {
    let middlewares: ArraySlice<any Middleware>
    let endpoint: any HTTPHandler

    /// Runs the rest of the chain.
    public func callAsFunction(_ request: Request) throws -> Response {
        guard let first = middlewares.first else { return try endpoint.handle(request) }
        return try first.intercept(request, next: Next(middlewares: middlewares.dropFirst(), endpoint: endpoint))
    }
}
