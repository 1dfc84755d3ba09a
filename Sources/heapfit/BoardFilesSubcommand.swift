import Advisor
import ArgumentParser

/// `heapfit board-files`: parsing and printing only; the work is in `Advisor.EmitCommand` and `BoardFiles`.
struct BoardFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board-files",
        abstract: "Write what a board folder needs for a recommendation: mpconfigboard.h, mpconfigboard.cmake, sdkconfig.heapfit (MicroPython) or settings.toml, sdkconfig.heapfit (CircuitPython).",
        discussion: """
            Takes the options of `heapfit recommend`. The initial heap is set with the lever the firmware \
            release has (`heapfit levers`): for MicroPython 1.22+ mpconfigboard.h defines \
            MICROPY_GC_INITIAL_HEAP_SIZE; for CircuitPython 9+ settings.toml sets CIRCUITPY_HEAP_START_SIZE; \
            where only a port patch sets it (MicroPython ≤ 1.21, CircuitPython 8) no define is written and \
            the output says which patch. mpconfigboard.cmake holds the SDKCONFIG_DEFAULTS line that adds the \
            fragment last, sdkconfig.heapfit is the fragment of `heapfit sdkconfig`. All files are written or \
            none: when one exists and --force is not given, nothing is written.

            Example:
              heapfit board-files --board ESP32_GENERIC --idf 5.4.2 \\
                  --workload https-get-x2 --out boards/MY_BOARD

            Exit codes: 0 written, 1 no setting exists, 2 bad input (or a file exists without --force).
            """)

    @OptionGroup var options: RecommendationOptions

    @Option(help: "The board folder to write into (created when missing; existing files need --force).")
    var out: String

    @Option(name: .customLong("board-name"), help: "The board folder's name in ports/esp32/boards (default: the --out folder's name).")
    var boardName: String?

    @Flag(help: "Replace the files if they exist.")
    var force = false

    @Flag(help: "Print JSON (each file's name, path and contents) instead of the list of files.")
    var json = false

    func run() throws {
        let (report, files) = try reportingDiagnostics("board-files") { () throws in
            if OutputPath.isFile(out) {
                throw Diagnostic("--out \(out) is a file, not a directory", fix: "Choose a board folder for --out")
            }
            let name = boardName ?? OutputPath.folderName(out)
            let library = try Library.load()
            let report = try EmitCommand.run(try options.request(library: library), sdkconfig: try options.readSdkconfig(),
                                             library: library)
            let files = try BoardFiles.make(report, boardName: name)
            try AtomicFileWriter.write(files.files.map { (OutputPath.join(out, $0.name), $0.contents) }, force: force,
                                        createDirectories: true)
            return (report, files)
        }
        print(json ? BoardFilesEmitter.json(files, report: report, directory: out)
                   : BoardFilesEmitter.text(files, report: report, directory: out), terminator: "")
    }
}
