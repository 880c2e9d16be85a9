extension Connection {
    /// Enforces the header, body, idle and write timeouts; called periodically on the queue.
    func checkTimeouts(now: UInt64) {
        guard !closed else { return }
        let configuration = context.configuration
        if hasPendingOutput {
            if elapsed(since: lastWriteProgressAt, now) > configuration.writeTimeout { close() }
            return
        }
        guard phase == .idle, !closeAfterFlush else { return }
        if parser.isReadingBody {
            if elapsed(since: lastReadAt, now) > configuration.bodyTimeout {
                timedOut("The request body stopped arriving.")
            }
        } else if let started = headStartedAt {
            if elapsed(since: started, now) > configuration.headerTimeout {
                timedOut("The request header section did not arrive in time.")
            }
        } else if elapsed(since: idleSince, now) > idleLimit {
            close()
        }
    }

    /// How long the connection may wait for the next request's first byte. A new connection
    /// that has sent nothing yet gets only the header timeout, as in Go's net/http
    /// (ReadHeaderTimeout runs from accept): otherwise connecting and staying silent would
    /// hold a connection slot for the whole idle timeout, a cheap slow-loris. It is closed
    /// silently, like an idle keep-alive connection: no request, no answer.
    private var idleLimit: Double {
        let configuration = context.configuration
        return answeredARequest ? configuration.idleTimeout : min(configuration.idleTimeout, configuration.headerTimeout)
    }

    private func elapsed(since start: UInt64, _ now: UInt64) -> Double {
        now > start ? Double(now - start) / 1e9 : 0
    }

    private func timedOut(_ detail: String) {
        context.logger.debug("connection timed out", metadata: ["reason": "\(detail)"])
        var bytes: [UInt8] = []
        let response = ServerProblem.response(.requestTimeout, detail: detail)
        if case .bytes(let body) = response.body {
            ResponseSerializer.appendComplete(response, body: body, isHead: false, keepAlive: false, requestVersion: .http1_1, date: context.dates.current(), into: &bytes)
        }
        closeAfterFlush = true
        suspendReading()
        send(bytes)
    }
}
