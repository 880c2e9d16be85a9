import Foundation

/// Collects field errors so that one answer lists every problem, not just the first.
public struct Validator {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// A non-empty text of at most `maxLength` code points as sent (`codePointCount`),
    /// returned trimmed, or nil after recording why not.
    public mutating func requiredText(_ value: String, field: String, maxLength: Int) -> String? {
        let trimmed = value.trimmingWhitespace()
        if trimmed.isEmpty {
            fail(field, "Must not be empty.")
            return nil
        }
        if value.codePointCount > maxLength {
            fail(field, "Must be at most \(maxLength) characters.")
            return nil
        }
        return trimmed
    }

    /// `text` as E.164, or nil after recording why not.
    public mutating func phone(_ text: String, field: String) -> String? {
        if let phone = PhoneNumber.normalize(text) { return phone }
        fail(field, "Must be a Chinese mobile or landline number, or an international number with + or 00.")
        return nil
    }

    /// `text` as Kehu stores e-mail addresses, or nil after recording why not.
    public mutating func email(_ text: String, field: String) -> String? {
        if let email = EmailAddress.normalize(text) { return email }
        fail(field, "Must be a valid e-mail address.")
        return nil
    }

    /// An optional text trimmed (nil when empty), recording an error past `maxLength` code
    /// points as sent (`codePointCount`).
    public mutating func optionalText(_ text: String?, field: String, maxLength: Int) -> String? {
        guard let text else { return nil }
        let trimmed = text.trimmingWhitespace()
        if text.codePointCount > maxLength { fail(field, "Must be at most \(maxLength) characters.") }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A text that one move of a workflow needs and every other move refuses (a resolution,
    /// a lost reason): required when `needed`, else it must be absent.
    public mutating func textOfMove(_ text: String?, field: String, needed: Bool, maxLength: Int, missing: String, refused: String) -> String? {
        guard needed else {
            if text != nil { fail(field, refused) }
            return nil
        }
        guard let text else {
            fail(field, missing)
            return nil
        }
        return requiredText(text, field: field, maxLength: maxLength)
    }

    /// Records an error unless `value` is a money amount Kehu accepts: whole minor units
    /// from 0 to `PurchaseInput.maxAmount`.
    public mutating func amount(_ value: Int64, field: String) {
        if !(0...PurchaseInput.maxAmount).contains(value) {
            fail(field, "Must be a whole number of minor units from 0 to \(PurchaseInput.maxAmount).")
        }
    }

    /// `text` upper-cased as an ISO 4217 code (three letters), recording an error if it is not one.
    public mutating func currency(_ text: String, field: String) -> String {
        let code = text.uppercased()
        if code.count != 3 || !code.allSatisfy({ $0.isASCII && $0.isLetter }) { fail(field, "Must be an ISO 4217 code such as CNY.") }
        return code
    }

    /// Throws `validation` with everything collected, if anything was.
    public func check() throws {
        if !errors.isEmpty { throw KehuError.validation(errors) }
    }
}

/// E-mail addresses as Kehu stores and compares them.
public enum EmailAddress {
    /// The address trimmed and lower-cased, or nil if it is not a plausible address
    /// (one `@`, a dotted domain, no spaces, at most 254 characters).
    public static func normalize(_ text: String) -> String? {
        let value = text.trimmingWhitespace().lowercased()
        guard value.count <= 254, !value.contains(where: { $0.isWhitespace || $0.isNewline }) else { return nil }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return nil }
        return value
    }
}
