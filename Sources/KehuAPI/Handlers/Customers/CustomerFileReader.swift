import Foundation
import KehuCore

/// Reads an import body row by row into a `CustomerImport`: decodes the charset, splits
/// CSV records or NDJSON lines, and turns each into an `ImportRow` or a rejected row.
/// A problem with one row is that row's error; only a file-level problem (charset, CSV
/// header) refuses the request, before any row is written.
enum CustomerFileReader {
    /// CSV with a header row; data rows are numbered from 2.
    static func readCSV(_ body: [UInt8], charset: ImportCharset?, into session: inout CustomerImport) throws {
        var parser = CSVParser()
        var columns: [String]?
        func handle(_ record: CSVParser.Record) throws {
            guard let known = columns else {
                if let problem = record.malformed { throw KehuError.validation([FieldError(field: "header", message: problem)]) }
                columns = try CustomerColumns.header(record.fields)
                return
            }
            if let problem = record.malformed {
                return try session.reject(row: record.number, errors: [FieldError(field: "row", message: problem)])
            }
            let row: ImportRow
            do {
                row = try CustomerColumns.row(try CustomerColumns.object(cells: record.fields, columns: known).get(), number: record.number)
            } catch KehuError.validation(let errors) {
                return try session.reject(row: record.number, errors: errors)
            }
            try session.add(row)
        }
        // The header is checked before any row is written: `columns` is set by the first record.
        try ImportTextDecoder.decode(body, charset: charset) { piece in try parser.consume(piece, handle) }
        try parser.finish(handle)
        if columns == nil { throw KehuError.validation([FieldError(field: "header", message: "The file is empty; it needs a header row naming its columns.")]) }
    }

    /// One JSON object per line; lines are numbered from 1, blank ones skipped.
    static func readNDJSON(_ body: [UInt8], charset: ImportCharset?, into session: inout CustomerImport) throws {
        var carry: [UInt8] = []
        var number = 0
        func handle(_ line: UnsafeBufferPointer<UInt8>) throws {
            number += 1
            var end = line.count
            while end > 0, isBlank(line[end - 1]) { end -= 1 }
            var start = 0
            while start < end, isBlank(line[start]) { start += 1 }
            guard start < end else { return }
            let row: ImportRow
            do {
                guard case .object(let object)? = try? JSONCoding.decode(JSONValue.self, from: Array(line[start..<end])) else {
                    throw KehuError.validation([FieldError(field: "row", message: "The line is not a JSON object.")])
                }
                row = try CustomerColumns.row(object, number: number)
            } catch KehuError.validation(let errors) {
                return try session.reject(row: number, errors: errors)
            }
            try session.add(row)
        }
        try ImportTextDecoder.decode(body, charset: charset) { piece in
            var start = 0
            while let newline = piece[start...].firstIndex(of: 0x0A) {
                if carry.isEmpty {
                    try handle(UnsafeBufferPointer(rebasing: piece[start..<newline]))
                } else {
                    carry.append(contentsOf: piece[start..<newline])
                    try carry.withUnsafeBufferPointer { try handle($0) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            carry.append(contentsOf: piece[start...])
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { try handle($0) } }
    }

    /// Space, tab or CR: what may surround a JSON line.
    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
}
