import Foundation

/// Validates and normalises customer fields, collecting every problem at once.
///
/// Bounds (issue 4): name ≤ 200 characters, notes ≤ 10,000, ≤ 50 tags of ≤ 50 characters
/// (trimmed, deduplicated, order kept), ≤ 100 attributes with keys of ≤ 64 characters and
/// string values of ≤ 1,000; other texts ≤ 500. Phones become E.164, e-mails lower case,
/// birthdays must be real dates (`YYYY-MM-DD`, not in the future).
public enum CustomerValidation {
    public static let maxName = 200
    public static let maxNotes = 10_000
    public static let maxTags = 50
    public static let maxTagLength = 50
    public static let maxAttributes = 100
    public static let maxAttributeKey = 64
    public static let maxAttributeText = 1_000
    public static let maxText = 500

    /// The fields normalised, or `validation` with one entry per problem.
    /// `requireName`: creating (a name is required) rather than patching.
    public static func normalize(_ input: CustomerFields, requireName: Bool, today: Date) throws -> CustomerFields {
        var fields = input
        var validator = Validator()
        if let name = input.name {
            fields.name = validator.requiredText(name, field: "name", maxLength: maxName)
        } else if requireName || input.cleared.contains("name") {
            validator.fail("name", "This field is required.")
        }
        if let phone = input.phone { fields.phone = validator.phone(phone, field: "phone") }
        if let email = input.email { fields.email = validator.email(email, field: "email") }
        if let birthday = input.birthday, !isPastDate(birthday, today: today) {
            validator.fail("birthday", "Must be a date in the form YYYY-MM-DD, not in the future.")
        }
        for (field, keyPath) in optionalTexts {
            if input[keyPath: keyPath] != nil {
                fields[keyPath: keyPath] = validator.optionalText(input[keyPath: keyPath], field: field, maxLength: maxText)
                if fields[keyPath: keyPath] == nil { fields.cleared.insert(field) } // "" clears, like null
            }
        }
        if let region = fields.region {
            fields.region = region.split(separator: "/").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: "/")
        }
        if let notes = input.notes {
            if notes.codePointCount > maxNotes { validator.fail("notes", "Must be at most \(maxNotes) characters.") }
            if notes.trimmingWhitespace().isEmpty {
                fields.notes = nil
                fields.cleared.insert("notes")
            }
        }
        if let tags = input.tags { fields.tags = normalizeTags(tags, validator: &validator) }
        if let attributes = input.attributes { validateAttributes(attributes, validator: &validator) }
        try validator.check()
        return fields
    }

    /// Trimmed, without empties and duplicates, first spelling kept.
    static func normalizeTags(_ tags: [String], validator: inout Validator) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, tag) in tags.enumerated() {
            // The limit holds for every tag as sent (the spec's items.maxLength), even one dropped below.
            if tag.codePointCount > maxTagLength { validator.fail("tags[\(index)]", "Must be at most \(maxTagLength) characters.") }
            let trimmed = tag.trimmingWhitespace()
            if trimmed.isEmpty || !seen.insert(trimmed).inserted { continue }
            result.append(trimmed)
        }
        // Counted as sent, like the spec's maxItems, before duplicates are dropped.
        if tags.count > maxTags { validator.fail("tags", "At most \(maxTags) tags.") }
        return result
    }

    static func validateAttributes(_ attributes: [String: AttributeValue], validator: inout Validator) {
        if attributes.count > maxAttributes { validator.fail("attributes", "At most \(maxAttributes) attributes.") }
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            if key.isEmpty || key.codePointCount > maxAttributeKey || key.contains(where: { $0.isWhitespace || $0 == "." || $0 == "=" }) {
                validator.fail("attributes.\(key)", "Keys are 1 to \(maxAttributeKey) characters without spaces, dots or '='.")
            }
            switch value {
            case .string(let text) where text.codePointCount > maxAttributeText:
                validator.fail("attributes.\(key)", "Text values are at most \(maxAttributeText) characters.")
            case .number(let number) where !number.isFinite:
                validator.fail("attributes.\(key)", "Numbers must be finite.")
            default:
                break
            }
        }
    }

    /// A real Gregorian date `YYYY-MM-DD`, from 1900 up to `today`.
    static func isPastDate(_ text: String, today: Date) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), year >= 1900
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.month, from: date) == month, calendar.component(.day, from: date) == day
        else { return false }
        return date <= today
    }

    /// Computed, not stored: key paths are not `Sendable`, so a shared static would not be.
    private static var optionalTexts: [(String, WritableKeyPath<CustomerFields, String?>)] {
        [
            ("wechat", \.wechat), ("address", \.address), ("region", \.region), ("occupation", \.occupation),
            ("company", \.company), ("industry", \.industry), ("companySize", \.companySize), ("source", \.source),
        ]
    }
}
