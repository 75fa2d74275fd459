import Testing
@testable import Lessons

/// The note that names what a learner changed in the model a lesson built, before the
/// lesson shows more prose, checks or questions about it.
@Suite("Lesson runner: the learner's changes to the lesson's model")
struct LearnerChangeNoteTests {
    static let text = frontMatter + """
    # Drift

    ## Make

    ```rnnlab
    model rnn --name net
    feed "hi"
    ```

    Made.

    ## Read

    h_t = tanh(W_ih x_t + W_hh h_{t-1}).

    ## More

    ```quiz
    id: n
    How many parameters?
    answer: params ± 1%
    ```

    After the question.

    ## Remake

    ```rnnlab
    model rnn --name net --seed 2
    ```

    Remade.
    """

    static let made = "model rnn --name net"
    static let remade = "model rnn --name net --seed 2"

    /// A fact of the model `net`.
    static func net(_ name: String) -> LabDescription.Key { LabDescription.Key(model: "net", name: name) }

    /// A host whose commands build `net` (tanh, seed 1) and feed "hi", and whose
    /// `model --name net` lines set `net` up afresh.
    func makeHost() -> FakeHost {
        let host = FakeHost(values: ["params": [20]])
        let current = LabDescription.Key(model: nil, name: "current model")
        host.effects[Self.made] = [Self.net("activation"): "tanh", Self.net("seed"): "1", Self.net("radius"): "default",
                                   Self.net("weights"): "w1", current: "net"]
        host.effects["feed \"hi\""] = [LabDescription.Key(model: nil, name: "input"): "\"hi\""]
        host.effects[Self.remade] = [Self.net("activation"): "tanh", Self.net("seed"): "2", Self.net("radius"): "default",
                                     Self.net("weights"): "w2", current: "net"]
        let scope = LabDescription.Scope(models: ["net"], labFacts: ["current model"])
        host.setUps[Self.made] = scope
        host.setUps[Self.remade] = scope
        return host
    }

    /// The lesson started on a host of ``makeHost()``.
    func started() throws -> (LessonRunner, FakeHost) {
        var runner = LessonRunner(lesson: try parseLesson(Self.text))
        let host = makeHost()
        runner.start(host: host)
        return (runner, host)
    }

    /// The learner types `line`, which does `effects` to the lab.
    func learnerTypes(_ line: String, _ effects: [LabDescription.Key: String?], runner: inout LessonRunner, host: FakeHost) {
        host.effects[line] = effects
        host.apply(line)
        runner.learnerChangedLab(with: line)
    }

    func changeNotes(_ host: FakeHost) -> [String] {
        host.notices.filter { $0.hasPrefix("you changed") }
    }

    @Test("a learner's change is named once, before the next step, with goto that sets the lesson's model up again")
    func namedOnce() throws {
        var (runner, host) = try started()
        learnerTypes("set activation relu", [Self.net("activation"): "relu"], runner: &runner, host: host)
        runner.next(host: host)
        #expect(changeNotes(host) == [
            "you changed the model since this lesson set it up (activation: tanh → relu); the lesson's text and numbers "
                + "describe its own: `goto 2` sets that up again and shows this step anew",
        ])
        // the note comes under the step's heading, before its prose
        let heading = try #require(host.outputs.firstIndex(of: .stepHeading(number: 2, count: 4, title: "Read")))
        #expect(host.outputs[heading + 1] == .notice(changeNotes(host)[0]))
        runner.next(host: host)
        #expect(runner.stepNumber == 3)
        #expect(changeNotes(host).count == 1, "\(changeNotes(host))")

        // another change is named, with the first, when a question reads the lab
        learnerTypes("set radius 1.2", [Self.net("radius"): "1.2", Self.net("weights"): "w3"], runner: &runner, host: host)
        runner.answer("20", host: host)
        #expect(changeNotes(host).count == 2)
        #expect(changeNotes(host).last?.contains("(activation: tanh → relu, radius: default → 1.2)") == true, "\(changeNotes(host))")
    }

    @Test("goto the step sets the lesson's model up again, and then nothing is said")
    func gotoRestores() throws {
        var (runner, host) = try started()
        learnerTypes("set activation relu", [Self.net("activation"): "relu"], runner: &runner, host: host)
        runner.next(host: host)
        #expect(changeNotes(host).count == 1)
        runner.goto(2, host: host)
        #expect(host.lab[Self.net("activation")] == "tanh")
        runner.next(host: host)
        #expect(runner.stepNumber == 3)
        #expect(changeNotes(host).count == 1, "\(changeNotes(host))")
    }

    @Test("nothing is said without a change, after a change undone, or when the lesson makes the changed model again")
    func silentWhenTheLabIsTheLessons() throws {
        var untouched = LessonRunner(lesson: try parseLesson(Self.text))
        let quiet = makeHost()
        untouched.start(host: quiet)
        untouched.next(host: quiet)
        untouched.next(host: quiet)
        untouched.answer("20", host: quiet)
        untouched.next(host: quiet)
        #expect(untouched.isFinished)
        #expect(changeNotes(quiet).isEmpty)

        var undone = LessonRunner(lesson: try parseLesson(Self.text))
        let host = makeHost()
        undone.start(host: host)
        learnerTypes("set activation relu", [Self.net("activation"): "relu"], runner: &undone, host: host)
        learnerTypes("set activation tanh", [Self.net("activation"): "tanh"], runner: &undone, host: host)
        undone.next(host: host)
        #expect(changeNotes(host).isEmpty, "\(changeNotes(host))")

        // step 4 makes `net` again before its prose reads it: the learner's weights are gone by then
        undone.next(host: host)
        undone.answer("20", host: host)
        learnerTypes("set W_hh[0,1] 0.5", [Self.net("weights"): "w9"], runner: &undone, host: host)
        undone.next(host: host)
        #expect(undone.stepNumber == 4)
        #expect(changeNotes(host).isEmpty, "\(changeNotes(host))")
    }

    @Test("a change of the weights alone is named as such; a model the lesson made and the learner's command replaced is named too")
    func weightsAndCurrentModel() throws {
        var (runner, host) = try started()
        learnerTypes("train charlm", [Self.net("weights"): "w7"], runner: &runner, host: host)
        runner.next(host: host)
        #expect(changeNotes(host).last?.contains("(weights differ)") == true, "\(changeNotes(host))")

        learnerTypes("model lstm --name mine", [LabDescription.Key(model: nil, name: "current model"): "mine"], runner: &runner, host: host)
        runner.next(host: host)
        #expect(changeNotes(host).last?.contains("(current model: net → mine, weights of net differ)") == true, "\(changeNotes(host))")
    }

    @Test("the same weights from elsewhere are no change; other weights from a file are named as weights")
    func whereTheWeightsCameFrom() throws {
        var (runner, host) = try started()
        // saved and loaded back under its name: no seed or radius, a file, the same weights
        learnerTypes("load net.safetensors --name net", [Self.net("seed"): nil, Self.net("radius"): nil, Self.net("file"): "net.safetensors"],
                     runner: &runner, host: host)
        runner.next(host: host)
        #expect(changeNotes(host).isEmpty, "\(changeNotes(host))")
        // other weights from the file: what differs is named
        learnerTypes("load other.safetensors --name net", [Self.net("file"): "other.safetensors", Self.net("weights"): "w9"],
                     runner: &runner, host: host)
        runner.next(host: host)
        #expect(changeNotes(host).last?.contains("(weights differ)") == true, "\(changeNotes(host))")
    }

    @Test("a setting the weights no longer follow is named so; a model gone is gone, a loaded one with the same weights is not")
    func aSettingNoLongerFollowed() throws {
        let words = LabDescription.Difference(key: Self.net("radius"), lessonValue: "1.5", labValue: LabDescription.Difference.unset,
                                              isFingerprint: false).words(withModelName: false)
        #expect(words == "radius 1.5 no longer holds: the weights changed")
        let lesson = LabDescription(facts: [LabDescription.Fact(model: "net", name: "kind", value: "rnn")])
        let gone = lesson.differences(in: LabDescription(facts: []))
        #expect(gone.map { $0.words(withModelName: false) } == ["net: no longer in the lab"])
        // a loaded model without the lesson's settings is still in the lab
        let lessonNet = LabDescription(facts: [LabDescription.Fact(model: "net", name: "kind", value: "rnn"),
                                               LabDescription.Fact(model: "net", name: "seed", value: "1", tellsWeightsOrigin: true),
                                               LabDescription.Fact(model: "net", name: "weights", value: "w1", isFingerprint: true)])
        let loaded = LabDescription(facts: [LabDescription.Fact(model: "net", name: "kind", value: "rnn"),
                                            LabDescription.Fact(model: "net", name: "weights", value: "w1", isFingerprint: true)])
        #expect(lessonNet.differences(in: loaded).isEmpty)
        let loadedOther = LabDescription(facts: [LabDescription.Fact(model: "net", name: "kind", value: "rnn"),
                                                 LabDescription.Fact(model: "net", name: "weights", value: "w2", isFingerprint: true)])
        #expect(lessonNet.differences(in: loadedOther).map { $0.words(withModelName: false) } == ["weights differ"])
    }

    @Test("what a learner's command that did a task changed counts as the lesson's own")
    func taskDoneByTheLearnerIsTheLessons() throws {
        var (runner, host) = try started()
        let before = host.describeLab()
        host.lab[Self.net("weights")] = "w3"
        runner.learnerDidTask(from: before, to: host.describeLab(), settingUp: LabDescription.Scope())
        runner.learnerChangedLab(with: "an unrelated look")
        runner.next(host: host)
        #expect(changeNotes(host).isEmpty, "\(changeNotes(host))")
    }

    @Test("an auto run says nothing of changes: no learner types there")
    func autoRunSilent() throws {
        let host = makeHost()
        let report = AutoRunner.run(try parseLesson(Self.text), host: host)
        #expect(report.passed, "\(String(describing: report.failure))")
        #expect(changeNotes(host).isEmpty)
    }
}
