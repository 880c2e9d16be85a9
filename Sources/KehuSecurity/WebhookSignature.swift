import Crypto
import Foundation

/// The `Kehu-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
/// (API.md, Integration). Receivers recompute it with their secret and compare.
public enum WebhookSignature {
    /// The header value for `body` sent at `timestamp` with `secret`.
    public static func header(body: [UInt8], secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(hex(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// Whether `header` is a valid signature of `body` with `secret`.
    public static func verify(header: String, body: [UInt8], secret: String) -> Bool {
        var timestamp: Int?
        var signature: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signature = String(pair[1]) }
        }
        guard let timestamp, let signature else { return false }
        return ConstantTime.equal(Array(hex(mac(body: body, secret: secret, timestamp: timestamp)).utf8), Array(signature.utf8))
    }

    private static func mac(body: [UInt8], secret: String, timestamp: Int) -> [UInt8] {
        let key = SymmetricKey(data: Array(secret.utf8))
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
