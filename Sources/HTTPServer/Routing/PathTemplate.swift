/// A route path such as `/v1/customers/{id}/merge`: literal segments and named parameters.
struct PathTemplate: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let text: String
    let segments: [Segment]

    /// Parses a template; a malformed one is a programmer error.
    init(_ text: String) {
        precondition(text.hasPrefix("/"), "route templates start with /: \(text)")
        self.text = text
        segments = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            precondition(!part.contains("{") && !part.contains("}"), "bad route segment \(part) in \(text)")
            return .literal(String(part))
        }
    }

    var isStatic: Bool { !segments.contains { if case .parameter = $0 { true } else { false } } }

    /// Literal segments first: `/customers/duplicates` wins over `/customers/{id}`.
    var specificity: Int { segments.count { if case .literal = $0 { true } else { false } } }

    /// The parameters if `pathSegments` (already percent-decoded) match.
    func match(_ pathSegments: [String]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let literal):
                if literal != value { return nil }
            case .parameter(let name):
                if value.isEmpty { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }
}
