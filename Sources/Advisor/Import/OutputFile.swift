import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// Writes a file the way a user can trust: the whole text or nothing (written to a temporary file in the
/// same directory, then moved into place), and never over an existing file unless told to.
public enum OutputFile {
    /// - Parameter force: replace `path` if it exists; otherwise an existing file is a diagnostic.
    public static func write(_ text: String, to path: String, force: Bool) throws(Diagnostic) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        if !force, FileManager.default.fileExists(atPath: path) {
            throw exists(path)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw Diagnostic("Cannot write \(path): the directory \(dir.path) does not exist",
                             fix: "Create the directory first, or choose another --out path")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).heapfit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: Data(text.utf8)) else {
            throw Diagnostic("Cannot write \(path): creating a file in \(dir.path) failed",
                             fix: "Check that the directory is writable")
        }
        if force {
            guard rename(temp.path, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temp.path)
                throw Diagnostic("Cannot write \(path): \(reason)", fix: "Check the path and its permissions")
            }
            return
        }
        // link(2) fails with EEXIST instead of replacing: no file created meanwhile is overwritten.
        guard link(temp.path, path) == 0 else {
            let code = errno
            unlink(temp.path)
            if code == EEXIST { throw exists(path) }
            throw Diagnostic("Cannot write \(path): \(String(cString: strerror(code)))", fix: "Check the path and its permissions")
        }
        unlink(temp.path)
    }

    /// The diagnostic for an existing file not to be overwritten.
    public static func exists(_ path: String) -> Diagnostic {
        Diagnostic("\(path) already exists; heapfit does not overwrite it",
                   fix: "Pass --force to replace it, or choose another --out path")
    }
}
