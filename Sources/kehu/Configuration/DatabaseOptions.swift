import ArgumentParser
import SQLiteStore

/// Options shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file (KEHU_DB). Created with its folder if missing. Default: ./data/kehu.sqlite")
    var db: String?

    @Option(name: .long, help: "Reader connections in the pool (KEHU_READERS). Default: 4")
    var readers: Int?

    @Option(name: .long, help: "How long a write waits for a lock held by another process, in ms (KEHU_BUSY_TIMEOUT_MS). Default: 5000")
    var busyTimeoutMs: Int?

    @Option(name: .long, help: "full: a 201 survives power loss; normal: faster, may lose the last commits on power loss (KEHU_SYNCHRONOUS). Default: full")
    var synchronous: SynchronousSetting?

    func path(_ environment: ProcessEnvironment) throws -> String {
        try environment.resolve(db, "KEHU_DB", default: "./data/kehu.sqlite")
    }

    func configuration(_ environment: ProcessEnvironment) throws -> DatabaseConfiguration {
        var configuration = DatabaseConfiguration(path: try path(environment))
        configuration.readerCount = try environment.resolve(readers, "KEHU_READERS", default: 4)
        configuration.busyTimeoutMilliseconds = try environment.resolve(busyTimeoutMs, "KEHU_BUSY_TIMEOUT_MS", default: 5000)
        let sync = try environment.resolve(synchronous, "KEHU_SYNCHRONOUS", default: .full)
        configuration.synchronous = sync == .full ? .full : .normal
        guard configuration.readerCount >= 1, configuration.readerCount <= 64 else {
            throw ValidationError("--readers must be between 1 and 64.")
        }
        guard configuration.busyTimeoutMilliseconds >= 0 else { throw ValidationError("--busy-timeout-ms must not be negative.") }
        return configuration
    }
}
