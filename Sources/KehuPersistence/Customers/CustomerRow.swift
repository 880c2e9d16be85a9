import Foundation
import KehuCore
import SQLiteStore

/// Customers to and from rows.
enum CustomerRow {
    /// Every column, plus `interactions_30d` counted from `?1` (the start of the 30 days).
    static let columns = """
        customers.*, (SELECT count(*) FROM interactions i WHERE i.customer_id = customers.id AND i.occurred_at >= ?1) AS interactions_30d
        """

    static func customer(_ row: Row) -> Customer {
        var customer = Customer(
            id: row.string("id"), type: CustomerType(rawValue: row.string("type")) ?? .individual,
            name: row.string("name"), createdAt: StoredTime.date(row.int64("created_at"))
        )
        customer.gender = row.optionalString("gender").flatMap(Gender.init(rawValue:))
        customer.birthday = row.optionalString("birthday")
        customer.birthdayCalendar = row.optionalString("birthday_calendar").flatMap(BirthdayCalendar.init(rawValue:)) ?? .gregorian
        customer.phone = row.optionalString("phone")
        customer.email = row.optionalString("email")
        customer.wechat = row.optionalString("wechat")
        customer.address = row.optionalString("address")
        customer.region = row.optionalString("region")
        customer.occupation = row.optionalString("occupation")
        customer.company = row.optionalString("company")
        customer.industry = row.optionalString("industry")
        customer.companySize = row.optionalString("company_size")
        customer.source = row.optionalString("source")
        customer.ownerID = row.optionalString("owner_id")
        customer.tags = tags(row.string("tags"))
        customer.attributes = attributes(row.string("attributes"))
        customer.notes = row.optionalString("notes")
        customer.tier = Tier(rawValue: row.string("tier")) ?? .potential
        customer.tierLocked = row.bool("tier_locked")
        customer.stage = LifecycleStage(rawValue: row.string("stage")) ?? .potential
        customer.stats = stats(row)
        customer.status = CustomerStatus(rawValue: row.string("status")) ?? .active
        customer.mergedInto = row.optionalString("merged_into")
        customer.updatedAt = StoredTime.date(row.int64("updated_at"))
        customer.version = row.int("version")
        return customer
    }

    // JSONSerialization, not JSONDecoder: these two columns are read for every row of
    // every list, and the decoder was most of the cost of reading a customer.
    static func tags(_ json: String) -> [String] {
        if let strings = StoredJSONScanner.strings(json) { return strings }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String] ?? []
    }

    static func attributes(_ json: String) -> [String: AttributeValue] {
        if let attributes = StoredJSONScanner.attributes(json) { return attributes }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [:] }
        var attributes: [String: AttributeValue] = [:]
        for (key, value) in object {
            if let text = value as? String {
                attributes[key] = .string(text)
            } else if let number = value as? NSNumber {
                // Booleans come back as NSNumber too; CFBoolean's type tells them apart.
                attributes[key] = Self.isBoolean(number) ? .bool(number.boolValue) : .number(number.doubleValue)
            }
        }
        return attributes
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c" || type(of: number) == type(of: NSNumber(value: true))
    }

    static func stats(_ row: Row) -> CustomerStats {
        var stats = CustomerStats()
        stats.totalSpent = row.int64("total_spent")
        stats.purchaseCount = row.int("purchase_count")
        stats.spentLast12Months = row.int64("spent_12m")
        stats.lastPurchaseAt = optionalTime(row.int64("last_purchase_at"))
        stats.lastInteractionAt = optionalTime(row.int64("last_interaction_at"))
        stats.openFeedback = row.int("open_feedback")
        stats.interactions30d = row.optionalInt("interactions_30d") ?? 0
        return stats
    }

    /// Zero stands for "never" in sortable time columns.
    static func optionalTime(_ millis: Int64) -> Date? { millis == 0 ? nil : StoredTime.date(millis) }

    static func since30Days(_ now: Date) -> Int64 { StoredTime.millis(now.addingTimeInterval(-30 * 86_400)) }

    /// Arguments for the editable columns, in the order of `editableColumns`.
    static let editableColumns = [
        "type", "name", "gender", "birthday", "phone", "email", "wechat", "address", "region", "occupation", "company",
        "industry", "company_size", "source", "owner_id", "tags", "attributes", "notes", "tier", "tier_locked", "region_top",
        "birthday_calendar", "birthday_key",
    ]

    static func editableValues(_ customer: Customer) -> [any SQLiteBindable] {
        [
            customer.type.rawValue, customer.name, customer.gender?.rawValue, customer.birthday, customer.phone, customer.email,
            customer.wechat, customer.address, customer.region, customer.occupation, customer.company, customer.industry,
            customer.companySize, customer.source, customer.ownerID, StoredJSON.encode(customer.tags),
            StoredJSON.encode(customer.attributes), customer.notes, customer.tier.rawValue, customer.tierLocked,
            customer.region.map(topRegion), customer.birthdayCalendar.rawValue, customer.birthdayKey,
        ]
    }

    /// The first segment of a region path (`广东省` of `广东省/深圳市`).
    static func topRegion(_ region: String) -> String {
        String(region.prefix { $0 != "/" })
    }
}
