import HTTPServer

/// What `HTTPParser` made of a byte stream: the requests it completed, in order, and the
/// error that ended the stream, if one did. Two deliveries of the same bytes must give
/// equal streams, however the bytes were cut.
struct ParsedStream: CustomStringConvertible {
    struct Message: Equatable {
        var method: String
        var target: String
        var version: HTTPVersion
        var headers: [HTTPHeaders.Field]
        var body: [UInt8]
    }

    var messages: [Message] = []
    var error: HTTPParseError?

    /// Parses `input` delivered in pieces that end at `cuts` (offsets, ascending), the way
    /// a connection does: bytes not consumed are offered again with the next piece.
    init(_ input: [UInt8], cuts: [Int], limits: HTTPParserLimits = HTTPParserLimits()) {
        var parser = HTTPParser(limits: limits)
        var pending: [UInt8] = []
        var start = 0
        for end in cuts + [input.count] where end >= start {
            pending.append(contentsOf: input[start..<end])
            start = end
            do throws(HTTPParseError) {
                try Self.drain(&pending, with: &parser) { messages.append($0) }
            } catch {
                self.error = error
                return
            }
        }
    }

    private static func drain(_ pending: inout [UInt8], with parser: inout HTTPParser, _ emit: (Message) -> Void) throws(HTTPParseError) {
        while true {
            var copy = parser
            let (step, consumed) = try pending.withUnsafeBufferPointer { buffer throws(HTTPParseError) in try copy.parse(buffer) }
            parser = copy
            guard consumed >= 0, consumed <= pending.count else {
                FuzzFailure.report("the parser consumed \(consumed) of \(pending.count) bytes")
            }
            pending.removeFirst(consumed)
            switch step {
            case .needMoreData:
                if consumed == 0 || pending.isEmpty { return }
            case .head:
                continue
            case .request(let request):
                emit(Message(method: request.method.rawValue, target: request.target, version: request.version,
                             headers: Array(request.headers), body: request.body))
            }
        }
    }

    /// The same requests, and both refused or neither. The reason may differ: with a byte
    /// at a time, a line can pass a length limit (414, 431) before the byte that makes it
    /// malformed (400) arrives.
    func agrees(with other: ParsedStream) -> Bool {
        messages == other.messages && (error == nil) == (other.error == nil)
    }

    var description: String {
        "\(messages.map { "\($0.method) \($0.target) \($0.headers.count) fields \($0.body.count) body bytes" }) error: \(error.map(String.init(describing:)) ?? "none")"
    }
}

/// Cut points taken from the input itself, so that a crash found with them replays.
enum Cuts {
    /// One cut at an offset chosen by the input's last byte, and byte-by-byte delivery of
    /// short inputs (the path a slow client takes).
    static func derived(from input: [UInt8]) -> [[Int]] {
        guard let last = input.last else { return [] }
        var ways = [[Int(last) % (input.count + 1)]]
        if input.count <= 256 { ways.append(Array(1..<max(1, input.count))) }
        return ways
    }
}
