import Foundation
import CGLPK

/// The GLPK backend: the only Swift file that calls GLPK (through the guarded shim in `CGLPK`).
public struct GLPKBackend: MIPSolver {
    public init() {}

    /// The linked GLPK version, e.g. "5.0".
    public static var version: String { String(cString: hf_glpk_version()) }

    public func solve(_ model: MIPModel, timeLimit: Double) -> Result<MIPSolution, MIPFailure> {
        var ia: [Int32] = [], ja: [Int32] = [], ar: [Double] = []
        for (i, c) in model.constraints.enumerated() {
            for (v, coefficient) in c.terms where coefficient != 0 {
                ia.append(Int32(i))
                ja.append(Int32(v.index))
                ar.append(coefficient)
            }
        }
        return solveRaw(model, ia: ia, ja: ja, ar: ar, timeLimit: timeLimit)
    }

    /// Solves with the matrix given as raw (0-based) triplets. `solve` always passes valid ones;
    /// tests pass out-of-range ones to prove a GLPK error comes back as a value.
    func solveRaw(_ model: MIPModel, ia: [Int32], ja: [Int32], ar: [Double], timeLimit: Double) -> Result<MIPSolution, MIPFailure> {
        func bounds(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
            switch (lower, upper) {
            case (nil, nil): (1, 0, 0)
            case (let l?, nil): (2, l, 0)
            case (nil, let u?): (3, 0, u)
            case (let l?, let u?): l == u ? (5, l, u) : (4, l, u)
            }
        }
        let cols = model.variables.count, rows = model.constraints.count
        let objective = (0..<cols).map { model.objective[$0] ?? 0 }
        let kinds: [Int32] = model.variables.map { $0.kind == .binary ? 2 : $0.kind == .integer ? 1 : 0 }
        let colBounds = model.variables.map { bounds($0.lower, $0.upper) }
        let rowBounds = model.constraints.map { bounds($0.lower, $0.upper) }
        var values = [Double](repeating: 0, count: max(cols, 1))
        var objectiveValue = 0.0
        var log = [CChar](repeating: 0, count: 4096)
        // Copies GLPK reads for the length of the call (one flat scope instead of eleven nested closures).
        let arrays = CArrays()
        var m = hf_mip(
            rows: Int32(rows), cols: Int32(cols), maximize: model.maximize ? 1 : 0,
            objective: arrays.copy(objective), col_kind: arrays.copy(kinds),
            col_bounds: arrays.copy(colBounds.map(\.0)), col_lower: arrays.copy(colBounds.map(\.1)),
            col_upper: arrays.copy(colBounds.map(\.2)), row_bounds: arrays.copy(rowBounds.map(\.0)),
            row_lower: arrays.copy(rowBounds.map(\.1)), row_upper: arrays.copy(rowBounds.map(\.2)),
            nonzeros: Int32(ar.count), ia: arrays.copy(ia), ja: arrays.copy(ja), ar: arrays.copy(ar),
            time_limit_ms: Int32(clamping: Int(max(timeLimit, 0) * 1000)))
        let code = withExtendedLifetime(arrays) { hf_mip_solve(&m, &values, &objectiveValue, &log, Int32(log.count)) }
        let message = String(decoding: log.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let solution = MIPSolution(status: .optimal, objective: objectiveValue, values: Array(values.prefix(cols)))
        switch Int(code) {
        case Int(HF_MIP_OPTIMAL): return .success(solution)
        case Int(HF_MIP_FEASIBLE): return .success(MIPSolution(status: .feasible, objective: objectiveValue, values: solution.values))
        case Int(HF_MIP_INFEASIBLE): return .failure(.infeasible)
        case Int(HF_MIP_TIME_LIMIT): return .failure(.timeLimit)
        case Int(HF_MIP_UNBOUNDED): return .failure(.unbounded)
        case Int(HF_MIP_GLPK_ERROR): return .failure(.backendError(message.isEmpty ? "GLPK internal error" : message))
        default: return .failure(.solverFailed(message.isEmpty ? "glp_intopt failed" : message))
        }
    }
}

/// Arrays copied to memory that stays put until this value is released: what `hf_mip` points at.
/// Only plain numbers (`Int32`, `Double`), so freeing needs no deinitialisation.
private final class CArrays {
    private var owned: [UnsafeMutableRawPointer] = []

    /// A copy of `values` (at least one element's room, so the pointer is never null).
    func copy<T>(_ values: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
        p.initialize(from: values, count: values.count)
        owned.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    deinit { for p in owned { p.deallocate() } }
}
