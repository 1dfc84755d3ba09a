import Model

// The use cases as the command line calls them: on one `Library` (its catalogue, workloads folder and
// advisories), instead of the `catalogue:, library:` pair and advisories loaded by each caller.

extension SimulateCommand {
    /// Runs `request` on `library`, its advisories evaluated against the scenario and its replay.
    public static func run(_ request: SimulationRequest, library: Library) throws(Diagnostic) -> SimulationReport {
        try run(request, catalogue: library.catalogue, library: library.path, advisories: library.advisories)
    }
}

extension RecommendCommand {
    /// Recommends for `request` on `library`, its advisories evaluated against the answer.
    public static func run(_ request: RecommendationRequest, library: Library) throws(Diagnostic) -> RecommendationReport {
        try run(request, catalogue: library.catalogue, library: library.path, advisories: library.advisories)
    }
}

extension WhatIfCommand {
    /// Replays the baseline and each changed scenario on `library`, its advisories evaluated per column.
    public static func run(_ request: WhatIfRequest, library: Library) throws(Diagnostic) -> WhatIfReport {
        try run(request, catalogue: library.catalogue, library: library.path, advisories: library.advisories)
    }
}

extension MapCommand {
    /// The heap map of `request` on `library`.
    public static func run(_ request: MapRequest, library: Library) throws(Diagnostic) -> HeapMapReport {
        try run(request, catalogue: library.catalogue, library: library.path)
    }
}

extension EmitCommand {
    /// The recommendation behind the emitted files, on `library`.
    public static func run(_ request: RecommendationRequest, sdkconfig: Sdkconfig?, library: Library) throws(Diagnostic) -> EmitReport {
        try run(request, sdkconfig: sdkconfig, catalogue: library.catalogue, library: library.path)
    }
}

extension SweepCommand {
    /// Runs every cell of `request` on `library` on up to `jobs` threads.
    public static func run(_ request: SweepRequest, library: Library, jobs: Int,
                           progress: (@Sendable (_ done: Int, _ total: Int, _ cell: SweepCell) -> Void)? = nil)
        throws(Diagnostic) -> SweepReport {
        try run(request, catalogue: library.catalogue, library: library.path, jobs: jobs, progress: progress)
    }
}

extension DiffCommand {
    /// Compares two settings of `request` on `library` on up to `jobs` threads.
    public static func run(_ request: DiffRequest, library: Library, jobs: Int,
                           progress: (@Sendable (_ done: Int, _ total: Int, _ cell: SweepCell) -> Void)? = nil)
        throws(Diagnostic) -> DiffReport {
        try run(request, catalogue: library.catalogue, library: library.path, jobs: jobs, progress: progress)
    }
}
