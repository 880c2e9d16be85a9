import Foundation
import KehuFuzzing
import KehuTestSupport
import Testing

/// Every input kept in Tests/FuzzCorpus (the seeds, and each input a fuzzer run found
/// that once broke an invariant) runs through its target again. A target stops the
/// process when an invariant breaks, so a regression fails the whole run loudly.
@Suite("Fuzz corpus replay")
struct CorpusReplayTests {
    static let corpus = PackageRoot.url.appendingPathComponent("Tests/FuzzCorpus")

    @Test("each target's corpus runs clean", arguments: FuzzTargets.names)
    func replay(_ name: String) throws {
        let target = try #require(try FuzzTargets.make(name))
        let folder = Self.corpus.appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        #expect(files.count >= 3, "the seed corpus of \(name) is in \(folder.path)")
        for file in files.sorted(by: { $0.path < $1.path }) {
            target.run(Array(try Data(contentsOf: file)))
        }
    }
}
