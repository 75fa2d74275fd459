import Testing
@testable import Lab
import RNNEngine
import Lessons

@Suite("Lesson commands checked against the command table")
struct LabCommandValidatorTests {
    let validator = LabCommandValidator(table: CommandTable(LabCommands.all + [probeCommand]))

    @Test func labCommandsAsTypedPass() {
        #expect(validator.problem(in: "version") == nil)
        #expect(validator.problem(in: "sleep 0   # a comment") == nil)
        #expect(validator.problem(in: "probe h 3 --as=spark --all") == nil)
        #expect(validator.problem(in: "help sleep") == nil)
    }

    @Test func anUnknownCommandIsReportedAtItsColumn() {
        let problem = validator.problem(in: "  shw h")
        #expect(problem?.column == 3)
        #expect(problem?.message.contains("unknown command 'shw'") == true)
    }

    @Test func anUnknownOptionIsReportedAtItsColumn() {
        let problem = validator.problem(in: "probe h --al --as table")
        #expect(problem?.column == 9)
        #expect(problem?.message.contains("unknown option '--al'") == true)
        let quoted = validator.problem(in: #"probe "a b c" --colour x"#)
        #expect(quoted?.column == 15)
    }

    @Test func aBadValueIsReportedAtItsColumn() {
        #expect(validator.problem(in: "sleep 4000") == CommandProblem(message: "sleep: SECONDS must be between 0 and 3600, got 4000", column: 7))
        #expect(validator.problem(in: "model lsmt")?.column == 7)
        #expect(validator.problem(in: "train addin 30")?.column == 7)
        #expect(validator.problem(in: "probe h --scale 2")?.column == 17)
        #expect(validator.problem(in: "probe h --as pie") == CommandProblem(message: "probe: --as must be one of table, spark, heat, got 'pie'", column: 14))
        #expect(validator.problem(in: "probe h --as=pie")?.column == 9, "an inline value: the option's word")
        #expect(validator.problem(in: #"probe "a b" 3.5"#)?.column == 13)
        #expect(validator.problem(in: "probe h 3 extra")?.column == 11, "an argument too many")
        #expect(validator.problem(in: "probe h --all --all")?.column == 15, "an option given twice: the second")
        #expect(validator.problem(in: "probe h --all=yes")?.column == 9)
        #expect(validator.problem(in: "probe h --scale 9 --nope")?.message.contains("--scale") == true, "the first fault, at its own column")
        #expect(validator.problem(in: "probe h --scale 9 --nope")?.column == 17)
    }

    @Test("a model name the lab would refuse is reported at the name, by model and load")
    func aBadModelNameIsReportedAtIt() {
        let problem = validator.problem(in: "model gru --name größe --hidden 2")
        #expect(problem?.column == 18)
        #expect(problem?.message.contains("model name 'größe' is not valid") == true, "\(problem?.message ?? "")")
        #expect(validator.problem(in: "load a.safetensors --name=2x")?.column == 20)
        #expect(validator.problem(in: "model gru --name small-gru --hidden 2") == nil)
    }

    @Test func aMissingArgumentIsReportedAtTheCommand() {
        #expect(validator.problem(in: "  sleep")?.column == 3)
        #expect(validator.problem(in: "probe h --scale")?.column == 9, "a missing value: the option that needs it")
        #expect(validator.problem(in: #"probe "unclosed"#)?.message.contains("unterminated") == true)
    }

    @Test func anUnterminatedQuoteIsReportedWhereItOpens() {
        #expect(validator.problem(in: #"feed "banana"#) == CommandProblem(message: #"unterminated " quote: add a closing ""#, column: 6))
        #expect(validator.problem(in: #"  probe "a b" 'it\'s"#)?.column == 15, "the quote left open, after a closed one and an escape")
        #expect(validator.problem(in: #"probe h\ "x"#)?.column == 10, "after an escape outside quotes")
        #expect(validator.problem(in: "probe \"a\u{7}b")?.column == 9, "a control character is reported at its own column")
    }

    @Test func scanNamesTheColumnOfTheQuoteLeftOpen() {
        #expect(Tokenizer.scan(#"feed "ab"#).openQuoteColumn == 6)
        #expect(Tokenizer.scan(#"feed "ab" 'c"#).openQuoteColumn == 11)
        #expect(Tokenizer.scan(#"feed "ab""#).openQuoteColumn == nil)
    }

    @Test func aQuantityNoModelHasIsReportedAtItsColumn() {
        let problem = validator.problem(in: "show zz --step 2")
        #expect(problem?.message == "show: no model has a quantity 'zz' — did you mean 'z'?")
        #expect(problem?.column == 6)
        #expect(validator.problem(in: "explain q")?.column == 9)
        for line in ["show f", "show forget", "show grad-norm --as spark", "explain z", "compare h", "show c"] {
            #expect(validator.problem(in: line) == nil, "\(line): some model has it")
        }
    }

    @Test func lessonCommandsAndQuitMayNotRunFromALesson() {
        for line in ["next", "goto 2", "start mini", "progress reset", "quit", "exit", "restart"] {
            let problem = validator.problem(in: line)
            #expect(problem?.message.contains("a lesson may only run lab commands") == true, "\(line)")
            #expect(problem?.column == 1)
        }
    }

    @Test func theShellIsNoLabCommand() {
        #expect(validator.problem(in: "rm -rf /")?.message.contains("unknown command 'rm'") == true)
        #expect(validator.problem(in: "!ls")?.message.contains("unknown command") == true)
    }

    /// What lint with the validator says of `bad.md`: front matter and a step `## One`
    /// (lines 1–6, a blank line 7), then `body` from line 8.
    func lintBadLesson(_ body: String) -> [String] {
        let text = "---\nid: bad\ntitle: Bad\n---\n\n## One\n\n" + body
        return LessonLinter(validator: validator).lint([LessonLinter.Source(path: "bad.md", text: text)]).map(\.description)
    }

    @Test func lintWithTheValidatorNamesFileLineAndColumn() {
        let diagnostics = lintBadLesson("```rnnlab\nversion\nprobe h --nope\n```\n")
        #expect(diagnostics.contains { $0.hasPrefix("bad.md:10:9: unknown option '--nope'") }, "\(diagnostics)")
    }

    @Test func lintNamesTheColumnOfABadValueInABlockAndInAnExpectLine() {
        let diagnostics = lintBadLesson("""
            ```rnnlab
            model lsmt
              probe h --as pie
            ```

            ```quiz
            Show it.
            expect:  probe h --al
            ```
            """)
        #expect(diagnostics == [
            "bad.md:9:7: model: KIND must be one of rnn, lstm, gru, got 'lsmt' — did you mean 'lstm'?",
            "bad.md:10:16: probe: --as must be one of table, spark, heat, got 'pie'",
            "bad.md:15:18: `expect: probe h --al`: unknown option '--al' for 'probe' — did you mean '--all'?",
        ])
    }

    @Test func theLengthsTrainRaceAndFeedReadThemselvesAreCheckedWithTheirLimits() {
        #expect(validator.problem(in: "train adding 1000000000 --steps 5")
            == CommandProblem(message: "train: the length of adding must be a whole number between 2 and \(maximumTaskLength), got '1000000000'", column: 14))
        #expect(validator.problem(in: "train adding \(maximumTaskLength) --steps 5") == nil)
        #expect(validator.problem(in: "train --steps 5 sine 1")?.column == 22, "the length after an option and its value")
        #expect(validator.problem(in: "train adding")?.message == "train: adding needs a length, e.g. `train adding 50`")
        #expect(validator.problem(in: "train adding")?.column == 7, "no length: at the task")
        #expect(validator.problem(in: "train charlm --file notes.txt") == nil, "the file is not read")
        #expect(validator.problem(in: "train charlm \"ab\" --corpus sonnets")?.message.contains("exactly one text") == true)
        #expect(validator.problem(in: "race rnn lstm adding 1 --steps 5")?.column == 22)
        #expect(validator.problem(in: "race rnn lstm adding 30 --steps 5") == nil)
        #expect(validator.problem(in: "race rnn rnn adding 30")?.message == "race: rnn is named twice; name each kind once")
        #expect(validator.problem(in: "feed random 20000")
            == CommandProblem(message: "feed random: N must be a whole number of steps from 1 to \(maximumTaskLength), got '20000'", column: 13))
        #expect(validator.problem(in: "feed random \(maximumTaskLength)") == nil)
        #expect(validator.problem(in: "feed --numbers 1 x 2")?.message == "feed --numbers: 'x' is not a number")
        #expect(validator.problem(in: "feed \"hello\" --seed 3") == nil)
        #expect(validator.problem(in: "feed quotes \"He said, 'hi'\"") == nil)
    }

    @Test("t=0 and step=0, alone or ending a range, name no step whatever the lab holds; 1 and -1 do")
    func stepZeroIsNoStep() {
        func problem(_ name: String, _ key: String, _ value: ValueSelector.Value) -> String? {
            validator.problem(in: ValueReference(name: name, selectors: [ValueSelector(key: key, value: value)]))
        }
        #expect(problem("h", "t", .index(0))?.hasSuffix("t=0 names no step of the input: they count from t=1, or back from t=-1 at the end") == true)
        #expect(problem("train-grad-norm", "step", .index(0))?.contains("step=0 names no training step") == true)
        #expect(problem("loss", "step", .range(0, 5)) != nil)
        #expect(problem("f", "t", .range(-3, 0)) != nil)
        #expect(problem("h", "t", .index(1)) == nil && problem("h", "t", .index(-1)) == nil)
        #expect(problem("loss", "step", .range(1, 5)) == nil && problem("loss", "step", .range(-5, -1)) == nil)
        #expect(problem("h", "unit", .index(0)) == nil, "units count from 0")
    }

    @Test func anAnswerNamingAWholeQuantityIsMoreThanOneNumber() {
        #expect(validator.severalNumbersProblem(in: ValueReference(name: "f")) != nil)
        #expect(validator.severalNumbersProblem(in: ValueReference(model: "rnn", name: "grad-norm"))?.contains("`rnn.grad-norm[t=-1]`") == true)
        #expect(validator.severalNumbersProblem(in: ValueReference(name: "f", selectors: [ValueSelector(key: "t", value: .index(3))])) == nil)
        #expect(validator.severalNumbersProblem(in: ValueReference(name: "params")) == nil)
        #expect(validator.severalNumbersProblem(in: ValueReference(name: "loss")) == nil, "one number before training")
        let diagnostics = lintBadLesson("""
            ```rnnlab
            model lstm --hidden 3
            feed "hello"
            ```

            ```quiz
            What is f?
            answer: f
            ```

            ```quiz
            And now?
            answer: 2 * abs(f) + max(h)
            ```

            ```quiz
            And the largest?
            answer: max(f) - f[t=1, unit=0]
            mistake: f: that is every f
            ```
            """)
        #expect(diagnostics == [
            "bad.md:15:9: `answer:` must be one number, as the learner types one: `f` is its value at every step and unit, not one number: select one, as in `f[t=-1, unit=0]`, or reduce it, as in `max(f)`",
            "bad.md:20:9: `answer:` must be one number, as the learner types one: `f` is its value at every step and unit, not one number: select one, as in `f[t=-1, unit=0]`, or reduce it, as in `max(f)`",
            "bad.md:26:10: `mistake:` must be one number, as the learner types one: `f` is its value at every step and unit, not one number: select one, as in `f[t=-1, unit=0]`, or reduce it, as in `max(f)`",
        ])
    }

    @Test func aValueOfAModelTheLessonNeverMakesIsReported() {
        let diagnostics = lintBadLesson("""
            ```rnnlab
            model lstm --hidden 3
            model lstm --hidden 2
            model rnn --name small
            race gru rnn adding 30 --steps 5
            feed "hello"
            ```

            ```check
            lstm.h > -1 and lstm2.h < 1 and small.h < 1 and race-gru.params > 0
            foo.h > 0 and smal.params > 0
            ```

            ```quiz
            Make one.
            expect: model gru --name mine
            ```

            ```quiz
            How many?
            answer: mine.params + lstm3.params
            mistake: smalll.params: that is the other model's
            ```
            """)
        #expect(diagnostics == [
            "bad.md:18:1: `foo.h`: no model named `foo`; the lesson makes `lstm`, `lstm2`, `mine`, `race-gru`, `race-rnn`, `small`",
            "bad.md:18:15: `smal.params`: no model named `smal` — did you mean `small`?",
            "bad.md:28:9: `lstm3.params`: no model named `lstm3` — did you mean `lstm`?",
            "bad.md:29:10: `smalll.params`: no model named `smalll` — did you mean `small`?",
        ])
        // a model loaded without --name is named by its file: no name can be told unknown
        let loaded = lintBadLesson("```rnnlab\nload model.safetensors\n```\n\n```check\nfoo.h > 0\n```\n")
        #expect(loaded.isEmpty, "\(loaded)")
        #expect(validator.modelNames(madeBy: ["load m.pt --name ckpt", "model gru"]) == ["ckpt", "gru"])
        #expect(validator.modelNames(madeBy: ["model lstm", "compare --forget-bias 0 1 grad-norm --keep fb0,fb1"]) == ["lstm", "fb0", "fb1"])
    }

    @Test func valueNamesInChecksAreCheckedToo() {
        #expect(validator.problem(in: ValueReference(name: "grad-norm", selectors: [ValueSelector(key: "t", value: .index(1))])) == nil)
        #expect(validator.problem(in: ValueReference(model: "rnn", name: "f")) == nil)
        let unknown = validator.problem(in: ValueReference(name: "grad-nrom"))
        #expect(unknown?.contains("unknown value 'grad-nrom'") == true)
        #expect(unknown?.contains("did you mean 'grad-norm'") == true)
        let selector = validator.problem(in: ValueReference(name: "h", selectors: [ValueSelector(key: "stp", value: .index(2))]))
        #expect(selector?.contains("unknown selector 'stp'") == true)
    }

    @Test func aClaimThatHoldsForEveryValueAGateCanTakeIsReported() {
        #expect(validator.valueBounds(of: ValueReference(name: "f")) == 0...1)
        #expect(validator.valueBounds(of: ValueReference(model: "gru", name: "n", selectors: [ValueSelector(key: "t", value: .index(1))])) == -1...1)
        #expect(validator.valueBounds(of: ValueReference(name: "h")) == nil, "h is unbounded in a relu RNN")
        let diagnostics = lintBadLesson("```rnnlab\nmodel gru --hidden 3\nfeed \"hello\"\n```\n\n```check\nexp(z) > 0\nn in [-1, 1]\nexp(h) > 0\nn in (-1, 1)\n```\n")
        #expect(diagnostics.map { $0.prefix(24) } == ["bad.md:14:1: `exp(z) > 0", "bad.md:15:1: `n in [-1, "], "\(diagnostics)")
    }

    @Test func aMisspeltSelectorInAClaimIsToldTheSelectorMeant() {
        let diagnostics = lintBadLesson("```rnnlab\nmodel lstm --hidden 3\nfeed \"hello\"\n```\n\n```check\nh[t=1, unti=0] > -1\n```\n")
        #expect(diagnostics == [
            "bad.md:14:1: `h[t=1, unti=0]`: unknown selector 'unti' in h[t=1, unti=0] — did you mean 'unit'?; the selectors are t (step of the input, from 1), unit, layer (from 0), dir (forward or reverse) and, for loss and train-grad-norm, step (training step, from 1)",
        ])
        // a key like none of them is told what the selectors are, and no guess
        let far = validator.problem(in: ValueReference(name: "h", selectors: [ValueSelector(key: "time", value: .index(2))]))
        #expect(far?.hasPrefix("unknown selector 'time' in h[time=2]; the selectors are t ") == true, "\(far ?? "nil")")
    }
}
