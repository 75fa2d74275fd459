import Testing
@testable import RNNEngine

/// A tiny deterministic generator for task tests (SplitMix64).
struct TaskTestGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Tasks")
struct TaskTests {
    @Test func addingMarksOneValueInEachHalfAndSumsThem() throws {
        let task = try AddingTask(length: 50)
        var generator = TaskTestGenerator(state: 7)
        for _ in 0..<100 {
            let example = task.sample(using: &generator)
            #expect(example.length == 50)
            let marked = example.inputs.indices.filter { example.inputs[$0][1] == 1 }
            #expect(marked.count == 2)
            #expect(marked[0] < 25 && marked[1] >= 25)
            let sum = marked.map { example.inputs[$0][0] }.reduce(0, +)
            #expect(example.target == .valueAtEnd([sum]))
            #expect(example.inputs.allSatisfy { (-1...1).contains($0[0]) })
            // Labels: each value to two decimals, `*` on exactly the marked steps.
            let labels = example.labels
            #expect(labels.indices.filter { labels[$0].hasSuffix("*") } == marked)
            for (label, step) in zip(labels, example.inputs) {
                let value = try #require(Double(label.hasSuffix("*") ? String(label.dropLast()) : label))
                #expect(abs(value - step[0]) <= 0.005 + 1e-12, "label \(label) for \(step[0])")
            }
        }
    }

    @Test func addingTargetVarianceIsTwoThirds() throws {
        let task = try AddingTask(length: 20)
        var generator = TaskTestGenerator(state: 1)
        var sumOfSquares = 0.0
        let count = 20_000
        for _ in 0..<count {
            guard case .valueAtEnd(let target) = task.sample(using: &generator).target else {
                Issue.record("adding must target the last step")
                return
            }
            sumOfSquares += target[0] * target[0]
        }
        #expect(abs(sumOfSquares / Double(count) - 2.0 / 3.0) < 0.02)
    }

    @Test func sameSeedSameData() throws {
        let task = try AddingTask(length: 10)
        var first = TaskTestGenerator(state: 42)
        var second = TaskTestGenerator(state: 42)
        #expect(task.batch(5, using: &first) == task.batch(5, using: &second))
    }

    @Test func characterModelOnHelloPredictsTheNextCharacter() throws {
        let task = try CharacterModelTask(text: "hello")
        #expect(task.vocabulary.characters == ["e", "h", "l", "o"])
        let example = task.example(startingAt: 0)
        #expect(example.symbols == [1, 0, 2, 2])
        #expect(example.target == .classPerStep([0, 2, 2, 3]))
        #expect(example.labels == ["'h'", "'e'", "'l'", "'l'"])
        #expect(example.inputs[0] == [0, 1, 0, 0])
    }

    @Test func characterModelWindowsStayInsideTheText() throws {
        let task = try CharacterModelTask(text: BundledCorpus.sonnets, window: 25)
        var generator = TaskTestGenerator(state: 3)
        for _ in 0..<200 {
            let example = task.sample(using: &generator)
            #expect(example.length == 25)
            guard case .classPerStep(let targets) = example.target, let symbols = example.symbols else {
                Issue.record("charlm must give symbols and per-step classes")
                return
            }
            #expect(Array(symbols.dropFirst()) == Array(targets.dropLast()))
        }
    }

    @Test func quotesAreTrackedAndApostrophesIgnored() throws {
        let example = try QuoteTask.example(for: "He said, 'I love you.' don't")
        guard case .classPerStep(let targets) = example.target else {
            Issue.record("quotes must give per-step classes")
            return
        }
        let inside = String(zip("He said, 'I love you.' don't", targets).map { $1 == 1 ? $0 : "_" })
        #expect(inside == "_________'I love you.'______")
    }

    @Test func quotesRejectCharactersOutsidePrintableASCII() {
        #expect(throws: TaskError.self) { try QuoteTask.example(for: "café") }
    }

    @Test func characterLabelsWriteControlCharactersAsEscapes() {
        #expect(characterLabel("\r\n") == "'\\r\\n'")
        #expect(characterLabel("\r") == "'\\r'")
        #expect(characterLabel("\n") == "'\\n'")
        #expect(characterLabel("\t") == "'\\t'")
        #expect(characterLabel("\u{1B}") == "'\\x1b'")
        #expect(characterLabel("\u{07}") == "'\\x07'")
        #expect(characterLabel("\u{7F}") == "'\\x7f'")
        #expect(characterLabel("\u{85}") == "'\\x85'")
        #expect(characterLabel("é") == "'é'")
        #expect(characterLabel(" ") == "' '")
        #expect(characterLabel("'") == "\"'\"")
    }

    @Test func vocabularyOfWindowsTextNamesItsLineEndWithoutControlCharacters() throws {
        let vocabulary = try Vocabulary(of: "hi\r\nho\u{1B}\r\n")
        #expect(vocabulary.summary.contains("'\\r\\n'"))
        #expect(vocabulary.summary.contains("'\\x1b'"))
        #expect(!vocabulary.summary.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func firstSymbolTargetIsTheFirstInput() throws {
        let task = try FirstSymbolTask(length: 8, symbolCount: 3)
        var generator = TaskTestGenerator(state: 9)
        let example = task.sample(using: &generator)
        let first = try #require(example.inputs[0].firstIndex(of: 1))
        #expect(example.target == .classAtEnd(first))
        #expect(example.inputs[7][3] == 1)
        #expect(example.inputs[0][3] == 0)
    }

    @Test func sineTargetsAreTheNextCleanValue() throws {
        let task = try SineTask(length: 30, noise: 0)
        var generator = TaskTestGenerator(state: 5)
        let example = task.sample(using: &generator)
        guard case .valuePerStep(let targets) = example.target else {
            Issue.record("sine must give per-step values")
            return
        }
        for step in 0..<29 {
            #expect(abs(targets[step][0] - example.inputs[step + 1][0]) < 1e-12)
        }
    }

    @Test func lengthsOutOfRangeAreRejectedWithAReason() {
        #expect(throws: TaskError.self) { try AddingTask(length: 1) }
        #expect(throws: TaskError.self) { try AddingTask(length: 10_000_000) }
        #expect(throws: TaskError.self) { try CharacterModelTask(text: "a") }
        let error = #expect(throws: TaskError.self) { try AddingTask(length: 0) }
        #expect(error?.description.contains("between 2 and") == true)
    }
}
