import Foundation
import Model

/// Changes a workload value the way `whatif --add` and `--tls` ask, as steps of the workload
/// language (never by editing YAML): every added component is opened right after the first
/// top-level step that brings the network up (opens `wifi-sta` or `softap`) — before the first
/// step when none does — and stays open until after the last step, where the additions close in
/// reverse order. So they are open at the workload's peak, and their own opening (a TLS
/// handshake) does not overlap the workload's.
public enum WorkloadEdit {
    /// The most TLS sessions `--tls` may ask for (bad input must not run unbounded).
    public static let maximumTLSSessions = 16

    /// `workload` with `components` added and, with `tlsSessions`, TCP socket + TLS session pairs
    /// added until that many TLS sessions are open at its peak; and a sentence saying what was
    /// added where (nil when nothing was).
    public static func adding(components: [String], tlsSessions: Int?, to workload: Workload,
                              loader: WorkloadLoader) throws(Diagnostic) -> (Workload, String?) {
        var w = workload
        var opened: [(component: String, instance: String)] = []
        var taken = instances(workload.steps)
        func instance(_ base: String) -> String {
            var name = base, k = 2
            while taken.contains(name) { name = "\(base)-\(k)"; k += 1 }
            taken.insert(name)
            return name
        }
        for name in components {
            try include(name, in: &w, loader: loader, option: "--add")
            opened.append((name, instance("whatif-\(name)")))
        }
        var suffix = components.map { " + \($0)" }.joined()
        if let wanted = tlsSessions {
            let present = WorkloadFeatures.peakOpen(workload, where: WorkloadFeatures.isTLSSession)
            guard wanted >= present, wanted <= maximumTLSSessions else {
                throw Diagnostic("--tls \(wanted) cannot be reached by adding sessions: the workload \(workload.name) already has "
                                 + "\(present) TLS session\(present == 1 ? "" : "s") open at its peak",
                                 expected: "a number from \(present) to \(maximumTLSSessions)",
                                 fix: "Give --tls at least \(present); whatif only adds sessions")
            }
            // The TLS component the workload itself uses (tls-session-axtls on ESP8266), else tls-session.
            let tls = workload.components.keys.filter(WorkloadFeatures.isTLSSession).sorted().first ?? "tls-session"
            if wanted > present {
                try include("tcp-socket", in: &w, loader: loader, option: "--tls")
                try include(tls, in: &w, loader: loader, option: "--tls")
                for _ in present..<wanted {
                    let socket = instance("whatif-socket")
                    opened.append(("tcp-socket", socket))
                    opened.append((tls, instance("whatif-\(tls)")))
                }
                suffix += " + \(wanted - present) TLS"
            }
        }
        guard !opened.isEmpty else { return (w, nil) }
        let at = networkUpIndex(workload)
        let after = at == 0 ? "before the first step" : "after step \(at) \"\(label(workload.steps[at - 1]))\""
        let opens = opened.map { WorkloadStep(.open(component: $0.component, instance: $0.instance, parameters: [:]), line: 0,
                                              label: "what-if: open \($0.component) as \($0.instance)") }
        let closes = opened.reversed().map { WorkloadStep(.close(instance: $0.instance), line: 0, label: "what-if: close \($0.instance)") }
        w.steps.insert(contentsOf: opens, at: at)
        w.steps.append(contentsOf: closes)
        w.name += suffix
        let list = opened.map { "\($0.component) as \($0.instance)" }.joined(separator: ", ")
        return (w, "\(list): opened \(after), closed after the last step")
    }

    /// Index of the step after the first top-level step that opens a network component; 0 when none does.
    static func networkUpIndex(_ workload: Workload) -> Int {
        for (i, step) in workload.steps.enumerated() {
            if case .open(let component, _, _) = step.action, WorkloadFeatures.features(ofComponent: component).contains(.wifi) {
                return i + 1
            }
        }
        return 0
    }

    static func label(_ step: WorkloadStep) -> String {
        if let label = step.label { return label }
        if case .open(let c, let i, _) = step.action { return c == i ? "open \(c)" : "open \(c) as \(i)" }
        return "step"
    }

    /// Makes `name` available to the workload's steps: its own definition if it has one, else the shipped component.
    static func include(_ name: String, in w: inout Workload, loader: WorkloadLoader, option: String) throws(Diagnostic) {
        guard w.components[name] == nil else { return }
        let known = shippedComponentNames(loader)
        guard !name.hasSuffix("-startup"), !name.contains("/"), let definition = try loader.shippedComponent(name) else {
            throw Diagnostic("Unknown component '\(name)' given with \(option)",
                             expected: "one of \(known.joined(separator: ", "))",
                             fix: "Name a component of workloads/components (start-ups are part of every scenario already)")
        }
        w.components[name] = definition
    }

    /// The library's components a workload can open (start-ups excluded), sorted.
    static func shippedComponentNames(_ loader: WorkloadLoader) -> [String] {
        let folder = (loader.library as NSString).appendingPathComponent("components")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("-startup.yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Every instance name the steps open.
    static func instances(_ steps: [WorkloadStep]) -> Set<String> {
        var names = Set<String>()
        for step in steps {
            switch step.action {
            case .open(_, let instance, _): names.insert(instance)
            case .repeat(_, let body): names.formUnion(instances(body))
            case .parallel(let branches): for b in branches { names.formUnion(instances(b)) }
            case .close, .python, .release, .collect, .gcAllocDuringCollection: break
            }
        }
        return names
    }
}
