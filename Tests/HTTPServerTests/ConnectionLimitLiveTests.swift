import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// `maxConnections`: the next connection is answered 503 and closed.
    @Suite struct ConnectionLimit {
        @Test func connectionLimit_refusesExtraConnectionWith503_untilOneCloses() throws {
            let server = try TestHTTPServer(configuration: .testing(maxConnections: 2), LiveHandlers.echo())
            defer { server.shutdown() }
            let first = try server.makeClient()
            let second = try server.makeClient()
            #expect(try first.exchange(RawHTTPRequest.get("/1")).status == 200)
            #expect(try second.exchange(RawHTTPRequest.get("/2")).status == 200)

            let third = try server.makeClient()
            let refused = try third.readResponse(timeout: 2)
            #expect(refused.status == 503)
            #expect(refused.header("Connection") == "close")
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.header("Content-Type") == "application/problem+json")
            #expect(third.waitForPeerClose(timeout: 1).state == .closed)

            first.close()
            #expect(server.waitForOpenConnections { $0 < 2 })
            let fourth = try server.makeClient()
            #expect(try fourth.exchange(RawHTTPRequest.get("/4")).bodyText == "/4")
            #expect(try second.exchange(RawHTTPRequest.get("/2b")).bodyText == "/2b")
        }
    }
}
