@testable import HTTPServer

/// Drives `HTTPParser` the way a connection does: unconsumed bytes are kept and offered
/// again with the next bytes appended, and parsing continues while bytes are consumed.
struct ParserDriver {
    /// A step the parser reported, reduced to something comparable.
    enum Event: Equatable, CustomStringConvertible {
        case head(HeadSnapshot)
        case request(RequestSnapshot)

        var description: String {
            switch self {
            case .head(let head): "head(\(head))"
            case .request(let request): "request(\(request))"
            }
        }
    }

    private(set) var parser: HTTPParser
    /// Bytes offered but not yet consumed.
    private(set) var pending: [UInt8] = []
    /// Everything reported so far, in order.
    private(set) var events: [Event] = []

    init(limits: HTTPParserLimits = HTTPParserLimits()) {
        parser = HTTPParser(limits: limits)
    }

    /// Appends `bytes` and parses as far as possible.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(HTTPParseError) {
        pending.append(contentsOf: bytes)
        while true {
            var parser = self.parser
            let (step, consumed) = try pending.withUnsafeBufferPointer { buffer throws(HTTPParseError) in
                try parser.parse(buffer)
            }
            self.parser = parser
            precondition(consumed >= 0 && consumed <= pending.count, "parser consumed \(consumed) of \(pending.count)")
            pending.removeFirst(consumed)
            switch step {
            case .needMoreData:
                if consumed == 0 || pending.isEmpty { return }
            case .head(let head):
                events.append(.head(HeadSnapshot(head)))
            case .request(let request):
                events.append(.request(RequestSnapshot(request)))
            }
        }
    }

    /// The complete requests reported so far.
    var requests: [RequestSnapshot] {
        events.compactMap { if case .request(let request) = $0 { request } else { nil } }
    }
}

/// The comparable parts of a parsed `Request`.
struct RequestSnapshot: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var headers: [HTTPHeaders.Field]
    var body: [UInt8]
    var wantsKeepAlive: Bool

    init(_ request: Request) {
        method = request.method.rawValue
        target = request.target
        path = String(request.path)
        query = request.query.map(String.init)
        version = request.version
        headers = Array(request.headers)
        body = request.body
        wantsKeepAlive = request.wantsKeepAlive
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var description: String { "\(method) \(target) \(version) \(headers.map { "\($0.name)=\($0.value)" }) body=\(bodyText.debugDescription)" }
}

/// The comparable parts of a `RequestHead`.
struct HeadSnapshot: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var framing: RequestHead.Framing
    var expectsContinue: Bool
    var keepAlive: Bool

    init(method: String, target: String, framing: RequestHead.Framing, expectsContinue: Bool, keepAlive: Bool) {
        self.method = method
        self.target = target
        self.framing = framing
        self.expectsContinue = expectsContinue
        self.keepAlive = keepAlive
    }

    init(_ head: RequestHead) {
        method = head.method.rawValue
        target = head.target
        framing = head.framing
        expectsContinue = head.expectsContinue
        keepAlive = head.keepAlive
    }

    var description: String { "\(method) \(target) \(framing) expectsContinue=\(expectsContinue)" }
}

/// Ways to deliver a message to the parser.
enum Feeding {
    /// Parses `text` in one piece and returns the events.
    static func whole(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) throws(HTTPParseError) -> ParserDriver {
        var driver = ParserDriver(limits: limits)
        try driver.feed(bytes)
        return driver
    }

    /// Parses `bytes` one byte per call.
    static func byteByByte(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) throws(HTTPParseError) -> ParserDriver {
        var driver = ParserDriver(limits: limits)
        for byte in bytes { try driver.feed([byte]) }
        return driver
    }

    /// Parses `bytes` in two calls split at `split`.
    static func split(_ bytes: [UInt8], at split: Int, limits: HTTPParserLimits = HTTPParserLimits()) throws(HTTPParseError) -> ParserDriver {
        var driver = ParserDriver(limits: limits)
        try driver.feed(bytes[..<split])
        try driver.feed(bytes[split...])
        return driver
    }

    /// The error parsing `bytes` throws, or nil if it parses. `requestsBefore` receives
    /// how many complete requests were reported before the error.
    static func error(
        _ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(), byteByByte: Bool = false
    ) -> (error: HTTPParseError?, requestsBefore: Int) {
        var driver = ParserDriver(limits: limits)
        do {
            if byteByByte {
                for byte in bytes { try driver.feed([byte]) }
            } else {
                try driver.feed(bytes)
            }
            return (nil, driver.requests.count)
        } catch {
            return (error, driver.requests.count)
        }
    }
}

/// Shorthand: the UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
