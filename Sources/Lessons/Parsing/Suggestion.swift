/// Finds what the learner probably meant when a name is misspelt.
public enum Suggestion {
    /// The known word nearest to `word`, or nil when none is close (the first of
    /// ``nearestWords(to:among:)``).
    public static func nearest(to word: String, among known: [String]) -> String? {
        nearestWords(to: word, among: known).first
    }

    /// The known words nearest to `word`, alphabetically; more than one only when they are
    /// equally likely; empty when none is close.
    ///
    /// A word is close when its edit distance is at most a third of its length (at least
    /// one edit) and they share a letter (`h` is not like `?`), or when `word` is the start
    /// of exactly one known word. Among the closest by edit distance, a word with the same
    /// letters in another order (`modle`: `model`, a swap, rather than `mode`, a letter left
    /// out) is likelier, then one that shares a longer start with `word`.
    public static func nearestWords(to word: String, among known: [String]) -> [String] {
        let limit = max(1, word.count / 3)
        let letters = word.sorted()
        let close = known
            .map { candidate in
                (word: candidate, distance: editDistance(word, candidate),
                 swapped: candidate.sorted() == letters ? 0 : 1,
                 sharedStart: -zip(word, candidate).prefix { $0 == $1 }.count)
            }
            .filter { $0.distance <= limit && $0.distance < max(word.count, $0.word.count) }  // sharing no letter is no likeness
        if let best = close.map({ ($0.distance, $0.swapped, $0.sharedStart) }).min(by: <) {
            return close.filter { ($0.distance, $0.swapped, $0.sharedStart) == best }.map(\.word).sorted()
        }
        let extending = known.filter { $0.hasPrefix(word) }
        return !word.isEmpty && extending.count == 1 ? extending : []
    }

    /// `did you mean 'model'?`, or `did you mean 'model' or 'mode'?` for words equally
    /// likely; nil for none.
    public static func question(offering words: [String]) -> String? {
        guard let last = words.last else { return nil }
        let quoted = words.dropLast().map { "'\($0)'" }
        return "did you mean " + (quoted.isEmpty ? "" : quoted.joined(separator: ", ") + " or ") + "'\(last)'?"
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
