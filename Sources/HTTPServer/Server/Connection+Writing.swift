#if canImport(Glibc)
import Glibc
#endif
import Dispatch

extension Connection {
    /// Queues `bytes` after any unsent output and writes as much as the socket takes.
    func send(_ bytes: [UInt8]) {
        guard !closed, !bytes.isEmpty else {
            if closeAfterFlush && !hasPendingOutput { close() }
            return
        }
        if hasPendingOutput {
            output.append(contentsOf: bytes)
        } else {
            output = bytes
            outputStart = 0
        }
        flush()
    }

    /// Writes unsent output until done or the socket would block; then waits for a
    /// write event instead of buffering more (backpressure).
    func flush() {
        while outputStart < output.count {
            let written = output.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + outputStart, buffer.count - outputStart, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputStart += written
                lastWriteProgressAt = ServerContext.now()
                continue
            }
            let code = errno
            if written < 0 && code == EINTR { continue }
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                waitUntilWritable()
                releaseDrainWaiters()
                return
            }
            close() // EPIPE, ECONNRESET: the peer is gone
            return
        }
        if output.capacity > 64 * 1024 { output = [] } else { output.removeAll(keepingCapacity: true) }
        outputStart = 0
        retireWriteSource()
        releaseDrainWaiters()
        if closeAfterFlush { close() }
    }

    private func waitUntilWritable() {
        guard writeSource == nil else { return }
        let source = DispatchSource.makeWriteSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { [self] in writable() }
        source.setCancelHandler { [self] in writeSourceRetired() }
        writeSource = source
        openSources += 1
        lastWriteProgressAt = ServerContext.now()
        source.resume()
    }

    private func retireWriteSource() {
        guard let writeSource else { return }
        self.writeSource = nil
        writeSource.cancel()
    }

    private func writable() {
        guard !closed else { return }
        flush()
        guard !closed, !hasPendingOutput, phase == .idle, !closeAfterFlush else { return }
        processInput()
        if phase == .idle, unconsumedInput <= context.configuration.maxBufferedInputBytes { resumeReading() }
        closeIfPeerGoneAndDone()
    }

    /// Wakes streamed-body writers once unsent output is below the high-water mark.
    private func releaseDrainWaiters() {
        guard !drainWaiters.isEmpty, output.count - outputStart <= context.configuration.outputHighWaterBytes else { return }
        for waiter in drainWaiters { waiter.signal() }
        drainWaiters.removeAll()
    }

    /// From a worker thread: queues `bytes` and blocks until unsent output is below the
    /// high-water mark. Returns false if the connection closed (the bytes may be lost).
    func sendFromWorker(_ bytes: [UInt8]) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { [self] in
            guard !closed else {
                done.signal()
                return
            }
            send(bytes)
            if closed || output.count - outputStart <= context.configuration.outputHighWaterBytes {
                done.signal()
            } else {
                drainWaiters.append(done)
            }
        }
        done.wait()
        return !closedFlag.load(ordering: .acquiring)
    }
}

/// Sends one response whose body is produced by a closure on the worker thread.
struct StreamingResponse {
    let connection: Connection
    let request: Request
    let response: Response
    let keepAlive: Bool

    /// Sends what `pending` holds (earlier pipelined responses), then this response's head
    /// and body. Returns false if the body could not be completed, so the connection must
    /// close (a truncated chunked body must never look complete).
    func send(after pending: inout [UInt8], produce: @Sendable (any BodyStreamWriter) throws -> Void) -> Bool {
        let chunked = request.version == .http1_1
        var head = pending
        pending = []
        ResponseSerializer.appendHead(
            status: response.status, headers: response.headers, framing: chunked ? .chunked : .untilClose,
            keepAlive: keepAlive, requestVersion: request.version, date: connection.context.dates.current(), into: &head
        )
        guard connection.sendFromWorker(head) else { return false }
        // A HEAD answer or a body-less status ends with its head: no chunk, not even the last.
        if request.method == .head || !response.status.allowsBody { return true }
        let writer = ConnectionBodyWriter(connection: connection, chunked: chunked)
        do {
            try produce(writer)
        } catch {
            connection.context.logger.error("streamed response failed", metadata: ["error": "\(error)", "route": "\(request.route ?? "-")"])
            return false
        }
        return chunked ? connection.sendFromWorker(ResponseSerializer.lastChunk) : true
    }
}

/// The `BodyStreamWriter` handed to streaming handlers.
struct ConnectionBodyWriter: BodyStreamWriter {
    let connection: Connection
    let chunked: Bool

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        guard connection.sendFromWorker(chunked ? ResponseSerializer.chunk(bytes) : bytes) else {
            throw StreamWriteError.connectionClosed
        }
    }
}
