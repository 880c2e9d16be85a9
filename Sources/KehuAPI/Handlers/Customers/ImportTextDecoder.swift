#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KehuCore

/// The character sets an import file may use: UTF-8, or GB18030 (which contains GBK and
/// GB2312, what Chinese Excel writes when it saves "CSV").
enum ImportCharset: String, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"

    /// The charset a `charset` parameter names, nil if unsupported.
    init?(label: String) {
        switch label.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gbk", "gb2312", "gb18030", "cp936", "x-gbk", "windows-936", "euc-cn": self = .gb18030
        default: return nil
        }
    }
}

/// Turns an import body into UTF-8, handed over in pieces so that a large GB18030 file
/// never exists twice in memory. Without a charset, a body that is valid UTF-8 is UTF-8
/// (a byte order mark is dropped), anything else is read as GB18030.
enum ImportTextDecoder {
    static let pieceBytes = 64 * 1024

    /// Calls `body` with consecutive pieces of the text as UTF-8. Throws `validation`
    /// (field `charset`) if the bytes are not in the charset.
    static func decode(_ bytes: [UInt8], charset: ImportCharset?, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            let hasBOM = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            let text = UnsafeBufferPointer(rebasing: buffer[(hasBOM ? 3 : 0)...])
            let invalidAt = charset == .gb18030 ? nil : firstInvalidUTF8(text)
            switch (charset, invalidAt) {
            case (.utf8?, let offset?):
                throw KehuError.validation([FieldError(field: "charset", message: "The body is not valid UTF-8 (byte \(offset + (hasBOM ? 3 : 0))); send charset=gbk for GBK/GB18030 files.")])
            case (.utf8?, nil), (nil, nil):
                try body(text)
            case (.gb18030?, _), (nil, _?):
                try decodeGB18030(buffer, body)
            }
        }
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence
    /// (RFC 3629 §4: no overlongs, no surrogates, nothing above U+10FFFF), nil if none.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// GB18030 to UTF-8 with iconv (glibc), a piece at a time; a GB18030 byte order mark
    /// (U+FEFF) at the start is dropped.
    private static func decodeGB18030(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let converter = try Converter(from: "GB18030", to: "UTF-8")
        // GB18030 needs at most 4 bytes for what UTF-8 writes in 4; 2-byte characters grow to 3.
        var output = [UInt8](repeating: 0, count: pieceBytes * 2 + 16)
        var offset = 0
        var first = true
        while offset < bytes.count {
            let end = min(bytes.count, offset + pieceBytes)
            let (consumed, produced) = try converter.convert(UnsafeBufferPointer(rebasing: bytes[offset..<end]), into: &output, final: end == bytes.count, offset: offset)
            guard consumed > 0 || produced > 0 else {
                throw KehuError.validation([FieldError(field: "charset", message: "The body ends inside a GB18030 character.")])
            }
            offset += consumed
            try output.withUnsafeBufferPointer { out in
                var piece = UnsafeBufferPointer(rebasing: out[0..<produced])
                if first, piece.count >= 3, piece[0] == 0xEF, piece[1] == 0xBB, piece[2] == 0xBF { piece = UnsafeBufferPointer(rebasing: piece[3...]) }
                try body(piece)
            }
            first = false
        }
    }

    /// One iconv descriptor, closed when released.
    private final class Converter {
        private let descriptor: iconv_t

        init(from source: String, to target: String) throws {
            let descriptor = iconv_open(target, source)
            guard descriptor != iconv_t(bitPattern: -1) else {
                throw KehuError.unavailable("GB18030 decoding is not available on this system.")
            }
            self.descriptor = descriptor!
        }

        deinit { iconv_close(descriptor) }

        /// Converts as much of `input` as fits into `output`. An incomplete character at the
        /// end of a piece that is not `final` is left for the next call. Returns bytes read
        /// and written; throws `validation` for a byte sequence that is not GB18030.
        func convert(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], final: Bool, offset: Int) throws -> (consumed: Int, produced: Int) {
            var inLeft = input.count
            var outLeft = output.count
            let result: Int = output.withUnsafeMutableBufferPointer { out in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: input.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress)?.assumingMemoryBound(to: CChar.self)
                return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            }
            let consumed = input.count - inLeft
            let produced = output.count - outLeft
            if result == -1 {
                switch errno {
                case E2BIG: break // output full: the caller comes back for the rest
                case EINVAL where !final: break // a character continues in the next piece
                default:
                    throw KehuError.validation([FieldError(
                        field: "charset", message: "The body is neither UTF-8 nor GB18030/GBK (byte \(offset + consumed)); send charset=utf-8 or charset=gbk."
                    )])
                }
            }
            return (consumed, produced)
        }
    }
}
