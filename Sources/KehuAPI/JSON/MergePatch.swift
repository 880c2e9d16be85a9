import Foundation
import HTTPServer
import KehuCore

/// A JSON merge patch body (RFC 7396): members present are changed, `null` clears, absent
/// members stay. Unknown members are refused like everywhere else.
struct MergePatch {
    enum Member<T> {
        case absent
        case null
        case value(T)
    }

    private let object: [String: JSONValue]
    private(set) var errors: [FieldError] = []

    init(_ request: Request, accepted: Set<String>) throws {
        if let type = request.headers["Content-Type"]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
           type != "application/json", type != "application/merge-patch+json" {
            throw RequestDecodingError.unsupportedMediaType(type)
        }
        guard let object = try? JSONCoding.decode([String: JSONValue].self, from: request.body) else {
            throw RequestDecodingError.malformedJSON("The body must be a JSON object (a merge patch).")
        }
        let unknown = object.keys.filter { !accepted.contains($0) }.sorted()
        if !unknown.isEmpty { throw RequestDecodingError.invalidFields(unknown.map { FieldError(field: $0, message: "Unknown field.") }) }
        self.object = object
    }

    mutating func string(_ name: String) -> Member<String> {
        member(name, "a string") { if case .string(let value) = $0 { value } else { nil } }
    }

    mutating func stringArray(_ name: String) -> Member<[String]> {
        member(name, "an array of strings") { value in
            guard case .array(let items) = value else { return nil }
            let strings = items.compactMap { item -> String? in if case .string(let text) = item { text } else { nil } }
            return strings.count == items.count ? strings : nil
        }
    }

    mutating func bool(_ name: String) -> Member<Bool> {
        member(name, "true or false") { if case .bool(let value) = $0 { value } else { nil } }
    }

    /// The value of a non-nullable member; `null` is recorded as an error.
    mutating func required<T>(_ member: Member<T>, _ name: String) -> T? {
        switch member {
        case .absent: return nil
        case .null:
            errors.append(FieldError(field: name, message: "Must not be null."))
            return nil
        case .value(let value): return value
        }
    }

    private mutating func member<T>(_ name: String, _ expected: String, _ cast: (JSONValue) -> T?) -> Member<T> {
        guard let raw = object[name] else { return .absent }
        if raw == .null { return .null }
        guard let value = cast(raw) else {
            errors.append(FieldError(field: name, message: "Expected \(expected)."))
            return .absent
        }
        return .value(value)
    }

    func check() throws {
        if !errors.isEmpty { throw KehuError.validation(errors) }
    }
}
