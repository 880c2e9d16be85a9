import ArgumentParser
import KehuPersistence

/// `kehu migrate`: bring the database schema up to date and exit.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending schema migrations and exit.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let (opened, applied) = try KehuDatabase.open(try database.configuration(ProcessEnvironment()))
        opened.close()
        print(applied.isEmpty ? "schema up to date" : "applied: " + applied.map { "\($0.id) \($0.name)" }.joined(separator: ", "))
    }
}
