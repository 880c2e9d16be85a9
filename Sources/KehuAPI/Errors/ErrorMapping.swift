import HTTPServer
import KehuCore
import Logging

/// The one place where errors become HTTP answers (STYLE §6).
///
/// Every status's `type` is a stable URI naming the problem kind, so clients can branch
/// on it without parsing `detail`.
enum ErrorMapping {
    static let typeBase = "https://kehu.dev/problems/"

    /// The problem for `error`; unknown errors become a generic 500 and are logged with
    /// the request id (their text never reaches the client).
    static func problem(for error: any Error, requestID: String?, logger: Logger) -> (ProblemDetails, HTTPHeaders) {
        switch error {
        case let error as HeadersOnError:
            var (problem, headers) = Self.problem(for: error.error, requestID: requestID, logger: logger)
            for field in error.headers { headers.set(field.name, field.value) }
            return (problem, headers)
        case let error as RateLimitExceeded:
            var headers = error.headers
            headers.set("Retry-After", String(error.retryAfter))
            return (make(.tooManyRequests, "rate-limited", "Too many requests; retry after \(error.retryAfter) s.", requestID), headers)
        case let error as KehuError:
            var headers = HTTPHeaders()
            // RFC 6750 §3: a 401 names the scheme the client should use.
            if case .unauthenticated = error { headers.set("WWW-Authenticate", "Bearer realm=\"kehu\"") }
            return (problem(for: error, requestID: requestID), headers)
        case let error as HTTPError:
            return (make(error.status, slug(for: error.status), error.detail, requestID), error.headers)
        case let error as RequestDecodingError:
            return (problem(for: error, requestID: requestID), HTTPHeaders())
        default:
            logger.error("unexpected error", metadata: ["request.id": "\(requestID ?? "-")", "error": "\(error)"])
            return (make(.internalServerError, "internal", "The server could not complete the request.", requestID), HTTPHeaders())
        }
    }

    static func problem(for error: KehuError, requestID: String?) -> ProblemDetails {
        switch error {
        case .notFound(let entity, _):
            return make(.notFound, "not-found", "No \(entity) with this id exists.", requestID)
        case .validation(let errors):
            var problem = make(.unprocessableContent, "validation", "The request has invalid fields.", requestID)
            problem.errors = errors
            return problem
        case .conflict(let detail, let details):
            var problem = make(.conflict, "conflict", detail, requestID)
            problem.extensions = details
            return problem
        case .illegalTransition(_, let from, let to, let allowed):
            var problem = make(.conflict, "illegal-transition", error.description, requestID)
            problem.extensions = ["currentStatus": from, "requestedStatus": to]
            problem.listExtensions = ["allowedTransitions": allowed]
            return problem
        case .forbidden(let detail):
            return make(.forbidden, "forbidden", detail, requestID)
        case .unauthenticated(let detail):
            return make(.unauthorized, "unauthenticated", detail, requestID)
        case .preconditionFailed(let detail):
            return make(.preconditionFailed, "stale-version", detail, requestID)
        case .storageFull:
            return make(.insufficientStorage, "storage-full", "The database has no space left; nothing was written.", requestID)
        case .unavailable(let detail):
            return make(.serviceUnavailable, "unavailable", detail, requestID)
        }
    }

    static func problem(for error: RequestDecodingError, requestID: String?) -> ProblemDetails {
        switch error {
        case .malformedJSON(let detail):
            return make(.badRequest, "malformed-json", detail, requestID)
        case .unsupportedMediaType(let type):
            return make(.unsupportedMediaType, "unsupported-media-type", "Send the body as application/json, not \(type).", requestID)
        case .invalidFields(let errors):
            var problem = make(.unprocessableContent, "validation", "The request has invalid fields.", requestID)
            problem.errors = errors
            return problem
        }
    }

    static func make(_ status: HTTPStatus, _ slug: String, _ detail: String, _ requestID: String?) -> ProblemDetails {
        ProblemDetails(type: typeBase + slug, title: status.reasonPhrase, status: status.code, detail: detail, requestId: requestID, errors: nil, extensions: [:])
    }

    private static func slug(for status: HTTPStatus) -> String {
        switch status.code {
        case 400: "bad-request"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 408: "timeout"
        case 413: "too-large"
        case 415: "unsupported-media-type"
        case 429: "rate-limited"
        default: "http-\(status.code)"
        }
    }
}

/// Turns anything thrown further in into a problem+json response.
struct ErrorMiddleware: Middleware {
    let logger: Logger

    func intercept(_ request: Request, next: Next) throws -> Response {
        do {
            return try next(request)
        } catch {
            let (problem, headers) = ErrorMapping.problem(for: error, requestID: request.requestID, logger: logger)
            return problem.response(headers: headers)
        }
    }
}
