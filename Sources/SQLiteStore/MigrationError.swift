/// Why `Migrator` refused to run.
///
/// A plain value: safe to share between threads.
public enum MigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The migration list is not 1, 2, 3, …: `position` (0-based) holds `found` where `expected` belongs.
    case nonSequentialIDs(position: Int, expected: Int, found: Int)
    /// The database was migrated by a newer binary: its `user_version` is past the last known migration.
    case databaseNewerThanCode(databaseVersion: Int, latestKnown: Int)

    /// A sentence for logs and the command line.
    public var description: String {
        switch self {
        case .nonSequentialIDs(let position, let expected, let found):
            return "migration ids must be 1, 2, 3, …: entry \(position) has id \(found), expected \(expected)"
        case .databaseNewerThanCode(let databaseVersion, let latestKnown):
            return "database schema version \(databaseVersion) is newer than this build knows (\(latestKnown)); refusing to run an older binary against it"
        }
    }
}
