import KehuCore

/// The CSV parser over arbitrary bytes: the records must not depend on how the input is
/// cut, their numbers must rise, and no input may crash it.
struct CSVTarget: FuzzTarget {
    func run(_ input: [UInt8]) {
        let whole = CSVParser.records(of: input)
        var last = 0
        for record in whole {
            guard record.number > last else { FuzzFailure.report("record \(record.number) after \(last)") }
            last = record.number
        }
        for cuts in Cuts.derived(from: input) {
            let pieces = Self.records(of: input, cuts: cuts)
            guard pieces == whole else {
                FuzzFailure.report("cut at \(cuts.prefix(3))…: \(pieces.count) records, whole: \(whole.count)")
            }
        }
    }

    static func records(of input: [UInt8], cuts: [Int]) -> [CSVParser.Record] {
        var parser = CSVParser()
        var records: [CSVParser.Record] = []
        var start = 0
        for end in cuts + [input.count] where end >= start {
            input[start..<end].withUnsafeBufferPointer { parser.consume($0) { records.append($0) } }
            start = end
        }
        parser.finish { records.append($0) }
        return records
    }
}
