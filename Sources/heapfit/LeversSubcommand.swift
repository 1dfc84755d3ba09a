import Advisor
import ArgumentParser

/// `heapfit levers`: parsing and printing only; the work is in `Advisor.LeversCommand`.
struct Levers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "levers",
        abstract: "List what a board can set on the Python heap, per firmware release, with the upstream sources.",
        discussion: """
            Per lever: what it controls (initial heap, auto growth, the allocator of GC areas, the growth \
            limit, CircuitPython's Python stack, PSRAM reserve or malloc threshold), how a board sets it (a \
            define in mpconfigboard.h, a C file in the board folder, settings.toml, sdkconfig, or only a \
            one-line port patch), its values, default and where the memory comes from, and the source lines \
            at the release tags. With --firmware, the levers of that release and what it does not offer. \
            The table is workloads/levers/levers.yaml (docs/levers.md).

            Examples:
              heapfit levers
              heapfit levers --firmware circuitpython-9.2 --json

            Exit codes: 0 listed, 2 bad input (an unknown release, a malformed levers file).
            """)

    @Option(help: "A firmware release, e.g. micropython-1.24 or circuitpython-9.2 (default: every release).")
    var firmware: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let report = try reportingDiagnostics("levers") { () throws in
            try LeversCommand.run(LeversRequest(firmware: firmware))
        }
        print(json ? LeversJSONEmitter.render(report) : LeversTextEmitter.render(report), terminator: "")
    }
}
