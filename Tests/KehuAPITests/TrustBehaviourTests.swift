import Foundation
import HTTPServer
import KehuAPI
import KehuCore
import KehuTestSupport
import Testing

/// Calls the application's router like a client would, as a given role.
extension TestApplication {
    func call(_ method: HTTPMethod, _ path: String, as role: Role? = .admin, key: String? = nil, json: String? = nil, headers: [(String, String)] = []) throws -> Response {
        var all = headers
        if let key { all.append(("Authorization", "Bearer \(key)")) } else if let role { all.append(auth(role)) }
        if json != nil { all.append(("Content-Type", "application/json")) }
        var request = Request.make(method, path, headers: all, body: json.map { Array($0.utf8) } ?? [])
        request.remoteAddress = "127.0.0.1"
        return try router.handle(request)
    }

    func createUser(_ email: String, role: Role = .rep) throws -> String {
        let response = try call(.post, "/v1/users", json: #"{"name":"用户","email":"\#(email)","role":"\#(role.rawValue)"}"#)
        #expect(response.status == .created, "\(response.bodyText)")
        return response.jsonObject?["id"] as? String ?? ""
    }
}

@Suite struct TrustBehaviourTests {
    @Test func revokedKey_isRefusedOnTheVeryNextRequest() throws {
        let app = try TestApplication()
        let issued = try app.call(.post, "/v1/api-keys", as: .rep, json: #"{"userId":"\#(app.userIDs[.rep]!)","name":"phone"}"#)
        let secret = try #require(issued.jsonObject?["secret"] as? String)
        let id = try #require(issued.jsonObject?["id"] as? String)
        #expect(try app.call(.get, "/v1/users", key: secret).status == .ok)
        #expect(try app.call(.delete, "/v1/api-keys/\(id)", as: .rep).status == .ok)
        #expect(try app.call(.get, "/v1/users", key: secret).status == .unauthorized)
    }

    @Test func disabledUser_keysStopAtOnce_andWorkAgainWhenEnabled() throws {
        let app = try TestApplication()
        let viewer = app.userIDs[.viewer]!
        #expect(try app.call(.get, "/v1/users", as: .viewer).status == .ok)
        #expect(try app.call(.patch, "/v1/users/\(viewer)", json: #"{"active":false}"#).status == .ok)
        #expect(try app.call(.get, "/v1/users", as: .viewer).status == .unauthorized)
        #expect(try app.call(.patch, "/v1/users/\(viewer)", json: #"{"active":true}"#).status == .ok)
        #expect(try app.call(.get, "/v1/users", as: .viewer).status == .ok)
    }

    @Test func repB_cannotSeeRepAsUserOrKeys() throws {
        let app = try TestApplication()
        let repA = app.userIDs[.rep]!
        let keyA = try #require(try app.call(.post, "/v1/api-keys", as: .rep, json: #"{"userId":"\#(repA)","name":"a"}"#).jsonObject?["id"] as? String)
        let b = app.otherRep.key
        #expect(try app.call(.get, "/v1/users/\(repA)", key: b).status == .notFound)
        #expect(try app.call(.delete, "/v1/api-keys/\(keyA)", key: b).status == .notFound)
        let users = try app.call(.get, "/v1/users", key: b).jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(users.map { $0["id"] as? String } == [app.otherRep.userID])
        let keys = try app.call(.get, "/v1/api-keys", key: b).jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(keys.allSatisfy { $0["userId"] as? String == app.otherRep.userID })
        #expect(try app.call(.post, "/v1/api-keys", key: b, json: #"{"userId":"\#(repA)","name":"x"}"#).status == .unprocessableContent)
    }

    @Test func everyWrite_recordsOneAuditEntryAndOneEvent_failedWritesNone() throws {
        let app = try TestApplication()
        func counts() throws -> (audit: Int, events: Int) {
            let audit = try app.call(.get, "/v1/audit?limit=500").jsonObject?["data"] as? [Any] ?? []
            let events = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [Any] ?? []
            return (audit.count, events.count)
        }
        var before = try counts()
        let create = try app.call(.post, "/v1/users", json: #"{"name":"王芳","email":"wangfang@test.example","role":"rep"}"#, headers: [("X-Request-Id", "req-create-1")])
        let id = try #require(create.jsonObject?["id"] as? String)
        var after = try counts()
        #expect(after.audit == before.audit + 1 && after.events == before.events + 1)
        let entry = try #require((try app.call(.get, "/v1/audit?entityId=\(id)").jsonObject?["data"] as? [[String: Any]])?.first)
        #expect(entry["action"] as? String == "created")
        #expect(entry["requestId"] as? String == "req-create-1")
        #expect(entry["actorId"] as? String == app.userIDs[.admin])
        #expect(entry["keyId"] is String)
        #expect(!"\(entry)".contains("王芳") && !"\(entry)".contains("wangfang"), "no personal data in audit")

        before = after
        #expect(try app.call(.post, "/v1/users", json: #"{"name":"Dup","email":"wangfang@test.example","role":"rep"}"#).status == .conflict)
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"name":"x"}"#, headers: [("If-Match", "\"9\"")]).status == .preconditionFailed)
        #expect(try app.call(.post, "/v1/users", json: #"{"name":"","email":"bad","role":"rep"}"#).status == .unprocessableContent)
        after = try counts()
        #expect(after.audit == before.audit && after.events == before.events, "failed writes leave no trace")

        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"role":"manager"}"#, headers: [("If-Match", "\"1\"")]).status == .ok)
        let events = try app.call(.get, "/v1/events?after=\(before.events)").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(events.map { $0["type"] as? String } == ["user.updated"])
        #expect(events.first?["changedFields"] as? [String] == ["role"])
    }

    @Test func eventFeed_seesEveryChangeOnceInOrder_whileWritesRun() throws {
        let app = try TestApplication()
        let start = try app.call(.get, "/v1/events?limit=500").jsonObject?["nextCursor"] as? String ?? "0"
        let writers = ConcurrentThreads.start {
            ConcurrentThreads.run(4) { thread in
                for index in 0..<15 { _ = try? app.createUser("feed-\(thread)-\(index)@test.example") }
            }
        }
        var cursor = start
        var seen: [Int] = []
        var created: Set<String> = []
        var done = false
        while !done {
            done = writers.wait(timeout: .now()) == .success
            let page = try app.call(.get, "/v1/events?after=\(cursor)&limit=7").jsonObject ?? [:]
            for event in page["data"] as? [[String: Any]] ?? [] {
                seen.append(Int(event["id"] as? String ?? "") ?? -1)
                if event["type"] as? String == "user.created" { created.insert(event["entityId"] as? String ?? "") }
            }
            cursor = page["nextCursor"] as? String ?? cursor
            if done {
                // Drain what committed after the last poll.
                while let more = try app.call(.get, "/v1/events?after=\(cursor)&limit=500").jsonObject, let data = more["data"] as? [[String: Any]], !data.isEmpty {
                    for event in data {
                        seen.append(Int(event["id"] as? String ?? "") ?? -1)
                        if event["type"] as? String == "user.created" { created.insert(event["entityId"] as? String ?? "") }
                    }
                    cursor = more["nextCursor"] as? String ?? cursor
                }
            }
        }
        #expect(seen == seen.sorted() && Set(seen).count == seen.count, "monotonic, no duplicates")
        #expect(created.count == 60)
    }

    @Test func idempotentRetry_replaysTheFirstAnswer_andAnotherBodyIs422() throws {
        let app = try TestApplication()
        let body = #"{"name":"李娜","email":"lina@test.example","role":"viewer"}"#
        let first = try app.call(.post, "/v1/users", json: body, headers: [("Idempotency-Key", "k-1")])
        let again = try app.call(.post, "/v1/users", json: body, headers: [("Idempotency-Key", "k-1")])
        #expect(first.status == .created && again.status == .created)
        #expect(again.bodyBytes == first.bodyBytes)
        #expect(again.headers["Idempotent-Replayed"] == "true")
        #expect(again.headers["Location"] == first.headers["Location"])
        let other = try app.call(.post, "/v1/users", json: #"{"name":"李娜","email":"lina2@test.example","role":"viewer"}"#, headers: [("Idempotency-Key", "k-1")])
        #expect(other.status == .unprocessableContent)
        // The key belongs to its user: another user may use the same key independently.
        let byManager = try app.call(.post, "/v1/api-keys", as: .manager, json: #"{"userId":"\#(app.userIDs[.manager]!)","name":"m"}"#, headers: [("Idempotency-Key", "k-1")])
        #expect(byManager.status == .created)
    }

    @Test func concurrentRequestsWithOneKey_createOneRecord() throws {
        let app = try TestApplication()
        let body = #"{"name":"并发","email":"concurrent@test.example","role":"viewer"}"#
        let ids = Locked<[String]>([])
        ConcurrentThreads.run(8) { _ in
            if let response = try? app.call(.post, "/v1/users", json: body, headers: [("Idempotency-Key", "same")]),
               let id = response.jsonObject?["id"] as? String {
                ids.withLock { $0.append(id) }
            }
        }
        let all = ids.withLock { $0 }
        #expect(all.count == 8)
        #expect(Set(all).count == 1)
        let users = try app.call(.get, "/v1/users?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(users.filter { $0["email"] as? String == "concurrent@test.example" }.count == 1)
    }

    @Test func staleOrMalformedIfMatch_is412_andETagFollowsTheVersion() throws {
        let app = try TestApplication()
        let id = try app.createUser("etag@test.example")
        let current = try app.call(.get, "/v1/users/\(id)")
        #expect(current.headers["ETag"] == "\"1\"")
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"name":"A"}"#, headers: [("If-Match", "\"2\"")]).status == .preconditionFailed)
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"name":"A"}"#, headers: [("If-Match", "garbage")]).status == .preconditionFailed)
        let updated = try app.call(.patch, "/v1/users/\(id)", json: #"{"name":"A"}"#, headers: [("If-Match", "\"1\"")])
        #expect(updated.status == .ok)
        #expect(updated.headers["ETag"] == "\"2\"")
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"name":"B"}"#, headers: [("If-Match", "\"1\"")]).status == .preconditionFailed)
        // Stale even when the patch would change nothing (If-Match is evaluated first).
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"name":"A"}"#, headers: [("If-Match", "\"1\"")]).status == .preconditionFailed)
    }

    @Test func burstOverTheLimit_is429_withRetryAfter_andHeadersOnEveryAnswer() throws {
        let app = try TestApplication(limits: RateLimits(requestsPerSecond: 1, burst: 5, authFailuresPerMinute: 3))
        var statuses: [Int] = []
        for _ in 0..<6 {
            let response = try app.call(.get, "/v1/users", as: .viewer)
            statuses.append(response.status.code)
            #expect(response.headers["RateLimit-Limit"] == "5")
            #expect(response.headers["RateLimit-Remaining"] != nil && response.headers["RateLimit-Reset"] != nil)
            if response.status.code == 429 { #expect(Int(response.headers["Retry-After"] ?? "") ?? 0 >= 1) }
        }
        #expect(statuses == [200, 200, 200, 200, 200, 429])
        #expect(try app.call(.get, "/v1/users", as: .manager).status == .ok, "limits are per key")
        // Failed authentications from one address: 3 per minute, then 429 even for a good key.
        for _ in 0..<3 { #expect(try app.call(.get, "/v1/users", key: "kehu_wrongwrongwrongwrongwrongwrongwrong").status == .unauthorized) }
        #expect(try app.call(.get, "/v1/users", key: "kehu_wrongwrongwrongwrongwrongwrongwrong").status == .tooManyRequests)
    }

    @Test func lastActiveAdmin_cannotBeDemotedOrDisabled() throws {
        let app = try TestApplication()
        let admin = app.userIDs[.admin]!
        #expect(try app.call(.patch, "/v1/users/\(admin)", json: #"{"role":"rep"}"#).status == .conflict)
        #expect(try app.call(.patch, "/v1/users/\(admin)", json: #"{"active":false}"#).status == .conflict)
        let second = try app.createUser("admin2@test.example", role: .admin)
        #expect(try app.call(.patch, "/v1/users/\(admin)", json: #"{"role":"manager"}"#).status == .ok)
        _ = second
    }

    @Test func unknownOrMistypedPatchFields_are422_andNothingChanges() throws {
        let app = try TestApplication()
        let id = try app.createUser("patch@test.example")
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"nmae":"x"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"active":1}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"role":"boss"}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"name":null}"#).status == .unprocessableContent)
        #expect(try app.call(.patch, "/v1/users/\(id)", json: #"{"id":"other"}"#).status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/users/\(id)").jsonObject?["version"] as? Int == 1)
    }
}
