/// A parsed HTTP request, complete with its body.
///
/// A value type: middleware changes a copy and passes it on.
public struct Request: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The request target as sent (origin-form, or the path of an absolute-form target).
    public var target: String
    /// The path part of the target, still percent-encoded.
    public var path: Substring
    /// The query part of the target without `?`, still encoded; nil when absent.
    public var query: Substring?
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// The header fields as received.
    public var headers: HTTPHeaders
    /// The whole request body (Content-Length or de-chunked); empty when there is none.
    public var body: [UInt8]
    /// Values captured by the matched route template, percent-decoded (`{id}` → `id`).
    public var pathParameters: [String: String] = [:]
    /// The route template that matched (e.g. `/v1/customers/{id}`), set by the router.
    public var route: String?
    /// Values attached by middleware.
    public var attributes = RequestAttributes()
    /// The peer's address as text, when known.
    public var remoteAddress: String?

    /// A request from its parts; `target` is split into path and query here.
    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        remoteAddress: String? = nil
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            path = target[...]
            query = nil
        }
    }

    /// Whether the client asked to keep the connection open after this request
    /// (RFC 9112 §9.3: 1.1 persists unless `close`; 1.0 only with `keep-alive`).
    public var wantsKeepAlive: Bool { Self.wantsKeepAlive(version: version, headers: headers) }

    static func wantsKeepAlive(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
        if headers.hasToken("close", in: "Connection") { return false }
        return version == .http1_1 || headers.hasToken("keep-alive", in: "Connection")
    }

    /// The query as decoded name/value pairs in order (`+` is a space, `%XX` decoded).
    /// Pairs whose percent-encoding is malformed are returned undecoded.
    public var queryItems: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decodeQueryComponent(parts[0]) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decodeQueryComponent(parts[1]) ?? String(parts[1])) : ""
            return (name, value)
        }
    }

    /// The first decoded value of query parameter `name`.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

/// Percent-decoding for paths and query strings (RFC 3986 §2.1).
public enum PercentDecoding {
    /// Decodes `%XX` escapes into UTF-8; nil if an escape is malformed or the result is not UTF-8.
    public static func decode<S: StringProtocol>(_ text: S) -> String? {
        decode(text, plusAsSpace: false)
    }

    /// Like `decode`, but also turns `+` into a space, as HTML forms encode query strings.
    public static func decodeQueryComponent<S: StringProtocol>(_ text: S) -> String? {
        decode(text, plusAsSpace: true)
    }

    private static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool) -> String? {
        let utf8 = Array(text.utf8)
        if !utf8.contains(UInt8(ascii: "%")) && !(plusAsSpace && utf8.contains(UInt8(ascii: "+"))) {
            return String(text)
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) else {
                    return nil
                }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
