/// The parsed request line and header section, before the body.
public struct RequestHead: Sendable {
    /// How the body is delimited (RFC 9112 §6.3).
    public enum Framing: Sendable, Equatable {
        /// No body.
        case none
        /// Exactly this many bytes follow.
        case length(Int)
        /// Chunked transfer coding.
        case chunked
    }

    /// The method token.
    public var method: HTTPMethod
    /// The target in origin-form (`/path?query`), or `*`.
    public var target: String
    /// The protocol version.
    public var version: HTTPVersion
    /// All header fields in order.
    public var headers: HTTPHeaders
    /// How the body is framed.
    public var framing: Framing
    /// Whether the client sent `Expect: 100-continue`.
    public var expectsContinue: Bool

    /// Whether the connection may be reused after this request (RFC 9112 §9.3).
    public var keepAlive: Bool { Request.wantsKeepAlive(version: version, headers: headers) }

    /// The request with `body` attached.
    public func makeRequest(body: [UInt8]) -> Request {
        Request(method: method, target: target, version: version, headers: headers, body: body)
    }
}
