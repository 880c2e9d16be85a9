import Foundation
import KehuCore

/// A customer as the API shows it: every field, absent values as null.
struct CustomerBody: Encodable {
    let customer: Customer

    enum Keys: String, CodingKey {
        case id, type, name, gender, birthday, birthdayCalendar, phone, email, wechat, address, region, occupation, company, industry, companySize
        case source, ownerId, tags, tier, tierLocked, stage, attributes, notes, stats, status, mergedInto, createdAt, updatedAt, version
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let c = customer
        try container.encode(c.id, forKey: .id)
        try container.encode(c.type, forKey: .type)
        try container.encode(c.name, forKey: .name)
        try container.encode(c.gender, forKey: .gender)
        try container.encode(c.birthday, forKey: .birthday)
        try container.encode(c.birthdayCalendar, forKey: .birthdayCalendar)
        try container.encode(c.phone, forKey: .phone)
        try container.encode(c.email, forKey: .email)
        try container.encode(c.wechat, forKey: .wechat)
        try container.encode(c.address, forKey: .address)
        try container.encode(c.region, forKey: .region)
        try container.encode(c.occupation, forKey: .occupation)
        try container.encode(c.company, forKey: .company)
        try container.encode(c.industry, forKey: .industry)
        try container.encode(c.companySize, forKey: .companySize)
        try container.encode(c.source, forKey: .source)
        try container.encode(c.ownerID, forKey: .ownerId)
        try container.encode(c.tags, forKey: .tags)
        try container.encode(c.tier, forKey: .tier)
        try container.encode(c.tierLocked, forKey: .tierLocked)
        try container.encode(c.stage, forKey: .stage)
        try container.encode(c.attributes, forKey: .attributes)
        try container.encode(c.notes, forKey: .notes)
        try container.encode(StatsBody(c.stats), forKey: .stats)
        try container.encode(c.status, forKey: .status)
        try container.encode(c.mergedInto, forKey: .mergedInto)
        try container.encode(c.createdAt, forKey: .createdAt)
        try container.encode(c.updatedAt, forKey: .updatedAt)
        try container.encode(c.version, forKey: .version)
    }
}

extension CustomerBody: JSONWritable {
    /// The same document as `encode(to:)`, keys sorted, written without JSONEncoder.
    func write(to writer: inout JSONWriter) {
        let c = customer
        writer.beginObject()
        writer.key("address"); writer.string(c.address)
        writer.key("attributes"); writer.beginObject()
        for (key, value) in c.attributes.sorted(by: { $0.key < $1.key }) {
            writer.key(text: key)
            switch value {
            case .string(let text): writer.string(text)
            case .number(let number): writer.number(number)
            case .bool(let flag): writer.bool(flag)
            }
        }
        writer.endObject()
        writer.key("birthday"); writer.string(c.birthday)
        writer.key("birthdayCalendar"); writer.string(c.birthdayCalendar.rawValue)
        writer.key("company"); writer.string(c.company)
        writer.key("companySize"); writer.string(c.companySize)
        writer.key("createdAt"); writer.date(c.createdAt)
        writer.key("email"); writer.string(c.email)
        writer.key("gender"); writer.string(c.gender?.rawValue)
        writer.key("id"); writer.string(c.id)
        writer.key("industry"); writer.string(c.industry)
        writer.key("mergedInto"); writer.string(c.mergedInto)
        writer.key("name"); writer.string(c.name)
        writer.key("notes"); writer.string(c.notes)
        writer.key("occupation"); writer.string(c.occupation)
        writer.key("ownerId"); writer.string(c.ownerID)
        writer.key("phone"); writer.string(c.phone)
        writer.key("region"); writer.string(c.region)
        writer.key("source"); writer.string(c.source)
        writer.key("stage"); writer.string(c.stage.rawValue)
        writer.key("stats"); writer.beginObject()
        writer.key("interactions30d"); writer.integer(c.stats.interactions30d)
        writer.key("lastInteractionAt"); writer.date(c.stats.lastInteractionAt)
        writer.key("lastPurchaseAt"); writer.date(c.stats.lastPurchaseAt)
        writer.key("openFeedback"); writer.integer(c.stats.openFeedback)
        writer.key("purchaseCount"); writer.integer(c.stats.purchaseCount)
        writer.key("totalSpent"); writer.integer(c.stats.totalSpent)
        writer.endObject()
        writer.key("status"); writer.string(c.status.rawValue)
        writer.key("tags"); writer.beginArray()
        for tag in c.tags { writer.string(tag) }
        writer.endArray()
        writer.key("tier"); writer.string(c.tier.rawValue)
        writer.key("tierLocked"); writer.bool(c.tierLocked)
        writer.key("type"); writer.string(c.type.rawValue)
        writer.key("updatedAt"); writer.date(c.updatedAt)
        writer.key("version"); writer.integer(c.version)
        writer.key("wechat"); writer.string(c.wechat)
        writer.endObject()
    }
}

extension ListBody: JSONWritable where Item == CustomerBody {
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("data"); writer.beginArray()
        for item in data { item.write(to: &writer) }
        writer.endArray()
        writer.key("nextCursor"); writer.string(nextCursor)
        writer.endObject()
    }
}

struct StatsBody: Encodable {
    var totalSpent: Int64
    var purchaseCount: Int
    @Nullable var lastPurchaseAt: Date?
    @Nullable var lastInteractionAt: Date?
    var interactions30d: Int
    var openFeedback: Int

    init(_ stats: CustomerStats) {
        totalSpent = stats.totalSpent
        purchaseCount = stats.purchaseCount
        lastPurchaseAt = stats.lastPurchaseAt
        lastInteractionAt = stats.lastInteractionAt
        interactions30d = stats.interactions30d
        openFeedback = stats.openFeedback
    }
}

/// The customer fields a body may carry, read from a JSON object with exact types and
/// field errors for everything wrong (used by create, patch and import).
enum CustomerFieldsReader {
    static let editable: Set<String> = [
        "type", "name", "gender", "birthday", "birthdayCalendar", "phone", "email", "wechat", "address", "region", "occupation", "company",
        "industry", "companySize", "source", "ownerId", "tags", "tier", "attributes", "notes",
    ]

    // Computed: key paths are not Sendable, so a stored static would not be.
    private static var texts: [(String, WritableKeyPath<CustomerFields, String?>)] {[
        ("name", \.name), ("birthday", \.birthday), ("phone", \.phone), ("email", \.email), ("wechat", \.wechat),
        ("address", \.address), ("region", \.region), ("occupation", \.occupation), ("company", \.company),
        ("industry", \.industry), ("companySize", \.companySize), ("source", \.source), ("ownerId", \.ownerID), ("notes", \.notes),
    ]}

    /// The fields of `object`; null members are recorded in `cleared`. Unknown members
    /// are errors unless listed in `alsoAccepted` (the caller reads those). When some
    /// members have the wrong type, the others are validated too, so one answer lists
    /// every problem.
    static func read(_ object: [String: JSONValue], requireName: Bool, alsoAccepted: Set<String> = []) throws -> CustomerFields {
        var fields = CustomerFields()
        var errors = JSONObjectReading.unknownFields(object, accepted: editable.union(alsoAccepted))
        JSONObjectReading.readStrings(object, texts, into: &fields, cleared: \.cleared, errors: &errors)
        fields.type = enumValue(object, "type", CustomerType.self, &fields, &errors)
        fields.gender = enumValue(object, "gender", Gender.self, &fields, &errors)
        fields.tier = enumValue(object, "tier", Tier.self, &fields, &errors)
        fields.birthdayCalendar = enumValue(object, "birthdayCalendar", BirthdayCalendar.self, &fields, &errors)
        switch object["tags"] {
        case nil: break
        case .null?: fields.cleared.insert("tags")
        case .array(let items)?:
            var tags: [String] = []
            for (index, item) in items.enumerated() {
                if case .string(let tag) = item { tags.append(tag) } else { errors.append(FieldError(field: "tags[\(index)]", message: "Expected a string.")) }
            }
            fields.tags = tags
        default: errors.append(FieldError(field: "tags", message: "Expected an array of strings."))
        }
        switch object["attributes"] {
        case nil: break
        case .null?: fields.cleared.insert("attributes")
        case .object(let members)?:
            var attributes: [String: AttributeValue] = [:]
            for (key, value) in members {
                switch value {
                case .string(let text): attributes[key] = .string(text)
                case .number(let number): attributes[key] = .number(number)
                case .bool(let flag): attributes[key] = .bool(flag)
                default: errors.append(FieldError(field: "attributes.\(key)", message: "Values must be strings, numbers or booleans."))
                }
            }
            fields.attributes = attributes
        default: errors.append(FieldError(field: "attributes", message: "Expected an object."))
        }
        if !errors.isEmpty {
            let wrongType = Set(errors.map { String($0.field.prefix { $0 != "[" && $0 != "." }) })
            do {
                _ = try CustomerValidation.normalize(fields, requireName: requireName && !wrongType.contains("name"), today: Date())
            } catch KehuError.validation(let more) {
                errors += more.filter { !wrongType.contains(String($0.field.prefix { $0 != "[" && $0 != "." })) }
            }
            throw KehuError.validation(errors)
        }
        return fields
    }

    private static func enumValue<T: RawRepresentable & CaseIterable>(
        _ object: [String: JSONValue], _ name: String, _ type: T.Type, _ fields: inout CustomerFields, _ errors: inout [FieldError]
    ) -> T? where T.RawValue == String {
        switch object[name] {
        case nil: return nil
        case .null?:
            fields.cleared.insert(name)
            return nil
        case .string(let text)?:
            if let value = T(rawValue: text) { return value }
            fallthrough
        default:
            errors.append(.oneOf(name, T.self))
            return nil
        }
    }
}
