#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KehuCore

/// Resolves a webhook host and refuses internal addresses (loopback, private, link-local,
/// CGNAT, unspecified, and IPv4-mapped forms of those; `AddressPolicy` decides) unless
/// `--allow-private-webhooks` is set. Checked when a subscription is saved and again before
/// every delivery, since DNS answers can change.
///
/// A host is refused when any of its addresses is internal, so a name cannot smuggle a
/// private address in next to a public one. The HTTP client resolves the name again when
/// it connects, so a resolver that answers differently within milliseconds (DNS rebinding
/// with a zero TTL) is not stopped by this check alone; see docs/operations.md.
public struct ResolvingTargetCheck: WebhookTargetCheck {
    /// Every address of a host as raw bytes (4 for IPv4, 16 for IPv6); empty if it does not resolve.
    public typealias Resolver = @Sendable (String) -> [[UInt8]]

    private let allowPrivate: Bool
    private let resolve: Resolver

    /// `resolve` is `getaddrinfo` unless a test gives another.
    public init(allowPrivate: Bool, resolve: @escaping Resolver = ResolvingTargetCheck.systemResolve) {
        self.allowPrivate = allowPrivate
        self.resolve = resolve
    }

    /// Throws `validation` (field `url`) when the host does not resolve or is refused.
    public func check(host: String) throws {
        let addresses = resolve(host)
        guard !addresses.isEmpty else {
            throw KehuError.validation([FieldError(field: "url", message: "The host does not resolve.")])
        }
        if !allowPrivate, addresses.contains(where: Self.isInternal) {
            throw KehuError.validation([FieldError(field: "url", message: "The host resolves to a loopback, private or link-local address; start Kehu with --allow-private-webhooks to allow it.")])
        }
    }

    static func isInternal(_ address: [UInt8]) -> Bool {
        address.count == 4 ? AddressPolicy.isInternal(ipv4: address) : AddressPolicy.isInternal(ipv6: address)
    }

    /// Every address `getaddrinfo` gives for `host` (literal addresses included).
    public static func systemResolve(_ host: String) -> [[UInt8]] {
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
