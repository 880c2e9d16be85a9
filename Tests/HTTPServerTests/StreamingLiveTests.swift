#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
import KehuTestSupport
import Synchronization
import Testing

extension LiveServerTests {
    /// `ResponseBody.stream`: chunked on HTTP/1.1, until-close on HTTP/1.0, with backpressure.
    @Suite struct Streaming {
        private static func pieces(_ count: Int) -> Response {
            Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .stream { writer in
                for index in 0..<count { try writer.write(Array("piece \(index)\n".utf8)) }
                try writer.write([]) // empty writes are ignored, not a last-chunk
            })
        }

        @Test func streamedResponse_arrivesChunkedAndComplete() throws {
            let server = try TestHTTPServer { _ in Self.pieces(10) }
            defer { server.shutdown() }
            let client = try server.makeClient()
            let response = try client.exchange(RawHTTPRequest.get("/stream"))
            #expect(response.status == 200)
            #expect(response.isChunked)
            #expect(response.header("Content-Length") == nil)
            #expect(response.bodyText == (0..<10).map { "piece \($0)\n" }.joined())
            #expect(response.rawText.hasSuffix("\r\n8\r\npiece 9\n\r\n0\r\n\r\n"))
            // Keep-alive survives a streamed response.
            #expect(try client.exchange(RawHTTPRequest.get("/again")).bodyText.hasPrefix("piece 0"))
        }

        @Test func streamedResponse_afterPipelinedPlainResponse_keepsOrder() throws {
            let server = try TestHTTPServer { request in
                request.path == "/stream" ? Self.pieces(3) : .text(request.target)
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/a") + RawHTTPRequest.get("/stream") + RawHTTPRequest.get("/b"))
            let result = try client.readResponses(3)
            #expect(result.responses.map(\.bodyText) == ["/a", "piece 0\npiece 1\npiece 2\n", "/b"])
        }

        @Test func streamedResponse_toHTTP10_endsWithTheConnection() throws {
            let server = try TestHTTPServer { _ in Self.pieces(3) }
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.make("GET", "/stream", version: "HTTP/1.0", host: nil, headers: [("Connection", "keep-alive")]))
            let result = try client.readResponses(1, timeout: 3)
            let response = try #require(result.responses.first)
            #expect(response.header("Transfer-Encoding") == nil)
            #expect(response.header("Content-Length") == nil)
            #expect(response.header("Connection") == "close")
            #expect(response.bodyText == "piece 0\npiece 1\npiece 2\n")
            #expect(client.peerClosed)
        }

        @Test func streamedNoContent_sendsNeitherTransferEncodingNorChunks() throws {
            // RFC 9112 §6.1 / RFC 9110 §15.3.5: a 204 has no content and no Transfer-Encoding.
            let server = try TestHTTPServer { request in
                request.path == "/empty" ? Response(status: .noContent, body: .stream { _ in }) : .text("next")
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/empty") + RawHTTPRequest.get("/next"))
            let result = try client.readResponses(2)
            #expect(result.responses.map(\.status) == [204, 200])
            #expect(result.responses.first?.header("Transfer-Encoding") == nil)
            #expect(result.responses.last?.bodyText == "next")
        }

        @Test func streamedResponse_whoseProducerThrows_isCutOff_neverLooksComplete() throws {
            let server = try TestHTTPServer { _ in
                Response(status: .ok, body: .stream { writer in
                    try writer.write(Array("partial".utf8))
                    throw UnexpectedFailure()
                })
            }
            defer { server.shutdown() }
            let client = try server.makeClient()
            try client.send(RawHTTPRequest.get("/fails"))
            #expect(throws: RawHTTPResponseParser.Malformed.self, "a truncated chunked body must not parse as complete") {
                _ = try client.readResponses(1, timeout: 3)
            }
            #expect(client.peerClosed)
        }

        @Test func slowReader_blocksTheProducer_insteadOfGrowingServerMemory() throws {
            let pieceSize = 64 * 1024
            let total = 16 * 1024 * 1024
            let produced = Atomic<Int>(0)
            let server = try TestHTTPServer { _ in
                Response(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: .stream { writer in
                    for index in 0..<(total / pieceSize) {
                        try writer.write([UInt8](repeating: UInt8(truncatingIfNeeded: index), count: pieceSize))
                        produced.add(pieceSize, ordering: .relaxed)
                    }
                })
            }
            defer { server.shutdown() }
            let client = try server.makeClient(receiveBufferBytes: 64 * 1024)
            try client.send(RawHTTPRequest.get("/big"))
            RawHTTPClient.sleep(0.6)
            let early = produced.load(ordering: .relaxed)
            RawHTTPClient.sleep(0.6)
            let stalled = produced.load(ordering: .relaxed)
            #expect(stalled > 0, "the producer started")
            #expect(stalled < total / 2, "produced \(stalled) of \(total) bytes while the client read nothing")
            #expect(stalled == early, "the producer kept going (\(early) → \(stalled)) although nothing was read")

            let response = try client.readResponse(timeout: 20)
            #expect(response.body.count == total)
            #expect(produced.load(ordering: .relaxed) == total)
            var mismatches = 0
            response.body.withUnsafeBytes { body in
                for index in 0..<(response.body.count / pieceSize) {
                    let expected = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: pieceSize)
                    if memcmp(body.baseAddress! + index * pieceSize, expected, pieceSize) != 0 { mismatches += 1 }
                }
            }
            #expect(mismatches == 0)
        }
    }
}
