@testable import HTTPServer
import Testing

/// Statuses other than 400: unsupported features (501), versions (505) and expectations (417).
@Suite struct HTTPParserUnsupportedTests {
    static let cases: [RejectCase] = [
        RejectCase("Transfer-Encoding gzip", requestHead("Transfer-Encoding: gzip\r\n"), 501),
        RejectCase("Transfer-Encoding gzip, chunked", requestHead("Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n", 501),
        RejectCase("Transfer-Encoding chunked, gzip", requestHead("Transfer-Encoding: chunked, gzip\r\n"), 501),
        RejectCase("Transfer-Encoding in two headers", requestHead("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), 501),
        RejectCase("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501),
        RejectCase("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
        RejectCase("HTTP/0.9", "GET / HTTP/0.9\r\nHost: h\r\n\r\n", 505),
        RejectCase("HTTP/3.0 without Host", "GET / HTTP/3.0\r\n\r\n", 505),
        RejectCase("Expect: something-else", requestHead("Expect: something-else\r\nContent-Length: 1\r\n") + "x", 417),
        RejectCase("Expect list with an unknown member", requestHead("Expect: 100-continue, foo\r\nContent-Length: 1\r\n") + "x", 417),
        RejectCase("Expect on a bodiless GET", "GET / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n", 417),
    ]

    @Test(arguments: cases)
    func parser_refusesUnsupportedFeatures_withSpecificStatus(_ testCase: RejectCase) {
        testCase.verify()
    }

    /// The answer may repeat the client's transfer coding; the log line must not, since a
    /// header value can carry personal data (docs/reliability.md, "Personal data in logs").
    @Test func unsupportedTransferCoding_isEchoedToTheClient_butNotInTheLogReason() {
        let raw = bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: li.lei@example.com\r\n\r\n")
        var parser = HTTPParser()
        do {
            _ = try raw.withUnsafeBufferPointer { buffer throws(HTTPParseError) in try parser.parse(buffer) }
            Issue.record("expected a 501")
        } catch {
            #expect(error.status.code == 501)
            #expect(error.detail.contains("li.lei@example.com"))
            #expect(!error.logReason.contains("li.lei"))
            #expect(!error.description.contains("li.lei"))
        }
    }
}
