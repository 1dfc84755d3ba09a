import Advisor
import ArgumentParser

/// `heapfit import`: parsing and printing only; the work is in `Advisor.ImportCommand`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read what a board printed (boot log, idf_heap_info, heap dump, mem_info, idf.py size) and turn it into a boards.yaml entry.",
        discussion: """
            Recognises the format by itself. For a boot log it derives the chip, features and static DRAM/IRAM \
            whose simulated boot prints the same heap_init lines, and prints them as a boards.yaml entry; for \
            idf.py size output it takes the static sizes. With --board (and --idf) it compares the file with that \
            catalogue board. --out writes the entry to a new file (never over an existing one without --force).

            Examples:
              heapfit import boot.log
              heapfit import idf_heap_info.txt --board ESP32_GENERIC --idf 5.4.2 --json
              heapfit import boot.log --out my-board.yaml

              heapfit import probe.log                      (the output of a heapfit probe script)
              heapfit import trace.txt --as-component my-tls \\
                  --out components/my-tls.yaml

            --as-component NAME turns a heap_trace_dump() into a component (workloads' components/NAME.yaml): \
            the traced allocations in order, with their sizes and memory (Internal/PSRAM); a workload next to \
            the file opens it with `open: NAME`.

            Exit codes: 0 imported (and compared, with --board), 2 bad input (unrecognised or truncated file, existing --out).
            """)

    @Argument(help: "The file to import: a saved serial log, REPL output, or idf.py size output (text or JSON).")
    var file: String

    @Option(help: "A boards.yaml board to compare with, e.g. ESP32_GENERIC.")
    var board: String?

    @Option(help: "The ESP-IDF release of the file, e.g. 5.3.2 (boot logs usually print it).")
    var idf: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(help: "Write the boards.yaml entry (with --as-component: the component) to this file.")
    var out: String?

    @Flag(help: "With --out: replace the file if it exists.")
    var force = false

    @Option(name: .customLong("as-component"), help: "Turn the file's heap_trace_dump() into a component with this name (printed, or written to --out).")
    var asComponent: String?

    func run() throws {
        try reportingDiagnostics("import") {
            let version = try idf.map { s throws(Diagnostic) in try parseIDF(s) }
            if force, out == nil {
                throw Diagnostic("--force is given without --out", fix: "Add --out FILE, or drop --force")
            }
            let contents = try read(file)
            if let asComponent {
                let imported = try ImportRecognizer.recognise(ImportText(file: file, contents: contents))
                guard let trace = imported.sections.lazy.compactMap({ s -> HeapTraceDump? in
                    if case .heapTrace(let t) = s { return t }
                    return nil
                }).first else {
                    throw Diagnostic("\(file) holds no heap_trace_dump() output to turn into component \(asComponent)", file: file,
                                     expected: ImportFormat.heapTrace.expects,
                                     fix: "Trace with heap_trace_init_standalone/heap_trace_start/heap_trace_stop and save what heap_trace_dump() prints")
                }
                let yaml = try TraceComponent.yaml(trace, name: asComponent, file: file)
                if let out {
                    try OutputFile.write(yaml, to: out, force: force)
                    announceWrote(out, "component \(asComponent) (a workload next to components/ opens it with `open: \(asComponent)`)")
                } else {
                    print(yaml, terminator: "")
                }
                return
            }
            let catalogue = try Library.loadCatalogue()
            let report = try ImportCommand.report(file: file, contents: contents, catalogue: catalogue, board: board, idf: version)
            if let out {
                guard let entry = report.boardEntry else {
                    throw Diagnostic("Nothing to write to \(out): no boards.yaml entry could be made from \(file)",
                                     expected: "a boot log whose heaps boards.yaml reproduces, or idf.py size output, with its ESP-IDF release",
                                     fix: "Run without --out to see why (the notes at the end)")
                }
                try OutputFile.write(entry.yaml, to: out, force: force)
            }
            print(json ? ImportJSONEmitter.render(report) : ImportTextEmitter.render(report), terminator: "")
            if let out { announceWrote(out, "the boards.yaml entry (append it under `boards:`)", onStderr: json) }
        }
    }

    /// The file's text; a diagnostic when it cannot be read or is too large to be a log.
    func read(_ path: String) throws(Diagnostic) -> String {
        let data = try InputFile.read(path, what: "a file to import", limit: InputFile.importLimit)
        return String(decoding: data, as: UTF8.self)
    }
}
