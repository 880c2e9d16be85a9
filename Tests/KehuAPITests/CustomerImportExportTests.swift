import Foundation
import HTTPServer
import KehuAPI
import KehuCore
import KehuTestSupport
import Testing

/// `POST /v1/customers/import` and `GET /v1/customers/export`: charsets, formats, per-row
/// errors, upserts, dry runs, ownership, the round trip, and the wire (413, streaming).
@Suite struct CustomerImportExportTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// 张三, 李四, 北京 in GBK (what `iconv -t GBK` writes).
    static let gbkZhangSan: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]
    static let gbkLiSi: [UInt8] = [0xC0, 0xEE, 0xCB, 0xC4]
    static let gbkBeijing: [UInt8] = [0xB1, 0xB1, 0xBE, 0xA9]

    func names(_ app: TestApplication, as role: Role = .admin) throws -> [String] {
        try app.listNames([("sort", "name"), ("limit", "500")], as: role)
    }

    // MARK: Charsets and formats

    @Test func csvWithBOM_createsCustomers_withEveryKindOfCell() throws {
        let app = try TestApplication()
        let csv = """
            name,phone,email,tags,attributes,notes,region,tier,gender,birthday,type,company\r
            张三,+86 138-0013-8000,ZS@Example.com,老客户;微信,"{""级别"":""A"",""积分"":120,""会员"":true}","住在深圳, 南山\r
            第二行",广东省 / 深圳市,vip,male,1990-05-03,individual,\r
            华为技术,,,,,,,,,,company,华为\r

            """
        let response = try app.importFile(Self.bom + Array(csv.utf8))
        #expect(response.status == .ok, "\(response.bodyText)")
        let report = ImportReportJSON(try #require(response.jsonObject))
        #expect(report.counts == ["created": 2, "updated": 0, "unchanged": 0, "skipped": 0])
        #expect(report["rows"] == 2 && report.dryRun == false && report.errors.isEmpty)
        let id = try #require(try app.listPage([("q", "张三")]).ids.first)
        let customer = try app.customer(id)
        #expect(customer["phone"] as? String == "+8613800138000")
        #expect(customer["email"] as? String == "zs@example.com")
        #expect(customer["tags"] as? [String] == ["老客户", "微信"])
        let attributes = customer["attributes"] as? [String: Any] ?? [:]
        #expect(attributes["级别"] as? String == "A" && attributes["积分"] as? Int == 120 && attributes["会员"] as? Bool == true)
        #expect(customer["notes"] as? String == "住在深圳, 南山\r\n第二行")
        #expect(customer["region"] as? String == "广东省/深圳市")
        #expect(customer["tier"] as? String == "vip" && customer["tierLocked"] as? Bool == true)
        #expect(customer["ownerId"] as? String == app.userIDs[.admin])
        #expect(try names(app) == ["华为技术", "张三"])
    }

    @Test func gbkBytes_areDetected_orNamedByCharset() throws {
        let app = try TestApplication()
        let gbk = Array("name,region\n".utf8) + Self.gbkZhangSan + [0x2C] + Self.gbkBeijing + [0x0A] + Self.gbkLiSi + Array(",\n".utf8)
        let detected = try app.importFile(gbk)
        #expect(detected.status == .ok, "\(detected.bodyText)")
        #expect(ImportReportJSON(detected.jsonObject ?? [:])["created"] == 2)
        #expect(try names(app) == ["张三", "李四"])
        let id = try #require(try app.listPage([("q", "张三")]).ids.first)
        #expect(try app.customer(id)["region"] as? String == "北京")

        let other = try TestApplication()
        let named = try other.importFile(gbk, contentType: "text/csv; charset=GBK")
        #expect(ImportReportJSON(named.jsonObject ?? [:])["created"] == 2, "\(named.bodyText)")
        let byQuery = try other.importFile(gbk, query: "?charset=gb18030&dryRun=true")
        #expect(ImportReportJSON(byQuery.jsonObject ?? [:])["updated"] == 0, "\(byQuery.bodyText)")

        let wrong = try other.importFile(gbk, query: "?charset=utf-8")
        #expect(wrong.status == .unprocessableContent)
        #expect(wrong.bodyText.contains("charset"))
        #expect(try other.importFile(gbk, query: "?charset=latin9").status == .unprocessableContent)
    }

    @Test func ndjson_importsLines_numberedFromOne() throws {
        let app = try TestApplication()
        let ndjson = """
            {"name":"王五","phone":"13900000001","tags":["a","b"],"attributes":{"k":1}}

            {"name":"赵六","gender":"robot"}
            not json
            [1,2]
            {"name":"孙七","id":"cus_importedsunqi"}
            """
        let report = try app.importText(ndjson, contentType: "application/x-ndjson")
        #expect(report.counts == ["created": 2, "updated": 0, "unchanged": 0, "skipped": 3])
        #expect(report.errors.map(\.row) == [3, 4, 5])
        #expect(report.errors.first?.field == "gender")
        #expect(try app.customer("cus_importedsunqi")["name"] as? String == "孙七")
        // The query's format wins over the media type.
        #expect(try app.importText(#"{"name":"周八"}"#, query: "?format=ndjson", contentType: "application/json")["created"] == 1)
    }

    @Test func unknownMediaType_is415_andEmptyBodyOrUnknownParameter_is422() throws {
        let app = try TestApplication()
        #expect(try app.importFile(Array("name\nx\n".utf8), contentType: "application/json").status == .unsupportedMediaType)
        #expect(try app.importFile(Array("name\nx\n".utf8), contentType: nil).status == .unsupportedMediaType)
        #expect(try app.importFile([], query: "?format=csv").status == .unprocessableContent)
        #expect(try app.importFile(Array("name\nx\n".utf8), query: "?dryrun=true").status == .unprocessableContent)
        #expect(try app.importFile(Array("name\nx\n".utf8), query: "?format=xlsx").status == .unprocessableContent)
    }

    // MARK: Errors

    @Test func invalidRows_areReportedWithRowNumbers_whileValidRowsAreImported() throws {
        let app = try TestApplication()
        let csv = """
            name,email,notes,gender,birthday,attributes
            好客户,ok@example.com,"two
            lines",,,
            坏邮箱,not-an-email,,,,
            ,nobody@example.com,,,,
            另一个好客户,,,female,2000-02-29,
            多错,,,robot,2999-01-01,{bad json
            "a"b,,,,,
            多余,,,,,,extra
            """
        let report = try app.importText(csv)
        #expect(report.counts == ["created": 2, "updated": 0, "unchanged": 0, "skipped": 5])
        #expect(report["rows"] == 7)
        let errors = report.errors
        #expect(errors.contains { $0.row == 3 && $0.field == "email" })
        #expect(errors.contains { $0.row == 4 && $0.field == "name" })
        #expect(Set(errors.filter { $0.row == 6 }.map(\.field)) == ["attributes"]) // cell errors come first
        #expect(errors.contains { $0.row == 7 && $0.field == "row" })
        #expect(errors.contains { $0.row == 8 && $0.field == "row" })
        #expect(errors.map(\.row) == errors.map(\.row).sorted())
        #expect(try names(app) == ["另一个好客户", "好客户"])
    }

    @Test func rowWithSeveralBadFields_listsEachOne() throws {
        let app = try TestApplication()
        let report = try app.importText("name,gender,birthday,email\n多错,robot,2999-01-01,x\n")
        #expect(Set(report.errors.map(\.field)) == ["gender", "birthday", "email"])
        #expect(report.errors.allSatisfy { $0.row == 2 })
    }

    @Test func unknownOrRepeatedColumn_refusesTheWholeFile_naming_it() throws {
        let app = try TestApplication()
        let response = try app.importFile(Array("name,mobile,Email\n张三,138,\n".utf8))
        #expect(response.status == .unprocessableContent)
        let errors = response.jsonObject?["errors"] as? [[String: Any]] ?? []
        #expect(errors.map { $0["field"] as? String } == ["mobile"])
        #expect(try app.importFile(Array("name,NAME\nx,y\n".utf8)).status == .unprocessableContent)
        #expect(try app.importFile(Array("\n\n".utf8)).status == .unprocessableContent)
        #expect(try names(app).isEmpty)
    }

    @Test func errorsBeyondTheCap_areCounted_notListed() throws {
        let app = try TestApplication()
        let csv = "name,email\n" + String(repeating: "x,bad\n", count: 1_005)
        let report = try app.importText(csv)
        #expect(report["skipped"] == 1_005)
        #expect(report.errors.count == 1_000)
        #expect(report["errorsOmitted"] == 5)
    }

    // MARK: Dry run, upserts, journal

    @Test func dryRun_reportsWhatWouldHappen_andWritesNothing() throws {
        let app = try TestApplication()
        let existing = try app.createCustomer(#"{"name":"老王","phone":"13800000009"}"#)
        let eventsBefore = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [Any]
        // 1,001 rows: the last repeats the first's phone, in the next batch of the dry run.
        var csv = "name,phone\n老王改,13800000009\n新客户,13900000000\n"
        for index in 1...998 { csv += "客户\(index),\(13_700_000_000 + index)\n" }
        csv += "新客户再现,139-0000-0000\n"
        let report = try app.importText(csv, query: "?dryRun=true")
        #expect(report.dryRun == true)
        #expect(report.counts == ["created": 999, "updated": 2, "unchanged": 0, "skipped": 0])
        #expect(try app.customer(existing)["name"] as? String == "老王")
        #expect(try names(app) == ["老王"])
        let eventsAfter = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [Any]
        #expect(eventsAfter?.count == eventsBefore?.count)
    }

    @Test func upsert_byIDThenPhoneThenEmail_changesOnlyPresentColumns() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"李雷","phone":"13800138000","email":"lilei@example.com","notes":"原备注","company":"旧公司"}"#)
        var report = try app.importText("id,notes\n\(id),新备注\n")
        #expect(report.counts == ["created": 0, "updated": 1, "unchanged": 0, "skipped": 0])
        var customer = try app.customer(id)
        #expect(customer["notes"] as? String == "新备注" && customer["phone"] as? String == "+8613800138000" && customer["version"] as? Int == 2)

        report = try app.importText("phone,company\n+86 138-0013-8000,新公司\n")
        #expect(report["updated"] == 1)
        report = try app.importText("email,industry\nLILEI@example.com,制造\n")
        #expect(report["updated"] == 1)
        customer = try app.customer(id)
        #expect(customer["company"] as? String == "新公司" && customer["industry"] as? String == "制造" && customer["version"] as? Int == 4)

        report = try app.importText("phone,company\n13800138000,新公司\n")
        #expect(report.counts == ["created": 0, "updated": 0, "unchanged": 1, "skipped": 0])
        #expect(try app.customer(id)["version"] as? Int == 4)
        #expect(try names(app) == ["李雷"])

        // An archived customer named by id is an error, not a new customer.
        #expect(try app.call(.delete, "/v1/customers/\(id)").status == .ok)
        report = try app.importText("id,notes\n\(id),x\n")
        #expect(report.errors.first?.field == "id" && report["skipped"] == 1)
    }

    @Test func ndjsonNull_clearsAField_andTierNullUnlocksIt() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"韩梅梅","wechat":"hmm","tier":"vip"}"#)
        let report = try app.importText(#"{"id":"\#(id)","wechat":null,"tier":null}"#, contentType: "application/x-ndjson")
        #expect(report["updated"] == 1)
        let customer = try app.customer(id)
        #expect(customer["wechat"] is NSNull)
        #expect(customer["tierLocked"] as? Bool == false && customer["tier"] as? String == "potential")
    }

    @Test func everyWrittenRow_isJournaled_asCustomerCreatedOrUpdated() throws {
        let app = try TestApplication()
        let id = try app.createCustomer(#"{"name":"甲","phone":"13800000001"}"#)
        try app.importText("name,phone\n甲二,13800000001\n乙,13800000002\n坏,1\n")
        let events = try app.call(.get, "/v1/events?limit=500").jsonObject?["data"] as? [[String: Any]] ?? []
        let customerEvents = events.filter { $0["entityType"] as? String == "customer" }.compactMap { $0["type"] as? String }
        #expect(customerEvents == ["customer.created", "customer.updated", "customer.created"])
        let audit = try app.call(.get, "/v1/audit?entityId=\(id)").jsonObject?["data"] as? [[String: Any]] ?? []
        #expect(audit.first?["action"] as? String == "updated")
        #expect(audit.first?["changedFields"] as? [String] == ["name"])
    }

    @Test func idempotencyKey_replaysTheReport_withoutImportingTwice() throws {
        let app = try TestApplication()
        let body = Array("name\n丙\n".utf8)
        let first = try app.importFile(body, headers: [("Idempotency-Key", "import-1")])
        let second = try app.importFile(body, headers: [("Idempotency-Key", "import-1")])
        #expect(first.status == .ok && second.status == .ok)
        #expect(second.headers["Idempotent-Replayed"] == "true")
        #expect(second.bodyText == first.bodyText)
        #expect(try names(app) == ["丙"])
    }

    // Found by contract fuzzing (scripts/fuzz-api): the key's fingerprint left out the query,
    // so a real import retried with a dry run's key replayed the dry run and imported nothing,
    // and `?format=bogus` with a used key answered 200 instead of 422.
    @Test func idempotencyKey_withAnotherQuery_is422_notTheDryRunsReplay() throws {
        let app = try TestApplication()
        let body = Array("name\n丁\n".utf8)
        let dryRun = try app.importFile(body, query: "?dryRun=true", headers: [("Idempotency-Key", "import-2")])
        #expect(dryRun.status == .ok)
        let real = try app.importFile(body, headers: [("Idempotency-Key", "import-2")])
        #expect(real.status == .unprocessableContent)
        #expect(real.headers["Idempotent-Replayed"] == nil)
        let bogus = try app.importFile(body, query: "?format=bogus", headers: [("Idempotency-Key", "import-2")])
        #expect(bogus.status == .unprocessableContent)
        #expect(try names(app).isEmpty)
    }

    @Test func idempotencyKey_withAnotherContentType_is422() throws {
        let app = try TestApplication()
        let body = Array(#"{"name":"戊"}"#.utf8)
        let asNDJSON = try app.importFile(body, contentType: "application/x-ndjson", headers: [("Idempotency-Key", "import-3")])
        #expect(asNDJSON.status == .ok)
        let asCSV = try app.importFile(body, contentType: "text/csv", headers: [("Idempotency-Key", "import-3")])
        #expect(asCSV.status == .unprocessableContent)
    }

    // MARK: Roles and ownership

    @Test func rep_importsOnlyTheirOwn_andViewerMayNotImport() throws {
        let app = try TestApplication()
        let managers = try app.createCustomer(#"{"name":"经理的客户","phone":"13800000100"}"#, as: .manager)
        let report = try app.importText("""
            id,name,phone,ownerId
            ,代表的新客户,13800000101,
            ,指定他人,13800000102,\(app.userIDs[.manager]!)
            ,撞号,13800000100,
            \(managers),改别人的,,
            """, as: .rep)
        #expect(report.counts == ["created": 1, "updated": 0, "unchanged": 0, "skipped": 3])
        #expect(report.errors.map(\.field) == ["ownerId", "phone", "id"])
        #expect(try names(app, as: .rep) == ["代表的新客户"])
        let id = try #require(try app.listPage([("q", "代表的新客户")], as: .rep).ids.first)
        #expect(try app.customer(id)["ownerId"] as? String == app.userIDs[.rep])
        #expect(try app.customer(managers)["name"] as? String == "经理的客户")

        #expect(try app.importFile(Array("name\nx\n".utf8), as: .viewer).status == .forbidden)
        // A rep's export holds only their customers; a viewer may export.
        #expect(try app.exportText("?format=ndjson", as: .rep).split(separator: "\n").count == 1)
        #expect(try app.exportText("?format=ndjson", as: .viewer).split(separator: "\n").count == 2)
    }

    @Test func manager_mayAssignOwners_butNotToUnknownUsers() throws {
        let app = try TestApplication()
        let report = try app.importText("name,ownerId\n给代表,\(app.userIDs[.rep]!)\n给鬼,usr_ghost\n", as: .manager)
        #expect(report.counts == ["created": 1, "updated": 0, "unchanged": 0, "skipped": 1])
        #expect(report.errors.first?.field == "ownerId")
        #expect(try names(app, as: .rep) == ["给代表"])
    }
}
