/// Builds request bytes for `RawHTTPClient`, exactly as written (no normalisation).
public enum RawHTTPRequest {
    /// `method target version`, then `Host` (unless nil), the given headers, a
    /// `Content-Length` for a non-empty body (unless `contentLength` is false), and the body.
    public static func make(
        _ method: String = "GET",
        _ target: String,
        version: String = "HTTP/1.1",
        host: String? = "test.local",
        headers: [(String, String)] = [],
        body: [UInt8] = [],
        contentLength: Bool = true
    ) -> [UInt8] {
        var text = "\(method) \(target) \(version)\r\n"
        if let host { text += "Host: \(host)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if contentLength && !body.isEmpty { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }

    /// A GET request for `target`.
    public static func get(_ target: String, headers: [(String, String)] = []) -> [UInt8] {
        make("GET", target, headers: headers)
    }

    /// A POST request carrying `body` with Content-Length.
    public static func post(_ target: String, body: String, headers: [(String, String)] = []) -> [UInt8] {
        make("POST", target, headers: headers, body: Array(body.utf8))
    }
}
