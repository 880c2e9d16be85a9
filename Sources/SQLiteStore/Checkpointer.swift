import CSQLite
import Dispatch
import Foundation
import Synchronization

/// Folds the WAL back into the database on a thread of its own, so that commits do not
/// wait for it (SQLite's automatic checkpoint runs inside the commit that crosses the line,
/// on the writer's thread).
///
/// The writer's WAL hook (https://sqlite.org/c3ref/wal_hook.html, which replaces
/// `wal_autocheckpoint`) wakes this thread once the WAL holds `thresholdPages`; it runs a
/// PASSIVE checkpoint on a second read-write connection, which blocks neither the writer
/// nor readers. SQLite starts the WAL over when a write begins with every frame copied, so
/// while the WAL is over the line each commit sends the thread round again, and each round
/// is shorter than the last, until one ends in a gap between commits. Measured in a soak
/// (200 writes a second, docs/reliability.md), that takes three or four rounds of a few ms.
///
/// Writes back to back (an import) leave no gap. Past twice the line, the next commit
/// after a round copies the frames left itself, inline, if they are few (`inlineFrames`),
/// so that the following write starts the WAL over. Inline is the last resort because every
/// other commit waits while the writer copies and syncs the database file: 10 to 30 ms for
/// a couple of hundred frames of scattered pages, which when it was done after every round
/// was the soak's slowest writes. If the thread is not running (its connection failed to
/// open), or the WAL reaches four times the line, the writer checkpoints inline as SQLite
/// would.
final class Checkpointer: Sendable {
    enum Phase: UInt8 { case idle, running, done }

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
    private let rounds = Atomic<UInt64>(0)
    private let inlineCheckpoints = Atomic<UInt64>(0)

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
        func checkpointInline() {
            inlineCheckpoints.add(1, ordering: .relaxed)
            _ = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
        let step = Self.step(
            frames: frames, thresholdPages: thresholdPages, inlineFrames: inlineFrames,
            threadAlive: threadAlive.load(ordering: .acquiring),
            phase: Phase(rawValue: phase.load(ordering: .acquiring)) ?? .idle,
            copiedFrames: copiedFrames.load(ordering: .relaxed))
        switch step {
        case .none:
            return
        case .sendThreadRound:
            phase.store(Phase.running.rawValue, ordering: .releasing)
            wake.signal()
        case .copyInline:
            checkpointInline()
            phase.store(Phase.idle.rawValue, ordering: .releasing)
        case .awaitRoundThenCopyInline:
            awaitRound()
            checkpointInline()
            phase.store(Phase.idle.rawValue, ordering: .releasing)
        }
    }

    /// What a commit that left `frames` in the WAL does about it; see the type's comment.
    static func step(frames: Int, thresholdPages: Int, inlineFrames: Int, threadAlive: Bool, phase: Phase, copiedFrames: Int) -> Step {
        guard frames >= thresholdPages else { return .none }
        guard threadAlive else { return .copyInline }
        switch phase {
        case .running:
            // Writing faster than the thread copies: wait for its round, then copy the rest.
            return frames >= 4 * thresholdPages ? .awaitRoundThenCopyInline : .none
        case .done where frames >= 2 * thresholdPages && (0...inlineFrames).contains(frames - copiedFrames):
            // No gap came (a negative remainder: the WAL started over since; this is a new round).
            return .copyInline
        case .idle, .done:
            return .sendThreadRound
        }
    }

    enum Step: Equatable {
        case none
        /// Wake the thread for a PASSIVE checkpoint.
        case sendThreadRound
        /// Copy the frames left on the writer, so that the next write starts the WAL over.
        case copyInline
        case awaitRoundThenCopyInline
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
            rounds.add(1, ordering: .relaxed)
            copiedFrames.store(Int(max(copied, 0)), ordering: .relaxed)
            endRound()
        }
    }

    /// Marks the round done and wakes the writer if it waits for it (`awaitRound`).
    private func endRound() {
        phase.store(Phase.done.rawValue, ordering: .sequentiallyConsistent)
        if waitedFor.exchange(false, ordering: .sequentiallyConsistent) { roundDone.signal() }
    }

    /// Checkpoints the thread ran, and checkpoints the writer ran inline.
    var counts: (background: UInt64, inline: UInt64) {
        (rounds.load(ordering: .relaxed), inlineCheckpoints.load(ordering: .relaxed))
    }

    /// Stops the thread and closes its connection; waits for a checkpoint in progress.
    /// Call before the writer closes. Idempotent.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        finished.wait()
    }
}
