/// One HTTP response as `RawHTTPClient` received it: the parsed parts and the exact bytes.
///
/// A plain value; header lookups ignore ASCII case like HTTP does.
public struct RawHTTPResponse: Sendable, CustomStringConvertible {
    /// The protocol version on the status line, e.g. `HTTP/1.1`.
    public var version: String
    /// The three-digit status code.
    public var status: Int
    /// The reason phrase (possibly empty).
    public var reason: String
    /// Header fields in the order received.
    public var headers: [RawHTTPHeader]
    /// The body after transfer decoding (chunk framing removed); empty for bodiless responses.
    public var body: [UInt8]
    /// Whether the body was sent with chunked transfer coding.
    public var isChunked: Bool
    /// Exactly the bytes this response occupied on the wire.
    public var raw: [UInt8]

    /// The first value of the header `name`, or nil.
    public func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// Every value of the header `name`, in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The raw bytes decoded as UTF-8, handy in failure messages.
    public var rawText: String { String(decoding: raw, as: UTF8.self) }

    public var description: String { "\(status) \(reason) (\(body.count) body bytes)" }

    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.lowercased() == b.lowercased()
    }
}

/// A header field of a `RawHTTPResponse`.
public struct RawHTTPHeader: Sendable, Equatable {
    /// The field name as received.
    public var name: String
    /// The field value with surrounding spaces and tabs removed.
    public var value: String

    /// A field from its parts.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
