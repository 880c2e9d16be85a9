/// One thing the fuzzer throws bytes at. `run` returns normally for any input the code
/// under test handles as it should (accepting or refusing it), and stops the process
/// through `FuzzFailure` when an invariant breaks, so libFuzzer keeps the input.
public protocol FuzzTarget: Sendable {
    func run(_ input: [UInt8])
}

/// The targets by the names `scripts/fuzz` and the corpus folders use.
public enum FuzzTargets {
    public static let names = ["http-parser", "chunked-body", "csv", "api-bodies", "query"]

    /// The target called `name`, set up (the API targets open a temporary database).
    public static func make(_ name: String) throws -> (any FuzzTarget)? {
        switch name {
        case "http-parser": HTTPParserTarget()
        case "chunked-body": ChunkedBodyTarget()
        case "csv": CSVTarget()
        case "api-bodies": try APIBodiesTarget(fixture: APIFixture())
        case "query": try QueryTarget(fixture: APIFixture())
        default: nil
        }
    }
}

/// A broken invariant: the process stops with the reason, which libFuzzer and the
/// replay test print beside the input that caused it.
enum FuzzFailure {
    static func report(_ reason: String) -> Never {
        fatalError("fuzz invariant broken: \(reason)")
    }
}
