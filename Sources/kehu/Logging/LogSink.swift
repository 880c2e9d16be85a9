#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import HTTPServer

/// Buffers log lines and writes them to a file descriptor in batches, so that an access
/// line per request costs an append, not a system call. Warnings and worse are written
/// at once; the rest within `flushInterval`.
final class LogSink: Sendable {
    private let descriptor: Int32
    private let buffer = Locked<[UInt8]>([])
    private let timer: SourceBox
    private static let threshold = 64 * 1024

    /// A sink writing to `descriptor` (1 for standard output).
    init(descriptor: Int32 = 1, flushInterval: Double = 0.1) {
        self.descriptor = descriptor
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "kehu.log", qos: .utility))
        timer = SourceBox(source)
        source.schedule(deadline: .now() + flushInterval, repeating: flushInterval, leeway: .milliseconds(20))
        source.setEventHandler { [weak self] in self?.flush() }
        source.resume()
    }

    /// Adds a line (without its newline); writes now if `urgent` or the buffer is full.
    func write(_ line: String, urgent: Bool) {
        let full = buffer.withLock { bytes in
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            return bytes.count >= Self.threshold
        }
        if urgent || full { flush() }
    }

    /// Adds a line given as UTF-8 bytes (without its newline).
    func write(bytes line: [UInt8]) {
        let full = buffer.withLock { bytes in
            bytes.append(contentsOf: line)
            bytes.append(UInt8(ascii: "\n"))
            return bytes.count >= Self.threshold
        }
        if full { flush() }
    }

    /// Writes everything buffered. Holding the lock while writing keeps lines in order.
    func flush() {
        buffer.withLock { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break } // nowhere to write: drop rather than block forever
                offset += written
            }
            bytes.removeAll(keepingCapacity: bytes.capacity <= 4 * Self.threshold)
        }
    }
}

/// A Dispatch source kept for its lifetime.
///
/// `@unchecked Sendable`: libdispatch sources are thread-safe; only the Swift overlay
/// leaves them unannotated. The box is never mutated.
struct SourceBox: @unchecked Sendable {
    let source: any DispatchSourceProtocol
    init(_ source: any DispatchSourceProtocol) { self.source = source }
}
