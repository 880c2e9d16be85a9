/// A strict, minimal HTTP/1.x response parser used as the test oracle for the server.
///
/// Strict on purpose: any stray byte before a status line (for example a chunk
/// terminator sent after a HEAD response) is reported as `RawHTTPResponseParser.Malformed`
/// instead of being skipped, so framing bugs in the server make tests fail.
/// Incomplete input is cheap to re-offer: the body is only copied once it is complete.
public enum RawHTTPResponseParser {
    /// The bytes are not a well-formed response.
    public struct Malformed: Error, CustomStringConvertible {
        /// What was wrong.
        public let reason: String
        /// The start of the bytes being parsed.
        public let bytes: [UInt8]

        public var description: String {
            "malformed response: \(reason); bytes: \(String(decoding: bytes, as: UTF8.self).debugDescription)"
        }
    }

    /// Parses one response at the start of `bytes`.
    ///
    /// - Parameters:
    ///   - noBody: the response answers a HEAD request, so it has no body whatever its headers say.
    ///   - atEOF: the peer closed, so a response without length framing ends with the bytes given.
    /// - Returns: the response and how many bytes it used, or nil if more bytes are needed.
    public static func parse(_ bytes: ArraySlice<UInt8>, noBody: Bool = false, atEOF: Bool = false) throws(Malformed) -> (response: RawHTTPResponse, consumed: Int)? {
        let start = bytes.startIndex
        func fail(_ reason: String) -> Malformed { Malformed(reason: reason, bytes: Array(bytes.prefix(400))) }
        let prefix = Array("HTTP/".utf8)
        if !bytes.starts(with: prefix.prefix(bytes.count)) {
            throw fail("does not start with HTTP/")
        }
        guard let headEnd = indexOf([13, 10, 13, 10], in: bytes, from: start) else {
            if atEOF && !bytes.isEmpty { throw fail("connection closed inside the response head") }
            return nil
        }
        let head = bytes[start..<headEnd]
        for index in head.indices {
            let byte = head[index]
            if byte == 10 && (index == start || head[index - 1] != 13) { throw fail("bare LF in the head") }
            if byte == 13 && (index + 1 >= headEnd || head[index + 1] != 10) { throw fail("bare CR in the head") }
        }
        let lines = split(head)
        let statusLine = String(decoding: lines[0], as: UTF8.self)
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0",
              parts[1].count == 3, let status = Int(parts[1]), status >= 100
        else { throw fail("bad status line \(statusLine.debugDescription)") }
        var headers: [RawHTTPHeader] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw fail("header line without a name and colon")
            }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            guard !name.contains(" "), !name.contains("\t") else { throw fail("whitespace in header name \(name)") }
            var valueBytes = line[(colon + 1)...]
            while let first = valueBytes.first, first == 32 || first == 9 { valueBytes.removeFirst() }
            while let last = valueBytes.last, last == 32 || last == 9 { valueBytes.removeLast() }
            headers.append(RawHTTPHeader(name: name, value: String(decoding: valueBytes, as: UTF8.self)))
        }
        var response = RawHTTPResponse(
            version: String(parts[0]), status: status, reason: parts.count > 2 ? String(parts[2]) : "",
            headers: headers, body: [], isChunked: false, raw: []
        )
        let bodyStart = headEnd + 4
        let bodiless = noBody || (100..<200).contains(status) || status == 204 || status == 304
        let end: Int
        if bodiless {
            end = bodyStart
        } else if let transferEncoding = response.header("Transfer-Encoding") {
            guard transferEncoding.lowercased() == "chunked" else { throw fail("unexpected Transfer-Encoding \(transferEncoding)") }
            guard response.header("Content-Length") == nil else { throw fail("both Transfer-Encoding and Content-Length") }
            response.isChunked = true
            guard let (chunks, chunkedEnd) = try chunkRanges(bytes, from: bodyStart, fail: fail) else {
                if atEOF { throw fail("connection closed inside a chunked body") }
                return nil
            }
            var body: [UInt8] = []
            body.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
            for range in chunks { body.append(contentsOf: bytes[range]) }
            response.body = body
            end = chunkedEnd
        } else if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0, response.headerValues("Content-Length").count == 1 else {
                throw fail("bad Content-Length \(lengthText)")
            }
            guard bytes.endIndex - bodyStart >= length else {
                if atEOF { throw fail("connection closed after \(bytes.endIndex - bodyStart) of \(length) body bytes") }
                return nil
            }
            response.body = Array(bytes[bodyStart..<(bodyStart + length)])
            end = bodyStart + length
        } else {
            // No framing: the body runs until the connection closes (RFC 9112 §6.3 rule 8).
            guard atEOF else { return nil }
            response.body = Array(bytes[bodyStart...])
            end = bytes.endIndex
        }
        response.raw = Array(bytes[start..<end])
        return (response, end - start)
    }

    /// The data ranges of a complete chunked body and the index after it, or nil if incomplete.
    private static func chunkRanges(
        _ bytes: ArraySlice<UInt8>, from start: Int, fail: (String) -> Malformed
    ) throws(Malformed) -> (chunks: [Range<Int>], end: Int)? {
        var chunks: [Range<Int>] = []
        var index = start
        while true {
            guard let lineEnd = indexOf([13, 10], in: bytes, from: index) else { return nil }
            let line = bytes[index..<lineEnd]
            let sizeDigits = line.prefix { $0 != UInt8(ascii: ";") }
            guard !sizeDigits.isEmpty, sizeDigits.count <= 15, sizeDigits.allSatisfy(isHexDigit),
                  let size = Int(String(decoding: sizeDigits, as: UTF8.self), radix: 16)
            else { throw fail("bad chunk size line \(String(decoding: line, as: UTF8.self).debugDescription)") }
            index = lineEnd + 2
            if size == 0 {
                // The trailer section: field lines until an empty one.
                while true {
                    guard let trailerEnd = indexOf([13, 10], in: bytes, from: index) else { return nil }
                    let isEmpty = trailerEnd == index
                    index = trailerEnd + 2
                    if isEmpty { return (chunks, index) }
                }
            }
            guard bytes.endIndex - index >= size + 2 else { return nil }
            chunks.append(index..<(index + size))
            index += size
            guard bytes[index] == 13, bytes[index + 1] == 10 else { throw fail("chunk data not followed by CRLF") }
            index += 2
        }
    }

    /// The index where `needle` first occurs in `bytes` at or after `start`.
    static func indexOf(_ needle: [UInt8], in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.endIndex {
            if bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func split(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        while let end = indexOf([13, 10], in: head, from: lineStart) {
            lines.append(head[lineStart..<end])
            lineStart = end + 2
        }
        lines.append(head[lineStart...])
        return lines
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }
}
