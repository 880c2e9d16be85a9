#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP client for driving the HTTP server byte by byte in tests.
///
/// It sends exactly the bytes it is given (in pieces, with delays if asked) and reads with
/// a deadline (`SO_RCVTIMEO`), parsing responses with the strict `RawHTTPResponseParser`.
/// Bytes received beyond the responses asked for are kept for the next read, so pipelined
/// responses can be read one call at a time.
///
/// Not thread-safe: use one client from one thread. The socket closes on `close()` or deinit.
public final class RawHTTPClient {
    /// The connected socket's descriptor.
    public let descriptor: Int32
    /// Bytes received and not yet returned as a response.
    public private(set) var pending: [UInt8] = []
    /// Whether the peer closed its side (a `recv` returned 0).
    public private(set) var peerClosed = false
    /// Whether the peer reset the connection (`ECONNRESET`).
    public private(set) var wasReset = false
    private var isClosed = false

    /// Connects to `host` (a numeric IPv4 or IPv6 address) and `port`.
    ///
    /// - Parameter receiveBufferBytes: if set, the socket's `SO_RCVBUF`, applied before
    ///   connecting (a small one makes backpressure show sooner).
    /// - Throws: `RawHTTPClientError` with the failing call and errno (e.g. `ECONNREFUSED`).
    public init(host: String = "127.0.0.1", port: Int, receiveBufferBytes: Int? = nil) throws(RawHTTPClientError) {
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if let v4 = Self.ipv4Address(host, port: port) {
            family = AF_INET
            withUnsafeMutableBytes(of: &storage) { raw in raw.storeBytes(of: v4, as: sockaddr_in.self) }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        } else if let v6 = Self.ipv6Address(host, port: port) {
            family = AF_INET6
            withUnsafeMutableBytes(of: &storage) { raw in raw.storeBytes(of: v6, as: sockaddr_in6.self) }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            throw RawHTTPClientError(call: "inet_pton(\(host))", errno: EINVAL)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPClientError(call: "socket", errno: errno) }
        if var size = receiveBufferBytes.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        while true {
            let result = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) }
            }
            if result == 0 { break }
            let code = errno
            if code == EINTR { continue }
            Glibc.close(fd)
            throw RawHTTPClientError(call: "connect", errno: code)
        }
        descriptor = fd
    }

    deinit { close() }

    // MARK: Sending

    /// Sends all of `bytes`. Throws if the peer is gone (`EPIPE`, `ECONNRESET`); never raises SIGPIPE.
    public func send(_ bytes: [UInt8]) throws(RawHTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            throw RawHTTPClientError(call: "send", errno: code)
        }
    }

    /// Sends the UTF-8 bytes of `text` (write `\r\n` explicitly).
    public func send(_ text: String) throws(RawHTTPClientError) {
        try send(Array(text.utf8))
    }

    /// Sends each piece in its own `send`, sleeping `delay` seconds between pieces, so the
    /// server sees the message split at these boundaries.
    public func send(pieces: [[UInt8]], delay: Double) throws(RawHTTPClientError) {
        for (index, piece) in pieces.enumerated() {
            if index > 0 { RawHTTPClient.sleep(delay) }
            try send(piece)
        }
    }

    /// Half-closes: the peer reads end-of-file, but responses can still arrive.
    public func shutdownWrite() {
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes the socket; further calls do nothing.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    // MARK: Receiving

    /// Reads until `count` complete responses are parsed, the peer closes, or `timeout` passes.
    ///
    /// - Parameter noBody: given the index of a response in this call (interim 1xx responses
    ///   count), whether it answers a HEAD request and so has no body.
    /// - Throws: `RawHTTPResponseParser.Malformed` if the bytes are not valid responses.
    public func readResponses(
        _ count: Int, timeout: Double = 5, noBody: (Int) -> Bool = { _ in false }
    ) throws(RawHTTPResponseParser.Malformed) -> RawHTTPReadResult {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var responses: [RawHTTPResponse] = []
        while responses.count < count {
            if let (response, consumed) = try RawHTTPResponseParser.parse(pending[...], noBody: noBody(responses.count), atEOF: peerClosed || wasReset) {
                responses.append(response)
                pending.removeFirst(consumed)
                continue
            }
            if peerClosed || wasReset {
                return RawHTTPReadResult(responses: responses, ending: wasReset ? .reset : .closed)
            }
            if receive(until: deadline) == .timedOut {
                return RawHTTPReadResult(responses: responses, ending: .timedOut)
            }
        }
        return RawHTTPReadResult(responses: responses, ending: .complete)
    }

    /// Reads one response; throws `RawHTTPClientError.noResponse` (with what did arrive)
    /// if none is complete before the peer closes or `timeout` passes.
    public func readResponse(timeout: Double = 5, noBody: Bool = false) throws -> RawHTTPResponse {
        let result = try readResponses(1, timeout: timeout, noBody: { _ in noBody })
        guard let response = result.responses.first else {
            throw RawHTTPClientError.noResponse(ending: result.ending, received: pending)
        }
        return response
    }

    /// Sends `request` and reads one response.
    public func exchange(_ request: [UInt8], timeout: Double = 5, noBody: Bool = false) throws -> RawHTTPResponse {
        try send(request)
        return try readResponse(timeout: timeout, noBody: noBody)
    }

    /// Waits up to `timeout` for the peer to close; bytes arriving meanwhile are returned
    /// with the outcome (together with any that were already pending).
    public func waitForPeerClose(timeout: Double) -> (state: RawHTTPPeerState, bytes: [UInt8]) {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while !peerClosed && !wasReset {
            if receive(until: deadline) == .timedOut { break }
        }
        let bytes = pending
        pending = []
        let state: RawHTTPPeerState = wasReset ? .reset : peerClosed ? .closed : .open
        return (state, bytes)
    }

    /// Reads for up to `timeout` and returns every byte received (including pending ones).
    /// Stops early once `minimum` bytes are there or the peer closed.
    public func receiveBytes(minimum: Int = .max, timeout: Double) -> [UInt8] {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while pending.count < minimum && !peerClosed && !wasReset {
            if receive(until: deadline) == .timedOut { break }
        }
        let bytes = pending
        pending = []
        return bytes
    }

    private enum ReceiveOutcome { case data, ended, timedOut }

    /// One `recv` with `SO_RCVTIMEO` set to the time left before `deadline`.
    private func receive(until deadline: ContinuousClock.Instant) -> ReceiveOutcome {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return .timedOut }
            let (seconds, attoseconds) = left.components
            let micros = max(1000, Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000))
            var interval = timeval(tv_sec: micros / 1_000_000, tv_usec: micros % 1_000_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending.append(contentsOf: buffer[0..<count])
                return .data
            }
            if count == 0 {
                peerClosed = true
                return .ended
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { continue } // re-check the deadline
            if code == ECONNRESET { wasReset = true } else { peerClosed = true }
            return .ended
        }
    }

    // MARK: Addresses and time

    private static func ipv4Address(_ host: String, port: Int) -> sockaddr_in? {
        var address = sockaddr_in()
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    private static func ipv6Address(_ host: String, port: Int) -> sockaddr_in6? {
        var address = sockaddr_in6()
        guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { return nil }
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        return address
    }

    /// Blocks the calling thread for `seconds`.
    public static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// How a `RawHTTPClient.readResponses` call ended.
public struct RawHTTPReadResult: Sendable {
    /// Why reading stopped.
    public enum Ending: Sendable, Equatable {
        /// All requested responses arrived.
        case complete
        /// The peer closed the connection first.
        case closed
        /// The peer reset the connection first.
        case reset
        /// The deadline passed first.
        case timedOut
    }

    /// The responses parsed, in order.
    public var responses: [RawHTTPResponse]
    /// Why reading stopped.
    public var ending: Ending
}

/// What `RawHTTPClient.waitForPeerClose` observed.
public enum RawHTTPPeerState: Sendable, Equatable {
    /// The peer closed cleanly (end-of-file).
    case closed
    /// The peer reset the connection.
    case reset
    /// Still open when the wait ended.
    case open
}

/// A failed client operation.
public enum RawHTTPClientError: Error, Equatable, CustomStringConvertible {
    /// A system call failed with this errno.
    case system(call: String, errno: Int32)
    /// No complete response arrived; `received` holds the unparsed bytes.
    case noResponse(ending: RawHTTPReadResult.Ending, received: [UInt8])

    init(call: String, errno: Int32) { self = .system(call: call, errno: errno) }

    /// The errno of a failed system call, nil otherwise.
    public var errno: Int32? {
        if case .system(_, let code) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .system(let call, let code):
            "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .noResponse(let ending, let received):
            "no complete response (\(ending)); received \(String(decoding: received.prefix(400), as: UTF8.self).debugDescription)"
        }
    }
}
