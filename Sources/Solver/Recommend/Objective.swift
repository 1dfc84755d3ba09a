/// What the optimiser ranks acceptable candidates by, so that `recommend` can say it: the statement the
/// user reads is rendered from this value (Advisor), never written beside the solver's code.
public enum RecommendationObjective: String, Sendable, Hashable, Codable {
    /// The largest initial heap, less the weighted cost of the knob changes (`RecommendationProblem.value`):
    /// the IDF keeps the headroom asked and the Python heap gets the rest.
    case largestHeapLessKnobCost
    /// The least knob cost, then the most free internal IDF memory at the peak (the worst of the heaps within
    /// `RecommendationProblem.marginRadius`), then the larger heap: a heap that grows on demand needs no large
    /// initial area, and every byte left to the IDF is margin; where size costs the IDF nothing (PSRAM), Python
    /// may have it all.
    case leastKnobCostThenIDFFree

    /// The objective for a firmware whose Python heap grows (split heap, automatic growth) or does not: a fixed
    /// heap gets only what it is given at boot, so the largest one the IDF can spare; a growing heap takes what it
    /// needs later, so the initial area that leaves the IDF the most margin (issue #18, item 2).
    public static func used(heapGrows: Bool) -> RecommendationObjective {
        heapGrows ? .leastKnobCostThenIDFFree : .largestHeapLessKnobCost
    }
}
