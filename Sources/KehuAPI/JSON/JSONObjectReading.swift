import KehuCore

/// Member-by-member reading of a JSON object body with field errors, shared by the
/// bodies that tell null ("clear it") from absent ("leave it"): customers, contacts.
enum JSONObjectReading {
    /// One "Unknown field." error per member not in `accepted`, in name order.
    static func unknownFields(_ object: [String: JSONValue], accepted: Set<String>) -> [FieldError] {
        object.keys.filter { !accepted.contains($0) }.sorted().map { FieldError(field: $0, message: "Unknown field.") }
    }

    /// Optional text members: a string is set, null is recorded in the `cleared` set, any
    /// other type is an error.
    static func readStrings<Root>(
        _ object: [String: JSONValue], _ members: [(String, WritableKeyPath<Root, String?>)],
        into root: inout Root, cleared: WritableKeyPath<Root, Set<String>>, errors: inout [FieldError]
    ) {
        for (name, keyPath) in members {
            switch object[name] {
            case nil: break
            case .null?: root[keyPath: cleared].insert(name)
            case .string(let text)?: root[keyPath: keyPath] = text
            default: errors.append(FieldError(field: name, message: "Expected a string."))
            }
        }
    }
}

extension FieldError {
    /// "Must be one of a, b, c." for a text enumeration.
    static func oneOf<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type) -> FieldError where T.RawValue == String {
        FieldError(field: field, message: "Must be one of " + T.allCases.map(\.rawValue).joined(separator: ", ") + ".")
    }
}
