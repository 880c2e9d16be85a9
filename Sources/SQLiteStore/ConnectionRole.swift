/// Which of the pool's jobs a connection does; decides how it is opened.
enum ConnectionRole: Sendable {
    /// The single read-write connection: creates the file, sets WAL.
    case writer
    /// A read-only connection (`SQLITE_OPEN_READONLY`).
    case reader
    /// A second read-write connection that only runs checkpoints (`Checkpointer`).
    case checkpointer
}
