import Foundation

// The values command-line options carry, checked as every reader checks its input: a bad one is a diagnostic
// naming the option, what was expected and how to fix it.

/// Parses `--idf`.
public func parseIDF(_ text: String) throws(Diagnostic) -> IDFVersion {
    guard let version = IDFVersion(parsing: text) else {
        throw Diagnostic("'\(text)' given with --idf is not an ESP-IDF release",
                         expected: "a version such as 5.4.2 or v4.4", fix: "Correct the --idf value")
    }
    return version
}

/// Parses a size option (`56K`, `57344`, `0xE000`).
public func parseSize(_ text: String, option: String) throws(Diagnostic) -> Int {
    guard let n = SizeParser.parse(text) else {
        throw Diagnostic("'\(text)' given with \(option) is not a size in bytes",
                         expected: "a non-negative byte count such as 57344, 0xE000 or 56K", fix: "Correct \(option)")
    }
    return n
}

/// Parses `--set KNOB=VALUE`.
public func parseKnob(_ text: String) throws(Diagnostic) -> (String, Int) {
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, !parts[0].isEmpty else {
        throw Diagnostic("'\(text)' given with --set is not KNOB=VALUE", expected: "e.g. MBEDTLS_SSL_IN_CONTENT_LEN=4096",
                         fix: "Write the knob's Kconfig name without CONFIG_, '=', and a number")
    }
    var name = parts[0].trimmingCharacters(in: .whitespaces)
    if name.hasPrefix("CONFIG_") { name.removeFirst("CONFIG_".count) }
    let value = parts[1].trimmingCharacters(in: .whitespaces).lowercased()
    if value == "y" { return (name, 1) }
    if value == "n" { return (name, 0) }
    return (name, try parseSize(parts[1], option: "--set \(name)"))
}
