@testable import HTTPServer
import Testing

/// The parser must give the same answer however the bytes are cut into reads.
@Suite struct HTTPParserSplitTests {
    /// A message with a short name, so test output stays readable.
    struct Message: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        var testDescription: String { name }
    }

    static let messages: [Message] = [
        Message(name: "GET with headers", text: "GET /simple?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Spaced:   v  \r\n\r\n"),
        Message(name: "leading empty lines", text: "\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: h\r\n\r\n"),
        Message(name: "Content-Length body", text: "POST /length HTTP/1.1\r\nHost: h\r\nContent-Length: 13\r\n\r\nhello, world!"),
        Message(name: "chunked with extensions and trailer", text: "POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1 ;x\r\n,\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n"),
        Message(name: "four pipelined requests", text: "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\nGET /4 HTTP/1.0\r\n\r\n"),
    ]

    @Test(arguments: messages)
    func parser_givesSameResult_atEverySplitPoint(_ message: Message) throws {
        let raw = bytes(message.text)
        let reference = try Feeding.whole(raw)
        #expect(!reference.requests.isEmpty)
        #expect(reference.pending.isEmpty)
        for split in 0...raw.count {
            let driver = try Feeding.split(raw, at: split)
            #expect(driver.events == reference.events, "split at \(split)")
            #expect(driver.pending.isEmpty, "split at \(split)")
        }
    }

    @Test(arguments: messages)
    func parser_givesSameResult_byteByByte(_ message: Message) throws {
        let raw = bytes(message.text)
        let reference = try Feeding.whole(raw)
        let driver = try Feeding.byteByByte(raw)
        #expect(driver.events == reference.events)
        #expect(driver.pending.isEmpty)
    }

    @Test func parser_givesSameResult_inEveryThreePieceSplit() throws {
        let raw = bytes(Self.messages[3].text)
        let reference = try Feeding.whole(raw)
        for first in stride(from: 0, through: raw.count, by: 3) {
            for second in first...raw.count {
                var driver = ParserDriver()
                try driver.feed(raw[..<first])
                try driver.feed(raw[first..<second])
                try driver.feed(raw[second...])
                #expect(driver.events == reference.events, "splits at \(first), \(second)")
            }
        }
    }

    @Test func parser_reportsHeadBeforeBodyArrives_whenSplitAtBodyStart() throws {
        let raw = bytes(Self.messages[2].text)
        let headLength = raw.count - 13
        var driver = ParserDriver()
        try driver.feed(raw[..<headLength])
        #expect(driver.events.count == 1)
        #expect(driver.requests.isEmpty)
        #expect(driver.parser.isReadingBody)
        try driver.feed(raw[headLength...])
        #expect(driver.requests.map(\.bodyText) == ["hello, world!"])
        #expect(driver.parser.isIdle)
    }

    @Test func parser_isNotIdle_whileHalfAHeadIsBuffered() throws {
        var driver = ParserDriver()
        try driver.feed(bytes("GET / HTTP/1.1\r\nHo"))
        #expect(driver.parser.isIdle == false)
        #expect(driver.parser.isReadingBody == false)
        try driver.feed(bytes("st: h\r\n\r\n"))
        #expect(driver.parser.isIdle)
    }

    static let malformed: [Message] = [
        Message(name: "bare CR in a value", text: "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n"),
        Message(name: "bare LF", text: "GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n"),
        Message(name: "chunk without CRLF", text: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n"),
        Message(name: "negative chunk size", text: "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\nhi\r\n0\r\n\r\n"),
    ]

    @Test(arguments: malformed)
    func parser_rejectsAtEverySplitPoint(_ message: Message) {
        let raw = bytes(message.text)
        for split in 0...raw.count {
            var driver = ParserDriver()
            #expect(throws: HTTPParseError.self, "split at \(split)") {
                try driver.feed(raw[..<split])
                try driver.feed(raw[split...])
            }
        }
    }
}
