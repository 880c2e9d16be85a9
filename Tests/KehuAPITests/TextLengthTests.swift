import Foundation
import HTTPServer
import KehuTestSupport
import Testing

/// Text limits are counted as openapi.yaml's maxLength/maxItems count them: Unicode code
/// points of the value as sent (JSON Schema Validation §6.3.1). Found by contract fuzzing:
/// POST /v1/users took a 201-code-point name whose first character was a space (the limit was
/// checked after trimming), and grapheme counting let combining marks through.
@Suite struct TextLengthTests {
    static func userBody(name: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: ["name": name, "email": "len\(UUID().uuidString.prefix(8))@test.example", "role": "viewer"])
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: [
        " " + String(repeating: "张", count: 200),          // 201 code points, a space first
        String(repeating: "e\u{301}", count: 101),          // 202 code points, 101 characters
        String(repeating: "👍🏽", count: 101),                // 202 code points, 101 characters
    ])
    func userName_overTheLimitInCodePoints_is422(name: String) throws {
        let app = try TestApplication()
        let response = try app.call(.post, "/v1/users", json: try Self.userBody(name: name))
        #expect(response.status == .unprocessableContent, "\(response.bodyText)")
    }

    @Test func userName_ofExactlyTheLimit_isCreated_trimmed() throws {
        let app = try TestApplication()
        let name = String(repeating: "张", count: 199) + " "
        let response = try app.call(.post, "/v1/users", json: try Self.userBody(name: name))
        #expect(response.status == .created, "\(response.bodyText)")
        #expect(response.jsonObject?["name"] as? String == String(repeating: "张", count: 199))
    }

    @Test func customerTags_countedAsSent() throws {
        let app = try TestApplication()
        let many = Array(repeating: "同一个", count: 51)
        let tooMany = try app.call(.post, "/v1/customers", json: String(decoding: try JSONSerialization.data(withJSONObject: ["name": "甲", "tags": many]), as: UTF8.self))
        #expect(tooMany.status == .unprocessableContent, "51 tags, duplicates or not: \(tooMany.bodyText)")
        let longBlank = try app.call(.post, "/v1/customers", json: #"{"name":"乙","tags":["\#(String(repeating: " ", count: 51))"]}"#)
        #expect(longBlank.status == .unprocessableContent, "a 51-space tag: \(longBlank.bodyText)")
        let fine = try app.call(.post, "/v1/customers", json: #"{"name":"丙","tags":["\#(String(repeating: "标", count: 50))"," a "]}"#)
        #expect(fine.status == .created, "\(fine.bodyText)")
    }
}
