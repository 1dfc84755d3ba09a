import Model
import Simulator

/// One heap of a simulated boot, as the report shows it.
public struct SimulatedPiece: Hashable, Sendable, Codable {
    public var start: Int
    public var size: Int
    public var typeName: String

    public init(_ p: BootPiece) {
        start = p.start
        size = p.size
        typeName = p.typeName
    }

    public var logLine: String { "At \(Hex.padded(start)) len \(Hex.padded(size)) (\(size / 1024) KiB): \(typeName)" }
}

/// How a log's `heap_init` lines compare with a simulated boot: heaps are the same when they start at the
/// same address with the same length; the type name is compared separately (IDF releases renamed types).
public struct PieceMatch: Hashable, Sendable, Codable {
    /// A logged heap the simulation also has, with both names.
    public struct NameDifference: Hashable, Sendable, Codable {
        public var line: Int
        public var logged: String
        public var simulated: String
    }

    public var simulated: [SimulatedPiece]
    /// Logged heaps the simulation does not have (tiny pieces excepted).
    public var onlyInLog: [HeapInitLine]
    /// Pieces of 16 B or less the log prints and the simulation drops: IDF before 4.2 printed them
    /// (`memory_layout_utils.c` "ignore regions smaller than 16B", 7491ea677a7).
    public var tinyPieces: [HeapInitLine]
    /// Simulated heaps missing from the log, inside the run of lines the log covers.
    public var missingInside: [SimulatedPiece]
    /// Simulated heaps before the log's first heap or after its last: the log may be cut there.
    public var missingAtEdges: [SimulatedPiece]
    public var nameDifferences: [NameDifference]

    public init(log: [HeapInitLine], simulated pieces: [BootPiece]) {
        simulated = pieces.map(SimulatedPiece.init)
        var matchedIndices: [Int] = []
        var onlyInLog: [HeapInitLine] = []
        var tiny: [HeapInitLine] = []
        var names: [NameDifference] = []
        for h in log {
            if let i = simulated.firstIndex(where: { $0.start == h.start && $0.size == h.size }) {
                matchedIndices.append(i)
                if simulated[i].typeName != h.typeName {
                    names.append(NameDifference(line: h.line, logged: h.typeName, simulated: simulated[i].typeName))
                }
            } else if h.size <= 16 {
                tiny.append(h)
            } else {
                onlyInLog.append(h)
            }
        }
        self.onlyInLog = onlyInLog
        tinyPieces = tiny
        nameDifferences = names
        let lo = matchedIndices.min() ?? simulated.count
        let hi = matchedIndices.max() ?? -1
        let matched = Set(matchedIndices)
        let sim = simulated
        missingInside = sim.indices.filter { !matched.contains($0) && $0 > lo && $0 < hi }.map { sim[$0] }
        missingAtEdges = sim.indices.filter { !matched.contains($0) && ($0 < lo || $0 > hi) }.map { sim[$0] }
    }

    /// Every logged heap is simulated and every simulated heap is logged.
    public var isExact: Bool { onlyInLog.isEmpty && missingInside.isEmpty && missingAtEdges.isEmpty }

    /// For ranking candidates: fewer is better; heaps the log contradicts weigh more than heaps it may have cut.
    var cost: Int { 100 * (onlyInLog.count + missingInside.count) + 10 * missingAtEdges.count + nameDifferences.count }
}
