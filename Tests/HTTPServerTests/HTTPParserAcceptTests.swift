@testable import HTTPServer
import Testing

/// What the parser accepts (RFC 9112 §2–§7), each checked on the exact parsed fields.
@Suite struct HTTPParserAcceptTests {
    @Test func parser_parsesSimpleGET_consumingExactlyTheHead() throws {
        let raw = bytes("GET /hello?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        var parser = HTTPParser()
        let (step, consumed) = try raw.withUnsafeBufferPointer { buffer throws(HTTPParseError) in try parser.parse(buffer) }
        #expect(consumed == raw.count)
        guard case .request(let request) = step else {
            Issue.record("expected a complete request, got \(step)")
            return
        }
        #expect(request.method == .get)
        #expect(request.target == "/hello?x=1")
        #expect(request.path == "/hello")
        #expect(request.query == "x=1")
        #expect(request.version == .http1_1)
        #expect(Array(request.headers) == [HTTPHeaders.Field(name: "Host", value: "example.com")])
        #expect(request.body.isEmpty)
        #expect(parser.isIdle)
    }

    /// RFC 9110 §6.2; found beside h11 (scripts/compare-parser), where 1.2 was refused with 505.
    @Test(arguments: ["HTTP/1.2", "HTTP/1.9"])
    func parser_readsAHigherMinorVersionAsHTTP11(_ version: String) throws {
        let driver = try Feeding.whole(bytes("GET / \(version)\r\nHost: h\r\n\r\n"))
        let request = try #require(driver.requests.first)
        #expect(request.version == .http1_1)
        #expect(request.wantsKeepAlive)
    }

    @Test func parser_trimsOptionalWhitespaceAroundHeaderValues() throws {
        let driver = try Feeding.whole(bytes(
            "GET / HTTP/1.1\r\nHost:example.com\r\nX-A:   value with  inner  \t \r\nX-B:\tv\r\nX-Empty:\r\nX-Spaces:    \r\n\r\n"
        ))
        let request = try #require(driver.requests.first)
        #expect(request.headers == [
            HTTPHeaders.Field(name: "Host", value: "example.com"),
            HTTPHeaders.Field(name: "X-A", value: "value with  inner"),
            HTTPHeaders.Field(name: "X-B", value: "v"),
            HTTPHeaders.Field(name: "X-Empty", value: ""),
            HTTPHeaders.Field(name: "X-Spaces", value: ""),
        ])
    }

    @Test func parser_looksUpHeadersIgnoringCase() throws {
        var parser = HTTPParser()
        let raw = bytes("GET / HTTP/1.1\r\nhOsT: h\r\nX-Thing: a\r\nx-thing: b\r\n\r\n")
        let (step, _) = try raw.withUnsafeBufferPointer { buffer throws(HTTPParseError) in try parser.parse(buffer) }
        guard case .request(let request) = step else { Issue.record("no request"); return }
        #expect(request.headers["HOST"] == "h")
        #expect(request.headers.values(for: "x-THING") == ["a", "b"])
    }

    @Test(arguments: [
        ["5, 5"],
        ["5", "5"],
        ["5,5", " 5 "],
    ])
    func parser_acceptsRepeatedIdenticalContentLength(_ values: [String]) throws {
        let lengthHeaders = values.map { "Content-Length: \($0)\r\n" }.joined()
        let driver = try Feeding.whole(bytes("POST /p HTTP/1.1\r\nHost: h\r\n\(lengthHeaders)\r\nhelloGET"))
        #expect(driver.requests.map(\.bodyText) == ["hello"])
        #expect(driver.pending == bytes("GET"))
    }

    @Test func parser_readsContentLengthBody_reportingTheHeadFirst() throws {
        let driver = try Feeding.whole(bytes("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"))
        #expect(driver.events.count == 2)
        guard case .head(let head) = driver.events.first else { Issue.record("no head step: \(driver.events)"); return }
        #expect(head.framing == .length(11))
        #expect(head.expectsContinue == false)
        #expect(driver.requests.map(\.bodyText) == ["hello world"])
        #expect(driver.pending.isEmpty)
    }

    @Test func parser_treatsContentLengthZeroAsNoBody() throws {
        let driver = try Feeding.whole(bytes("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"))
        #expect(driver.events.count == 1, "no .head step for an empty body")
        #expect(driver.requests.first?.body == [])
    }

    @Test func parser_decodesChunkedBody_ignoringExtensionsAndTrailers() throws {
        let raw = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "6 ; quoted=\"a b\" ;flag\r\n world\r\n"
            + "A\r\n0123456789\r\n"
            + "0;last\r\nX-Trailer: t\r\nChecksum: abc\r\n\r\n"
        let driver = try Feeding.whole(bytes(raw))
        guard case .head(let head) = driver.events.first else { Issue.record("no head step"); return }
        #expect(head.framing == .chunked)
        let request = try #require(driver.requests.first)
        #expect(request.bodyText == "hello world0123456789")
        #expect(request.header("X-Trailer") == nil, "trailer fields are dropped, never merged into the headers")
        #expect(request.header("Checksum") == nil)
        #expect(driver.pending.isEmpty)
    }

    @Test func parser_acceptsChunkedCaseInsensitively() throws {
        let driver = try Feeding.whole(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ChUnKeD\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))
        #expect(driver.requests.map(\.bodyText) == ["abc"])
    }

    @Test func parser_ignoresLeadingEmptyLinesBeforeRequestLine() throws {
        let driver = try Feeding.whole(bytes("\r\n\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(driver.requests.map(\.target) == ["/after"])
        #expect(driver.pending.isEmpty)
    }

    @Test(arguments: [
        ("http://example.com/a/b?c=d", "/a/b?c=d"),
        ("http://example.com", "/"),
        ("HTTPS://Example.com:8443?q=1", "/?q=1"),
        ("https://example.com/", "/"),
    ])
    func parser_reducesAbsoluteFormTargetToPathAndQuery(target: String, expected: String) throws {
        let driver = try Feeding.whole(bytes("GET \(target) HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        #expect(driver.requests.map(\.target) == [expected])
    }

    @Test func parser_acceptsAsteriskTargetForOPTIONS() throws {
        let driver = try Feeding.whole(bytes("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"))
        let request = try #require(driver.requests.first)
        #expect(request.method == "OPTIONS")
        #expect(request.target == "*")
    }

    @Test func parser_acceptsHTTP10WithoutHost() throws {
        let driver = try Feeding.whole(bytes("GET /old HTTP/1.0\r\n\r\n"))
        let request = try #require(driver.requests.first)
        #expect(request.version == .http1_0)
        #expect(request.headers.isEmpty)
    }

    @Test func parser_acceptsObsTextInHeaderValue() throws {
        // "Ä" (0xC3 0x84) and "€" are obs-text bytes (0x80–0xFF), allowed in field values.
        let driver = try Feeding.whole(bytes("GET / HTTP/1.1\r\nHost: h\r\nX-Name: Äbc €\r\n\r\n"))
        #expect(driver.requests.first?.header("X-Name") == "Äbc €")
    }

    @Test func parser_acceptsNonUTF8ObsTextInHeaderValue() throws {
        let raw = bytes("GET / HTTP/1.1\r\nHost: h\r\nX-Raw: a") + [0x80, 0xFF] + bytes("b\r\n\r\n")
        let driver = try Feeding.whole(raw)
        #expect(driver.requests.count == 1)
    }

    @Test func parser_reportsExpectContinueOnTheHeadStep() throws {
        var driver = ParserDriver()
        try driver.feed(bytes("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n"))
        #expect(driver.events == [.head(HeadSnapshot(
            method: "PUT", target: "/x", framing: .length(3), expectsContinue: true, keepAlive: true
        ))])
        #expect(driver.requests.isEmpty, "the body has not arrived yet")
        try driver.feed(bytes("abc"))
        #expect(driver.requests.map(\.bodyText) == ["abc"])
    }

    @Test func parser_doesNotExpectContinueFromHTTP10Client() throws {
        let driver = try Feeding.whole(bytes("PUT /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n"))
        guard case .head(let head) = driver.events.first else { Issue.record("no head step"); return }
        #expect(head.expectsContinue == false)
    }

    struct KeepAliveCase: Sendable, CustomTestStringConvertible {
        let version: String
        let header: String
        let expected: Bool
        var testDescription: String { "\(version) \(header.debugDescription) → keep-alive \(expected)" }
    }

    @Test(arguments: [
        KeepAliveCase(version: "HTTP/1.1", header: "", expected: true),
        KeepAliveCase(version: "HTTP/1.1", header: "Connection: close\r\n", expected: false),
        KeepAliveCase(version: "HTTP/1.1", header: "Connection: keep-alive, Close\r\n", expected: false),
        KeepAliveCase(version: "HTTP/1.0", header: "", expected: false),
        KeepAliveCase(version: "HTTP/1.0", header: "Connection: keep-alive\r\n", expected: true),
        KeepAliveCase(version: "HTTP/1.0", header: "Connection: Keep-Alive\r\n", expected: true),
    ])
    func request_wantsKeepAlive_followsVersionAndConnectionHeader(_ testCase: KeepAliveCase) throws {
        let driver = try Feeding.whole(bytes("GET / \(testCase.version)\r\nHost: h\r\n\(testCase.header)\r\n"))
        let request = try #require(driver.requests.first)
        #expect(request.wantsKeepAlive == testCase.expected)
    }

    @Test func parser_parsesPipelinedRequestsFromOneBuffer() throws {
        let raw = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok"
            + "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "GET /4 HTTP/1.1\r\nHo"
        let driver = try Feeding.whole(bytes(raw))
        #expect(driver.requests.map(\.target) == ["/1", "/2", "/3"])
        #expect(driver.requests[1].bodyText == "ok")
        #expect(driver.pending == bytes("GET /4 HTTP/1.1\r\nHo"), "the partial fourth request stays unconsumed")
    }

    @Test func parser_acceptsExactlyTheDefaultTargetLimit() throws {
        let target = "/" + String(repeating: "a", count: 8 * 1024 - 1)
        let driver = try Feeding.whole(bytes("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(driver.requests.first?.target.utf8.count == 8 * 1024)
    }

    @Test func parser_acceptsExactlyMaxHeaderCountFields() throws {
        var raw = "GET / HTTP/1.1\r\nHost: h\r\n"
        for index in 1..<128 { raw += "X-\(index): v\r\n" }
        let driver = try Feeding.whole(bytes(raw + "\r\n"))
        #expect(driver.requests.first?.headers.count == 128)
    }

    @Test func parser_acceptsBodyOfExactlyMaxBodyBytes() throws {
        let limits = HTTPParserLimits(maxBodyBytes: 10)
        let fixed = try Feeding.whole(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"), limits: limits)
        #expect(fixed.requests.map(\.bodyText) == ["0123456789"])
        let chunked = try Feeding.whole(
            bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n0123\r\n6\r\n456789\r\n0\r\n\r\n"), limits: limits
        )
        #expect(chunked.requests.map(\.bodyText) == ["0123456789"])
    }
}
