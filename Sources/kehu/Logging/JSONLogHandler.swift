#if canImport(Glibc)
import Glibc
#endif
import HTTPServer
import Logging

/// A swift-log handler writing one JSON object per line:
/// `{"ts":"2026-11-23T08:00:00.123Z","level":"info","msg":"request","http.status":"200",...}`.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    private let sink: LogSink

    init(sink: LogSink, level: Logger.Level) {
        self.sink = sink
        logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "{\"ts\":\"\(Self.timestamp())\",\"level\":\"\(event.level.rawValue)\",\"msg\":"
        line += JSONString.quoted(event.message.description)
        let merged = event.metadata.map { metadata.merging($0) { _, new in new } } ?? metadata
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += ",\(JSONString.quoted(key)):\(JSONString.quoted(value.description))"
        }
        line += "}"
        sink.write(line, urgent: event.level >= .warning)
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return timestamp(seconds: now.tv_sec, millis: Int32(now.tv_nsec / 1_000_000))
    }

    static func timestamp(seconds: time_t, millis: Int32) -> String {
        var value = seconds
        var parts = tm()
        gmtime_r(&value, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(millis, 3))Z"
    }
}
