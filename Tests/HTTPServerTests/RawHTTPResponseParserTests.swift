import KehuTestSupport
import Testing

/// The test oracle must itself be strict, or server framing bugs would slip through.
@Suite struct RawHTTPResponseParserTests {
    private func parse(_ text: String, noBody: Bool = false, atEOF: Bool = false) throws -> (response: RawHTTPResponse, consumed: Int)? {
        try RawHTTPResponseParser.parse(Array(text.utf8)[...], noBody: noBody, atEOF: atEOF)
    }

    @Test func oracle_parsesContentLengthResponse_andLeavesTheRest() throws {
        let parsed = try #require(try parse("HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-A:  b \r\n\r\nokHTTP/1.1"))
        #expect(parsed.response.status == 201)
        #expect(parsed.response.reason == "Created")
        #expect(parsed.response.bodyText == "ok")
        #expect(parsed.response.header("x-a") == "b")
        #expect(parsed.consumed == parsed.response.raw.count)
        #expect(parsed.response.rawText.hasSuffix("\r\n\r\nok"))
    }

    @Test func oracle_decodesChunkedBody_withExtensionsAndTrailers() throws {
        let parsed = try #require(try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\n1\r\nd\r\n0\r\nT: 1\r\n\r\n"))
        #expect(parsed.response.isChunked)
        #expect(parsed.response.bodyText == "abcd")
    }

    @Test func oracle_waitsForMoreBytes_whenIncomplete() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc") == nil)
        #expect(try parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n") == nil)
        #expect(try parse("HTTP/1.1 200 OK\r\nContent-") == nil)
        #expect(try parse("HTT") == nil)
    }

    @Test func oracle_readsUnframedBodyUntilEOF() throws {
        #expect(try parse("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc") == nil)
        #expect(try parse("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nabc", atEOF: true)?.response.bodyText == "abc")
    }

    @Test func oracle_ignoresBodyFraming_forHEADAnd204() throws {
        let head = try #require(try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", noBody: true))
        #expect(head.response.body.isEmpty)
        #expect(try parse("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1")?.consumed == 27)
    }

    @Test(arguments: [
        "0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/2 200 OK\r\n\r\n",
        "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
        "HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n",
    ])
    func oracle_rejectsMalformedResponses(_ text: String) {
        #expect(throws: RawHTTPResponseParser.Malformed.self) { _ = try parse(text) }
    }

    @Test func oracle_rejectsTruncatedBody_atEOF() {
        #expect(throws: RawHTTPResponseParser.Malformed.self) {
            _ = try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", atEOF: true)
        }
    }
}
