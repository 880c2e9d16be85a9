import KehuCore
import Testing

/// RFC 4180 parsing, fed whole and in pieces split at every byte, and the writer's round trip.
@Suite struct CSVParserTests {
    typealias Record = CSVParser.Record

    /// Parses `text` whole, then split at every position, and expects the same records each time.
    func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Record] {
        let bytes = Array(text.utf8)
        let whole = CSVParser.records(of: bytes)
        for split in 0...bytes.count {
            var parser = CSVParser()
            var records: [Record] = []
            bytes[..<split].withUnsafeBufferPointer { parser.consume($0) { records.append($0) } }
            bytes[split...].withUnsafeBufferPointer { parser.consume($0) { records.append($0) } }
            parser.finish { records.append($0) }
            #expect(records == whole, "split at \(split)", sourceLocation: sourceLocation)
        }
        return whole
    }

    @Test func plainFields_withLFAndCRLFAndNoFinalLineBreak() {
        #expect(parse("a,b,c\n1,2,3\n") == [Record(fields: ["a", "b", "c"], number: 1), Record(fields: ["1", "2", "3"], number: 2)])
        #expect(parse("a,b\r\n1,2\r\n") == [Record(fields: ["a", "b"], number: 1), Record(fields: ["1", "2"], number: 2)])
        #expect(parse("a,b\r\n1,2") == [Record(fields: ["a", "b"], number: 1), Record(fields: ["1", "2"], number: 2)])
        #expect(parse("a,b\r1,2\r") == [Record(fields: ["a", "b"], number: 1), Record(fields: ["1", "2"], number: 2)])
    }

    @Test func emptyFields_areKept() {
        #expect(parse(",a,,\n") == [Record(fields: ["", "a", "", ""], number: 1)])
        #expect(parse("a,") == [Record(fields: ["a", ""], number: 1)])
    }

    @Test func quotedFields_holdCommasQuotesAndLineBreaks() {
        let records = parse("name,notes\r\n\"张三, 李四\",\"He said \"\"hi\"\"\r\nand left\"\r\n\"\",x\n")
        #expect(records == [
            Record(fields: ["name", "notes"], number: 1),
            Record(fields: ["张三, 李四", "He said \"hi\"\r\nand left"], number: 2),
            Record(fields: ["", "x"], number: 3),
        ])
    }

    @Test func recordNumbers_countRecordsNotLines_andBlankLinesAreSkippedButCounted() {
        let records = parse("h\n\"a\nb\"\n\n\r\nc\n")
        #expect(records == [Record(fields: ["h"], number: 1), Record(fields: ["a\nb"], number: 2), Record(fields: ["c"], number: 5)])
    }

    @Test func aQuoteInsideAnUnquotedField_isText() {
        #expect(parse("5\" disk,b\n") == [Record(fields: ["5\" disk", "b"], number: 1)])
    }

    @Test func textAfterAClosingQuote_makesOnlyThatRecordMalformed() {
        let records = parse("\"a\"b,c\nd,e\n")
        #expect(records.count == 2)
        #expect(records[0].malformed != nil)
        #expect(records[0].fields == ["ab", "c"])
        #expect(records[1] == Record(fields: ["d", "e"], number: 2))
    }

    @Test func anUnclosedQuote_atTheEnd_isMalformed() {
        let records = parse("a,b\n\"open,c\nd\n")
        #expect(records.count == 2)
        #expect(records[1].number == 2)
        #expect(records[1].malformed?.contains("not closed") == true)
        #expect(records[1].fields == ["open,c\nd\n"])
    }

    @Test func emptyInput_hasNoRecords() {
        #expect(parse("").isEmpty)
        #expect(parse("\n\r\n").isEmpty)
    }

    @Test func multiByteCharacters_splitAcrossPieces_surviveIntact() {
        #expect(parse("客户,电话\n王五,13800138000\n")[1].fields == ["王五", "13800138000"])
    }

    @Test func writer_quotesOnlyWhatNeedsIt_andParserReadsItBack() {
        let fields: [String?] = ["plain", nil, "a,b", "say \"x\"", "line\nbreak", "cr\rlf", "", "张三"]
        var out: [UInt8] = []
        CSVWriter.appendRecord(fields, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "plain,,\"a,b\",\"say \"\"x\"\"\",\"line\nbreak\",\"cr\rlf\",,张三\r\n")
        #expect(CSVParser.records(of: out) == [Record(fields: fields.map { $0 ?? "" }, number: 1)])
    }
}
