/// A short description of what a lab holds, fact by fact: each model's kind, sizes,
/// activation, seed, radius, forget bias, dropout, training and a fingerprint of its
/// weights, and the lab's current model, input and mode.
///
/// The runner keeps the description of the lab as the lesson's own commands left it and
/// compares the lab with it before it shows more of the lesson: a learner's `set
/// activation relu` is then named (`activation of charnet: tanh → relu`) before prose that
/// says hₜ = tanh(…). The lab says what the facts are; the runner only compares words.
public struct LabDescription: Sendable, Equatable {
    /// One thing that can be told about the lab.
    public struct Fact: Sendable, Equatable {
        /// The model it is about, or nil for the lab as a whole (its current model, input, mode).
        public var model: String?
        /// What it is, in the learner's words: `activation`, `radius`, `hidden size`, `input`.
        public var name: String
        /// Its value in words: `tanh`, `1.5`, `"hello"`.
        public var value: String
        /// Whether ``value`` only tells values apart (a fingerprint of the weights), so a
        /// difference is named without it, and only when no other fact of the model differs.
        public var isFingerprint: Bool
        /// Whether it only tells where the model's weights came from (a seed, a radius they
        /// were scaled to, a file): with the same weights, a difference in it changes no
        /// number the lesson shows, and is not named.
        public var tellsWeightsOrigin: Bool

        /// Creates a fact.
        public init(model: String?, name: String, value: String, isFingerprint: Bool = false, tellsWeightsOrigin: Bool = false) {
            self.model = model
            self.name = name
            self.value = value
            self.isFingerprint = isFingerprint
            self.tellsWeightsOrigin = tellsWeightsOrigin
        }

        /// The model and name together: which fact this is, whatever its value.
        var key: Key { Key(model: model, name: name) }
    }

    /// Which fact: the model it is about (nil for the lab) and its name.
    public struct Key: Hashable, Sendable {
        /// The model, or nil for the lab as a whole.
        public var model: String?
        /// The fact's name.
        public var name: String

        /// Creates a key.
        public init(model: String?, name: String) {
            self.model = model
            self.name = name
        }
    }

    /// What a command sets up afresh, whatever the lab held before: the models it makes
    /// (`model … --name relu`) and the facts of the lab it sets (`current model`, `input`).
    public struct Scope: Sendable, Equatable {
        /// The models made anew.
        public var models: Set<String>
        /// The facts of the lab as a whole that are set.
        public var labFacts: Set<String>

        /// Creates a scope; empty by default (a command that sets nothing up).
        public init(models: Set<String> = [], labFacts: Set<String> = []) {
            self.models = models
            self.labFacts = labFacts
        }

        /// Whether the fact `key` names is set up afresh.
        public func contains(_ key: Key) -> Bool {
            if let model = key.model { return models.contains(model) }
            return labFacts.contains(key.name)
        }

        /// Both scopes together.
        public func union(_ other: Scope) -> Scope {
            Scope(models: models.union(other.models), labFacts: labFacts.union(other.labFacts))
        }
    }

    /// One fact on which the lab differs from the lesson's: its value in each (nil when
    /// the model is missing from one of them).
    public struct Difference: Sendable, Hashable {
        /// Which fact.
        public var key: Key
        /// Its value as the lesson left it.
        public var lessonValue: String?
        /// Its value in the lab now.
        public var labValue: String?
        /// Whether the values are fingerprints (see ``Fact/isFingerprint``).
        public var isFingerprint: Bool

        /// `radius: 1.5 → 1.2`, `activation of relu: tanh → relu`, `weights of relu differ`,
        /// `relu: no longer in the lab`; `withModelName` says whose fact it is, named after the
        /// fact rather than as a possessive, since a model's name may be any word (`yours`).
        func words(withModelName: Bool) -> String {
            if key.name == Self.wholeModel, let model = key.model { return "\(model): no longer in the lab" }
            let fact = key.name + (withModelName ? key.model.map { " of \($0)" } ?? "" : "")
            if isFingerprint { return "\(fact) differ" }
            if let lessonValue, labValue == Self.unset {
                // a setting the weights no longer follow (`set W_hh[0,0] 5` after `--radius 1.5`)
                return "\(fact) \(lessonValue) no longer holds: the weights changed"
            }
            return "\(fact): \(lessonValue ?? "none") → \(labValue ?? "none")"
        }

        /// The name of the difference that stands for a whole model gone from the lab.
        static let wholeModel = "model"
        /// The value of a setting that is not set, or no longer describes the weights.
        public static let unset = "default"
    }

    /// The facts, in the order the lab gave them.
    public var facts: [Fact]

    /// Creates a description.
    public init(facts: [Fact] = []) {
        self.facts = facts
    }

    /// The facts of `model` (nil: the lab's own).
    func facts(of model: String?) -> [Fact] { facts.filter { $0.model == model } }

    /// The models described, in order.
    var models: [String] {
        var seen: [String] = []
        for fact in facts { if let model = fact.model, !seen.contains(model) { seen.append(model) } }
        return seen
    }

    /// This description after a lesson's command took the lab from `before` to `after`:
    /// the facts the command changed take their new values and the models it removed go,
    /// while a fact it left alone keeps the lesson's value, even where a learner changed
    /// the lab. What it set up afresh (`scope`: a model it made) is taken whole from
    /// `after`, even when the learner had made that very model before.
    func updated(from before: LabDescription, to after: LabDescription, settingUp scope: Scope) -> LabDescription {
        let old = Dictionary(before.facts.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.facts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [Fact] = []
        var placed = Set<Key>()
        for fact in facts {
            let key = fact.key
            if scope.contains(key) || old[key] != new[key]?.value {
                // changed, made afresh, or (gone after) removed by the command
                if let changed = new[key] { result.append(changed) }
            } else {
                result.append(fact)
            }
            placed.insert(key)
        }
        for fact in after.facts where !placed.contains(fact.key) && (scope.contains(fact.key) || old[fact.key] != fact.value) {
            result.append(fact)
        }
        return LabDescription(facts: result)
    }

    /// How `lab` differs from this description (the lesson's), fact by fact, leaving out
    /// what `ignoring` sets up afresh. A model the lesson did not make is no difference,
    /// unless it is current (the lab's `current model` fact says so); a fingerprint
    /// counts only when nothing else about its model differs.
    func differences(in lab: LabDescription, ignoring scope: Scope = Scope()) -> [Difference] {
        let now = Dictionary(lab.facts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var found: [Difference] = []
        for model in [nil] + models.map(Optional.some) {
            var plain: [Difference] = []
            var fingerprints: [Difference] = []
            let ownFacts = facts(of: model)
            // the same weights: where they came from changes no number
            let sameWeights = ownFacts.contains { $0.isFingerprint }
                && ownFacts.allSatisfy { !$0.isFingerprint || now[$0.key]?.value == $0.value }
            for fact in ownFacts where !scope.contains(fact.key) && !(sameWeights && fact.tellsWeightsOrigin) {
                let labValue = now[fact.key]?.value
                guard labValue != fact.value else { continue }
                // where weights that differ came from, when the lab cannot tell (a file's): the fingerprint says it
                if fact.tellsWeightsOrigin, labValue == nil, lab.facts.contains(where: { $0.model == model }) { continue }
                let difference = Difference(key: fact.key, lessonValue: fact.value, labValue: labValue, isFingerprint: fact.isFingerprint)
                if fact.isFingerprint { fingerprints.append(difference) } else { plain.append(difference) }
            }
            if let model, !plain.isEmpty, !lab.facts.contains(where: { $0.model == model }) {
                // the whole model is gone: one difference says so
                found.append(Difference(key: Key(model: model, name: Difference.wholeModel), lessonValue: nil, labValue: nil, isFingerprint: false))
                continue
            }
            found += plain.isEmpty ? fingerprints : plain
        }
        return found
    }

    /// The differences in words, one list: `activation: tanh → relu, radius: 1.5 → 1.2`;
    /// facts of a model are named with it (`radius of relu`) when the lesson made more than
    /// one model, or the lab's own facts differ too (another current model).
    static func words(for differences: [Difference], modelCount: Int) -> String {
        let named = modelCount > 1 || differences.contains { $0.key.model == nil }
        return differences.map { $0.words(withModelName: named) }.joined(separator: ", ")
    }
}
