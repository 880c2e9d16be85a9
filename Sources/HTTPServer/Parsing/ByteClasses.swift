/// Byte classes from RFC 9110 §5.6 used by the parser, as lookup tables.
enum ByteClasses {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let isTokenChar: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for char in "!#$%&'*+-.^_`|~".utf8 { table[Int(char)] = true }
        return table
    }()

    /// field-vchar / SP / HTAB: VCHAR, obs-text (0x80–0xFF), space and tab. NUL, other
    /// controls and DEL are refused (RFC 9110 §5.5 lets us reject them outright).
    static let isFieldValueChar: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in 0x20...0x7E { table[byte] = true }
        for byte in 0x80...0xFF { table[byte] = true }
        table[Int(tab)] = true
        return table
    }()

    /// Characters allowed in a request target: visible ASCII only (RFC 9112 §3.2;
    /// spaces, controls and raw non-ASCII bytes are malformed).
    static func isTargetChar(_ byte: UInt8) -> Bool { byte >= 0x21 && byte <= 0x7E }

    /// uri-host [":" port] characters (RFC 3986 §3.2.2): unreserved, pct-encoded,
    /// sub-delims, ":" and the brackets of an IP literal.
    static let isHostChar: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for char in "-._~%!$&'()*+,;=:[]".utf8 { table[Int(char)] = true }
        return table
    }()

    /// The value of a hex digit, or nil. Used instead of `Int(_:radix:)`, which accepts signs.
    static func hexValue(_ byte: UInt8) -> Int? {
        PercentDecoding.hexValue(byte).map(Int.init)
    }

    /// The value of a decimal digit, or nil. Used instead of `Int(_:)`, which accepts `+5`.
    static func decimalValue(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
