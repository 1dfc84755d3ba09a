import Foundation
import Testing
import Model
@testable import Simulator
@testable import Solver
@testable import Advisor

let repositoryWorkloads: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("workloads").path

func prepared(_ board: String, _ idf: IDFVersion, _ workload: String, firmware: String? = nil) throws -> PreparedScenario {
    try PreparedScenario(board: board, idf: idf, firmware: firmware, workload: workload, staticDRAM: nil,
                         catalogue: try CatalogueLoader.load(path: repositoryCatalogue), library: repositoryWorkloads)
}

/// mbedTLS IN buffer levels with costs (a test's own choice; the shipped levels live in knobs.yaml).
let inBufferChoice = KnobChoice(name: "MBEDTLS_SSL_IN_CONTENT_LEN", levels: [16384, 8192, 4096], costs: [0, 2, 6],
                                defaultValue: 16384)

@Test func recommendWithNoArgumentsUsesTheBuiltInDefault() throws {
    let report = try RecommendCommand.run(RecommendationRequest(), catalogue: try CatalogueLoader.load(path: repositoryCatalogue),
                                          library: repositoryWorkloads)
    #expect(report.board == "ESP32_GENERIC")
    // The IDF release the newest MicroPython (1.28) recommends.
    #expect(report.idf == IDFVersion(5, 5, 1))
    #expect(report.firmware.description == "micropython-1.28")
    #expect(report.workloads == ["https-get-x2"])
    #expect(report.initialHeapSize % 1024 == 0)
    #expect(report.idfHeadroom >= RecommendationRequest.defaultHeadroom)
    #expect(report.firmwareDefaultHeap == 56 * 1024)
    // The answer is the largest: one more KiB is what the limiting allocation names.
    #expect(!report.limitingAllocation.isEmpty)
    let json = RecommendationJSONEmitter.render(report)
    for field in ["\"initialHeapSize\"", "\"knobs\"", "\"pythonHeap\"", "\"idfHeadroom\"", "\"limitingAllocation\""] {
        #expect(json.contains(field))
    }
}

@Test func onAPSRAMBoardTheHeapGoesToPSRAMAndNoKnobIsWorthItsCost() throws {
    // ESP32_GENERIC-SPIRAM: MicroPython's SPIRAM_MALLOC_ALWAYSINTERNAL=8192 sends a large initial area
    // to PSRAM, so internal memory never limits it and every knob cost is wasted.
    let report = try RecommendCommand.run(RecommendationRequest(board: "ESP32_GENERIC-SPIRAM", idfs: [IDFVersion(5, 4, 2)]),
                                          catalogue: try CatalogueLoader.load(path: repositoryCatalogue),
                                          library: repositoryWorkloads)
    #expect(report.knobChanges.isEmpty)
    #expect(report.initialHeapSize > 1 << 20)  // megabytes, from the 4 MiB PSRAM window
    // Split heap: ranked by margin, and every size in PSRAM leaves internal RAM alike, so the larger heap wins — the
    // largest that starts.
    let chosen = try #require(report.margins?.objective.chosenFor)
    #expect(chosen.largestAcceptedHeapKiB * 1024 == report.initialHeapSize)
    #expect(chosen.worstIDFFreeNearby == chosen.idfFreeAtLargest)
    #expect(report.limitingAllocation.hasPrefix("the margin objective, not memory"))
}

/// Infeasible on one board: the explanation names the same-chip boards where a setting exists, and
/// each named board really has one (checked by recommending for it), while the boards it leaves out
/// really have none.
@Test func anInfeasibleRequestNamesTheBoardChangesThatFixIt() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let request = RecommendationRequest(board: "ESP32_GENERIC", idfHeadroom: 134 * 1024)
    var message = ""
    do throws(Diagnostic) {
        _ = try RecommendCommand.run(request, catalogue: catalogue, library: repositoryWorkloads)
        Issue.record("134 KiB of headroom does not exist on ESP32_GENERIC")
    } catch {
        message = "\(error)"
        // The kind, not the wording, is what makes it an answer (exit 1) rather than bad input.
        #expect(error.kind == .noSetting)
        #expect(ExitStatus.code(for: error.kind) == 1)
    }
    #expect(message.contains("On another board of the same chip a setting exists"))
    for other in catalogue.boards where other.chip == "ESP32" && other.name != "ESP32_GENERIC" {
        var alternative = request
        alternative.board = other.name
        let fits = (try? RecommendCommand.run(alternative, catalogue: catalogue, library: repositoryWorkloads)) != nil
        #expect(message.contains("\(other.name) (") == fits, "\(other.name): fits \(fits), named \(message.contains(other.name + " ("))")
    }
    #expect(message.contains("ESP32_GENERIC-UNICORE ("))
}
