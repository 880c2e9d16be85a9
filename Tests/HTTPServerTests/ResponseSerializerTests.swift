@testable import HTTPServer
import Testing

/// Exact bytes written for responses (RFC 9112 §4, §6, §7; RFC 9110 §8.6, §15).
@Suite struct ResponseSerializerTests {
    static let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    private func serialize(
        _ response: Response, isHead: Bool = false, keepAlive: Bool = true, version: HTTPVersion = .http1_1
    ) -> String {
        var out: [UInt8] = []
        let body: [UInt8] = if case .bytes(let bytes) = response.body { bytes } else { [] }
        ResponseSerializer.appendComplete(response, body: body, isHead: isHead, keepAlive: keepAlive, requestVersion: version, date: Self.date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func serializer_writesStatusHeadersDateAndContentLength() {
        let response = Response(status: .ok, contentType: "text/plain", bytes: Array("hello".utf8), headers: ["X-A": "1"])
        #expect(serialize(response) == "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Type: text/plain\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\n\r\nhello")
    }

    @Test func serializer_writesConnectionClose_whenNotKeepingAlive() {
        #expect(serialize(.text("hi"), keepAlive: false)
            == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
        #expect(serialize(.text("hi"), keepAlive: false, version: .http1_0).contains("\r\nConnection: close\r\n\r\nhi"))
    }

    @Test func serializer_answersHTTP10KeepAlive_withConnectionKeepAlive() {
        #expect(serialize(Response(status: .ok, body: .bytes([65])), keepAlive: true, version: .http1_0)
            == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\nA")
    }

    @Test func serializer_writesEmptyBodyAsContentLengthZero() {
        #expect(serialize(Response(status: .ok)) == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func serializer_keepsContentLengthButNoBody_forHEAD() {
        #expect(serialize(.text("hello world", contentType: "text/plain"), isHead: true)
            == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 11\r\n\r\n")
    }

    @Test func serializer_writesNoContentLengthAndNoBody_for204() {
        // RFC 9110 §8.6: a server MUST NOT send Content-Length in a 204 response.
        let response = Response(status: .noContent, headers: ["Content-Length": "4"], body: .bytes(Array("oops".utf8)))
        #expect(serialize(response) == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    @Test func serializer_writesNoBody_for304AndInterimStatuses() {
        let notModified = Response(status: .notModified, headers: ["ETag": "\"v1\""], body: .bytes(Array("body".utf8)))
        #expect(serialize(notModified) == "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(serialize(Response(status: HTTPStatus(code: 103), body: .bytes([1])))
            == "HTTP/1.1 103 Status\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    @Test func serializer_replacesServerOwnedHeadersFromTheHandler() {
        let response = Response(
            status: .created,
            headers: HTTPHeaders([("content-length", "999"), ("Transfer-Encoding", "chunked"), ("Connection", "keep-alive"), ("DATE", "yesterday"), ("Location", "/x/1")]),
            body: .bytes(Array("{}".utf8))
        )
        #expect(serialize(response, keepAlive: false)
            == "HTTP/1.1 201 Created\r\nLocation: /x/1\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
    }

    @Test func serializer_keepsRepeatedHeadersInOrder() {
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", "a=1")
        headers.add("Set-Cookie", "b=2")
        #expect(serialize(Response(status: .ok, headers: headers))
            == "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func serializer_writesChunkedAndUntilCloseHeads() {
        var chunked: [UInt8] = []
        ResponseSerializer.appendHead(status: .ok, headers: ["Content-Type": "text/csv"], framing: .chunked, keepAlive: true, requestVersion: .http1_1, date: Self.date, into: &chunked)
        #expect(String(decoding: chunked, as: UTF8.self)
            == "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nTransfer-Encoding: chunked\r\n\r\n")
        var untilClose: [UInt8] = []
        ResponseSerializer.appendHead(status: .ok, headers: HTTPHeaders(), framing: .untilClose, keepAlive: false, requestVersion: .http1_0, date: Self.date, into: &untilClose)
        #expect(String(decoding: untilClose, as: UTF8.self) == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\n\r\n")
    }

    @Test func serializer_omitsTransferEncoding_onChunkedHeadOf204() {
        // RFC 9112 §6.1: a server MUST NOT send Transfer-Encoding in a 1xx or 204 response.
        var out: [UInt8] = []
        ResponseSerializer.appendHead(status: .noContent, headers: HTTPHeaders(), framing: .chunked, keepAlive: true, requestVersion: .http1_1, date: Self.date, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    @Test func serializer_framesChunksInHex() {
        #expect(ResponseSerializer.chunk(Array("hello".utf8)) == Array("5\r\nhello\r\n".utf8))
        let big = [UInt8](repeating: 0x61, count: 255)
        #expect(ResponseSerializer.chunk(big) == Array("ff\r\n".utf8) + big + Array("\r\n".utf8))
        #expect(ResponseSerializer.chunk([UInt8](repeating: 0, count: 4096)).prefix(5) == Array("1000\r".utf8)[...])
        #expect(ResponseSerializer.lastChunk == Array("0\r\n\r\n".utf8))
        #expect(ResponseSerializer.continueResponse == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    @Test func serverProblem_writesProblemJSONWithEscapedDetail() {
        let response = ServerProblem.response(.badRequest, detail: "bad \"quote\" \\ and\n\u{1}")
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        guard case .bytes(let body) = response.body else { Issue.record("no body"); return }
        #expect(String(decoding: body, as: UTF8.self)
            == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"bad \"quote\" \\ and\n\u0001"}"#)
    }

    @Test func dateCache_formatsIMFFixdate() {
        let text = String(decoding: DateCache().current(), as: UTF8.self)
        // e.g. "Sun, 06 Nov 1994 08:49:37 GMT": fixed width 29.
        #expect(text.utf8.count == 29)
        #expect(text.hasSuffix(" GMT"))
        #expect(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(String(text.prefix(3))))
    }
}
