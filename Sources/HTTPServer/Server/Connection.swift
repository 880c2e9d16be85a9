#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// One accepted TCP connection: reads, parses, hands requests to the worker pool and
/// writes responses in order.
///
/// Every `var` below is confined to `queue` (a serial queue of its own): all event
/// handlers run there and workers hand results back with `queue.sync`. That confinement
/// is what makes the `@unchecked Sendable` true. `closedFlag` is the one field read off
/// the queue, and it is atomic.
final class Connection: @unchecked Sendable {
    enum Phase { case idle, busy }

    let descriptor: Int32
    let queue: DispatchQueue
    let context: ServerContext
    let remoteAddress: String?
    let closedFlag = Atomic<Bool>(false)

    var readSource: (any DispatchSourceRead)?
    var writeSource: (any DispatchSourceWrite)?
    var readSuspended = false
    var openSources = 0
    var scratch: UnsafeMutableRawBufferPointer

    var parser: HTTPParser
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputStart = 0

    var phase = Phase.idle
    var closed = false
    var peerClosed = false
    var closeAfterFlush = false
    var pendingContinue = false
    var drainWaiters: [DispatchSemaphore] = []

    var headStartedAt: UInt64?
    /// Whether a request has been answered here: until then, waiting for the first byte is
    /// held to the header timeout, not the (longer) keep-alive idle timeout.
    var answeredARequest = false
    var lastReadAt: UInt64
    var idleSince: UInt64
    var lastWriteProgressAt: UInt64

    init(descriptor: Int32, remoteAddress: String?, context: ServerContext) {
        self.descriptor = descriptor
        self.remoteAddress = remoteAddress
        self.context = context
        queue = DispatchQueue(label: "kehu.connection", target: context.ioQueue)
        parser = HTTPParser(limits: context.configuration.parserLimits)
        scratch = .allocate(byteCount: context.configuration.readChunkBytes, alignment: 16)
        let now = ServerContext.now()
        lastReadAt = now
        idleSince = now
        lastWriteProgressAt = now
    }

    deinit { scratch.deallocate() }

    /// Starts watching the socket. Called once, by the accepting thread.
    ///
    /// The connection is already in the server's table, where shutdown and the timeout
    /// sweep reach it on its queue; so the sources are made on that queue too (made on the
    /// accepting thread they raced a shutdown's `close()`: ThreadSanitizer caught it).
    /// Closed before it started: no source exists to close the descriptor, so this does.
    func start() {
        queue.async { [self] in
            guard !closed else {
                Glibc.close(descriptor)
                context.onClose(self)
                return
            }
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            source.setEventHandler { [self] in readable() }
            source.setCancelHandler { [self] in sourceCancelled() }
            readSource = source
            openSources += 1
            source.resume()
        }
    }

    var hasPendingOutput: Bool { outputStart < output.count }
    var unconsumedInput: Int { input.count - inputStart }

    // MARK: Reading

    private func readable() {
        guard !closed else { return }
        for _ in 0..<4 {
            let count = recv(descriptor, scratch.baseAddress, scratch.count, 0)
            if count > 0 {
                input.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                lastReadAt = ServerContext.now()
                if count < scratch.count { break }
            } else if count == 0 {
                peerClosed = true
                suspendReading()
                break
            } else {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK { break }
                if code == EINTR { continue }
                close()
                return
            }
        }
        if headStartedAt == nil, !parser.isReadingBody, unconsumedInput > 0 { headStartedAt = lastReadAt }
        if phase == .idle && !hasPendingOutput {
            processInput()
        } else if unconsumedInput > context.configuration.maxBufferedInputBytes {
            suspendReading()
        }
        closeIfPeerGoneAndDone()
    }

    func suspendReading() {
        guard !readSuspended, let readSource else { return }
        readSuspended = true
        readSource.suspend()
    }

    func resumeReading() {
        guard readSuspended, !peerClosed, !closed, let readSource else { return }
        readSuspended = false
        readSource.resume()
    }

    /// A peer that half-closed still gets the answers to what it sent; once nothing is
    /// left to answer, the connection closes.
    func closeIfPeerGoneAndDone() {
        guard peerClosed, !closed, phase == .idle, !hasPendingOutput else { return }
        close()
    }

    // MARK: Closing

    /// Closes the connection now: no more reads or writes, waiting stream writers are released.
    func close() {
        guard !closed else { return }
        closed = true
        closedFlag.store(true, ordering: .releasing)
        for waiter in drainWaiters { waiter.signal() }
        drainWaiters.removeAll()
        if let writeSource {
            self.writeSource = nil
            writeSource.cancel()
        }
        if let readSource {
            if readSuspended {
                readSuspended = false
                readSource.resume()
            }
            readSource.cancel()
        }
    }

    /// Dispatch requires every source on a descriptor to be cancelled before it is closed.
    private func sourceCancelled() {
        openSources -= 1
        guard openSources == 0, closed else { return }
        readSource = nil
        Glibc.close(descriptor)
        context.onClose(self)
    }

    /// Cancel handler for a write source that was retired because the output drained.
    func writeSourceRetired() { sourceCancelled() }
}
