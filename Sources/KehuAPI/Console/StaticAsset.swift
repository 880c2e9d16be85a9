/// One file of the web console, held in memory with the validator browsers revalidate with.
public struct StaticAsset: Sendable, Equatable {
    /// The file's bytes.
    public let bytes: [UInt8]
    /// The media type sent as `Content-Type`.
    public let contentType: String
    /// A strong entity tag (RFC 9110 §8.8.3), quoted, derived from the bytes.
    public let etag: String

    /// An asset whose entity tag is computed from `bytes`.
    public init(bytes: [UInt8], contentType: String) {
        self.bytes = bytes
        self.contentType = contentType
        etag = "\"" + Self.fingerprint(bytes) + "\""
    }

    /// The media type for a file name's extension, nil for a kind the console never serves
    /// (so a stray file in the folder, say a backup or a shell script, stays unreachable).
    public static func contentType(forFileName name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        // RFC 9239 makes text/javascript the one media type for JavaScript, modules included.
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "webmanifest": return "application/manifest+json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        default: return nil
        }
    }

    /// 64-bit FNV-1a of the bytes, in hex, twice over with different offsets to make 128 bits.
    /// An entity tag only has to change when the content does; it is not a security check.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var first: UInt64 = 0xCBF2_9CE4_8422_2325
        var second: UInt64 = 0x6C62_272E_07BB_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* prime
            second = (second ^ UInt64(byte ^ 0x5A)) &* prime
        }
        return hex(first) + hex(second)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
