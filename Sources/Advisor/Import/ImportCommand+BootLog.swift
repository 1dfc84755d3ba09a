import Model
import Simulator

/// Boot log → board: the chip, release, features and static sizes that reproduce its heap_init lines, as a
/// boards.yaml entry, and the notes on what still differs.
extension ImportCommand {
    /// The chips a log may come from: the bootloader tag's, else those whose regions hold every logged heap.
    static func candidateChips(_ log: BootLog, _ catalogue: Catalogue) -> [ChipDefinition] {
        let idfChips = catalogue.chips.filter { $0.kind == .espIDF }
        if let tag = log.chipTag {
            return idfChips.filter { ChipGuess.same($0.name, ChipGuess.name(fromTag: tag.value)) }
        }
        let covering = idfChips.filter { c in
            log.heaps.allSatisfy { h in c.regions.contains { h.start >= $0.value.start && h.start < $0.value.start + $0.value.size } }
        }
        return covering.isEmpty ? idfChips : covering
    }

    static func derive(_ log: BootLog, catalogue: Catalogue, board: Board?, release: IDFVersion?, fileName: String,
                       into report: inout ImportReport) {
        if let tag = log.chipTag, candidateChips(log, catalogue).isEmpty {
            report.notes.append("The log is from an \(ChipGuess.name(fromTag: tag.value)) (boot.\(tag.value), line \(tag.line)), "
                                + "which boards.yaml does not define (it has: \(catalogue.chips.map(\.name).joined(separator: ", "))); "
                                + "the region map is shown as logged, and no entry is made.")
            return
        }
        let chips = candidateChips(log, catalogue)
        var unknownChip = ""
        if let g = ChipGuess.guess(log), !catalogue.chips.contains(where: { ChipGuess.same($0.name, g.chip) }) {
            unknownChip = " The heaps look like an \(g.chip) (\(g.reason)), which boards.yaml does not define."
        }
        let candidates = RegionMapDerivation.candidates(log: log, chips: chips, catalogue: catalogue, idf: release)
        guard let best = candidates.first else {
            let on = release.map { " on ESP-IDF \($0)" } ?? ""
            report.notes.append("None of these heaps starts where static data can end (_heap_start) on "
                                + chips.map(\.name).joined(separator: ", ") + on + " as boards.yaml lays it out: the log lacks "
                                + "the main heap's line, or comes from another chip or an ESP-IDF release boards.yaml does not "
                                + "cover." + unknownChip + " No entry is made.")
            return
        }
        report.derivation = best
        guard best.isUsable, let chip = catalogue.chip(named: best.chip) else {
            report.notes.append("No chip, release, feature set and static sizes in boards.yaml reproduce these heap_init lines. "
                                + "Closest: \(best.chip) on ESP-IDF \(best.idf) (\(describe(best.features))), static DRAM "
                                + "\(best.staticDRAM) B, which " + differences(best.match) + "." + unknownChip + " No entry is made.")
            return
        }
        if let b = board, !ChipGuess.same(b.chip, chip.name) {
            report.notes.append("The log is from an \(chip.name), but --board \(b.name) is an \(b.chip).")
        }
        if release == nil, !best.releases.isEmpty {
            report.notes.append("The log does not print its ESP-IDF release; ESP-IDF \(span(best.releases)) lay\(best.releases.count == 1 ? "s" : "") "
                                + "\(chip.name) out this way.")
        }
        report.notes += matchNotes(best.match, log)
        guard let release else {
            report.notes.append("No boards.yaml entry: the log does not print its ESP-IDF release; pass --idf.")
            return
        }
        guard catalogue.idfReleases.contains(release) else {
            report.notes.append("No boards.yaml entry: ESP-IDF \(release) is not a release boards.yaml lists (idfReleases); "
                                + "pass --idf with the nearest one.")
            return
        }
        report.boardEntry = entry(best, chip: chip, log: log, catalogue: catalogue, fileName: fileName, into: &report)
    }

    /// `5.1.2`, `4.4.1…5.1.6`.
    static func span(_ vs: [IDFVersion]) -> String {
        guard let a = vs.first, let b = vs.last else { return "" }
        return a == b ? "\(a)" : "\(a)…\(b)"
    }

    static func entry(_ d: DerivedRegionMap, chip: ChipDefinition, log: BootLog, catalogue: Catalogue, fileName: String,
                      into report: inout ImportReport) -> BoardEntry? {
        guard let layout = try? chip.layout(idf: d.idf, features: d.features, file: catalogue.file),
              let pl = try? StaticPlacement(chip: layout, staticDRAM: d.staticDRAM, staticIRAM: d.staticIRAM, staticRTC: d.staticRTC)
        else { return nil }
        let dram = BoardEntry.Figure(value: d.staticDRAM, confidence: .imported,
                                     source: "\(fileName) line \(d.dramLine ?? 0): heap \(Hex.address(pl.dramData.end)) (_heap_start) "
                                        + "− \(Hex.address(pl.dramData.start)) (_data_start)")
        var iram: BoardEntry.Figure?
        if layout.linker.iramLength > 0 {
            if let i = d.staticIRAM, let line = d.iramLine, let code = pl.iramCode {
                iram = BoardEntry.Figure(value: i, confidence: .imported,
                                         source: "\(fileName) line \(line): heap \(Hex.address(code.end)) (_iram_end) − "
                                            + "\(Hex.address(code.start)) (_iram_start)")
            } else {
                iram = BoardEntry.Figure(value: nil, confidence: .unknown,
                                         source: "\(fileName) has no IRAM heap after the code (IRAM full, or the log is cut); "
                                            + "use idf.py size \"Used static IRAM\"")
                report.notes.append("No IRAM heap follows the code in the log, so static IRAM is recorded as unknown "
                                    + "(the IRAM segment is then taken as full); idf.py size gives the real figure.")
            }
        }
        var rtc: BoardEntry.Figure?
        if d.staticRTC > 0, let line = d.rtcLine, let r = pl.rtcData {
            rtc = BoardEntry.Figure(value: d.staticRTC, confidence: .imported,
                                    source: "\(fileName) line \(line): RTCRAM heap \(Hex.address(r.end)) − \(Hex.address(r.start))")
        }
        var assumed = ["Static sizes are heap starts minus segment starts; idf.py size may differ by a few bytes of alignment padding."]
        if d.features.spiram, let kib = log.psramPoolKiB {
            assumed.append("spiramSize: \((d.features.spiramSize ?? 0) >> 20)M — rounded up from the \(kib.value) KiB pool of line \(kib.line).")
        } else if FeatureSpace.conditions(of: chip).flatMap(\.atoms).contains(.flag("spiram", negated: false)) {
            assumed.append("spiram: false — the log has no `Adding pool of …K of PSRAM memory` line.")
        }
        return BoardEntry(name: BoardEntry.boardName(fromFile: fileName, avoiding: catalogue.boards.map(\.name)), chip: chip.name,
                          source: "heapfit import of \(fileName) (\(log.heaps.count) heap_init lines, lines \(log.firstLine)–\(log.lastLine))",
                          features: d.features, idf: d.idf, dram: dram, iram: iram, rtc: rtc, assumed: assumed)
    }

    /// What a usable match still differs in, one note each.
    static func matchNotes(_ m: PieceMatch, _ log: BootLog) -> [String] {
        var notes: [String] = []
        if m.isExact {
            notes.append(m.tinyPieces.isEmpty ? "The simulated boot of the derived board prints every heap_init line of the log."
                                              : "The simulated boot prints every heap_init line of the log of more than 16 B.")
        }
        if !m.tinyPieces.isEmpty {
            let many = m.tinyPieces.count > 1
            notes.append("Line\(many ? "s" : "") \(m.tinyPieces.map { String($0.line) }.joined(separator: ", ")) print\(many ? "" : "s") "
                         + "a piece of 16 B or less: IDF before 4.2 printed those; later releases (and heapfit) drop them.")
        }
        if !m.missingAtEdges.isEmpty {
            notes.append("The simulation also prints " + m.missingAtEdges.map { "`\($0.logLine)`" }.joined(separator: ", ")
                         + ", which the log lacks: it seems cut " + edge(m, log) + ".")
        }
        if !m.missingInside.isEmpty {
            notes.append("The simulation also prints " + m.missingInside.map { "`\($0.logLine)`" }.joined(separator: ", ")
                         + " between the log's lines, which the log lacks: it seems abridged.")
        }
        if !m.nameDifferences.isEmpty {
            notes.append("Type names differ: "
                         + m.nameDifferences.map { "line \($0.line) `\($0.logged)`, simulated `\($0.simulated)`" }
                            .joined(separator: "; ") + ".")
        }
        return notes
    }

    /// `Bluetooth on (3 SCO), dual core, PSRAM`.
    static func describe(_ f: Features) -> String {
        var parts = [f.bluetooth ? "Bluetooth on" + (f.scoConnections > 0 ? " (\(f.scoConnections) SCO)" : "")
                        + (f.btController == false ? " without the controller linked" : "") : "Bluetooth off",
                     f.singleCore ? "single core" : "dual core"]
        if f.spiram { parts.append("PSRAM") }
        for (name, v) in [("RTC fast heap", f.rtcFastHeap), ("memory protection", f.memprot), ("PMP I/D split", f.idramSplit)] {
            if let v { parts.append("\(name) \(v ? "on" : "off")") }
        }
        if let i = f.icache { parts.append("I-cache \(i / 1024) KiB") }
        if let d = f.dcache { parts.append("D-cache \(d / 1024) KiB") }
        return parts.joined(separator: ", ")
    }

    static func differences(_ m: PieceMatch) -> String {
        var parts: [String] = []
        if !m.onlyInLog.isEmpty {
            parts.append("does not print " + m.onlyInLog.map { "line \($0.line) `\($0.logLine)`" }.joined(separator: ", "))
        }
        let extra = m.missingInside + m.missingAtEdges
        if !extra.isEmpty { parts.append("prints " + extra.map { "`\($0.logLine)`" }.joined(separator: ", ") + " instead") }
        return parts.isEmpty ? "differs only in type names" : parts.joined(separator: " and ")
    }

    static func edge(_ m: PieceMatch, _ log: BootLog) -> String {
        let firstStart = log.heaps.first?.start
        let beforeFirst = m.simulated.firstIndex { $0.start == firstStart }.map { i in
            m.missingAtEdges.contains { e in (m.simulated.firstIndex(of: e) ?? 0) < i }
        } ?? false
        return beforeFirst ? "at its start" : "at its end"
    }
}
