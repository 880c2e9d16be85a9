import Foundation

/// The first response to a POST sent with an `Idempotency-Key`, kept for replay.
public struct StoredResponse: Sendable, Equatable {
    /// Fingerprint of the request (method, path, body) it answered.
    public var requestHash: [UInt8]
    public var status: Int
    public var headers: [[String]]
    public var body: [UInt8]
    public var createdAt: Date

    public init(requestHash: [UInt8], status: Int, headers: [[String]], body: [UInt8], createdAt: Date) {
        self.requestHash = requestHash
        self.status = status
        self.headers = headers
        self.body = body
        self.createdAt = createdAt
    }
}

/// Where idempotent responses are kept (24 hours; older ones are neither found nor kept).
public protocol IdempotencyStore: Sendable {
    func find(owner: String, key: String, notBefore: Date) throws -> StoredResponse?
    func save(owner: String, key: String, response: StoredResponse) throws
    /// Deletes responses created before `cutoff`.
    func purge(before cutoff: Date) throws
}
