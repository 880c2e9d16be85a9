import Dispatch

extension Connection {
    /// Parses what is buffered and, if one or more requests are complete, runs them on
    /// the worker pool. Only called while idle, so responses leave in request order and
    /// a `100 Continue` never overtakes an earlier response.
    func processInput() {
        guard phase == .idle, !closed, !closeAfterFlush else { return }
        if context.isDraining && parser.isIdle && unconsumedInput == 0 { return close() }
        var batch: [Request] = []
        var failure: HTTPParseError?
        var keepAlive = true
        parsing: while batch.count < context.configuration.maxPipelinedBatch {
            do throws(HTTPParseError) {
                let (step, consumed) = try parseBuffered()
                inputStart += consumed
                switch step {
                case .needMoreData:
                    if consumed == 0 || unconsumedInput == 0 { break parsing }
                case .head(let head):
                    if head.expectsContinue {
                        if batch.isEmpty { send(ResponseSerializer.continueResponse) } else { pendingContinue = true }
                    }
                case .request(var request):
                    // The whole body is here already: no 100 Continue is owed for it
                    // (RFC 9110 §10.1.1 lets a server omit it once content has arrived).
                    pendingContinue = false
                    request.remoteAddress = remoteAddress
                    batch.append(request)
                    headStartedAt = nil
                    if !request.wantsKeepAlive {
                        keepAlive = false
                        break parsing
                    }
                }
            } catch {
                failure = error
                break parsing
            }
        }
        compactInput()
        if unconsumedInput > 0, headStartedAt == nil, !parser.isReadingBody { headStartedAt = ServerContext.now() }
        if batch.isEmpty {
            if let failure { return fail(failure) }
            if unconsumedInput <= context.configuration.maxBufferedInputBytes { resumeReading() }
            return
        }
        phase = .busy
        let job = BatchJob(connection: self, requests: batch, failure: failure, keepAlive: keepAlive)
        let lane = context.lane(of: batch)
        if lane == .inline {
            // Non-blocking operational routes: answered here, without a thread hand-off.
            let (bytes, close) = job.execute(inline: true)
            batchFinished(bytes, close: close)
            return
        }
        context.pool(for: batch, lane: lane).submit {
            let (bytes, close) = job.execute(inline: false)
            // `sync`, not `async`: the connection queue is idle while its batch runs, so
            // Dispatch runs this on the worker's own thread, sparing a thread hand-off per
            // request (profiles showed hand-offs as the largest cost). Safe from deadlock
            // because nothing on a connection queue ever waits for a worker.
            job.connection.queue.sync { job.connection.batchFinished(bytes, close: close) }
        }
    }

    private func parseBuffered() throws(HTTPParseError) -> (step: HTTPParser.Step, consumed: Int) {
        let start = inputStart
        // Move the parser out, leaving a fresh one, rather than copy it: a copy would share
        // the body buffer, and each append would then copy the whole body read so far
        // (copy-on-write), quadratic in the body size (a 48 MB upload took 13 s).
        var parser = self.parser
        self.parser = HTTPParser(limits: parser.limits)
        defer { self.parser = parser }
        return try input.withUnsafeBufferPointer { buffer throws(HTTPParseError) in
            try parser.parse(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    private func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 32 * 1024 {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }

    /// Answers a protocol error on its own and closes once it is written.
    func fail(_ error: HTTPParseError) {
        context.logger.debug("rejected request", metadata: ["status": "\(error.status.code)", "reason": "\(error.logReason)"])
        var bytes: [UInt8] = []
        let response = ServerProblem.response(error.status, detail: error.detail)
        if case .bytes(let body) = response.body {
            ResponseSerializer.appendComplete(response, body: body, isHead: false, keepAlive: false, requestVersion: .http1_1, date: context.dates.current(), into: &bytes)
        }
        closeAfterFlush = true
        suspendReading()
        send(bytes)
    }

    /// Called on the queue when a worker has answered a batch.
    func batchFinished(_ bytes: [UInt8], close closeAfter: Bool) {
        phase = .idle
        answeredARequest = true
        guard !closed else { return }
        if closeAfter {
            closeAfterFlush = true
            suspendReading()
        } else if pendingContinue {
            pendingContinue = false
            send(bytes + ResponseSerializer.continueResponse)
            idleSince = ServerContext.now()
            return afterBatch()
        }
        send(bytes)
        idleSince = ServerContext.now()
        afterBatch()
    }

    private func afterBatch() {
        guard !closed, !closeAfterFlush else { return }
        if !hasPendingOutput { processInput() }
        if phase == .idle, unconsumedInput <= context.configuration.maxBufferedInputBytes { resumeReading() }
        closeIfPeerGoneAndDone()
    }

    /// At shutdown: closes the connection if no request has started on it; otherwise
    /// the current request finishes and its response says `Connection: close`.
    func closeIfIdle() {
        guard !closed, phase == .idle, !parser.isReadingBody else { return }
        if hasPendingOutput { closeAfterFlush = true } else { close() }
    }
}

/// One worker job: the pipelined requests of a connection, answered in order.
struct BatchJob: Sendable {
    let connection: Connection
    let requests: [Request]
    let failure: HTTPParseError?
    let keepAlive: Bool

    /// Answers the batch; returns the bytes to send and whether to close afterwards.
    /// `inline`: running on the connection's own queue, where streaming would deadlock.
    func execute(inline: Bool) -> (bytes: [UInt8], close: Bool) {
        let context = connection.context
        var out: [UInt8] = []
        var closeAfter = !keepAlive || failure != nil
        for (index, request) in requests.enumerated() {
            let last = index == requests.count - 1
            let response = context.respond(to: request)
            // Read after the handler ran: a shutdown that began meanwhile must still make
            // this response the connection's last one (`Connection: close`), and stop the
            // pipelined requests behind it from starting.
            let draining = context.isDraining
            let keep = request.wantsKeepAlive && !draining && !(last && failure != nil)
            let isHead = request.method == .head
            switch response.body {
            case .empty, .bytes:
                let body: [UInt8] = if case .bytes(let bytes) = response.body { bytes } else { [] }
                ResponseSerializer.appendComplete(response, body: body, isHead: isHead, keepAlive: keep, requestVersion: request.version, date: context.dates.current(), into: &out)
            case .stream(let produce):
                precondition(!inline, "a route registered inline returned a streamed body: \(request.route ?? "-")")
                let streamKeep = keep && request.version == .http1_1
                if !StreamingResponse(connection: connection, request: request, response: response, keepAlive: streamKeep)
                    .send(after: &out, produce: produce) {
                    closeAfter = true
                }
                if !streamKeep { closeAfter = true }
            }
            if !keep { closeAfter = true }
            if !keep && !last { break } // requests after a closing one are never started
        }
        if let failure {
            let response = ServerProblem.response(failure.status, detail: failure.detail)
            if case .bytes(let body) = response.body {
                ResponseSerializer.appendComplete(response, body: body, isHead: false, keepAlive: false, requestVersion: .http1_1, date: context.dates.current(), into: &out)
            }
        }
        return (out, closeAfter)
    }
}
