import Advisor
import ArgumentParser

extension TableFormat: ExpressibleByArgument {}
extension SweepMode: ExpressibleByArgument {}
extension ObjectiveName: ExpressibleByArgument {}

/// A one-line progress bar on stderr for the table commands — only when stderr is a terminal, so
/// pipes, files and tests see nothing — cleared when the work is done.
struct ProgressBar: Sendable {
    let enabled = Terminal.standardErrorIsTerminal

    /// `[=====>    ] 37/120 ESP32_GENERIC · 5.4.2 · https-get-x2`, cut to 79 columns so it never wraps.
    func update(done: Int, total: Int, label: String) {
        guard enabled, total > 0 else { return }
        let width = 20
        let filled = done * width / total
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "")
            + String(repeating: " ", count: max(0, width - filled - 1))
        let line = String("[\(bar)] \(done)/\(total) \(label)".prefix(79))
        Terminal.writeError("\r\u{1B}[K" + line)
    }

    func clear() {
        guard enabled else { return }
        Terminal.writeError("\r\u{1B}[K")
    }
}

/// The options `sweep` and `diff` share: threads, format, and where the table goes.
struct TableOutputOptions: ParsableArguments {
    @Option(help: "Threads (default: every active core).")
    var jobs: Int?

    @Option(help: "The output format (--json is the same as --format json).")
    var format: TableFormat = .text

    @Flag(help: "Print JSON instead of text, as every reporting command does.")
    var json = false

    /// `--format`, or JSON with `--json` (which contradicts any other `--format`).
    func resolvedFormat() throws(Diagnostic) -> TableFormat {
        guard json else { return format }
        guard format == .text || format == .json else {
            throw Diagnostic("--json and --format \(format.rawValue) ask for two formats", fix: "Keep one of them")
        }
        return .json
    }

    @Option(help: "Write the output to this file instead of stdout (never over an existing file without --force).")
    var out: String?

    @Flag(help: "With --out: replace the file if it exists.")
    var force = false

    /// `--jobs` (at least one thread; default every active core), checked with `--out`/`--force`
    /// before any work is done.
    func threads() throws(Diagnostic) -> Int {
        if force, out == nil { throw Diagnostic("--force is given without --out", fix: "Add --out FILE, or drop --force") }
        _ = try resolvedFormat()
        guard let jobs else { return Terminal.activeProcessorCount }
        guard jobs >= 1 else {
            throw Diagnostic("--jobs \(jobs) is not a number of threads", expected: "1 or more",
                             fix: "Pass e.g. --jobs 2, or omit it to use every core")
        }
        return jobs
    }

    /// Runs a table command: checks the options, loads the catalogue and the workload library, runs
    /// `work` with a progress bar, writes what `render` makes of its report, and exits with the
    /// report's status (diagnostics: once, exit 2).
    func run<Report>(_ command: String,
                     _ work: (_ threads: Int, _ library: Library,
                              _ progress: @escaping @Sendable (Int, Int, SweepCell) -> Void) throws(Diagnostic) -> Report,
                     render: (Report) -> String, status: (Report) -> Int32) throws {
        let bar = ProgressBar()
        let report = try reportingDiagnostics(command) { () throws(Diagnostic) -> Report in
            let threads = try threads()
            let report = try work(threads, try Library.load()) { done, total, cell in
                bar.update(done: done, total: total, label: cell.label)
            }
            bar.clear()
            try emit(render(report))
            return report
        }
        if status(report) != 0 { throw ExitCode(status(report)) }
    }

    /// Prints `text`, or writes it to `--out` atomically.
    func emit(_ text: String) throws(Diagnostic) {
        guard let out else { return print(text, terminator: "") }
        try OutputFile.write(text, to: out, force: force)
        announceWrote(out)
    }
}
