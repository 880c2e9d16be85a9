import Foundation

/// How service went in one bucket of a satisfaction series. Each figure counts what
/// happened in the bucket: scores given, complaints taken in, items acknowledged or
/// resolved, survey answers received.
public struct SatisfactionBucket: Sendable, Equatable {
    public var bucket: TimeBucket
    public var csat: CSATFigures
    /// Over the nps answers of every survey.
    public var nps: NPSSummary
    public var csi: CSIFigures
    public var complaints: ComplaintFigures
    public var resolution: ResolutionFigures
    public var sla: SLAFigures

    public init(bucket: TimeBucket, csat: CSATFigures = CSATFigures(), nps: NPSSummary = SurveyScoring.nps([:]), csi: CSIFigures = CSIFigures(),
                complaints: ComplaintFigures = ComplaintFigures(), resolution: ResolutionFigures = ResolutionFigures(), sla: SLAFigures = SLAFigures()) {
        self.bucket = bucket
        self.csat = csat
        self.nps = nps
        self.csi = csi
        self.complaints = complaints
        self.resolution = resolution
        self.sla = sla
    }
}

/// `GET /v1/analytics/satisfaction`: service quality as a series of weeks or months.
public struct SatisfactionSeries: Sendable, Equatable {
    public var unit: BucketUnit
    public var timeZone: TimeZone
    /// Whose book (nil: everyone's).
    public var ownerID: String?
    /// Every bucket that overlaps the period asked for, whole, oldest first; empty ones too.
    public var buckets: [SatisfactionBucket]

    public init(unit: BucketUnit, timeZone: TimeZone, ownerID: String?, buckets: [SatisfactionBucket]) {
        self.unit = unit
        self.timeZone = timeZone
        self.ownerID = ownerID
        self.buckets = buckets
    }

    /// The start of the first bucket.
    public var from: Date? { buckets.first?.bucket.start }
    /// The end of the last bucket.
    public var to: Date? { buckets.last?.bucket.end }
}

/// What the database counts for a satisfaction series, bucket by bucket.
public struct SatisfactionTallies: Sendable, Equatable {
    /// The feedback figures of each bucket, in bucket order.
    public var feedback: [FeedbackFigures]
    public var answers: SurveyAnswerTallies

    public init(feedback: [FeedbackFigures], answers: SurveyAnswerTallies) {
        self.feedback = feedback
        self.answers = answers
    }
}

/// Scored survey answers counted per bucket, with the surveys they answer.
public struct SurveyAnswerTallies: Sendable, Equatable {
    /// Each bucket's answers: survey id → tallies, where `responses` counts the responses
    /// with at least one scored answer.
    public var perBucket: [[String: SurveyTallies]]
    /// Every survey answered, by id.
    public var surveys: [String: Survey]

    public init(perBucket: [[String: SurveyTallies]], surveys: [String: Survey]) {
        self.perBucket = perBucket
        self.surveys = surveys
    }

    /// NPS over the answers of bucket `index`.
    public func nps(bucket index: Int) -> NPSSummary { SurveyRollup.nps(surveys: surveys, tallies: perBucket[index]) }

    /// The CSI over the answers of bucket `index`.
    public func csi(bucket index: Int) -> CSIFigures { SurveyRollup.csi(surveys: surveys, tallies: perBucket[index]) }
}

/// The feedback side of one bucket.
public struct FeedbackFigures: Sendable, Equatable {
    public var csat = CSATFigures()
    public var complaints = ComplaintFigures()
    public var resolution = ResolutionFigures()
    public var sla = SLAFigures()

    public init(csat: CSATFigures = CSATFigures(), complaints: ComplaintFigures = ComplaintFigures(),
                resolution: ResolutionFigures = ResolutionFigures(), sla: SLAFigures = SLAFigures()) {
        self.csat = csat
        self.complaints = complaints
        self.resolution = resolution
        self.sla = sla
    }
}
