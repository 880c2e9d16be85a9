/// An incremental HTTP/1.1 request parser: feed it the unconsumed bytes of a connection,
/// it answers with what it found and how many bytes it used.
///
/// A value type with no I/O. The caller keeps the bytes the parser did not consume and
/// offers them again (with more appended) on the next call. The parser enforces
/// `HTTPParserLimits` as bytes arrive, so an oversize head or body is refused before it
/// is buffered. Any thrown `HTTPParseError` is final for the connection.
public struct HTTPParser: Sendable {
    /// What one call to `parse` produced.
    public enum Step: Sendable {
        /// Nothing complete yet; keep the unconsumed bytes and call again with more.
        case needMoreData
        /// The head of a request with a body; the body follows. Lets the connection
        /// answer `Expect: 100-continue` before the client sends the body.
        case head(RequestHead)
        /// A complete request, body included.
        case request(Request)
    }

    private enum State {
        case head
        case body(RequestHead, remaining: Int)
        case chunked(RequestHead, ChunkedDecoder)
    }

    /// The limits in force.
    public let limits: HTTPParserLimits
    private var state = State.head
    private var body: [UInt8] = []
    /// How far the current head has been scanned without finding its end, so that a
    /// head arriving a byte at a time is not rescanned from the start each time.
    private var scanned = 0
    private var requestLineEnd: Int?

    /// A parser in its initial state.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) { self.limits = limits }

    /// Whether the parser is between requests (no partial head or body pending).
    public var isIdle: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// Whether the parser is inside a request body.
    public var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    /// Parses as far as `bytes` allow. Returns the step and the number of bytes consumed.
    public mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (step: Step, consumed: Int) {
        switch state {
        case .head:
            return try parseHead(bytes)
        case .body(let head, let remaining):
            let take = min(remaining, bytes.count)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<take]))
            if take == remaining { return (.request(finish(head)), take) }
            state = .body(head, remaining: remaining - take)
            return (.needMoreData, take)
        case .chunked(let head, var decoder):
            let (done, consumed) = try decoder.decode(bytes, into: &body)
            if done { return (.request(finish(head)), consumed) }
            state = .chunked(head, decoder)
            return (.needMoreData, consumed)
        }
    }

    private mutating func finish(_ head: RequestHead) -> Request {
        let request = head.makeRequest(body: body)
        body = []
        state = .head
        return request
    }

    private mutating func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (step: Step, consumed: Int) {
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line.
        var skipped = 0
        if scanned == 0 {
            while skipped + 1 < bytes.count, bytes[skipped] == ByteClasses.cr, bytes[skipped + 1] == ByteClasses.lf {
                skipped += 2
            }
            if skipped > 0 { return (.needMoreData, skipped) }
        }
        guard let end = try findHeadEnd(bytes) else {
            try checkIncompleteHeadLimits(count: bytes.count)
            return (.needMoreData, 0)
        }
        let lineEnd = requestLineEnd!
        scanned = 0
        requestLineEnd = nil
        if end - lineEnd - 1 > limits.maxHeaderBytes { throw .headerFieldsTooLarge }
        let head = try HeadParser(bytes: UnsafeBufferPointer(rebasing: bytes[0..<end]), requestLineEnd: lineEnd, limits: limits).parse()
        switch head.framing {
        case .none:
            return (.request(head.makeRequest(body: [])), end)
        case .length(let length):
            body.reserveCapacity(length)
            state = .body(head, remaining: length)
        case .chunked:
            state = .chunked(head, ChunkedDecoder(limits: limits, maxBodyBytes: limits.maxBodyBytes(forTarget: head.target)))
        }
        return (.head(head), end)
    }

    /// Finds the index just past the blank line that ends the head, checking line
    /// endings on the way: RFC 9112 §2.2 lets a recipient reject a bare CR, and this
    /// server also rejects a bare LF rather than guess, since lenient line endings are
    /// a classic request-smuggling lever.
    private mutating func findHeadEnd(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int? {
        var index = scanned
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == ByteClasses.lf {
                guard index > 0, bytes[index - 1] == ByteClasses.cr else {
                    throw .badRequest("A line ends in a bare LF; lines must end in CRLF.")
                }
                if requestLineEnd == nil { requestLineEnd = index }
                // CRLF CRLF: the empty line that ends the header section (RFC 9112 §2.1).
                if index >= 3, bytes[index - 2] == ByteClasses.lf, bytes[index - 3] == ByteClasses.cr {
                    return index + 1
                }
            } else if byte == ByteClasses.cr, index + 1 < count, bytes[index + 1] != ByteClasses.lf {
                throw .badRequest("A bare CR appears in the request head.")
            }
            index += 1
        }
        // Leave the last byte (a possible CR awaiting its LF) for the next scan.
        scanned = max(0, count - 1)
        return nil
    }

    /// Refuses a head that can no longer fit, before it is complete. The request line is
    /// measured the same way whether its LF has arrived or not, so that the verdict does
    /// not depend on how the bytes were cut (found by scripts/fuzz: a long line that ended
    /// in one read waited for the rest of the head, byte by byte it was refused at once).
    private func checkIncompleteHeadLimits(count: Int) throws(HTTPParseError) {
        let longestLine = limits.maxTargetBytes + HeadParser.requestLineOverhead
        if let lineEnd = requestLineEnd {
            if lineEnd > longestLine { throw .uriTooLong }
            if count - lineEnd - 1 > limits.maxHeaderBytes { throw .headerFieldsTooLarge }
        } else if count > longestLine {
            throw .uriTooLong
        }
    }
}
