/// The named RFM segments, and the one table that assigns them (docs/analytics.md, "RFM").
public enum RFMSegment: String, Sendable, CaseIterable {
    case champions, loyal, potentialLoyalist = "potential_loyalist", new, atRisk = "at_risk", cantLose = "cant_lose", hibernating, lost

    /// The segment of a recency score and a frequency-monetary score, each 1-5.
    public static func of(recency: Int, frequencyMonetary: Int) -> RFMSegment {
        precondition(scores.contains(recency) && scores.contains(frequencyMonetary), "RFM scores run from 1 to 5")
        return table[5 - recency][frequencyMonetary - 1]
    }

    /// Frequency and monetary as one score: their mean, a half rounded up (F 4 and M 5 give 5).
    public static func frequencyMonetary(frequency: Int, monetary: Int) -> Int { (frequency + monetary + 1) / 2 }

    public static let scores = 1...5

    /// Rows are recency 5 (bought most recently) down to 1; columns frequency-monetary 1 to 5.
    /// Recent and valuable customers are champions; valuable ones who went quiet are at risk,
    /// and the most valuable of those are the ones not to lose; small, long-gone buyers are lost.
    static let table: [[RFMSegment]] = [
        /* R5 */ [.new, .potentialLoyalist, .loyal, .champions, .champions],
        /* R4 */ [.new, .potentialLoyalist, .loyal, .champions, .champions],
        /* R3 */ [.potentialLoyalist, .potentialLoyalist, .loyal, .loyal, .loyal],
        /* R2 */ [.hibernating, .hibernating, .atRisk, .atRisk, .cantLose],
        /* R1 */ [.lost, .lost, .atRisk, .cantLose, .cantLose],
    ]

    /// Every (recency, frequency-monetary) cell of the table with its segment, for
    /// statements that assign segments in SQL.
    public static var cells: [(recency: Int, frequencyMonetary: Int, segment: RFMSegment)] {
        scores.reversed().flatMap { recency in scores.map { fm in (recency, fm, of(recency: recency, frequencyMonetary: fm)) } }
    }
}
