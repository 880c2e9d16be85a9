import Foundation
import KehuCore
import Testing

@Suite struct TimeBucketTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static func starts(_ buckets: [TimeBucket]) -> [String] { buckets.map { ISO8601DateFormatter().string(from: $0.start) } }

    /// Weeks begin at local midnight of Monday: 2026-11-23 was a Monday, 00:00 in Shanghai
    /// is 16:00 UTC the day before. Each bucket ends where the next begins.
    @Test func weeks_startOnMondayAtLocalMidnight() {
        let buckets = TimeBucket.covering(from: Self.at("2026-11-18T12:00:00Z"), to: Self.at("2026-12-01T00:00:00Z"), unit: .week, in: Self.shanghai)
        #expect(Self.starts(buckets) == ["2026-11-15T16:00:00Z", "2026-11-22T16:00:00Z", "2026-11-29T16:00:00Z"])
        #expect(buckets.map(\.firstDay.description) == ["2026-11-16", "2026-11-23", "2026-11-30"])
        #expect(buckets.last?.end == Self.at("2026-12-06T16:00:00Z"))
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.end == $1.start })
    }

    /// A Sunday evening in UTC is already Monday in Shanghai: it opens a new Shanghai week
    /// but is the last day of a UTC one.
    @Test func sundayEveningUTC_isMondayInShanghai() {
        let instant = Self.at("2026-11-22T17:00:00Z")
        let shanghai = TimeBucket.covering(from: instant, to: instant.addingTimeInterval(1), unit: .week, in: Self.shanghai)
        let utc = TimeBucket.covering(from: instant, to: instant.addingTimeInterval(1), unit: .week, in: .gmt)
        #expect(shanghai.map(\.firstDay.description) == ["2026-11-23"])
        #expect(utc.map(\.firstDay.description) == ["2026-11-16"])
    }

    /// Months begin at local midnight of the 1st, across a year's end; February 2028 has 29 days.
    @Test func months_startOnTheFirst_acrossAYearEnd() {
        let buckets = TimeBucket.covering(from: Self.at("2027-11-30T16:00:00Z"), to: Self.at("2028-03-01T00:00:00Z"), unit: .month, in: Self.shanghai)
        #expect(buckets.map(\.firstDay.description) == ["2027-12-01", "2028-01-01", "2028-02-01", "2028-03-01"])
        #expect(Self.starts(buckets) == ["2027-11-30T16:00:00Z", "2027-12-31T16:00:00Z", "2028-01-31T16:00:00Z", "2028-02-29T16:00:00Z"])
        // 2027-11-30T15:59:59Z is still November in Shanghai.
        let before = TimeBucket.covering(from: Self.at("2027-11-30T15:59:59Z"), to: Self.at("2027-11-30T16:00:01Z"), unit: .month, in: Self.shanghai)
        #expect(before.map(\.firstDay.description) == ["2027-11-01", "2027-12-01"])
    }

    /// New York leaves daylight saving time on Sunday 2026-11-01: that day is 25 hours long,
    /// and the week holding it 169, while midnight stays midnight (04:00 then 05:00 UTC).
    @Test func daylightSavingChange_lengthensTheDay_notMidnight() {
        let days = TimeBucket.covering(from: Self.at("2026-10-31T12:00:00Z"), to: Self.at("2026-11-02T12:00:00Z"), unit: .day, in: Self.newYork)
        #expect(Self.starts(days) == ["2026-10-31T04:00:00Z", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z"])
        #expect(days.map { $0.end.timeIntervalSince($0.start) / 3_600 } == [24, 25, 24])
        let weeks = TimeBucket.covering(from: Self.at("2026-10-28T12:00:00Z"), to: Self.at("2026-11-03T12:00:00Z"), unit: .week, in: Self.newYork)
        #expect(Self.starts(weeks) == ["2026-10-26T04:00:00Z", "2026-11-02T05:00:00Z"])
        #expect(weeks.first.map { $0.end.timeIntervalSince($0.start) / 3_600 } == 169)
    }

    /// The period's ends: a bucket starting exactly at `to` is not in; an empty or reversed
    /// period has no buckets.
    @Test func edges() {
        let monday = Self.at("2026-11-22T16:00:00Z")
        #expect(TimeBucket.covering(from: monday, to: monday.addingTimeInterval(7 * 86_400), unit: .week, in: Self.shanghai).count == 1)
        #expect(TimeBucket.covering(from: monday, to: monday, unit: .week, in: Self.shanghai).isEmpty)
        #expect(TimeBucket.covering(from: monday, to: monday.addingTimeInterval(-1), unit: .day, in: Self.shanghai).isEmpty)
    }
}
