import KehuCore

/// The customer ids a stored idempotent answer names, so that erasing a customer can delete
/// the answers that may hold its fields (`idempotency_key_customers`, migration 17).
///
/// An id is "cus_" and then 1 to 64 of the characters an id may hold (`CustomerID`); the
/// run of them after each "cus_", cut at 64, as migration 17 reads the answers stored
/// before it.
enum IdempotentCustomerIDs {
    private static let prefix = Array(CustomerID.prefix.utf8)
    private static let maximumLength = CustomerID.maximumLength

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
            while end < body.count, end - start < maximumLength, CustomerID.isIDByte(body[end]) { end += 1 }
            if end > start { ids.insert(String(decoding: body[index..<end], as: UTF8.self)) }
            index = start
        }
        return ids
    }
}
