import Foundation

/// Finds `openapi.yaml`: the configured path, else the working folder, else beside the
/// binary (`kehu` and `../share/kehu/`), else `/usr/share/kehu/` (the container's place).
enum OpenAPIDocument {
    static func load(configuredPath: String?) -> (text: String, path: String)? {
        if let configuredPath {
            return (try? String(contentsOfFile: configuredPath, encoding: .utf8)).map { ($0, configuredPath) }
        }
        let candidates = InstalledResource.candidates(named: "openapi.yaml")
        for path in candidates {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return (text, path) }
        }
        return nil
    }
}
