#if canImport(Glibc)
import Glibc
#endif

/// A bound, listening, non-blocking TCP socket (IPv4 or IPv6).
///
/// Owns its file descriptor until `close()`.
struct ListeningSocket: ~Copyable {
    let descriptor: Int32
    /// The port actually bound (useful when asked for port 0).
    let port: Int

    /// Resolves `host` (a numeric address or a name such as `localhost`), binds `port`
    /// and listens. An IPv6 wildcard (`::`) also accepts IPv4 (dual stack).
    init(host: String, port: Int, backlog: Int32) throws(SocketError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var info: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &info)
        guard status == 0, let first = info else {
            throw SocketError(call: "getaddrinfo(\(host))", errno: status == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(info) }

        let fd = try systemCall("socket") { socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            var one: Int32 = 1
            try systemCall("setsockopt(SO_REUSEADDR)") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) }
            if first.pointee.ai_family == AF_INET6 {
                var zero: Int32 = 0
                try systemCall("setsockopt(IPV6_V6ONLY)") { setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size)) }
            }
            try systemCall("bind") { bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) }
            try systemCall("listen") { listen(fd, backlog) }
            self.port = try Self.boundPort(fd)
        } catch {
            Glibc.close(fd)
            throw error
        }
        self.descriptor = fd
    }

    private static func boundPort(_ fd: Int32) throws(SocketError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer throws(SocketError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SocketError) in
                try systemCall("getsockname") { getsockname(fd, address, &length) }
            }
        }
        return SocketAddress.port(of: storage)
    }

    /// Closes the descriptor.
    consuming func close() {
        Glibc.close(descriptor)
    }
}

/// Helpers to read socket addresses.
enum SocketAddress {
    /// The port of an IPv4 or IPv6 address, 0 for other families.
    static func port(of storage: sockaddr_storage) -> Int {
        var copy = storage
        return withUnsafePointer(to: &copy) { pointer in
            switch Int32(storage.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default: 0
            }
        }
    }

    /// The address as text (`127.0.0.1`, `::1`), nil for other families.
    static func text(of storage: sockaddr_storage) -> String? {
        var copy = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok: Bool = withUnsafePointer(to: &copy) { pointer in
            switch Int32(storage.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count)) != nil
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil
                }
            default: false
            }
        }
        guard ok else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
