/// Size limits the parser enforces before it buffers anything large.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest accepted request target in bytes (longer: 414).
    public var maxTargetBytes: Int
    /// Largest accepted header section in bytes, request line excluded (larger: 431).
    public var maxHeaderBytes: Int
    /// Most header fields in one request (more: 431).
    public var maxHeaderCount: Int
    /// Largest accepted body in bytes, decided from Content-Length before reading it (larger: 413).
    public var maxBodyBytes: Int
    /// Longest accepted chunk-size line including extensions (longer: 400).
    public var maxChunkLineBytes: Int
    /// Body limits that replace `maxBodyBytes` for particular paths (exact match on the
    /// still-encoded path, query excluded), e.g. a bulk upload route; set by the application.
    public var maxBodyBytesByPath: [String: Int] = [:]

    /// Limits with Kehu's defaults: 8 KiB target, 16 KiB headers, 1 MiB body.
    public init(
        maxTargetBytes: Int = 8 * 1024,
        maxHeaderBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 128,
        maxBodyBytes: Int = 1024 * 1024,
        maxChunkLineBytes: Int = 1024
    ) {
        self.maxTargetBytes = maxTargetBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }

    /// The body limit for a request to `target` (origin-form, query allowed).
    public func maxBodyBytes(forTarget target: some StringProtocol) -> Int {
        guard !maxBodyBytesByPath.isEmpty else { return maxBodyBytes }
        let path = target.firstIndex(of: "?").map { target[..<$0] } ?? target[...]
        return maxBodyBytesByPath[String(path)] ?? maxBodyBytes
    }
}
