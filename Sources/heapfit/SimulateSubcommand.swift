import Advisor
import ArgumentParser

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
              heapfit simulate --board ESP8266_GENERIC --workload esp8266-https-get \\
                  --static-dram 60K

            Where boards.yaml gives the board's static DRAM only as an interval (no published figure), the replay \
            shown is at its upper end (the worst case) and the verdict is given over the interval: one verdict when \
            both ends agree, else the largest static DRAM that still fits (bisection on replays, to 64 B). \
            --static-dram gives the exact answer for your build.

            Exit codes: 0 fits (at the interval's upper end), 1 does not fit, 2 bad input.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Print only the verdict lines: the verdict or the first failure and the Python heap, without the per-step table.")
    var brief = false

    func run() throws {
        let report = try reportingDiagnostics("simulate") { () throws(Diagnostic) -> SimulationReport in
            let library = try Library.load()
            return try SimulateCommand.run(try scenario.request(library: library), library: library)
        }
        if json { print(SimulationJSONEmitter.render(report), terminator: "") } else { printWrapped(SimulationTextEmitter.render(report, brief: brief)) }
        if !report.fits { throw ExitCode(1) }
    }
}
