import Foundation
import KehuAPI

/// Finds the web console's folder the way `OpenAPIDocument` finds the spec: the configured
/// path, else `console/` in the working folder, else beside the binary (`console/` and
/// `../share/kehu/console/`), else `/usr/share/kehu/console` (the container's place).
enum ConsoleDirectory {
    /// The value of `--console` / `KEHU_CONSOLE` that turns the console off.
    static let off = "off"

    /// The loaded assets and where they came from; nil when turned off or not found.
    /// - Throws: `ConsoleAssetsError` when a configured folder cannot be served, so that a
    ///   typo in the setting stops the start instead of silently dropping the console.
    static func load(configuredPath: String?) throws -> (assets: ConsoleAssets, path: String)? {
        if let configuredPath {
            if configuredPath == off { return nil }
            return (try ConsoleAssets.load(directory: configuredPath), configuredPath)
        }
        let candidates = InstalledResource.candidates(named: "console")
        for path in candidates {
            if let assets = try? ConsoleAssets.load(directory: path) { return (assets, path) }
        }
        return nil
    }
}
