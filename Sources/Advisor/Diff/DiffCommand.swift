import Model

/// The `diff` use case: the maintainer's view of an IDF bump. Per board, the heaps at boot under
/// both releases (`HeapsCommand`) and each workload's recommendation under both (`SweepCommand`,
/// so the recommendations run in parallel).
public enum DiffCommand {
    public static func run(_ request: DiffRequest, catalogue: Catalogue, library: String, jobs: Int,
                           progress: (@Sendable (_ done: Int, _ total: Int, _ cell: SweepCell) -> Void)? = nil)
        throws(Diagnostic) -> DiffReport {
        let (compared, notCompared) = try heapsAtBoot(request, catalogue: catalogue)
        let sweep = try SweepCommand.run(SweepRequest(boards: compared.map(\.0.name), idfs: [request.from, request.to],
                                                      firmware: request.firmware, workloads: request.workloads, mode: .recommend),
                                         catalogue: catalogue, library: library, jobs: jobs, progress: progress)
        let rows = Dictionary(sweep.rows.map { (RowKey(board: $0.board, idf: $0.idf ?? "", workload: $0.workload), $0) },
                              uniquingKeysWith: { first, _ in first })
        let workloads = sweep.rows.map(\.workload).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let entries = compared.map { board, a, b in
            DiffReport.Board(
                board: board.name, chip: a.chip, allocator: Pair(from: a.allocator, to: b.allocator),
                staticDRAM: Change(a.staticDRAM.value, b.staticDRAM.value),
                staticIRAM: Change(a.staticIRAM?.value, b.staticIRAM?.value),
                heapDataFree: Change(a.heapDataFree, b.heapDataFree),
                largestFreeBlock: Change(a.heapDataLargest, b.heapDataLargest),
                heaps: pairHeaps(a.heaps, b.heaps),
                workloads: workloads.compactMap { w in
                    guard let ra = rows[RowKey(board: board.name, idf: request.from.description, workload: w)],
                          let rb = rows[RowKey(board: board.name, idf: request.to.description, workload: w)] else { return nil }
                    return workloadChange(ra, rb)
                },
                assumptions: a.assumptions.map { "\(request.from): \($0)" } + b.assumptions.map { "\(request.to): \($0)" })
        }
        return DiffReport(from: request.from.description, to: request.to.description, boards: entries, notCompared: notCompared)
    }

    /// The boards to compare (those asked, else every board) with their heaps at boot under both
    /// releases, and those that cannot be compared and why; a diagnostic when none can.
    static func heapsAtBoot(_ request: DiffRequest, catalogue: Catalogue) throws(Diagnostic)
        -> (compared: [(Board, HeapsReport, HeapsReport)], notCompared: [DiffReport.NotCompared]) {
        guard request.from != request.to else {
            throw Diagnostic("Both --idf values are \(request.from)", expected: "two different releases, the old one first",
                             fix: "Pass e.g. --idf 4.4 --idf 5.4.2")
        }
        for idf in [request.from, request.to] where !catalogue.idfReleases.contains(idf) {
            throw Diagnostic("ESP-IDF \(idf) is not a release the catalogue knows",
                             expected: "one of: " + catalogue.idfReleases.map(\.description).joined(separator: ", "),
                             fix: "Pass --idf with a stable release tag (`heapfit boards` lists the ones with data)")
        }
        var boards: [Board] = []
        for name in request.boards {
            let board = try catalogue.board(named: name)
            if !boards.contains(board) { boards.append(board) }
        }
        let explicit = !boards.isEmpty
        if !explicit { boards = catalogue.boards }
        var compared: [(Board, HeapsReport, HeapsReport)] = []
        var notCompared: [DiffReport.NotCompared] = []
        for board in boards {
            let reasons = SweepCommand.releases(of: board, chip: catalogue.chip(named: board.chip), asked: [request.from, request.to], firmware: nil,
                                                catalogue: catalogue).compactMap(\.1)
            if !reasons.isEmpty {
                notCompared.append(DiffReport.NotCompared(board: board.name, reason: reasons.joined(separator: "; ")))
                continue
            }
            do throws(Diagnostic) {
                compared.append((board, try HeapsCommand.report(catalogue: catalogue, boardName: board.name, idf: request.from),
                                 try HeapsCommand.report(catalogue: catalogue, boardName: board.name, idf: request.to)))
            } catch {
                notCompared.append(DiffReport.NotCompared(board: board.name, reason: error.what))
            }
        }
        guard !compared.isEmpty else {
            let scope = explicit ? "None of the boards asked for" : "No board"
            throw Diagnostic("\(scope) can be compared between ESP-IDF \(request.from) and \(request.to): "
                             + notCompared.map { "\($0.board): \($0.reason)" }.joined(separator: "; "),
                             expected: "a board with known static sizes on both releases",
                             fix: "`heapfit boards` lists each board's releases with data; pick two of them")
        }
        return (compared, notCompared)
    }

    private struct RowKey: Hashable {
        var board, idf, workload: String
    }

    /// Heaps paired by the end of their region and their type: a heap starts where static data or a
    /// reserved block ends, which moves between releases, but ends where its memory region ends, which
    /// does not. Ordered by that end address; a heap only one release registers is paired with nothing.
    static func pairHeaps(_ a: [HeapsReport.Heap], _ b: [HeapsReport.Heap]) -> [DiffReport.HeapChange] {
        struct Key: Hashable, Comparable {
            var end: Int
            var type: String
            static func < (l: Key, r: Key) -> Bool { (l.end, l.type) < (r.end, r.type) }
        }
        func key(_ h: HeapsReport.Heap) -> Key { Key(end: h.start + h.size, type: h.type) }
        let left = Dictionary(a.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let right = Dictionary(b.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        return Set(left.keys).union(right.keys).sorted().map { k in
            change("\(k.type) to \(Hex.address(k.end))", left[k], right[k])
        }
    }

    private static func change(_ label: String, _ a: HeapsReport.Heap?, _ b: HeapsReport.Heap?) -> DiffReport.HeapChange {
        DiffReport.HeapChange(heap: label, start: Change(a?.start, b?.start), size: Change(a?.size, b?.size),
                              free: Change(a?.free, b?.free), largestFreeBlock: Change(a?.largestFreeBlock, b?.largestFreeBlock))
    }

    static func workloadChange(_ a: SweepRow, _ b: SweepRow) -> DiffReport.WorkloadChange {
        func limit(_ r: SweepRow) -> String { r.verdict == .skipped ? "skipped: " + (r.skippedBecause ?? "") : r.limitingAllocation ?? "" }
        return DiffReport.WorkloadChange(
            workload: a.workload, firmware: Pair(from: a.firmware, to: b.firmware), verdict: Pair(from: a.verdict, to: b.verdict),
            initialHeap: Change(a.initialHeap, b.initialHeap),
            pythonHeapAfterGrowth: Change(a.pythonHeapAfterGrowth, b.pythonHeapAfterGrowth),
            idfHeadroom: Change(a.idfHeadroom, b.idfHeadroom),
            knobs: Pair(from: a.knobText, to: b.knobText), limitingAllocation: Pair(from: limit(a), to: limit(b)))
    }
}
