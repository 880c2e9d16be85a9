import Foundation
import HTTPServer
import KehuAPI
import KehuCore
import KehuSecurity
import KehuTestSupport
import Testing

/// `/v1/webhooks` through the router: input rules, the secret shown once, versions, the
/// target address policy, and deliveries queued by changes. (Every route's 403 for other
/// roles is in `RoleMatrixTests`; sending is tested end to end against the binary.)
@Suite struct WebhookAPITests {
    private func fields(_ response: Response) -> [String] {
        (response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    private func create(_ app: TestApplication, url: String = "https://hooks.example.com/kehu", events: String = #"["user.created"]"#) throws -> [String: Any] {
        let response = try app.call(.post, "/v1/webhooks", json: #"{"url":"\#(url)","events":\#(events)}"#)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject ?? [:]
    }

    @Test func create_showsTheSecretOnce_andNeverAgain() throws {
        let app = try TestApplication()
        let response = try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks.example.com/kehu","events":["user.created","*","user.created"]}"#)
        #expect(response.status == .created)
        let body = try #require(response.jsonObject)
        let id = try #require(body["id"] as? String)
        let secret = try #require(body["secret"] as? String)
        #expect(secret.hasPrefix("whsec_") && secret.count >= 40)
        #expect(body["events"] as? [String] == ["*", "user.created"], "deduplicated and sorted")
        #expect(body["active"] as? Bool == true && body["consecutiveFailures"] as? Int == 0 && body["disabledReason"] is NSNull)
        #expect(response.headers["Location"] == "/v1/webhooks/\(id)")
        #expect(response.headers["ETag"] == "\"1\"")
        #expect(response.headers["Cache-Control"] == "no-store")

        let fetched = try app.call(.get, "/v1/webhooks/\(id)")
        #expect(fetched.status == .ok && fetched.jsonObject?["secret"] == nil && !fetched.bodyText.contains(secret))
        let listed = try app.call(.get, "/v1/webhooks")
        #expect((listed.jsonObject?["data"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        #expect(!listed.bodyText.contains(secret))
        #expect(!(try app.call(.get, "/v1/audit?entityId=\(id)").bodyText.contains(secret)))
    }

    @Test func givenSecret_isKept_andMustBeLongEnough() throws {
        let app = try TestApplication()
        let kept = try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks.example.com/a","events":["*"],"secret":"my-own-secret-0123456789"}"#)
        #expect(kept.status == .created && kept.jsonObject?["secret"] as? String == "my-own-secret-0123456789")
        let short = try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks.example.com/a","events":["*"],"secret":"short"}"#)
        #expect(short.status == .unprocessableContent && fields(short) == ["secret"])
    }

    @Test(arguments: [
        "ftp://hooks.example.com/x", "https://user:pw@hooks.example.com/x", "https://user@hooks.example.com/x",
        "http:///no-host", "hooks.example.com/no-scheme", "not a url", "https://hooks.example.com/" + String(repeating: "a", count: 2030),
    ])
    func badURL_is422_onTheURLField(_ url: String) throws {
        let app = try TestApplication()
        let response = try app.call(.post, "/v1/webhooks", json: #"{"url":"\#(url)","events":["*"]}"#)
        #expect(response.status == .unprocessableContent, "\(url)")
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(fields(response) == ["url"], "\(url)")
    }

    @Test func events_mustBeStarOrEntityDotAction_unknownTypesAllowed() throws {
        let app = try TestApplication()
        for bad in [#"[]"#, #"["user"]"#, #"["User.Created"]"#, #"["user.created.now"]"#, #"["user.*"]"#, #"[""]"#] {
            let response = try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks.example.com/x","events":\#(bad)}"#)
            #expect(response.status == .unprocessableContent, "\(bad)")
            #expect(fields(response).allSatisfy { $0.hasPrefix("events") } && !fields(response).isEmpty, "\(bad)")
        }
        // Types Kehu does not emit yet are accepted: subscribers may sign up ahead of a release.
        _ = try create(app, events: #"["deal.stage_changed","customer.merged"]"#)
    }

    @Test func unknownOrMistypedFields_are422_andMalformedJSON400() throws {
        let app = try TestApplication()
        let extra = try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks.example.com/x","events":["*"],"active":false}"#)
        #expect(extra.status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks.example.com/x","events":"*"}"#).status == .unprocessableContent)
        #expect(try app.call(.post, "/v1/webhooks", json: #"{"url":"https://hooks"#).status == .badRequest)
        let id = try #require(try create(app)["id"] as? String)
        #expect(try app.call(.patch, "/v1/webhooks/\(id)", json: #"{"secret":"new-secret-0123456789"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/webhooks/\(id)", json: #"{"events":null}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/webhooks/\(id)", json: #"{"active":"yes"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/webhooks/\(id)", json: #"{"url":"ftp://x"}"#).status == .unprocessableContent)
    }

    @Test func patchAndDelete_honourIfMatch() throws {
        let app = try TestApplication()
        let id = try #require(try create(app)["id"] as? String)
        let stale = try app.call(.patch, "/v1/webhooks/\(id)", json: #"{"active":false}"#, headers: [("If-Match", "\"5\"")])
        #expect(stale.status == .preconditionFailed)
        let patched = try app.call(.patch, "/v1/webhooks/\(id)", json: #"{"active":false,"events":["*"]}"#, headers: [("If-Match", "\"1\"")])
        #expect(patched.status == .ok && patched.headers["ETag"] == "\"2\"")
        #expect(patched.jsonObject?["active"] as? Bool == false && patched.jsonObject?["events"] as? [String] == ["*"])
        #expect(try app.call(.delete, "/v1/webhooks/\(id)", headers: [("If-Match", "\"1\"")]).status == .preconditionFailed)
        #expect(try app.call(.get, "/v1/webhooks/\(id)").status == .ok)
        #expect(try app.call(.delete, "/v1/webhooks/\(id)", headers: [("If-Match", "\"2\"")]).status == .noContent)
        #expect(try app.call(.get, "/v1/webhooks/\(id)").status == .notFound)
        #expect(try app.call(.delete, "/v1/webhooks/\(id)").status == .notFound)
        #expect(try app.call(.get, "/v1/webhooks/\(id)/deliveries").status == .notFound)
    }

    @Test func changes_queueDeliveries_listedWithTheirEvent_failedWritesNone() throws {
        let app = try TestApplication()
        let id = try #require(try create(app)["id"] as? String)
        let other = try #require(try create(app, events: #"["api_key.created"]"#)["id"] as? String)
        let user = try app.createUser("hook-target@test.example")
        #expect(try app.call(.post, "/v1/users", json: #"{"name":"Dup","email":"hook-target@test.example","role":"rep"}"#).status == .conflict)

        let deliveries = try app.call(.get, "/v1/webhooks/\(id)/deliveries")
        #expect(deliveries.status == .ok)
        let list = try #require(deliveries.jsonObject?["data"] as? [[String: Any]])
        #expect(list.count == 1)
        let delivery = try #require(list.first)
        #expect(delivery["eventType"] as? String == "user.created" && delivery["status"] as? String == "pending")
        #expect((delivery["attempts"] as? [Any])?.isEmpty == true && delivery["deliveredAt"] is NSNull && delivery["nextAttemptAt"] is String)
        let events = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        let event = try #require(events.first { $0["entityId"] as? String == user })
        #expect(delivery["eventId"] as? String == event["id"] as? String)
        #expect((try app.call(.get, "/v1/webhooks/\(other)/deliveries").jsonObject?["data"] as? [Any])?.isEmpty == true)
        #expect(try app.call(.get, "/v1/webhooks/\(id)/deliveries?cursor=nope").status == .unprocessableContent)
    }

    @Test func privateTargets_areRefused_unlessAllowed() throws {
        let strict = try TestApplication(webhookTargets: ResolvingTargetCheck(allowPrivate: false))
        let internalTargets = [
            "http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.0.0.8/", "http://172.16.5.4/", "http://192.168.1.1/",
            "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/", "http://[::1]/", "http://[fe80::1]/",
            "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.1.2.3]/", "http://2130706433/",
        ]
        for url in internalTargets {
            let response = try strict.call(.post, "/v1/webhooks", json: #"{"url":"\#(url)","events":["*"]}"#)
            #expect(response.status == .unprocessableContent, "\(url): \(response.status)")
            #expect(fields(response) == ["url"], "\(url)")
        }
        // A later change of URL is checked too.
        let id = try #require(try create(strict, url: "http://93.184.215.14/hook")["id"] as? String)
        #expect(try strict.call(.patch, "/v1/webhooks/\(id)", json: #"{"url":"http://127.0.0.1/hook"}"#).status == .unprocessableContent)

        let allowing = try TestApplication(webhookTargets: ResolvingTargetCheck(allowPrivate: true))
        for url in ["http://127.0.0.1:9/hook", "http://[::1]/", "http://10.0.0.8/"] {
            _ = try create(allowing, url: url)
        }
    }

    @Test func names_areJudgedByEveryAddressTheyResolveTo() throws {
        let dns: [String: [[UInt8]]] = [
            "hooks.example.com": [[93, 184, 215, 14]],
            "mixed.example.com": [[93, 184, 215, 14], [10, 0, 0, 1]],
            "mapped.example.com": [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 168, 0, 1]],
        ]
        let app = try TestApplication(webhookTargets: ResolvingTargetCheck(allowPrivate: false) { dns[$0] ?? [] })
        _ = try create(app, url: "https://hooks.example.com/in")
        for url in ["https://mixed.example.com/in", "https://mapped.example.com/in", "https://nowhere.example.invalid/in"] {
            let response = try app.call(.post, "/v1/webhooks", json: #"{"url":"\#(url)","events":["*"]}"#)
            #expect(response.status == .unprocessableContent && fields(response) == ["url"], "\(url)")
        }
    }
}
