import Crypto
import KehuCore

/// API-key secrets hashed with SHA-256. The secrets are 200 random bits, so a fast hash
/// is enough (no password stretching needed); comparison is constant-time.
public struct SHA256SecretHasher: SecretHasher {
    public init() {}

    public func hash(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(secret.utf8)))
    }

    public func matches(_ secret: String, hash: [UInt8]) -> Bool {
        ConstantTime.equal(self.hash(secret), hash)
    }
}

/// Comparison whose time does not depend on where two byte strings differ.
public enum ConstantTime {
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
