import Foundation
import KehuCore
import SQLiteStore

/// Duplicates, merge and undo. A merge moves every record of the source onto the target,
/// fills the target's empty fields, unions tags and attributes, and archives the source as
/// `merged` — its own values stay on its row, so a conflicting value is never lost.
extension SQLiteCustomerRepository {
    /// Tables whose rows belong to a customer by `customer_id`, moved by a merge. Later
    /// features append theirs (follow-ups, feedback, deals).
    static let ownedTables = ["purchases", "interactions", "contacts", "follow_up_plans", "follow_ups", "feedback", "survey_responses", "deals"]

    /// Fields a merge may fill on the target: (API name, column).
    static let mergeableFields: [(String, String)] = [
        ("gender", "gender"), ("birthday", "birthday"), ("phone", "phone"), ("email", "email"), ("wechat", "wechat"),
        ("address", "address"), ("region", "region"), ("occupation", "occupation"), ("company", "company"),
        ("industry", "industry"), ("companySize", "company_size"), ("source", "source"), ("ownerId", "owner_id"), ("notes", "notes"),
    ]

    public func duplicates(scope: OwnerScope, page: PageRequest) throws -> Page<DuplicatePair> {
        var after: (Int64, Int64) = (0, 0)
        if let cursor = page.cursor {
            let parts = cursor.split(separator: ".")
            guard parts.count == 2, let first = Int64(parts[0]), let second = Int64(parts[1]) else {
                throw KehuError.validation([FieldError(field: "cursor", message: "Not a cursor from this list.")])
            }
            after = (first, second)
        }
        return try database.read { db in
            let pairs = """
                SELECT a.seq AS a_seq, b.seq AS b_seq, '%@' AS reason FROM customers a JOIN customers b ON %@ AND b.seq <> a.seq
                WHERE a.status = 'active' AND b.status = 'active' AND (?1 IS NULL OR (a.owner_id = ?1 AND b.owner_id = ?1))
                """
            let arms = [
                ("same_phone", "a.phone IS NOT NULL AND b.phone = a.phone"),
                ("same_email", "a.email IS NOT NULL AND b.email = a.email"),
                ("same_name_and_company", "a.company IS NOT NULL AND b.name = a.name AND b.company = a.company"),
            ].map { reason, join in pairs.replacingOccurrences(of: "'%@'", with: "'\(reason)'").replacingOccurrences(of: "%@", with: join) }
            let rows = try db.query("""
                SELECT a_seq, b_seq, group_concat(reason) AS reasons FROM (\(arms.joined(separator: " UNION ALL ")))
                WHERE a_seq < b_seq AND (a_seq, b_seq) > (?2, ?3)
                GROUP BY a_seq, b_seq ORDER BY a_seq, b_seq LIMIT ?4
                """, [scope.ownerID, after.0, after.1, page.limit + 1])
            var pairsFound: [DuplicatePair] = []
            for row in rows.prefix(page.limit) {
                let first = try Self.summary(seq: row.int64("a_seq"), in: db)
                let second = try Self.summary(seq: row.int64("b_seq"), in: db)
                let reasons = row.string("reasons").split(separator: ",").map(String.init).sorted()
                pairsFound.append(DuplicatePair(first: first, second: second, reasons: reasons, cursor: "\(row.int64("a_seq")).\(row.int64("b_seq"))"))
            }
            return Page(items: pairsFound, nextCursor: rows.count > page.limit ? pairsFound.last?.cursor : nil)
        }
    }

    static func summary(seq: Int64, in db: Database) throws -> CustomerSummary {
        let row = try db.queryOne("SELECT id, name, company, phone, email, owner_id FROM customers WHERE seq = ?", [seq])!
        return CustomerSummary(id: row.string("id"), name: row.string("name"), company: row.optionalString("company"),
                               phone: row.optionalString("phone"), email: row.optionalString("email"), ownerID: row.optionalString("owner_id"))
    }

    public func previewMerge(targetID: String, sourceID: String, scope: OwnerScope, now: Date) throws -> MergeRecord {
        try database.read { db in try Self.plan(targetID: targetID, sourceID: sourceID, scope: scope, now: now, in: db).record }
    }

    /// What a merge would do, from both rows as they are now.
    static func plan(targetID: String, sourceID: String, scope: OwnerScope, now: Date, in db: Database) throws -> MergePlan {
        guard targetID != sourceID else {
            throw KehuError.validation([FieldError(field: "sourceId", message: "A customer cannot be merged into itself.")])
        }
        let (target, targetSeq) = try requireActive(id: targetID, scope: scope, now: now, in: db)
        let source: Customer
        do {
            (source, _) = try requireActive(id: sourceID, scope: scope, now: now, in: db)
        } catch KehuError.notFound {
            throw KehuError.validation([FieldError(field: "sourceId", message: "No active customer with this id.")])
        }
        let targetRow = try db.queryOne("SELECT * FROM customers WHERE seq = ?", [targetSeq])!
        let sourceRow = try db.queryOne("SELECT * FROM customers WHERE id = ?", [sourceID])!
        var moves = MergeMoves()
        var conflicts: [MergeConflict] = []
        for table in ownedTables {
            let ids = try db.query("SELECT id FROM \(table) WHERE customer_id = ? ORDER BY id", [sourceID]).map { $0.string("id") }
            if !ids.isEmpty { moves.records[table] = ids }
        }
        var merged = target
        for (field, column) in mergeableFields {
            let mine = targetRow[column], theirs = sourceRow[column]
            if theirs.isNull || mine == theirs { continue }
            if mine.isNull {
                moves.fields.append(field)
            } else {
                conflicts.append(MergeConflict(field: field, targetValue: mine.stringValue ?? "", sourceValue: theirs.stringValue ?? ""))
            }
        }
        // Within the profile's bounds: what does not fit stays on the source (not lost).
        for tag in source.tags where !target.tags.contains(tag) && merged.tags.count < CustomerValidation.maxTags {
            moves.tags.append(tag)
            merged.tags.append(tag)
        }
        for (key, value) in source.attributes.sorted(by: { $0.key < $1.key }) {
            if let existing = target.attributes[key] {
                if existing != value {
                    conflicts.append(MergeConflict(field: "attributes.\(key)", targetValue: existing.filterText, sourceValue: value.filterText))
                }
            } else if merged.attributes.count < CustomerValidation.maxAttributes {
                moves.attributes.append(key)
                merged.attributes[key] = value
            }
        }
        let record = MergeRecord(id: "", targetID: targetID, sourceID: sourceID, moves: moves, conflicts: conflicts, actorID: "", createdAt: now)
        return MergePlan(record: record, target: merged, targetSeq: targetSeq, targetRow: targetRow, sourceRow: sourceRow)
    }

    public func merge(targetID: String, sourceID: String, mergeID: String, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws -> MergeRecord {
        try database.write { db in
            let plan = try Self.plan(targetID: targetID, sourceID: sourceID, scope: scope, now: context.now, in: db)
            var record = plan.record
            record.id = mergeID
            record.actorID = context.principal.userID
            let fills = Self.mergeableFields.filter { record.moves.fields.contains($0.0) }
            var assignments = ["tags = ?", "attributes = ?", "updated_at = ?", "version = version + 1"]
            var values: [any SQLiteBindable] = [StoredJSON.encode(plan.target.tags), StoredJSON.encode(plan.target.attributes), StoredTime.millis(context.now)]
            for (_, column) in fills {
                assignments.append("\(column) = ?")
                values.append(plan.sourceRow[column])
            }
            try db.execute("UPDATE customers SET \(assignments.joined(separator: ", ")) WHERE seq = ?", values + [plan.targetSeq])
            try db.execute("""
                UPDATE customers SET region_top = CASE WHEN instr(region, '/') > 0 THEN substr(region, 1, instr(region, '/') - 1) ELSE region END
                WHERE seq = ?
                """, [plan.targetSeq])
            if fills.contains(where: { $0.1 == "birthday" }) {
                // The birthday comes with the calendar it is kept by and its agenda key.
                try db.execute("UPDATE customers SET birthday_calendar = ?, birthday_key = ? WHERE seq = ?",
                               [plan.sourceRow["birthday_calendar"], plan.sourceRow["birthday_key"], plan.targetSeq])
            }
            for table in record.moves.records.keys {
                try db.execute("UPDATE \(table) SET customer_id = ?1 WHERE customer_id = ?2", [targetID, sourceID])
            }
            try db.execute("""
                UPDATE customers SET status = 'merged', merged_into = ?, updated_at = ?, version = version + 1 WHERE id = ?
                """, [targetID, StoredTime.millis(context.now), sourceID])
            let after = try Self.settle([targetID, sourceID], rules: rules, context: context, in: db)
            try db.execute("""
                INSERT INTO merges (id, target_id, source_id, moves, conflicts, target_before, target_version_after, source_version_after, actor_id, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [mergeID, targetID, sourceID, StoredJSON.encode(record.moves), StoredJSON.encode(record.conflicts),
                      Self.snapshot(plan.targetRow), after[0].version, after[1].version, record.actorID, StoredTime.millis(context.now)])
            try SQLiteJournal.record(Mutation(entityType: "customer", entityID: targetID, action: "merged",
                                              changedFields: record.moves.fields + (record.moves.tags.isEmpty ? [] : ["tags"]) + (record.moves.attributes.isEmpty ? [] : ["attributes"]),
                                              auditValues: ["sourceId": sourceID, "mergeId": mergeID]), context: context, in: db)
            try SQLiteJournal.record(Mutation(entityType: "customer", entityID: sourceID, action: "merged_into", changedFields: ["status", "mergedInto"],
                                              auditValues: ["targetId": targetID, "mergeId": mergeID, "status": "merged"]), context: context, in: db)
            return record
        }
    }

    /// Re-indexes and refreshes the stats of each customer; returns them in order.
    static func settle(_ ids: [String], rules: ClassificationRules, context: RequestContext, in db: Database) throws -> [Customer] {
        try ids.map { id in
            let seq = try db.scalar("SELECT seq FROM customers WHERE id = ?", [id])!.int64Value!
            let refreshed = try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: false)
            try CustomerIndex.sync(refreshed, seq: seq, in: db)
            return refreshed
        }
    }

    /// The editable columns of a row as JSON, to put back on undo.
    static func snapshot(_ row: Row) -> String {
        var object: [String: StoredValue] = [:]
        for column in CustomerRow.editableColumns {
            switch row[column] {
            case .integer(let number): object[column] = .integer(number)
            case .text(let text): object[column] = .text(text)
            default: object[column] = .null
            }
        }
        return StoredJSON.encode(object)
    }

    public func findMerge(id: String, scope: OwnerScope) throws -> MergeRecord? {
        try database.read { db in try Self.findMerge(id: id, scope: scope, in: db).map { $0.record } }
    }

    static func findMerge(id: String, scope: OwnerScope, in db: Database) throws -> (record: MergeRecord, row: Row)? {
        guard let row = try db.queryOne("""
            SELECT m.* FROM merges m JOIN customers t ON t.id = m.target_id JOIN customers s ON s.id = m.source_id
            WHERE m.id = ?1 AND (?2 IS NULL OR (t.owner_id = ?2 AND s.owner_id = ?2))
            """, [id, scope.ownerID]) else { return nil }
        let record = MergeRecord(
            id: row.string("id"), targetID: row.string("target_id"), sourceID: row.string("source_id"),
            moves: StoredJSON.decode(MergeMoves.self, row.string("moves")) ?? MergeMoves(),
            conflicts: StoredJSON.decode([MergeConflict].self, row.string("conflicts")) ?? [],
            actorID: row.string("actor_id"), createdAt: StoredTime.date(row.int64("created_at")),
            undoneAt: row.optionalInt64("undone_at").map(StoredTime.date)
        )
        return (record, row)
    }

    public func undoMerge(id: String, scope: OwnerScope, rules: ClassificationRules, context: RequestContext) throws -> MergeRecord {
        try database.write { db in
            guard let found = try Self.findMerge(id: id, scope: scope, in: db) else { throw KehuError.notFound(entity: "merge", id: id) }
            var record = found.record
            let row = found.row
            guard record.undoneAt == nil else { throw KehuError.conflict("This merge was already undone.") }
            let versions = try db.query("SELECT id, version, status FROM customers WHERE id IN (?, ?)", [record.targetID, record.sourceID])
            let version = Dictionary(uniqueKeysWithValues: versions.map { ($0.string("id"), $0.int("version")) })
            guard version[record.targetID] == row.int("target_version_after"), version[record.sourceID] == row.int("source_version_after") else {
                throw KehuError.conflict("The customers changed after the merge, so it can no longer be undone.", details: ["mergeId": id])
            }
            let before = StoredJSON.decode([String: StoredValue].self, row.string("target_before")) ?? [:]
            // Only the columns the snapshot holds: a merge made before a column existed
            // leaves that column as it is.
            let columns = CustomerRow.editableColumns.filter { before[$0] != nil }
            try db.execute("UPDATE customers SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")), updated_at = ?, version = version + 1 WHERE id = ?",
                           columns.map { (before[$0] ?? .null).sqliteValue } + [StoredTime.millis(context.now), record.targetID])
            for (table, ids) in record.moves.records where Self.ownedTables.contains(table) {
                for recordID in ids {
                    try db.execute("UPDATE \(table) SET customer_id = ? WHERE id = ? AND customer_id = ?", [record.sourceID, recordID, record.targetID])
                }
            }
            try db.execute("UPDATE customers SET status = 'active', merged_into = NULL, updated_at = ?, version = version + 1 WHERE id = ?",
                           [StoredTime.millis(context.now), record.sourceID])
            _ = try Self.settle([record.targetID, record.sourceID], rules: rules, context: context, in: db)
            try db.execute("UPDATE merges SET undone_at = ? WHERE id = ?", [StoredTime.millis(context.now), id])
            try SQLiteJournal.record(Mutation(entityType: "customer", entityID: record.targetID, action: "merge_undone",
                                              auditValues: ["sourceId": record.sourceID, "mergeId": id]), context: context, in: db)
            try SQLiteJournal.record(Mutation(entityType: "customer", entityID: record.sourceID, action: "restored", changedFields: ["status", "mergedInto"],
                                              auditValues: ["mergeId": id, "status": "active"]), context: context, in: db)
            record.undoneAt = context.now
            return record
        }
    }

    /// Without `all`, only the customers time alone can move: loyal by 12-month spend alone
    /// (loyal by purchase count never lapses), and buyers whose silence passed the churn
    /// cutoff. Each batch holds the writer, so looking at every loyal customer each hour
    /// stalled writes for a quarter of a second on the demo data (docs/reliability.md).
    public func reclassify(rules: ClassificationRules, all: Bool, context: RequestContext) throws -> Int {
        var changed = 0
        var after: Int64 = 0
        while true {
            let batch = try database.write { db -> (count: Int, last: Int64?) in
                let cutoff = StoredTime.millis(rules.churnCutoff(now: context.now))
                let seqs = try db.query("""
                    SELECT seq FROM customers WHERE status = 'active' AND seq > ?1 AND (?2
                        OR (stage = 'loyal' AND purchase_count < ?4)
                        OR (purchase_count > 0 AND stage <> 'churned' AND last_activity_at < ?3))
                    ORDER BY seq LIMIT 500
                    """, [after, all, cutoff, rules.loyalPurchases]).map { $0.int64("seq") }
                var count = 0
                for seq in seqs {
                    let before = try db.queryOne("SELECT stage, tier FROM customers WHERE seq = ?", [seq])!
                    let customer = try CustomerStatsRefresh.refresh(seq: seq, rules: rules, context: context, in: db, bumpVersion: false)
                    if customer.stage.rawValue != before.string("stage") || customer.tier.rawValue != before.string("tier") { count += 1 }
                }
                return (count, seqs.last)
            }
            changed += batch.count
            guard let last = batch.last else { return changed }
            after = last
        }
    }
}

/// A merge worked out before it is applied.
struct MergePlan {
    var record: MergeRecord
    /// The target with tags and attributes unioned.
    var target: Customer
    var targetSeq: Int64
    var targetRow: Row
    var sourceRow: Row
}

/// A column value in a stored snapshot.
enum StoredValue: Codable, Equatable {
    case null, integer(Int64), text(String)

    var sqliteValue: SQLiteValue {
        switch self {
        case .null: .null
        case .integer(let number): .integer(number)
        case .text(let text): .text(text)
        }
    }
}
