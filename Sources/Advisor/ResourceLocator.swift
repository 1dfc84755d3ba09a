import Foundation
import Model

/// Finds heapfit's data folders (`workloads/`) the way `CatalogueLocator` finds boards.yaml:
/// an environment variable, then the current directory and its parents, the executable's
/// directory and its parents, `share/heapfit` beside the executable's folder (`make install`),
/// and the source checkout the binary was built from.
public enum ResourceLocator {
    /// Where `make install` puts the data, relative to the folder of the installed binary (PREFIX/bin).
    public static let installedDataFolder = "../share/heapfit"

    /// The folders searched (each with its parents) after an environment variable: the current directory,
    /// the executable's directory, PREFIX/share/heapfit for an executable in PREFIX/bin, and (except in
    /// `make dist` builds) the checkout the binary was built from.
    static func searchStarts(executable: String) -> [String] {
        var starts = [FileManager.default.currentDirectoryPath]
        let exe = URL(fileURLWithPath: onPath(executable)).resolvingSymlinksInPath().deletingLastPathComponent()
        starts.append(exe.path)
        starts.append(exe.appendingPathComponent(installedDataFolder).standardizedFileURL.path)
        #if !HEAPFIT_DIST  // `make dist` builds: only the data installed with the binary, never the build checkout's
        // #filePath: Sources/Advisor/ResourceLocator.swift → repository root.
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                        .deletingLastPathComponent().path)
        #endif
        return starts
    }

    /// argv[0] as a path: a bare name (`heapfit`, run from PATH) is the first PATH folder holding such an executable.
    static func onPath(_ executable: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard !executable.isEmpty, !executable.contains("/") else { return executable }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = (String(folder) as NSString).appendingPathComponent(executable)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return executable
    }

    public static func workloads(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 executable: String = CommandLine.arguments.first ?? "") throws(Diagnostic) -> String {
        if let path = environment["HEAPFIT_WORKLOADS"] {
            guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("knobs.yaml")) else {
                throw Diagnostic("HEAPFIT_WORKLOADS names \(path), which has no knobs.yaml",
                                 fix: "Point HEAPFIT_WORKLOADS at heapfit's workloads/ folder, or unset it")
            }
            return path
        }
        let starts = searchStarts(executable: executable)
        for start in starts {
            var dir = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("workloads")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("knobs.yaml").path) {
                    return candidate.path
                }
                dir.deleteLastPathComponent()
            }
        }
        throw Diagnostic("Cannot find heapfit's workloads/ folder", expected: "workloads/knobs.yaml in the heapfit checkout",
                         fix: "Run heapfit from its checkout, install it with `make install` (the data goes to PREFIX/share/heapfit), "
                             + "or set HEAPFIT_WORKLOADS to the folder's path")
    }
}
