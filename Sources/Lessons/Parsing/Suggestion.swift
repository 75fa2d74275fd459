/// Finds what the learner probably meant when a name is misspelt.
public enum Suggestion {
    /// The known word nearest to `word`, or nil when none is close.
    ///
    /// A word is close when its edit distance is at most a third of its length (at least
    /// one edit) and they share a letter (`h` is not like `?`), or when `word` is the start
    /// of exactly one known word.
    public static func nearest(to word: String, among known: [String]) -> String? {
        let limit = max(1, word.count / 3)
        let ranked = known
            .map { (word: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= limit && $0.distance < max(word.count, $0.word.count) }  // sharing no letter is no likeness
            .sorted { ($0.distance, $0.word) < ($1.distance, $1.word) }
        if let best = ranked.first { return best.word }
        let extending = known.filter { $0.hasPrefix(word) }
        return !word.isEmpty && extending.count == 1 ? extending[0] : nil
    }

    /// The edit distance: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters (`sprak` → `spark` is one edit), each costing one.
    public static func editDistance(_ first: String, _ second: String) -> Int {
        let first = Array(first), second = Array(second)
        if first.isEmpty { return second.count }
        if second.isEmpty { return first.count }
        var distance = [[Int]](repeating: [Int](repeating: 0, count: second.count + 1), count: first.count + 1)
        for i in 0...first.count { distance[i][0] = i }
        for j in 0...second.count { distance[0][j] = j }
        for i in 1...first.count {
            for j in 1...second.count {
                let cost = first[i - 1] == second[j - 1] ? 0 : 1
                distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
                if i > 1, j > 1, first[i - 1] == second[j - 2], first[i - 2] == second[j - 1] {
                    distance[i][j] = min(distance[i][j], distance[i - 2][j - 2] + 1)
                }
            }
        }
        return distance[first.count][second.count]
    }
}
