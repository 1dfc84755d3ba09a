import Foundation

/// Runs `count` independent jobs on at most `jobs` threads, each thread taking the next job from a
/// shared counter, and returns the results indexed by job — the order of the input, never the order
/// of completion, so the output cannot depend on the number of threads or on scheduling.
public enum WorkQueue {
    /// Called after each job, serialised (one call at a time): jobs done so far, total, the job's index.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ index: Int) -> Void

    public static func map<T: Sendable>(count: Int, jobs: Int, progress: Progress? = nil,
                                        _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let state = State<T>(count: count)
        let threads = max(1, min(jobs, count))
        if threads == 1 {
            // No thread to start: the calling thread does the work (the --jobs 1 baseline).
            work(state, count: count, progress: progress, body)
        } else {
            let finished = DispatchGroup()
            for _ in 0..<threads {
                finished.enter()
                let thread = Thread {
                    work(state, count: count, progress: progress, body)
                    finished.leave()
                }
                // The replay, YAML parsing and GLPK recurse; give each worker the main thread's usual 8 MiB.
                thread.stackSize = 8 << 20
                thread.start()
            }
            finished.wait()
        }
        return state.results()
    }

    private static func work<T: Sendable>(_ state: State<T>, count: Int, progress: Progress?, _ body: @Sendable (Int) -> T) {
        while let index = state.next() {
            let result = body(index)
            state.store(result, at: index, progress: progress)
        }
    }

    /// The shared counter and the result slots; every access holds `lock`.
    private final class State<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        private var taken = 0
        private var done = 0

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func next() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard taken < slots.count else { return nil }
            taken += 1
            return taken - 1
        }

        func store(_ result: T, at index: Int, progress: Progress?) {
            lock.lock()
            defer { lock.unlock() }
            slots[index] = result
            done += 1
            progress?(done, slots.count, index)
        }

        /// Every slot is filled once all workers have returned.
        func results() -> [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}
