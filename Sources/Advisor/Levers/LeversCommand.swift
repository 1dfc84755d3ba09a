import Model
import Simulator

/// What `heapfit levers` asks: every lever, or those of one firmware release.
public struct LeversRequest: Sendable {
    /// `micropython-1.24`; nil: every release the table lists.
    public var firmware: String?

    public init(firmware: String? = nil) { self.firmware = firmware }
}

/// What `heapfit levers` answers.
public struct LeversReport: Sendable {
    /// The release asked for, when one was.
    public var firmware: Firmware?
    /// The levers, in the table's order (for one release: those whose range holds it).
    public var levers: [Lever]
    /// For one release: what no entry lets a board (or a patch) set there, so heapfit does not offer it.
    public var notOffered: [Lever.Control]
    /// The levers file.
    public var source: String
}

/// The use case behind `heapfit levers`.
public enum LeversCommand {
    public static func run(_ request: LeversRequest, table: LeverTable) throws(Diagnostic) -> LeversReport {
        guard let name = request.firmware else {
            return LeversReport(firmware: nil, levers: table.levers, notOffered: [], source: table.source)
        }
        guard let firmware = Firmware(parsing: name) else {
            throw Diagnostic("'\(name)' is not a firmware release heapfit knows",
                             expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24, circuitpython-9.2 or micropython-esp8266-1.22",
                             fix: "Correct --firmware, or omit it for every release")
        }
        let levers = table.levers(port: firmware.port.rawValue, major: firmware.major, minor: firmware.minor)
        let offered = Set(levers.map(\.controls))
        return LeversReport(firmware: firmware, levers: levers,
                            notOffered: Lever.Control.allCases.filter { !offered.contains($0) }, source: table.source)
    }

    /// The lever that sets the initial Python heap on `firmware` (nil where the table has none, e.g. Pycom).
    public static func initialHeapLever(_ firmware: Firmware, table: LeverTable) -> Lever? {
        table.lever(.initialHeap, port: firmware.port.rawValue, major: firmware.major, minor: firmware.minor)
    }
}

extension LeversCommand {
    /// On `library`: its levers file.
    public static func run(_ request: LeversRequest, library: Library) throws(Diagnostic) -> LeversReport {
        try run(request, table: library.levers)
    }

    /// On the levers file of this checkout's `workloads/` (or `HEAPFIT_WORKLOADS`): nothing else is read.
    public static func run(_ request: LeversRequest) throws(Diagnostic) -> LeversReport {
        try run(request, table: try LeverLoader.load(library: try ResourceLocator.workloads()))
    }
}
