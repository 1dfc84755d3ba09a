import Foundation
import Testing
import Model
@testable import Advisor

let repositoryReports = Library.reportsFolder(beside: repositoryWorkloads)

func reportLoader() throws -> ReportLoader {
    ReportLoader(folder: repositoryReports, workloads: WorkloadLoader(library: repositoryWorkloads),
                 catalogue: try CatalogueLoader.load(path: repositoryCatalogue))
}

/// A minimal valid report (the seed's shape) as text, for the bad-input cases to break one line of.
let minimalReport = """
    report: test-report
    title: "a test"
    source:
      url: https://example.org/issue/1
      kind: issue
      date: 2025-01-25
      quotes: ["a line as printed"]
    chip: ESP32
    board: ESP32_GENERIC
    idf: "5.4.2"
    firmware: micropython-1.24
    expect: open
    open_because: "a test"
    program:
      workload: https-get-x2
    observations:
      - outcome: fails
        at: {initial_heap: 57344}
        step: "GET #2: TLS handshake"
        cause: idf-alloc
      - figure: mem_info
        after: boot
        value: "GC: total: 64000, used: 5008, free: 58992, max new split: 110592"
        tolerance: 0
        tolerance_why: "exact"

    """

/// The argument lines as they sit in `minimalReport` (whose literal is indented by 4 in the source).
func dedented(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }.joined(separator: "\n")
}

@Suite("field reports: loading")
struct ReportLoaderTests {
    @Test func everyShippedReportLoads() throws {
        let reports = try reportLoader().all()
        #expect(reports.count >= 25)
        #expect(Set(reports.map(\.id)).count == reports.count)
        // The seed report, as the thread tells it.
        let seed = try #require(reports.first { $0.id == "mp-16650-esp32-idf54-two-tls-endpoints" })
        #expect(seed.idf == IDFVersion(5, 4) && seed.board == "ESP32_GENERIC-OTA" && seed.firmware == "micropython-1.24")
        let outcomes = seed.observations.compactMap { o -> (Int?, Bool)? in
            if case .outcome(let x) = o.kind { return (seed.settings.overridden(by: o.at).initialHeap, x.fails) }
            return nil
        }
        #expect(outcomes.map(\.0) == [57344, 55296, 53248])
        #expect(outcomes.map(\.1) == [true, true, false])
    }

    @Test func aMinimalReportParses() throws {
        let r = try reportLoader().report(text: minimalReport, file: "/tmp/test-report.yaml")
        #expect(r.observations.count == 2)
        guard case .figure(let f) = r.observations[1].kind else { Issue.record("not a figure"); return }
        #expect(f.numbers == [64000, 5008, 58992, 110592])
        #expect(f.fields == [.total, .maxNewSplit])
        #expect(r.observations[0].line == 17)
    }

    /// Each broken line is reported at its line, with what was expected.
    @Test("bad reports name the file and line", arguments: [
        ("    chip: ESP32\n", "    chip: ESP32-S3\n", 8, "is not the chip of"),
        ("    expect: open\n", "    expect: maybe\n", 12, "is not an expectation"),
        ("    open_because: \"a test\"\n", "", 12, "without `open_because:`"),
        ("        step: \"GET #2: TLS handshake\"\n", "        step: \"GET #3\"\n", 19, "is not a step label"),
        ("        cause: idf-alloc\n", "        cause: oom\n", 20, "is not a cause"),
        ("        after: boot\n", "        after: later\n", 22, "neither `boot`"),
        ("    firmware: micropython-1.24\n", "    firmware: micropython\n", 11, "is not a firmware release"),
        ("    board: ESP32_GENERIC\n", "    board: ESP32_NOPE\n", 9, "ESP32_NOPE"),
        ("      workload: https-get-x2\n", "      workload: https-get-x2\n      steps: []\n", 15, "exactly one of"),
        ("        tolerance: 0\n", "        tolerance: 0\n        colour: red\n", 25, "Unknown key `colour`"),
        ("GC: total: 64000, used: 5008", "GC total 64000 used 5008", 23, "not a GC line"),
    ])
    func badReport(old: String, new: String, line: Int, words: String) throws {
        let text = minimalReport.replacingOccurrences(of: dedented(old), with: dedented(new))
        #expect(text != minimalReport)
        let loader = try reportLoader()
        do throws(Diagnostic) {
            _ = try loader.report(text: text, file: "/tmp/test-report.yaml")
            Issue.record("accepted: \(new)")
        } catch {
            #expect(error.file == "/tmp/test-report.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(words), "\(error)")
            #expect(error.kind == .badInput)
        }
    }

    @Test func theFileNameIsTheId() throws {
        #expect(throws: Diagnostic.self) { try reportLoader().report(text: minimalReport, file: "/tmp/other-name.yaml") }
    }

    @Test func aWorkloadNamingAFirmwareIsRefused() throws {
        let text = try String(contentsOfFile: repositoryWorkloads + "/https-get.yaml", encoding: .utf8) + "firmware: micropython-1.20\n"
        do throws(Diagnostic) {
            _ = try WorkloadLoader(library: repositoryWorkloads).workload(text: text, file: "/tmp/w.yaml")
            Issue.record("a workload with firmware: was accepted")
        } catch {
            #expect(error.description.contains("does not name a firmware release"))
            #expect(error.line == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        }
        // No shipped workload pins a firmware any more.
        for name in WorkloadLoader(library: repositoryWorkloads).shippedWorkloads() {
            _ = try WorkloadLoader(library: repositoryWorkloads).workload(name)
        }
    }
}
