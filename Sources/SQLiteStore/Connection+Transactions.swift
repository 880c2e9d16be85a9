extension Connection {
    /// Runs `body` in a deferred transaction (`BEGIN`: no lock until the first read, whose
    /// snapshot the rest sees; https://sqlite.org/lang_transaction.html): commits on return,
    /// rolls back on throw and rethrows. Write transactions go through `GroupCommit`.
    ///
    /// - Throws: `body`'s error, or `SQLiteError` from BEGIN or COMMIT (after which
    ///   the transaction has been rolled back).
    /// - Precondition: no transaction is already open on this connection.
    func inReadTransaction<T>(_ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "a transaction is already open on this connection")
        try execute("BEGIN DEFERRED")
        let result: T
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            rollbackIfOpen()
            throw error
        }
        return result
    }

    /// Rolls back if a transaction is still open.
    ///
    /// Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_NOMEM) may
    /// already have rolled the transaction back
    /// (https://sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction),
    /// and a ROLLBACK then would fail, so check first. A failing ROLLBACK leaves
    /// the transaction open; the pool then discards the connection.
    func rollbackIfOpen() {
        guard isInTransaction else { return }
        try? execute("ROLLBACK")
    }
}
