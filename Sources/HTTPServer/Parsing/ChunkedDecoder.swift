/// Decodes a chunked request body incrementally (RFC 9112 §7.1).
///
/// Chunk sizes are read digit by digit with an overflow check, since `Int(_:radix:)`
/// accepts `-2` and `+2`. Extensions are accepted and ignored; trailer fields are read
/// (bounded by the header limit) and discarded (§7.1.2 lets a recipient drop them).
struct ChunkedDecoder: Sendable {
    private enum State: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(bytesSeen: Int)
    }

    private let limits: HTTPParserLimits
    private var state = State.size
    /// The body limit for this request's path.
    private let maxBodyBytes: Int
    private var bodyBytes = 0

    init(limits: HTTPParserLimits, maxBodyBytes: Int) {
        self.limits = limits
        self.maxBodyBytes = maxBodyBytes
    }

    /// Decodes what `bytes` hold, appending chunk data to `body`.
    /// Returns whether the body is complete and how many bytes were consumed.
    mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) throws(HTTPParseError) -> (done: Bool, consumed: Int) {
        var index = 0
        while index < bytes.count {
            switch state {
            case .size:
                guard let lineEnd = try lineEnd(in: bytes, from: index, limit: limits.maxChunkLineBytes) else {
                    return (false, index)
                }
                let size = try Self.chunkSize(UnsafeBufferPointer(rebasing: bytes[index..<(lineEnd - 1)]))
                index = lineEnd + 1
                if size == 0 {
                    state = .trailers(bytesSeen: 0)
                } else {
                    guard size <= maxBodyBytes - bodyBytes else { throw .contentTooLarge }
                    bodyBytes += size
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard bytes.count - index >= 2 else { return (false, index) }
                guard bytes[index] == ByteClasses.cr, bytes[index + 1] == ByteClasses.lf else {
                    throw .badRequest("Chunk data is not followed by CRLF.")
                }
                index += 2
                state = .size
            case .trailers(let seen):
                let budget = limits.maxHeaderBytes - seen
                guard let lineEnd = try lineEnd(in: bytes, from: index, limit: budget) else {
                    if bytes.count - index > budget { throw .headerFieldsTooLarge }
                    return (false, index)
                }
                let length = lineEnd + 1 - index
                if length == 2 { return (true, lineEnd + 1) } // the empty line ends the message
                try Self.checkTrailerLine(UnsafeBufferPointer(rebasing: bytes[index..<(lineEnd - 1)]))
                index = lineEnd + 1
                state = .trailers(bytesSeen: seen + length)
            }
        }
        return (false, index)
    }

    /// The index of the LF ending the line that starts at `start`, nil if it has not
    /// arrived; throws on bare CR/LF or a line longer than `limit`.
    private func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) throws(HTTPParseError) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ByteClasses.lf {
                guard index > start, bytes[index - 1] == ByteClasses.cr else { throw .badRequest("A chunked line ends in a bare LF.") }
                return index
            }
            if byte == ByteClasses.cr, index + 1 < bytes.count, bytes[index + 1] != ByteClasses.lf {
                throw .badRequest("A bare CR appears in the chunked framing.")
            }
            if index - start >= limit {
                if case .trailers = state { throw .headerFieldsTooLarge }
                throw .badRequest("A chunk-size line is too long.")
            }
            index += 1
        }
        return nil
    }

    /// chunk-size = 1*HEXDIG, then optional `[BWS] ";" chunk-ext`.
    private static func chunkSize(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var index = 0
        while index < line.count, let digit = ByteClasses.hexValue(line[index]) {
            let (shifted, overflow) = size.multipliedReportingOverflow(by: 16)
            guard !overflow else { throw .badRequest("The chunk size overflows.") }
            size = shifted + digit
            index += 1
        }
        guard index > 0 else { throw .badRequest("A chunk size must be hexadecimal digits.") }
        guard index < line.count else { return size }
        while index < line.count, line[index] == ByteClasses.space || line[index] == ByteClasses.tab { index += 1 }
        guard index < line.count, line[index] == UInt8(ascii: ";") else {
            throw .badRequest("A chunk size must be hexadecimal digits, optionally followed by extensions.")
        }
        for byte in UnsafeBufferPointer(rebasing: line[index...]) where !ByteClasses.isFieldValueChar[Int(byte)] {
            throw .badRequest("A chunk extension contains a control character.")
        }
        return size
    }

    private static func checkTrailerLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        guard let colon = line.firstIndex(of: ByteClasses.colon), colon > 0,
              line[..<colon].allSatisfy({ ByteClasses.isTokenChar[Int($0)] }),
              line[(colon + 1)...].allSatisfy({ ByteClasses.isFieldValueChar[Int($0)] })
        else { throw .badRequest("A trailer field is malformed.") }
    }
}
