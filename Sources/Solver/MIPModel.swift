/// A mixed-integer linear program, built by name-free indices: variables with bounds and kinds,
/// linear constraints, and an objective. Backends (`MIPSolver`) take it as it is; GLPK's 1-based
/// arrays stay inside `GLPKBackend`.
public struct MIPModel: Sendable {
    public enum Kind: Sendable, Hashable { case continuous, integer, binary }

    /// A variable handle.
    public struct Variable: Hashable, Sendable { public let index: Int }

    public struct VariableSpec: Sendable {
        public var name: String
        public var kind: Kind
        public var lower: Double?
        public var upper: Double?
    }

    /// `lower ≤ Σ coefficient·variable ≤ upper` (either side may be open).
    public struct Constraint: Sendable {
        public var name: String
        public var terms: [(Variable, Double)]
        public var lower: Double?
        public var upper: Double?
    }

    public private(set) var variables: [VariableSpec] = []
    public private(set) var constraints: [Constraint] = []
    public private(set) var objective: [Int: Double] = [:]
    public var maximize = true

    public init() {}

    /// Adds a variable; a binary one is bounded [0, 1] whatever `lower`/`upper` say.
    @discardableResult
    public mutating func addVariable(_ name: String, kind: Kind = .continuous, lower: Double? = 0, upper: Double? = nil) -> Variable {
        variables.append(VariableSpec(name: name, kind: kind, lower: kind == .binary ? 0 : lower,
                                      upper: kind == .binary ? 1 : upper))
        return Variable(index: variables.count - 1)
    }

    /// Adds `lower ≤ Σ terms ≤ upper`; terms on the same variable are summed.
    public mutating func addConstraint(_ name: String, _ terms: [(Variable, Double)], lower: Double? = nil, upper: Double? = nil) {
        var merged: [Int: Double] = [:]
        for (v, c) in terms { merged[v.index, default: 0] += c }
        let sorted = merged.sorted { $0.key < $1.key }.map { (Variable(index: $0.key), $0.value) }
        constraints.append(Constraint(name: name, terms: sorted, lower: lower, upper: upper))
    }

    /// Sets the objective coefficient of `variable`.
    public mutating func setObjective(_ variable: Variable, _ coefficient: Double) { objective[variable.index] = coefficient }
}

/// What a solve found.
public struct MIPSolution: Sendable, Equatable {
    public enum Status: Sendable, Equatable {
        /// Proven optimal.
        case optimal
        /// Feasible, not proven optimal (the time limit stopped the search).
        case feasible
    }
    public var status: Status
    public var objective: Double
    public var values: [Double]

    public func value(_ v: MIPModel.Variable) -> Double { values[v.index] }
    /// A binary or integer variable's value, rounded.
    public func integer(_ v: MIPModel.Variable) -> Int { Int(values[v.index].rounded()) }
}

/// Why a solve found nothing.
public enum MIPFailure: Error, Equatable, Sendable {
    /// No integer-feasible point exists.
    case infeasible
    /// The relaxation is unbounded (a modelling error).
    case unbounded
    /// The time limit passed before any feasible point was found.
    case timeLimit
    /// The backend failed; its own words.
    case solverFailed(String)
    /// GLPK raised an internal error (it would have aborted the process); its message.
    case backendError(String)
}

/// A MIP backend. GLPK is the default; another can be added behind this protocol.
public protocol MIPSolver: Sendable {
    /// Solves `model`, stopping after `timeLimit` seconds (0: no limit).
    func solve(_ model: MIPModel, timeLimit: Double) -> Result<MIPSolution, MIPFailure>
}
