@testable import HTTPServer
import Testing

/// CORS: preflights from allowed origins are answered here; other origins get nothing.
@Suite struct CORSMiddlewareTests {
    static let allowed = CORSMiddleware(configuration: .init(allowedOrigins: ["https://crm.example.com"]))

    @Test func cors_answersPreflightFromAllowedOrigin_with204_withoutCallingHandler() throws {
        let calls = CallCounter()
        let request = makeRequest(.options, "/x", headers: [
            ("Origin", "https://crm.example.com"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type"),
        ])
        let response = try runThroughRouter(Self.allowed, request) { _ in
            calls.increment()
            return .text("handler")
        }
        #expect(response.status == .noContent)
        #expect(calls.value == 0)
        #expect(Array(response.headers) == [
            HTTPHeaders.Field(name: "Access-Control-Allow-Methods", value: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            HTTPHeaders.Field(name: "Access-Control-Allow-Headers", value: "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id"),
            HTTPHeaders.Field(name: "Access-Control-Max-Age", value: "600"),
            HTTPHeaders.Field(name: "Access-Control-Allow-Origin", value: "https://crm.example.com"),
            HTTPHeaders.Field(name: "Vary", value: "Origin"),
        ])
    }

    @Test func cors_addsOriginAndExposeHeaders_toActualRequestFromAllowedOrigin() throws {
        let response = try runThroughRouter(Self.allowed, makeRequest(.get, "/x", headers: [("Origin", "https://crm.example.com")]))
        #expect(bodyText(response) == "ok")
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://crm.example.com")
        #expect(response.headers["Access-Control-Expose-Headers"] == "ETag, Location, X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset")
        #expect(response.headers.values(for: "Vary") == ["Origin"])
    }

    @Test func cors_addsNoHeaders_forDisallowedOrigin() throws {
        let preflight = try runThroughRouter(Self.allowed, makeRequest(.options, "/x", headers: [
            ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST"),
        ]))
        #expect(preflight.status == .noContent, "the router's own OPTIONS answer")
        #expect(preflight.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
        #expect(!Array(preflight.headers).contains { $0.name.lowercased().hasPrefix("access-control-") })
        let actual = try runThroughRouter(Self.allowed, makeRequest(.get, "/x", headers: [("Origin", "https://crm.example.com.evil.example")]))
        #expect(!Array(actual.headers).contains { $0.name.lowercased().hasPrefix("access-control-") })
        #expect(actual.headers["Vary"] == nil)
    }

    @Test func cors_addsNoHeaders_withoutOrigin() throws {
        let response = try runThroughRouter(Self.allowed, makeRequest(.get, "/x"))
        #expect(!Array(response.headers).contains { $0.name.lowercased().hasPrefix("access-control-") })
    }

    @Test func cors_wildcardAllowsAnyOrigin_echoingIt() throws {
        let any = CORSMiddleware(configuration: .init(allowedOrigins: ["*"], maxAge: 60))
        let response = try runThroughRouter(any, makeRequest(.options, "/x", headers: [("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "GET")]))
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000")
        #expect(response.headers["Access-Control-Max-Age"] == "60")
    }

    @Test func cors_passesPlainOPTIONS_withoutRequestMethod_toTheRouter() throws {
        let response = try runThroughRouter(Self.allowed, makeRequest(.options, "/x", headers: [("Origin", "https://crm.example.com")]))
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://crm.example.com")
        #expect(response.headers["Access-Control-Allow-Methods"] == nil)
    }
}
