extension HeadParser {
    /// Decides how the body is delimited (RFC 9112 §6.1–6.3), refusing every ambiguous case
    /// that could let two parsers disagree about where the request ends.
    /// `maxBodyBytes` is the limit for this request's path (`HTTPParserLimits.maxBodyBytes(forTarget:)`).
    static func framing(of headers: HTTPHeaders, version: HTTPVersion, maxBodyBytes: Int) throws(HTTPParseError) -> RequestHead.Framing {
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty {
            // §6.1: TE with CL is a smuggling attempt or a broken client: reject and close.
            if !contentLengths.isEmpty {
                throw .badRequest("Transfer-Encoding and Content-Length must not both be present.")
            }
            // §6.1: TE in an HTTP/1.0 message means the framing is faulty.
            if version == .http1_0 { throw .badRequest("Transfer-Encoding is not valid in an HTTP/1.0 request.") }
            return try chunkedFraming(transferEncodings)
        }
        guard !contentLengths.isEmpty else { return .none }
        let length = try contentLength(contentLengths)
        if length > maxBodyBytes { throw .contentTooLarge }
        return length == 0 ? .none : .length(length)
    }

    private static func chunkedFraming(_ values: [String]) throws(HTTPParseError) -> RequestHead.Framing {
        var codings: [Substring] = []
        for value in values {
            for part in value.split(separator: ",") {
                let coding = part.trimmingOWS()
                if !coding.isEmpty { codings.append(coding) }
            }
        }
        if let other = codings.first(where: { !HTTPHeaders.namesEqual($0, "chunked") }) {
            // §6.1: a server that does not understand a coding SHOULD answer 501.
            throw .unsupportedTransferCoding(String(other.prefix(40)))
        }
        // §6.3: chunked must be the final coding, applied once.
        guard codings.count == 1 else { throw .badRequest("Transfer-Encoding must name chunked exactly once.") }
        return .chunked
    }

    /// Content-Length = 1*DIGIT; a list of identical values is accepted (§6.3 rule 5),
    /// differing values are not. Digits are read by hand: `Int("+5")` would succeed.
    private static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let digits = part.trimmingOWS()
                guard !digits.isEmpty, digits.utf8.count <= 18 else {
                    throw .badRequest("Content-Length is not a valid length.")
                }
                var number = 0
                for byte in digits.utf8 {
                    guard let digit = ByteClasses.decimalValue(byte) else {
                        throw .badRequest("Content-Length must be plain decimal digits.")
                    }
                    number = number * 10 + digit
                }
                if let previous = result, previous != number {
                    throw .badRequest("The request has differing Content-Length values.")
                }
                result = number
            }
        }
        return result ?? 0
    }

    /// `Expect: 100-continue` is the only expectation defined (RFC 9110 §10.1.1); others get 417.
    static func expectation(of headers: HTTPHeaders, version: HTTPVersion) throws(HTTPParseError) -> Bool {
        let values = headers.values(for: "Expect")
        guard !values.isEmpty else { return false }
        for value in values {
            for part in value.split(separator: ",") where !HTTPHeaders.namesEqual(part.trimmingOWS(), "100-continue") {
                throw .expectationFailed
            }
        }
        // §10.1.1: a 1.0 client cannot understand 100; just read the body.
        return version == .http1_1
    }
}
