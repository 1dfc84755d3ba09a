import Advisor
import ArgumentParser

/// `heapfit sdkconfig`: parsing and printing only; the work is in `Advisor.EmitCommand`.
struct SdkconfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sdkconfig",
        abstract: "Print (or write) the sdkconfig fragment of a recommendation, spelled for the chosen ESP-IDF release.",
        discussion: """
            Takes the options of `heapfit recommend` and emits the knob changes of its answer as an sdkconfig \
            fragment: exact Kconfig names of the release (checked against its Kconfig files), the options a \
            setting depends on, and above each setting a comment saying why and how many bytes of IDF memory \
            it is worth (replayed). MICROPY_GC_INITIAL_HEAP_SIZE is no Kconfig option: `heapfit board-files` \
            writes it. With --sdkconfig, your build's values are the starting point.

            Example:
              heapfit sdkconfig --board ESP32_GENERIC --idf 5.4.2 \\
                  --workload https-get-x2
              heapfit sdkconfig --idf 4.4 --out sdkconfig.heapfit

            Exit codes: 0 written, 1 no setting exists, 2 bad input (or --out names an existing file without --force).
            """)

    @OptionGroup var options: RecommendationOptions

    @Option(help: "Write the fragment to this file instead of printing it (never over an existing file without --force).")
    var out: String?

    @Flag(help: "With --out: replace the file if it exists.")
    var force = false

    @Flag(help: "Print JSON (settings, notes, the fragment) instead of the fragment.")
    var json = false

    func run() throws {
        let report = try reportingDiagnostics("sdkconfig") { () throws(Diagnostic) in
            if force, out == nil { throw Diagnostic("--force is given without --out", fix: "Add --out FILE, or drop --force") }
            let library = try Library.load()
            let report = try EmitCommand.run(try options.request(library: library), sdkconfig: try options.readSdkconfig(),
                                             library: library)
            if let out { try AtomicFileWriter.write([(out, SdkconfigEmitter.text(report))], force: force) }
            return report
        }
        if json {
            print(SdkconfigEmitter.json(report), terminator: "")
        } else if let out {
            print("Wrote \(out): \(report.fragment.settings.count) setting\(report.fragment.settings.count == 1 ? "" : "s") for ESP-IDF \(report.fragment.idf).")
        } else {
            print(SdkconfigEmitter.text(report), terminator: "")
        }
    }
}
