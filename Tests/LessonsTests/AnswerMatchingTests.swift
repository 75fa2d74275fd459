import Testing
@testable import Lessons

@Suite("Answer matching")
struct AnswerMatchingTests {
    static let location = SourceLocation(file: "a.md", line: 1)

    static func choice(_ options: [(String, Bool)]) -> Question {
        Question(id: "q1", prompt: "?", kind: .choice(options.map { ChoiceOption(text: $0.0, isCorrect: $0.1) }),
                 hints: [], explanation: nil, location: location)
    }

    static func number(_ expected: CheckExpression, _ tolerance: Tolerance) -> Question {
        Question(id: "q2", prompt: "?", kind: .number(expected: expected, tolerance: tolerance),
                 hints: [], explanation: nil, location: location)
    }

    static let single = choice([("input", false), ("forget", true), ("output", false)])
    static let several = choice([("a", false), ("tanh′ near 0", true), ("c", false), ("radius below 1", true)])

    @Test("one right option: letter, capital, number, text, decorations", arguments: [
        "b", "B", "2", "b)", "(b)", "forget", "Forget", "  forget ", "`forget`", "b.",
    ])
    func singleRight(answer: String) {
        #expect(Self.single.judge(answer) == .correct)
    }

    @Test("one right option: wrong and unreadable answers", arguments: ["a", "c", "1", "3"])
    func singleWrong(answer: String) {
        #expect(Self.single.judge(answer) == .wrong(nil))
    }

    @Test("several right options in any order and separator", arguments: [
        "b,d", "d,b", "b d", "D B", "2,4", "4 2", "b, d", "b and d", "b;d", "tanh′ near 0, radius below 1",
    ])
    func severalRight(answer: String) {
        #expect(Self.several.judge(answer) == .correct)
    }

    @Test("several right options: letters run together name each, when they can mean nothing else")
    func runTogetherLetters() {
        for typed in ["bd", "DB", "db", "(bd)"] {
            #expect(Self.several.judge(typed) == .correct, "\(typed)")
            #expect(Self.several.readsAsChoiceList(typed), "\(typed) is the answer as a whole while the question waits")
        }
        #expect(Self.several.judge("bcd") == .wrong("every right option is there, but one of yours is not"))
        #expect(Self.several.judge("ab, d") == .wrong("every right option is there, but one of yours is not"))
        // a letter no option has, a letter twice, or one option only: no list of letters
        for typed in ["be", "bdd", "bb"] {
            #expect(!Self.several.readsAsChoiceList(typed), "\(typed)")
        }
        // one right option: `ab` is read as before, not as two options
        #expect(!Self.single.readsAsChoiceList("ab"))
        // a word of an option is that option's word, not letters
        let words = Self.choice([("a cab", true), ("b", true), ("c", false), ("d", false)])
        #expect(words.judge("cab") == .wrong("right so far, but 2 options are right: name them all in one answer, their letters separated by spaces or commas"))
        #expect(!words.readsAsChoiceList("cab"))
        #expect(words.judge("ab") == .correct)
    }

    @Test("a wrong option chosen alone, or alone among right ones, is told the author's mistake: line for it; other answers the general feedback")
    func optionMistakes() throws {
        let text = frontMatter + """
        ## s

        ```quiz
        Why do the two l's differ?
        - the output weights differ
        * the state differs
        - sampling is random
        hint: what goes into a prediction?
        mistake: a: the output weights are shared over time
        mistake: c: a prediction involves no sampling
        ```
        """
        let question = try #require(try parseLesson(text).questions.first)
        #expect(question.judge("a") == .wrong("the output weights are shared over time"))
        #expect(question.judge("sampling is random") == .wrong("a prediction involves no sampling"))
        #expect(question.judge("b") == .correct)
        #expect(question.judge("a,b") == .wrong("only one option is right"), "not the mistake of a alone")
        #expect(question.mistakes.isEmpty, "the mistakes are the options'")
        // among several right options, a wrong one beside right ones is told its mistake
        let several = try #require(try parseLesson(frontMatter + """
        ## s

        ```quiz
        Which shapes are right?
        * W_ih is (16, 8)
        - W_ih is (8, 16)
        * W_hh is (16, 16)
        - W_hh is (8, 8)
        mistake: b: a matrix is (outputs, inputs)
        ```
        """).questions.first)
        #expect(several.judge("b,c") == .wrong("a matrix is (outputs, inputs)"))
        #expect(several.judge("c,d") == .wrong(nil), "no mistake: line for d, and nothing that gives it away")
        #expect(several.judge("b,c,d") == .wrong(nil), "two wrong options: no one mistake to tell")
    }

    @Test("without the author's tolerance, the answer rounded to two or more digits typed is right, as a table shows it")
    func digitsAsShown() throws {
        func question(_ answer: String) throws -> Question {
            try #require(try parseLesson(frontMatter + """
            ## s

            ```quiz
            How much gradient reaches step 1?
            \(answer)
            ```
            """).questions.first)
        }
        let plain = try question("answer: 0.000273")
        #expect(plain.acceptsDigitsShown)
        #expect(plain.judge("0.00027") == .correct, "1.1 % off, but the value to two digits")
        #expect(plain.judge("2.7e-4") == .correct)
        #expect(plain.judge("0.0003") != .correct, "one digit is not enough")
        #expect(plain.judge("0.00028") != .correct)
        for given in ["answer: 0.000273 ± 0.5%", "answer: 0.000273\ntolerance: 0.5%"] {
            let strict = try question(given)
            #expect(!strict.acceptsDigitsShown)
            #expect(strict.judge("0.00027") != .correct, "the author's tolerance is the author's")
        }
    }

    @Test("options that begin with numbers: a typed number names the option that begins with it, not a position")
    func numberedOptions() {
        let copies = Self.choice([("8, one per step", false), ("7, one per transition", false), ("1, shared by every step", true)])
        #expect(copies.judge("1") == .correct, "1 copy, not option a")
        #expect(copies.judge("c") == .correct)
        #expect(copies.judge("8") == .wrong(nil))
        #expect(copies.judge("3") != .correct, "not the third option")
        guard case .unreadable(let message) = copies.judge("3") else {
            Issue.record("3 begins no option")
            return
        }
        #expect(message.contains("the number an option begins with"), "\(message)")
        #expect(copies.readsAsChoiceList("1"))
        #expect(!copies.readsAsChoiceList("2"))
        // options without numbers in front keep numbers as positions
        #expect(Self.single.judge("2") == .correct)
    }

    @Test("a skipped number's answer shows the digits its tolerance makes meaningful")
    func roundedAnswers() {
        #expect(Question.rounded(0.759027624875551, within: .relative(percent: 2)) == "0.759")
        #expect(Question.rounded(0.759027624875551, within: .absolute(0.005)) == "0.759")
        #expect(Question.rounded(0.759027624875551, within: .absolute(0.5)) == "0.8")
        #expect(Question.rounded(4224.3, within: .relative(percent: 1)) == "4224")
        #expect(Question.rounded(-1.2345e-5, within: .relative(percent: 1)) == "-0.0000123")
        #expect(Question.rounded(10, within: .absolute(0)) == "10")
        let skipped = Self.number(.number(0.759027624875551), .relative(percent: 2))
        #expect(skipped.rightAnswerText() == "0.759 (± 2%)")
        #expect(skipped.rightAnswer() == "0.759027624875551", "--auto still answers with every digit")
    }

    @Test("an option's text with other dashes, or words only it contains")
    func optionWords() {
        let kinds = Self.choice([("one-to-one", false), ("many–to–many, encoder–decoder", true), ("the GRU", false), ("the cell state c_t", false)])
        #expect(kinds.judge("many-to-many, encoder-decoder") == .correct)
        #expect(kinds.judge("encoder-decoder") == .correct)
        #expect(kinds.judge("many to many, encoder decoder") == .correct, "spaces for the hyphens")
        #expect(kinds.judge("encoder decoder") == .correct)
        #expect(kinds.judge("one to one") == .wrong(nil), "names option a")
        let signs = Self.choice([("-1", false), ("1", true)])
        #expect(signs.judge("-1") == .wrong(nil), "a minus is no hyphen")
        let cells = Self.choice([("the RNN", false), ("the LSTM", true), ("the GRU", true)])
        #expect(cells.judge("lstm, gru") == .correct, "words only one option holds, separated by commas")
        #expect(cells.judge("the LSTM, the GRU") == .correct)
        #expect(kinds.judge("GRU") == .wrong(nil), "names option c")
        #expect(kinds.judge("c_t") == .wrong(nil), "names option d")
        guard case .unreadable = kinds.judge("the"), case .unreadable = kinds.judge("to") else {
            Issue.record("words several options share name none of them")
            return
        }
    }

    @Test("an option's text, or a start only it has, names it, even when it starts like `a TEXT`")
    func optionTextStartingWithA() {
        let gate = Self.choice([("a value in (0, 1): a fraction to let through", true), ("a signed value", false), ("a larger derivative", false)])
        #expect(gate.readsAsOptionText("a value in (0, 1): a fraction to let through"))
        #expect(gate.readsAsOptionText("A value in (0, 1)"))
        #expect(!gate.readsAsOptionText("a"), "one word is a letter or the short form")
        #expect(!gate.readsAsOptionText("a b"))
        #expect(gate.judge("a value in (0, 1)") == .correct)
        #expect(gate.judge("a signed") == .wrong(nil))
        #expect(!Self.single.readsAsOptionText("b"))
    }

    @Test("a list of letters reads as choices, even when it starts like `a TEXT`")
    func letterLists() {
        #expect(Self.several.readsAsChoiceList("a b"))
        #expect(Self.several.readsAsChoiceList("a and d"))
        #expect(Self.several.readsAsChoiceList("b, d"))
        #expect(!Self.several.readsAsChoiceList("a radius below 1"))
        #expect(!Self.several.readsAsChoiceList(""))
        #expect(!Self.number(.number(1), .absolute(0)).readsAsChoiceList("1"))
    }

    @Test("several right options: partial, extra and wrong answers are rejected, and partial and extra ones are told so")
    func severalWrong() {
        #expect(Self.several.judge("b") == .wrong("right so far, but 2 options are right: name them all in one answer, their letters separated by spaces or commas"))
        #expect(Self.several.judge("b,c,d") == .wrong("every right option is there, but one of yours is not"))
        #expect(Self.several.judge("a b c d") == .wrong("every right option is there, but 2 of yours are not"))
        #expect(Self.several.judge("a,b") == .wrong(nil), "one right and one wrong: nothing to say that would give it away")
        #expect(Self.several.judge("a,c") == .wrong(nil))
        #expect(Self.single.judge("b,c") == .wrong("only one option is right"))
    }

    @Test("factors side by side are no product: refused, with the product spelled out with `*`", arguments: [
        ("2 log 2", "2 * log 2"), ("2 (1 + 1)", "2 * (1 + 1)"), ("(1 + 1) log 2", "(1 + 1) * log 2"), ("3 (1 + 1) log 2", "3 * (1 + 1) * log 2"),
    ])
    func noImpliedMultiplication(typed: String, spelled: String) {
        let question = Self.number(.number(2 * 0.6931471805599453), .absolute(0.01))
        #expect(question.judge(typed) == .unreadable("a product needs `*` between its factors, as an answer has no implied multiplication: `\(spelled)`"))
        #expect(Question.readNumbers(typed).isEmpty, "never read as a number of its own")
        #expect(question.judge("2 * log 2") == .correct)
        for other in ["2log", "log 4 4", "2 log"] {  // no function or bracket beside a factor: no product is offered
            #expect(question.judge(other) == .unreadable("answer with a number, e.g. 0.25, 2.5e-3, 3/4 or log 4"), "\(other)")
        }
    }

    @Test("answers that name no option are unreadable, not wrong", arguments: ["z", "9", "", "maybe", "b,z"])
    func unreadable(answer: String) {
        guard case .unreadable = Self.single.judge(answer) else {
            Issue.record("`\(answer)` should be unreadable, got \(Self.single.judge(answer))")
            return
        }
    }

    @Test("numbers within the tolerance in any spelling", arguments: [
        "0.602", "0.60", ".602", "6.02e-1", "0.605", "0.597", "+0.6", "0,602", "≈0.6", " 0.602 ",
    ])
    func numberRight(answer: String) {
        #expect(Self.number(.number(0.602), .absolute(0.005)).judge(answer) == .correct)
    }

    @Test("a tiny answer, a vanished gradient's, is told from 0 and from numbers a million times its size")
    func tinyNumbers() {
        let gradient = Self.number(.number(3.8e-22), .relative(percent: 0.5))
        #expect(gradient.judge("3.8e-22") == .correct)
        #expect(gradient.judge("3.81e-22") == .correct)
        #expect(gradient.judge("0") != .correct)
        #expect(gradient.judge("1e-15") != .correct)
        #expect(Self.number(.number(0.1 + 0.2), .absolute(0)).judge("0.3") == .correct, "binary rounding is no error")
    }

    @Test("a comma between groups of three digits reads as thousands or as decimals")
    func thousands() {
        let count = Self.number(.number(4224), .absolute(0))
        #expect(count.judge("4,224") == .correct)
        #expect(count.judge("4 224") == .correct)
        #expect(count.judge("4224") == .correct)
        #expect(count.judge("4,22") == .wrong(nil))
        #expect(Self.number(.number(4.224), .absolute(0.001)).judge("4,224") == .correct)
        #expect(Self.number(.number(1_234_567.5), .absolute(0)).judge("1,234,567.5") == .correct)
        #expect(Self.number(.number(602), .absolute(0)).judge("0,602") == .wrong(nil), "a leading 0 is a decimal comma")
        #expect(Question.readNumbers("-12,345") == [-12.345, -12345])
    }

    @Test("numbers outside the tolerance are wrong", arguments: ["0.61", "0.59", "0.5", "6.5"])
    func numberWrong(answer: String) {
        #expect(Self.number(.number(0.602), .absolute(0.005)).judge(answer) == .wrong(nil))
    }

    @Test("a number right but for its sign is told to check the sign")
    func wrongSign() {
        #expect(Self.number(.number(0.602), .absolute(0.005)).judge("-0.602") == .wrong("check the sign"))
        #expect(Self.number(.number(-3.58), .absolute(0.01)).judge("3.58") == .wrong("check the sign"))
        #expect(Self.number(.number(0), .absolute(0.01)).judge("0.5") == .wrong(nil))
    }

    @Test("a number that is 1 / the answer is told so, when it is clearly that and not a near miss")
    func reciprocal() {
        let ratio = Self.number(.number(3.6), .absolute(0.02))
        let told = AnswerVerdict.wrong("that is 1 / the answer: check which is divided by which")
        #expect(ratio.judge("0.28") == told, "1 / 0.28 is 3.57: 0.28 is 1/3.6 rounded to its two digits")
        #expect(ratio.judge("0.2778") == told)
        #expect(ratio.judge("1/3.6") == told)
        #expect(ratio.judge("0.3") == .wrong(nil), "one digit is too rough to say")
        #expect(ratio.judge("0.25") == .wrong(nil))
        #expect(ratio.judge("-3.6") == .wrong("check the sign"))
        #expect(ratio.judge("3.6") == .correct)
        #expect(Self.number(.number(4224), .relative(percent: 1)).judge("0.0002367") == told)
        // near 1, an answer and its reciprocal are near each other: a near miss is no reciprocal
        #expect(Self.number(.number(1), .absolute(0.02)).judge("0.97") == .wrong(nil))
        #expect(Self.number(.number(1.05), .absolute(0.01)).judge("1.03") == .wrong(nil))
        #expect(Self.number(.number(0), .absolute(0.01)).judge("0") == .correct)
    }

    @Test("a number that is half or twice the answer is told so, when it is clearly that")
    func halfOrTwice() {
        let count = Self.number(.number(9920), .absolute(0))
        #expect(count.judge("4960") == .wrong("that is half the answer: is something counted once that comes twice?"))
        #expect(count.judge("19840") == .wrong("that is twice the answer: is something counted twice?"))
        #expect(count.judge("4961") == .wrong(nil))
        let mean = Self.number(.number(0.73), .absolute(0.02))
        #expect(mean.judge("0.37") == .wrong("that is half the answer: is something counted once that comes twice?"), "0.37 · 2 = 0.74")
        #expect(mean.judge("0.33") == .wrong(nil))
        // near 0, half and twice the answer are near misses, not mistakes of a factor 2
        #expect(Self.number(.number(0.01), .absolute(0.01)).judge("0.005") == .correct)
        #expect(Self.number(.number(0.01), .absolute(0.01)).judge("0.035") == .wrong(nil))
    }

    @Test("a percentage for a fraction, and a number 10 times or a tenth of the answer, are told so")
    func percentageOrDecimalPoint() {
        let fraction = Self.number(.number(0.5), .absolute(0.01))
        #expect(fraction.judge("50") == .wrong("that is the answer × 100: the question asks for a fraction, not a percentage"))
        #expect(fraction.judge("50%") == .correct, "a percent sign says it is one")
        #expect(fraction.judge("5") == .wrong("that is 10 times the answer: check the decimal point"))
        #expect(fraction.judge("0.05") == .wrong("that is a tenth of the answer: check the decimal point"))
        #expect(fraction.judge("40") == .wrong(nil))
        // read from the session, with a relative tolerance
        let gate = Self.number(.reference(ValueReference(name: "f", selectors: [])), .relative(percent: 1))
        let values = TableResolver(table: ["f": [0.602]])
        #expect(gate.judge("60.2", resolver: values) == .wrong("that is the answer × 100: the question asks for a fraction, not a percentage"))
        #expect(gate.judge("6.02", resolver: values) == .wrong("that is 10 times the answer: check the decimal point"))
        // a count is no fraction: 100 times it is no percentage
        let count = Self.number(.number(42.24), .absolute(0.01))
        #expect(count.judge("4224") == .wrong(nil))
        #expect(count.judge("422.4") == .wrong("that is 10 times the answer: check the decimal point"))
        #expect(count.judge("4.224") == .wrong("that is a tenth of the answer: check the decimal point"))
    }

    @Test("an author's mistake: line tells a learner who gives that number what went wrong, before the general hints")
    func authorsMistakes() {
        var count = Self.number(.number(9920), .absolute(0))
        count.mistakes = [
            Question.Mistake(value: .number(4960), message: "that is one direction of two", location: Self.location),
            Question.Mistake(value: .number(9920), message: "never said: it is the answer", location: Self.location),
        ]
        #expect(count.judge("4960") == .wrong("that is one direction of two"), "not the general 'half the answer'")
        #expect(count.judge("4,960") == .wrong("that is one direction of two"))
        #expect(count.judge("9920") == .correct)
        #expect(count.judge("4961") == .wrong(nil))
        #expect(count.judge("19840") == .wrong("that is twice the answer: is something counted twice?"))
    }

    @Test("a fraction is its quotient")
    func fractions() {
        #expect(Self.number(.number(0.75), .absolute(0.001)).judge("3/4") == .correct)
        #expect(Self.number(.number(0.75), .absolute(0.001)).judge(" 3 / 4 ") == .correct)
        #expect(Self.number(.number(0.75), .absolute(0.001)).judge("1/2") == .wrong(nil))
    }

    @Test("a percentage reads as the number or as a fraction; a labelled number as the number")
    func percentagesAndLabels() {
        #expect(Self.number(.number(0.79), .absolute(0.01)).judge("79%") == .correct)
        #expect(Self.number(.number(79), .absolute(1)).judge("79 %") == .correct)
        #expect(Self.number(.number(0.79), .absolute(0.01)).judge("7.9%") == .wrong("that is 10 times the answer: check the decimal point"))
        #expect(Self.number(.number(10), .absolute(0)).judge("t=10") == .correct)
        #expect(Self.number(.number(3), .absolute(0)).judge("unit = 3") == .correct)
        #expect(Self.number(.number(3), .absolute(0)).judge("unit 3") == .correct)
        #expect(Self.number(.number(10), .absolute(0)).judge("step 10") == .correct)
        guard case .unreadable = Self.number(.number(3), .absolute(0)).judge("about 3 or 4") else {
            Issue.record("a hedge is not a number")
            return
        }
        #expect(Question.readNumbers("=3") == [], "no name before =")
    }

    @Test("arithmetic a learner writes is read whole: logarithms, powers, roots, fractions, products", arguments: [
        ("log 4", 1.386), ("ln 4", 1.386), ("log(4)", 1.386), ("ln(4)", 1.386), ("LN 4", 1.386), ("-log(1/4)", 1.386),
        ("−ln 0.25", 1.386), ("e^0.693", 2), ("exp(0.693)", 2), ("exp 0.693", 2), ("sqrt 4", 2),
        ("sqrt(4)", 2), ("√4", 2), ("log2 4", 2), ("1/4", 0.25), ("3/4", 0.75), ("2^-3", 0.125), ("2**-3", 0.125),
        ("2 * 0.125", 0.25), ("2 × 0.125", 0.25), ("0.5^2", 0.25), ("1/2/3", 1.0 / 6), ("-2^2", -4), ("2^3^2", 512),
        ("log(4)^2", 1.922), ("≈ log 4", 1.386), ("e", 2.718), ("(1 + 3) / 2", 2), ("log 4^2", 2.773),
        ("pi", 3.1416), ("PI / 2", 1.5708), ("π/4", 0.7854), ("acos(0.99) * 180 / pi", 8.1096), ("asin 1", 1.5708), ("atan(1)", 0.7854),
    ] as [(String, Double)])
    func arithmetic(answer: String, value: Double) {
        #expect(Self.number(.number(value), .absolute(0.001)).judge(answer) == .correct, "\(Question.readNumbers(answer))")
    }

    @Test("a sentence's last mark after an answer is read past", arguments: [
        ("0.3787.", 0.3787), ("0.38?", 0.3787), ("0.379!", 0.3787), ("t=10.", 10), ("3/8.", 0.375), ("log 4.", 1.386),
    ] as [(String, Double)])
    func closingMark(answer: String, value: Double) {
        #expect(Self.number(.number(value), .absolute(0.005)).judge(answer) == .correct, "\(Question.readNumbers(answer))")
        #expect(Question.readNumbers("?").isEmpty && Question.readNumbers("..").isEmpty, "a mark alone is no number")
    }

    @Test("a word before a number never becomes the number", arguments: ["log 4", "ln 4", "log(4)", "sqrt 4", "exp 4", "e^4"])
    func functionsAreNotLabels(answer: String) {
        // wrong, whatever it says (sqrt 4 is half of 4)
        let verdict = Self.number(.number(4), .absolute(0.01)).judge(answer)
        guard case .wrong = verdict else { Issue.record("\(answer) read as \(Question.readNumbers(answer)): \(verdict)"); return }
    }

    @Test("a word that is no label, no function and no number is unreadable, not read past", arguments: [
        "about 4", "approx 1.386", "lg 4", "log4", "log", "log()", "f[t=3]", "loss", "x 4", "4 apples", "e = 2.7", "pi = 3.14",
        "1 < 2", "2 log", "log 4 4", "2^", "^2", "exp(1000)", "sqrt(-1)", "log 0", "(4", "acos 2", "asin(-1.5)", "pie",
    ])
    func wordsAreUnreadable(answer: String) {
        guard case .unreadable(let message) = Self.number(.number(4), .absolute(0.01)).judge(answer) else {
            Issue.record("`\(answer)` should be unreadable, got \(Self.number(.number(4), .absolute(0.01)).judge(answer))")
            return
        }
        #expect(message.hasPrefix("answer with a number"), "\(message)")
    }

    @Test("a typed expression is refused past its length and nesting limits")
    func arithmeticLimits() {
        let question = Self.number(.number(4), .absolute(0.01))
        let long = "4" + String(repeating: " + 0", count: 60)
        #expect(long.count > CheckParser.maximumAnswerLength)
        let deep = String(repeating: "(", count: 40) + "4" + String(repeating: ")", count: 40)
        let applied = String(repeating: "sqrt ", count: 40) + "4"
        for answer in [long, deep, applied] {
            guard case .unreadable = question.judge(answer) else {
                Issue.record("`\(answer.prefix(20))…` should be refused")
                continue
            }
        }
        #expect(question.judge("4" + String(repeating: " + 0", count: 30)) == .correct, "well inside the limits")
    }

    @Test("non-numbers are unreadable", arguments: ["abc", "0.6.0", "", "1/0", "nan", "inf", "%", "t="])
    func numberUnreadable(answer: String) {
        guard case .unreadable = Self.number(.number(0.602), .absolute(0.005)).judge(answer) else {
            Issue.record("`\(answer)` should be unreadable")
            return
        }
    }

    @Test("relative tolerance and the expected value read from the session")
    func sessionValue() {
        let reference = ValueReference(name: "f", selectors: [ValueSelector(key: "t", value: .index(3))])
        let question = Self.number(.reference(reference), .relative(percent: 1))
        let resolver = TableResolver(table: ["f[t=3]": [0.5]])
        #expect(question.judge("0.504", resolver: resolver) == .correct)
        #expect(question.judge("0.51", resolver: resolver) == .wrong(nil))
        #expect(question.rightAnswer(resolver: resolver) == "0.5")
        guard case .unreadable(let message) = question.judge("0.5") else {
            Issue.record("no resolver: the expected value cannot be read")
            return
        }
        #expect(message.contains("cannot be read"))
    }

    @Test("right answers as typed and spelled out")
    func rightAnswers() {
        #expect(Self.single.rightAnswer() == "b")
        #expect(Self.several.rightAnswer() == "b,d")
        #expect(Self.several.judge(Self.several.rightAnswer()) == .correct)
        #expect(Self.single.rightAnswerText() == "b) forget")
        #expect(Self.number(.number(160), .absolute(0)).rightAnswerText() == "160", "an exact answer needs no ± 0")
        #expect(Self.number(.number(160), .absolute(1)).rightAnswerText() == "160 (± 1)")
    }

    @Test("options of one word each may be named by their words, separated by spaces or and")
    func optionWordsBySpaces() {
        let gates = Self.choice([("input", false), ("forget", true), ("candidate", false), ("output", true)])
        #expect(gates.judge("forget output") == .correct)
        #expect(gates.judge("output and forget") == .correct)
        #expect(gates.judge("forget, output") == .correct)
        #expect(gates.judge("forget forget") != .correct, "one option twice is no list")
        #expect(gates.judge("forget gate output") != .correct, "a word that is no option's whole text")
    }

    @Test("task results compare by what was shown")
    func taskSignatures() {
        let expected = ResultSignature(["c/unit2"])
        #expect(ResultSignature(["c/unit2"]).satisfies(expected, match: .same))
        #expect(!ResultSignature(["c/unit1", "c/unit2"]).satisfies(expected, match: .same))
        #expect(ResultSignature(["c/unit1", "c/unit2"]).satisfies(expected, match: .includes))
        #expect(!ResultSignature(["h/unit2"]).satisfies(expected, match: .includes))
        #expect(!ResultSignature([]).satisfies(ResultSignature([]), match: .same))
    }

    @Test("a result over more steps covers one over fewer, of the same thing")
    func stepRangesCover() {
        let wanted = ResultSignature(["lstm/c/layer0/forward/unit2/t1-3"])
        #expect(ResultSignature(["lstm/c/layer0/forward/unit2/t1-5"]).satisfies(wanted, match: .includes))
        #expect(ResultSignature(["lstm/c/layer0/forward/unit1/t1-5", "lstm/c/layer0/forward/unit2/t1-5"]).covers(wanted))
        #expect(!ResultSignature(["lstm/c/layer0/forward/unit2/t1-5"]).satisfies(wanted, match: .same))
        #expect(!ResultSignature(["lstm/c/layer0/forward/unit2/t2-5"]).covers(wanted), "step 1 is missing")
        #expect(!ResultSignature(["lstm/h/layer0/forward/unit2/t1-5"]).covers(wanted), "another quantity")
        #expect(ResultSignature(["lstm/c/layer0/forward/unit2/t2-4"]).covers(ResultSignature(["lstm/c/layer0/forward/unit2/t3"])))
        #expect(!ResultSignature(["lstm/c/t1-5x"]).covers(ResultSignature(["lstm/c/t2"])), "not a step part")
    }
}
