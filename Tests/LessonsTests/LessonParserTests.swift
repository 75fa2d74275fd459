import Testing
@testable import Lessons

@Suite("Lesson parser")
struct LessonParserTests {
    @Test("front matter, introduction, steps and every block kind, with line numbers")
    func everyConstruct() throws {
        let text = """
        ---
        id: lstm-gates
        title: Inside an LSTM cell
        requires: rnn-basics, bptt
        minutes: 12
        ---

        # Inside an LSTM cell

        Welcome.

        ## First step

        Some *prose*.

        ```rnnlab
        # a comment line
        model lstm --hidden 3 --seed 7   # trailing comment
        feed "a # not a comment"
        ```

        ```check
        params == 108
        message: the count is 108
        f in (0, 1)
        ```

        ## Second step

        ```quiz
        Which gate forgets?
        - input
        * forget
        hint: the name
        hint: really, the name
        explain: f multiplies c_{t-1}.
        ```

        ```text
        c_t = f ⊙ c
        ```
        """
        let lesson = try parseLesson(text, file: "l.md")
        #expect(lesson.id == "lstm-gates")
        #expect(lesson.title == "Inside an LSTM cell")
        #expect(lesson.requires == ["rnn-basics", "bptt"])
        #expect(lesson.minutes == 12)
        #expect(lesson.introduction.map(\.text) == ["Welcome."])
        #expect(lesson.steps.count == 2)
        #expect(lesson.steps[0].title == "First step")
        #expect(lesson.steps[0].location.line == 12)
        let first = lesson.steps[0].items
        #expect(first.count == 5)
        guard case .prose(let prose) = first[0], case .command(let model) = first[1],
              case .command(let feed) = first[2], case .check(let params) = first[3],
              case .check(let gates) = first[4] else {
            Issue.record("unexpected items \(first)")
            return
        }
        #expect(prose.text == "Some *prose*." && prose.location.line == 14)
        #expect(model.line == "model lstm --hidden 3 --seed 7")
        #expect(model.location.line == 18)
        #expect(feed.line == "feed \"a # not a comment\"")
        #expect(params.message == "the count is 108" && params.location.line == 23)
        #expect(gates.source == "f in (0, 1)" && gates.location.line == 25 && gates.message == nil)
        let second = lesson.steps[1].items
        guard case .question(let question) = second[0], case .prose(let code) = second[1] else {
            Issue.record("unexpected items \(second)")
            return
        }
        #expect(question.id == "q1")
        #expect(question.prompt == "Which gate forgets?")
        #expect(question.hints == ["the name", "really, the name"])
        #expect(question.explanation == "f multiplies c_{t-1}.")
        #expect(question.location.line == 30)
        #expect(question.kind == .choice([ChoiceOption(text: "input", isCorrect: false), ChoiceOption(text: "forget", isCorrect: true)]))
        #expect(code.isCode && code.text == "c_t = f ⊙ c")
    }

    @Test("number and task questions, explicit ids, requires as a list")
    func questionKinds() throws {
        let text = """
        ---
        id: kinds
        title: Kinds
        requires:
          - a
          - b
        ---
        ## Step
        ```quiz
        id: 1.1
        What is f?
        answer: 0.602 ± 0.005
        ```
        ```quiz
        What is g?
        answer: f[t=3, unit=0]
        tolerance: 2%
        ```
        ```quiz
        Show c for unit 2.
        expect: show c --unit 2
        match: includes
        ```
        ```quiz
        How many parameters?
        answer: 4224
        mistake: 4128: that leaves out one of the two
          bias vectors
        mistake: 2 * params: that counts both directions
        ```
        """
        let lesson = try parseLesson(text)
        #expect(lesson.requires == ["a", "b"])
        let questions = lesson.questions
        #expect(questions.map(\.id) == ["1.1", "q2", "q3", "q4"])
        #expect(questions[3].mistakes.map(\.message) == ["that leaves out one of the two bias vectors", "that counts both directions"])
        #expect(questions[3].mistakes.map(\.value) == [.number(4128), try CheckParser.parseValue("2 * params")])
        #expect(questions[3].mistakes.first?.location.line == 27)
        #expect(questions[0].kind == .number(expected: .number(0.602), tolerance: .absolute(0.005)))
        #expect(questions[1].kind == .number(
            expected: .reference(ValueReference(name: "f", selectors: [
                ValueSelector(key: "t", value: .index(3)), ValueSelector(key: "unit", value: .index(0))])),
            tolerance: .relative(percent: 2)))
        #expect(questions[2].kind == .task(expected: "show c --unit 2", match: .includes))
    }

    @Test("quoted front matter values, comments and a YAML list")
    func quotedFrontMatter() throws {
        let lesson = try parseLesson("---\n# a comment\nid: 'quoted'\ntitle: \"Inside: an LSTM\"\nrequires: [a, b]\n---\n## s\ntext\n")
        #expect(lesson.id == "quoted" && lesson.title == "Inside: an LSTM" && lesson.requires == ["a", "b"])
        #expect(lesson.idLocation.line == 3 && lesson.requiresLocation.line == 5)
    }

    @Test("four-backtick fences may hold three-backtick lines; tilde fences work")
    func fenceLengths() throws {
        let text = frontMatter + """
        ## Step
        ````markdown
        ```rnnlab
        not run
        ```
        ````
        ~~~rnnlab
        params
        ~~~
        """
        let lesson = try parseLesson(text)
        let items = lesson.steps[0].items
        #expect(items.count == 2)
        guard case .prose(let code) = items[0], case .command(let command) = items[1] else {
            Issue.record("unexpected \(items)")
            return
        }
        #expect(code.isCode && code.text.contains("not run"))
        #expect(command.line == "params" && command.location.line == 14)
    }

    @Test("malformed files give file:line errors", arguments: [
        ("no front matter\n## s\ntext", 1, "missing front matter"),
        ("---\nid: x\ntitle: t\n---\n## s\n```rnnlab\nparams\n", 6, "never closed"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhat?\n- a\n- b\n```", 6, "no right answer"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhat?\n* a\n```", 6, "at least two options"),
        ("---\nid: x\ntitle: t\n---\n## s\n```check\nparams ==\n```", 7, "cannot parse the check"),
        ("---\nid: x\n---\n## s\ntext", 1, "no `title:`"),
        ("---\ntitle: t\n---\n## s\ntext", 1, "no `id:`"),
        ("---\nid: x\ntitle: t\n---\n## s\n## t\ntext", 5, "is empty"),
        ("---\nid: x\ntitle: t\ncolour: red\n---\n## s\ntext", 4, "unknown front matter key `colour`; known: id, title, requires, minutes"),
        ("---\nid: x\nTitle: t\n---\n## s\ntext", 3, "unknown front matter key `Title` — did you mean `title`? (keys are lower case)"),
        ("---\nid: x\ntitle: t\nrequries: a\n---\n## s\ntext", 4, "unknown front matter key `requries` — did you mean `requires`?"),
        ("---\nid: x\ntitle: t\n---\ntext\n```rnnlab\nparams\n```\n## s\ntext", 7, "before the first step"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhat?\n* a\n- b\nanswer: 3\n```", 6, "mixes options"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhat?\nanswer: 1 ± lots\n```", 8, "tolerance"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhat?\nanswer: 1\ntolerance: -3\n```", 9, "the tolerance `-3` is negative: it must be positive"),
        ("---\nid: x\ntitle: t\n---\n## s\n```check\n1e999 > 0\n```", 7, "`1e999` is beyond the largest number"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nHow much?\nanswer: 1e999 ± 1\n```", 8, "`1e999` is beyond the largest number"),
        ("---\nid: x\ntitle: t\nminutes: soon\n---\n## s\ntext", 4, "minutes"),
        ("---\nid: Bad Id!\ntitle: t\n---\n## s\ntext", 2, "the id"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nA?\nid: a\nanswer: 1\n```\n```quiz\nB?\nid: a\nanswer: 2\n```", 11, "already used on line 6"),
        ("---\nid: x\ntitle: t\n---\n## s\n```checks\nparams > 999\n```", 6, "did you mean ```check?"),
        ("---\nid: x\ntitle: t\n---\n## s\n```Quizz\nWhat?\n```", 6, "did you mean ```quiz?"),
        ("---\nid: x\ntitle: t\n---\n## s\n```rnnlab-\nparams\n```", 6, "did you mean ```rnnlab?"),
        ("---\nid: x\ntitle: t\n---\n## s\n```text\nverbatim\n\n## t\n```check\nparams > 0\n```", 10, "inside the ```text block opened on line 6"),
        ("---\nid: x_y\ntitle: t\n---\n## s\ntext", 2, "the id"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nHow much?\nanswer: 1 / 0\n```", 8, "is inf, not a finite number"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich?\n*a\n-b\n```", 6, "(`*a` reads as question text: put a space after `*`)"),
        ("---\nid: x\ntitle: t\nrequires: [a_b]\n---\n## s\ntext", 4, "not a lesson id"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nDo it\nexpect: show c\nmistake: 3: no\n```", 9, "`mistake:` is for a question answered with a number (`answer:`) or options"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich?\n* a\n- b\nmistake: 3: no\n```", 10, "a multiple-choice question's `mistake:` names a wrong option by its letter, a–b"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich?\n* a\n- b\nmistake: c: no\n```", 10, "names a wrong option by its letter"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich?\n* a\n- b\nmistake: a: no\n```", 10, "names option a, a right one, so it is never told"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich?\n* a\n- b\nmistake: b: no\nmistake: b: again\n```", 11, "option b has a `mistake:` already"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nHow many?\nanswer: 3\nmistake: 4\n```", 9, "`mistake:` takes a wrong number and what to tell"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nHow many?\nanswer: 3\nmistake: 4:\n```", 9, "says nothing"),
        ("---\nid: x\ntitle: t\n---\n## s\n```quiz\nHow many?\nanswer: 3\nmistake: 4 +: no\n```", 9, "cannot read the mistake's value"),
    ])
    func malformed(text: String, line: Int, fragment: String) {
        let result = LessonParser().parse(text, file: "bad.md")
        let match = result.diagnostics.first { $0.message.contains(fragment) }
        #expect(match != nil, "expected `\(fragment)` in \(result.diagnostics)")
        #expect(match?.location.line == line)
        #expect(match?.description.hasPrefix("bad.md:\(line):") == true)
    }

    @Test("a slip in an option's checkbox, which would turn a right option into a wrong one or into text, is reported at its line")
    func misreadCheckboxes() {
        let quiz = "---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich gate?\n- input\n-[x] forget\n- [ x ] output\n- [x]cell\n* [v] none\n```\n"
        let messages = LessonParser().parse(quiz, file: "bad.md").diagnostics.map(\.description)
        #expect(messages == [
            "bad.md:9:1: `-[x] forget` is no option, as `-` needs a space after it: the line goes on with the option above; write `- [x] …`",
            "bad.md:10:1: the option `[ x ] output` begins with `[ x ]`, which is no mark the lab reads, so it is a wrong option with that text: write `- [x] text` or `* text` for a right option, `- [ ] text` or `- text` for a wrong one",
            "bad.md:11:1: the option `[x]cell` begins with `[x]`, which is no mark the lab reads, so it is a wrong option with that text: write `- [x] text` or `* text` for a right option, `- [ ] text` or `- text` for a wrong one",
            "bad.md:12:1: the option `[v] none` begins with `[v]`, which is no mark the lab reads, so it is a right option with that text: write `- [x] text` or `* text` for a right option, `- [ ] text` or `- text` for a wrong one",
        ], "\(messages)")
        // the marks the lab reads, and an option that begins with brackets of its own, are
        // fine, and so is a line going on with an equation in the option above
        let fine = "---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich shape?\n- [x] [2, 3]\n- [ ] [3, 2]\n- [4] only\n- [X] both\n"
            + "- [ ] [-1, 1]\n- h = a\n+ b\n1. step\n```\n"
        #expect(LessonParser().parse(fine, file: "ok.md").diagnostics.isEmpty)
    }

    @Test("a tab after an option's marker or checkbox, as Markdown allows, is a space")
    func tabAfterOptionMarkers() throws {
        let quiz = "---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich gate?\n-\tinput\n*\tforget\n- [x]\tcell\n-\t[ ] output\n```\n"
        let result = LessonParser().parse(quiz, file: "tabs.md")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        guard case .choice(let options) = result.lesson?.steps.first?.items.compactMap({ item -> Question? in
            if case .question(let question) = item { return question }
            return nil
        }).first?.kind else {
            Issue.record("no multiple-choice question")
            return
        }
        #expect(options.map(\.text) == ["input", "forget", "cell", "output"])
        #expect(options.map(\.isCorrect) == [false, true, true, false])
    }

    @Test("the half-done marks of task lists, and a checkbox after `+` or a number, which the lab reads as no option, are reported at their lines")
    func otherCheckboxSlips() {
        let quiz = "---\nid: x\ntitle: t\n---\n## s\n```quiz\nWhich gate?\n* forget\n- [-] output\n- [/] input\n+ [ ] input\n1. [ ] output\n2) [x] cell\n+ [~] none\n```\n"
        let messages = LessonParser().parse(quiz, file: "bad.md").diagnostics.map(\.description)
        #expect(messages == [
            "bad.md:9:1: the option `[-] output` begins with `[-]`, which is no mark the lab reads, so it is a wrong option with that text: write `- [x] text` or `* text` for a right option, `- [ ] text` or `- text` for a wrong one",
            "bad.md:10:1: the option `[/] input` begins with `[/]`, which is no mark the lab reads, so it is a wrong option with that text: write `- [x] text` or `* text` for a right option, `- [ ] text` or `- text` for a wrong one",
            "bad.md:11:1: `+ [ ] input` is no option, as only `- ` and `* ` start an option, not `+`: the line goes on with the option above; write `- [ ] …`",
            "bad.md:12:1: `1. [ ] output` is no option, as only `- ` and `* ` start an option, not `1.`: the line goes on with the option above; write `- [ ] …`",
            "bad.md:13:1: `2) [x] cell` is no option, as only `- ` and `* ` start an option, not `2)`: the line goes on with the option above; write `- [x] …`",
            "bad.md:14:1: `+ [~] none` is no option, as only `- ` and `* ` start an option, not `+`: the line goes on with the option above; write `- [x] …` for a right option or `- [ ] …` for a wrong one",
        ], "\(messages)")
    }

    @Test("CRLF line ends and a byte order mark read as plain lines; code of other languages is no mistake")
    func windowsFilesAndOtherLanguages() throws {
        let text = "---\nid: x\ntitle: t\n---\n## s\n```rnnlab\nparams\n```\n```c\nint x;\n```\n```python\nprint(1)\n```\n"
        let plain = try LessonParser().lesson(from: text, file: "w.md")
        let windows = try LessonParser().lesson(from: "\u{FEFF}" + text.replacing("\n", with: "\r\n"), file: "w.md")
        #expect(windows == plain)
        #expect(windows.id == "x" && windows.steps.first?.items.count == 3)
        guard case .command(let command) = windows.steps.first?.items.first else { Issue.record("no command"); return }
        #expect(command.line == "params" && command.location.line == 7)
    }

    @Test("a check that cannot be parsed is one problem: its `message:` is not told as following no check, nor given to the check above")
    func messageOfAnUnparsedCheck() throws {
        let text = "---\nid: x\ntitle: t\n---\n## s\n```rnnlab\nparams\n```\n```check\nlast(loss) > 1e999\nmessage: the run should blow up\n"
            + "params > 0\nfinal(loss) > 1\n# a comment between\nmessage: final is no function\nmessage: a second one\n```\n"
        let result = LessonParser().parse(text, file: "c.md")
        #expect(result.diagnostics.map(\.description) == [
            "c.md:10:14: cannot parse the check: `1e999` is beyond the largest number (about 1.8e308): write a finite number",
            "c.md:13:1: cannot parse the check: unknown function `final`; known: \(CheckFunction.checkNames.joined(separator: ", "))",
            "c.md:16:1: `message:` must follow the check it explains",
        ])
        // a message with no check before it, or a second one of a check, is still told
        let stray = "---\nid: x\ntitle: t\n---\n## s\n```check\nmessage: alone\nparams > 0\nmessage: one\nmessage: two\n```\n"
        #expect(LessonParser().parse(stray, file: "c.md").diagnostics.map(\.description) == [
            "c.md:7:1: `message:` must follow the check it explains",
            "c.md:10:1: `message:` must follow the check it explains",
        ])
    }

    @Test("a check's parse error points at the column in the file")
    func checkErrorColumn() {
        let text = "---\nid: x\ntitle: t\n---\n## s\n```check\n  params == 3 +\n```\n"
        let diagnostics = LessonParser().parse(text, file: "c.md").diagnostics
        let problem = diagnostics.first { $0.message.hasPrefix("cannot parse the check") }
        #expect(problem?.location == SourceLocation(file: "c.md", line: 7, column: 16))
    }

    @Test("limits: file size, line length, steps")
    func limits() {
        var limits = LessonLimits()
        limits.maximumSteps = 3
        limits.maximumLineLength = 50
        limits.maximumFileBytes = 2_000
        let parser = LessonParser(limits: limits)
        let steps = frontMatter + (1...5).map { "## s\($0)\ntext" }.joined(separator: "\n")
        #expect(parser.parse(steps, file: "f").diagnostics.contains { $0.message.contains("more than 3 steps") && $0.location.line == 13 })
        let long = frontMatter + "## s\n" + String(repeating: "x", count: 80)
        #expect(parser.parse(long, file: "f").diagnostics.contains { $0.message.contains("80 characters") && $0.location.line == 8 })
        let big = frontMatter + "## s\n" + String(repeating: "word ", count: 1_000)
        let result = parser.parse(big, file: "f")
        #expect(result.lesson == nil)
        #expect(result.diagnostics.first?.message.contains("bytes") == true)
    }

    @Test("garbage, random and truncated text give errors only, never a crash")
    func garbage() throws {
        var generator = SplitMix64(seed: 42)
        let alphabet = Array("-#`~*:\n abc[](),.=±<>0123456789quizcheckrnnlab\t\r\u{0}é⊙")
        for _ in 0..<400 {
            let length = Int(generator.next() % 600)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let result = LessonParser().parse(text, file: "g.md")
            #expect(!result.diagnostics.isEmpty)
            for diagnostic in result.diagnostics {
                #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
            }
        }
        // Every prefix of a valid lesson parses without trapping.
        let sample = try #require(try? LessonFolder.readLesson(lessonsFolder + "/tour.md", limit: 1_048_576))
        let characters = Array(sample)
        for cut in stride(from: 0, to: characters.count, by: 7) {
            _ = LessonParser().parse(String(characters[..<cut]), file: "t.md")
        }
        // Truncated right inside a block: an unterminated fence error.
        let truncated = LessonParser().parse(frontMatter + "## s\n```quiz\nWhat?\n* a", file: "t.md")
        #expect(truncated.diagnostics.contains { $0.message.contains("never closed") })
    }

    @Test("the shipped sample lesson parses and uses every kind of item")
    func sample() throws {
        let text = try LessonFolder.readLesson(lessonsFolder + "/tour.md", limit: 1_048_576)
        let lesson = try parseLesson(text, file: "tour.md")
        #expect(lesson.id == "tour")
        #expect(lesson.steps.count == 6)
        let kinds = Set(lesson.questions.map { question -> String in
            switch question.kind {
            case .choice(let options): options.filter(\.isCorrect).count > 1 ? "several" : "choice"
            case .number: "number"
            case .task: "task"
            }
        })
        #expect(kinds == ["choice", "several", "number", "task"])
        #expect(lesson.questions.map(\.id) == ["gates.1", "q2", "cell.2", "q4"])
        let checks = lesson.steps.flatMap(\.items).filter { if case .check = $0 { true } else { false } }
        #expect(checks.count >= 6)
    }
}
