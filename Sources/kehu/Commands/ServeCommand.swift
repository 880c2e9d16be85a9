import ArgumentParser

/// `kehu serve`: run the HTTP API.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (migrates the database first). SIGTERM or SIGINT drains and exits 0."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var serve: ServeOptions

    func run() throws {
        ShutdownSignals.block() // before the first thread starts
        let environment = ProcessEnvironment()
        MallocArenas.limit(environment)
        let settings = try ServeSettings(serve: serve, database: database, environment: environment)
        let application = try Application.make(settings)
        try application.run()
    }
}
