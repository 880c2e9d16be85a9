@testable import HTTPServer
import Testing

/// A message the parser must refuse, with the status it must be refused with.
struct RejectCase: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: [UInt8]
    let status: Int
    var limits = HTTPParserLimits()

    init(_ name: String, _ text: String, _ status: Int, limits: HTTPParserLimits = HTTPParserLimits()) {
        self.init(name, Array(text.utf8), status, limits: limits)
    }

    init(_ name: String, _ raw: [UInt8], _ status: Int, limits: HTTPParserLimits = HTTPParserLimits()) {
        self.name = name
        self.raw = raw
        self.status = status
        self.limits = limits
    }

    var testDescription: String { "\(status): \(name)" }

    /// Checks the message is refused with `status`, fed whole and fed a byte at a time,
    /// and that no request was produced before the refusal.
    func verify(sourceLocation: SourceLocation = #_sourceLocation) {
        for byteByByte in [false, true] {
            let (error, requestsBefore) = Feeding.error(raw, limits: limits, byteByByte: byteByByte)
            let mode = byteByByte ? "byte by byte" : "whole"
            #expect(error?.status.code == status, "\(name) (\(mode)): got \(error.map(String.init(describing:)) ?? "no error")", sourceLocation: sourceLocation)
            #expect(requestsBefore == 0, "\(name) (\(mode)): a request was produced before the error", sourceLocation: sourceLocation)
        }
    }
}

/// Builds a request head around the given header lines.
func requestHead(_ headerLines: String, requestLine: String = "POST /p HTTP/1.1", host: Bool = true) -> String {
    "\(requestLine)\r\n" + (host ? "Host: h\r\n" : "") + headerLines + "\r\n"
}

/// A chunked request whose body is `chunks`.
func chunkedRequest(_ chunks: String) -> String {
    requestHead("Transfer-Encoding: chunked\r\n") + chunks
}
