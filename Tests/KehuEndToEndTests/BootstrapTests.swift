import Foundation
import KehuTestSupport
import Testing

@Suite(.serialized) struct BootstrapTests {
    @Test func firstStart_withKEHU_ADMIN_KEY_acceptsThatKey_andPrintsNoSecret() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let secret = "kehu_e2e_admin_key_0123456789abcdefghij"
        let server = try RunningServer(["--db", directory.path("kehu.sqlite")], environment: ["KEHU_ADMIN_KEY": secret])
        defer { _ = server.stop() }
        let client = try RawHTTPClient(port: server.port)
        defer { client.close() }
        #expect(try client.exchange(RawHTTPRequest.get("/v1/users", headers: [("Authorization", "Bearer \(secret)")])).status == 200)
        #expect(try client.exchange(RawHTTPRequest.get("/v1/users")).status == 401)
        #expect(!server.output.joined().contains(secret), "the given key is never echoed")
    }

    @Test func firstStart_printsAWorkingKeyOnce_andCreateKeyWorksAgainstTheRunningServer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("kehu.sqlite")
        let server = try RunningServer(["--db", db])
        defer { _ = server.stop() }
        Thread.sleep(forTimeInterval: 0.2)
        let printed = try #require(server.output.joined(separator: "\n").firstMatch(of: /kehu_[a-z0-9]{40}/).map { String($0.output) })
        let client = try RawHTTPClient(port: server.port)
        defer { client.close() }
        #expect(try client.exchange(RawHTTPRequest.get("/v1/users", headers: [("Authorization", "Bearer \(printed)")])).status == 200)

        let created = try KehuProcess.run(["create-key", "--db", db, "--user", "rep@e2e.example", "--role", "rep"])
        #expect(created.status == 0, "\(created.output)")
        let repKey = try #require(created.output.firstMatch(of: /kehu_[a-z0-9]{40}/).map { String($0.output) })
        let answer = try client.exchange(RawHTTPRequest.get("/v1/users", headers: [("Authorization", "Bearer \(repKey)")]))
        #expect(answer.status == 200)
        #expect(answer.bodyText.contains("rep@e2e.example") && !answer.bodyText.contains("admin@kehu.local"), "a rep sees only themselves")

        // A restart does not create another admin or print another key.
        #expect(server.stop() == 0)
        let again = try RunningServer(["--db", db])
        defer { _ = again.stop() }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(again.output.joined().firstMatch(of: /kehu_[a-z0-9]{40}/) == nil)
    }
}
