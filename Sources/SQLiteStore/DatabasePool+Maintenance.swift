import Foundation

extension DatabasePool {
    /// Writes a consistent copy of the database to a new file at `path`,
    /// while the server keeps reading and writing.
    ///
    /// Uses `VACUUM INTO` on a reader (https://sqlite.org/lang_vacuum.html#vacuum_with_an_into_clause):
    /// the copy is one snapshot, compacted, and writers are not blocked. The
    /// copy and its folder are then fsynced, so a finished backup survives power
    /// loss whatever `synchronous` level SQLite applied to the output. The copy
    /// uses the rollback journal; opening it with a `DatabasePool` switches it to WAL.
    ///
    /// - Throws: `DatabasePoolError.backupDestinationExists` (never overwrites);
    ///   `SQLiteError` (e.g. `isFull`); `DatabasePoolError.fileSystem`; `.closed`.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DatabasePoolError.backupDestinationExists(path: path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // VACUUM cannot run inside a transaction, so no BEGIN here. The
        // destination is a bound parameter: INTO accepts any string expression.
        try readWithoutTransaction { connection in
            try connection.execute("VACUUM INTO ?", [path])
        }
        try Self.synchronize(path: path)
        try Self.synchronize(path: folder.isEmpty ? "." : folder)
    }

    /// Runs `PRAGMA integrity_check` (https://sqlite.org/pragma.html#pragma_integrity_check)
    /// and returns the problems it lists; empty when the answer is "ok".
    ///
    /// Reads the whole file, so it takes time on a large database; it runs on a
    /// reader and does not block writes.
    ///
    /// - Throws: `SQLiteError` (a badly damaged file may throw `isCorrupt`
    ///   rather than list problems); `DatabasePoolError.closed`.
    public func integrityCheck() throws -> [String] {
        let messages = try read { db in
            try db.query("PRAGMA integrity_check").map { $0[0].stringValue ?? $0[0].typeName }
        }
        return messages == ["ok"] ? [] : messages
    }

    /// `fsync`s a file or folder so its contents (or its new entry) are on disk.
    private static func synchronize(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw DatabasePoolError.fileSystem(call: "open", path: path, errno: errno)
        }
        defer { _ = Foundation.close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw DatabasePoolError.fileSystem(call: "fsync", path: path, errno: errno)
        }
    }
}
