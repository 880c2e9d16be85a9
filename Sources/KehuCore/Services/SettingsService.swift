import Foundation

/// Service settings kept as JSON documents with versions (ETag/If-Match like any resource).
public struct SettingsService: Sendable {
    private let settings: any SettingsRepository

    public init(settings: any SettingsRepository) { self.settings = settings }

    /// The stored value of `key` and its version, or `fallback` at version 0 if never set.
    public func get<T: Codable & Sendable>(_ key: String, as type: T.Type, fallback: T) throws -> (value: T, version: Int) {
        guard let (json, version) = try settings.find(key: key),
              let value = try? JSONDecoder().decode(T.self, from: Data(json.utf8))
        else { return (fallback, 0) }
        return (value, version)
    }

    /// Stores `value` under `key`; returns the new version.
    public func put<T: Codable & Sendable>(_ key: String, _ value: T, expectedVersion: Int?, context: RequestContext) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        return try settings.save(key: key, json: json, expectedVersion: expectedVersion, context: context)
    }

    /// The classification thresholds in force.
    public func classificationRules() throws -> ClassificationRules {
        try get(Self.classificationKey, as: ClassificationRules.self, fallback: .default).value
    }

    public static let classificationKey = "classification"

    /// Days between follow-ups per tier.
    public func cadence() throws -> CadenceSettings {
        try get(Self.cadenceKey, as: CadenceSettings.self, fallback: .default).value
    }

    /// Holidays and care reminder settings.
    public func care() throws -> CareSettings {
        try get(Self.careKey, as: CareSettings.self, fallback: .default).value
    }

    /// Service levels per urgency for feedback.
    public func sla() throws -> SLASettings {
        try get(Self.slaKey, as: SLASettings.self, fallback: .default).value
    }

    public static let cadenceKey = "cadence"
    public static let slaKey = "sla"
    public static let careKey = "holidays"
}
