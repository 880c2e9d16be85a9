@testable import HTTPServer
import Testing

/// `maxBodyBytesByPath`: one route (a bulk upload) may take larger bodies than the rest,
/// for Content-Length and chunked bodies alike; the query never changes the match.
@Suite struct HTTPParserPathLimitTests {
    static let limits: HTTPParserLimits = {
        var limits = HTTPParserLimits(maxBodyBytes: 8)
        limits.maxBodyBytesByPath = ["/upload": 32]
        return limits
    }()

    @Test func limitForTarget_usesThePathWithoutQuery() {
        #expect(Self.limits.maxBodyBytes(forTarget: "/upload") == 32)
        #expect(Self.limits.maxBodyBytes(forTarget: "/upload?dryRun=true") == 32)
        #expect(Self.limits.maxBodyBytes(forTarget: "/upload/x") == 8)
        #expect(Self.limits.maxBodyBytes(forTarget: "/other") == 8)
    }

    @Test func contentLength_overTheGlobalLimit_isAcceptedOnTheLargerPath() throws {
        let body = String(repeating: "b", count: 32)
        let raw = "POST /upload?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 32\r\n\r\n" + body
        #expect(try Feeding.whole(Array(raw.utf8), limits: Self.limits).requests.count == 1)
        RejectCase("33 bytes to /upload", "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 33\r\n\r\n", 413, limits: Self.limits).verify()
        RejectCase("9 bytes elsewhere", "POST /other HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\n", 413, limits: Self.limits).verify()
    }

    @Test func chunkedBody_isLimitedPerPath() throws {
        let ok = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + String(repeating: "c", count: 16) + "\r\n10\r\n" + String(repeating: "c", count: 16) + "\r\n0\r\n\r\n"
        #expect(try Feeding.whole(Array(ok.utf8), limits: Self.limits).requests.count == 1)
        let over = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + String(repeating: "c", count: 16) + "\r\n11\r\n"
        RejectCase("33 chunked bytes to /upload", over, 413, limits: Self.limits).verify()
        RejectCase("9 chunked bytes elsewhere", "POST /other HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n", 413, limits: Self.limits).verify()
    }
}
