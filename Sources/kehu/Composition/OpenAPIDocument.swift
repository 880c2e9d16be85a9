import Foundation

/// Finds `openapi.yaml`: the configured path, else the working folder, else beside the
/// binary (`kehu` and `../share/kehu/`), else `/usr/share/kehu/` (the container's place).
enum OpenAPIDocument {
    static func load(configuredPath: String?) -> (text: String, path: String)? {
        if let configuredPath {
            return (try? String(contentsOfFile: configuredPath, encoding: .utf8)).map { ($0, configuredPath) }
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            FileManager.default.currentDirectoryPath + "/openapi.yaml",
            executable.appendingPathComponent("openapi.yaml").path,
            executable.appendingPathComponent("../share/kehu/openapi.yaml").standardized.path,
            "/usr/share/kehu/openapi.yaml",
        ]
        for path in candidates {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return (text, path) }
        }
        return nil
    }
}
