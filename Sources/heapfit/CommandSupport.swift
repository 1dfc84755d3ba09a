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

/// Parses `--idf`.
func parseIDF(_ text: String) throws(Diagnostic) -> IDFVersion {
    guard let version = IDFVersion(parsing: text) else {
        throw Diagnostic("'\(text)' given with --idf is not an ESP-IDF release",
                         expected: "a version such as 5.4.2 or v4.4", fix: "Correct the --idf value")
    }
    return version
}

/// Parses a size option (`56K`, `57344`, `0xE000`).
func parseSize(_ text: String, option: String) throws(Diagnostic) -> Int {
    guard let n = SizeParser.parse(text) else {
        throw Diagnostic("'\(text)' given with \(option) is not a size in bytes",
                         expected: "a non-negative byte count such as 57344, 0xE000 or 56K", fix: "Correct \(option)")
    }
    return n
}

/// Parses `--set KNOB=VALUE`.
func parseKnob(_ text: String) throws(Diagnostic) -> (String, Int) {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, !parts[0].isEmpty else {
        throw Diagnostic("'\(text)' given with --set is not KNOB=VALUE", expected: "e.g. MBEDTLS_SSL_IN_CONTENT_LEN=4096",
                         fix: "Write the knob's Kconfig name without CONFIG_, '=', and a number")
    }
    var name = trimmed(parts[0])
    if name.hasPrefix("CONFIG_") { name.removeFirst("CONFIG_".count) }
    let value = trimmed(parts[1]).lowercased()
    if value == "y" { return (name, 1) }
    if value == "n" { return (name, 0) }
    return (name, try parseSize(parts[1], option: "--set \(name)"))
}

/// `text` without the blanks around it.
private func trimmed(_ text: String) -> String {
    String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
}

/// `--idf` as given; omitted, the board's default (the rule lives with the scenario: `FirmwareResolution.idf`).
func resolveIDF(_ text: String?, board name: String, catalogue: Catalogue, firmware: String? = nil) throws(Diagnostic) -> IDFVersion {
    try FirmwareResolution.idf(text, board: name, catalogue: catalogue, firmware: firmware, parse: parseIDF)
}
