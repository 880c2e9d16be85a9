import Foundation

extension Customer {
    /// Applies normalised fields: present values replace, `cleared` names become empty.
    /// Setting `tier` locks it.
    mutating func apply(_ fields: CustomerFields) {
        if let value = fields.type { type = value }
        if let value = fields.name { name = value }
        if let value = fields.tags { tags = value }
        if let value = fields.attributes { attributes = value }
        if let value = fields.tier {
            tier = value
            tierLocked = true
        }
        func set(_ keyPath: WritableKeyPath<Customer, String?>, _ value: String?, _ name: String) {
            if let value { self[keyPath: keyPath] = value } else if fields.cleared.contains(name) { self[keyPath: keyPath] = nil }
        }
        if let value = fields.gender { gender = value } else if fields.cleared.contains("gender") { gender = nil }
        set(\.birthday, fields.birthday, "birthday")
        if let value = fields.birthdayCalendar { birthdayCalendar = value } else if fields.cleared.contains("birthdayCalendar") { birthdayCalendar = .gregorian }
        set(\.phone, fields.phone, "phone")
        set(\.email, fields.email, "email")
        set(\.wechat, fields.wechat, "wechat")
        set(\.address, fields.address, "address")
        set(\.region, fields.region, "region")
        set(\.occupation, fields.occupation, "occupation")
        set(\.company, fields.company, "company")
        set(\.industry, fields.industry, "industry")
        set(\.companySize, fields.companySize, "companySize")
        set(\.source, fields.source, "source")
        set(\.ownerID, fields.ownerID, "ownerId")
        set(\.notes, fields.notes, "notes")
        if fields.cleared.contains("tags") { tags = [] }
        if fields.cleared.contains("attributes") { attributes = [:] }
    }

    /// API names of the editable fields that differ from `other`.
    func changedFields(from other: Customer) -> [String] {
        var names: [String] = []
        func check<T: Equatable>(_ name: String, _ keyPath: KeyPath<Customer, T>) {
            if self[keyPath: keyPath] != other[keyPath: keyPath] { names.append(name) }
        }
        check("type", \.type); check("name", \.name); check("gender", \.gender); check("birthday", \.birthday)
        check("birthdayCalendar", \.birthdayCalendar)
        check("phone", \.phone); check("email", \.email); check("wechat", \.wechat); check("address", \.address)
        check("region", \.region); check("occupation", \.occupation); check("company", \.company); check("industry", \.industry)
        check("companySize", \.companySize); check("source", \.source); check("ownerId", \.ownerID); check("tags", \.tags)
        check("attributes", \.attributes); check("notes", \.notes); check("tier", \.tier); check("tierLocked", \.tierLocked)
        return names
    }

    /// Values of changed fields that are safe to audit (never personal data).
    func auditValues(for changed: [String]) -> [String: String] {
        var values: [String: String] = [:]
        if changed.contains("tier") { values["tier"] = tier.rawValue }
        if changed.contains("tierLocked") { values["tierLocked"] = String(tierLocked) }
        if changed.contains("ownerId") { values["ownerId"] = ownerID ?? "" }
        if changed.contains("type") { values["type"] = type.rawValue }
        return values
    }
}

extension Principal {
    /// Whether this is Kehu itself (command line, sweeps) rather than a user.
    public var isSystem: Bool { userID == Principal.system.userID }
}
