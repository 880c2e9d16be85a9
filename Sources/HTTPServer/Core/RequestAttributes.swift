/// A key for a typed value that middleware attaches to a request (request id, principal, …).
///
/// Declare an enum conforming to this protocol; its `Value` is what the key stores.
public protocol RequestAttributeKey {
    /// The stored value's type.
    associatedtype Value: Sendable
}

/// Typed per-request storage that lets middleware hand values to handlers without
/// the server knowing what they are.
public struct RequestAttributes: Sendable {
    private var storage: [ObjectIdentifier: any Sendable] = [:]

    /// Empty storage.
    public init() {}

    /// The value stored under `key`, if any.
    public subscript<Key: RequestAttributeKey>(_ key: Key.Type) -> Key.Value? {
        get { storage[ObjectIdentifier(key)] as? Key.Value }
        set { storage[ObjectIdentifier(key)] = newValue }
    }
}
