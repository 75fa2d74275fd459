import Lessons
import Testing
@testable import Lab

@Suite("Lesson checks read the session")
struct LessonCheckTests {
    /// Whether `claim` holds in `session`, through the lessons' own parser and evaluator.
    func holds(_ claim: String, in session: Session) throws -> Bool {
        var evaluator = CheckEvaluator(resolver: session)
        return try evaluator.holds(CheckParser.parse(claim))
    }

    @Test func theTourLessonsClaimsHold() throws {
        let session = try labSession([
            "model lstm --name lstm --hidden 3 --seed 7",
            "feed \"hello\"",
            "params",
        ])
        #expect(try holds("params == 108", in: session))
        #expect(try holds("lstm.params == 4 * (3*4 + 3*3 + 2*3)", in: session))
        #expect(try holds("f in (0, 1) and i in (0, 1) and o in (0, 1)", in: session))
        #expect(try holds("g in [-1, 1]", in: session))
        #expect(try !holds("f > 0.99", in: session))
        _ = session.execute("explain f --step 3 --unit 0")
        #expect(try holds("f[t=3, unit=0] in (0, 1)", in: session))
        for line in [
            "model rnn --name rnn --hidden 3 --seed 7 --radius 0.5",
            "model lstm --name lstm --hidden 3 --seed 7 --forget-bias 3",
            "feed random 30", "use rnn", "grad", "use lstm", "grad", "compare rnn lstm grad-norm",
        ] {
            #expect(session.execute(line).error == nil, "\(line)")
        }
        #expect(try holds("rnn.grad-norm[t=1] < 1e-3 * rnn.grad-norm[t=30]", in: session))
        #expect(try holds("lstm.grad-norm[1] / lstm.grad-norm[-1] >= 100 * (rnn.grad-norm[1] / rnn.grad-norm[-1])", in: session))
        #expect(try holds("max(abs(lstm.grad-norm)) > 0", in: session))
        #expect(try holds("log10(rnn.grad-norm[-1] / rnn.grad-norm[1]) > 3", in: session))
    }
}
