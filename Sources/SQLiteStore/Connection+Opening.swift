import CSQLite

extension Connection {
    /// Opens and configures a connection for `role`.
    ///
    /// Every connection: extended result codes, busy timeout, `foreign_keys = ON`,
    /// double-quoted string literals off, cache and mmap sizes, `synchronous`.
    /// The writer also switches the file to WAL and checks the answer.
    ///
    /// - Throws: `SQLiteError` when SQLite cannot open or configure the file;
    ///   `DatabasePoolError.journalModeNotWAL` when WAL cannot be enabled.
    static func open(configuration: DatabaseConfiguration, role: ConnectionRole) throws -> Connection {
        // NOMUTEX: the pool confines each connection to one thread at a time, so
        // SQLite's per-connection mutex is pure overhead (https://sqlite.org/threadsafe.html).
        // EXRESCODE: extended codes from the open call itself (https://sqlite.org/c3ref/open.html).
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch role {
        case .writer:
            flags |= SQLITE_OPEN_READWRITE
            if configuration.createIfMissing { flags |= SQLITE_OPEN_CREATE }
        case .reader:
            flags |= SQLITE_OPEN_READONLY
        case .checkpointer:
            flags |= SQLITE_OPEN_READWRITE
        }
        var handle: OpaquePointer?
        let result = sqlite3_open_v2(configuration.path, &handle, flags, nil)
        guard result == SQLITE_OK, let handle else {
            // Even a failed open usually allocates a handle that must be closed.
            let error = SQLiteError(resultCode: result, db: handle, sql: nil)
            sqlite3_close_v2(handle)
            throw error
        }
        let connection = Connection(handle: handle, statementCacheCapacity: configuration.statementCacheCapacity)
        try connection.configure(configuration, role: role)
        return connection
    }

    private func configure(_ configuration: DatabaseConfiguration, role: ConnectionRole) throws {
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: configuration.busyTimeoutMilliseconds))
        // Double-quoted string literals are a misfeature: `WHERE name = "x"`
        // silently compares against a string if no column "x" exists
        // (https://sqlite.org/quirks.html#dblquote). Turn it off so it fails loudly.
        try setDatabaseOption(SQLITE_DBCONFIG_DQS_DML, enabled: false)
        try setDatabaseOption(SQLITE_DBCONFIG_DQS_DDL, enabled: false)

        // PRAGMA values cannot be bound as parameters; each one interpolated
        // here is an Int from the configuration, never outside text.
        // Foreign keys are off by default for compatibility and are a
        // per-connection setting (https://sqlite.org/foreignkeys.html#fk_enable).
        try execute("PRAGMA foreign_keys = ON")
        if let kibibytes = configuration.cacheSizeKiB {
            // A negative cache_size means KiB rather than pages.
            try execute("PRAGMA cache_size = -\(max(kibibytes, 0))")
        }
        if let bytes = configuration.mmapSizeBytes {
            try execute("PRAGMA mmap_size = \(max(bytes, 0))")
        }
        if role == .writer {
            try enableWAL()
            try execute("PRAGMA temp_store = MEMORY")
        }
        try execute("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
    }

    /// Switches the file to WAL (persistent: it is recorded in the file) and
    /// checks that SQLite agreed. WAL lets readers run while the writer commits
    /// (https://sqlite.org/wal.html).
    private func enableWAL() throws {
        let answer = try queryOne("PRAGMA journal_mode = WAL")?[0].stringValue ?? ""
        guard answer.lowercased() == "wal" else {
            throw DatabasePoolError.journalModeNotWAL(actual: answer)
        }
    }

    private func setDatabaseOption(_ option: Int32, enabled: Bool) throws {
        var current: Int32 = 0
        let result = kehu_sqlite3_db_config_int(db, option, enabled ? 1 : 0, &current)
        guard result == SQLITE_OK else {
            throw SQLiteError(resultCode: result, db: db, sql: nil)
        }
    }
}
