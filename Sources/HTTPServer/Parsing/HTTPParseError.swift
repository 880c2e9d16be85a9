/// Why a request could not be accepted at the protocol level.
///
/// Every case is answered with its status and `Connection: close`: after a framing
/// error the server cannot know where the next request would start.
public enum HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Malformed syntax or framing (400).
    case badRequest(String)
    /// The request target is longer than the configured limit (414).
    case uriTooLong
    /// The header section (or a trailer section) is over the limit (431).
    case headerFieldsTooLarge
    /// The declared or received body is over the limit (413).
    case contentTooLarge
    /// A method or feature this server does not implement (501).
    case notImplemented(String)
    /// A transfer coding other than chunked (501); carries the client's value, which only
    /// the answer repeats (see `logReason`).
    case unsupportedTransferCoding(String)
    /// A well-formed version other than HTTP/1.0 or HTTP/1.1 (505).
    case versionNotSupported
    /// An `Expect` value other than `100-continue` (417).
    case expectationFailed

    /// The status the client is answered with.
    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .uriTooLong: .uriTooLong
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .contentTooLarge: .contentTooLarge
        case .notImplemented, .unsupportedTransferCoding: .notImplemented
        case .versionNotSupported: .httpVersionNotSupported
        case .expectationFailed: .expectationFailed
        }
    }

    /// A short explanation for the problem body.
    public var detail: String {
        switch self {
        case .badRequest(let why): why
        case .uriTooLong: "The request target is longer than this server accepts."
        case .headerFieldsTooLarge: "The header section is larger than this server accepts."
        case .contentTooLarge: "The request body is larger than this server accepts."
        case .notImplemented(let what): what
        case .unsupportedTransferCoding(let coding): "The transfer coding '\(coding.prefix(40))' is not supported; only chunked is."
        case .versionNotSupported: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .expectationFailed: "Only the 100-continue expectation is supported."
        }
    }

    /// The explanation for the server's log: `detail` without anything the client sent,
    /// which may be personal data (docs/reliability.md, "Personal data in logs"). Every
    /// other case's text is the server's own.
    public var logReason: String {
        switch self {
        case .unsupportedTransferCoding: "A transfer coding other than chunked."
        default: detail
        }
    }

    public var description: String { "\(status.code): \(logReason)" }
}
