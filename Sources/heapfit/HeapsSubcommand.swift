import Advisor
import ArgumentParser
import Foundation
import Model

/// `heapfit heaps`: parsing and printing only; the work is in `Advisor.HeapsCommand`.
struct Heaps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heaps",
        abstract: "Boot a board's region map and show its heaps as ESP-IDF registers them.",
        discussion: """
            Prints the `heap_init: At …` lines ESP-IDF prints at boot, then, per heap, what \
            esp32.idf_heap_info() would report before any task allocates.
            """)

    @Option(help: "Board name from boards.yaml, e.g. ESP32_GENERIC.")
    var board: String

    @Option(help: "ESP-IDF release, e.g. 5.4.2.")
    var idf: String

    @Option(name: .customLong("static-dram"), parsing: .unconditional,
            help: "Static DRAM of your build (idf.py size \"Used static DRAM\"): 57344, 0xE000 or 56K.")
    var staticDRAM: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        do {
            guard let version = IDFVersion(parsing: idf) else {
                throw Diagnostic("'\(idf)' given with --idf is not an ESP-IDF release",
                                 expected: "a version such as 5.4.2 or v4.4", fix: "Correct the --idf value")
            }
            var dram: Int?
            if let text = staticDRAM {
                guard let n = SizeParser.parse(text) else {
                    throw Diagnostic("'\(text)' given with --static-dram is not a size in bytes",
                                     expected: "a non-negative byte count such as 53948, 0xD2BC or 52K",
                                     fix: "Pass the \"Used static DRAM\" figure of `idf.py size`")
                }
                dram = n
            }
            let catalogue = try CatalogueLoader.load(path: try CatalogueLocator.locate())
            let report = try HeapsCommand.report(catalogue: catalogue, boardName: board, idf: version, staticDRAM: dram)
            print(json ? HeapsJSONEmitter.render(report) : HeapsTextEmitter.render(report), terminator: "")
        } catch let d as Diagnostic {
            FileHandle.standardError.write(Data(("heapfit heaps: " + d.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}
