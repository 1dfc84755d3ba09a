/// When a catalogue entry exists: the `#if`/`#ifdef` around it in `memory_layout.c` (or bt.c, or a
/// linker script), written as atoms joined by `&`: `spiram`, `!singleCore`, `dcache<=32K`,
/// `memprot & !spiram`. `true` (or an empty condition) always holds, `false` never does.
public struct FeatureCondition: Hashable, Sendable, CustomStringConvertible {
    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case le = "<=", ge = ">=", eq = "==", ne = "!=", lt = "<", gt = ">"

        func holds(_ a: Int, _ b: Int) -> Bool {
            switch self {
            case .le: a <= b
            case .ge: a >= b
            case .eq: a == b
            case .ne: a != b
            case .lt: a < b
            case .gt: a > b
            }
        }
    }

    public enum Atom: Hashable, Sendable {
        case flag(String, negated: Bool)
        case compare(String, Comparison, Int)
        case never
    }

    public var atoms: [Atom]
    public var text: String

    /// Always holds.
    public static let always = FeatureCondition(atoms: [], text: "true")

    public init(atoms: [Atom], text: String) {
        self.atoms = atoms
        self.text = text
    }

    /// Why a condition did not parse: the offending atom.
    public struct ParseError: Error, Equatable, Sendable {
        public var atom: String
        public init(atom: String) { self.atom = atom }
    }

    /// Parses a condition; names must be known features (`Features.flagNames`, `numberNames`).
    public init(parsing source: String) throws(ParseError) {
        var atoms: [Atom] = []
        let trimmed = source.trimmingCharacters(in: .whitespaces)
        for raw in trimmed.split(separator: "&") {
            let token = raw.trimmingCharacters(in: .whitespaces)
            if token == "true" { continue }
            if token == "false" { atoms.append(.never); continue }
            if let op = Comparison.allCases.first(where: { token.contains($0.rawValue) }) {
                let parts = token.components(separatedBy: op.rawValue)
                let name = parts[0].trimmingCharacters(in: .whitespaces)
                guard parts.count == 2, Features.numberNames.contains(name),
                      let value = SizeParser.parse(parts[1]) else { throw ParseError(atom: token) }
                atoms.append(.compare(name, op, value))
                continue
            }
            let negated = token.hasPrefix("!")
            let name = negated ? String(token.dropFirst()).trimmingCharacters(in: .whitespaces) : token
            guard Features.flagNames.contains(name) else { throw ParseError(atom: token) }
            atoms.append(.flag(name, negated: negated))
        }
        self.init(atoms: atoms, text: trimmed.isEmpty ? "true" : trimmed)
    }

    /// Whether it holds for these (resolved) features. An unresolved optional counts as false / absent.
    public func holds(for f: Features) -> Bool {
        atoms.allSatisfy { atom in
            switch atom {
            case .never: false
            case .flag(let name, let negated): (f.flag(name) ?? false) != negated
            case .compare(let name, let op, let value): f.number(name).map { op.holds($0, value) } ?? false
            }
        }
    }

    /// Two conditions can hold together unless one says `x` and the other `!x`, or their comparisons
    /// of one number leave no value (`dcache==16K` and `dcache==32K`). Used to validate overlaps.
    public func mayCoexist(with other: FeatureCondition) -> Bool {
        for case .flag(let a, let na) in atoms {
            for case .flag(let b, let nb) in other.atoms where a == b && na != nb { return false }
        }
        var bounds: [String: (lo: Int, hi: Int)] = [:]
        for case .compare(let name, let op, let v) in atoms + other.atoms {
            var b = bounds[name] ?? (Int.min, Int.max)
            switch op {
            case .eq: b = (max(b.lo, v), min(b.hi, v))
            case .le: b.hi = min(b.hi, v)
            case .lt: b.hi = min(b.hi, v - 1)
            case .ge: b.lo = max(b.lo, v)
            case .gt: b.lo = max(b.lo, v + 1)
            case .ne: break
            }
            if b.lo > b.hi { return false }
            bounds[name] = b
        }
        return !atoms.contains(.never) && !other.atoms.contains(.never)
    }

    public var description: String { text }
}

import Foundation
