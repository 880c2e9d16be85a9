import ArgumentParser
import Foundation

/// Reads an option's environment twin when the command line did not give it.
struct ProcessEnvironment {
    let values: [String: String]

    init(_ values: [String: String] = ProcessInfo.processInfo.environment) { self.values = values }

    /// The option's value, else the variable's, else `fallback`; a variable that does not
    /// parse is an error that names it, never silently ignored.
    func resolve<T: ExpressibleByArgument>(_ option: T?, _ variable: String, default fallback: T) throws -> T {
        if let option { return option }
        guard let raw = values[variable], !raw.isEmpty else { return fallback }
        guard let value = T(argument: raw) else {
            throw ValidationError("\(variable)=\(raw) is not a valid value.")
        }
        return value
    }

    /// Like `resolve`, for options without a default.
    func resolve<T: ExpressibleByArgument>(_ option: T?, _ variable: String) throws -> T? {
        if let option { return option }
        guard let raw = values[variable], !raw.isEmpty else { return nil }
        guard let value = T(argument: raw) else { throw ValidationError("\(variable)=\(raw) is not a valid value.") }
        return value
    }
}

/// `full` or `normal`: SQLite's `synchronous` setting for the writer.
enum SynchronousSetting: String, ExpressibleByArgument, CaseIterable {
    case full
    case normal
}

/// `on` or `off`.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on
    case off
}
