#if canImport(Glibc)
import Glibc
#endif
import Foundation
import KehuCore

/// Writes JSON bytes directly, for the hottest bodies (a customer, a list of them):
/// Foundation's JSONEncoder was a third of the CPU of `GET /v1/customers/{id}`.
/// Output follows JSONCoding's conventions: keys in the order written (callers write
/// them sorted), RFC 3339 UTC times with `Z` and whole seconds, slashes unescaped.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma first. One flag serves every
    /// depth: opening a container clears it, and closing one leaves a value written in
    /// the container around it.
    private var needsComma = false

    init(capacity: Int = 1_024) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// Writes `"key":`; the value written next belongs to it. Keys are our own member
    /// names, plain ASCII, so they are copied without an escape check.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    /// Writes `"key":` for a key made at run time (a custom field's name), escaped.
    mutating func key(text key: String) {
        separate()
        appendString(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String?) {
        separate()
        if let value { appendString(value) } else { appendRaw("null") }
    }

    mutating func integer<T: BinaryInteger>(_ value: T?) {
        separate()
        if let value { appendRaw(String(value)) } else { appendRaw("null") }
    }

    mutating func bool(_ value: Bool) {
        separate()
        appendRaw(value ? "true" : "false")
    }

    mutating func number(_ value: Double) {
        separate()
        if value.rounded() == value, abs(value) < 1e15 { appendRaw(String(Int64(value))) } else { appendRaw(String(value)) }
    }

    /// A number, or null for none and for what is not finite: a figure with nothing to
    /// divide by is null, never NaN (which JSON cannot carry).
    mutating func number(orNull value: Double?) {
        if let value, value.isFinite { number(value) } else { string(nil) }
    }

    mutating func date(_ value: Date?) {
        separate()
        guard let value else { return appendRaw("null") }
        var seconds = time_t(value.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return appendRaw("\"\(year)-\(parts.tm_mon + 1)-\(parts.tm_mday)T\(parts.tm_hour):\(parts.tm_min):\(parts.tm_sec)Z\"")
        }
        // Digits straight into the buffer: an agenda writes five times per task, and the
        // interpolated String was a tenth of its CPU.
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        bytes.append(UInt8(ascii: "\""))
        digits(year, 4); bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2); bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2); bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2); bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2); bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private mutating func appendRaw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func appendString(_ text: String) { JSONString.append(text, to: &bytes) }
}

/// A body that writes itself with `JSONWriter` (used by `Response.json` when available).
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
