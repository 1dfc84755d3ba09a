import Advisor
import ArgumentParser
import Foundation
import Model

/// `heapfit simulate`: parsing and printing only; the work is in `Advisor.SimulateCommand`.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a workload on a board and say whether it fits, and if not, which allocation fails.",
        discussion: """
            Boots the board on the IDF release, starts the firmware (its Python heap policy), replays the \
            workload and reports per step the IDF heaps and the Python heap, then the verdict: fits, with the \
            lowest headroom and where, or the first failing allocation with the largest block each heap had.

            Example:
              heapfit simulate --board ESP32_GENERIC --idf 5.4.2 --workload https-get-x2
              heapfit simulate --board ESP32_GENERIC --idf 5.4.2 --workload https-get-x2 --initial-heap 48K \\
                  --set MBEDTLS_SSL_IN_CONTENT_LEN=4096 --json
              heapfit simulate --board ESP8266_GENERIC --workload esp8266-https-get --static-dram 60K

            Exit codes: 0 fits, 1 does not fit, 2 bad input.
            """)

    @Option(help: "Board name from boards.yaml, e.g. ESP32_GENERIC.")
    var board: String

    @Option(help: "ESP-IDF release, e.g. 5.4.2 (default: the newest the board has data for; none on ESP8266).")
    var idf: String?

    @Option(help: "Firmware release, e.g. micropython-1.24, circuitpython-9.2 (default: the newest that supports --idf).")
    var firmware: String?

    @Option(help: "A shipped workload name (e.g. https-get-x2) or a path to a workload YAML file.")
    var workload: String

    @Option(name: .customLong("initial-heap"), parsing: .unconditional, help: "Initial Python heap size instead of the firmware's: 56K, 57344, 0xE000.")
    var initialHeap: String?

    @Option(name: .customLong("static-dram"), parsing: .unconditional, help: "Static DRAM of your build (idf.py size \"Used static DRAM\").")
    var staticDRAM: String?

    @Option(name: .customLong("set"), parsing: .singleValue, help: "Set a knob: KNOB=VALUE (repeatable), e.g. MBEDTLS_SSL_IN_CONTENT_LEN=4096.")
    var knobs: [String] = []

    @Option(help: "Your build's sdkconfig: its knob values replace the defaults (--set still wins).")
    var sdkconfig: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let report = try reportingDiagnostics("simulate") { () throws(Diagnostic) -> SimulationReport in
            let catalogue = try CatalogueLoader.load(path: try CatalogueLocator.locate())
            let release = try resolveIDF(idf, board: board, catalogue: catalogue)
            var request = SimulationRequest(board: board, idf: release, firmware: firmware, workload: workload,
                                            initialHeap: try initialHeap.map { s throws(Diagnostic) in try parseSize(s, option: "--initial-heap") },
                                            staticDRAM: try staticDRAM.map { s throws(Diagnostic) in try parseSize(s, option: "--static-dram") },
                                            knobs: try knobs.map { s throws(Diagnostic) in try parseKnob(s) })
            let library = try ResourceLocator.workloads()
            if let sdkconfig {
                let values = try SdkconfigBaseline.knobValues(try SdkconfigBaseline.read(sdkconfig), library: library)
                request.knobs = values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + request.knobs
            }
            return try SimulateCommand.run(request, catalogue: catalogue, library: library,
                                           advisories: try AdvisoryLibrary.load(library: library, catalogue: catalogue))
        }
        print(json ? SimulationJSONEmitter.render(report) : SimulationTextEmitter.render(report), terminator: "")
        if !report.result.fits { throw ExitCode(1) }
    }
}
