/// Cross-origin resource sharing for browser frontends (Fetch standard, CORS protocol).
///
/// Only origins in the configured list (or any, with `*`) get CORS headers. Preflight
/// requests from allowed origins are answered here with 204; everything else passes on.
public struct CORSMiddleware: Middleware {
    /// CORS settings.
    public struct Configuration: Sendable {
        /// Allowed origins, e.g. `https://crm.example.com`; `*` allows any. Empty: CORS off.
        public var allowedOrigins: [String]
        /// Methods announced in preflight answers.
        public var allowedMethods: [String]
        /// Request headers announced in preflight answers.
        public var allowedHeaders: [String]
        /// Response headers scripts may read.
        public var exposedHeaders: [String]
        /// Seconds a browser may cache a preflight answer.
        public var maxAge: Int

        public init(
            allowedOrigins: [String],
            allowedMethods: [String] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allowedHeaders: [String] = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key", "X-Request-Id"],
            exposedHeaders: [String] = ["ETag", "Location", "X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
            maxAge: Int = 600
        ) {
            self.allowedOrigins = allowedOrigins
            self.allowedMethods = allowedMethods
            self.allowedHeaders = allowedHeaders
            self.exposedHeaders = exposedHeaders
            self.maxAge = maxAge
        }
    }

    private let configuration: Configuration
    private let allowsAny: Bool

    public init(configuration: Configuration) {
        self.configuration = configuration
        allowsAny = configuration.allowedOrigins.contains("*")
    }

    public func intercept(_ request: Request, next: Next) throws -> Response {
        guard let origin = request.headers["Origin"], isAllowed(origin) else { return try next(request) }
        if request.method == .options, request.headers.contains("Access-Control-Request-Method") {
            var headers = HTTPHeaders()
            headers.set("Access-Control-Allow-Methods", configuration.allowedMethods.joined(separator: ", "))
            headers.set("Access-Control-Allow-Headers", configuration.allowedHeaders.joined(separator: ", "))
            headers.set("Access-Control-Max-Age", String(configuration.maxAge))
            var response = Response(status: .noContent, headers: headers)
            addOriginHeaders(origin, to: &response)
            return response
        }
        var response = try next(request)
        addOriginHeaders(origin, to: &response)
        response.headers.set("Access-Control-Expose-Headers", configuration.exposedHeaders.joined(separator: ", "))
        return response
    }

    private func isAllowed(_ origin: String) -> Bool {
        allowsAny || configuration.allowedOrigins.contains(origin)
    }

    private func addOriginHeaders(_ origin: String, to response: inout Response) {
        // Echo the origin rather than `*` so credentials (Authorization) work, and say
        // the answer varies by Origin so caches keep them apart.
        response.headers.set("Access-Control-Allow-Origin", origin)
        response.headers.add("Vary", "Origin")
    }
}
