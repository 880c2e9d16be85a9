import Foundation
import KehuCore

/// The columns of customer import and export files. CSV header names and NDJSON member
/// names are the API's field names, so a file exported is a file that can be imported.
///
/// CSV cells: an empty cell is absent (an update leaves the field as it is); `tags` are
/// separated by `;` (or `；`), or written as a JSON array when a tag holds a separator;
/// `attributes` is a JSON object. NDJSON lines are JSON objects with the same members,
/// where `null` clears a field, as in a merge patch.
enum CustomerColumns {
    static let names = [
        "id", "type", "name", "gender", "birthday", "birthdayCalendar", "phone", "email", "wechat", "address", "region", "occupation",
        "company", "industry", "companySize", "source", "ownerId", "tags", "tier", "attributes", "notes",
    ]

    private static let byLowercasedName: [String: String] = Dictionary(uniqueKeysWithValues: names.map { ($0.lowercased(), $0) })

    /// The column of each header cell (matched without regard to case or surrounding
    /// spaces). Unknown, repeated or missing names refuse the whole file (422).
    static func header(_ cells: [String]) throws -> [String] {
        var columns: [String] = []
        var errors: [FieldError] = []
        for (index, raw) in cells.enumerated() {
            var cell = raw.trimmingSpaces()
            if index == 0, cell.hasPrefix("\u{FEFF}") { cell.removeFirst() }
            guard let name = byLowercasedName[cell.lowercased()] else {
                let label = cell.isEmpty ? "column \(index + 1)" : cell
                errors.append(FieldError(field: label, message: "Unknown column (row 1, column \(index + 1)); the columns are " + names.joined(separator: ", ") + "."))
                columns.append("")
                continue
            }
            if columns.contains(name) { errors.append(FieldError(field: name, message: "The column appears twice in the header.")) }
            columns.append(name)
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return columns
    }

    /// One CSV record as a JSON object of its non-empty cells, or the row's errors.
    static func object(cells: [String], columns: [String]) -> Result<[String: JSONValue], KehuError> {
        if cells.count > columns.count, cells[columns.count...].contains(where: { !$0.trimmingSpaces().isEmpty }) {
            return .failure(.validation([FieldError(field: "row", message: "The row has \(cells.count) cells but the header names \(columns.count) columns.")]))
        }
        var object: [String: JSONValue] = [:]
        var errors: [FieldError] = []
        for (cell, column) in zip(cells, columns) {
            let text = trimmed(cell)
            if text.isEmpty { continue }
            switch column {
            case "tags":
                if text.hasPrefix("["), case .array(let items)? = try? JSONCoding.decode(JSONValue.self, from: Array(text.utf8)) {
                    object["tags"] = .array(items)
                } else if text.hasPrefix("[") {
                    errors.append(FieldError(field: "tags", message: "Separate tags with ; or write a JSON array of strings."))
                } else {
                    object["tags"] = .array(text.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { .string(String($0)) })
                }
            case "attributes":
                if case .object(let members)? = try? JSONCoding.decode(JSONValue.self, from: Array(text.utf8)) {
                    object["attributes"] = .object(members)
                } else {
                    errors.append(FieldError(field: "attributes", message: #"Must be a JSON object, such as {"vip":true,"level":3}."#))
                }
            default:
                // Notes keep their spacing (normalising leaves them as written); the rest is trimmed.
                object[column] = .string(column == "notes" ? cell : text)
            }
        }
        return errors.isEmpty ? .success(object) : .failure(.validation(errors))
    }

    /// `text` without surrounding white space; the usual cell has none and then costs no
    /// Foundation call (which would bridge through NSString on Linux).
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
        }
        guard isSpace(first) || isSpace(last) else { return text }
        return text.trimmingWhitespace()
    }

    /// The import row of an object (a CSV record or an NDJSON line). Throws `validation`
    /// with every problem of the row.
    static func row(_ input: [String: JSONValue], number: Int) throws -> ImportRow {
        var object = input
        var errors: [FieldError] = []
        var id: String?
        switch object.removeValue(forKey: "id") {
        case nil, .null?: break
        case .string(let text)?:
            let trimmed = text.trimmingSpaces()
            id = trimmed.isEmpty ? nil : trimmed
        default: errors.append(FieldError(field: "id", message: "Expected a string."))
        }
        var fields = CustomerFields()
        do {
            fields = try CustomerFieldsReader.read(object, requireName: false)
        } catch KehuError.validation(let more) {
            errors += more
        }
        if !errors.isEmpty { throw KehuError.validation(errors) }
        return ImportRow(number: number, id: id, fields: fields)
    }
}
