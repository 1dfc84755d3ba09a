import Model
import Simulator
import Solver

/// The `sweep` use case: every board × IDF release × workload asked for, each cell run as
/// `recommend` or `simulate` would run it, in parallel, the rows in cell order.
public enum SweepCommand {
    /// The most cells one sweep runs: the whole catalogue × every shipped workload is about 500, and a
    /// recommend cell can take seconds, so more is a mistake in the filters, not a table anyone waits for.
    public static let maximumCells = 5_000

    /// The cells of `request`, in order; a diagnostic for a filter that names nothing the catalogue
    /// or the workload library knows (bad input), never for a combination that cannot run (a skipped cell).
    public static func plan(_ request: SweepRequest, catalogue: Catalogue, library: String) throws(Diagnostic) -> [SweepCell] {
        if request.initialHeap != nil, request.mode != .simulate {
            throw Diagnostic("--initial-heap applies to --mode simulate only",
                             fix: "Add --mode simulate, or drop --initial-heap (recommend chooses the initial heap)")
        }
        if let name = request.firmware, Firmware(parsing: name) == nil {
            throw Diagnostic("'\(name)' is not a firmware release heapfit knows." + FirmwareResolution.firmwareHint(name),
                             expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24, circuitpython-9.2 or pycom-1.20",
                             fix: "Correct --firmware, or omit it for the newest release that supports each IDF release")
        }
        var boards: [Board] = []
        for name in request.boards {
            let board = try catalogue.board(named: name)
            if !boards.contains(board) { boards.append(board) }
        }
        if boards.isEmpty { boards = catalogue.boards }
        for idf in request.idfs where !catalogue.idfReleases.contains(idf) {
            throw Diagnostic("ESP-IDF \(idf) is not a release the catalogue knows",
                             expected: "one of: " + catalogue.idfReleases.map(\.description).joined(separator: ", "),
                             fix: "Pass --idf with a stable release tag (`heapfit boards` lists the ones with data)")
        }
        // Oldest first, like the default releases: a table reads as a board's history.
        let idfs = Array(Set(request.idfs)).sorted()
        let loader = WorkloadLoader(library: library)
        var workloads: [(given: String, name: String)] = []
        for given in request.workloads.isEmpty ? [RecommendationRequest.defaultWorkload] : request.workloads
        where !workloads.contains(where: { $0.given == given }) {
            workloads.append((given, try loader.workload(given).name))
        }
        var cells: [SweepCell] = []
        for board in boards {
            let chip = catalogue.chip(named: board.chip)
            let chipName = chip?.name ?? board.chip
            for (idf, skip) in releases(of: board, chip: chip, asked: idfs, firmware: request.firmware, catalogue: catalogue) {
                for w in workloads {
                    cells.append(SweepCell(board: board.name, chip: chipName, idf: idf, workload: w.given, workloadName: w.name,
                                           skip: skip))
                }
            }
        }
        guard cells.count <= maximumCells else {
            throw Diagnostic("This sweep asks for \(cells.count) cells", expected: "at most \(maximumCells) cells",
                             fix: "Narrow it with --board, --idf or fewer --workload")
        }
        return cells
    }

    /// The releases a board gets a row for, each with the reason it cannot run (nil: it can). By default every
    /// release the board's firmware supports; a release is skipped only where no firmware release runs it or the
    /// catalogue has no figure (nor interval) of static DRAM for it.
    static func releases(of board: Board, chip: ChipDefinition?, asked: [IDFVersion], firmware: String?,
                         catalogue: Catalogue) -> [(IDFVersion?, String?)] {
        guard let chip else { return [(nil, "its chip \(board.chip) is not defined in \(catalogue.file)")] }
        guard chip.kind == .espIDF else { return [(nil, "\(chip.name) does not run ESP-IDF (its SDK has its own heap)")] }
        let supported = catalogue.supportedReleases(of: board)
        let releases = asked.isEmpty ? (supported.isEmpty ? board.knownReleases : supported) : asked
        guard !releases.isEmpty else { return [(nil, "the catalogue has no static sizes for \(board.name) on any ESP-IDF release")] }
        let table = catalogue.firmwareSupport
        return releases.map { idf in
            guard chip.supported.contains(idf) else { return (idf, "ESP-IDF \(idf) does not support \(chip.name)") }
            var key: FirmwareKey?
            if let firmware, let f = Firmware(parsing: firmware) {
                if let row = table.release(port: f.port.rawValue, major: f.major, minor: f.minor), !row.supports(idf, on: chip.name) {
                    return (idf, "\(f) does not support ESP-IDF \(idf) on \(chip.name)")
                }
                key = f.key
            } else if table.covers(port: board.firmware.rawValue) {
                guard let f = Firmware.newest(for: board, idf: idf, table: table) else {
                    return (idf, "no \(board.firmware.rawValue) release that ships \(board.name) supports ESP-IDF \(idf)")
                }
                key = f.key
            }
            guard let statics = try? catalogue.statics(of: board, idf: idf, firmware: key) else {
                return (idf, "no static DRAM size for \(board.name) on ESP-IDF \(idf) in the catalogue")
            }
            guard statics.dram.confidence != .unknown else {
                return (idf, "static DRAM of \(board.name) on ESP-IDF \(idf) is unknown (`heapfit heaps --static-dram` takes a build's figure)")
            }
            return (idf, nil)
        }
    }

    /// Runs every cell of `request` on up to `jobs` threads; `progress` hears of each finished cell.
    public static func run(_ request: SweepRequest, catalogue: Catalogue, library: String, jobs: Int,
                           progress: (@Sendable (_ done: Int, _ total: Int, _ cell: SweepCell) -> Void)? = nil)
        throws(Diagnostic) -> SweepReport {
        let cells = try plan(request, catalogue: catalogue, library: library)
        var perJob: WorkQueue.Progress?
        if let progress {
            perJob = { done, total, index in progress(done, total, cells[index]) }
        }
        let rows = WorkQueue.map(count: cells.count, jobs: jobs, progress: perJob) { (index: Int) -> SweepRow in
            run(cells[index], request: request, catalogue: catalogue, library: library)
        }
        return SweepReport(mode: request.mode, rows: rows)
    }

    /// One cell: a skipped row when it cannot run, else the recommendation or the replay.
    static func run(_ cell: SweepCell, request: SweepRequest, catalogue: Catalogue, library: String) -> SweepRow {
        var row = SweepRow(board: cell.board, chip: cell.chip, idf: cell.idf?.description, firmware: nil, workload: cell.workloadName,
                           verdict: .skipped, knobChanges: [], skippedBecause: cell.skip)
        guard cell.skip == nil, let idf = cell.idf else { return row }
        do throws(Diagnostic) {
            switch request.mode {
            case .recommend: try recommend(cell, idf: idf, request: request, catalogue: catalogue, library: library, into: &row)
            case .simulate: try simulate(cell, idf: idf, request: request, catalogue: catalogue, library: library, into: &row)
            }
        } catch {
            // "No setting works" is an answer; any other diagnostic says why this combination cannot run.
            if error.kind == .noSetting {
                row.verdict = .noSetting
                row.limitingAllocation = error.what
            } else {
                row.verdict = .skipped
                row.skippedBecause = error.what
            }
        }
        return row
    }

    static func recommend(_ cell: SweepCell, idf: IDFVersion, request: SweepRequest, catalogue: Catalogue, library: String,
                          into row: inout SweepRow) throws(Diagnostic) {
        let asked = RecommendationRequest(board: cell.board, idfs: [idf], firmware: request.firmware, workloads: [cell.workload])
        // Where the static DRAM is an interval: solved at the upper end, or at the lower end with the threshold.
        let solved = try RecommendCommand.solve(asked, catalogue: catalogue, library: library)
        let p = solved.prepared
        // Known before the answer, so a "no setting" row says them too.
        row.firmware = p.scenarios.first?.firmware.description
        row.confidence = p.scenarios.first?.device.staticDRAM.confidence.rawValue
        row.staticDRAMBounds = solved.bounds
        // Not RecommendCommand.run: where nothing fits, it also searches every other board of the chip for
        // a fix (a full recommendation each, ~16 s of CPU for pycom-ftp-gc) — the sweep's other rows say that.
        let r: RecommendationReport
        switch solved.outcome {
        case .success(let answer):
            r = RecommendCommand.report(answer, scenarios: p.scenarios, table: p.table, choices: p.choices, request: asked, idf: idf)
        case .failure(.infeasible(let scenario, let result, let candidate)):
            throw RecommendCommand.infeasible(scenario: scenario, result: result, candidate: candidate, headroom: asked.idfHeadroom)
        case .failure(.solver(let f)):
            throw RecommendCommand.solverFailure(f, problem: p.problem)
        case .failure(.scenario(let d)):
            throw d
        }
        row.verdict = .fits
        row.initialHeap = r.initialHeapSize
        row.pythonHeapAtStart = r.pythonHeapAtStart
        row.pythonHeapAfterGrowth = r.pythonHeapAfterGrowth
        row.idfHeadroom = r.idfHeadroom
        row.limitingAllocation = r.limitingAllocation
        row.knobChanges = r.knobChanges.map { SweepRow.KnobChange(name: $0.name, from: $0.from, to: $0.to) }
    }

    static func simulate(_ cell: SweepCell, idf: IDFVersion, request: SweepRequest, catalogue: Catalogue, library: String,
                         into row: inout SweepRow) throws(Diagnostic) {
        // As `simulate` runs it: with a catalogue interval of static DRAM, at both ends and the threshold between.
        let asked = SimulationRequest(board: cell.board, idf: idf, firmware: request.firmware, workload: cell.workload,
                                      initialHeap: request.initialHeap)
        let report = try SimulateCommand.run(asked, catalogue: catalogue, library: library)
        let result = report.result
        row.firmware = report.firmware.description
        row.confidence = report.staticDRAM?.confidence.rawValue
        row.staticDRAMBounds = report.staticDRAMBounds
        let spiram = (try? catalogue.board(named: cell.board))?.features.spiram ?? false
        if case .fixed(let n) = report.firmware.heapPolicy(chip: report.chip, spiram: spiram).initial {
            row.initialHeap = request.initialHeap ?? n
        } else {
            row.initialHeap = request.initialHeap
        }
        row.pythonHeapAtStart = result.gcAtStart.total
        row.pythonHeapAfterGrowth = result.gcPeakTotal
        row.idfHeadroom = result.minimumInternalFree
        if let f = result.firstFailure {
            row.verdict = .doesNotFit
            row.limitingAllocation = "\(f.allocation) (\(f.size) B, \(f.caps)) at step \(f.step + 1) \"\(f.label)\": \(f.reason)"
        } else {
            row.verdict = .fits
            row.limitingAllocation = "least free internal IDF memory after \"\(result.minimumInternalFreeStep)\""
        }
    }
}
