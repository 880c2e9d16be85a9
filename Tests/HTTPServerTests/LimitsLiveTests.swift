import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// Protocol errors over the socket: a problem response with `Connection: close`,
    /// then the close; the handler never runs.
    @Suite struct Limits {
        struct WireCase: Sendable, CustomTestStringConvertible {
            let name: String
            let raw: String
            let status: Int
            var testDescription: String { "\(status): \(name)" }
        }

        static let wireCases: [WireCase] = [
            WireCase(name: "garbage", raw: "HELLO\r\n\r\n", status: 400),
            WireCase(name: "CL and TE", raw: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
            WireCase(name: "missing Host", raw: "GET / HTTP/1.1\r\n\r\n", status: 400),
            WireCase(name: "bare LF", raw: "GET / HTTP/1.1\nHost: t\n\n", status: 400),
            WireCase(name: "long target", raw: "GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: t\r\n\r\n", status: 414),
            WireCase(name: "gzip coding", raw: "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
            WireCase(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: t\r\n\r\n", status: 505),
            WireCase(name: "unknown expectation", raw: "GET / HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\n\r\n", status: 417),
        ]

        @Test(arguments: wireCases)
        func protocolError_isAnsweredWithStatus_thenClosed(_ testCase: WireCase) throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(testCase.raw)
            let response = try client.readResponse()
            #expect(response.status == testCase.status)
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.bodyText.hasPrefix("{\"type\":\"about:blank\",\"title\":\"\(response.reason)\",\"status\":\(testCase.status),\"detail\":\""))
            #expect(client.waitForPeerClose(timeout: 2).state == .closed)
            #expect(calls.value == 0)
        }

        @Test func validRequestBeforeABadOne_isStillAnswered() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/good") + Array("BAD\r\n\r\n".utf8))
            let result = try client.readResponses(3)
            #expect(result.responses.map(\.status) == [200, 400])
            #expect(result.responses.first?.bodyText == "/good")
            #expect(result.ending == .closed)
            #expect(calls.value == 1)
        }

        @Test func oversizeHeader_gets431_andClose() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/", headers: [("X-Big", String(repeating: "b", count: 20 * 1024))]))
            let response = try client.readResponse()
            #expect(response.status == 431)
            #expect(response.header("Connection") == "close")
            #expect(client.waitForPeerClose(timeout: 2).state == .closed)
            #expect(calls.value == 0)
        }

        @Test func oversizeHeaderStillArriving_gets431_beforeItEnds() throws {
            let server = try TestHTTPServer(configuration: .testing(parserLimits: HTTPParserLimits(maxHeaderBytes: 1024)), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 2000))
            let response = try client.readResponse(timeout: 2)
            #expect(response.status == 431)
            #expect(client.waitForPeerClose(timeout: 2).state == .closed)
        }

        @Test func oversizeContentLength_gets413_withoutWaitingForTheBody() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(parserLimits: HTTPParserLimits(maxBodyBytes: 1024)), LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            let start = ContinuousClock.now
            try client.send(RawHTTPRequest.make("POST", "/upload", headers: [("Content-Length", "10000000")]))
            let response = try client.readResponse(timeout: 2)
            #expect(seconds(since: start) < 1, "answered from the head alone")
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.waitForPeerClose(timeout: 2).state == .closed)
            #expect(calls.value == 0)
        }

        @Test func oversizeBodySentEagerly_stillGets413() throws {
            // The client sends head and body without waiting; the server must not reset the
            // connection before the 413 can be read (RFC 9112 §9.6: close in stages).
            let server = try TestHTTPServer(configuration: .testing(parserLimits: HTTPParserLimits(maxBodyBytes: 1024)), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let body = [UInt8](repeating: 0x61, count: 256 * 1024)
            try? client.send(RawHTTPRequest.make("POST", "/upload", body: body))
            let result = try client.readResponses(1, timeout: 2)
            #expect(result.responses.map(\.status) == [413], "ending: \(result.ending)")
        }

        @Test func largeBodies_underTheDefaultLimit_areReceivedWhole() throws {
            let server = try TestHTTPServer { request in
                var checksum = 0
                for byte in request.body { checksum = (checksum &* 31 &+ Int(byte)) & 0xFFFF_FFFF }
                return .text("\(request.body.count) \(checksum)")
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            let body = (0..<(900 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }
            var checksum = 0
            for byte in body { checksum = (checksum &* 31 &+ Int(byte)) & 0xFFFF_FFFF }
            let fixed = try client.exchange(RawHTTPRequest.make("POST", "/big", body: body), timeout: 10)
            #expect(fixed.bodyText == "\(body.count) \(checksum)")
            var chunked = Array("POST /big HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            for start in stride(from: 0, to: body.count, by: 100_000) {
                let piece = body[start..<min(start + 100_000, body.count)]
                chunked += Array(String(piece.count, radix: 16).utf8) + [13, 10] + piece + [13, 10]
            }
            chunked += Array("0\r\n\r\n".utf8)
            let viaChunks = try client.exchange(chunked, timeout: 10)
            #expect(viaChunks.bodyText == "\(body.count) \(checksum)")
        }

        @Test func bodyAtTheLimit_isAccepted() throws {
            let server = try TestHTTPServer(configuration: .testing(parserLimits: HTTPParserLimits(maxBodyBytes: 1024)), LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let body = String(repeating: "z", count: 1024)
            let response = try client.exchange(RawHTTPRequest.post("/upload", body: body))
            #expect(response.status == 200)
            #expect(response.bodyText == "POST " + body)
        }
    }
}
