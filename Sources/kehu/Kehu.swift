import ArgumentParser

/// The `kehu` command: the CRM server and its maintenance tools.
@main
struct Kehu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kehu",
        abstract: "Kehu (客户): a customer-management (CRM) HTTP API on an embedded SQLite database.",
        discussion: "Every option has an environment twin: --max-body-bytes is KEHU_MAX_BODY_BYTES, and so on. Options on the command line win over the environment.",
        subcommands: [ServeCommand.self, MigrateCommand.self, CreateKeyCommand.self, BackupCommand.self, CheckCommand.self, SeedDemoCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
