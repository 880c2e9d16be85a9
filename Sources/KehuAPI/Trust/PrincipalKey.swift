import HTTPServer
import KehuCore

/// The authenticated caller, attached by `APIKeyAuthenticator`.
enum PrincipalKey: RequestAttributeKey {
    typealias Value = Principal
}

extension Request {
    /// The caller, once authenticated.
    var principal: Principal? { attributes[PrincipalKey.self] }

    /// The `Authorization: Bearer` secret, if any (RFC 6750 §2.1; scheme is case-insensitive).
    var bearerToken: String? {
        guard let value = headers["Authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

import Foundation
