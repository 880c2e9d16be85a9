import Foundation
import KehuCore
import KehuTestSupport
import SQLiteStore
import Testing
@testable import KehuPersistence

@Suite struct KehuDatabaseTests {
    @Test func open_migratesAnEmptyFile_toTheLatestVersion() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, applied) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("data/kehu.sqlite")))
        defer { database.close() }
        #expect(applied.map(\.id) == KehuMigrations.all.map(\.id))
        let version = try database.read { try $0.scalar("PRAGMA user_version") }
        #expect(version == .integer(Int64(KehuMigrations.all.last!.id)))
        let tables = try database.read { try $0.query("SELECT name FROM sqlite_master WHERE type = 'table'").map { $0.string("name") } }
        #expect(tables.contains("settings"))
    }

    @Test func reopening_appliesNothing_andKeepsData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = DatabaseConfiguration(path: directory.path("kehu.sqlite"))
        let (first, _) = try KehuDatabase.open(configuration)
        try first.write { try $0.execute("INSERT INTO settings (key, value, updated_at) VALUES ('cadence', '{\"vip\":7}', '2026-11-23T00:00:00Z')") }
        first.close()
        let (second, applied) = try KehuDatabase.open(configuration)
        defer { second.close() }
        #expect(applied.isEmpty)
        #expect(try second.read { try $0.scalar("SELECT value FROM settings WHERE key = 'cadence'") } == .text("{\"vip\":7}"))
    }

    @Test func migrationsAreNumberedFromOne_withoutGaps() {
        #expect(KehuMigrations.all.map(\.id) == Array(1...KehuMigrations.all.count))
    }

    @Test func uniqueViolation_becomesConflict_andRollsBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        let insert = "INSERT INTO settings (key, value, updated_at) VALUES (?, '{}', '2026-11-23T00:00:00Z')"
        try database.write { try $0.execute(insert, ["sla"]) }
        #expect {
            try database.write { db in
                try db.execute(insert, ["other"])
                try db.execute(insert, ["sla"])
            }
        } throws: { error in
            if case KehuError.conflict = error { return true }
            return false
        }
        #expect(try database.read { try $0.scalar("SELECT count(*) FROM settings") } == .integer(1))
    }

    @Test func checkViolation_becomesValidationError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        defer { database.close() }
        #expect {
            try database.write { try $0.execute("INSERT INTO settings (key, value, updated_at) VALUES ('x', 'not json', 'now')") }
        } throws: { error in
            if case KehuError.validation = error { return true }
            return false
        }
    }

    @Test func healthCheck_followsTheDatabaseLifecycle() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (database, _) = try KehuDatabase.open(DatabaseConfiguration(path: directory.path("kehu.sqlite")))
        let health = SQLiteHealthCheck(database: database)
        #expect(health.isAlive())
        try health.checkReady()
        database.close()
        #expect(!health.isAlive())
        #expect {
            try health.checkReady()
        } throws: { error in
            if case KehuError.unavailable = error { return true }
            return false
        }
    }

    @Test func domainErrors_passThroughTranslationUnchanged() {
        let error = KehuError.notFound(entity: "customer", id: "c1")
        #expect(KehuDatabase.translate(error) as? KehuError == error)
    }
}
