import Foundation
import Testing
import Model
import Simulator
@testable import Advisor

/// `heapfit sweep` as a library: which cells a request makes, why cells are skipped, what a cell
/// holds, and that the output does not depend on the number of threads.
@Suite("sweep")
struct SweepTests {
    let catalogue: Catalogue
    init() throws { catalogue = try CatalogueLoader.load(path: repositoryCatalogue) }

    @Test func theDefaultPlanIsEveryBoardTimesEveryReleaseItsFirmwareSupportsAndNoCellLacksData() throws {
        let cells = try SweepCommand.plan(SweepRequest(), catalogue: catalogue, library: repositoryWorkloads)
        // A board without ESP-IDF still gets one row, saying why it is skipped.
        let expected = catalogue.boards.map { max(1, catalogue.supportedReleases(of: $0).count) }.reduce(0, +)
        #expect(cells.count == expected)
        #expect(cells.allSatisfy { $0.workload == RecommendationRequest.defaultWorkload })
        #expect(cells.map(\.board) == catalogue.boards.flatMap { b in
            Array(repeating: b.name, count: max(1, catalogue.supportedReleases(of: b).count)) })
        let esp8266 = try #require(cells.first { $0.chip == "ESP8266" })
        #expect(esp8266.idf == nil)
        #expect(esp8266.skip == "ESP8266 does not run ESP-IDF (its SDK has its own heap)")
        // Issue 14: every stock board × every release its firmware supports has a figure or an interval.
        #expect(cells.filter { $0.chip != "ESP8266" && $0.skip != nil }.map(\.label) == [])
        // The C2 exists from MicroPython 1.26: its rows are 1.26-1.28's releases, none older.
        #expect(cells.filter { $0.board == "ESP32_GENERIC_C2" }.compactMap(\.idf)
                == [IDFVersion(5, 2, 0), IDFVersion(5, 2, 2), IDFVersion(5, 3, 0), IDFVersion(5, 4, 0), IDFVersion(5, 4, 1),
                    IDFVersion(5, 4, 2), IDFVersion(5, 5, 1)])
        #expect(cells.filter { $0.board == "adafruit_feather_esp32s2" }.compactMap(\.idf).map(\.description)
                == ["4.4.3", "4.4.5", "5.1.3", "5.2.2", "5.3.1", "5.3.2", "5.4.1", "5.5.1", "5.5.3"])
        let generic = cells.filter { $0.board == "ESP32_GENERIC" }
        #expect(generic.map(\.idf) == generic.map(\.idf).sorted { ($0 ?? IDFVersion(0, 0, 0)) < ($1 ?? IDFVersion(0, 0, 0)) })
    }

    /// A firmware named for the whole sweep skips the releases it does not support (not missing data).
    @Test func aNamedFirmwareSkipsTheReleasesItDoesNotSupport() throws {
        let cells = try SweepCommand.plan(SweepRequest(boards: ["ESP32_GENERIC"], idfs: [IDFVersion(5, 2, 2), IDFVersion(5, 5, 1)],
                                                       firmware: "micropython-1.24"), catalogue: catalogue, library: repositoryWorkloads)
        #expect(cells.map(\.skip) == [nil, "micropython-1.24 does not support ESP-IDF 5.5.1 on ESP32"])
    }

    @Test func filtersNarrowTheCellsAndUnsupportedReleasesAreSkippedNotRejected() throws {
        let cells = try SweepCommand.plan(SweepRequest(boards: ["ESP32_GENERIC_C6", "esp32_generic"], idfs: [IDFVersion(4, 4, 0)],
                                                       workloads: ["mqtt-tls", "https-get-x2", "mqtt-tls"]),
                                          catalogue: catalogue, library: repositoryWorkloads)
        #expect(cells.map(\.label) == ["ESP32_GENERIC_C6 · 4.4 · mqtt-tls", "ESP32_GENERIC_C6 · 4.4 · https-get-x2",
                                       "ESP32_GENERIC · 4.4 · mqtt-tls", "ESP32_GENERIC · 4.4 · https-get-x2"])
        #expect(cells[0].skip == "ESP-IDF 4.4 does not support ESP32-C6")
        #expect(cells[2].skip == nil)
    }

    /// Every catalogue release × every shipped workload × every board is more cells than a sweep runs:
    /// refused with the limit named, before any cell runs; one workload fewer of them is accepted.
    @Test func aSweepPastTheCellLimitIsRefused() throws {
        let workloads = WorkloadLoader(library: repositoryWorkloads).shippedWorkloads()
        // One workload: every board × every release it has a row for (ESP8266 has one, skipped).
        let one = try SweepCommand.plan(SweepRequest(idfs: catalogue.idfReleases, workloads: ["boot-repl"]), catalogue: catalogue,
                                        library: repositoryWorkloads).count
        #expect(one <= SweepCommand.maximumCells)
        #expect(one * workloads.count > SweepCommand.maximumCells)
        do {
            _ = try SweepCommand.plan(SweepRequest(idfs: catalogue.idfReleases, workloads: workloads), catalogue: catalogue,
                                      library: repositoryWorkloads)
            Issue.record("\(one * workloads.count) cells were accepted")
        } catch {
            #expect(error.what == "This sweep asks for \(one * workloads.count) cells")
            #expect(error.expected == "at most \(SweepCommand.maximumCells) cells")
        }
    }

    @Test func badFiltersAreDiagnostics() throws {
        #expect(throws: Diagnostic.self) { try SweepCommand.plan(SweepRequest(boards: ["NOPE"]), catalogue: catalogue, library: repositoryWorkloads) }
        do {
            _ = try SweepCommand.plan(SweepRequest(idfs: [IDFVersion(4, 4, 9)]), catalogue: catalogue, library: repositoryWorkloads)
            Issue.record("an unknown release was accepted")
        } catch { #expect(error.what == "ESP-IDF 4.4.9 is not a release the catalogue knows") }
        do {
            _ = try SweepCommand.plan(SweepRequest(workloads: ["no-such-workload"]), catalogue: catalogue, library: repositoryWorkloads)
            Issue.record("an unknown workload was accepted")
        } catch { #expect(error.what.hasPrefix("Unknown workload 'no-such-workload'")) }
        do {
            _ = try SweepCommand.plan(SweepRequest(initialHeap: 65536), catalogue: catalogue, library: repositoryWorkloads)
            Issue.record("--initial-heap was accepted in recommend mode")
        } catch { #expect(error.what == "--initial-heap applies to --mode simulate only") }
    }

    @Test func aRecommendCellIsWhatRecommendAnswers() throws {
        let report = try SweepCommand.run(SweepRequest(boards: ["ESP32_GENERIC"], idfs: [IDFVersion(5, 4, 2)]),
                                          catalogue: catalogue, library: repositoryWorkloads, jobs: 1)
        let alone = try RecommendCommand.run(RecommendationRequest(board: "ESP32_GENERIC", idfs: [IDFVersion(5, 4, 2)]),
                                             catalogue: catalogue, library: repositoryWorkloads)
        let row = try #require(report.rows.first)
        #expect(report.rows.count == 1)
        #expect(row.verdict == .fits)
        #expect(row.initialHeap == alone.initialHeapSize)
        #expect(row.idfHeadroom == alone.idfHeadroom)
        #expect(row.knobChanges.map(\.name) == alone.knobChanges.map(\.name))
        #expect(row.confidence == "measured")
        #expect(report.exitStatus == 0)
    }

    @Test func aCellWithNoSettingSaysWhyAndTheSweepExitsOne() throws {
        // Pycom's fork on IDF 5.4.2: its locked-heap workload cannot run even at 8 KiB (RecommendCommand's diagnostic).
        let report = try SweepCommand.run(SweepRequest(boards: ["ESP32_GENERIC"], idfs: [IDFVersion(5, 4, 2)], firmware: "pycom-1.20", workloads: ["pycom-ftp-gc"]),
                                          catalogue: catalogue, library: repositoryWorkloads, jobs: 1)
        let row = try #require(report.rows.first)
        #expect(row.verdict == .noSetting)
        #expect(row.firmware == "pycom-1.20")
        #expect(row.limitingAllocation?.hasPrefix("No setting works for ESP32_GENERIC · IDF 5.4.2 · pycom-1.20 · pycom-ftp-gc") == true)
        #expect(row.initialHeap == nil)
        #expect(report.exitStatus == 1)
    }

    @Test func aSimulateCellThatFailsNamesTheAllocationAndTheSweepExitsOne() throws {
        // 100 KiB initial heap: the second session's 16717 B IN buffer finds no block (simulate's own test).
        let report = try SweepCommand.run(SweepRequest(boards: ["ESP32_GENERIC"], idfs: [IDFVersion(5, 4, 2)],
                                                       workloads: ["tls-x2-concurrent", "https-get-x2"], mode: .simulate,
                                                       initialHeap: 100 * 1024),
                                          catalogue: catalogue, library: repositoryWorkloads, jobs: 2)
        #expect(report.rows.map(\.verdict) == [.doesNotFit, .fits])
        #expect(report.rows[0].limitingAllocation?.hasPrefix("tls_b/in_buf (16717 B, malloc)") == true)
        #expect(report.rows[0].initialHeap == 102400)
        // gc_setup_area of a 102400 B area gives 100032 B of pool (SimulateRecommendCLITests).
        #expect(report.rows[0].pythonHeapAtStart == 100032)
        #expect(report.exitStatus == 1)
    }

    /// The same sweep on 1 and on 4 threads: byte-identical JSON and text.
    @Test func theOutputDoesNotDependOnTheNumberOfThreads() throws {
        let request = SweepRequest(boards: ["ESP32_GENERIC", "ESP32_GENERIC-D2WD", "ESP8266_GENERIC"],
                                   idfs: [IDFVersion(5, 4, 1), IDFVersion(5, 4, 2), IDFVersion(5, 2, 2)],
                                   workloads: ["https-get-x2", "tls-x2-concurrent"], mode: .simulate)
        let one = try SweepCommand.run(request, catalogue: catalogue, library: repositoryWorkloads, jobs: 1)
        let four = try SweepCommand.run(request, catalogue: catalogue, library: repositoryWorkloads, jobs: 4)
        #expect(one.rows.count == 2 * 3 * 2 + 2)
        // Every ESP32 board × release runs now (issue 14: 5.2.2 has a figure), the ESP8266 rows are skipped.
        #expect(one.rows.filter { $0.verdict != .skipped }.count == 12)
        for format in TableFormat.allCases {
            #expect(SweepEmitter.render(one, format: format) == SweepEmitter.render(four, format: format))
        }
        let small = SweepRequest(boards: ["ESP32_GENERIC", "ESP32_GENERIC-D2WD"], idfs: [IDFVersion(5, 4, 1), IDFVersion(5, 4, 2)])
        let a = try SweepCommand.run(small, catalogue: catalogue, library: repositoryWorkloads, jobs: 1)
        let b = try SweepCommand.run(small, catalogue: catalogue, library: repositoryWorkloads, jobs: 4)
        #expect(a.rows.allSatisfy { $0.verdict == .fits })
        #expect(SweepEmitter.render(a, format: .json) == SweepEmitter.render(b, format: .json))
        #expect(SweepEmitter.render(a, format: .text) == SweepEmitter.render(b, format: .text))
    }
}

@Suite("work queue")
struct WorkQueueTests {
    /// Jobs that finish in reverse order still come back in input order, each exactly once, and
    /// progress counts every job once, one call at a time.
    @Test func resultsComeBackInInputOrderWhateverTheCompletionOrder() {
        let seen = Counter()
        let results = WorkQueue.map(count: 40, jobs: 4, progress: { done, total, index in seen.record(done, total, index) }) { i in
            Thread.sleep(forTimeInterval: Double(40 - i) * 0.0002)
            return i * i
        }
        #expect(results == (0..<40).map { $0 * $0 })
        #expect(seen.done == Array(1...40))
        #expect(seen.indices.sorted() == Array(0..<40))
        #expect(WorkQueue.map(count: 0, jobs: 4) { $0 } == [])
        #expect(WorkQueue.map(count: 3, jobs: 1) { $0 + 1 } == [1, 2, 3])
    }

    final class Counter: @unchecked Sendable {
        var done: [Int] = []
        var indices: [Int] = []
        func record(_ d: Int, _ total: Int, _ index: Int) {
            done.append(d)
            indices.append(index)
        }
    }
}

@Suite("table formats")
struct TableFormatTests {
    @Test func csvQuotesFieldsWithCommasQuotesAndLineBreaks() {
        let table = FlatTable(header: ["a", "b"], rows: [["x, y", "say \"hi\""], ["plain", "two\nlines"]])
        #expect(table.csv == "a,b\n\"x, y\",\"say \"\"hi\"\"\"\nplain,\"two\nlines\"\n")
    }

    @Test func markdownEscapesPipes() {
        let table = FlatTable(header: ["a", "b"], rows: [["x|y", "z"]])
        #expect(table.markdown == "| a | b |\n| --- | --- |\n| x\\|y | z |\n")
    }
}
