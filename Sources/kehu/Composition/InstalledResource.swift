import Foundation

/// Where kehu looks for a file or folder it ships beside itself (the spec, the console),
/// in order: the working folder, beside the binary, `../share/kehu/` from the binary,
/// then `/usr/share/kehu/` (the container's place).
enum InstalledResource {
    static func candidates(named name: String) -> [String] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        return [
            FileManager.default.currentDirectoryPath + "/" + name,
            executable.appendingPathComponent(name).path,
            executable.appendingPathComponent("../share/kehu/" + name).standardized.path,
            "/usr/share/kehu/" + name,
        ]
    }
}
