import Dispatch
import HTTPServer
import KehuTestSupport
import Testing

/// Tests against a real `Server` over loopback sockets.
///
/// Serialized: several tests measure timeouts, and on a small machine parallel load
/// (the 50-client test above all) would blur those measurements.
@Suite(.serialized) struct LiveServerTests {}

/// Handlers shared by the live tests.
enum LiveHandlers {
    /// Answers `GET` with the target as text and anything else with "<method> <body>";
    /// counts calls when given a counter.
    static func echo(_ calls: CallCounter? = nil) -> @Sendable (Request) throws -> Response {
        { request in
            calls?.increment()
            if request.method == .get || request.method == .head { return .text(request.target) }
            return .text("\(request.method) \(String(decoding: request.body, as: UTF8.self))")
        }
    }
}

/// Seconds elapsed since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
