import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// Pipelined requests (RFC 9112 §9.3.2): answered in the order received.
    @Suite struct Pipelining {
        @Test func pipelining_threeRequestsInOneWrite_answeredInOrder() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/1") + RawHTTPRequest.get("/2") + RawHTTPRequest.get("/3"))
            let result = try client.readResponses(3)
            #expect(result.ending == .complete)
            #expect(result.responses.map(\.status) == [200, 200, 200])
            #expect(result.responses.map(\.bodyText) == ["/1", "/2", "/3"])
            #expect(client.waitForPeerClose(timeout: 0.2) == (.open, []))
        }

        @Test func pipelining_slowFirstHandler_stillAnsweredInOrder() throws {
            let server = try TestHTTPServer(configuration: .testing(workerCount: 4)) { request in
                if request.path == "/slow" { RawHTTPClient.sleep(0.2) }
                return .text(request.target)
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            let start = ContinuousClock.now
            try client.send(RawHTTPRequest.get("/slow") + RawHTTPRequest.get("/fast1") + RawHTTPRequest.post("/fast2", body: "x"))
            let result = try client.readResponses(3)
            #expect(result.responses.map(\.bodyText) == ["/slow", "/fast1", "/fast2"])
            #expect(seconds(since: start) >= 0.19)
        }

        @Test func pipelining_moreRequestsThanOneBatch_allAnsweredInOrder() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let count = 40 // more than maxPipelinedBatch (16)
            try client.send((0..<count).flatMap { index in
                index % 3 == 0 ? RawHTTPRequest.post("/p\(index)", body: "b\(index)") : RawHTTPRequest.get("/g\(index)")
            })
            let result = try client.readResponses(count)
            #expect(result.responses.map(\.bodyText) == (0..<count).map { $0 % 3 == 0 ? "POST b\($0)" : "/g\($0)" })
        }

        @Test func pipelining_requestSplitAcrossWrites_isReassembled() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let raw = RawHTTPRequest.get("/a") + RawHTTPRequest.post("/b", body: "hello") + RawHTTPRequest.get("/c")
            try client.send(pieces: [Array(raw[0..<5]), Array(raw[5..<40]), Array(raw[40..<70]), Array(raw[70...])], delay: 0.02)
            let result = try client.readResponses(3)
            #expect(result.responses.map(\.bodyText) == ["/a", "POST hello", "/c"])
        }

        @Test func chunkedUpload_splitAcrossSends_isEchoed() throws {
            let server = try TestHTTPServer(LiveHandlers.echo())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let pieces = [
                "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
                "lo\r\n",
                "6;ext=1\r\n wor",
                "ld\r\n1",
                "0\r\n0123456789abcdef\r\n0\r\n",
                "X-Trailer: t\r\n",
                "\r\n",
            ]
            try client.send(pieces: pieces.map { Array($0.utf8) }, delay: 0.02)
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "POST hello world0123456789abcdef")
            // The connection is reusable after a chunked request.
            #expect(try client.exchange(RawHTTPRequest.get("/next")).bodyText == "/next")
        }
    }
}
