import Foundation
import Model
import Simulator

/// The `import` use case: recognise what a file holds, derive the board its boot log describes (as a
/// boards.yaml entry), and compare everything with a catalogue board when one is named.
public enum ImportCommand {
    /// - Parameters:
    ///   - file: the path as the user gave it (diagnostics name it; the entry's `source` names its last component).
    ///   - board: `--board`: a catalogue board to compare with.
    ///   - idf: `--idf`: the ESP-IDF release of the file (else the boot log's own).
    public static func report(file: String, contents: String, catalogue: Catalogue, board boardName: String?,
                              idf: IDFVersion?) throws(Diagnostic) -> ImportReport {
        let text = ImportText(file: file, contents: contents)
        let imported = try ImportRecognizer.recognise(text)
        let board: Board? = try boardName.map { name throws(Diagnostic) in try catalogue.board(named: name) }
        let fileName = URL(fileURLWithPath: file).lastPathComponent
        var report = ImportReport(file: file, sections: [], regionMap: nil, derivation: nil, boardEntry: nil,
                                  comparisons: [], notes: [], parsed: ImportReport.Parsed())
        for s in imported.sections {
            report.sections.append(ImportReport.Section(format: s.format, title: s.format.title, firstLine: s.lines.lowerBound,
                                                        lastLine: s.lines.upperBound, summary: ImportSummaries.sentence(s)))
            switch s {
            case .bootLog(let l): report.parsed.bootLogs.append(l)
            case .idfHeapInfo(let l): report.parsed.idfHeapInfo.append(l)
            case .heapDump(let d): report.parsed.heapDumps.append(d)
            case .memInfo(let m): report.parsed.memInfo.append(m)
            case .idfSize(let r): report.parsed.idfSize.append(r)
            case .heapTrace(let t): report.parsed.heapTraces.append(t)
            }
        }
        // The entry is for the release the log printed; the comparison is with --idf when given.
        let logged = report.parsed.bootLogs.first?.idf
        let entryRelease = logged?.value ?? idf
        let release = idf ?? logged?.value
        if let idf, let logged, logged.value != idf {
            report.notes.append("The log says ESP-IDF \(logged.value) (line \(logged.line)): the entry is for that release, "
                                + "and --idf \(idf) is the release compared with.")
        }
        if let log = report.parsed.bootLogs.first {
            if report.parsed.bootLogs.count > 1 {
                report.notes.append("The file holds \(report.parsed.bootLogs.count) boots; the first (lines "
                                    + "\(log.firstLine)–\(log.lastLine)) is the one derived and compared.")
            }
            report.regionMap = log.heaps
            for h in log.heaps where !knownTypeNames.contains(h.typeName) {
                report.notes.append("Line \(h.line)'s memory type `\(h.typeName)` is not a name ESP-IDF prints; the line may be cut.")
            }
            derive(log, catalogue: catalogue, board: board, release: entryRelease, fileName: fileName, into: &report)
        }
        if report.boardEntry == nil, let size = report.parsed.idfSize.first {
            entry(fromSize: size, catalogue: catalogue, board: board, release: idf, fileName: fileName, into: &report)
        }
        if let board {
            guard let release else {
                throw Diagnostic("--board \(board.name) needs the ESP-IDF release to compare with, and \(file) does not say it",
                                 expected: "--idf with a release known for \(board.name): "
                                    + board.knownReleases.map(\.description).joined(separator: ", "),
                                 fix: "Add --idf, e.g. --idf \(board.knownReleases.last?.description ?? "5.4.2")")
            }
            let target = try CatalogueComparer.target(catalogue: catalogue, board: board.name, idf: release)
            for s in imported.sections {
                switch s {
                case .bootLog(let l) where l == report.parsed.bootLogs.first:
                    report.comparisons.append(CatalogueComparer.bootLog(l, derived: report.derivation?.isUsable == true
                                                                            ? report.derivation : nil, target))
                case .idfHeapInfo(let l): report.comparisons.append(CatalogueComparer.heapInfo(l, target))
                case .heapDump(let d): report.comparisons.append(CatalogueComparer.heapDump(d, target))
                case .idfSize(let r):
                    let f = report.boardEntry.map(\.features)
                    report.comparisons.append(CatalogueComparer.idfSize(r, features: f, target))
                default: break
                }
            }
        } else if !report.parsed.idfHeapInfo.isEmpty || !report.parsed.heapDumps.isEmpty {
            report.notes.append("Pass --board B (and --idf V) to compare these heaps with a catalogue board's fresh heaps.")
        }
        if !report.parsed.memInfo.isEmpty {
            report.notes.append("mem_info() output is shown, not compared: the simulator has no MicroPython GC model yet.")
        }
        if !report.parsed.heapTraces.isEmpty {
            report.notes.append("heap_trace_dump() output is recognised, but turning it into a workload is not supported "
                                + "yet (issue 4).")
        }
        return report
    }

    /// The memory type names ESP-IDF releases print in heap_init lines (domain/esp-idf-heap.md §4, §5.1).
    static let knownTypeNames: Set<String> = ["DRAM", "D/IRAM", "IRAM", "RAM", "DIRAM", "STACK/DIRAM", "STACK/DRAM",
                                              "Retention RAM", "DRAM/RETENTION", "DRAM/RETENTION/STACK", "RTCRAM", "TCM",
                                              "SPIRAM"]

    // MARK: boot log → board

    static func derive(_ log: BootLog, catalogue: Catalogue, board: Board?, release: IDFVersion?, fileName: String,
                       into report: inout ImportReport) {
        var chips = catalogue.chips
        let guess = ChipGuess.guess(log)
        if let tag = log.chipTag {
            let named = ChipGuess.name(fromTag: tag.value)
            chips = chips.filter { ChipGuess.same($0.name, named) }
            if chips.isEmpty {
                report.notes.append("The log is from an \(named) (boot.\(tag.value), line \(tag.line)), which boards.yaml "
                                    + "does not define yet (it has: \(catalogue.chips.map(\.name).joined(separator: ", "))); "
                                    + "the region map is shown as logged, and no entry is made.")
                return
            }
        }
        let candidates = RegionMapDerivation.candidates(log: log, chips: chips)
        var unknownChip = ""
        if let g = guess, !catalogue.chips.contains(where: { ChipGuess.same($0.name, g.chip) }) {
            unknownChip = " The heaps look like an \(g.chip) (\(g.reason)), which boards.yaml does not define yet."
        }
        guard let best = candidates.first else {
            report.notes.append("No static DRAM/IRAM puts _heap_start or _iram_end at one of these heaps on "
                                + chips.map(\.name).joined(separator: ", ")
                                + " as boards.yaml lays it out (the sizes would not fit its segments): the log comes from "
                                + "another chip, or from an ESP-IDF release whose linker script differs." + unknownChip
                                + " No entry is made.")
            return
        }
        report.derivation = best
        guard best.isUsable, let chip = catalogue.chip(named: best.chip) else {
            var why = "No chip, feature set and static sizes in boards.yaml reproduce these heap_init lines. Closest: "
                + "\(best.chip) (\(describe(best.features))), static DRAM \(best.staticDRAM) B, IRAM \(best.staticIRAM) B, which "
                + differences(best.match) + "." + unknownChip
            why += btReserveWithoutController(log, chips)
            report.notes.append(why + " No entry is made.")
            return
        }
        if let b = board, !ChipGuess.same(b.chip, chip.name) {
            report.notes.append("The log is from an \(chip.name), but --board \(b.name) is an \(b.chip).")
        }
        report.notes += matchNotes(best.match, log)
        guard let release else {
            report.notes.append("No boards.yaml entry: the log does not print its ESP-IDF release; pass --idf.")
            return
        }
        let pl = try? StaticPlacement(chip: chip, features: best.features, staticDRAM: best.staticDRAM, staticIRAM: best.staticIRAM)
        let dramLine = best.dramLine ?? 0
        let dramSource = "\(fileName) line \(dramLine): main DRAM heap \(Hex.address(pl?.dramData.end ?? 0)) (_heap_start) "
            + "− dram0_0_seg origin \(Hex.address(pl?.dramData.start ?? 0))"
        var iramConfidence = Confidence.imported
        let iramSource: String
        if let line = best.iramLine {
            iramSource = "\(fileName) line \(line): IRAM heap \(Hex.address(pl?.iramCode.end ?? 0)) (_iram_end) "
                + "− _iram_start \(Hex.address(pl?.iramCode.start ?? 0))"
        } else {
            iramConfidence = .unknown
            iramSource = "\(fileName) has no IRAM heap after the code: IRAM taken as full; replace with idf.py size \"Used static IRAM\""
            report.notes.append("No IRAM heap follows the code in the log, so static IRAM is taken as the whole segment "
                                + "(\(best.staticIRAM) B, confidence unknown); idf.py size gives the real figure.")
        }
        var assumed = ["Static sizes are heap starts minus segment starts; idf.py size may differ by a few bytes of alignment padding."]
        let conditions = Set(chip.regions.compactMap(\.when) + chip.reserved.compactMap(\.when))
        if !best.features.spiram, conditions.contains(.spiram) {
            assumed.append("spiram: false — the log has no `Adding pool of …K of PSRAM memory` line.")
        }
        report.boardEntry = BoardEntry(
            name: BoardEntry.boardName(fromFile: fileName, avoiding: catalogue.boards.map(\.name)), chip: chip.name,
            source: "heapfit import of \(fileName) (\(log.heaps.count) heap_init lines, lines \(log.firstLine)–\(log.lastLine))",
            features: best.features, idf: release, dram: best.staticDRAM, dramConfidence: .imported, dramSource: dramSource,
            iram: best.staticIRAM, iramConfidence: iramConfidence, iramSource: iramSource, assumed: assumed)
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
        if !m.nameDifferences.isEmpty {
            notes.append("Type names differ (IDF releases renamed them): "
                         + m.nameDifferences.map { "line \($0.line) `\($0.logged)`, simulated `\($0.simulated)`" }
                            .joined(separator: "; ") + ".")
        }
        return notes
    }

    /// A DRAM heap that ends where `dram0_0_seg` begins when `CONFIG_BTDM_RESERVE_DRAM` is set (8-aligned): the
    /// build reserves the Bluetooth DRAM but the controller (bt.c, with its reserved ranges) is not linked.
    static func btReserveWithoutController(_ log: BootLog, _ chips: [ChipLayout]) -> String {
        for c in chips where c.linker.btReserveDram > 0 {
            let origin = c.linker.dram0Origin + c.linker.btReserveDram
            let aligned = (origin + c.linker.heapStartAlign - 1) & ~(c.linker.heapStartAlign - 1)
            if let h = log.heaps.first(where: { $0.end == origin || $0.end == aligned }) {
                return " Line \(h.line)'s heap ends at \(Hex.address(h.end)), where dram0_0_seg begins when "
                    + "CONFIG_BTDM_RESERVE_DRAM is set: the build reserves Bluetooth DRAM without linking the controller "
                    + "(bt.c and its reserved ranges), which boards.yaml's `bluetooth` feature cannot express."
            }
        }
        return ""
    }

    /// `Bluetooth on (3 SCO), dual core, PSRAM`.
    static func describe(_ f: Features) -> String {
        var parts = [f.bluetooth ? "Bluetooth on" + (f.scoConnections > 0 ? " (\(f.scoConnections) SCO)" : "") : "Bluetooth off",
                     f.singleCore ? "single core" : "dual core"]
        if f.spiram { parts.append("PSRAM") }
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

    // MARK: idf.py size → board

    static func entry(fromSize size: IDFSizeReport, catalogue: Catalogue, board: Board?, release: IDFVersion?,
                      fileName: String, into report: inout ImportReport) {
        let reading = IDFSizeInterpretation.read(size, catalogue: catalogue, board: board)
        report.notes += reading.notes
        guard let chip = reading.chip, let dram = size.staticDRAM, let iram = size.staticIRAM else { return }
        var features = board?.features ?? Features()
        var assumed: [String] = []
        if let bt = reading.bluetooth {
            if bt != features.bluetooth, let board {
                report.notes.append("The DRAM total says Bluetooth is \(bt ? "on" : "off"); \(board.name) has it \(features.bluetooth ? "on" : "off").")
            }
            features.bluetooth = bt
            if !bt { features.scoConnections = 0 }
        } else if board == nil {
            assumed.append("bluetooth: false — the DRAM total does not tell.")
        }
        if board == nil {
            assumed.append("singleCore: false, spiram: false — idf.py size does not show them; correct them if your build differs.")
            if features.bluetooth { assumed.append("scoConnections: 0 — idf.py size does not show it.") }
        } else if let board {
            assumed.append("Features other than Bluetooth are \(board.name)'s.")
        }
        guard let release else {
            report.notes.append("No boards.yaml entry: idf.py size does not print the ESP-IDF release; pass --idf.")
            return
        }
        do {
            _ = try StaticPlacement(chip: chip, features: features, staticDRAM: dram.used, staticIRAM: iram.used)
        } catch {
            report.notes.append("No boards.yaml entry: " + error.description)
            return
        }
        let form = size.flavour == .legacyText ? "\"Used static %@\" line" : size.flavour == .table ? "%@ row" : "%@ figure"
        func where_(_ t: IDFSizeMemoryType, _ label: String) -> String {
            "\(fileName)\(t.line.map { " line \($0)" } ?? ""): idf.py size " + form.replacingOccurrences(of: "%@", with: label)
        }
        report.boardEntry = BoardEntry(
            name: BoardEntry.boardName(fromFile: fileName, avoiding: catalogue.boards.map(\.name)), chip: chip.name,
            source: "heapfit import of \(fileName) (idf.py size)", features: features, idf: release,
            dram: dram.used, dramConfidence: .imported, dramSource: where_(dram, "DRAM"),
            iram: iram.used, iramConfidence: .imported, iramSource: where_(iram, "IRAM"), assumed: assumed)
    }
}
