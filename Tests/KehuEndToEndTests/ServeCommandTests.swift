import Foundation
import KehuTestSupport
import Testing

@Suite(.serialized) struct ServeCommandTests {
    @Test func serve_answersHealth_andExitsZeroOnSIGTERM() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try RunningServer(["--db", directory.path("data/kehu.sqlite")])
        let client = try RawHTTPClient(port: server.port)
        let response = try client.exchange(RawHTTPRequest.get("/health"))
        #expect(response.status == 200)
        #expect(response.bodyText == #"{"status":"ok"}"#)
        client.close()
        #expect(server.stop(signal: SIGTERM) == 0)
        #expect(server.output.contains { $0.contains("\"msg\":\"stopped\"") })
        #expect(FileManager.default.fileExists(atPath: directory.path("data/kehu.sqlite")))
    }

    @Test func serve_exitsZeroOnSIGINT_evenAfterLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try RunningServer(["--db", directory.path("kehu.sqlite"), "--access-log", "off"])
        let port = server.port
        ConcurrentThreads.run(8) { _ in
            do {
                let client = try RawHTTPClient(port: port)
                defer { client.close() }
                for _ in 0..<50 { #expect(try client.exchange(RawHTTPRequest.get("/health")).status == 200) }
            } catch {
                Issue.record("client failed: \(error)")
            }
        }
        #expect(server.stop(signal: SIGINT) == 0)
    }

    @Test func serve_closesIdleKeepAliveConnections_onShutdown() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try RunningServer(["--db", directory.path("kehu.sqlite")])
        let idle = try RawHTTPClient(port: server.port)
        #expect(try idle.exchange(RawHTTPRequest.get("/ready")).status == 200)
        let started = Date()
        #expect(server.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 5, "an idle connection must not hold shutdown for the grace period")
        #expect(idle.waitForPeerClose(timeout: 2).state != .open)
    }

    @Test func serve_servesTheOpenAPIDocument_andDocs() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let specification = PackageRoot.url.appendingPathComponent("openapi.yaml").path
        let server = try RunningServer(["--db", directory.path("kehu.sqlite"), "--openapi", specification])
        defer { _ = server.stop() }
        let client = try RawHTTPClient(port: server.port)
        defer { client.close() }
        let spec = try client.exchange(RawHTTPRequest.get("/openapi.yaml"))
        #expect(spec.status == 200)
        #expect(spec.body == Array(try Data(contentsOf: URL(fileURLWithPath: specification))))
        let docs = try client.exchange(RawHTTPRequest.get("/docs"))
        #expect(docs.status == 200)
        #expect(docs.bodyText.contains("<code>/health</code>"))
    }

    @Test func serve_takesSettingsFromTheEnvironment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try RunningServer([], environment: ["KEHU_DB": directory.path("env.sqlite"), "KEHU_MAX_BODY_BYTES": "10"])
        defer { _ = server.stop() }
        let client = try RawHTTPClient(port: server.port)
        defer { client.close() }
        let response = try client.exchange(RawHTTPRequest.post("/health", body: String(repeating: "x", count: 11)))
        #expect(response.status == 413)
        #expect(FileManager.default.fileExists(atPath: directory.path("env.sqlite")))
    }

    @Test func serve_refusesAnInvalidEnvironmentValue_naming_it() throws {
        let (status, output) = try KehuProcess.run(["serve"], environment: ["KEHU_PORT": "eighty"])
        #expect(status != 0)
        #expect(output.contains("KEHU_PORT"))
    }

    /// Every setting is checked before the database is opened, so a typo leaves no file.
    @Test(arguments: [
        (["--port", "70000"], [:]), ([], ["KEHU_RATE_LIMIT": "-1"]), (["--time-zone", "Mars/Olympus"], [:]),
        (["--console", "/nonexistent/kehu-console"], [:]), ([], ["KEHU_WEBHOOK_TIMEOUT": "0"]), ([], ["KEHU_LOG_LEVEL": "loud"]),
    ] as [([String], [String: String])])
    func serve_refusesABadSetting_beforeCreatingTheDatabase(arguments: [String], environment: [String: String]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (status, output) = try KehuProcess.run(["serve", "--db", directory.path("data/kehu.sqlite")] + arguments, environment: environment)
        #expect(status != 0)
        #expect(!FileManager.default.fileExists(atPath: directory.path("data")), "a database was made before: \(output)")
    }

    @Test func serve_refusesAPortInUse_withAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try RunningServer(["--db", directory.path("a.sqlite")])
        defer { _ = server.stop() }
        let (status, output) = try KehuProcess.run(["serve", "--port", String(server.port), "--db", directory.path("b.sqlite")])
        #expect(status != 0)
        #expect(output.contains("bind"))
    }
}
