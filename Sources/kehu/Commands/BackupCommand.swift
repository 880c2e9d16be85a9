import ArgumentParser
import SQLiteStore

/// `kehu backup`: a consistent copy of the database, safe while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database (VACUUM INTO); safe while the server runs."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Where to write the copy; must not exist yet.")
    var to: String

    func run() throws {
        let path = try database.path(ProcessEnvironment())
        let pool = try DatabasePool.openExisting(path: path, readOnly: false)
        defer { pool.close() }
        try pool.backup(to: to)
        print("backup written to \(to)")
    }
}
