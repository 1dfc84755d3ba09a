import Model

/// What a workload does, as advisories name it (`WorkloadFeature`): derived from the components
/// its steps open and from its step kinds, never declared by hand.
public enum WorkloadFeatures {
    /// The features a shipped component name brings (components/*.yaml); a user's component of
    /// another name brings none. Names starting with `tls-session` are TLS sessions.
    static func features(ofComponent name: String) -> [WorkloadFeature] {
        switch name {
        case "wifi-sta": [.wifi]
        case "softap": [.wifi, .softap]
        case "ble": [.ble]
        case "tcp-socket", "udp-socket": [.socket]
        case "tls-session-axtls": [.tls, .axtls]
        case "http-server": [.server, .socket]
        case "mqtt": [.mqtt]
        case "webrepl": [.webrepl, .server]
        case "espnow": [.espnow]
        default: name.hasPrefix("tls-session") ? [.tls] : []
        }
    }

    /// Whether a component is a TLS session (what `--tls N` counts and adds).
    public static func isTLSSession(_ component: String) -> Bool { component.hasPrefix("tls-session") }

    /// Every feature of `workload`.
    public static func of(_ workload: Workload) -> Set<WorkloadFeature> {
        var found = Set<WorkloadFeature>()
        func walk(_ steps: [WorkloadStep]) {
            for step in steps {
                switch step.action {
                case .open(let component, _, _): found.formUnion(features(ofComponent: component))
                case .repeat(_, let body): walk(body)
                case .parallel(let branches): branches.forEach(walk)
                case .gcAllocDuringCollection: found.insert(.gcAllocOtherTask)
                case .close, .python, .release, .collect: break
                }
            }
        }
        walk(workload.steps)
        if found.contains(.tls) && found.contains(.server) { found.insert(.tlsServer) }
        if peakOpen(workload, where: isTLSSession) >= 2 { found.insert(.tlsConcurrent) }
        return found
    }

    /// The most instances of matching components open at one moment. Parallel branches run at
    /// once, so what each branch opens counts together; a repeat's body opens the same instances
    /// each time, so one pass gives its peak.
    public static func peakOpen(_ workload: Workload, where matches: (String) -> Bool) -> Int {
        var open: [String: String] = [:]
        return peak(workload.steps, open: &open, matches: matches)
    }

    static func peak(_ steps: [WorkloadStep], open: inout [String: String], matches: (String) -> Bool) -> Int {
        func count(_ o: [String: String]) -> Int { o.values.filter(matches).count }
        var best = count(open)
        for step in steps {
            switch step.action {
            case .open(let component, let instance, _):
                open[instance] = component
                best = max(best, count(open))
            case .close(let instance):
                open[instance] = nil
            case .repeat(_, let body):
                best = max(best, peak(body, open: &open, matches: matches))
            case .parallel(let branches):
                let before = open, base = count(before)
                var together = base
                var after = before
                for branch in branches {
                    var state = before
                    together += peak(branch, open: &state, matches: matches) - base
                    // What a branch leaves open stays open; what it closes is closed.
                    for (instance, component) in state where before[instance] == nil { after[instance] = component }
                    for instance in before.keys where state[instance] == nil { after[instance] = nil }
                }
                open = after
                best = max(best, together)
            case .python, .release, .collect, .gcAllocDuringCollection:
                break
            }
        }
        return best
    }
}
