import Advisor
import ArgumentParser

/// `heapfit map`: parsing and printing only; the work is in `Advisor.MapCommand` and `HeapMapSVGEmitter`.
struct Map: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw every heap as an SVG bar at the workload's peak or at its failing allocation.",
        discussion: """
            Runs the same scenario as heapfit simulate and draws, to scale, each registered IDF heap with its \
            blocks coloured by the component that holds them, the Python heap's areas with their used and \
            free blocks, and free space; --timeline adds free memory and largest free block per heap over the \
            steps. Open the SVG in a browser: every block has a tooltip with its address, size and owner.

            --at: failure (the first failing allocation), peak (the moment free internal IDF memory is \
            lowest) or step:N (the end of step N as heapfit simulate numbers it). Default: failure if the \
            workload fails, else peak.

            Example:
              heapfit map --board ESP32_GENERIC --idf 5.4.2 --workload https-get-x2 \\
                  --timeline --out map.svg
              heapfit map --workload https-get-x2 --at failure --json

            Exit codes: 0 fits (map written), 1 does not fit (map written), 2 bad input.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: "The moment to draw: peak, failure or step:N.")
    var at: String?

    @Flag(help: "Add a chart of free memory and largest free block per heap over the steps.")
    var timeline = false

    @Option(help: "Write the SVG to this file instead of standard output.")
    var out: String?

    @Flag(help: "With --out: replace the file if it exists.")
    var force = false

    @Flag(help: "Print (or write with --out) the heaps at that moment as JSON instead of SVG: every block with its owner.")
    var json = false

    func run() throws {
        let drawn = try reportingDiagnostics("map") { try draw() }
        if let out {
            announceWrote(out, json ? "the heaps as JSON" : "the heap map (open it in a browser)")
        } else {
            print(drawn.svg, terminator: "")
        }
        if !drawn.report.result.fits { throw ExitCode(1) }
    }

    /// The report and its SVG (already written when --out is given).
    struct Drawn {
        var report: HeapMapReport
        var svg: String
    }

    func draw() throws(Diagnostic) -> Drawn {
        if force, out == nil { throw Diagnostic("--force is given without --out", fix: "Add --out FILE, or drop --force") }
        let moment = try at.map { s throws(Diagnostic) -> MapMoment in
            guard let m = MapMoment(parsing: s) else {
                throw Diagnostic("'\(s)' given with --at is not a moment", expected: "peak, failure or step:N (N ≥ 1)",
                                 fix: "Correct --at, or leave it out to draw the failure, or the peak when the workload fits")
            }
            return m
        } ?? .automatic
        let library = try Library.load()
        let simulation = try scenario.request(library: library)
        let report = try MapCommand.run(MapRequest(simulation: simulation, moment: moment, timeline: timeline), library: library)
        let svg = json ? HeapMapJSONEmitter.render(report) : HeapMapSVGEmitter.render(report)
        if let out { try OutputFile.write(svg, to: out, force: force) }
        return Drawn(report: report, svg: svg)
    }
}
