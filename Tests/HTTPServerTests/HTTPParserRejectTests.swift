@testable import HTTPServer
import Testing

/// Every rule on which the parser must answer 400 (RFC 9112 §2–§7, RFC 9110 §5).
@Suite struct HTTPParserRejectTests {
    static let framingCases: [RejectCase] = [
        RejectCase("Content-Length and Transfer-Encoding", requestHead("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", 400),
        RejectCase("Transfer-Encoding before Content-Length", requestHead("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"), 400),
        RejectCase("differing Content-Length list", requestHead("Content-Length: 5, 6\r\n") + "hello!", 400),
        RejectCase("differing Content-Length headers", requestHead("Content-Length: 5\r\nContent-Length: 6\r\n") + "hello!", 400),
        RejectCase("Content-Length +5", requestHead("Content-Length: +5\r\n") + "hello", 400),
        RejectCase("Content-Length -5", requestHead("Content-Length: -5\r\n"), 400),
        RejectCase("Content-Length with inner space", requestHead("Content-Length:  5 5\r\n") + "hello", 400),
        RejectCase("Content-Length 0x5", requestHead("Content-Length: 0x5\r\n") + "hello", 400),
        RejectCase("Content-Length 5a", requestHead("Content-Length: 5a\r\n") + "hello", 400),
        RejectCase("Content-Length empty", requestHead("Content-Length:\r\n"), 400),
        RejectCase("Content-Length empty list element", requestHead("Content-Length: 5,\r\n") + "hello", 400),
        RejectCase("Content-Length 19 digits", requestHead("Content-Length: 1000000000000000000\r\n"), 400),
        RejectCase("Content-Length overflowing Int", requestHead("Content-Length: 99999999999999999999999\r\n"), 400),
        RejectCase("Content-Length 5.0", requestHead("Content-Length: 5.0\r\n") + "hello", 400),
        RejectCase("Transfer-Encoding in HTTP/1.0", requestHead("Transfer-Encoding: chunked\r\n", requestLine: "POST /p HTTP/1.0") + "0\r\n\r\n", 400),
        RejectCase("chunked, chunked", requestHead("Transfer-Encoding: chunked, chunked\r\n") + "0\r\n\r\n", 400),
        RejectCase("chunked twice in two headers", requestHead("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n", 400),
        RejectCase("empty Transfer-Encoding", requestHead("Transfer-Encoding: \r\n"), 400),
    ]

    static let chunkCases: [RejectCase] = [
        RejectCase("chunk size +5", chunkedRequest("+5\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size -2", chunkedRequest("-2\r\nhi\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size 0x5", chunkedRequest("0x5\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size empty", chunkedRequest("\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size g", chunkedRequest("g\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size overflow (17 f)", chunkedRequest("fffffffffffffffff\r\nhello\r\n"), 400),
        RejectCase("chunk size overflow (16 f)", chunkedRequest("ffffffffffffffff\r\nhello\r\n"), 400),
        RejectCase("chunk size then space, no extension", chunkedRequest("5 \r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size then space and junk", chunkedRequest("5 x\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk extension with control char", chunkedRequest("5;a=\u{1}\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk-size line too long", chunkedRequest("5;" + String(repeating: "x", count: 1100) + "\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk data not followed by CRLF", chunkedRequest("5\r\nhelloXY0\r\n\r\n"), 400),
        RejectCase("chunk data longer than its size", chunkedRequest("3\r\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("chunk size line with bare LF", chunkedRequest("5\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("bare CR in chunk size line", chunkedRequest("5\rX\nhello\r\n0\r\n\r\n"), 400),
        RejectCase("last chunk then bare CR", chunkedRequest("5\r\nhello\r\n0\r\n\rX"), 400),
        RejectCase("last chunk then bare LF", chunkedRequest("5\r\nhello\r\n0\r\n\n"), 400),
        RejectCase("malformed trailer line", chunkedRequest("0\r\nnot a field\r\n\r\n"), 400),
        RejectCase("trailer with control character", chunkedRequest("0\r\nX-T: a\u{1}b\r\n\r\n"), 400),
    ]

    static let headCases: [RejectCase] = [
        RejectCase("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
        RejectCase("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        RejectCase("two Host headers even when equal", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", 400),
        RejectCase("Host with a space", "GET / HTTP/1.1\r\nHost: exa mple.com\r\n\r\n", 400),
        RejectCase("Host with a slash", "GET / HTTP/1.1\r\nHost: example.com/x\r\n\r\n", 400),
        RejectCase("bare CR inside a header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", 400),
        RejectCase("bare CR at the end of the request line", "GET / HTTP/1.1\r\rHost: h\r\n\r\n", 400),
        RejectCase("bare LF line endings", "GET / HTTP/1.1\nHost: h\n\n", 400),
        RejectCase("bare LF after one header", "GET / HTTP/1.1\r\nHost: h\nX-A: b\r\n\r\n", 400),
        RejectCase("bare LF ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\n", 400),
        RejectCase("request starting with LF", "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("space before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
        RejectCase("tab before the colon", "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400),
        RejectCase("obs-fold with SP", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n", 400),
        RejectCase("obs-fold with HTAB", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n\tb\r\n\r\n", 400),
        RejectCase("first header line starts with SP", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400),
        RejectCase("header name with a space", "GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400),
        RejectCase("header name with parentheses", "GET / HTTP/1.1\r\nHost: h\r\nX(y): z\r\n\r\n", 400),
        RejectCase("header name with non-ASCII", "GET / HTTP/1.1\r\nHost: h\r\nNämë: z\r\n\r\n", 400),
        RejectCase("empty header name", "GET / HTTP/1.1\r\nHost: h\r\n: z\r\n\r\n", 400),
        RejectCase("header line without colon", "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400),
        RejectCase("NUL in header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{0}b\r\n\r\n", 400),
        RejectCase("control char in header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{1B}b\r\n\r\n", 400),
        RejectCase("DEL in header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{7F}b\r\n\r\n", 400),
        RejectCase("method G@T", "G@T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("method with parenthesis", "GE(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("method with non-ASCII", "GÉT / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("empty method", " / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("method over 32 bytes", String(repeating: "M", count: 33) + " / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("two spaces after the method", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("space inside the target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("tab inside the target", "GET /a\tb HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("control char inside the target", "GET /a\u{1}b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("NUL inside the target", "GET /a\u{0}b HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("non-ASCII byte inside the target", "GET /ä HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("DEL inside the target", "GET /a\u{7F} HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("missing target", "GET HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("missing target and version", "GET\r\nHost: h\r\n\r\n", 400),
        RejectCase("relative target", "GET foo HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("absolute target with another scheme", "GET ftp://h/x HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("asterisk target with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("version HTTP/1.1x", "GET / HTTP/1.1x\r\nHost: h\r\n\r\n", 400),
        RejectCase("version HTTP/11", "GET / HTTP/11\r\nHost: h\r\n\r\n", 400),
        RejectCase("version http/1.1", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
        RejectCase("version HTTP/1.", "GET / HTTP/1.\r\nHost: h\r\n\r\n", 400),
        RejectCase("version HTTP/a.b", "GET / HTTP/a.b\r\nHost: h\r\n\r\n", 400),
        RejectCase("trailing space after the version", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400),
        RejectCase("empty request line", "\r\n\u{20}\r\n\r\n", 400),
    ]

    @Test(arguments: framingCases)
    func parser_rejectsAmbiguousOrInvalidFraming_with400(_ testCase: RejectCase) {
        testCase.verify()
    }

    @Test(arguments: chunkCases)
    func parser_rejectsMalformedChunkedFraming_with400(_ testCase: RejectCase) {
        testCase.verify()
    }

    @Test(arguments: headCases)
    func parser_rejectsMalformedHead_with400(_ testCase: RejectCase) {
        testCase.verify()
    }

    @Test func parser_rejectsBareCR_evenWhenSplitRightAfterIt() {
        var driver = ParserDriver()
        #expect(throws: Never.self) { try driver.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r")) }
        #expect(throws: HTTPParseError.self) { try driver.feed(bytes("b\r\n\r\n")) }
    }

    @Test func parser_rejectsSecondRequestOnly_afterAnsweringTheFirst() {
        let raw = bytes("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\n\r\n")
        let (error, requestsBefore) = Feeding.error(raw)
        #expect(error?.status == .badRequest)
        #expect(requestsBefore == 1, "the valid first request is still delivered")
    }
}
