import HTTPServer
import KehuCore

extension Request {
    /// The version named by `If-Match` (`"3"` or `W/"3"`); nil when absent or `*`.
    /// A value that names no version of ours can never match: 412.
    func expectedVersion() throws -> Int? {
        guard let value = headers["If-Match"]?.trimmingCharacters(in: .whitespaces), value != "*" else { return nil }
        var tag = Substring(value)
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        guard tag.hasPrefix("\""), tag.hasSuffix("\""), tag.count >= 3, let version = Int(tag.dropFirst().dropLast()), version >= 0 else {
            throw KehuError.preconditionFailed("If-Match must be an ETag from this API, such as \"3\".")
        }
        return version
    }
}

extension HTTPHeaders {
    /// The strong ETag of a resource version.
    static func etag(version: Int) -> HTTPHeaders { ["ETag": "\"\(version)\""] }
}

import Foundation
