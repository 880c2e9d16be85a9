import Foundation
import HTTPServer

extension Request {
    /// A request for handler tests that need no socket: `Request.make(.post, "/v1/x", json: ["a": 1])`.
    public static func make(
        _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> Request {
        var all = HTTPHeaders([("Host", "test")] + headers)
        if !body.isEmpty && all["Content-Length"] == nil { all.add("Content-Length", String(body.count)) }
        return Request(method: method, target: target, headers: all, body: body)
    }

    /// A request with a JSON body encoded from `json` (any JSONSerialization-compatible value).
    public static func make(_ method: HTTPMethod, _ target: String, json: Any, headers: [(String, String)] = []) -> Request {
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data()
        return make(method, target, headers: [("Content-Type", "application/json")] + headers, body: Array(data))
    }
}

extension Response {
    /// The body bytes of a non-streamed response.
    public var bodyBytes: [UInt8] {
        switch body {
        case .empty, .stream: []
        case .bytes(let bytes): bytes
        }
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: bodyBytes, as: UTF8.self) }

    /// The body parsed as a JSON object, or nil.
    public var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bodyBytes))) as? [String: Any]
    }
}

/// The package's root folder, found from this file's path, for tests that read
/// `openapi.yaml` or run the built `kehu` binary.
public enum PackageRoot {
    public static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// A fresh temporary folder, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kehu-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}
