import Advisor
import ArgumentParser

/// The one place diagnostics are rendered: one paragraph on stderr, and the exit code of its kind
/// (`ExitStatus`: 1 no setting exists, 2 bad input, 3 internal error).
func reportingDiagnostics<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let d as Diagnostic {
        Terminal.writeError("heapfit \(command): " + d.description + "\n")
        throw ExitCode(ExitStatus.code(for: d.kind))
    }
}

/// Prints prose (a verdict, reasons, advisories) folded to the terminal's width (`Terminal.outputWidth()`).
func printWrapped(_ text: String) {
    print(TextWrap.wrap(text, width: Terminal.outputWidth()), terminator: "")
}

/// "Wrote PATH: what." — every command that writes a file says so, on stdout, or on stderr when stdout carries
/// JSON or other output a program reads.
func announceWrote(_ path: String, _ what: String? = nil, onStderr: Bool = false) {
    let line = "Wrote \(path)" + (what.map { ": \($0)" } ?? "") + ".\n"
    if onStderr { Terminal.writeError(line) } else { print(line, terminator: "") }
}

/// `--idf` as given; omitted, the board's default (the rule lives with the scenario: `FirmwareResolution.idf`).
func resolveIDF(_ text: String?, board name: String, catalogue: Catalogue, firmware: String? = nil) throws(Diagnostic) -> IDFVersion {
    try FirmwareResolution.idf(text, board: name, catalogue: catalogue, firmware: firmware, parse: parseIDF)
}
