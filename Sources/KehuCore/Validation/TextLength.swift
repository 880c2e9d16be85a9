extension StringProtocol {
    /// The length JSON Schema's `minLength`/`maxLength` count: Unicode code points (JSON
    /// Schema Validation §6.3.1), of the text as sent, before any trimming. Limits stated in
    /// openapi.yaml are checked with it, so the server and a client's schema validator agree
    /// on every text: `.count` (grapheme clusters) let a name of 200 letters with combining
    /// marks through a 200 limit, and trimming first let 201 code points with a leading
    /// space through (found by contract fuzzing).
    public var codePointCount: Int { unicodeScalars.count }
}
