/// Turns responses into HTTP/1.1 bytes.
///
/// Head and known-length body go into one buffer so they leave in one `send`: a head and
/// body in two writes make every keep-alive response wait for a delayed ACK.
enum ResponseSerializer {
    /// How the body of a serialized response is framed.
    enum Framing {
        case length(Int)
        case chunked
        /// HTTP/1.0 streaming: no length, the connection's close ends the body.
        case untilClose
    }

    /// Appends the status line and headers. `Connection` is written from `keepAlive`
    /// (and the request version); framing headers from `framing`.
    static func appendHead(
        status: HTTPStatus, headers: HTTPHeaders, framing: Framing, keepAlive: Bool,
        requestVersion: HTTPVersion, date: [UInt8], into out: inout [UInt8]
    ) {
        out.append(contentsOf: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
        for field in headers where !isServerOwned(field.name) {
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date)
        // RFC 9110 §8.6 and RFC 9112 §6.1: no Content-Length or Transfer-Encoding on
        // 1xx, 204 (and 304, whose framing would describe a body it never has).
        switch framing {
        case .length(let length) where status.allowsBody:
            out.append(contentsOf: "\r\nContent-Length: \(length)".utf8)
        case .chunked where status.allowsBody:
            out.append(contentsOf: "\r\nTransfer-Encoding: chunked".utf8)
        case .length, .chunked, .untilClose:
            break
        }
        if !keepAlive {
            out.append(contentsOf: "\r\nConnection: close\r\n\r\n".utf8)
        } else if requestVersion == .http1_0 {
            out.append(contentsOf: "\r\nConnection: keep-alive\r\n\r\n".utf8)
        } else {
            out.append(contentsOf: "\r\n\r\n".utf8)
        }
    }

    /// Appends a complete response whose body is known (`.empty` or `.bytes`).
    static func appendComplete(
        _ response: Response, body: [UInt8], isHead: Bool, keepAlive: Bool,
        requestVersion: HTTPVersion, date: [UInt8], into out: inout [UInt8]
    ) {
        appendHead(
            status: response.status, headers: response.headers, framing: .length(body.count),
            keepAlive: keepAlive, requestVersion: requestVersion, date: date, into: &out
        )
        if !isHead && response.status.allowsBody { out.append(contentsOf: body) }
    }

    /// Frames one chunk (RFC 9112 §7.1).
    static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var out = Array(String(bytes.count, radix: 16).utf8)
        out.reserveCapacity(out.count + bytes.count + 4)
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: bytes)
        out.append(contentsOf: "\r\n".utf8)
        return out
    }

    /// The last-chunk and empty trailer section.
    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// An interim 100 Continue (RFC 9110 §15.2.1).
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static func isServerOwned(_ name: String) -> Bool {
        HTTPHeaders.namesEqual(name, "Content-Length") || HTTPHeaders.namesEqual(name, "Transfer-Encoding")
            || HTTPHeaders.namesEqual(name, "Connection") || HTTPHeaders.namesEqual(name, "Date")
    }
}

/// Minimal RFC 9457 problem bodies for what the server answers on its own
/// (parse errors, timeouts, overload, unmapped handler errors).
enum ServerProblem {
    /// A `application/problem+json` response with `Connection: close` semantics left to the caller.
    static func response(_ status: HTTPStatus, detail: String) -> Response {
        let json = "{\"type\":\"about:blank\",\"title\":\(JSONString.quoted(status.reasonPhrase)),\"status\":\(status.code),\"detail\":\(JSONString.quoted(detail))}"
        return Response(status: status, contentType: "application/problem+json", bytes: Array(json.utf8))
    }
}
