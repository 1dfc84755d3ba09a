import Foundation
import Model

/// Finds heapfit's data folders (`workloads/`) the way `CatalogueLocator` finds boards.yaml:
/// an environment variable, then the current directory and its parents, the executable's
/// directory and its parents, and the source checkout the binary was built from.
public enum ResourceLocator {
    public static func workloads(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 executable: String = CommandLine.arguments.first ?? "") throws(Diagnostic) -> String {
        if let path = environment["HEAPFIT_WORKLOADS"] {
            guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("knobs.yaml")) else {
                throw Diagnostic("HEAPFIT_WORKLOADS names \(path), which has no knobs.yaml",
                                 fix: "Point HEAPFIT_WORKLOADS at heapfit's workloads/ folder, or unset it")
            }
            return path
        }
        var starts = [FileManager.default.currentDirectoryPath]
        starts.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent().path)
        #if !HEAPFIT_DIST  // `make dist` builds: only the data installed next to the binary, never the build checkout's
        starts.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                        .deletingLastPathComponent().path)
        #endif
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
                         fix: "Run heapfit from its checkout, or set HEAPFIT_WORKLOADS to the folder's path")
    }
}
