extension Principal {
    /// The actor for changes made by Kehu itself or its command line (bootstrap, `create-key`).
    public static let system = Principal(userID: "system", role: .admin, keyID: nil)
}
