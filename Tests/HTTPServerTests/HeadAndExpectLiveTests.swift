import HTTPServer
import KehuTestSupport
import Testing

extension LiveServerTests {
    /// HEAD (RFC 9110 §9.3.2) and `Expect: 100-continue` (RFC 9110 §10.1.1) on the wire.
    @Suite struct HeadAndExpect {
        private func makeRouter() -> Router {
            var router = Router()
            router.add(.get, "/doc") { _ in
                Response(status: .ok, contentType: "text/plain", bytes: Array("hello world".utf8), headers: ["ETag": "\"v1\""])
            }
            router.add(.get, "/other") { _ in .text("other") }
            router.add(.get, "/stream") { _ in
                Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream { writer in
                    try writer.write(Array("streamed".utf8))
                })
            }
            router.add(.post, "/echo") { request in .text("got \(String(decoding: request.body, as: UTF8.self))") }
            return router
        }

        @Test func head_sendsSameHeadersAsGET_withoutBody() throws {
            let server = try TestHTTPServer(handler: makeRouter())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.make("HEAD", "/doc") + RawHTTPRequest.get("/doc") + RawHTTPRequest.make("HEAD", "/doc") + RawHTTPRequest.get("/other"))
            let result = try client.readResponses(4, noBody: { $0 == 0 || $0 == 2 })
            try #require(result.responses.count == 4, "\(result.ending)")
            let (head, get) = (result.responses[0], result.responses[1])
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("Content-Length") == "11")
            #expect(head.headers.filter { $0.name != "Date" } == get.headers.filter { $0.name != "Date" })
            #expect(head.rawText.hasSuffix("Content-Length: 11\r\n\r\n"), "nothing follows the HEAD response's head")
            #expect(get.bodyText == "hello world")
            #expect(result.responses[3].bodyText == "other")
        }

        @Test func head_ofStreamedResponse_sendsNoBodyBytes() throws {
            // RFC 9112 §6.3: a response to HEAD ends at the empty line after its head, even
            // when it announces chunked coding; chunk bytes would be read as the next response.
            let server = try TestHTTPServer(handler: makeRouter())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.make("HEAD", "/stream") + RawHTTPRequest.get("/other"))
            let result = try client.readResponses(2, noBody: { $0 == 0 })
            #expect(result.responses.map(\.status) == [200, 200])
            #expect(result.responses.last?.bodyText == "other")
        }

        @Test func expectContinue_gets100BeforeBodyIsSent_thenFinalResponse() throws {
            let server = try TestHTTPServer(handler: makeRouter())
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.make("POST", "/echo", headers: [("Expect", "100-continue"), ("Content-Length", "5")]))
            let interim = client.receiveBytes(minimum: 25, timeout: 2)
            #expect(interim == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            try client.send("hello")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "got hello")
            #expect(client.receiveBytes(timeout: 0.2).isEmpty)
        }

        @Test func expectContinue_behindAPipelinedRequest_gets100AfterThatResponse() throws {
            var router = makeRouter()
            router.add(.get, "/slow") { _ in
                RawHTTPClient.sleep(0.2)
                return .text("slow")
            }
            let server = try TestHTTPServer(handler: router)
            defer { server.shutdown() }
            for sameWrite in [true, false] {
                let client = try server.makeClient()
                let expectHead = RawHTTPRequest.make("POST", "/echo", headers: [("Expect", "100-continue"), ("Content-Length", "2")])
                if sameWrite {
                    try client.send(RawHTTPRequest.get("/slow") + expectHead)
                } else {
                    try client.send(RawHTTPRequest.get("/slow"))
                    RawHTTPClient.sleep(0.05)
                    try client.send(expectHead)
                }
                let result = try client.readResponses(2, timeout: 2)
                #expect(result.responses.map(\.status) == [200, 100], "same write: \(sameWrite)")
                #expect(result.responses.first?.bodyText == "slow")
                try client.send("ok")
                #expect(try client.readResponse().bodyText == "got ok")
            }
        }

        @Test func expectContinue_withOversizeContentLength_gets413Without100() throws {
            let calls = CallCounter()
            let server = try TestHTTPServer(configuration: .testing(parserLimits: HTTPParserLimits(maxBodyBytes: 10))) { _ in
                calls.increment()
                return .text("never")
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.make("POST", "/echo", headers: [("Expect", "100-continue"), ("Content-Length", "100")]))
            let result = try client.readResponses(2, timeout: 2)
            #expect(result.responses.map(\.status) == [413])
            #expect(result.responses.first?.header("Connection") == "close")
            #expect(result.ending == .closed)
            #expect(calls.value == 0)
        }

        @Test func expectContinue_bodyAlreadyPipelined_sendsNoStray100AfterTheResponse() throws {
            // The body arrived with the head, so no 100 is needed (RFC 9110 §10.1.1 lets the
            // server omit it). What must never happen is a 100 after the final response: the
            // client would take it as the interim answer to its next request.
            let server = try TestHTTPServer(handler: makeRouter())
            defer { server.shutdown() }
            let client = try server.makeClient()
            let post = RawHTTPRequest.make("POST", "/echo", headers: [("Expect", "100-continue")], body: Array("hello".utf8))
            try client.send(RawHTTPRequest.get("/other") + post)
            var responses = try client.readResponses(2).responses
            if responses.map(\.status) == [200, 100] {
                responses.append(try client.readResponse()) // a 100 before the final response is fine
            }
            #expect(responses.filter { $0.status != 100 }.map(\.bodyText) == ["other", "got hello"])
            let stray = client.receiveBytes(timeout: 0.3)
            #expect(stray.isEmpty, "bytes after the final response: \(String(decoding: stray, as: UTF8.self).debugDescription)")
        }
    }
}
