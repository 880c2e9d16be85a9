import KehuCore

/// A seeded random source for demo data (SplitMix64, https://prng.di.unimi.it/splitmix64.c):
/// the same seed gives the same data set. Fast and statistically fine for fake data;
/// never use it for anything secret (keys come from `Environment.live`).
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// A uniform integer in [0, bound); `bound` must be positive.
    mutating func int64(below bound: Int64) -> Int64 {
        precondition(bound > 0, "int64(below:) needs a positive bound")
        return Int64(next() % UInt64(bound))
    }

    /// A uniform element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// An element of `items`, chosen with probability proportional to its weight.
    mutating func pick<T>(weighted items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var ticket = Int(next() % UInt64(total))
        for (item, weight) in items {
            if ticket < weight { return item }
            ticket -= weight
        }
        return items[items.count - 1].0
    }

    /// An id shaped like the API's (`cus_` + 24 base32 characters), from this generator.
    mutating func id(_ prefix: String) -> String {
        let a = next(), b = next()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: a >> UInt64(shift))) }
        for shift in stride(from: 0, to: 56, by: 8) { bytes.append(UInt8(truncatingIfNeeded: b >> UInt64(shift))) }
        return prefix + "_" + Token.base32(bytes)
    }

    /// `count` decimal digits as text (leading zeros kept).
    mutating func digits(_ count: Int) -> String {
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: count)
        for index in 0..<count { bytes[index] += UInt8(next() % 10) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
