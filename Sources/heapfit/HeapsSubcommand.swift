import Advisor
import ArgumentParser

/// `heapfit heaps`: parsing and printing only; the work is in `Advisor.HeapsCommand`.
struct Heaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heaps",
        abstract: "Boot a board's region map and show its heaps as ESP-IDF registers them.",
        discussion: """
            Prints the `heap_init: At …` lines ESP-IDF prints at boot, then, per heap, what \
            esp32.idf_heap_info() would report when app_main starts. A board variant is named \
            BOARD-VARIANT (e.g. ESP32_GENERIC-SPIRAM); `heapfit boards` lists them. For ESP8266 \
            (no ESP-IDF), it says what is known and what cannot be shown.

            Examples:
              heapfit heaps --board ESP32_GENERIC --idf 5.4.2
              heapfit heaps --board ESP32_GENERIC_S3 --idf 5.4.2 --static-dram 0x1A2B0 \\
                  --json

            Exit codes: 0 shown, 2 bad input (unknown board or release, static sizes unknown without --static-dram).
            """)

    @Option(help: "Board name from `heapfit boards`, e.g. ESP32_GENERIC-SPIRAM.")
    var board: String = RecommendationRequest.defaultBoard

    @Option(help: "ESP-IDF release, e.g. 5.4.2 (default: the newest the board has data for; not for ESP8266).")
    var idf: String?

    @Option(name: .customLong("static-dram"), parsing: .unconditional,
            help: "Static DRAM of your build (idf.py size \"Used static DRAM\"): 57344, 0xE000 or 56K.")
    var staticDRAM: String?

    @Option(name: .customLong("static-iram"), parsing: .unconditional,
            help: "Static IRAM of your build (idf.py size \"Used static IRAM\").")
    var staticIRAM: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        try reportingDiagnostics("heaps") {
            let dram = try size(staticDRAM, option: "--static-dram", figure: "Used static DRAM")
            let iram = try size(staticIRAM, option: "--static-iram", figure: "Used static IRAM")
            let catalogue = try Library.loadCatalogue()
            let found = try catalogue.board(named: board)
            if catalogue.chip(named: found.chip)?.kind == .nonOS {
                if let idf {
                    throw Diagnostic("\(found.name) does not run ESP-IDF, so --idf \(idf) does not apply",
                                     fix: "Run `heapfit heaps --board \(found.name)` without --idf")
                }
                let report = try NonOSHeapsCommand.report(catalogue: catalogue, boardName: board, staticDRAM: dram)
                if json { print(NonOSHeapsEmitter.json(report), terminator: "") } else { printWrapped(NonOSHeapsEmitter.text(report)) }
                return
            }
            let version = try resolveIDF(idf, board: found.name, catalogue: catalogue)
            let report = try HeapsCommand.report(catalogue: catalogue, boardName: board, idf: version,
                                                  staticDRAM: dram, staticIRAM: iram)
            if json { print(HeapsJSONEmitter.render(report), terminator: "") } else { printWrapped(HeapsTextEmitter.render(report)) }
        }
    }

    private func size(_ text: String?, option: String, figure: String) throws(Diagnostic) -> Int? {
        guard let text else { return nil }
        guard let n = SizeParser.parse(text) else {
            throw Diagnostic("'\(text)' given with \(option) is not a size in bytes",
                             expected: "a non-negative byte count such as 53948, 0xD2BC or 52K",
                             fix: "Pass the \"\(figure)\" figure of `idf.py size`")
        }
        return n
    }
}
