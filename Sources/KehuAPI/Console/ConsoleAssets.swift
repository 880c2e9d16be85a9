import Foundation

/// The web console's files, read once at start-up and served from memory.
///
/// Only paths present here are ever answered, so a request path can never reach outside
/// the console's folder: `..`, encoded dots and unknown files simply match no route.
/// Changing a file takes a restart, which is also what keeps each entity tag stable.
public struct ConsoleAssets: Sendable {
    /// Assets by URL path: `/` for `index.html`, `/console/<relative path>` for the rest.
    public let files: [String: StaticAsset]

    /// The URL prefix under which every console file except the index is served.
    public static let prefix = "/console/"

    /// Assets from relative file paths (`index.html`, `js/app.js`) and their bytes.
    /// Files of a kind `StaticAsset.contentType(forFileName:)` does not know are left out.
    public init(relativeFiles: [String: [UInt8]]) {
        var files: [String: StaticAsset] = [:]
        for (relative, bytes) in relativeFiles {
            guard Self.isSafe(relative), let type = StaticAsset.contentType(forFileName: relative) else { continue }
            let asset = StaticAsset(bytes: bytes, contentType: type)
            files[Self.prefix + relative] = asset
            if relative == "index.html" { files["/"] = asset }
        }
        self.files = files
    }

    /// Reads every regular, non-hidden file under `directory`.
    /// - Throws: `ConsoleAssetsError` when the folder is missing or has no `index.html`,
    ///   or a file cannot be read.
    public static func load(directory: String) throws -> ConsoleAssets {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConsoleAssetsError.notADirectory(directory)
        }
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { throw ConsoleAssetsError.notADirectory(directory) }
        var files: [String: [UInt8]] = [:]
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleAssetsError.unreadable(path) }
            files[String(path.dropFirst(rootPath.count))] = Array(data)
        }
        guard files["index.html"] != nil else { throw ConsoleAssetsError.missingIndex(directory) }
        return ConsoleAssets(relativeFiles: files)
    }

    /// A relative path made only of plain segments: no empty, `.` or `..` segment and no
    /// backslash, so that the URL space stays exactly the folder's tree.
    static func isSafe(_ relative: String) -> Bool {
        guard !relative.isEmpty, !relative.contains("\\"), !relative.contains("%") else { return false }
        return relative.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".."
        }
    }
}

/// Why the console's folder could not be loaded.
public enum ConsoleAssetsError: Error, Equatable, CustomStringConvertible {
    case notADirectory(String)
    case missingIndex(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .notADirectory(let path): "\(path) is not a folder"
        case .missingIndex(let path): "\(path) has no index.html"
        case .unreadable(let path): "cannot read \(path)"
        }
    }
}
