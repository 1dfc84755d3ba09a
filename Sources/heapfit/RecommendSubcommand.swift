import Advisor
import ArgumentParser
import Foundation
import Model

/// `heapfit recommend`: parsing and printing only; the work is in `Advisor.RecommendCommand`.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend MICROPY_GC_INITIAL_HEAP_SIZE and sdkconfig knobs for a board, an IDF release and workloads.",
        discussion: """
            Searches initial heap sizes and knob levels with an integer program (GLPK), proves the answer \
            by replaying every workload in the simulator, and says what limits it. With no options it \
            answers for ESP32_GENERIC, the newest IDF release the newest MicroPython supports (with known \
            static sizes), and the https-get-x2 workload.

            Example:
              heapfit recommend
              heapfit recommend --board ESP32_GENERIC-SPIRAM --idf 5.4.2 --workload mqtt-tls --workload https-get-x2 --json

            Exit codes: 0 a recommendation, 1 none exists (the diagnostic says why), 2 bad input.
            """)

    @Option(help: "Board name from boards.yaml (default ESP32_GENERIC).")
    var board: String?

    @Option(name: .customLong("idf"), help: "ESP-IDF release (repeatable: one setting for all; default: the newest the newest MicroPython supports with known static sizes).")
    var idfs: [String] = []

    @Option(help: "Firmware release, e.g. micropython-1.24 (default: the newest that supports --idf).")
    var firmware: String?

    @Option(name: .customLong("workload"), help: "A shipped workload or a YAML file (repeatable; default https-get-x2).")
    var workloads: [String] = []

    @Option(name: .customLong("static-dram"), parsing: .unconditional, help: "Static DRAM of your build (idf.py size \"Used static DRAM\").")
    var staticDRAM: String?

    @Option(name: .customLong("idf-headroom"), parsing: .unconditional, help: "Free internal IDF memory to keep at the workload's peak (default 12K).")
    var idfHeadroom: String?

    @Option(name: .customLong("cost-weight"), parsing: .unconditional, help: "Weight of knob costs against 1 KiB of Python heap (default 1; 0 ignores them).")
    var costWeight: Double = 1

    @Option(name: .customLong("keep"), help: "A knob the optimiser must leave at its default (repeatable).")
    var keep: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let outcome: Result<RecommendationReport, Diagnostic> = try reportingDiagnostics("recommend") { () throws(Diagnostic) in
            guard costWeight >= 0, costWeight.isFinite else {
                throw Diagnostic("--cost-weight \(costWeight) is not a non-negative number", fix: "Pass e.g. --cost-weight 0.5")
            }
            let request = RecommendationRequest(
                board: board, idfs: try idfs.map { s throws(Diagnostic) in try parseIDF(s) }, firmware: firmware,
                workloads: workloads, staticDRAM: try staticDRAM.map { s throws(Diagnostic) in try parseSize(s, option: "--static-dram") },
                idfHeadroom: try idfHeadroom.map { s throws(Diagnostic) in try parseSize(s, option: "--idf-headroom") }
                    ?? RecommendationRequest.defaultHeadroom,
                costWeight: costWeight, fixedKnobs: keep)
            let catalogue = try CatalogueLoader.load(path: try CatalogueLocator.locate())
            let library = try ResourceLocator.workloads()
            do throws(Diagnostic) {
                return .success(try RecommendCommand.run(request, catalogue: catalogue, library: library))
            } catch {
                // "No setting works" is an answer (exit 1); anything else is bad input (exit 2).
                guard error.what.hasPrefix("No setting") else { throw error }
                return .failure(error)
            }
        }
        switch outcome {
        case .success(let report):
            print(json ? RecommendationJSONEmitter.render(report) : RecommendationTextEmitter.render(report), terminator: "")
        case .failure(let d):
            FileHandle.standardError.write(Data(("heapfit recommend: " + d.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
