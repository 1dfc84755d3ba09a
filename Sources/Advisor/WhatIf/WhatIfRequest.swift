import Model

/// One change `heapfit whatif` applies to the baseline scenario.
public enum WhatIfChange: Hashable, Sendable, CustomStringConvertible {
    case board(String)
    case idf(IDFVersion)
    case firmware(String)
    /// The static DRAM of the changed build (`idf.py size`).
    case staticDRAM(Int)
    /// N bytes less RAM for the heaps: static DRAM grows by N (a new driver, a larger buffer in .bss).
    case lessRAM(Int)
    case initialHeap(Int)
    case knob(String, Int)
    /// A component (`components/<name>.yaml`) opened for the whole workload.
    case add(component: String)
    /// TLS sessions (each with its TCP socket) added until N are open at the workload's peak.
    case tlsSessions(Int)

    /// As the user wrote it: `--to-idf 5.4.2`.
    public var description: String {
        switch self {
        case .board(let b): "--to-board \(b)"
        case .idf(let v): "--to-idf \(v)"
        case .firmware(let f): "--to-firmware \(f)"
        case .staticDRAM(let n): "--to-static-dram \(n)"
        case .lessRAM(let n): "--less-ram \(n)"
        case .initialHeap(let n): "--to-initial-heap \(n)"
        case .knob(let k, let v): "--to-set \(k)=\(v)"
        case .add(let c): "--add \(c)"
        case .tlsSessions(let n): "--tls \(n)"
        }
    }

    /// The order changes combine in (the command line's order across options is not kept):
    /// what boots first, then what the replay uses.
    var rank: Int {
        switch self {
        case .board: 0
        case .idf: 1
        case .firmware: 2
        case .staticDRAM: 3
        case .lessRAM: 4
        case .initialHeap: 5
        case .knob: 6
        case .add: 7
        case .tlsSessions: 8
        }
    }
}

/// What `heapfit whatif` asks: a baseline scenario and the changes to compare it with.
public struct WhatIfRequest: Sendable {
    public var baseline: SimulationRequest
    public var changes: [WhatIfChange]
    /// One column per change (each applied alone to the baseline) instead of one with all of them.
    public var each: Bool

    /// The baseline and its changes (their order does not matter: see `WhatIfChange.rank`).
    public init(baseline: SimulationRequest, changes: [WhatIfChange], each: Bool = false) {
        self.baseline = baseline
        self.changes = changes
        self.each = each
    }
}

/// A scenario to replay: a simulate request plus what whatif adds to it.
struct WhatIfScenario: Sendable {
    var request: SimulationRequest
    var lessRAM = 0
    var added: [String] = []
    var tlsSessions: Int?

    init(_ request: SimulationRequest) { self.request = request }

    /// The baseline with `changes` applied, in `WhatIfChange.rank` order. The baseline's
    /// `--static-dram` is the user's build of the baseline board and release: a change of board
    /// or IDF drops it (the catalogue's figure, or `--to-static-dram`, takes over).
    func applying(_ changes: [WhatIfChange]) -> WhatIfScenario {
        var s = self
        for change in changes.sorted(by: { $0.rank < $1.rank }) {
            switch change {
            case .board(let b):
                if b != s.request.board { s.request.staticDRAM = nil; s.request.withinInterval = false }
                s.request.board = b
            case .idf(let v):
                if v != s.request.idf { s.request.staticDRAM = nil; s.request.withinInterval = false }
                s.request.idf = v
            case .firmware(let f): s.request.firmware = f
            case .staticDRAM(let n): s.request.staticDRAM = n; s.request.withinInterval = false
            case .lessRAM(let n): s.lessRAM += n
            case .initialHeap(let n): s.request.initialHeap = n
            case .knob(let k, let v): s.request.knobs.append((k, v))
            case .add(let c): s.added.append(c)
            case .tlsSessions(let n): s.tlsSessions = n
            }
        }
        return s
    }
}
