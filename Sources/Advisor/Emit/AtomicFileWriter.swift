import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model

/// Writes a set of files all or nothing, the way a user can trust: every target is checked first
/// (its directory exists, it does not exist unless `force`), every text is written to a temporary
/// file in the target's directory, and only then is each moved into place. Without `force` a file
/// is never replaced, not even one created meanwhile (link(2) refuses); if one cannot be placed,
/// the ones already placed are removed again.
public enum AtomicFileWriter {
    /// - Parameter option: the option that named the paths, for messages (`--out`).
    public static func write(_ files: [(path: String, text: String)], force: Bool, option: String = "--out") throws(Diagnostic) {
        var existing: [String] = []
        for file in files where try check(file.path, force: force, option: option) { existing.append(file.path) }
        if !existing.isEmpty { throw exists(existing, option: option) }
        var temps: [String] = []
        defer { for t in temps { unlink(t) } }
        for file in files {
            temps.append(try temporary(file.text, near: file.path))
        }
        var placed: [String] = []
        for (file, temp) in zip(files, temps) {
            do throws(Diagnostic) {
                try place(temp, at: file.path, force: force, option: option)
                placed.append(file.path)
            } catch {
                if !force { for p in placed { unlink(p) } }  // all or nothing: those did not exist before
                throw error
            }
        }
    }

    /// Whether `path` exists and may not be replaced; a diagnostic when it cannot be written at all.
    static func check(_ path: String, force: Bool, option: String) throws(Diagnostic) -> Bool {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw Diagnostic("Cannot write \(path): the directory \(dir) does not exist",
                             fix: "Create the directory first, or choose another \(option) path")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue {
                throw Diagnostic("Cannot write \(path): it is a directory", fix: "Choose another \(option) path")
            }
            return !force
        }
        return false
    }

    /// Writes `text` to a new hidden file in `path`'s directory and returns its path.
    static func temporary(_ text: String, near path: String) throws(Diagnostic) -> String {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).heapfit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp").path
        guard FileManager.default.createFile(atPath: temp, contents: Data(text.utf8)) else {
            throw Diagnostic("Cannot write \(path): creating a file in \(dir.path) failed", fix: "Check that the directory is writable")
        }
        return temp
    }

    static func place(_ temp: String, at path: String, force: Bool, option: String) throws(Diagnostic) {
        if force {
            guard rename(temp, path) == 0 else {
                throw Diagnostic("Cannot write \(path): \(String(cString: strerror(errno)))", fix: "Check the path and its permissions")
            }
            return
        }
        // link(2) fails with EEXIST instead of replacing: no file created meanwhile is overwritten.
        guard link(temp, path) == 0 else {
            let code = errno
            if code == EEXIST { throw exists([path], option: option) }
            throw Diagnostic("Cannot write \(path): \(String(cString: strerror(code)))", fix: "Check the path and its permissions")
        }
    }

    static func exists(_ paths: [String], option: String) -> Diagnostic {
        guard paths.count > 1, let last = paths.last else {
            return Diagnostic("\(paths.first ?? "") already exists; heapfit does not overwrite it",
                              fix: "Pass --force to replace it, or choose another \(option) path")
        }
        return Diagnostic("\(paths.dropLast().joined(separator: ", ")) and \(last) already exist; heapfit does not overwrite them and wrote nothing",
                          fix: "Pass --force to replace them, or choose another \(option) path")
    }

}
