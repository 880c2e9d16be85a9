import Dispatch

/// The server's open connections and listening sources, behind one lock.
final class ConnectionTable: Sendable {
    struct State {
        var listener: SourceHandle?
        var sweeper: SourceHandle?
        var listenDescriptor: Int32 = -1
        var connections: [ObjectIdentifier: Connection] = [:]
        var port = 0
        var stopped = false
    }

    let state = Locked(State())
    /// Signalled when the last connection closes after shutdown began.
    let drained = DispatchSemaphore(value: 0)
    /// Signalled once the listening descriptor has been closed.
    let listenerClosed = DispatchSemaphore(value: 0)

    /// Forgets a closed connection; wakes a waiting shutdown when it was the last.
    func remove(_ connection: Connection) {
        let (isEmpty, stopping) = state.withLock { state in
            state.connections[ObjectIdentifier(connection)] = nil
            return (state.connections.isEmpty, state.stopped)
        }
        if isEmpty && stopping { drained.signal() }
    }
}

/// A Dispatch source that may be handed between threads.
///
/// `@unchecked Sendable`: libdispatch documents resume, suspend and cancel as safe from
/// any thread; the Swift overlay just does not declare the source types Sendable.
struct SourceHandle: @unchecked Sendable {
    let source: any DispatchSourceProtocol
    init(_ source: any DispatchSourceProtocol) { self.source = source }
}
