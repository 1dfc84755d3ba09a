import Advisor
import ArgumentParser

/// `heapfit recommend`: parsing and printing only; the work is in `Advisor.RecommendCommand`.
struct Recommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend MICROPY_GC_INITIAL_HEAP_SIZE and sdkconfig knobs for a board, an IDF release and workloads.",
        discussion: """
            Searches initial heap sizes and knob levels with an integer program (GLPK), proves the answer \
            by replaying every workload in the simulator, and says what limits it. With no options it \
            answers for ESP32_GENERIC, the IDF release the newest MicroPython recommends, and the https-get-x2 \
            workload; with --firmware alone, the IDF release that firmware recommends. Where boards.yaml gives the \
            static DRAM only as an interval, the setting is the one that works at the upper end (the worst case); \
            where none does, the one found at the lower end with the largest static DRAM it works at.

            Example:
              heapfit recommend
              heapfit recommend --workload docs/examples/ble-sensor-gateway.yaml --brief
              heapfit recommend --board ESP32_GENERIC-SPIRAM --idf 5.4.2 \\
                  --workload mqtt-tls --workload https-get-x2 --json

            Exit codes: 0 a recommendation, 1 none exists (the diagnostic says why), 2 bad input.
            """)

    @OptionGroup var options: RecommendationOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Print only the verdict lines: the answer, the knob changes, the firmware default and what the answer tolerates.")
    var brief = false

    func run() throws {
        let report = try reportingDiagnostics("recommend") { () throws(Diagnostic) in
            let library = try Library.load()
            return try RecommendCommand.run(try options.request(library: library), library: library)
        }
        if json { print(RecommendationJSONEmitter.render(report), terminator: "") } else { printWrapped(RecommendationTextEmitter.render(report, brief: brief)) }
    }
}
