import Foundation
import KehuTestSupport
import Testing

/// The built `kehu` binary, run as a child process the way an operator runs it.
struct KehuProcess {
    /// The binary beside the test bundle (same build folder), else the default debug build.
    static func binary() throws -> URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kehu")
        let candidates = [besideTests, PackageRoot.url.appendingPathComponent(".build/debug/kehu")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            Issue.record("The kehu binary is not built; run `swift build --build-tests` (scripts/test does).")
            throw CancellationError()
        }
        return found
    }

    /// Runs a command to completion; returns its exit status and output (stdout + stderr).
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 30) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KEHU_") }.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            Issue.record("kehu \(arguments) did not finish in \(timeout) s")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// `kehu serve` running in the background on a free port.
final class RunningServer: @unchecked Sendable {
    // @unchecked: `process` and `port` are set once in init; `log` is thread-safe.
    let process = Process()
    let port: Int
    private let log = OutputLines()

    /// Starts `kehu serve --port 0` with `arguments` and waits for its "listening" line.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = try KehuProcess.binary()
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KEHU_") }.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let found = DispatchSemaphore(value: 0)
        let portBox = LockedPort()
        let log = self.log
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                log.append(String(line))
                if line.contains("\"msg\":\"listening\""), let port = Self.port(in: String(line)) {
                    portBox.set(port)
                    found.signal()
                }
            }
        }
        try process.run()
        guard found.wait(timeout: .now() + 30) == .success, let port = portBox.get() else {
            process.terminate()
            throw ServerStartFailure(output: log.all.joined(separator: "\n"))
        }
        self.port = port
    }

    struct ServerStartFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "kehu serve did not start:\n\(output)" }
    }

    var output: [String] { log.all }

    /// Sends `signal` and waits for the exit status (nil if it did not exit in time).
    func stop(signal: Int32 = SIGTERM, timeout: Double = 15) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    private static func port(in line: String) -> Int? {
        guard let range = line.range(of: "\"port\":\"") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

private final class LockedPort: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Int?
    func set(_ port: Int) { lock.withLock { value = port } }
    func get() -> Int? { lock.withLock { value } }
}

private final class OutputLines: @unchecked Sendable {
    // @unchecked: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
