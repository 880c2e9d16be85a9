import Dispatch

extension Server {
    /// Stops accepting, closes idle connections, lets in-flight requests finish (their
    /// responses say `Connection: close`), and after `gracePeriod` (default: the configured
    /// one) closes whatever is left. Blocks until done; call it from outside the server's
    /// queues (e.g. a signal handler's queue).
    public func shutdown(gracePeriod: Double? = nil) {
        let grace = gracePeriod ?? configuration.shutdownGracePeriod
        let connections = beginShutdown()
        guard let connections else { return }
        for connection in connections {
            connection.queue.async { connection.closeIfIdle() }
        }
        if !connections.isEmpty {
            let timedOut = waitForDrain(deadline: .now() + grace)
            if timedOut {
                let left = openConnectionList()
                loggerForShutdown.warning("shutdown grace period over; closing connections", metadata: ["open": "\(left.count)"])
                for connection in left { connection.queue.async { connection.close() } }
                _ = waitForDrain(deadline: .now() + 1)
            }
        }
        stopWorkers()
        loggerForShutdown.info("server stopped")
    }
}
