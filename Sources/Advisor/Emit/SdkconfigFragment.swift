import Model

/// An sdkconfig fragment for one IDF release: the settings a recommendation changes, spelled as that
/// release's Kconfig files spell them, each with the options it depends on and a comment saying why
/// and what it is worth. Rendered by `SdkconfigEmitter` (text, JSON) and written by `board-files`.
public struct SdkconfigFragment: Hashable, Sendable {
    /// One line of the fragment.
    public struct Setting: Hashable, Sendable {
        /// The option as the release spells it, without `CONFIG_`.
        public var option: String
        /// `y`, `n` or a number.
        public var value: String
        /// The one-line comment above it.
        public var comment: String
        /// The knob it sets; nil for an option set because a knob depends on it.
        public var knob: String?
        /// The knob's value before (the default or the user's sdkconfig); nil for a dependency.
        public var from: Int?
        /// Free IDF memory at the peak the change is worth (replayed); nil for a dependency.
        public var bytes: Int?

        /// The sdkconfig line: `CONFIG_X=value`, or kconfgen's `# CONFIG_X is not set` for n.
        public var line: String { value == "n" ? "# CONFIG_\(option) is not set" : "CONFIG_\(option)=\(value)" }
    }

    /// The release the names are spelled for, and the tag of the Kconfig name list they were checked against.
    public var idf: IDFVersion
    public var checkedAgainst: IDFVersion
    public var header: [String]
    public var settings: [Setting]
    /// Changes no sdkconfig line can make on this release (not a Kconfig option there).
    public var notes: [String]

    /// The fragment's text: header comments, then a comment line and a setting line per setting.
    public var text: String {
        var lines = header.map { "# " + $0 }
        for note in notes { lines.append("# " + note) }
        if settings.isEmpty { lines.append("# No sdkconfig option needs to change: the defaults serve these workloads.") }
        for s in settings {
            lines.append("")
            lines.append("# " + s.comment)
            lines.append(s.line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension SdkconfigFragment {
    /// Builds the fragment of `report` for `idf`. Every emitted name must be in the release's Kconfig
    /// name list (an old name the release renames is emitted as its new name); a change whose option the
    /// release lacks becomes a note, never a line.
    /// - Parameters:
    ///   - knobs: every knob's value in the answer (baseline and changes), to respect constraints.
    ///   - baseline: the user's sdkconfig, whose disabled-by-dependency options may need turning off.
    static func make(report r: RecommendationReport, idf: IDFVersion, table: KnobTable, symbols: KconfigSymbols,
                     worth: [String: KnobWorth], knobs: [String: Int], baseline: Sdkconfig?) throws(Diagnostic) -> SdkconfigFragment {
        guard let release = symbols.release(for: idf) else {
            throw Diagnostic("\(symbols.file) lists no ESP-IDF release", fix: "Regenerate it with workloads/kconfig/generate.sh")
        }
        if let broken = table.broken(by: knobs).first {
            throw Diagnostic("The settings break a check of the IDF build: \(broken) (\(broken.source))",
                             fix: "Change the value in your --sdkconfig, or pass --keep for the knobs involved")
        }
        /// The name to emit, or nil where the release has no such option.
        func emitted(_ name: String) throws(Diagnostic) -> String {
            let spelled = release.names.contains(name) ? name : release.renamed[name].flatMap { release.names.contains($0) ? $0 : nil }
            guard let spelled else {
                throw Diagnostic("CONFIG_\(name) is not an option of ESP-IDF v\(release.tag) (\(symbols.file))",
                                 fix: "Correct the spelling in workloads/knobs.yaml or regenerate the name list")
            }
            return release.renamed[spelled].flatMap { release.names.contains($0) ? $0 : nil } ?? spelled
        }
        var settings: [Setting] = []
        var dependencies: [(option: String, value: String, for: [String], source: String)] = []
        var notes: [String] = []
        for change in r.knobChanges {
            guard let knob = table.knobs[change.name] else { continue }
            guard let spelled = knob.kconfigName(on: idf) else {
                notes.append("\(change.name)=\(change.to) (default \(change.from)) cannot be set on ESP-IDF \(idf): it is not a Kconfig option there.")
                continue
            }
            let bool = knob.tuning.map { Set($0.levels).isSubset(of: [0, 1]) } ?? false
            let value = bool ? (change.to == 0 ? "n" : "y") : "\(change.to)"
            let w = worth[change.name]
            let why = change.reason.isEmpty ? "" : " Trade-off: \(change.reason)"
            settings.append(Setting(option: try emitted(spelled), value: value,
                                    comment: "\(change.name) \(change.from) → \(change.to): \(w?.summary ?? "not replayed") (replayed).\(why)",
                                    knob: change.name, from: change.from, bytes: w?.idfBytes))
            // A value that is off needs nothing else: a hidden bool is off too.
            guard change.to != 0 else { continue }
            for dep in knob.depends where dep.releases.contains(idf) {
                guard let name = dep.kconfigName(on: idf) else { continue }
                let option = try emitted(name)
                // An option that must be off is only turned off when the user's sdkconfig turns it on.
                if !dep.enabled, baseline?[option] != .enabled, baseline?[name] != .enabled { continue }
                if let i = dependencies.firstIndex(where: { $0.option == option }) {
                    dependencies[i].for.append(spelled)
                } else {
                    dependencies.append((option, dep.enabled ? "y" : "n", [spelled], dep.source))
                }
            }
        }
        let needed = dependencies.map { d in
            Setting(option: d.option, value: d.value,
                    comment: "needed by CONFIG_\(d.for.joined(separator: ", CONFIG_")): \(d.source)", knob: nil, from: nil, bytes: nil)
        }
        return SdkconfigFragment(idf: idf, checkedAgainst: release.tag, header: header(r, idf: idf, tag: release.tag),
                                 settings: needed + settings, notes: notes)
    }

    static func header(_ r: RecommendationReport, idf: IDFVersion, tag: IDFVersion) -> [String] {
        var lines = ["sdkconfig fragment generated by heapfit; regenerate it rather than editing it.",
                     "\(r.board) (\(r.chip)) · ESP-IDF \(idf) · \(r.firmware) · workload\(r.workloads.count == 1 ? "" : "s") \(r.workloads.joined(separator: ", "))"]
        let others = r.idfReleases.filter { $0 != idf }
        if !others.isEmpty {
            lines.append("The same values were replayed on ESP-IDF \(others.map(\.description).joined(separator: ", ")); run heapfit with that --idf first for its spelling.")
        }
        if r.firmware.port == .micropython, r.initialHeapLever?.mechanism == .define {
            lines.append("Verdict: MICROPY_GC_INITIAL_HEAP_SIZE = \(r.initialHeapSize) (\(r.initialHeapSize / 1024) KiB) — a MicroPython define, "
                         + "not a Kconfig option: it goes in mpconfigboard.h (heapfit board-files writes it).")
        } else {
            lines.append("Verdict: \(r.initialHeapName) = \(r.initialHeapSize) (\(r.initialHeapSize / 1024) KiB) — not a Kconfig option. "
                         + (r.initialHeapLever.map(LeverText.setBy) ?? "Set by: the levers file names no lever for \(r.firmware)."))
        }
        lines.append("IDF headroom at the peak: \(Bytes.text(r.idfHeadroom)) free internal memory (\(Bytes.text(r.idfHeadroomRequired)) asked for); "
                     + "limited by \(r.limitingAllocation).")
        lines.append("Proved by replay in the simulator (\(r.replays) replays, \(r.solves) integer programs); option names checked "
                     + "against the Kconfig files of ESP-IDF v\(tag) (workloads/kconfig/symbols.txt).")
        return lines
    }
}
