import Foundation
import Testing

@Suite("heapfit reports (end to end)")
struct ReportsCLITests {
    @Test func listsEveryReport() throws {
        let r = try runHeapfit(["reports"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("mp-16650-esp32-idf54-two-tls-endpoints"))
        #expect(r.stdout.contains("fails at 56 KiB, fails at 54 KiB, works at 52 KiB"))
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRootForCLI + "/reports").filter { $0.hasSuffix(".yaml") }
        #expect(r.stdout.hasSuffix("\(files.count) reports\n"))
    }

    @Test func runsTheSeedAsJSONAndExitsAsExpected() throws {
        let r = try runHeapfit(["reports", "run", "mp-16650-esp32-idf54", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary.keys.sorted() == ["notExpressible", "open", "reproduced", "unexpected"])
        let reports = try #require(json["reports"] as? [[String: Any]])
        #expect(reports.count == 1)
        let observations = try #require(reports.first?["observations"] as? [[String: Any]])
        #expect(observations.first?.keys.sorted().contains("verdict") == true)
        let text = try runHeapfit(["reports", "run", "mp-16650-esp32-idf54"])
        #expect(text.stdout.hasSuffix("0 reproduced, 1 open, 0 not expressible\n") || text.stdout.contains("1 reproduced"))
    }

    @Test func aMalformedReportExits2() throws {
        let folder = NSTemporaryDirectory() + "heapfit-reports-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "report: broken\ntitle: x\n".write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
        let r = try runHeapfit(["reports"], environment: ["HEAPFIT_REPORTS": folder])
        #expect(r.status == 2)
        #expect(r.stderr.contains("broken.yaml:1"))
        let unknown = try runHeapfit(["reports", "run", "no-such-report"])
        #expect(unknown.status == 2)
    }
}

let repositoryRootForCLI: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
