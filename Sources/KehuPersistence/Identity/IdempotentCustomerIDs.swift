/// The customer ids a stored idempotent answer names, so that erasing a customer can delete
/// the answers that may hold its fields (`idempotency_key_customers`, migration 17).
///
/// An id is "cus_" and then 1 to 64 of the characters an id may hold (letters, digits,
/// `_` and `-`, `CustomerImportService.isWellFormedID`); the run of them after each
/// "cus_", cut at 64, as migration 17 reads the answers stored before it.
enum IdempotentCustomerIDs {
    private static let prefix = Array("cus_".utf8)
    private static let maximumLength = 64

    static func named(in body: [UInt8]) -> Set<String> {
        var ids: Set<String> = []
        var index = 0
        while index + prefix.count <= body.count {
            guard body[index..<index + prefix.count].elementsEqual(prefix) else {
                index += 1
                continue
            }
            let start = index + prefix.count
            var end = start
            while end < body.count, end - start < maximumLength, isIDByte(body[end]) { end += 1 }
            if end > start { ids.insert(String(decoding: body[index..<end], as: UTF8.self)) }
            index = start
        }
        return ids
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
    }
}
