@testable import HTTPServer
import Testing

/// Size limits: 414 for the target, 431 for header and trailer sections, 413 for bodies.
/// Each limit must bite before the parser buffers more than it allows.
@Suite struct HTTPParserLimitTests {
    // MARK: 414

    @Test func parser_rejectsTargetOverDefaultLimit_with414() {
        let target = "/" + String(repeating: "a", count: 8 * 1024)
        RejectCase("8 KiB + 1 target", "GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n", 414).verify()
    }

    @Test func parser_rejectsTargetOverCustomLimit_with414() {
        let limits = HTTPParserLimits(maxTargetBytes: 16)
        let ok = try? Feeding.whole(bytes("GET /" + String(repeating: "b", count: 15) + " HTTP/1.1\r\nHost: h\r\n\r\n"), limits: limits)
        #expect(ok?.requests.count == 1, "a 16-byte target is within a 16-byte limit")
        RejectCase("17-byte target", "GET /" + String(repeating: "b", count: 16) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414, limits: limits).verify()
    }

    @Test func parser_rejectsEndlessRequestLine_with414_beforeItEnds() throws {
        let limits = HTTPParserLimits(maxTargetBytes: 16)
        var driver = ParserDriver(limits: limits)
        // Request-line overhead (method, spaces, version) is allowed on top of the target.
        try driver.feed(bytes("GET /" + String(repeating: "c", count: 16 + HeadParser.requestLineOverhead - 5)))
        #expect(driver.events.isEmpty)
        #expect(throws: HTTPParseError.uriTooLong) { try driver.feed(bytes("cc")) }
    }

    /// Found by scripts/fuzz (Tests/FuzzCorpus/http-parser/regression-long-line-in-one-read.http):
    /// an oversize request line that arrived whole with the rest of the head still to come
    /// waited for the head, where the same bytes one at a time were refused at once.
    @Test func parser_rejectsEndedOversizeRequestLine_beforeTheHeadEnds_howeverItArrives() {
        let limits = HTTPParserLimits(maxTargetBytes: 16)
        let raw = bytes("GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\nHost: h\r\n")
        #expect(Feeding.error(raw, limits: limits).error == .uriTooLong)
        #expect(Feeding.error(raw, limits: limits, byteByByte: true).error == .uriTooLong)
    }

    @Test func parser_rejectsEndlessRequestLineAtDefaultLimit_with414() {
        let raw = bytes("GET /" + String(repeating: "d", count: 9 * 1024))
        for byteByByte in [false, true] {
            let (error, _) = Feeding.error(raw, byteByByte: byteByByte)
            #expect(error == .uriTooLong)
        }
    }

    // MARK: 431

    @Test func parser_rejectsHeaderSectionOverDefaultLimit_with431() {
        let value = String(repeating: "v", count: 16 * 1024)
        RejectCase("16 KiB header value", "GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(value)\r\n\r\n", 431).verify()
    }

    @Test func parser_enforcesHeaderLimitAtTheExactByte() throws {
        // The header section counts every field line with its CRLF plus the final CRLF.
        let limits = HTTPParserLimits(maxHeaderBytes: 64)
        let fixed = "Host: h\r\n\r\n".utf8.count + "X-Pad: \r\n".utf8.count
        let fits = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + String(repeating: "p", count: 64 - fixed) + "\r\n\r\n"
        #expect(try Feeding.whole(bytes(fits), limits: limits).requests.count == 1)
        let over = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + String(repeating: "p", count: 65 - fixed) + "\r\n\r\n"
        RejectCase("65-byte header section", over, 431, limits: limits).verify()
    }

    @Test func parser_rejectsEndlessHeaderSection_with431_beforeItEnds() throws {
        var driver = ParserDriver(limits: HTTPParserLimits(maxHeaderBytes: 64))
        try driver.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-Pad: " + String(repeating: "p", count: 40)))
        #expect(driver.events.isEmpty)
        #expect(throws: HTTPParseError.headerFieldsTooLarge) { try driver.feed(bytes(String(repeating: "p", count: 20))) }
    }

    @Test func parser_rejectsTooManyHeaderFields_with431() {
        var raw = "GET / HTTP/1.1\r\nHost: h\r\n"
        for index in 1...128 { raw += "X-\(index): v\r\n" }
        RejectCase("129 fields", raw + "\r\n", 431).verify()
        RejectCase("4 fields over a limit of 3", "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431, limits: HTTPParserLimits(maxHeaderCount: 3)).verify()
    }

    @Test func parser_rejectsTrailerSectionOverLimit_with431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 64)
        let raw = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: " + String(repeating: "t", count: 70) + "\r\n\r\n"
        RejectCase("70-byte trailer", raw, 431, limits: limits).verify()
        let manyLines = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + String(repeating: "X-T: 1234567890\r\n", count: 5) + "\r\n"
        RejectCase("trailer lines adding up", manyLines, 431, limits: limits).verify()
    }

    @Test func parser_rejectsEndlessTrailer_with431_beforeItEnds() throws {
        var driver = ParserDriver(limits: HTTPParserLimits(maxHeaderBytes: 64))
        try driver.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: "))
        #expect(throws: HTTPParseError.headerFieldsTooLarge) { try driver.feed(bytes(String(repeating: "t", count: 80))) }
    }

    // MARK: 413

    @Test func parser_rejectsContentLengthOverDefaultLimit_fromTheHeadAlone() throws {
        var driver = ParserDriver()
        #expect(throws: HTTPParseError.contentTooLarge) {
            try driver.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1048577\r\n\r\n"))
        }
        #expect(driver.events.isEmpty, "no head step is reported for a body that will be refused")
        let atLimit = try Feeding.whole(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1048576\r\n\r\n"))
        #expect(atLimit.events == [.head(HeadSnapshot(method: "POST", target: "/", framing: .length(1_048_576), expectsContinue: false, keepAlive: true))])
    }

    @Test func parser_rejectsContentLengthOverCustomLimit_with413() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        RejectCase("11 > 10", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", 413, limits: limits).verify()
        RejectCase("18 digits", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999999999\r\n\r\n", 413, limits: limits).verify()
        RejectCase("413 wins over Expect", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n", 413, limits: limits).verify()
    }

    @Test func parser_rejectsChunkedBodyGrowingOverLimit_with413() {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        RejectCase("6 + 5 bytes", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n123456\r\n5\r\n12345\r\n0\r\n\r\n", 413, limits: limits).verify()
        RejectCase("one huge chunk", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n", 413, limits: limits).verify()
    }

    @Test func parser_rejectsOversizeChunk_beforeItsDataArrives() throws {
        var driver = ParserDriver(limits: HTTPParserLimits(maxBodyBytes: 10))
        try driver.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"))
        #expect(throws: HTTPParseError.contentTooLarge) { try driver.feed(bytes("b\r\n")) }
    }
}
