import CSQLite
import Dispatch
import Foundation
import Synchronization

/// Folds the WAL back into the database mostly on a thread of its own, so that commits do
/// not wait for it (SQLite's automatic checkpoint runs inside the commit that crosses the
/// line, on the writer's thread).
///
/// The writer's WAL hook (https://sqlite.org/c3ref/wal_hook.html, which replaces
/// `wal_autocheckpoint`) wakes this thread once the WAL holds `thresholdPages`; it runs a
/// PASSIVE checkpoint on a second read-write connection, which blocks neither the writer
/// nor readers. But SQLite starts the WAL over only when a write begins with every frame
/// copied, which a checkpoint running beside continuous commits never achieves, so the
/// WAL would grow without end. Hence the hand-back: when the thread is done, the next
/// commit copies the frames committed meanwhile itself, inline, if they are few
/// (`inlineFrames`), or else sends the thread round again; each round is shorter. (Measured
/// on an import of 100,000 customers: the WAL peaked at 1.7 times the line.) "Few" is at
/// most 256 frames, a millisecond or two: every other commit waits while the writer copies,
/// and with half the line (8,192 frames at 64 MiB) a soak at 200 commits a second saw
/// stalls of 100-200 ms once its writes were spread over a 250 MB file.
/// If the thread is not running (its connection failed to open), or the WAL reaches
/// four times the line, the writer checkpoints inline as SQLite would.
final class Checkpointer: Sendable {
    private enum Phase: UInt8 { case idle, running, done }

    let thresholdPages: Int
    /// The most frames a commit copies itself to let the WAL start over.
    let inlineFrames: Int
    private let configuration: DatabaseConfiguration
    private let phase = Atomic<UInt8>(Phase.idle.rawValue)
    /// WAL frames the thread's last checkpoint copied.
    private let copiedFrames = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let threadAlive = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The writer waits for a round (`awaitRound`).
    private let waitedFor = Atomic<Bool>(false)
    private let roundDone = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// A background checkpoint for the pool at `configuration.path`; call `install(on:)`.
    init(configuration: DatabaseConfiguration, thresholdPages: Int) {
        self.configuration = configuration
        self.thresholdPages = max(thresholdPages, 1)
        inlineFrames = max(1, min(self.thresholdPages / 8, 256))
    }

    /// Starts the thread and hooks the writer's commits. The pool keeps `self` alive for
    /// as long as `writer` is open (the hook holds an unretained pointer).
    func install(on writer: Connection) {
        threadAlive.store(true, ordering: .releasing)
        let thread = Thread { [self] in run() }
        thread.name = "kehu-checkpoint"
        thread.start()
        sqlite3_wal_hook(writer.db, { context, db, name, pages in
            guard let context else { return SQLITE_OK }
            Unmanaged<Checkpointer>.fromOpaque(context).takeUnretainedValue().walGrew(to: Int(pages), db: db, name: name)
            return SQLITE_OK
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called on the writer's thread after each commit, with the WAL's size in frames.
    private func walGrew(to frames: Int, db: OpaquePointer?, name: UnsafePointer<CChar>?) {
        guard frames >= thresholdPages else { return }
        func checkpointInline() { _ = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil) }
        guard threadAlive.load(ordering: .acquiring) else { return checkpointInline() }
        switch Phase(rawValue: phase.load(ordering: .acquiring)) {
        case .running:
            // Writing faster than the thread copies: wait for its round, then copy the rest.
            if frames >= 4 * thresholdPages {
                awaitRound()
                checkpointInline()
                phase.store(Phase.idle.rawValue, ordering: .releasing)
            }
        case .done where (0...inlineFrames).contains(frames - copiedFrames.load(ordering: .relaxed)):
            // (A negative remainder: the WAL started over since; this is a new round.)
            checkpointInline() // copies the few frames left, so the next write starts the WAL over
            phase.store(Phase.idle.rawValue, ordering: .releasing)
        default:
            phase.store(Phase.running.rawValue, ordering: .releasing)
            wake.signal()
        }
    }

    /// Blocks the writer until the thread's current round ends. The flag says someone
    /// waits; whichever side takes it back decides whether a signal is coming.
    private func awaitRound() {
        waitedFor.store(true, ordering: .sequentiallyConsistent)
        if phase.load(ordering: .sequentiallyConsistent) == Phase.running.rawValue || !waitedFor.exchange(false, ordering: .sequentiallyConsistent) {
            roundDone.wait()
        }
    }

    private func run() {
        defer {
            threadAlive.store(false, ordering: .releasing)
            endRound() // a writer waiting for a round that will not come (stop, failed open)
            finished.signal()
        }
        guard let connection = try? Connection.open(configuration: configuration, role: .checkpointer) else { return }
        defer { connection.close() }
        while true {
            wake.wait()
            if stopping.load(ordering: .acquiring) { return }
            // BUSY (another checkpoint running) or an I/O error copies nothing; the hook
            // then sends the thread round again or checkpoints inline.
            var walFrames: Int32 = 0
            var copied: Int32 = 0
            _ = sqlite3_wal_checkpoint_v2(connection.db, nil, SQLITE_CHECKPOINT_PASSIVE, &walFrames, &copied)
            copiedFrames.store(Int(max(copied, 0)), ordering: .relaxed)
            endRound()
        }
    }

    /// Marks the round done and wakes the writer if it waits for it (`awaitRound`).
    private func endRound() {
        phase.store(Phase.done.rawValue, ordering: .sequentiallyConsistent)
        if waitedFor.exchange(false, ordering: .sequentiallyConsistent) { roundDone.signal() }
    }

    /// Stops the thread and closes its connection; waits for a checkpoint in progress.
    /// Call before the writer closes. Idempotent.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        finished.wait()
    }
}
