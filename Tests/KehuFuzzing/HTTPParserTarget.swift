import HTTPServer

/// The request parser over arbitrary bytes: it must never crash, never consume more than
/// it was given, keep every body within the limit, and reach the same requests, and a
/// refusal or none, whether the bytes come at once, cut in two, or one at a time.
struct HTTPParserTarget: FuzzTarget {
    /// Small limits, so that the fuzzer reaches every limit check with short inputs.
    static let limits = HTTPParserLimits(maxTargetBytes: 128, maxHeaderBytes: 512, maxHeaderCount: 16, maxBodyBytes: 256, maxChunkLineBytes: 64)

    func run(_ input: [UInt8]) {
        check(input, limits: Self.limits)
    }

    func check(_ input: [UInt8], limits: HTTPParserLimits) {
        let whole = ParsedStream(input, cuts: [], limits: limits)
        for message in whole.messages where message.body.count > limits.maxBodyBytes(forTarget: message.target) {
            FuzzFailure.report("a body of \(message.body.count) bytes passed a limit of \(limits.maxBodyBytes(forTarget: message.target))")
        }
        for cuts in Cuts.derived(from: input) {
            let pieces = ParsedStream(input, cuts: cuts, limits: limits)
            guard pieces.agrees(with: whole) else {
                FuzzFailure.report("cut at \(cuts.prefix(3))…: \(pieces) but whole: \(whole)")
            }
        }
    }
}

/// The chunked body decoder, reached through the parser after a fixed chunked head:
/// the same rules as `HTTPParserTarget`, over bodies.
struct ChunkedBodyTarget: FuzzTarget {
    static let head = Array("POST /v1/customers HTTP/1.1\r\nHost: fuzz\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

    func run(_ input: [UInt8]) {
        HTTPParserTarget().check(Self.head + input, limits: HTTPParserTarget.limits)
    }
}
