import Advisor
import ArgumentParser

/// `heapfit whatif`: parsing and printing only; the work is in `Advisor.WhatIfCommand`.
struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Compare a scenario with changed settings side by side: fits or not, Python heap, IDF headroom, first failure.",
        discussion: """
            Replays the baseline (--board, --idf, --firmware, --workload, --initial-heap, --static-dram, --set, \
            as for simulate) and the same scenario with the changes (--to-…, --add, --tls, --less-ram), then \
            prints both side by side with the delta: verdict, Python heap at start / after growth / peak used, \
            the lowest free internal IDF memory and largest block, the headroom over 12 KiB (what recommend \
            keeps), the first failing allocation, and the advisories that apply to either.

            All changes combine into one "changed" column; --each gives one column per change instead. \
            --add COMPONENT and --tls N change the workload itself: added components (and, for --tls, one \
            tcp-socket + tls-session pair per missing session) are opened right after the workload's first \
            step that brings the network up (opens wifi-sta or softap; before the first step if none does) \
            and closed after its last step, so they are open at its peak and their handshakes do not overlap \
            its own. --tls N counts the sessions the workload already has open at its peak. --less-ram N \
            adds N bytes of static DRAM (RAM the heaps lose). --static-dram is your build of the baseline: \
            --to-idf or --to-board use the catalogue's figure for the new release unless --to-static-dram \
            gives one.

            Examples:
              heapfit whatif --board ESP32_GENERIC --idf 5.4.1 \\
                  --workload https-get-x2 --to-idf 5.4.2
              heapfit whatif --board ESP32_GENERIC --idf 5.4.2 \\
                  --workload https-get-x2 --tls 3
              heapfit whatif --board ESP32_GENERIC --idf 5.4.2 \\
                  --workload https-get-x2 --add ble --to-initial-heap 48K
              heapfit whatif --board ESP32_GENERIC --idf 5.4.2 \\
                  --workload tls-x2-concurrent --initial-heap 96K \\
                  --to-set MBEDTLS_SSL_IN_CONTENT_LEN=4096 --less-ram 8K --each --json

            Exit codes: 0 the changed scenario fits (every one with --each), 1 it does not, 2 bad input.
            """)

    /// The baseline: the same options as `heapfit simulate`.
    @OptionGroup var baseline: ScenarioOptions

    @Option(name: .customLong("to-board"), help: "Change: another board.")
    var toBoard: String?

    @Option(name: .customLong("to-idf"), help: "Change: another ESP-IDF release, e.g. 5.4.2.")
    var toIDF: String?

    @Option(name: .customLong("to-firmware"), help: "Change: another firmware release, e.g. micropython-1.25.")
    var toFirmware: String?

    @Option(name: .customLong("to-static-dram"), parsing: .unconditional, help: "Change: the static DRAM of the changed build.")
    var toStaticDRAM: String?

    @Option(name: .customLong("less-ram"), parsing: .unconditional, help: "Change: N bytes less RAM for the heaps (static DRAM grows by N), e.g. 8K.")
    var lessRAM: String?

    @Option(name: .customLong("to-initial-heap"), parsing: .unconditional, help: "Change: the initial Python heap, e.g. 48K.")
    var toInitialHeap: String?

    @Option(name: .customLong("to-set"), parsing: .singleValue, help: "Change: a knob KNOB=VALUE (repeatable).")
    var toKnobs: [String] = []

    @Option(name: .customLong("add"), parsing: .singleValue, help: "Change: open a component of workloads/components for the whole workload (repeatable), e.g. ble.")
    var add: [String] = []

    @Option(name: .customLong("tls"), parsing: .unconditional, help: "Change: N TLS sessions open at the workload's peak (adds socket + session pairs).")
    var tls: String?

    @Flag(help: "One column per change instead of one column with all of them.")
    var each = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Print only the verdict lines: each column's verdict, lowest free IDF memory and first failure, without the table.")
    var brief = false

    func run() throws {
        let report = try reportingDiagnostics("whatif") { () throws(Diagnostic) -> WhatIfReport in
            let library = try Library.load()
            let baseline = try self.baseline.request(library: library)
            var changes: [WhatIfChange] = []
            if let toBoard { changes.append(.board(toBoard)) }
            if let toIDF { changes.append(.idf(try parseIDF(toIDF))) }
            if let toFirmware { changes.append(.firmware(toFirmware)) }
            if let s = toStaticDRAM { changes.append(.staticDRAM(try parseSize(s, option: "--to-static-dram"))) }
            if let s = lessRAM { changes.append(.lessRAM(try parseSize(s, option: "--less-ram"))) }
            if let s = toInitialHeap { changes.append(.initialHeap(try parseSize(s, option: "--to-initial-heap"))) }
            for s in toKnobs {
                let (name, value) = try parseKnob(s)
                changes.append(.knob(name, value))
            }
            changes += add.map { .add(component: $0) }
            if let s = tls {
                guard let n = Int(s), n >= 0 else {
                    throw Diagnostic("'\(s)' given with --tls is not a number of TLS sessions", expected: "a count such as 3",
                                     fix: "Correct --tls")
                }
                changes.append(.tlsSessions(n))
            }
            return try WhatIfCommand.run(WhatIfRequest(baseline: baseline, changes: changes, each: each), library: library)
        }
        if json { print(WhatIfJSONEmitter.render(report), terminator: "") } else { printWrapped(WhatIfTextEmitter.render(report, brief: brief)) }
        if !report.fits { throw ExitCode(1) }
    }
}
