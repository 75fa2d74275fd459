import Testing
@testable import Lab
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

    @Test func badValuesAndMissingArgumentsAreReportedAtTheCommand() {
        #expect(validator.problem(in: "sleep 4000")?.message == "sleep: SECONDS must be between 0 and 3600, got 4000")
        #expect(validator.problem(in: "  sleep")?.column == 3)
        #expect(validator.problem(in: #"probe "unclosed"#)?.message.contains("unterminated") == true)
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

    @Test func lintWithTheValidatorNamesFileLineAndColumn() {
        let text = """
            ---
            id: bad
            title: Bad
            ---

            ## One

            ```rnnlab
            version
            probe h --nope
            ```
            """
        let diagnostics = LessonLinter(validator: validator).lint([LessonLinter.Source(path: "bad.md", text: text)])
        #expect(diagnostics.map(\.description).contains { $0.hasPrefix("bad.md:10:9: unknown option '--nope'") }, "\(diagnostics)")
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
}
