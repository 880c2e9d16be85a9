import Foundation

/// Where a ranked or segmented analytic list stopped, and what it was computed with, so the
/// next page continues the same list: the same moment (`asOf`, the period's end), the same
/// RFM boundaries, after the same row. Opaque to clients: base64url of JSON.
public struct AnalyticsCursor: Sendable, Equatable, Codable {
    /// Which list, e.g. `rfm:champions` or `priority`, with any parameter that shapes it.
    public var list: String
    /// The owner whose book it covers, nil for everyone's.
    public var ownerID: String?
    /// The period's start (RFM), Unix milliseconds.
    public var from: Int64?
    /// The moment the list was computed for (the period's end for RFM), Unix milliseconds.
    public var asOf: Int64
    /// The last row's ranking key (a score, a ratio) as its IEEE bit pattern: exact.
    public var key: UInt64?
    /// The last row's place in the customer file.
    public var sequence: Int64
    /// RFM boundaries (`RFMThresholds.flattened`).
    public var thresholds: [Int64]?

    public init(list: String, ownerID: String?, from: Int64? = nil, asOf: Int64, key: Double? = nil, sequence: Int64, thresholds: [Int64]? = nil) {
        self.list = list
        self.ownerID = ownerID
        self.from = from
        self.asOf = asOf
        self.key = key?.bitPattern
        self.sequence = sequence
        self.thresholds = thresholds
    }

    public var keyValue: Double? { key.map(Double.init(bitPattern:)) }

    public var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(self)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor of `list` over `scope`'s book, or throws a 422 naming `cursor`.
    public init(decoding text: String, list: String, scope: OwnerScope) throws {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 2_000, let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(Self.self, from: data) else {
            throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
        }
        guard cursor.list == list, cursor.ownerID == scope.ownerID else {
            throw KehuError.validation([FieldError(field: "cursor", message: "This cursor belongs to another list; start again without it.")])
        }
        self = cursor
    }
}
