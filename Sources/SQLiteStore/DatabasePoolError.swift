/// Failures of the pool itself, as opposed to SQLite errors (`SQLiteError`).
///
/// A plain value: safe to share between threads.
public enum DatabasePoolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pool was closed; no further reads or writes are possible.
    case closed
    /// `write` was called on a pool opened with `readOnly`.
    case readOnly
    /// The file does not exist and the configuration does not allow creating it.
    case databaseNotFound(path: String)
    /// `PRAGMA journal_mode = WAL` answered something else (e.g. on a file
    /// system without shared memory, https://sqlite.org/wal.html#noshm).
    case journalModeNotWAL(actual: String)
    /// A backup destination already exists; backups never overwrite.
    case backupDestinationExists(path: String)
    /// A file-system call failed while making a backup durable.
    case fileSystem(call: String, path: String, errno: Int32)

    /// A sentence for logs and the command line.
    public var description: String {
        switch self {
        case .closed:
            return "the database pool is closed"
        case .readOnly:
            return "the database pool was opened read-only"
        case .databaseNotFound(let path):
            return "no database at \(path)"
        case .journalModeNotWAL(let actual):
            return "could not switch to WAL journal mode (SQLite answered '\(actual)')"
        case .backupDestinationExists(let path):
            return "backup destination \(path) already exists"
        case .fileSystem(let call, let path, let errno):
            return "\(call)(\(path)) failed with errno \(errno)"
        }
    }
}
