import Advisor
import ArgumentParser

/// `heapfit sweep`: parsing and printing only; the work is in `Advisor.SweepCommand`.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run recommend (or simulate) for every board, IDF release and workload asked, in parallel; print one table.",
        discussion: """
            Defaults: every board in boards.yaml, each on every IDF release its firmware supports (boards.yaml \
            `firmwareSupport`; `heapfit boards` shows the figures), with the https-get-x2 workload. Where the static \
            DRAM is known only as an interval, a cell runs at both ends: one verdict when they agree, else the \
            threshold found by bisection ("fits if static DRAM ≤ T B"). A combination that cannot run (a chip \
            without ESP-IDF, no firmware for the release) is a row marked skipped, with the reason. Rows come in cell order (board, release oldest first, workload) whatever the number of threads. \
            A progress bar is drawn on stderr when it is a terminal.

            Example:
              heapfit sweep
              heapfit sweep --board ESP32_GENERIC --idf 4.4 --idf 5.4.2 \\
                  --workload mqtt-tls --format markdown
              heapfit sweep --mode simulate --initial-heap 96K --format csv \\
                  --out sweep.csv

            Exit codes: 0 every cell that ran fits, 1 a cell does not fit, has no setting or fits only below a threshold of \
            static DRAM, 2 bad input.
            """)

    @Option(name: .customLong("board"), help: "A board from boards.yaml (repeatable; default: every board).")
    var boards: [String] = []

    @Option(name: .customLong("idf"), help: "An ESP-IDF release (repeatable; default: per board, every release its firmware supports).")
    var idfs: [String] = []

    @Option(help: "Firmware release for every cell, e.g. micropython-1.24 (default: the newest that supports each release).")
    var firmware: String?

    @Option(name: .customLong("workload"), help: "A shipped workload or a YAML file (repeatable; default https-get-x2).")
    var workloads: [String] = []

    @Option(help: "What each cell runs.")
    var mode: SweepMode = .recommend

    @Option(name: .customLong("initial-heap"), parsing: .unconditional, help: "With --mode simulate: the initial Python heap instead of the firmware's.")
    var initialHeap: String?

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        try output.run("sweep", { threads, library, progress throws(Diagnostic) in
            let request = SweepRequest(boards: boards, idfs: try idfs.map { s throws(Diagnostic) in try parseIDF(s) },
                                       firmware: firmware, workloads: workloads, mode: mode,
                                       initialHeap: try initialHeap.map { s throws(Diagnostic) in try parseSize(s, option: "--initial-heap") })
            return try SweepCommand.run(request, library: library, jobs: threads, progress: progress)
        }, render: { SweepEmitter.render($0, format: (try? output.resolvedFormat()) ?? output.format) }, status: \.exitStatus)
    }
}
