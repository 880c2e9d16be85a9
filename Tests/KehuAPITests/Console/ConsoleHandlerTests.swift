import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Logging
import Testing
@testable import KehuAPI

/// The console's static files through the real router, without a socket.
@Suite struct ConsoleHandlerTests {
    static let files: [String: [UInt8]] = [
        "index.html": Array("<!doctype html><title>Kehu</title>".utf8),
        "js/app.js": Array("import './api.js';".utf8),
        "css/console.css": Array("body{}".utf8),
        "favicon.svg": Array("<svg/>".utf8),
        "notes.sh": Array("rm -rf /".utf8),
    ]

    static func makeRouter(_ assets: ConsoleAssets? = ConsoleAssets(relativeFiles: files)) -> Router {
        KehuAPI.makeRouter(APIDependencies(
            health: FakeHealthCheck(), metrics: HTTPMetrics(), gauges: FixedGauges(), isDraining: { false },
            openAPIDocument: nil, corsOrigins: [], accessLog: false, services: nil,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, console: assets
        ))
    }

    let router = Self.makeRouter()

    @Test func root_servesIndexHTML_withStrictSecurityHeaders() throws {
        let response = try router.handle(.make(.get, "/"))
        #expect(response.status == .ok)
        #expect(response.bodyText == "<!doctype html><title>Kehu</title>")
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.headers["Cache-Control"] == "no-cache")
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        let policy = try #require(response.headers["Content-Security-Policy"])
        for directive in ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                          "img-src 'self' data:", "frame-ancestors 'none'", "object-src 'none'"] {
            #expect(policy.contains(directive), "missing \(directive)")
        }
        #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
    }

    @Test func assets_carryTheContentTypeOfTheirExtension() throws {
        #expect(try router.handle(.make(.get, "/console/js/app.js")).headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(try router.handle(.make(.get, "/console/css/console.css")).headers["Content-Type"] == "text/css; charset=utf-8")
        #expect(try router.handle(.make(.get, "/console/favicon.svg")).headers["Content-Type"] == "image/svg+xml")
        #expect(try router.handle(.make(.get, "/console/index.html")).headers["Content-Type"] == "text/html; charset=utf-8")
    }

    @Test func matchingIfNoneMatch_answers304_withoutBody() throws {
        let first = try router.handle(.make(.get, "/console/js/app.js"))
        let etag = try #require(first.headers["ETag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count == 34)
        for header in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
            let again = try router.handle(.make(.get, "/console/js/app.js", headers: [("If-None-Match", header)]))
            #expect(again.status == .notModified, "If-None-Match: \(header)")
            #expect(again.body.knownLength == 0)
            #expect(again.headers["ETag"] == etag)
        }
        let stale = try router.handle(.make(.get, "/console/js/app.js", headers: [("If-None-Match", "\"0000\"")]))
        #expect(stale.status == .ok)
    }

    @Test func etag_changesWithTheContent() {
        let one = StaticAsset(bytes: Array("a".utf8), contentType: "text/plain")
        let two = StaticAsset(bytes: Array("b".utf8), contentType: "text/plain")
        #expect(one.etag != two.etag)
        #expect(one.etag == StaticAsset(bytes: Array("a".utf8), contentType: "text/plain").etag)
    }

    @Test(arguments: [
        "/console/../index.html", "/console/%2e%2e/index.html", "/console/%2E%2E/%2E%2E/etc/passwd",
        "/console/js/../../Package.swift", "/console/..%2f..%2fPackage.swift", "/console/notes.sh",
        "/console/", "/console", "/console/js", "/console//js/app.js", "/console/js%2fapp.js",
    ])
    func pathsOutsideTheKnownFiles_are404(_ path: String) throws {
        let response = try router.handle(.make(.get, path))
        #expect(response.status == .notFound, "\(path)")
        #expect(response.headers["Content-Type"] == "application/problem+json")
    }

    @Test func head_answersTheHeadersOfGet() throws {
        let response = try router.handle(.make(.head, "/console/js/app.js"))
        #expect(response.status == .ok)
        #expect(response.headers["ETag"] != nil)
    }

    @Test func post_isMethodNotAllowed() throws {
        #expect(try router.handle(.make(.post, "/")).status == .methodNotAllowed)
    }

    @Test func withoutAConsole_rootIs404() throws {
        #expect(try Self.makeRouter(nil).handle(.make(.get, "/")).status == .notFound)
    }

    @Test func unsafeRelativePaths_areNeverRegistered() {
        let assets = ConsoleAssets(relativeFiles: [
            "index.html": [1], "../secret.html": [2], "a/./b.js": [3], "a//b.js": [4], "a\\b.js": [5], "%2e.js": [6],
        ])
        #expect(Set(assets.files.keys) == ["/", "/console/index.html"])
    }

    @Test func load_readsAFolder_skippingHiddenAndUnknownFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory.path("js/pages"), withIntermediateDirectories: true)
        try Data("<html>".utf8).write(to: directory.url.appendingPathComponent("index.html"))
        try Data("export {}".utf8).write(to: directory.url.appendingPathComponent("js/pages/a.js"))
        try Data("secret".utf8).write(to: directory.url.appendingPathComponent(".env"))
        try Data("#!/bin/sh".utf8).write(to: directory.url.appendingPathComponent("run.sh"))
        let assets = try ConsoleAssets.load(directory: directory.url.path)
        #expect(Set(assets.files.keys) == ["/", "/console/index.html", "/console/js/pages/a.js"])
        #expect(assets.files["/console/js/pages/a.js"]?.bytes == Array("export {}".utf8))
    }

    @Test func load_refusesAFolderWithoutIndex_andAMissingFolder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ConsoleAssetsError.missingIndex(directory.url.path)) { try ConsoleAssets.load(directory: directory.url.path) }
        #expect(throws: ConsoleAssetsError.notADirectory("/no/such/folder")) { try ConsoleAssets.load(directory: "/no/such/folder") }
    }

    @Test func theProjectsConsoleFolder_loadsEveryPageModule() throws {
        let assets = try ConsoleAssets.load(directory: PackageRoot.url.appendingPathComponent("console").path)
        for path in ["/", "/console/css/console.css", "/console/js/app.js", "/console/js/api.js", "/console/js/charts.js",
                     "/console/js/i18n.js", "/console/js/router.js", "/console/js/pages/dashboard.js"] {
            #expect(assets.files[path] != nil, "\(path)")
        }
        // The page must load nothing inline: the CSP would block it.
        let index = String(decoding: try #require(assets.files["/"]).bytes, as: UTF8.self)
        #expect(!index.contains("<style") && !index.contains("style=") && !index.contains("<script>"))
    }
}
