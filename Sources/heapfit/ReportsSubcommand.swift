import Advisor
import ArgumentParser

/// `heapfit reports`: the field reports, and the scorecard of the model against them.
struct Reports: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "List the field reports (what real boards did), or replay them and score the model.",
        discussion: """
            A field report (reports/<id>.yaml, docs/reports.md) pins a board, an IDF release and a firmware \
            release, the program the reporter ran, and what the board did: outcomes at settings (works, \
            fails and where) and figures it printed (idf_heap_info, mem_info, gc.mem_free()).

            Examples:
              heapfit reports
              heapfit reports run
              heapfit reports run mp-16650-esp32-idf54 --json

            Exit codes: 0 listed / every report as expected, 1 a report marked `expect: reproduced` is not \
            reproduced or one marked `open` now reproduces, 2 bad input (a malformed report).
            """,
        subcommands: [ReportsList.self, ReportsRun.self],
        defaultSubcommand: ReportsList.self)
}

/// `heapfit reports [list]`.
struct ReportsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the field reports: id, chip, firmware, IDF release, expectation and what was observed.",
        discussion: """
            Example:
              heapfit reports list --json

            Exit codes: 0 listed, 2 bad input (a malformed report).
            """)

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let reports = try reportingDiagnostics("reports") { () throws(Diagnostic) -> [FieldReport] in try Library.load().reports }
        print(json ? ScorecardEmitter.listJSON(reports) : ScorecardEmitter.listText(reports), terminator: "")
    }
}

/// `heapfit reports run [NAME…]`.
struct ReportsRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Replay field reports at their settings and print the scorecard: seen, predicted, error, reproduced or not.",
        discussion: """
            Each report's program is replayed at each observation's settings (board, IDF, firmware, initial \
            heap, knobs, static DRAM) the way `heapfit simulate` replays a workload. Per observation the \
            scorecard says what the board did, what heapfit predicts, the error in bytes, and whether it is \
            reproduced, not reproduced, or not expressible (and what is missing). The last line is \
            `N reproduced, M open, K not expressible`.

            Examples:
              heapfit reports run
              heapfit reports run mp-16650-esp32-idf54 mp-12952-esp32-idf502-boot
              heapfit reports run --brief
              heapfit reports run --json

            Exit codes: 0 every report as its `expect:` says, 1 a report marked `expect: reproduced` is not \
            reproduced or one marked `open` now reproduces, 2 bad input (an unknown name, a malformed report).
            """)

    @Argument(help: "Report ids, or the start of one (e.g. mp-16650); every report when none is given.")
    var names: [String] = []

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Print only one line a report (its result) and the summary line.")
    var brief = false

    func run() throws {
        let card = try reportingDiagnostics("reports run") { () throws(Diagnostic) -> Scorecard in
            try ReportsCommand.run(names, library: try Library.load())
        }
        print(json ? ScorecardEmitter.json(card) : ScorecardEmitter.text(card, brief: brief), terminator: "")
        if card.failed { throw ExitCode(ExitStatus.doesNotFit) }
    }
}
