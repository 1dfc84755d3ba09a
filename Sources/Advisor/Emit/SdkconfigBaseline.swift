import Foundation
import Model

/// A user's own sdkconfig as the starting point (`--sdkconfig FILE`): the knob values it sets,
/// whatever release's spelling it uses (knobs.yaml `kconfig:` and the releases' rename lists).
public enum SdkconfigBaseline {
    /// Knobs heapfit sets from the device (core count, USB-OTG), never from a file.
    static let deviceFacts: Set<String> = ["FREERTOS_NUMBER_OF_CORES", "USB_OTG_SUPPORTED"]

    /// Reads and parses `path`; a diagnostic when it cannot be read or a line is malformed.
    public static func read(_ path: String) throws(Diagnostic) -> Sdkconfig {
        // 16 MiB: an sdkconfig of every option of every component is under 200 KB. A device or a folder is refused
        // before it is read (`--sdkconfig /dev/zero` would never end).
        let data = try InputFile.read(path, what: "an sdkconfig", limit: 16 << 20, fix: "Check the --sdkconfig path")
        return try Sdkconfig.parse(text: String(decoding: data, as: UTF8.self), file: path)
    }

    /// The knob values `config` sets, with the shipped knob table and Kconfig name list of `library`.
    public static func knobValues(_ config: Sdkconfig, library: String) throws(Diagnostic) -> [String: Int] {
        try knobValues(config, table: try WorkloadLoader(library: library).knobTable(), symbols: try KconfigSymbols.load(library: library))
    }

    /// The knob values `config` sets: each knob under any spelling it had in any release, or an old name
    /// a release's rename list maps to one of them; the line that comes last wins.
    public static func knobValues(_ config: Sdkconfig, table: KnobTable, symbols: KconfigSymbols) throws(Diagnostic) -> [String: Int] {
        var renamedTo: [String: Set<String>] = [:]
        for release in symbols.releases {
            for (old, new) in release.renamed { renamedTo[new, default: []].insert(old) }
        }
        var values: [String: Int] = [:]
        for knob in table.knobs.values.sorted(by: { $0.name < $1.name }) where !deviceFacts.contains(knob.name) {
            if knob.kconfigNames.map(\.name) == ["none"] { continue }  // a firmware define, not an sdkconfig option
            var aliases = Set(knob.kconfigNames.map(\.name) + [knob.name]).subtracting(["none"])
            for name in aliases { aliases.formUnion(renamedTo[name] ?? []) }
            guard let entry = config.entries.filter({ aliases.contains($0.name) }).max(by: { $0.line < $1.line }) else { continue }
            guard let value = entry.value.knobValue else {
                throw Diagnostic("CONFIG_\(entry.name) is \(entry.value), a string, but \(knob.name) takes a number or y/n",
                                 file: config.file, line: entry.line, expected: "CONFIG_\(entry.name)=\(knob.value)",
                                 fix: "Write the value without quotes")
            }
            // Every knob heapfit models is a byte count, a count or y/n: a negative value sizes nothing.
            guard value >= 0 else {
                throw Diagnostic("CONFIG_\(entry.name) is \(value), but \(knob.name) is a size, a count or y/n",
                                 file: config.file, line: entry.line, expected: "a non-negative value such as \(knob.value)",
                                 fix: "Correct the value (menuconfig writes the option's own range)")
            }
            values[knob.name] = value
        }
        return values
    }
}
