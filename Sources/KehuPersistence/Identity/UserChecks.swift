import KehuCore
import SQLiteStore

/// Checks on the users a record names, inside the writing transaction.
enum UserChecks {
    /// `id` must name an active user who is not a viewer (viewers only read), else a 422
    /// on `field`; `work` completes "Must be an active user who …".
    static func requireActiveNonViewer(_ id: String?, field: String, work: String, in db: Database) throws {
        guard let id else { return }
        guard let row = try db.queryOne("SELECT role, active FROM users WHERE id = ?", [id]) else {
            throw KehuError.validation([FieldError(field: field, message: "No user with this id.")])
        }
        guard row.bool("active"), row.string("role") != Role.viewer.rawValue else {
            throw KehuError.validation([FieldError(field: field, message: "Must be an active user who \(work) (not a viewer).")])
        }
    }
}
