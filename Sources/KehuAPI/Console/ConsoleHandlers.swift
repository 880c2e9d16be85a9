import Foundation
import HTTPServer

/// Serves the web console's files: `/` (the index) and `/console/...`.
///
/// Every answer carries a strict Content-Security-Policy: the console loads only its own
/// scripts, styles and API, and no inline code runs, so injected markup cannot execute.
/// Names are not content-hashed, so browsers revalidate every time (`no-cache`) and get a
/// bodiless 304 when the entity tag still matches.
struct ConsoleHandlers: Sendable {
    let assets: ConsoleAssets

    /// `default-src 'self'` covers scripts, styles and fonts; the rest is spelled out
    /// because `default-src` does not govern `frame-ancestors`, `base-uri` or `form-action`.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func register(on router: inout Router) {
        // Inline: the bytes are in memory, so answering never blocks the I/O queue.
        for (path, asset) in assets.files {
            router.addInline(.get, path) { request in Self.respond(to: request, with: asset) }
        }
    }

    static func respond(to request: Request, with asset: StaticAsset) -> Response {
        var headers: HTTPHeaders = [
            "ETag": asset.etag,
            "Cache-Control": "no-cache",
            "Content-Security-Policy": contentSecurityPolicy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        ]
        if matches(request.headers["If-None-Match"], asset.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers.set("Content-Type", asset.contentType)
        return Response(status: .ok, headers: headers, body: .bytes(asset.bytes))
    }

    /// RFC 9110 §13.1.2: `*` or a list of tags, compared weakly (a `W/` prefix is ignored).
    static func matches(_ ifNoneMatch: String?, _ etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}
