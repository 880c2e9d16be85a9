import Foundation
import HTTPServer
import KehuTestSupport
import Testing
@testable import KehuAPI

/// The console's files over a real socket: framing of 200 and 304, and HEAD.
@Suite struct ConsoleLiveTests {
    @Test func servesFiles_andRevalidatesWith304_overASocket() throws {
        let server = try TestHTTPServer(handler: ConsoleHandlerTests.makeRouter())
        defer { server.shutdown() }
        let client = try server.makeClient()
        defer { client.close() }
        let page = try client.exchange(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(page.status == 200)
        #expect(page.bodyText == "<!doctype html><title>Kehu</title>")
        #expect(page.header("Content-Length") == "\(page.body.count)")
        let etag = try #require(page.header("ETag"))
        let revalidated = try client.exchange(Array("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(etag)\r\n\r\n".utf8), noBody: true)
        #expect(revalidated.status == 304)
        #expect(revalidated.body.isEmpty)
        #expect(revalidated.header("Content-Security-Policy")?.contains("default-src 'self'") == true)
        // The connection stays usable after the bodiless 304.
        let script = try client.exchange(Array("HEAD /console/js/app.js HTTP/1.1\r\nHost: x\r\n\r\n".utf8), noBody: true)
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        let traversal = try client.exchange(Array("GET /console/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(traversal.status == 404)
    }
}
