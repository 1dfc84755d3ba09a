import Advisor
import ArgumentParser

/// `heapfit diff`: parsing and printing only; the work is in `Advisor.DiffCommand`.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What an ESP-IDF bump does, per board: static DRAM/IRAM, heaps at boot, recommended settings and headroom.",
        discussion: """
            Compares two ESP-IDF releases (the old one first) on every board with known static sizes on both \
            (or the --board ones): static DRAM and IRAM, each heap's size and free bytes when app_main starts, the \
            largest free block, and per workload (default https-get-x2) the recommended initial heap, knob changes \
            and IDF headroom, each with its change. Boards that cannot be compared are listed with the reason.

            Example:
              heapfit diff --idf 4.4 --idf 5.4.2 --board ESP32_GENERIC
              heapfit diff --idf 5.4.1 --idf 5.4.2 --workload mqtt-tls --format markdown

            Exit codes: 0 every workload has a setting on both releases, 1 one has none, 2 bad input.
            """)

    @Option(name: .customLong("idf"), help: "The two ESP-IDF releases to compare, old then new: --idf 4.4 --idf 5.4.2.")
    var idfs: [String] = []

    @Option(name: .customLong("board"), help: "A board from boards.yaml (repeatable; default: every board with data on both releases).")
    var boards: [String] = []

    @Option(name: .customLong("workload"), help: "A shipped workload or a YAML file (repeatable; default https-get-x2).")
    var workloads: [String] = []

    @Option(help: "Firmware release for both, e.g. micropython-1.24 (default: the newest that supports each release).")
    var firmware: String?

    @OptionGroup var output: TableOutputOptions

    func run() throws {
        try output.run("diff", { threads, library, progress throws(Diagnostic) in
            guard idfs.count == 2 else {
                throw Diagnostic("diff compares two ESP-IDF releases; \(idfs.count) --idf given",
                                 expected: "--idf OLD --idf NEW, e.g. --idf 4.4 --idf 5.4.2", fix: "Give --idf exactly twice")
            }
            let request = DiffRequest(from: try parseIDF(idfs[0]), to: try parseIDF(idfs[1]), boards: boards,
                                      workloads: workloads, firmware: firmware)
            return try DiffCommand.run(request, library: library, jobs: threads, progress: progress)
        }, render: { DiffEmitter.render($0, format: (try? output.resolvedFormat()) ?? output.format) }, status: \.exitStatus)
    }
}
