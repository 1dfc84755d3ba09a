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
            case .probeLog(let p): report.parsed.probeLogs.append(p)
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
            report.notes.append("mem_info() output is shown, not compared: heapfit import does not simulate the GC heap yet "
                                + "(mem_info does not print the MicroPython release such a simulation needs).")
        }
        if !report.parsed.heapTraces.isEmpty {
            report.notes.append("heap_trace_dump() output is recognised, but turning it into a workload is not supported "
                                + "yet (issue 4).")
        }
        return report
    }

    /// The memory type names ESP-IDF releases print in heap_init lines (docs/domain/esp-idf-heap.md §4, §5.1).
    static let knownTypeNames: Set<String> = ["DRAM", "D/IRAM", "IRAM", "RAM", "DIRAM", "STACK/DIRAM", "STACK/DRAM",
                                              "Retention RAM", "DRAM/RETENTION", "DRAM/RETENTION/STACK", "RTCRAM", "TCM",
                                              "SPIRAM"]
}
