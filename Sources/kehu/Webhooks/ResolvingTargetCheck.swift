#if canImport(Glibc)
import Glibc
#endif
import KehuCore

/// Resolves a webhook host and refuses internal addresses (loopback, private, link-local)
/// unless `--allow-private-webhooks` is set. Checked when a subscription is saved and again
/// before every delivery, since DNS answers can change.
struct ResolvingTargetCheck: WebhookTargetCheck {
    let allowPrivate: Bool

    func check(host: String) throws {
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else {
            throw KehuError.validation([FieldError(field: "url", message: "The host does not resolve.")])
        }
        if !allowPrivate, addresses.contains(where: { $0.count == 4 ? AddressPolicy.isInternal(ipv4: $0) : AddressPolicy.isInternal(ipv6: $0) }) {
            throw KehuError.validation([FieldError(field: "url", message: "The host resolves to a loopback, private or link-local address; start Kehu with --allow-private-webhooks to allow it.")])
        }
    }

    /// Every address of `host` as raw bytes (4 for IPv4, 16 for IPv6).
    static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0 else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [[UInt8]] = []
        var node = result
        while let info = node {
            if info.pointee.ai_family == AF_INET, let address = info.pointee.ai_addr {
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var raw = pointer.pointee.sin_addr
                    addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                }
            } else if info.pointee.ai_family == AF_INET6, let address = info.pointee.ai_addr {
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var raw = pointer.pointee.sin6_addr
                    addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                }
            }
            node = info.pointee.ai_next
        }
        return addresses
    }
}
