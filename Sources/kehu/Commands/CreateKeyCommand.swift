import ArgumentParser
import KehuCore
import KehuPersistence

/// `kehu create-key`: issue an API key from the command line (creating the user if needed).
struct CreateKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-key",
        abstract: "Issue an API key for a user (created with --role if new) and print it once."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The user's e-mail address.")
    var user: String

    @Option(help: "Role for a new user: admin, manager, rep or viewer. An existing user keeps theirs.")
    var role: Role?

    @Option(help: "Display name for a new user. Default: the e-mail address")
    var userName: String?

    @Option(help: "A name for the key, to tell keys apart. Default: command line")
    var name: String = "command line"

    func run() throws {
        let (opened, _) = try KehuDatabase.open(try database.configuration(ProcessEnvironment()))
        defer { opened.close() }
        let (account, issued) = try ServiceFactory(database: opened, environment: .live)
            .bootstrap.createKey(email: user, role: role, userName: userName, keyName: name)
        print("user \(account.id) (\(account.email), \(account.role.rawValue))")
        print("key  \(issued.key.id): \(issued.secret)")
        print("The key is shown only now; Kehu keeps only its hash.")
    }
}

extension Role: ExpressibleByArgument {}
