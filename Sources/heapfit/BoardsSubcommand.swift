import Advisor
import ArgumentParser

/// `heapfit boards`: parsing and printing only; the work is in `Advisor.BoardsCommand`.
struct Boards: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boards",
        abstract: "List the catalogue's boards, their memory features and the static sizes known per ESP-IDF release.",
        discussion: """
            A variant is its own board, named BOARD-VARIANT (e.g. ESP32_GENERIC-SPIRAM): pass that name \
            to --board. Each figure shows its confidence (measured, derived, estimated, unknown) and source.

            Examples:
              heapfit boards
              heapfit boards --chip ESP32-S3 --idf 5.4.2 --json

            Exit codes: 0 listed, 2 bad input (an unknown chip or release, a catalogue that does not load).
            """)

    @Option(help: "Only boards on this chip, e.g. ESP32-S3.")
    var chip: String?

    @Option(help: "Only this ESP-IDF release, e.g. 5.4.2.")
    var idf: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        try reportingDiagnostics("boards") {
            let version = try idf.map { s throws(Diagnostic) in try parseIDF(s) }
            let catalogue = try Library.loadCatalogue()
            let report = try BoardsCommand.report(catalogue: catalogue, chip: chip, idf: version)
            if json { print(BoardsEmitter.json(report), terminator: "") } else { printWrapped(BoardsEmitter.text(report)) }
        }
    }
}
