import Foundation
import HTTPServer
import KehuAPI
import KehuCore
import KehuTestSupport
import Testing

/// Export, the export → import round trip, and both routes over a real socket.
extension CustomerImportExportTests {
    // MARK: Export and the round trip

    static func seed(_ app: TestApplication) throws {
        try app.createCustomer("""
            {"name":"张三","type":"individual","gender":"male","birthday":"1988-08-08","birthdayCalendar":"chinese","phone":"13800138000","email":"zs@example.com",
             "wechat":"zs_wx","address":"深圳市南山区科技园 \\"A\\" 座, 3楼","region":"广东省/深圳市","occupation":"工程师",
             "tags":["老客户","有;分号"],"tier":"vip","attributes":{"级别":"A","积分":120,"会员":true,"比例":0.25},
             "notes":"第一行\\n第二行, 含逗号"}
            """)
        try app.createCustomer(#"{"name":"华为技术有限公司","type":"company","company":"华为","industry":"通信","companySize":"10000+","source":"展会","tags":["大客户","ICT"]}"#)
        try app.createCustomer(#"{"name":"  空白 ","email":"only@example.com"}"#)
    }

    @Test func export_hasTheImportColumns_andFollowsTheListFilters() throws {
        let app = try TestApplication()
        try Self.seed(app)
        let (response, body) = try app.export()
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(response.headers["Content-Disposition"] == "attachment; filename=\"customers.csv\"")
        let records = CSVParser.records(of: body)
        #expect(records.first?.fields == ["id", "type", "name", "gender", "birthday", "birthdayCalendar", "phone", "email", "wechat", "address", "region",
                                          "occupation", "company", "industry", "companySize", "source", "ownerId", "tags", "tier",
                                          "attributes", "notes"])
        #expect(records.count == 4)
        let zhang = try #require(records.first { $0.fields[2] == "张三" }?.fields)
        #expect(zhang[5] == "chinese") // kept through export and import
        #expect(zhang[17] == #"["老客户","有;分号"]"#)
        #expect(zhang[18] == "vip")
        #expect(zhang[19] == #"{"会员":true,"比例":0.25,"积分":120,"级别":"A"}"#) // keys in code-point order
        #expect(zhang[20] == "第一行\n第二行, 含逗号")

        let filtered = try app.exportText("?tag=大客户&format=ndjson")
        #expect(filtered.split(separator: "\n").count == 1 && filtered.contains("华为技术有限公司"))
        let (ndjson, _) = try app.export("?format=ndjson")
        #expect(ndjson.headers["Content-Disposition"] == "attachment; filename=\"customers.ndjson\"")
        #expect(try app.export("?cursor=abc").response.status == .unprocessableContent)
        #expect(try app.export("?format=xml").response.status == .unprocessableContent)
        #expect(Array(try app.export("?bom=true").body.prefix(3)) == Self.bom)
    }

    @Test(arguments: ["csv", "ndjson"])
    func exportThenImport_roundTrips(_ format: String) throws {
        let app = try TestApplication()
        try Self.seed(app)
        let exported = try app.exportText("?format=\(format)")
        // Into the same file: every row matches its customer and changes nothing.
        let again = try app.importText(exported, query: "?format=\(format)")
        #expect(again.counts == ["created": 0, "updated": 0, "unchanged": 3, "skipped": 0], "\(again.errors)")

        // Into a fresh installation (whose users differ, so owners are left out): the
        // same customers, ids included, field for field.
        let fresh = try TestApplication()
        let withoutOwners = try Self.droppingOwners(exported, format: format)
        let created = try fresh.importText(withoutOwners, query: "?format=\(format)")
        #expect(created.counts == ["created": 3, "updated": 0, "unchanged": 0, "skipped": 0], "\(created.errors)")
        let reexported = try Self.droppingOwners(try fresh.exportText("?format=\(format)"), format: format)
        #expect(Self.records(reexported, format: format) == Self.records(withoutOwners, format: format))
        #expect(Self.records(reexported, format: format).count == 4 || format == "ndjson")
    }

    /// The records of an export, in no particular order (creation times may tie).
    static func records(_ text: String, format: String) -> Set<[String]> {
        if format == "ndjson" { return Set(text.split(separator: "\n").map { [String($0)] }) }
        return Set(CSVParser.records(of: Array(text.utf8)).map(\.fields))
    }

    /// The export without its `ownerId` column (CSV) or member (NDJSON).
    static func droppingOwners(_ text: String, format: String) throws -> String {
        if format == "ndjson" {
            return try text.split(separator: "\n").map { line in
                var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                object["ownerId"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
        }
        var out: [UInt8] = []
        for record in CSVParser.records(of: Array(text.utf8)) {
            var fields = record.fields
            fields.remove(at: 16) // ownerId
            CSVWriter.appendRecord(fields, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Over a real socket

    @Test func importOverTheLimit_is413_overARealSocket_whileTheRestKeepTheirLimit() throws {
        let app = try TestApplication()
        var limits = HTTPParserLimits(maxBodyBytes: 256)
        limits.maxBodyBytesByPath[CustomerTransferRoutes.importPath] = 2_048
        let server = try TestHTTPServer(configuration: .testing(parserLimits: limits), handler: app.router)
        defer { server.shutdown() }
        let fits = Array(("name\n" + String(repeating: "客户\n", count: 100)).utf8) // 705 bytes: over 256, under 2 KiB
        let client = try server.makeClient()
        let ok = try client.exchange(RawHTTPRequest.make("POST", "/v1/customers/import?dryRun=true", headers: [app.auth(.admin), ("Content-Type", "text/csv")], body: fits))
        #expect(ok.status == 200, "\(ok.bodyText)")
        let tooLarge = Array(("name\n" + String(repeating: "客户\n", count: 300)).utf8)
        let refused = try server.makeClient().exchange(RawHTTPRequest.make("POST", "/v1/customers/import", headers: [app.auth(.admin), ("Content-Type", "text/csv")], body: tooLarge))
        #expect(refused.status == 413)
        #expect(refused.header("Connection") == "close")
        let elsewhere = try server.makeClient().exchange(RawHTTPRequest.make("POST", "/v1/customers", headers: [app.auth(.admin), ("Content-Type", "application/json")], body: fits))
        #expect(elsewhere.status == 413)
    }

    @Test func export_streamsChunked_overARealSocket() throws {
        let app = try TestApplication()
        var csv = "name,phone\n"
        for index in 0..<1_500 { csv += "流式客户\(index),\(13_600_000_000 + index)\n" }
        #expect(try app.importText(csv)["created"] == 1_500)
        let server = try TestHTTPServer(handler: app.router)
        defer { server.shutdown() }
        let client = try server.makeClient()
        let response = try client.exchange(RawHTTPRequest.get("/v1/customers/export?format=csv", headers: [app.auth(.viewer)]), timeout: 20)
        #expect(response.status == 200)
        #expect(response.isChunked)
        #expect(response.header("Content-Length") == nil)
        #expect(response.header("Content-Disposition") == "attachment; filename=\"customers.csv\"")
        let records = CSVParser.records(of: response.body)
        #expect(records.count == 1_501)
        #expect(Set(records.dropFirst().map { $0.fields[2] }).count == 1_500)
        // The connection stays usable after the streamed body.
        #expect(try client.exchange(RawHTTPRequest.get("/v1/customers/export" + TestApplication.query([("format", "ndjson"), ("q", "流式客户1499")]), headers: [app.auth(.viewer)])).status == 200)
    }
}
