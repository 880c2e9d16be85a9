import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Testing

/// Creating, reading, patching, archiving and erasing customer profiles.
@Suite struct CustomerProfileTests {
    @Test func create_returns201_withNormalisedFieldsLocationAndETag() throws {
        let app = try TestApplication()
        let response = try app.call(.post, "/v1/customers", json: """
            {"type":"company","name":"  深圳华为技术有限公司 ","phone":"+86 138-0013-8000","email":"Sales@Example.COM",
             "region":"广东省 / 深圳市","tags":[" 重点 ","重点","华南",""],"attributes":{"级别":3,"签约":true,"来源渠道":"展会"},
             "birthday":"1990-02-28"}
            """)
        #expect(response.status == .created, "\(response.bodyText)")
        let body = try #require(response.jsonObject)
        let id = try #require(body["id"] as? String)
        #expect(response.headers["Location"] == "/v1/customers/\(id)")
        #expect(response.headers["ETag"] == "\"1\"")
        #expect(body["name"] as? String == "深圳华为技术有限公司")
        #expect(body["phone"] as? String == "+8613800138000")
        #expect(body["email"] as? String == "sales@example.com")
        #expect(body["region"] as? String == "广东省/深圳市")
        #expect(body["tags"] as? [String] == ["重点", "华南"])
        #expect((body["attributes"] as? [String: Any])?["级别"] as? Int == 3)
        #expect(body["tier"] as? String == "potential")
        #expect(body["stage"] as? String == "potential")
        #expect(body["ownerId"] as? String == app.userIDs[.admin])
        #expect(body.keys.contains("wechat") && body["wechat"] is NSNull, "absent fields are null, not missing")
        #expect(body.stats["totalSpent"] as? Int == 0)
    }

    @Test func create_listsEveryInvalidField_in422() throws {
        let app = try TestApplication()
        let response = try app.call(.post, "/v1/customers", json: """
            {"name":"","phone":"12345","email":"not-an-email","birthday":"2023-02-30","gender":"x","tags":[1],
             "attributes":{"a":[1]},"notes":"\(String(repeating: "长", count: 10_001))","bogus":true}
            """)
        #expect(response.status == .unprocessableContent)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let fields = Set((response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        #expect(fields.isSuperset(of: ["name", "phone", "email", "birthday", "gender", "tags[0]", "attributes.a", "notes", "bogus"]), "\(fields)")
        #expect(try app.listNames([]).isEmpty, "nothing was written")
    }

    @Test func create_rejectsOversizedCollections() throws {
        let app = try TestApplication()
        let tags = (0..<51).map { "\"t\($0)\"" }.joined(separator: ",")
        let attributes = (0..<101).map { "\"k\($0)\":1" }.joined(separator: ",")
        let response = try app.call(.post, "/v1/customers", json: #"{"name":"X","tags":[\#(tags)],"attributes":{\#(attributes)}}"#)
        #expect(response.status == .unprocessableContent)
        let fields = Set((response.jsonObject?["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
        #expect(fields == ["tags", "attributes"])
    }

    @Test func create_returns409_whenNormalisedPhoneOrEmailBelongsToAnother_unlessAllowDuplicate() throws {
        let app = try TestApplication()
        let first = try app.createCustomer(#"{"name":"张伟","phone":"13800138000","email":"zw@example.com"}"#)
        let byPhone = try app.call(.post, "/v1/customers", json: #"{"name":"张伟2","phone":"+86 138-0013-8000"}"#)
        #expect(byPhone.status == .conflict)
        #expect(byPhone.jsonObject?["duplicateOf"] as? String == first)
        let byEmail = try app.call(.post, "/v1/customers", json: #"{"name":"Z","email":"ZW@Example.com"}"#)
        #expect(byEmail.status == .conflict)
        #expect(byEmail.jsonObject?["field"] as? String == "email")
        try app.createCustomer(#"{"name":"张伟2","phone":"+86 138-0013-8000"}"#, query: "?allowDuplicate=true")
        #expect(try app.listNames([]).count == 2)
    }

    @Test func patch_isAMergePatch_thatLocksAndUnlocksTheTier_andChecksIfMatch() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"李娜","company":"阿里巴巴","tags":["a"]}"#)
        var response = try app.call(.patch, "/v1/customers/\(id)", json: #"{"company":null,"tier":"vip","notes":"重要客户"}"#)
        #expect(response.status == .ok, "\(response.bodyText)")
        var body = try #require(response.jsonObject)
        #expect(body["company"] is NSNull)
        #expect(body["tags"] as? [String] == ["a"], "absent members stay")
        #expect(body["tier"] as? String == "vip")
        #expect(body["tierLocked"] as? Bool == true)
        #expect(body["version"] as? Int == 2)
        response = try app.call(.patch, "/v1/customers/\(id)", json: #"{"notes":"x"}"#, headers: [("If-Match", "\"1\"")])
        #expect(response.status == .preconditionFailed)
        response = try app.call(.patch, "/v1/customers/\(id)", json: #"{"tierLocked":false}"#, headers: [("If-Match", "\"2\"")])
        body = try #require(response.jsonObject)
        #expect(body["tierLocked"] as? Bool == false)
        #expect(body["tier"] as? String == "potential", "the tier follows value again")
        response = try app.call(.patch, "/v1/customers/\(id)", json: #"{"name":null,"email":"bad"}"#)
        #expect(response.status == .unprocessableContent)
    }

    @Test func archive_hidesFromLists_restoreBringsBack_andArchivedCannotBeEdited() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"王芳"}"#)
        var response = try app.call(.delete, "/v1/customers/\(id)")
        #expect(response.status == .ok)
        #expect(response.jsonObject?["status"] as? String == "archived")
        #expect(try app.listNames([]).isEmpty)
        #expect(try app.listNames([("status", "archived")]) == ["王芳"])
        #expect(try app.call(.patch, "/v1/customers/\(id)", json: #"{"notes":"x"}"#).status == .conflict)
        #expect(try app.call(.delete, "/v1/customers/\(id)").status == .conflict)
        response = try app.call(.post, "/v1/customers/\(id)/restore")
        #expect(response.status == .ok)
        #expect(try app.listNames([]) == ["王芳"])
    }

    @Test func erase_isAdminOnly_andRemovesThePersonEverywhere() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"赵敏","phone":"13911112222","notes":"住在杭州"}"#)
        try app.addPurchase(id, amount: 1000)
        #expect(try app.call(.delete, "/v1/customers/\(id)?erase=true", as: .manager).status == .forbidden)
        #expect(try app.call(.delete, "/v1/customers/\(id)?erase=true").status == .noContent)
        #expect(try app.call(.get, "/v1/customers/\(id)").status == .notFound)
        #expect(try app.listNames([("q", "赵敏")]).isEmpty)
        #expect(try app.listNames([("q", "赵")]).isEmpty)
        #expect(try app.listNames([("q", "1391111")]).isEmpty)
        let audit = try app.call(.get, "/v1/audit?entityId=\(id)")
        #expect(audit.bodyText.contains("erased"))
        #expect(!audit.bodyText.contains("赵敏") && !audit.bodyText.contains("13911112222"))
        let remaining = try app.database.read { db in try db.scalar("SELECT count(*) FROM purchases")?.int64Value }
        #expect(remaining == 0)
    }

    /// Stored idempotent answers that name the customer go; others stay. A retry with the
    /// same key after the erasure is a new request.
    @Test func erase_deletesTheStoredIdempotentAnswersThatNameTheCustomer() throws {
        let app = try TestApplication()
        let body = #"{"name":"赵敏","phone":"13911112222"}"#
        let created = try app.call(.post, "/v1/customers", json: body, headers: [("Idempotency-Key", "create-1")])
        let id = try #require(created.jsonObject?["id"] as? String)
        let note = try app.call(.post, "/v1/customers/\(id)/interactions", json: #"{"channel":"phone","direction":"outbound","summary":"回访"}"#,
                                headers: [("Idempotency-Key", "note-1")])
        #expect(note.status == .created, "\(note.bodyText)")
        let other = try app.call(.post, "/v1/customers", json: #"{"name":"钱多"}"#, headers: [("Idempotency-Key", "create-2")])
        #expect(other.status == .created)
        #expect(try Self.storedAnswers(app) == 3)

        #expect(try app.call(.delete, "/v1/customers/\(id)?erase=true").status == .noContent)
        #expect(try Self.storedAnswers(app) == 1)
        let links = try app.database.read { db in try db.scalar("SELECT count(*) FROM idempotency_key_customers WHERE customer_id = ?", [id])?.int64Value }
        #expect(links == 0)
        let retried = try app.call(.post, "/v1/customers", json: body, headers: [("Idempotency-Key", "create-1")])
        #expect(retried.status == .created)
        #expect(retried.jsonObject?["id"] as? String != id, "the answer was erased, so the retry made a new customer")
        let replayed = try app.call(.post, "/v1/customers", json: #"{"name":"钱多"}"#, headers: [("Idempotency-Key", "create-2")])
        #expect(replayed.bodyText == other.bodyText, "another customer's stored answer is still replayed")
    }

    static func storedAnswers(_ app: TestApplication) throws -> Int64? {
        try app.database.read { db in try db.scalar("SELECT count(*) FROM idempotency_keys")?.int64Value }
    }

    @Test func reps_seeOnlyTheirOwnCustomers_andCannotGiveThemAway() throws {
        let app = try TestApplication()
        let mine = try app.createCustomer(#"{"name":"我的客户"}"#, as: .rep)
        let theirs = try app.createCustomer(#"{"name":"别人的客户","ownerId":"\#(app.otherRep.userID)"}"#, as: .manager)
        #expect(try app.customer(mine, as: .rep)["ownerId"] as? String == app.userIDs[.rep])
        #expect(try app.listNames([], as: .rep) == ["我的客户"])
        #expect(try app.call(.get, "/v1/customers/\(theirs)", as: .rep).status == .notFound)
        #expect(try app.call(.patch, "/v1/customers/\(theirs)", as: .rep, json: #"{"notes":"x"}"#).status == .notFound)
        #expect(try app.call(.post, "/v1/customers/\(theirs)/purchases", as: .rep, json: #"{"amount":1,"product":"p"}"#).status == .notFound)
        #expect(try app.call(.patch, "/v1/customers/\(mine)", as: .rep, json: #"{"ownerId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        #expect(try app.call(.post, "/v1/customers", as: .rep, json: #"{"name":"x","ownerId":"\#(app.otherRep.userID)"}"#).status == .forbidden)
        #expect(try app.listNames([], as: .viewer).count == 2)
        #expect(try app.call(.post, "/v1/customers", as: .viewer, json: #"{"name":"x"}"#).status == .forbidden)
    }

    @Test func writes_areAudited_emitEvents_andAcceptIdempotencyKeys() throws {
        let app = try TestApplication()
        let key = [("Idempotency-Key", "create-1")]
        let first = try app.call(.post, "/v1/customers", json: #"{"name":"周杰"}"#, headers: key)
        let retry = try app.call(.post, "/v1/customers", json: #"{"name":"周杰"}"#, headers: key)
        #expect(first.status == .created && retry.status == .created)
        #expect(first.jsonObject?["id"] as? String == retry.jsonObject?["id"] as? String)
        #expect(try app.listNames([]).count == 1)
        let events = try app.call(.get, "/v1/events").bodyText
        #expect(events.contains("customer.created"))
        #expect(!events.contains("周杰"), "events carry field names, not personal data")
        #expect(try app.call(.post, "/v1/customers", json: #"{"name":"other"}"#, headers: key).status == .unprocessableContent)
    }

    @Test func unknownOwner_isAFieldError() throws {
        let app = try TestApplication()
        let response = try app.call(.post, "/v1/customers", json: #"{"name":"x","ownerId":"usr_nobody"}"#)
        #expect(response.status == .unprocessableContent)
        #expect(response.bodyText.contains("ownerId"))
    }
}

/// Regressions found in review.
@Suite struct CustomerReviewRegressionTests {
    @Test func emptyText_clearsAField_likeNull() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"周梅","company":"梅花公司","notes":"n"}"#)
        let response = try app.call(.patch, "/v1/customers/\(id)", json: #"{"company":"  ","notes":""}"#)
        #expect(response.jsonObject?["company"] is NSNull)
        #expect(response.jsonObject?["notes"] is NSNull)
    }

    @Test func settingsNeverSaved_acceptTheirETag0() throws {
        let app = try TestApplication()
        let current = try app.call(.get, "/v1/settings/classification")
        #expect(current.headers["ETag"] == "\"0\"")
        let rules = #"{"baseCurrency":"CNY","vipSpend":5000000,"loyalPurchases":5,"loyalSpend12Months":2000000,"churnAfterDays":90}"#
        let put = try app.call(.put, "/v1/settings/classification", json: rules, headers: [("If-Match", "\"0\"")])
        #expect(put.status == .ok, "\(put.bodyText)")
        #expect(put.headers["ETag"] == "\"1\"")
    }

    @Test func landlineWithTrunkZero_isFound() throws {
        let app = try TestApplication()
        try app.createCustomer(#"{"name":"深圳门店","phone":"0755-8888-6666"}"#)
        #expect(try app.listNames([("q", "0755-8888")]) == ["深圳门店"])
        #expect(try app.listNames([("q", "75588886666")]) == ["深圳门店"])
    }

    @Test func aCursor_onlyContinuesItsOwnSearch() throws {
        let app = try TestApplication()
        for index in 0..<3 { try app.createCustomer(#"{"name":"张\#(index)"}"#) }
        let page = try app.listPage([("q", "张"), ("limit", "1")])
        let cursor = try #require(page.next)
        #expect(try app.call(.get, "/v1/customers?q=%E6%9D%8E&limit=1&cursor=\(cursor)").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/customers?q=%E5%BC%A0&limit=1&cursor=\(cursor)").status == .ok)
    }

    @Test func merge_emitsAnEventForBothSides() throws {
        let app = try TestApplication()
        let target = try app.createCustomer(#"{"name":"甲"}"#)
        let source = try app.createCustomer(#"{"name":"乙"}"#)
        #expect(try app.call(.post, "/v1/customers/\(target)/merge", json: #"{"sourceId":"\#(source)"}"#).status == .created)
        let events = try app.call(.get, "/v1/events").bodyText
        #expect(events.contains("customer.merged_into") && events.contains(source))
    }
}

@Suite struct CustomerAttributeStorageTests {
    @Test func attributeTypes_surviveStorage() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"类型","attributes":{"t":true,"f":false,"one":1,"zero":0,"half":0.5,"text":"1"}}"#)
        let body = try app.call(.get, "/v1/customers/\(id)").bodyText
        for fragment in [#""t":true"#, #""f":false"#, #""one":1"#, #""zero":0"#, #""half":0.5"#, #""text":"1""#] {
            #expect(body.contains(fragment), "\(fragment) in \(body)")
        }
    }
}

@Suite struct CustomerDuplicateOnPatchTests {
    @Test func patchingInAnotherCustomersPhone_is409_unlessAllowDuplicate() throws {
        let app = try TestApplication()
        let first = try app.createCustomer(#"{"name":"甲","phone":"13800000011"}"#)
        let second = try app.createCustomer(#"{"name":"乙","phone":"13800000022"}"#)
        let conflict = try app.call(.patch, "/v1/customers/\(second)", json: #"{"phone":"138-0000-0011"}"#)
        #expect(conflict.status == .conflict)
        #expect(conflict.jsonObject?["duplicateOf"] as? String == first)
        #expect(try app.call(.patch, "/v1/customers/\(second)", json: #"{"notes":"unrelated"}"#).status == .ok)
        #expect(try app.call(.patch, "/v1/customers/\(second)?allowDuplicate=true", json: #"{"phone":"13800000011"}"#).status == .ok)
        #expect(try app.call(.patch, "/v1/customers/\(second)", json: #"{"notes":"still fine"}"#).status == .ok, "an existing duplicate does not block other changes")
    }

    @Test func aCursorFromAnotherSubList_is422() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"游标"}"#)
        for _ in 0..<3 { try app.addInteraction(id) }
        let page = try app.call(.get, "/v1/customers/\(id)/interactions?limit=1")
        let cursor = try #require(page.jsonObject?["nextCursor"] as? String)
        #expect(try app.call(.get, "/v1/customers/\(id)/purchases?cursor=\(cursor)").status == .unprocessableContent)
        #expect(try app.call(.get, "/v1/customers/\(id)/interactions?limit=1&cursor=\(cursor)").status == .ok)
    }
}
