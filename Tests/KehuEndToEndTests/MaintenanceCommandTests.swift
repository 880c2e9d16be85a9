import Foundation
import KehuTestSupport
import Testing

@Suite struct MaintenanceCommandTests {
    @Test func migrate_createsTheDatabase_andIsIdempotent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("new/kehu.sqlite")
        let first = try KehuProcess.run(["migrate", "--db", db])
        #expect(first.status == 0)
        #expect(first.output.contains("applied: 1 settings"))
        let second = try KehuProcess.run(["migrate", "--db", db])
        #expect(second.status == 0)
        #expect(second.output.contains("schema up to date"))
    }

    @Test func check_passesASoundFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("kehu.sqlite")
        #expect(try KehuProcess.run(["migrate", "--db", db]).status == 0)
        let result = try KehuProcess.run(["check", "--db", db])
        #expect(result.status == 0)
        #expect(result.output.contains("ok"))
    }

    @Test func check_failsOnADamagedFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("kehu.sqlite")
        #expect(try KehuProcess.run(["migrate", "--db", db]).status == 0)
        // Overwrite the second page (the settings table's root) with garbage.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: db))
        try handle.seek(toOffset: 4096)
        handle.write(Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let result = try KehuProcess.run(["check", "--db", db])
        #expect(result.status == 1)
    }

    @Test func check_failsOnAMissingFile_withoutCreatingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("absent.sqlite")
        #expect(try KehuProcess.run(["check", "--db", db]).status != 0)
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func backup_whileServing_writesACheckableCopy_andRefusesToOverwrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = directory.path("kehu.sqlite")
        let copy = directory.path("backup.sqlite")
        let server = try RunningServer(["--db", db])
        defer { _ = server.stop() }
        let backup = try KehuProcess.run(["backup", "--db", db, "--to", copy])
        #expect(backup.status == 0, "\(backup.output)")
        #expect(try KehuProcess.run(["check", "--db", copy]).status == 0)
        let again = try KehuProcess.run(["backup", "--db", db, "--to", copy])
        #expect(again.status != 0)
        let client = try RawHTTPClient(port: server.port)
        defer { client.close() }
        #expect(try client.exchange(RawHTTPRequest.get("/ready")).status == 200)
    }
}
