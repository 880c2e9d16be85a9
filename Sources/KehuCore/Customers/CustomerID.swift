/// The shape of a customer id: "cus_" and 1 to 64 URL-safe characters. Kehu makes 24 of
/// them (`Environment.makeID`); an import may bring its own (`isWellFormed`).
public enum CustomerID {
    public static let prefix = "cus_"
    public static let maximumLength = 64

    /// Whether `id` may name a new customer.
    public static func isWellFormed(_ id: String) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let rest = id.utf8.dropFirst(prefix.utf8.count)
        return (1...maximumLength).contains(rest.count) && rest.allSatisfy(isIDByte)
    }

    /// A letter, digit, `_` or `-`.
    public static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
    }
}
