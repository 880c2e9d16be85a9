import Foundation
import KehuCore
import SQLiteStore

/// The search index and side tables of a customer (tags, attributes, short-query grams),
/// rewritten in the caller's transaction whenever the customer's row changes.
enum CustomerIndex {
    /// Replaces everything indexed for the customer at `seq` (`isNew`: a row just
    /// inserted, with nothing indexed yet to delete).
    static func sync(_ customer: Customer, seq: Int64, in db: Database, isNew: Bool = false) throws {
        try syncSearch(customer, seq: seq, in: db, isNew: isNew)
        try syncSideTables(customer, seq: seq, in: db, isNew: isNew)
    }

    /// Replaces only the customer's full-text rows, trigram and short-query (`isNew`: it has none yet). Batch writers
    /// (import) call it for all their rows together, last: FTS5 flushes its pending terms to
    /// a new segment at every statement savepoint (fts5SavepointMethod), so full-text writes
    /// interleaved with other writes in one long transaction cost a segment, and merges, per
    /// row (measured: an import of 100,000 customers took 354 s that way, against 28 s).
    static func syncSearch(_ customer: Customer, seq: Int64, in db: Database, isNew: Bool = false) throws {
        if !isNew {
            try db.execute("DELETE FROM customer_search WHERE rowid = ?", [seq])
            try db.execute("DELETE FROM customer_short WHERE rowid = ?", [seq])
        }
        try db.execute("""
            INSERT INTO customer_search (rowid, name, company, phone, email, notes, tags) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [seq, customer.name, customer.company, searchablePhone(customer.phone), customer.email, customer.notes,
                  customer.tags.joined(separator: " ")])
        let grams = gramText(of: [customer.name, customer.company] + customer.tags)
        if !grams.isEmpty {
            try db.execute("INSERT INTO customer_short (rowid, grams) VALUES (?, ?)", [seq, grams])
        }
    }

    /// Replaces only the tags and attributes of the customer at `seq`
    /// (`isNew`: it has none yet, so there is nothing to delete).
    ///
    /// One single-row INSERT per value, not one INSERT … SELECT over `json_each`: a
    /// multi-row statement needs a statement journal, which copies every page it touches
    /// (measured: an import of 100,000 customers took 37 s that way, against 28 s).
    static func syncSideTables(_ customer: Customer, seq: Int64, in db: Database, isNew: Bool = false) throws {
        if !isNew {
            try db.execute("DELETE FROM customer_tags WHERE customer_seq = ?", [seq])
            try db.execute("DELETE FROM customer_attributes WHERE customer_seq = ?", [seq])
        }
        for tag in customer.tags {
            try db.execute("INSERT OR IGNORE INTO customer_tags (tag, customer_seq) VALUES (?, ?)", [tag, seq])
        }
        for (key, value) in customer.attributes {
            try db.execute("INSERT OR IGNORE INTO customer_attributes (key, value, customer_seq) VALUES (?, ?, ?)", [key, value.filterText, seq])
        }
    }

    /// Removes everything indexed for the customer at `seq` (erase, and before a rewrite).
    static func remove(seq: Int64, in db: Database) throws {
        try db.execute("DELETE FROM customer_search WHERE rowid = ?", [seq])
        try db.execute("DELETE FROM customer_tags WHERE customer_seq = ?", [seq])
        try db.execute("DELETE FROM customer_attributes WHERE customer_seq = ?", [seq])
        try db.execute("DELETE FROM customer_short WHERE rowid = ?", [seq])
    }

    /// The phone as stored (`+8613800138000`), whose substrings include every fragment of
    /// the national number, and for Chinese landlines also with the trunk 0
    /// (`075588886666`), so a fragment typed any way is found. (A second copy of the
    /// national number would add a fifth of a customer's trigrams and find nothing more.)
    static func searchablePhone(_ phone: String?) -> String? {
        guard let phone else { return nil }
        guard phone.hasPrefix("+86") else { return phone }
        let national = phone.dropFirst(3)
        return national.hasPrefix("1") ? phone : "\(phone) 0\(national)"
    }

    /// Every lower-cased character and adjacent pair of characters in `texts`, whitespace
    /// excluded, separated by spaces: what one- and two-character queries look up. A gram
    /// is one term of `customer_short` when it is letters or digits; unicode61 drops
    /// punctuation. Repeats are left in: with detail=none a term is kept once a row
    /// whatever its count, and removing them in a Set of Strings was a tenth of an import.
    static func gramText(of texts: [String?]) -> String {
        var bytes: [UInt8] = []
        func append(_ gram: Character...) {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            for character in gram { bytes.append(contentsOf: character.utf8) }
        }
        for text in texts.compactMap({ $0 }) {
            let characters = Array(text.lowercased())
            for (index, character) in characters.enumerated() where !character.isWhitespace {
                append(character)
                if index + 1 < characters.count, !characters[index + 1].isWhitespace {
                    append(character, characters[index + 1])
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
