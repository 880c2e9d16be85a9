import Foundation

/// The API's JSON conventions in one place: camelCase keys as declared, RFC 3339 UTC
/// timestamps with `Z`, no escaped slashes.
enum JSONCoding {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try makeEncoder().encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try makeDecoder().decode(type, from: Data(bytes))
    }

    // Encoders are cheap to make and not documented as thread-safe, so each call gets one.
    private static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(decodeTime)
        return decoder
    }

    /// An RFC 3339 time, with or without fractional seconds. Written out rather than
    /// `.iso8601` because that strategy's error on Linux carries no coding path, so a bad
    /// time could not be blamed on its field.
    private static func decodeTime(_ decoder: any Decoder) throws -> Date {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = TimeParsing.parseInstant(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Must be an RFC 3339 time such as 2026-11-23T08:00:00Z.")
        }
        return date
    }
}
