import Foundation
import HTTPServer
import KehuCore

extension Request {
    /// The customer filters whose empty value is a 422, not "no filter" (see `customerQuery`).
    static let customerFiltersRefusingEmpty: Set<String> = ["tier", "stage", "createdAfter", "createdBefore", "sort", "status"]

    /// The list filters of `GET /v1/customers` (and export). Unknown parameters are
    /// refused, as unknown body fields are, so a typo never silently widens a list.
    func customerQuery(extra: Set<String> = []) throws -> CustomerQuery {
        let known: Set<String> = [
            "q", "tier", "stage", "ownerId", "tag", "region", "industry", "source", "createdAfter", "createdBefore", "sort",
            "limit", "cursor", "status",
        ]
        var query = CustomerQuery()
        var errors: [FieldError] = []
        for (name, value) in queryItems {
            if name.hasPrefix("attributes.") {
                let key = String(name.dropFirst("attributes.".count))
                if key.isEmpty { errors.append(FieldError(field: name, message: "Name an attribute: attributes.KEY=VALUE.")) }
                query.attributes[key] = value
                continue
            }
            guard known.contains(name) || extra.contains(name) else {
                errors.append(FieldError(field: name, message: "Unknown query parameter."))
                continue
            }
            let text = value.trimmingSpaces()
            // An empty free-text filter (`tag=` from an empty form field) means "no filter";
            // an empty enum, time, sort or status is as wrong as any other value outside the
            // spec's set, and is refused like on every other list.
            if text.isEmpty && !Self.customerFiltersRefusingEmpty.contains(name) && name != "q" { continue }
            switch name {
            case "q":
                if text.count > 200 { errors.append(FieldError(field: "q", message: "At most 200 characters.")) }
                // FTS5 reads its query as a C string: a NUL would cut it short.
                if text.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                    errors.append(FieldError(field: "q", message: "Must not contain control characters."))
                }
                query.text = text.isEmpty ? nil : text
            case "tier": query.tier = parse(text, Tier.self, name, &errors)
            case "stage": query.stage = parse(text, LifecycleStage.self, name, &errors)
            case "ownerId": query.ownerID = text
            case "tag": query.tag = text
            case "region": query.region = text.split(separator: "/").map { $0.trimmingSpaces() }.joined(separator: "/")
            case "industry": query.industry = text
            case "source": query.source = text
            case "createdAfter": query.createdAfter = parseTime(text, name, &errors)
            case "createdBefore": query.createdBefore = parseTime(text, name, &errors)
            case "sort":
                query.sort = CustomerSort(parsing: text)
                if query.sort == nil {
                    errors.append(FieldError(field: "sort", message: "Sort by " + CustomerSort.Field.allCases.map(\.rawValue).joined(separator: ", ") + ", with - for descending."))
                }
            case "status":
                switch text {
                case "active": query.archived = false
                case "archived": query.archived = true
                default: errors.append(FieldError(field: "status", message: "Must be active or archived."))
                }
            default: break
            }
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return query
    }

    private func parse<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, _ name: String, _ errors: inout [FieldError]) -> T? where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        errors.append(.oneOf(name, T.self))
        return nil
    }

    /// An RFC 3339 time, or a date (`YYYY-MM-DD`, midnight UTC).
    private func parseTime(_ text: String, _ name: String, _ errors: inout [FieldError]) -> Date? {
        if let date = TimeParsing.parse(text) { return date }
        errors.append(FieldError(field: name, message: "Must be an RFC 3339 time (2026-11-23T08:00:00Z) or a date (2026-11-23)."))
        return nil
    }
}

/// Times in query strings and files: RFC 3339, or a bare date at midnight UTC.
enum TimeParsing {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        if text.count == 10, let date = formatter.date(from: text) { return date }
        return nil
    }

    /// An RFC 3339 time only (a due time needs its hour and zone).
    static func parseInstant(_ text: String) -> Date? {
        text.count > 10 ? parse(text) : nil
    }
}
