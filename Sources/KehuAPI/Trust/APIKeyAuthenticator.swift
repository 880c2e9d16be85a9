import HTTPServer
import KehuCore

/// Authenticates `/v1` requests by API key, with a per-address limit on failures so that
/// keys cannot be guessed at speed.
struct APIKeyAuthenticator: RequestAuthenticator {
    let keys: APIKeyService
    let failures: RateLimiter

    func authenticate(_ request: Request) throws -> Request {
        let address = request.remoteAddress ?? "unknown"
        if let retryAfter = failures.blockedFor(address) {
            throw RateLimitExceeded(retryAfter: retryAfter, headers: HTTPHeaders())
        }
        guard let token = request.bearerToken else {
            _ = failures.take(address)
            throw KehuError.unauthenticated("Send an API key as Authorization: Bearer <key>.")
        }
        do {
            var authenticated = request
            authenticated.attributes[PrincipalKey.self] = try keys.authenticate(secret: token)
            return authenticated
        } catch let error as KehuError {
            if case .unauthenticated = error { _ = failures.take(address) }
            throw error
        }
    }
}
