import HTTPServer
import KehuCore

/// Customers as export records, in `CustomerColumns.names` order, written by hand: an
/// export encodes every customer, and JSONEncoder would dominate its cost.
///
/// `tier` is written only when it is locked (set by hand), so that importing the file
/// back does not lock tiers that follow value.
enum CustomerExportEncoding {
    /// Appends the CSV header row.
    static func appendCSVHeader(to output: inout [UInt8]) {
        CSVWriter.appendRecord(CustomerColumns.names, to: &output)
    }

    /// Appends one customer as a CSV record.
    static func appendCSV(_ customer: Customer, to output: inout [UInt8]) {
        let c = customer
        CSVWriter.appendRecord([
            c.id, c.type.rawValue, c.name, c.gender?.rawValue, c.birthday, c.birthdayCalendar.rawValue, c.phone, c.email, c.wechat, c.address, c.region,
            c.occupation, c.company, c.industry, c.companySize, c.source, c.ownerID, tagsCell(c.tags),
            c.tierLocked ? c.tier.rawValue : nil, c.attributes.isEmpty ? nil : attributesJSON(c.attributes), c.notes,
        ], to: &output)
    }

    /// Appends one customer as an NDJSON line: every column, `null` where empty, so that
    /// importing the line makes the customer exactly this again.
    static func appendNDJSON(_ customer: Customer, to output: inout [UInt8]) {
        let c = customer
        let members: [(String, String)] = [
            ("id", quoted(c.id)), ("type", quoted(c.type.rawValue)), ("name", quoted(c.name)), ("gender", quoted(c.gender?.rawValue)),
            ("birthday", quoted(c.birthday)), ("birthdayCalendar", quoted(c.birthdayCalendar.rawValue)), ("phone", quoted(c.phone)), ("email", quoted(c.email)), ("wechat", quoted(c.wechat)),
            ("address", quoted(c.address)), ("region", quoted(c.region)), ("occupation", quoted(c.occupation)),
            ("company", quoted(c.company)), ("industry", quoted(c.industry)), ("companySize", quoted(c.companySize)),
            ("source", quoted(c.source)), ("ownerId", quoted(c.ownerID)), ("tags", "[" + c.tags.map(JSONString.quoted).joined(separator: ",") + "]"),
            ("tier", quoted(c.tierLocked ? c.tier.rawValue : nil)), ("attributes", attributesJSON(c.attributes)), ("notes", quoted(c.notes)),
        ]
        var line = "{"
        for (index, (name, value)) in members.enumerated() {
            if index > 0 { line += "," }
            line += "\"" + name + "\":" + value
        }
        line += "}\n"
        output.append(contentsOf: line.utf8)
    }

    /// `a;b;c`, or a JSON array when a tag holds a separator or starts like one.
    static func tagsCell(_ tags: [String]) -> String? {
        guard !tags.isEmpty else { return nil }
        if tags.contains(where: { $0.contains(";") || $0.contains("；") || $0.hasPrefix("[") }) {
            return "[" + tags.map(JSONString.quoted).joined(separator: ",") + "]"
        }
        return tags.joined(separator: ";")
    }

    /// A JSON object with sorted keys; numbers as the list filter writes them (`42`, `3.5`).
    static func attributesJSON(_ attributes: [String: AttributeValue]) -> String {
        let members = attributes.sorted { $0.key < $1.key }.map { key, value in
            let text: String = switch value {
            case .string(let string): JSONString.quoted(string)
            case .number, .bool: value.filterText
            }
            return JSONString.quoted(key) + ":" + text
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func quoted(_ text: String?) -> String {
        text.map(JSONString.quoted) ?? "null"
    }
}
