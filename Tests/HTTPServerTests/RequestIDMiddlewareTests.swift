@testable import HTTPServer
import Testing

/// `X-Request-Id`: a safe client id is kept, anything else is replaced by a random one.
@Suite struct RequestIDMiddlewareTests {
    @Test func requestID_echoesSaneClientID_andExposesItToTheHandler() throws {
        let seen = EventLog()
        let response = try runThroughRouter(RequestIDMiddleware(), makeRequest(.get, "/x", headers: [("X-Request-Id", "abc-123_XYZ.~")])) { request in
            seen.append(request.requestID ?? "nil")
            return .text("ok")
        }
        #expect(response.headers["X-Request-Id"] == "abc-123_XYZ.~")
        #expect(seen.all == ["abc-123_XYZ.~"])
    }

    @Test func requestID_keepsIDOfExactlyMaxLength() throws {
        let id = String(repeating: "a", count: RequestIDMiddleware.maxLength)
        let response = try runThroughRouter(RequestIDMiddleware(), makeRequest(.get, "/x", headers: [("X-Request-Id", id)]))
        #expect(response.headers["X-Request-Id"] == id)
    }

    @Test(arguments: [
        "has space", "quote\"d", "back\\slash", "tab\there", "ümlaut", "", String(repeating: "a", count: 129), "ctl\u{7F}",
    ])
    func requestID_replacesUnsafeClientID_withGeneratedOne(_ candidate: String) throws {
        let seen = EventLog()
        let response = try runThroughRouter(RequestIDMiddleware(), makeRequest(.get, "/x", headers: [("X-Request-Id", candidate)])) { request in
            seen.append(request.requestID ?? "nil")
            return .text("ok")
        }
        let id = try #require(response.headers["X-Request-Id"])
        #expect(id != candidate)
        #expect(id.utf8.count == 32)
        #expect(id.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        #expect(seen.all == [id], "the handler sees the same id as the response header")
    }

    @Test func requestID_generatesDistinctIDs_whenClientSendsNone() throws {
        let first = try runThroughRouter(RequestIDMiddleware(), makeRequest(.get, "/x")).headers["X-Request-Id"]
        let second = try runThroughRouter(RequestIDMiddleware(), makeRequest(.get, "/x")).headers["X-Request-Id"]
        #expect(first?.utf8.count == 32)
        #expect(first != second)
    }

    @Test func requestID_replacesHeaderSetByHandler() throws {
        let response = try runThroughRouter(RequestIDMiddleware(), makeRequest(.get, "/x", headers: [("X-Request-Id", "client-1")])) { _ in
            Response(status: .ok, headers: ["X-Request-Id": "handler-made"])
        }
        #expect(response.headers.values(for: "X-Request-Id") == ["client-1"])
    }
}
