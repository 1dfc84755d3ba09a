import Testing
@testable import Solver

@Test func solvesASmallIntegerProgramToItsIntegerOptimum() throws {
    // max 5x + 4y  s.t. 6x + 4y ≤ 24, x + 2y ≤ 6, x, y ∈ ℤ≥0: the LP optimum (3, 1.5) = 21 is
    // fractional; the integer optimum is (4, 0) = 20.
    var m = MIPModel()
    let x = m.addVariable("x", kind: .integer)
    let y = m.addVariable("y", kind: .integer)
    m.addConstraint("c1", [(x, 6), (y, 4)], upper: 24)
    m.addConstraint("c2", [(x, 1), (y, 2)], upper: 6)
    m.setObjective(x, 5)
    m.setObjective(y, 4)
    let solution = try GLPKBackend().solve(m, timeLimit: 5).get()
    #expect(solution.status == .optimal)
    #expect(solution.objective == 20)
    #expect(solution.integer(x) == 4)
    #expect(solution.integer(y) == 0)
}

@Test func binaryChoiceAndEqualityRows() throws {
    // Pick exactly one of three levels, minimise cost: level costs 7, 3, 5 → the second.
    var m = MIPModel()
    m.maximize = false
    let levels = (0..<3).map { m.addVariable("l\($0)", kind: .binary) }
    m.addConstraint("one", levels.map { ($0, 1) }, lower: 1, upper: 1)
    for (v, cost) in zip(levels, [7.0, 3, 5]) { m.setObjective(v, cost) }
    let solution = try GLPKBackend().solve(m, timeLimit: 5).get()
    #expect(levels.map { solution.integer($0) } == [0, 1, 0])
    #expect(solution.objective == 3)
}

@Test func anInfeasibleModelIsReportedAsSuch() {
    var m = MIPModel()
    let x = m.addVariable("x", kind: .integer, lower: 0, upper: 10)
    m.addConstraint("low", [(x, 1)], lower: 3)
    m.addConstraint("high", [(x, 1)], upper: 2)
    m.setObjective(x, 1)
    #expect(GLPKBackend().solve(m, timeLimit: 5) == .failure(.infeasible))
}

@Test func aTimeLimitStopsAHardSearch() {
    // Σ 2·xᵢ = 61 over 70 binaries has no solution, but branch and bound cannot see that from
    // the relaxation: the search is exponential, so a 0.2 s limit must stop it.
    var m = MIPModel()
    let xs = (0..<70).map { m.addVariable("x\($0)", kind: .binary) }
    m.addConstraint("odd", xs.map { ($0, 2) }, lower: 61, upper: 61)
    for (i, x) in xs.enumerated() { m.setObjective(x, Double(i % 7 + 1)) }
    let result = GLPKBackend().solve(m, timeLimit: 0.2)
    #expect(result == .failure(.timeLimit))
}

@Test func aGLPKInternalErrorComesBackAsAValueWithItsMessage() {
    // A row index out of range makes glp_load_matrix call glp_error, which would abort() the
    // process; the shim's error hook must longjmp out and hand back GLPK's message.
    var m = MIPModel()
    let x = m.addVariable("x", kind: .integer)
    m.addConstraint("c", [(x, 1)], upper: 5)
    m.setObjective(x, 1)
    let result = GLPKBackend().solveRaw(m, ia: [7], ja: [0], ar: [1], timeLimit: 1)
    guard case .failure(.backendError(let message)) = result else {
        Issue.record("expected a GLPK error, got \(result)")
        return
    }
    #expect(message.contains("out of range"))
    // GLPK is usable again afterwards (its environment was freed and is rebuilt).
    #expect((try? GLPKBackend().solve(m, timeLimit: 1).get().integer(x)) == 5)
}

@Test func glpkIsLinkedAndReportsAVersion() {
    let parts = GLPKBackend.version.split(separator: ".")
    #expect(parts.count >= 2)
    #expect(Int(parts[0]) ?? 0 >= 4)
}
