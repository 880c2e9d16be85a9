@testable import HTTPServer
import Testing

/// Query and path decoding on `Request` (RFC 3986 §2.1, HTML form `+`).
@Suite struct RequestQueryTests {
    @Test func queryItems_decodePlusPercentAndKeepMalformedRaw() {
        let request = makeRequest(.get, "/s?q=a+b&name=%E5%BC%A0&bad=%zz&half=%E5%BC&flag&=empty&x=1=2&&sp=%20%2B")
        let items = request.queryItems.map { "\($0.name)|\($0.value)" }
        #expect(items == ["q|a b", "name|张", "bad|%zz", "half|%E5%BC", "flag|", "|empty", "x|1=2", "sp| +"])
        #expect(request.queryValue("name") == "张")
        #expect(request.queryValue("missing") == nil)
    }

    @Test func queryItems_emptyWithoutQuery() {
        #expect(makeRequest(.get, "/s").queryItems.isEmpty)
        #expect(makeRequest(.get, "/s?").queryItems.isEmpty)
        #expect(makeRequest(.get, "/s?").query == "")
        #expect(makeRequest(.get, "/s").query == nil)
    }

    @Test func request_splitsTargetIntoPathAndQuery_atFirstQuestionMark() {
        let request = makeRequest(.get, "/a/b?c=d?e")
        #expect(request.path == "/a/b")
        #expect(request.query == "c=d?e")
    }

    @Test func percentDecoding_decodesPathComponents_withoutPlus() {
        #expect(PercentDecoding.decode("a+b%20c") == "a+b c")
        #expect(PercentDecoding.decode("%41%4a%4A") == "AJJ")
        #expect(PercentDecoding.decode("%4") == nil)
        #expect(PercentDecoding.decode("%FF") == nil, "not UTF-8")
        #expect(PercentDecoding.decodeQueryComponent("a+b") == "a b")
    }
}
