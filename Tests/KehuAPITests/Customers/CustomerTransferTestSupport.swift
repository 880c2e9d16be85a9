import Foundation
import HTTPServer
import KehuCore
import KehuTestSupport
import Synchronization
import Testing

extension TestApplication {
    /// `POST /v1/customers/import` with a raw body; `query` starts with `?` when given.
    func importFile(_ body: [UInt8], query: String = "", contentType: String? = "text/csv", as role: Role = .admin,
                    headers: [(String, String)] = []) throws -> Response {
        var all = headers + [auth(role)]
        if let contentType { all.append(("Content-Type", contentType)) }
        return try router.handle(.make(.post, "/v1/customers/import" + query, headers: all, body: body))
    }

    /// Imports UTF-8 `text` and expects 200; returns the report.
    @discardableResult
    func importText(_ text: String, query: String = "", contentType: String = "text/csv", as role: Role = .admin,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> ImportReportJSON {
        let response = try importFile(Array(text.utf8), query: query, contentType: contentType, as: role)
        #expect(response.status == .ok, "\(response.bodyText)", sourceLocation: sourceLocation)
        return ImportReportJSON(response.jsonObject ?? [:])
    }

    /// `GET /v1/customers/export` run without a socket: the streamed body is collected.
    func export(_ query: String = "", as role: Role = .admin) throws -> (response: Response, body: [UInt8]) {
        let response = try router.handle(.make(.get, "/v1/customers/export" + query, headers: [auth(role)]))
        guard case .stream(let produce) = response.body else { return (response, response.bodyBytes) }
        let writer = CollectingWriter()
        try produce(writer)
        return (response, writer.bytes)
    }

    /// The export as text, expecting 200.
    func exportText(_ query: String = "", as role: Role = .admin, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let (response, body) = try export(query, as: role)
        #expect(response.status == .ok, "\(response.bodyText)", sourceLocation: sourceLocation)
        return String(decoding: body, as: UTF8.self)
    }
}

/// The JSON import report, read for assertions.
struct ImportReportJSON {
    let object: [String: Any]

    init(_ object: [String: Any]) { self.object = object }

    subscript(_ key: String) -> Int? { object[key] as? Int }
    var dryRun: Bool? { object["dryRun"] as? Bool }
    /// `row field` of each listed error.
    var errors: [(row: Int, field: String, message: String)] {
        (object["errors"] as? [[String: Any]] ?? []).map { ($0["row"] as? Int ?? -1, $0["field"] as? String ?? "", $0["message"] as? String ?? "") }
    }
    var counts: [String: Int] {
        ["created": self["created"] ?? -1, "updated": self["updated"] ?? -1, "unchanged": self["unchanged"] ?? -1, "skipped": self["skipped"] ?? -1]
    }
}

/// Collects a streamed body in memory.
final class CollectingWriter: BodyStreamWriter {
    private let collected = Mutex<[UInt8]>([])
    /// How many `write` calls delivered bytes.
    private let pieces = Mutex(0)

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        collected.withLock { $0 += bytes }
        pieces.withLock { $0 += 1 }
    }

    var bytes: [UInt8] { collected.withLock { $0 } }
    var pieceCount: Int { pieces.withLock { $0 } }
}
