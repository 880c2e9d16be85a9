import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// Connection persistence (RFC 9112 §9.3): keep-alive, `Connection: close`, HTTP/1.0.
    @Suite struct KeepAlive {
        @Test func keepAlive_answersSeveralRequestsOnOneConnection_andStaysOpen() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            for index in 1...5 {
                let response = try client.exchange(RawHTTPRequest.get("/r\(index)"))
                #expect(response.status == 200)
                #expect(response.bodyText == "/r\(index)")
                #expect(response.header("Content-Length") == "3")
                #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(response.header("Connection") == nil, "HTTP/1.1 persistence is the default; nothing to say")
                #expect(response.header("Date")?.hasSuffix(" GMT") == true)
            }
            #expect(client.waitForPeerClose(timeout: 0.3).state == .open)
            #expect(server.server.openConnections == 1)
            #expect(calls.value == 5)
        }

        @Test func connectionClose_isEchoed_andServerCloses() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let response = try client.exchange(RawHTTPRequest.get("/bye", headers: [("Connection", "close")]))
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            let (state, extra) = client.waitForPeerClose(timeout: 2)
            #expect(state == .closed)
            #expect(extra.isEmpty)
            #expect(server.waitForOpenConnections { $0 == 0 })
        }

        @Test func connectionClose_stopsPipelinedRequestsAfterIt() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(LiveHandlers.echo(calls))
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/1", headers: [("Connection", "close")]) + RawHTTPRequest.get("/2"))
            let result = try client.readResponses(2, timeout: 2)
            #expect(result.responses.map(\.bodyText) == ["/1"])
            #expect(result.ending == .closed)
            #expect(calls.value == 1, "a request after `Connection: close` is never started")
        }

        @Test func http10_withoutKeepAlive_isClosedAfterResponse() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let response = try client.exchange(RawHTTPRequest.make("GET", "/old", version: "HTTP/1.0", host: nil))
            #expect(response.status == 200)
            #expect(response.bodyText == "/old")
            #expect(response.header("Connection") == "close")
            #expect(client.waitForPeerClose(timeout: 2).state == .closed)
        }

        @Test func http10_withKeepAlive_staysOpen_andSaysSo() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            for index in 1...2 {
                let response = try client.exchange(RawHTTPRequest.make("GET", "/k\(index)", version: "HTTP/1.0", host: nil, headers: [("Connection", "keep-alive")]))
                #expect(response.status == 200)
                #expect(response.bodyText == "/k\(index)")
                #expect(response.header("Connection") == "keep-alive")
            }
            #expect(client.waitForPeerClose(timeout: 0.3).state == .open)
        }

        @Test func halfClosedClient_stillGetsItsResponse_thenClose() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/half"))
            client.shutdownWrite()
            let response = try client.readResponse()
            #expect(response.bodyText == "/half")
            #expect(client.waitForPeerClose(timeout: 2).state == .closed)
        }

        @Test func requestsCarryThePeerAddress() throws {
            let server = try TestHTTPServer { request in .text(request.remoteAddress ?? "none") }
            defer { server.shutdown() }
            let client = try server.makeClient()
            #expect(try client.exchange(RawHTTPRequest.get("/")).bodyText == "127.0.0.1")
        }
    }
}
