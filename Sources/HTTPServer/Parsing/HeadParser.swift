/// Parses one complete request head (request line and header fields), already known to
/// end in CRLF CRLF with no bare CR or LF inside.
struct HeadParser {
    /// Bytes allowed on the request line besides the target: method, spaces, version, CRLF.
    static let requestLineOverhead = 64
    /// Longest method token accepted; no registered method comes close.
    static let maxMethodBytes = 32

    let bytes: UnsafeBufferPointer<UInt8>
    let requestLineEnd: Int
    let limits: HTTPParserLimits

    func parse() throws(HTTPParseError) -> RequestHead {
        let (method, rawTarget, version) = try parseRequestLine()
        let headers = try parseFields()
        let target = try originFormTarget(rawTarget, method: method)
        try checkHost(headers, version: version)
        let framing = try HeadParser.framing(of: headers, version: version, maxBodyBytes: limits.maxBodyBytes(forTarget: target))
        let expectsContinue = try HeadParser.expectation(of: headers, version: version)
        return RequestHead(
            method: method, target: target, version: version, headers: headers,
            framing: framing, expectsContinue: expectsContinue
        )
    }

    // MARK: Request line (RFC 9112 §3)

    private func parseRequestLine() throws(HTTPParseError) -> (HTTPMethod, String, HTTPVersion) {
        let lineEnd = requestLineEnd - 1 // index of the CR
        var index = 0
        while index < lineEnd, bytes[index] != ByteClasses.space {
            guard ByteClasses.isTokenChar[Int(bytes[index])] else {
                throw .badRequest("The method contains a character that is not allowed in a token.")
            }
            index += 1
        }
        guard index > 0, index <= Self.maxMethodBytes else {
            throw .badRequest("The request line has no valid method.")
        }
        let method = HTTPMethod(string(0, index))
        index += 1 // single SP
        let targetStart = index
        while index < lineEnd, bytes[index] != ByteClasses.space {
            guard ByteClasses.isTargetChar(bytes[index]) else {
                throw .badRequest("The request target contains a character that is not allowed.")
            }
            index += 1
        }
        let targetLength = index - targetStart
        if targetLength > limits.maxTargetBytes { throw .uriTooLong }
        guard targetLength > 0, index < lineEnd else {
            throw .badRequest("The request line must be: method SP request-target SP HTTP-version.")
        }
        let target = string(targetStart, index)
        index += 1
        let version = try parseVersion(from: index, to: lineEnd)
        return (method, target, version)
    }

    /// HTTP-version = "HTTP/" DIGIT "." DIGIT, exactly (RFC 9112 §2.3).
    private func parseVersion(from start: Int, to end: Int) throws(HTTPParseError) -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard end - start == 8,
              (0..<5).allSatisfy({ bytes[start + $0] == prefix[$0] }),
              let major = ByteClasses.decimalValue(bytes[start + 5]),
              bytes[start + 6] == UInt8(ascii: "."),
              let minor = ByteClasses.decimalValue(bytes[start + 7])
        else {
            throw .badRequest("The request line does not end in a valid HTTP version.")
        }
        // RFC 9110 §6.2: a higher minor version of a major version we implement is read as
        // the highest minor version we conform to, 1.1.
        switch (major, minor) {
        case (1, 0): return .http1_0
        case (1, _): return .http1_1
        default: throw .versionNotSupported
        }
    }

    /// Reduces the target to origin-form: `/path?query`, or `*` for OPTIONS (RFC 9112 §3.2).
    private func originFormTarget(_ target: String, method: HTTPMethod) throws(HTTPParseError) -> String {
        if method == .connect {
            throw .notImplemented("CONNECT is not supported: this server is not a proxy.")
        }
        if target.utf8.first == UInt8(ascii: "/") { return target }
        if target == "*" {
            guard method == .options else { throw .badRequest("The asterisk target is only valid with OPTIONS.") }
            return target
        }
        // absolute-form (§3.2.2): servers MUST accept it; keep its path and query.
        for scheme in ["http://", "https://"] where target.utf8.count > scheme.utf8.count
            && HTTPHeaders.namesEqual(target.prefix(scheme.count), scheme) {
            let rest = target.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
            let tail = rest[slash...]
            return tail.first == "?" ? "/" + tail : String(tail)
        }
        throw .badRequest("The request target is not in origin-form or absolute-form.")
    }

    // MARK: Header fields (RFC 9112 §5)

    private func parseFields() throws(HTTPParseError) -> HTTPHeaders {
        var headers = HTTPHeaders()
        var lineStart = requestLineEnd + 1
        let sectionEnd = bytes.count - 2 // the final CRLF
        while lineStart < sectionEnd {
            var lineEnd = lineStart
            while bytes[lineEnd] != ByteClasses.cr { lineEnd += 1 }
            headers.add(try parseField(from: lineStart, to: lineEnd))
            if headers.count > limits.maxHeaderCount { throw .headerFieldsTooLarge }
            lineStart = lineEnd + 2
        }
        return headers
    }

    private func parseField(from start: Int, to end: Int) throws(HTTPParseError) -> HTTPHeaders.Field {
        let first = bytes[start]
        if first == ByteClasses.space || first == ByteClasses.tab {
            // §5.2: obs-fold is rejected with 400 (or replaced); we reject.
            throw .badRequest("Obsolete line folding is not accepted in header fields.")
        }
        var colon = start
        while colon < end, bytes[colon] != ByteClasses.colon {
            guard ByteClasses.isTokenChar[Int(bytes[colon])] else {
                // §5.1: no whitespace is allowed between the field name and the colon.
                throw .badRequest("A header field name contains an invalid character or whitespace before the colon.")
            }
            colon += 1
        }
        guard colon < end, colon > start else { throw .badRequest("A header line has no field name or no colon.") }
        var valueStart = colon + 1
        var valueEnd = end
        while valueStart < valueEnd, bytes[valueStart] == ByteClasses.space || bytes[valueStart] == ByteClasses.tab { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == ByteClasses.space || bytes[valueEnd - 1] == ByteClasses.tab { valueEnd -= 1 }
        for index in valueStart..<valueEnd where !ByteClasses.isFieldValueChar[Int(bytes[index])] {
            throw .badRequest("A header field value contains a control character.")
        }
        return HTTPHeaders.Field(name: string(start, colon), value: string(valueStart, valueEnd))
    }

    /// RFC 9112 §3.2: a 1.1 request without Host, or any request with several, is 400.
    private func checkHost(_ headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) {
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 { throw .badRequest("The request has more than one Host header.") }
        if version == .http1_1 && hosts.isEmpty { throw .badRequest("An HTTP/1.1 request must have a Host header.") }
        if let host = hosts.first, !host.utf8.allSatisfy({ ByteClasses.isHostChar[Int($0)] }) {
            throw .badRequest("The Host header is not a valid host.")
        }
    }

    private func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}
