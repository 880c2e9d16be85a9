extension SettingsService {
    /// The priority ranking's weights and points.
    public func priority() throws -> PrioritySettings {
        try get(Self.priorityKey, as: PrioritySettings.self, fallback: .default).value
    }

    public static let priorityKey = "priority"
}
