import Foundation

/// Time and ids, injected so that services and tests are deterministic (STYLE §8.9).
public struct Environment: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// A new opaque id with the given prefix (`usr`, `key`, ...).
    public var makeID: @Sendable (_ prefix: String) -> String
    /// `count` random bytes from a cryptographically secure source.
    public var randomBytes: @Sendable (_ count: Int) -> [UInt8]

    public init(now: @escaping @Sendable () -> Date, makeID: @escaping @Sendable (String) -> String, randomBytes: @escaping @Sendable (Int) -> [UInt8]) {
        self.now = now
        self.makeID = makeID
        self.randomBytes = randomBytes
    }

    /// The real clock and `SystemRandomNumberGenerator` (getrandom on Linux).
    public static let live = Environment(
        now: { Date() },
        makeID: { prefix in "\(prefix)_" + Token.base32(Environment.secureRandom(15)) },
        randomBytes: { Environment.secureRandom($0) }
    )

    /// Eight bytes a call of the system generator (one getrandom call each), not one: ids
    /// are made for every write, and a byte at a time was 6% of an import's CPU.
    static func secureRandom(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }
}

/// Text encodings for ids and secrets.
public enum Token {
    private static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".utf8) // no l, o, 0, 1

    /// Lower-case, unambiguous base32 of `bytes` (5 bits a character), URL-safe.
    public static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }
}
