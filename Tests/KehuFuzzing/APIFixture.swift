import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport

/// The whole API over a temporary database (`TestApplication`), with one record of each
/// kind that routes with an `{id}` can name, and the calls both API targets make.
final class APIFixture: Sendable {
    let app: TestApplication
    /// Values for path parameters, by parameter name and by the path's resource.
    private let ids: [String: String]

    init() throws {
        // No fsync per commit: the file is thrown away, and the fuzzer wants runs per second.
        app = try TestApplication(synchronous: .normal)
        var ids: [String: String] = [:]
        let customer = try Self.create(app, "/v1/customers", #"{"name":"张伟","type":"company","phone":"13800138000","email":"zw@example.com","tags":["vip"]}"#)
        ids["customers"] = customer
        ids["merges"] = try Self.create(app, "/v1/customers", #"{"name":"张伟 2","phone":"13800138001"}"#)
        ids["contactId"] = try Self.create(app, "/v1/customers/\(customer)/contacts", #"{"name":"李娜","phone":"13900139000"}"#)
        ids["feedback"] = try Self.create(app, "/v1/feedback", #"{"customerId":"\#(customer)","kind":"complaint","channel":"phone","subject":"慢","body":"发货太慢","urgency":"high"}"#)
        ids["follow-ups"] = try Self.create(app, "/v1/follow-ups", #"{"customerId":"\#(customer)","dueAt":"2030-01-01T08:00:00Z","kind":"call","purpose":"回访"}"#)
        ids["follow-up-plans"] = try Self.create(app, "/v1/follow-up-plans", #"{"customerId":"\#(customer)"}"#)
        ids["deals"] = try Self.create(app, "/v1/deals", #"{"customerId":"\#(customer)","title":"年度合同","amount":100000,"currency":"CNY"}"#)
        ids["surveys"] = try Self.create(app, "/v1/surveys", #"{"name":"满意度","questions":[{"id":"q1","type":"nps","text":"推荐?"}]}"#)
        ids["webhooks"] = try Self.create(app, "/v1/webhooks", #"{"url":"http://127.0.0.1:9/hook","events":["customer.created"]}"#)
        ids["users"] = app.userIDs[.rep]
        ids["api-keys"] = "key_unknown"
        self.ids = ids
    }

    /// `template` with each `{parameter}` replaced by a record that exists (or did when
    /// the fixture was made: fuzzed calls may merge, end or delete it, which is fine).
    func path(for template: String) -> String {
        let parts = template.split(separator: "/", omittingEmptySubsequences: false)
        var resource = ""
        return parts.map { part in
            guard part.hasPrefix("{"), part.hasSuffix("}") else {
                resource = String(part)
                return String(part)
            }
            let name = String(part.dropFirst().dropLast())
            return ids[name] ?? ids[resource] ?? "unknown"
        }.joined(separator: "/")
    }

    /// The routes with `method`, in a fixed order.
    func templates(_ methods: Set<String>) -> [(method: HTTPMethod, template: String)] {
        app.router.routes.filter { methods.contains($0.method.rawValue) }
    }

    /// Sends `request` as the admin and stops the fuzzer when the answer is a server
    /// error, or a streamed body fails half way (a response cut off).
    func send(_ request: Request) {
        var request = request
        request.headers.set("Authorization", "Bearer \(app.keys[.admin]!)")
        let response: Response
        do {
            response = try app.router.handle(request)
        } catch {
            FuzzFailure.report("\(request.method) \(request.target) threw \(error)")
        }
        guard response.status.code < 500 else {
            FuzzFailure.report("\(request.method) \(request.target) answered \(response.status.code): \(Self.text(response))")
        }
        if case .stream(let produce) = response.body {
            do { try produce(DiscardingWriter()) } catch {
                FuzzFailure.report("\(request.method) \(request.target) stream failed: \(error)")
            }
        }
    }

    private static func create(_ app: TestApplication, _ path: String, _ json: String) throws -> String {
        let request = Request(method: .post, target: path, headers: ["Authorization": "Bearer \(app.keys[.admin]!)", "Content-Type": "application/json"],
                              body: Array(json.utf8))
        let response = try app.router.handle(request)
        guard response.status.code == 201, case .bytes(let bytes) = response.body,
              let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], let id = object["id"] as? String else {
            throw FixtureError(path: path, status: response.status.code, body: text(response))
        }
        return id
    }

    private static func text(_ response: Response) -> String {
        guard case .bytes(let bytes) = response.body else { return "" }
        return String(decoding: bytes.prefix(300), as: UTF8.self)
    }

    struct FixtureError: Error {
        var path: String
        var status: Int
        var body: String
    }
}

/// Takes a streamed body and drops it.
private struct DiscardingWriter: BodyStreamWriter {
    func write(_ bytes: [UInt8]) throws {}
}
