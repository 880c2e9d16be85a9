/// Classifies IP addresses that a webhook must not reach by default.
public enum AddressPolicy {
    /// Whether the IPv4 address (4 bytes) is loopback, private, link-local, CGNAT,
    /// unspecified, broadcast or multicast.
    public static func isInternal(ipv4 b: [UInt8]) -> Bool {
        guard b.count == 4 else { return true }
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (100, 64...127): return true          // CGNAT, RFC 6598
        case (169, 254): return true                // link-local
        case (172, 16...31): return true
        case (192, 168): return true
        case (192, 0) where b[2] == 0: return true  // IETF protocol assignments
        case (224...255, _): return true            // multicast, reserved, broadcast
        default: return false
        }
    }

    /// Whether the IPv6 address (16 bytes) is loopback, unspecified, link-local, unique
    /// local, multicast, or an IPv4-mapped/compatible form of an internal IPv4 address.
    public static func isInternal(ipv6 b: [UInt8]) -> Bool {
        guard b.count == 16 else { return true }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return true }                  // :: and ::1
        if b[0] == 0xFE && (b[1] & 0xC0) == 0x80 { return true }              // fe80::/10
        if (b[0] & 0xFE) == 0xFC { return true }                              // fc00::/7
        if b[0] == 0xFF { return true }                                       // multicast
        if b[0..<10].allSatisfy({ $0 == 0 }) && ((b[10] == 0xFF && b[11] == 0xFF) || (b[10] == 0 && b[11] == 0)) {
            return isInternal(ipv4: Array(b[12..<16]))                        // ::ffff:a.b.c.d
        }
        return false
    }
}
