import Foundation
import SQLiteStore

/// A fresh folder under the system temporary directory, removed by `withTemporaryDirectory`.
struct TemporaryDirectory {
    let path: String

    /// A path inside the folder.
    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}

/// Runs `body` with a new empty folder and deletes the folder afterwards, even on throw.
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let path = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("kehu-sqlitestore-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(TemporaryDirectory(path: path))
}

/// Runs `body` with a pool on a new file in a new folder; closes the pool and deletes the folder afterwards.
func withPool<T>(
    configure: (inout DatabaseConfiguration) -> Void = { _ in },
    _ body: (DatabasePool, TemporaryDirectory) throws -> T
) throws -> T {
    try withTemporaryDirectory { directory in
        var configuration = DatabaseConfiguration(path: directory.file("kehu.sqlite"))
        configure(&configuration)
        let pool = try DatabasePool(configuration: configuration)
        defer { pool.close() }
        return try body(pool, directory)
    }
}

/// A value shared between test threads.
///
/// `@unchecked Sendable`: `value` is only touched while `lock` is held.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value {
        withLock { $0 }
    }
}

extension Database {
    /// `SELECT count(*)` of a table, for assertions.
    func count(_ table: String) throws -> Int64 {
        try scalar("SELECT count(*) FROM \(table)")?.int64Value ?? -1
    }
}
