import Advisor
import ArgumentParser

/// `heapfit calibrate`: fits a workload's sizes to a probe log and writes the calibrated workload.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a workload's component and Python sizes to what your board printed (a probe log) and write the calibrated workload.",
        discussion: """
            Replays the workload on the board, compares every checkpoint of the log (free IDF memory, GC bytes in \
            use) with the replay, and solves a linear program (GLPK; least absolute deviation) for the bytes each \
            component's instances hold beyond the shipped component and each Python step's object size, within \
            bounds around the shipped values. Prints each checkpoint before and after, and writes the calibrated \
            workload (default: <workload>-calibrated.yaml) for simulate/recommend/whatif --workload.

            Examples:
              heapfit calibrate probe.log --workload https-get-x2 \\
                  --board ESP32_GENERIC --idf 5.4.2
              heapfit recommend --board ESP32_GENERIC \\
                  --workload https-get-x2-calibrated.yaml

            Exit codes: 0 calibrated, 2 bad input (not a probe log, unknown workload, existing --out).
            """)

    @Argument(help: "The output of a heapfit probe script (mpremote run probe.py > probe.log).")
    var log: String

    @Option(help: "The workload the probe ran: a shipped name or a workload YAML file.")
    var workload: String

    @Option(help: "Board name from boards.yaml (default ESP32_GENERIC).")
    var board: String = "ESP32_GENERIC"

    @Option(help: "ESP-IDF release of the board's firmware (default: the newest the board has data for).")
    var idf: String?

    @Option(help: "Firmware release (default: the one the log names).")
    var firmware: String?

    @Option(name: .customLong("static-dram"), parsing: .unconditional, help: "Static DRAM of your build (idf.py size \"Used static DRAM\").")
    var staticDRAM: String?

    @Option(help: "Write the calibrated workload here (default: <workload>-calibrated.yaml).")
    var out: String?

    @Flag(help: "Replace --out if it exists.")
    var force = false

    func run() throws {
        try reportingDiagnostics("calibrate") {
            let (catalogue, library) = try Library.load().parts
            let release = try resolveIDF(idf, board: board, catalogue: catalogue)
            let text = String(decoding: try InputFile.read(log, what: "a probe log", limit: InputFile.importLimit), as: UTF8.self)
            let base = OutputPath.stem(workload)
            let path = out ?? "\(base)-calibrated.yaml"
            try OutputPath.refuseExisting(path, force: force, holding: "the calibrated workload")
            let request = CalibrationRequest(board: board, idf: release, firmware: firmware, workload: workload,
                                             staticDRAM: try staticDRAM.map { s throws(Diagnostic) in try parseSize(s, option: "--static-dram") },
                                             logFile: log, log: text, output: path)
            let report = try CalibrateCommand.run(request, catalogue: catalogue, library: library)
            try OutputFile.write(report.yaml, to: path, force: force)
            print(CalibrationTextEmitter.render(report, written: path), terminator: "")
        }
    }
}
