/// One page of a list and the cursor of the next, nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Which page to read: at most `limit` items after `cursor` (API.md: default 50, max 500).
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maxLimit = 500

    public var limit: Int
    public var cursor: String?

    /// Validates `limit`; the cursor is checked by whoever decodes it.
    public init(limit: Int? = nil, cursor: String? = nil) throws {
        let value = limit ?? Self.defaultLimit
        guard (1...Self.maxLimit).contains(value) else {
            throw KehuError.validation([FieldError(field: "limit", message: "Must be between 1 and \(Self.maxLimit).")])
        }
        self.limit = value
        self.cursor = cursor
    }
}
