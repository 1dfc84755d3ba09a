import Model
import Simulator

/// What `heapfit boards` lists: every board (variants included) with its chip, firmware, memory
/// features and, per ESP-IDF release, the static sizes the catalogue has, their confidence and source.
public struct BoardsReport: Sendable, Codable {
    public struct Release: Sendable, Codable, Equatable {
        public var idf: String
        /// The firmware releases the figures hold for (`micropython <1.27`); nil for every release.
        public var firmware: String? = nil
        public var dram: Sourced?
        public var iram: Sourced?
        public var rtc: Sourced?
        /// The allocator this board runs on this release (nil for non-IDF chips).
        public var allocator: String?
        /// `heapfit heaps` can boot it without `--static-dram`.
        public var bootable: Bool
    }

    public struct Entry: Sendable, Codable, Equatable {
        /// What `--board` takes: `ESP32_GENERIC` or `ESP32_GENERIC-SPIRAM`.
        public var name: String
        public var base: String
        public var variant: String?
        public var chip: String
        public var firmware: String
        public var features: Features
        public var featureSummary: String
        public var releases: [Release]
        public var source: String
    }

    public var chipFilter: String?
    public var idfFilter: String?
    public var boards: [Entry]
    /// The releases the catalogue knows, oldest first.
    public var idfReleases: [String]
    public static let naming = "A variant is its own board, named BOARD-VARIANT (e.g. --board ESP32_GENERIC-SPIRAM)."
}

/// The `boards` use case.
public enum BoardsCommand {
    public static func report(catalogue: Catalogue, chip: String? = nil, idf: IDFVersion? = nil) throws(Diagnostic) -> BoardsReport {
        if let chip, catalogue.chip(named: chip) == nil {
            throw Diagnostic("Unknown chip '\(chip)'", expected: "one of: " + catalogue.chips.map(\.name).joined(separator: ", "),
                             fix: "Pass --chip with one of those names")
        }
        if let idf, !catalogue.idfReleases.contains(idf) {
            throw Diagnostic("ESP-IDF \(idf) is not a release the catalogue knows",
                             expected: "one of: " + catalogue.idfReleases.map(\.description).joined(separator: ", "),
                             fix: "Pass --idf with a stable release tag")
        }
        var entries: [BoardsReport.Entry] = []
        for board in catalogue.boards {
            guard let definition = catalogue.chip(named: board.chip) else { continue }
            if let chip, definition.name.caseInsensitiveCompare(chip) != .orderedSame { continue }
            if let idf, definition.kind == .espIDF, !definition.supported.contains(idf) { continue }
            var statics = board.statics.sorted { $0.idf < $1.idf }
            if let idf { statics = statics.filter { $0.idf == idf } }
            var releases = statics.map { s in
                BoardsReport.Release(idf: s.idf.description, firmware: s.firmware?.text, dram: s.dram, iram: s.iram, rtc: s.rtc,
                                     allocator: allocator(catalogue, board, s.idf),
                                     bootable: s.dram.confidence != .unknown)
            }
            if let idf, releases.isEmpty, definition.kind == .espIDF {
                releases = [BoardsReport.Release(idf: idf.description, dram: nil, iram: nil, rtc: nil,
                                                 allocator: allocator(catalogue, board, idf), bootable: false)]
            }
            let layoutFeatures = (try? catalogue.layout(of: board, idf: statics.last?.idf ?? idf ?? IDFVersion(5, 4, 2)))?.features
            entries.append(BoardsReport.Entry(name: board.name, base: board.baseName, variant: board.variant, chip: definition.name,
                                              firmware: board.firmware.rawValue, features: board.features,
                                              featureSummary: FeatureSummary.text(layoutFeatures ?? board.features, cpuCores: definition.facts.cpuCores),
                                              releases: releases, source: board.source))
        }
        return BoardsReport(chipFilter: chip, idfFilter: idf?.description, boards: entries,
                            idfReleases: catalogue.idfReleases.map(\.description))
    }

    private static func allocator(_ catalogue: Catalogue, _ board: Board, _ idf: IDFVersion) -> String? {
        guard let layout = try? catalogue.layout(of: board, idf: idf) else { return nil }
        return (layout.romTLSFFLIndexMax != nil ? "mask-ROM " : "") + AllocatorVariant.forLayout(layout).name
    }
}

/// Renders a `BoardsReport`: one block per board, one line per release with its figures and sources.
public enum BoardsEmitter {
    public static func text(_ r: BoardsReport) -> String {
        var out: [String] = []
        var scope = "\(r.boards.count) board\(r.boards.count == 1 ? "" : "s")"
        if let c = r.chipFilter { scope += " on \(c)" }
        if let v = r.idfFilter { scope += " supported by ESP-IDF \(v)" }
        out.append("heapfit boards — \(scope). " + BoardsReport.naming)
        out.append("Confidence: measured (a published build report), derived (computed from a published log), "
                   + "estimated (carried over, argued), unknown (pass --static-dram). An interval is given where no figure is "
                   + "published: heapfit answers at both ends. [micropython <1.27] marks figures of some firmware releases only.")
        for b in r.boards {
            out.append("")
            out.append("\(b.name)  [\(b.chip), \(b.firmware)]  \(b.featureSummary)")
            if b.releases.isEmpty { out.append("  no static sizes known: heapfit heaps needs --static-dram") }
            for rel in b.releases {
                guard let d = rel.dram else {
                    out.append("  IDF \(rel.idf): no static sizes known — pass --static-dram"
                               + (rel.allocator.map { "  (\($0))" } ?? ""))
                    continue
                }
                var line = "  IDF \(pad(rel.idf, 6)) " + (rel.firmware.map { "[\($0)] " } ?? "") + "DRAM "
                    + (d.confidence == .unknown ? "unknown — pass --static-dram"
                       : d.interval != nil ? "\(d.text) interval (\(d.confidence.rawValue))" : "\(d.value) B (\(d.confidence.rawValue))")
                if let i = rel.iram, i.confidence != .unknown { line += ", IRAM \(i.value) B (\(i.confidence.rawValue))" }
                if let t = rel.rtc, t.confidence != .unknown { line += ", RTC \(t.value) B (\(t.confidence.rawValue))" }
                if let a = rel.allocator { line += "  — \(a)" }
                out.append(line)
                out.append("      DRAM source: \(d.source)")
                if let i = rel.iram, i.source != d.source { out.append("      IRAM source: \(i.source)") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public static func json(_ r: BoardsReport) -> String { JSONText.encode(r) }

    private static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
