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

    @Option(name: .long, help: "Page cache per connection in MiB (KEHU_CACHE_MIB). Default: 32")
    var cacheMib: Int?

    @Option(name: .long, help: "Memory-mapped reads per connection in MiB, shared through the OS page cache; 0 turns it off. Suits read-mostly use: SQLite unmaps the file after every write (KEHU_MMAP_MIB). Default: 0")
    var mmapMib: Int?

    @Option(name: .long, help: "WAL size in MiB after which a background thread checkpoints it into the database (KEHU_CHECKPOINT_MIB). Default: 64")
    var checkpointMib: Int?

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
        let cache = try environment.resolve(cacheMib, "KEHU_CACHE_MIB", default: 32)
        // Off by default: under continuous writes SQLite unmaps and remaps the whole file for
        // each read, which cost more the larger the file (docs/reliability.md, Soak).
        let mmap = try environment.resolve(mmapMib, "KEHU_MMAP_MIB", default: 0)
        guard cache >= 1, cache <= 65_536 else { throw ValidationError("--cache-mib must be between 1 and 65536.") }
        guard mmap >= 0, mmap <= 1_048_576 else { throw ValidationError("--mmap-mib must be between 0 and 1048576.") }
        configuration.cacheSizeKiB = cache * 1024
        configuration.mmapSizeBytes = mmap * 1024 * 1024
        let checkpoint = try environment.resolve(checkpointMib, "KEHU_CHECKPOINT_MIB", default: 64)
        guard checkpoint >= 1, checkpoint <= 65_536 else { throw ValidationError("--checkpoint-mib must be between 1 and 65536.") }
        configuration.walAutocheckpointPages = checkpoint * 1024 * 1024 / 4096 // SQLite's default page size
        return configuration
    }
}
