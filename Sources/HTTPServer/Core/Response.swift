/// An HTTP response as a handler returns it; the server adds framing headers.
public struct Response: Sendable {
    /// The status code and phrase.
    public var status: HTTPStatus
    /// Header fields; `Content-Length`, `Transfer-Encoding`, `Date` and `Connection`
    /// are the server's and are overwritten when the response is written.
    public var headers: HTTPHeaders
    /// The content.
    public var body: ResponseBody

    /// A response with the given parts.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response carrying `bytes` with the given content type.
    public init(status: HTTPStatus = .ok, contentType: String, bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) {
        var all = headers
        all.set("Content-Type", contentType)
        self.init(status: status, headers: all, body: .bytes(bytes))
    }

    /// A UTF-8 text response.
    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, contentType: contentType, bytes: Array(text.utf8))
    }
}

/// What a response carries after its head.
public enum ResponseBody: Sendable {
    /// No content (Content-Length: 0 where a body is allowed).
    case empty
    /// Content known in full, sent with Content-Length.
    case bytes([UInt8])
    /// Content produced piece by piece on the worker thread and sent with chunked
    /// transfer coding (or, to HTTP/1.0 clients, until the connection closes).
    /// The closure may block: `BodyStreamWriter.write` waits while the client is slow.
    case stream(@Sendable (any BodyStreamWriter) throws -> Void)

    /// The byte count when it is known in advance.
    public var knownLength: Int? {
        switch self {
        case .empty: 0
        case .bytes(let bytes): bytes.count
        case .stream: nil
        }
    }
}

/// Receives a streamed response body piece by piece.
///
/// `write` blocks the calling worker while the connection's unsent output is above its
/// high-water mark, so a client that does not read cannot make the server buffer without
/// bound. It throws `StreamWriteError.connectionClosed` once the peer is gone.
public protocol BodyStreamWriter: Sendable {
    /// Sends `bytes` as the next piece of the body; empty input is ignored.
    func write(_ bytes: [UInt8]) throws
}

/// Why a streamed body could not be written.
public enum StreamWriteError: Error, Sendable {
    /// The connection closed (peer gone, timeout, or shutdown) before the body ended.
    case connectionClosed
}
