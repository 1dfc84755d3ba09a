import Model
import Simulator

/// One scenario of a what-if comparison and what its replay showed.
public struct WhatIfColumn: Sendable {
    /// `baseline`, `changed`, or with `--each` the change itself (`--tls 3`).
    public var name: String
    public var changes: [WhatIfChange]
    public var board: String
    public var chip: String
    public var idf: IDFVersion
    public var firmware: Firmware
    public var workload: String
    public var staticDRAM: Int
    /// The initial Python heap asked for (`--initial-heap`) or the firmware's fixed size; nil
    /// where the firmware sizes it from free memory at boot.
    public var initialHeap: Int?
    /// What `--add` and `--tls` added to the workload, and where.
    public var note: String?
    /// The replay; nil when the firmware could not start (`notStarted` says why).
    public var report: SimulationReport?
    public var notStarted: String?
    /// Set where the catalogue gives this column's static DRAM only as an interval: the column is replayed at
    /// the upper end (the worst case), and here are its verdict at both ends and the threshold between.
    public var staticDRAMBounds: StaticDRAMBounds? = nil

    public var fits: Bool { report?.result.fits ?? false }
    public var advisories: [AppliedAdvisory] { report?.advisories ?? [] }

    /// The figures compared side by side, in print order; nil where the firmware did not start.
    public var measures: [WhatIfMeasure] {
        let r = report?.result
        return [
            WhatIfMeasure(key: "pythonHeapAtStart", label: "Python heap at start", value: r?.gcAtStart.total),
            WhatIfMeasure(key: "pythonHeapAfterGrowth", label: "Python heap after growth", value: r?.gcPeakTotal),
            WhatIfMeasure(key: "pythonHeapPeakUsed", label: "Python heap peak used", value: r?.gcPeakUsed),
            WhatIfMeasure(key: "idfLowestFree", label: "IDF free internal, lowest", value: r?.minimumInternalFree),
            WhatIfMeasure(key: "idfLargestBlockLowest", label: "IDF largest internal block, lowest", value: r?.minimumInternalLargest),
            WhatIfMeasure(key: "idfHeadroom", label: "IDF headroom over \(WhatIfCommand.headroom / 1024) KiB",
                          value: r.map { $0.minimumInternalFree - WhatIfCommand.headroom }),
            WhatIfMeasure(key: "espMinimumFreeHeap", label: "esp_get_minimum_free_heap_size()", value: r?.idfMinimumFree),
        ]
    }
}

/// One compared figure (bytes).
public struct WhatIfMeasure: Sendable {
    /// JSON field name.
    public var key: String
    /// Text row label.
    public var label: String
    public var value: Int?
}

/// What `heapfit whatif` answers.
public struct WhatIfReport: Sendable {
    public var baseline: WhatIfColumn
    /// One column with every change, or one per change with `--each`.
    public var changed: [WhatIfColumn]
    /// Every advisory that applies to some column, with the columns it applies to.
    public var advisories: [(advisory: AppliedAdvisory, columns: [String])]

    /// Whether every changed scenario fits (the exit code).
    public var fits: Bool { changed.allSatisfy(\.fits) }
}

/// The `whatif` use case: replay the baseline and the changed scenarios and put them side by side.
public enum WhatIfCommand {
    /// The IDF headroom the comparison measures against: recommend's default (12 KiB).
    public static let headroom = RecommendationRequest.defaultHeadroom

    /// Replays the baseline and each changed scenario; `advisories` are evaluated for every column.
    public static func run(_ request: WhatIfRequest, catalogue: Catalogue, library: String,
                           advisories: [Advisory] = []) throws(Diagnostic) -> WhatIfReport {
        guard !request.changes.isEmpty else {
            throw Diagnostic("Nothing to compare: no change was given",
                             expected: "at least one of --to-board, --to-idf, --to-firmware, --to-static-dram, --less-ram, "
                                + "--to-initial-heap, --to-set, --add, --tls",
                             fix: "Add the change you want to see, e.g. --to-idf 5.4.2 or --tls 3")
        }
        let loader = WorkloadLoader(library: library)
        let base = WhatIfScenario(request.baseline)
        let baseline = try column("baseline", [], base, catalogue: catalogue, loader: loader, advisories: advisories)
        var changed: [WhatIfColumn] = []
        let ordered = request.changes.sorted { $0.rank < $1.rank }
        if request.each {
            for change in ordered {
                changed.append(try column(change.description, [change], base.applying([change]), catalogue: catalogue,
                                          loader: loader, advisories: advisories))
            }
        } else {
            changed.append(try column("changed", ordered, base.applying(ordered), catalogue: catalogue, loader: loader,
                                      advisories: advisories))
        }
        let columns = [baseline] + changed
        let applied = AdvisoryEvaluator.union(columns.map(\.advisories)).map { a in
            (advisory: a, columns: columns.filter { $0.advisories.contains { $0.id == a.id } }.map(\.name))
        }
        return WhatIfReport(baseline: baseline, changed: changed, advisories: applied)
    }

    static func column(_ name: String, _ changes: [WhatIfChange], _ s: WhatIfScenario, catalogue: Catalogue,
                       loader: WorkloadLoader, advisories: [Advisory]) throws(Diagnostic) -> WhatIfColumn {
        var request = s.request
        let board = try catalogue.board(named: request.board)
        let asked = try loader.workload(request.workload)
        let firmware = try PreparedScenario.firmware(request.firmware, board: board, idf: request.idf, catalogue: catalogue)
        var withinInterval = request.withinInterval
        if s.lessRAM > 0 {
            var dram = request.staticDRAM
            if dram == nil { dram = try catalogue.staticDRAM(of: board, idf: request.idf, firmware: firmware.key, override: nil).value }
            request.staticDRAM = (dram ?? 0) + s.lessRAM
            withinInterval = false
        }
        let device = try DeviceBoot.boot(catalogue: catalogue, boardName: request.board, idf: request.idf, firmware: firmware.key,
                                         staticDRAM: request.staticDRAM, withinInterval: withinInterval)
        let (workload, note) = try WorkloadEdit.adding(components: s.added, tlsSessions: s.tlsSessions, to: asked, loader: loader)
        let scenario = try PreparedScenario(device: device, firmware: request.firmware, workload: workload, loader: loader, catalogue: catalogue)
        // Knobs are checked here so the message names the option that gave them.
        for (knob, _) in request.knobs where scenario.knobs[knob] == nil {
            throw Diagnostic("Unknown knob \(knob) in \(changes.isEmpty ? "--set" : "--to-set")",
                             expected: "a knob of workloads/knobs.yaml", fix: "Check the name (Kconfig names without CONFIG_)")
        }
        var initialHeap = request.initialHeap
        if initialHeap == nil {
            switch scenario.firmware.heapPolicy(chip: device.chip.name, spiram: device.board.features.spiram).initial {
            case .fixed(let n), .staticArray(let n): initialHeap = n
            case .largestBlock, .halfOfTotal: initialHeap = nil
            }
        }
        var col = WhatIfColumn(name: name, changes: changes, board: device.board.name, chip: device.chip.name, idf: device.idf,
                               firmware: scenario.firmware, workload: workload.name, staticDRAM: device.staticDRAM.value,
                               initialHeap: initialHeap, note: note, report: nil, notStarted: nil)
        do throws(Diagnostic) {
            col.report = try SimulateCommand.run(scenario, request: request, advisories: advisories)
        } catch {
            // A firmware that cannot start (its initial heap does not fit) is an outcome to compare, not bad input.
            guard error.kind == .doesNotStart else { throw error }
            col.notStarted = error.what
        }
        if request.staticDRAM == nil, s.lessRAM == 0 {
            col.staticDRAMBounds = try StaticDRAMBisection.bounds(of: device.staticDRAM, atUpper: col.fits) { dram throws(Diagnostic) in
                var point = s
                point.request.staticDRAM = dram
                point.request.withinInterval = true
                return try column(name, changes, point, catalogue: catalogue, loader: loader, advisories: []).fits
            }
        }
        return col
    }
}
