import HTTPServer

/// Decides who is calling. The trust layer (users, roles, API keys) plugs in here;
/// the router asks it for every request under `/v1`.
public protocol RequestAuthenticator: Sendable {
    /// Returns the request with the caller attached, or throws `KehuError.unauthenticated`.
    func authenticate(_ request: Request) throws -> Request
}

/// Runs the authenticator on every `/v1` request; operational endpoints stay open.
struct AuthenticationMiddleware: Middleware {
    let authenticator: any RequestAuthenticator

    func intercept(_ request: Request, next: Next) throws -> Response {
        guard request.path.hasPrefix("/v1/") || request.path == "/v1" else { return try next(request) }
        return try next(authenticator.authenticate(request))
    }
}
