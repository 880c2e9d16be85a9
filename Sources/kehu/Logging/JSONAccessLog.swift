#if canImport(Glibc)
import Glibc
#endif
import HTTPServer

/// Access-log lines in the same JSON shape as `JSONLogHandler`'s, formatted directly
/// (no metadata dictionary, a timestamp prefix reused within each second): one line per
/// request must cost little next to the request itself.
struct JSONAccessLog: AccessLogSink {
    let sink: LogSink
    private let second = Locked<(value: Int, text: String)>((-1, ""))

    init(sink: LogSink) { self.sink = sink }

    func record(_ entry: AccessLogEntry) {
        var line: [UInt8] = []
        line.reserveCapacity(224)
        line.append(contentsOf: #"{"ts":""#.utf8)
        line.append(contentsOf: timestamp().utf8)
        line.append(contentsOf: #"","level":"info","msg":"request","duration.ms":""#.utf8)
        line.append(contentsOf: LoggerAccessLogSink.milliseconds(entry.microseconds).utf8)
        line.append(contentsOf: #"","http.method":"#.utf8)
        Self.appendQuoted(entry.method.rawValue, to: &line)
        line.append(contentsOf: #","http.route":"#.utf8)
        Self.appendQuoted(entry.route, to: &line)
        line.append(contentsOf: #","http.status":""#.utf8)
        line.append(contentsOf: String(entry.status).utf8)
        line.append(contentsOf: #"","request.id":"#.utf8)
        Self.appendQuoted(entry.requestID, to: &line)
        line.append(UInt8(ascii: "}"))
        sink.write(bytes: line)
    }

    /// RFC 3339 UTC with milliseconds; the part up to the seconds is formatted once a second.
    private func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seconds = Int(now.tv_sec)
        let prefix = second.withLock { cached in
            if cached.value != seconds {
                let full = JSONLogHandler.timestamp(seconds: now.tv_sec, millis: 0)
                cached = (seconds, String(full.dropLast(5))) // drop ".000Z"
            }
            return cached.text
        }
        let millis = Int(now.tv_nsec / 1_000_000)
        return prefix + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + String(millis) + "Z"
    }

    /// Method tokens, route templates and accepted request ids need no escaping; anything
    /// else goes through the full quoter.
    private static func appendQuoted(_ text: String, to line: inout [UInt8]) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            line.append(UInt8(ascii: "\""))
            line.append(contentsOf: text.utf8)
            line.append(UInt8(ascii: "\""))
        } else {
            line.append(contentsOf: JSONString.quoted(text).utf8)
        }
    }
}
