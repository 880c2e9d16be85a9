import Foundation
import KehuSecurity
import Testing

/// `Kehu-Signature` against a value computed outside Kehu (Python's hmac module, as in
/// docs/operations.md), so the contract does not depend on our own code agreeing with itself.
@Suite struct WebhookSignatureTests {
    static let body = Array(#"{"id":"1"}"#.utf8)
    static let secret = "whsec_e2e_signing_secret_0123"
    // hmac.new(secret, b'1800000000.' + body, hashlib.sha256).hexdigest()
    static let expected = "t=1800000000,v1=446d251b40977e7a8ceac8e36ad07097c3b54439403dd104023fbfacb55bbe07"

    @Test func header_matchesAnIndependentlyComputedHMAC() {
        #expect(WebhookSignature.header(body: Self.body, secret: Self.secret, timestamp: 1_800_000_000) == Self.expected)
        #expect(WebhookSignature.verify(header: Self.expected, body: Self.body, secret: Self.secret))
    }

    @Test func verify_refusesAnotherBodySecretOrTimestamp_andMalformedHeaders() {
        #expect(!WebhookSignature.verify(header: Self.expected, body: Array(#"{"id":"2"}"#.utf8), secret: Self.secret))
        #expect(!WebhookSignature.verify(header: Self.expected, body: Self.body, secret: Self.secret + "x"))
        #expect(!WebhookSignature.verify(header: Self.expected.replacingOccurrences(of: "t=1800000000", with: "t=1800000001"), body: Self.body, secret: Self.secret))
        for header in ["", "t=1800000000", "v1=446d", "garbage", "t=x,v1=446d251b"] {
            #expect(!WebhookSignature.verify(header: header, body: Self.body, secret: Self.secret), "\(header)")
        }
    }
}
