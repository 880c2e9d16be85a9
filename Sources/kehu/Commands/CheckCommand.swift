import ArgumentParser
import SQLiteStore

/// `kehu check`: verify the database file; exits non-zero on damage.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run PRAGMA integrity_check; exit 0 when the file is sound, 1 when it is damaged."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let path = try database.path(ProcessEnvironment())
        let problems: [String]
        do {
            let pool = try DatabasePool.openExisting(path: path, readOnly: true)
            defer { pool.close() }
            problems = try pool.integrityCheck()
        } catch let error as SQLiteError where error.isCorrupt {
            print("damaged: \(error)")
            throw ExitCode(1)
        }
        if problems.isEmpty {
            print("ok")
        } else {
            problems.prefix(100).forEach { print($0) }
            throw ExitCode(1)
        }
    }
}
