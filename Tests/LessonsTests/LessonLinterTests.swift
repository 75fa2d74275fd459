import Testing
@testable import Lessons

@Suite("Lesson linter")
struct LessonLinterTests {
    let linter = LessonLinter(validator: StubValidator())

    func lint(_ text: String, file: String = "l.md", knownIDs: Set<String> = []) -> [Diagnostic] {
        linter.lint([LessonLinter.Source(path: file, text: text)], knownIDs: knownIDs)
    }

    func expectOne(_ diagnostics: [Diagnostic], _ text: String, fragment: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(diagnostics.count == 1, "\(diagnostics)", sourceLocation: sourceLocation)
        #expect(diagnostics.first?.description.hasPrefix(text) == true, "\(diagnostics)", sourceLocation: sourceLocation)
        #expect(diagnostics.first?.message.contains(fragment) == true, "\(diagnostics)", sourceLocation: sourceLocation)
    }

    @Test("a control character in the front matter, prose or a command is a problem at its line and column; a tab and CRLF line ends are not")
    func controlCharacters() {
        let text = "---\nid: sample\ntitle: \u{1B}[31mSample\nrequires: []\nminutes: 5\n---\n\n" + "## s\r\n\tIndented\u{7}, with a bell\u{7}.\r\n"
            + "A line\rover itself.\n```rnnlab\nshow h\u{9B}\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:3:8: a control character, \\x1b (ESC), is in the text: the lab leaves it out of what it shows and a terminal acts on it instead of showing it; remove it",
            "l.md:9:10: a control character, \\x07, is in the text (and 1 more on this line): the lab leaves it out of what it shows and a terminal acts on it instead of showing it; remove it",
            "l.md:10:7: a control character, \\r (carriage return), is in the text: the lab leaves it out of what it shows and a terminal acts on it instead of showing it; remove it",
            "l.md:12:7: a control character, \\x9b, is in the text: the lab leaves it out of what it shows and a terminal acts on it instead of showing it; remove it",
        ])
        #expect(lint(frontMatter.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n") + "## s\r\n\tText.\r\n").isEmpty)
    }

    @Test("unknown command and unknown option, with their columns")
    func commands() {
        let text = frontMatter + "## s\n```rnnlab\n  shw gates\nshow f --color red\n```\n"
        let diagnostics = lint(text)
        #expect(diagnostics.map(\.description) == [
            "l.md:9:3: unknown command `shw`",
            "l.md:10:8: `show` has no option `--color`",
        ])
    }

    @Test("an `expect:` command and value names are checked against the lab")
    func expectAndValues() {
        let text = frontMatter + "## s\n```quiz\nDo it.\nexpect: shw c\n```\n```check\nweights > 0 and f > 0.1 * rnn.weightsx\n```\n```quiz\nHow much?\nanswer: bogus[t=1] ± 1\n```\n"
            + "```quiz\nAnd this.\n  expect:   show c --colr 2\n```\n"
        let diagnostics = lint(text)
        #expect(diagnostics.map(\.description) == [
            "l.md:10:9: `expect: shw c`: unknown command `shw`",
            "l.md:13:1: `weights`: unknown quantity `weights`",
            "l.md:13:27: `rnn.weightsx`: unknown quantity `weightsx`",
            "l.md:17:9: `bogus[t=1]`: unknown quantity `bogus`",
            "l.md:21:20: `expect: show c --colr 2`: `show` has no option `--colr`",
        ])
    }

    @Test("every problem of a quiz block in one run, also when the block has problems of its own")
    func everyProblemOfAQuiz() {
        // the format's problems come first, then those the lab finds
        let task = frontMatter + "## s\n```quiz\nShow h.\nexpect: show h --unt 1\nmatch: sometimes\n```\n"
        #expect(lint(task).map(\.description) == [
            "l.md:11:8: `match:` is `same` or `includes`, not `sometimes`",
            "l.md:10:16: `expect: show h --unt 1`: `show` has no option `--unt`",
        ])
        let number = frontMatter + "## s\n```quiz\nHow much?\nanswer: bogus[t=1] ± a lot\n```\n"
        #expect(lint(number).map(\.description) == [
            "l.md:10:21: the tolerance `a lot` must be a number such as `0.005` or `1%`",
            "l.md:10:9: `bogus[t=1]`: unknown quantity `bogus`",
        ])
        let twice = frontMatter + "## s\n```quiz\nHow much?\nanswer: bogus ± 1\ntolerance: 2%\n```\n"
        #expect(lint(twice).map(\.description) == [
            "l.md:11:1: the tolerance is given twice (`±` on the answer line and `tolerance:`)",
            "l.md:10:9: `bogus`: unknown quantity `bogus`",
        ])
        let mixed = frontMatter + "## s\n```quiz\nWhich?\nanswer: (params > 3)\nexpect: shw c\n```\n"
        #expect(lint(mixed).map(\.description) == [
            "l.md:8:1: the quiz mixes `answer:` and `expect:`: use one kind of answer per question",
            "l.md:10:9: cannot read the answer: expected a number, not a comparison",
            "l.md:11:9: `expect: shw c`: unknown command `shw`",
        ])
        #expect(throws: LessonFileError.self) { try parseLesson(task) }
    }

    @Test("a tolerance that accepts 0 and the opposite sign is reported, in an answer and in a check")
    func absurdTolerances() {
        let text = frontMatter + "## s\n```quiz\nHow much?\nanswer: 5 ± 200%\n```\n```quiz\nAnd?\nanswer: -5\ntolerance: 5\n```\n"
            + "```quiz\nFine?\nanswer: 5 ± 99%\n```\n```quiz\nZero?\nanswer: 0 ± 1\n```\n"
            + "```check\nf == 0.5 ± 100%\nh ≈ 2 ± 1\nparams == 108 ± 200\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:10:9: `answer:`: a tolerance of 200% accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one under 100%, such as 5%",
            "l.md:14:9: `answer:`: a tolerance of 5 around -5 accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one smaller than 5",
            "l.md:26:1: `f == 0.5 ± 100%`: a tolerance of 100% accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one under 100%, such as 5%",
            "l.md:28:1: `params == 108 ± 200`: a tolerance of 200 around 108 accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one smaller than 108",
        ])
    }

    @Test("a tolerance as wide as an answer computed from written numbers is reported; one around a value of the lab is not")
    func absurdToleranceAroundArithmetic() {
        let text = frontMatter + "## s\n```quiz\nHow many?\nanswer: 4 * (4 + 4) ± 500\n```\n```quiz\nAnd?\nanswer: 3 * 4 * 20 + 3 * 20\ntolerance: 300\n```\n"
            + "```quiz\nFine?\nanswer: 4 * (4 + 4) ± 2\n```\n```quiz\nRead?\nanswer: 2 * params ± 500\n```\n```check\nparams == 4 * 27 ± 200\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:10:9: `answer:`: a tolerance of 500 around 32 accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one smaller than 32",
            "l.md:14:9: `answer:`: a tolerance of 300 around 300 accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one smaller than 300",
            "l.md:26:1: `params == 4 * 27 ± 200`: a tolerance of 200 around 108 accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one smaller than 108",
        ])
    }

    @Test("a mistake: the tolerance takes for the answer is reported: it is never told")
    func mistakes() {
        let text = frontMatter + "## s\n```quiz\nHow many?\nanswer: 100 ± 2\nmistake: 101: never told\nmistake: 50: half\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:11:10: this `mistake:` is within the tolerance of the answer, so it is taken as right and never told",
        ])
        let session = frontMatter + "## s\n```quiz\nHow many?\nanswer: params\nmistake: params: same\nmistake: blah: unknown\n```\n"
        let found = lint(session).map(\.description)
        #expect(found.contains("l.md:11:10: this `mistake:` is the answer itself, so it is taken as right and never told"), "\(found)")
        #expect(found.contains { $0.hasPrefix("l.md:12:10: `blah`: unknown") }, "\(found)")
    }

    @Test("a part of a claim that reads no value and is no finite number is reported; one that reads the lab is not")
    func nonFiniteConstants() {
        let text = frontMatter + "## s\n```check\nexp(1000) > 0\nln(0) < params\n1e308 * 10 > 0\nsqrt(-1) != 0\nlog10(grad-norm[t=1]) < -10\nexp(1) > params\n"
            + "acos(1.5) < params\nacos(grad-norm[t=1]) < pi\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `exp(1000) > 0`: `exp(1000)` is inf, beyond the largest number, whatever the lab holds: write a finite number",
            "l.md:10:1: `ln(0) < params`: `ln(0)` is −inf, whatever the lab holds: write a finite number",
            "l.md:11:1: `1e308 * 10 > 0`: `1e+308 * 10` is inf, beyond the largest number, whatever the lab holds: write a finite number",
            "l.md:12:1: `sqrt(-1) != 0`: `sqrt(-1)` is not a number (NaN), whatever the lab holds: write a finite number",
            "l.md:15:1: `acos(1.5) < params`: `acos(1.5)` is not a number (NaN), whatever the lab holds: write a finite number",
        ])
    }

    @Test("a constant part that underflows, or a number written below the smallest one held in full, is reported; 0 itself is not")
    func underflowingConstants() {
        let text = frontMatter + "## s\n```check\ngrad-norm[1] > exp(-1000)\ngrad-norm[1] > 1e-200 * 1e-200\ngrad-norm[1] >= 0 * 5\ngrad-norm[1] > 1e-300\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `grad-norm[1] > exp(-1000)`: `exp(-1000)` is 0, below the smallest number held to full precision (about 2.2e-308), whatever the lab holds: write a number in range, or compare logarithms",
            "l.md:10:1: `grad-norm[1] > 1e-200 * 1e-200`: `1e-200 * 1e-200` is 0, below the smallest number held to full precision (about 2.2e-308), whatever the lab holds: write a number in range, or compare logarithms",
        ])
        let literal = lint(frontMatter + "## s\n```check\nmean(grad-norm) * 1e-320 >= 0\n```\n").map(\.description)
        #expect(literal == ["l.md:9:19: cannot parse the check: `1e-320` is below the smallest number held to full precision (about 2.2e-308): write a larger one, or compare logarithms"])
    }

    @Test("an interval of constant bounds that holds no number is reported; one that holds some, or reads the lab, is not")
    func emptyIntervals() {
        let text = frontMatter + "## s\n```check\nh in (1, -1)\nh in (0.5, 0.5]\nh in [0.5, 0.5]\nh in (-1, 1)\nh in (max(f), 0)\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `h in (1, -1)`: the interval (1, -1) holds no number, as its lower bound is above its upper one, so the claim never holds: write the smaller bound first",
            "l.md:10:1: `h in (0.5, 0.5]`: the interval (0.5, 0.5] holds no number, so the claim never holds: include both bounds ([a, a]) or compare with == instead",
        ])
    }

    @Test("a claim comparing a value with itself cannot fail, or cannot hold, and is reported")
    func sameSides() {
        let text = frontMatter + "## s\n```check\nh[t=3] ≈ h[t=3]\nf > 0 and (max(h) - 1 < max(h)-1)\nh[t=3] ≈ h[t=4]\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `h[t=3] ≈ h[t=3]`: both sides are `h[t=3]`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
            "l.md:10:1: `f > 0 and (max(h) - 1 < max(h)-1)`: both sides are the same, so the claim never holds: compare with a number or another value",
        ])
    }

    @Test("a claim whose sides are written differently but come to the same for every value is reported")
    func disguisedSameSides() {
        let text = frontMatter + "## s\n```check\nabs(h) == abs(-h) ± 1%\nmax(h) >= max(h) - 0\nf > 0 and h * 2 < h + h\n"
            + "abs(h[t=1]) - abs(f) == abs(-h[t=1]) - abs(f)\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `abs(h) == abs(-h) ± 1%`: `abs(h)` and `abs(-h)` come to the same for every value of `h`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
            "l.md:10:1: `max(h) >= max(h) - 0`: `max(h)` and `max(h) - 0` come to the same for every value of `h`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
            "l.md:11:1: `f > 0 and h * 2 < h + h`: `h * 2` and `h + h` come to the same for every value of `h`, so the claim never holds: compare with a number or another value",
            "l.md:12:1: `abs(h[t=1]) - abs(f) == abs(-h[t=1]) - abs(f)`: `abs(h[t=1]) - abs(f)` and `abs(-h[t=1]) - abs(f)` come to the same for every value of `f` and `h[t=1]`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
        ])
    }

    @Test("sides that agree only for some values, or only for one number, are not reported")
    func sidesThatDiffer() {
        // abs(h) and h agree for positive h only (and abs(h) > h fails there); max and min of one number agree, of more not;
        // count(h) and count(f) agree when they have as many elements, and need not; the
        // claims' own numbers are within reach of the values drawn
        let text = frontMatter + "## s\n```check\nabs(h) > h\nmax(h[t=1]) <= min(h[t=1]) + 1\ncount(h) == count(f)\n"
            + "log10(h * 10) > log10(h) + 0.5\nmean(h) < max(h)\nfirst(h > -10) == 1\ncount(h < 1e6) == count(h)\nh[t=1] * h[t=2] == h[t=2] * h[t=1] ± 1%\n```\n"
        let found = lint(text).map(\.description)
        #expect(found == [
            "l.md:16:1: `h[t=1] * h[t=2] == h[t=2] * h[t=1] ± 1%`: `h[t=1] * h[t=2]` and `h[t=2] * h[t=1]` come to the same for every value of `h[t=1]` and `h[t=2]`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
        ], "\(found)")
    }

    @Test("a claim that holds for every value it reads checks nothing, and is reported")
    func claimsThatAlwaysHold() {
        let text = frontMatter + "## s\n```check\ncount(f > 0.5) >= 0\nabs(h) >= 0\nmax(h) >= min(h)\nh > 0 or h <= 0\n"
            + "abs(h) >= h\ncount(h > 0) <= count(h)\nnot (abs(h) < 0)\nf in (0, 1) and sqrt(abs(h)) >= 0\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `count(f > 0.5) >= 0`: the claim holds for every value of `f` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:10:1: `abs(h) >= 0`: the claim holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:11:1: `max(h) >= min(h)`: the claim holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:12:1: `h > 0 or h <= 0`: the claim holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:13:1: `abs(h) >= h`: the claim holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:14:1: `count(h > 0) <= count(h)`: the claim holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:15:1: `not (abs(h) < 0)`: the claim holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:16:1: `f in (0, 1) and sqrt(abs(h)) >= 0`: `sqrt(abs(h)) >= 0` holds for every value of `h` the lab could hold, so it checks nothing: compare with a number that some value could miss",
        ])
    }

    @Test("a claim that holds for every value within the bounds the lab keeps a gate in checks nothing, and is reported")
    func claimsThatHoldWithinAGatesBounds() {
        let text = frontMatter + "## s\n```check\nexp(f) > 0\nf in [0, 1]\nabs(g) <= 1\nmean(i) <= 1\nln(o) <= 0\nexp(-f) > 0.3\n```\n"
        let always = "holds for every value of"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `exp(f) > 0`: the claim \(always) `f` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:10:1: `f in [0, 1]`: the claim \(always) `f` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:11:1: `abs(g) <= 1`: the claim \(always) `g` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:12:1: `mean(i) <= 1`: the claim \(always) `i` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:13:1: `ln(o) <= 0`: the claim \(always) `o` the lab could hold, so it checks nothing: compare with a number that some value could miss",
            "l.md:14:1: `exp(-f) > 0.3`: the claim \(always) `f` the lab could hold, so it checks nothing: compare with a number that some value could miss",
        ])
    }

    @Test("a claim a gate at an end of its bounds, a tiny gate or an unbounded value can fail is not reported")
    func claimsThatCanFailWithinAGatesBounds() {
        // σ(40) is exactly 1 and σ(-40) about 4e-18, so an open interval can fail, and f * f
        // underflows for a tiny gate; h is unbounded in a relu RNN, where exp(h) can
        // overflow; f and g of lists of different lengths cannot be added
        let text = frontMatter + "## s\n```check\nf in (0, 1)\nf < 1\ng > -1\nf * f * f > 0\nexp(h) > 0\nabs(h) <= 1\nf + g <= 2\nexp(f) > 1\n```\n"
        let found = lint(text).map(\.description)
        #expect(found.isEmpty, "\(found)")
    }

    @Test("a claim that fails only where the lab holds 0, one of the claim's own numbers, equal values or no values at all is not reported")
    func claimsThatFailByAHair() {
        // random values are never exactly 0, 81 or each other, nor lists of 6 or of none
        // (a model never trained has no train-grad-norm)
        let text = frontMatter + "## s\n```check\nmax(abs(grad-norm)) > 0\nparams != 81\nmean(h) != 0.25 * 4\nh[t=1] != h[t=2]\n"
            + "count(h) != 6\ncount(f) >= 1\nh > 0 or h < 0\nfirst(h > 0) >= 1\nmin(abs(h)) > 0\ncount(h) > 0\n```\n"
        let found = lint(text).map(\.description)
        #expect(found.isEmpty, "\(found)")
    }

    @Test("sides that come to the same where computed, but that the lab refuses for some values it holds, make a claim that can fail: not reported")
    func sidesTheLabMayRefuse() {
        // ln(h) is NaN for a negative h, h * 1e300 * 1e300 is beyond the largest number for
        // h = 0.5, h / h divides by 0 for h = 0: `lesson run` fails each such check; exp(h)
        // overflows only for h far beyond the lab's values, and a claim that never holds
        // fails whether refused or not
        let text = frontMatter + "## s\n```check\nexp(log(h)) ≈ h\nh * 1e300 * 1e300 == h * 1e300 * 1e300\nh / h == h / h\n"
            + "sqrt(h) <= sqrt(h)\nexp(h) == exp(h)\nabs(h) == abs(-h)\nlog(h) < log(h)\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:13:1: `exp(h) == exp(h)`: both sides are the same, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
            "l.md:14:1: `abs(h) == abs(-h)`: `abs(h)` and `abs(-h)` come to the same for every value of `h`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
            "l.md:15:1: `log(h) < log(h)`: both sides are the same, so the claim never holds: compare with a number or another value",
        ])
    }

    @Test("a claim that reads no value of the lab is reported: false, it fails every run; true, it checks nothing")
    func claimsReadingNothing() {
        let text = frontMatter + "## s\n```check\n2 + 2 == 5\n1 < 2\nnot (2 * 3 == 6)\n0.5 in (0, 1)\nf > 0 and 1 > 2\n2 == 2\n"
            + "exp(1000) > 0\nparams == 2 * 3\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: `2 + 2 == 5`: the claim reads no value of the lab, so it never holds: compare a value of the lab with a number",
            "l.md:10:1: `1 < 2`: the claim reads no value of the lab, so it holds whatever the lab holds and checks nothing: compare a value of the lab with a number",
            "l.md:11:1: `not (2 * 3 == 6)`: the claim reads no value of the lab, so it never holds: compare a value of the lab with a number",
            "l.md:12:1: `0.5 in (0, 1)`: the claim reads no value of the lab, so it holds whatever the lab holds and checks nothing: compare a value of the lab with a number",
            "l.md:13:1: `f > 0 and 1 > 2`: `1 > 2` reads no value of the lab, so it never holds: compare a value of the lab with a number",
            "l.md:14:1: `2 == 2`: both sides are `2`, so the claim holds whatever the lab holds and checks nothing: compare with a number or another value",
            "l.md:15:1: `exp(1000) > 0`: `exp(1000)` is inf, beyond the largest number, whatever the lab holds: write a finite number",
        ])
    }

    @Test("a quiz left out for one problem is checked for its others in the same run")
    func everyProblemOfABrokenQuiz() {
        let text = frontMatter + "## s\n```quiz\nWhich?\n- 3\n  - 4 steps\n* 5 steps\nhint:\n```\n"
            + "```quiz\nHow much?\nanswer: h[t=1] ± 100%\nmistake: blah: unknown\nexplain:\n```\n"
            + "```quiz\nDo it.\nexpect: show c --unt 2\nmatch: sometimes\n```\n"
        let inFileOrder = lint(text).sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        #expect(inFileOrder.map(\.description) == [
            "l.md:10:1: this option is a bare number, so the answer `3` is ambiguous: the lab takes it as this option (a), not as option 3 (c); write the numbers with a unit, such as `3 steps`, so that a typed number plainly means an option's own number",
            "l.md:11:3: this option is indented as if nested under the one above, but options do not nest: the lab shows it as option (b) of its own; start it where the others start, or leave out its `- ` to continue the option above",
            "l.md:13:6: `hint:` is empty: write the hint after it, or remove the line",
            "l.md:17:9: `answer:`: a tolerance of 100% accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one under 100%, such as 5%",
            "l.md:18:10: `blah`: unknown quantity `blah`",
            "l.md:19:9: `explain:` is empty: write the explanation after it, or remove the line",
            "l.md:23:16: `expect: show c --unt 2`: `show` has no option `--unt`",
            "l.md:24:8: `match:` is `same` or `includes`, not `sometimes`",
        ])
        // a quiz whose kind of answer is unclear is not checked as any one kind
        let mixed = frontMatter + "## s\n```quiz\nWhich?\n- 3\n* 4 steps\nanswer: 3\n```\n"
        #expect(lint(mixed).map(\.description) == ["l.md:8:1: the quiz mixes options and `answer:`: use one kind of answer per question"])
    }

    @Test("a line starting with a misspelt quiz key is reported with the key meant, not read as text going on above")
    func misspeltQuizKeys() {
        let text = frontMatter + "## s\n```quiz\nWhich?\nNote: read it twice\n* forget\n- output\nhnt: look at c\nexplanation: f multiplies c\n```\n"
            + "```quiz\nHow many?\nanswer: 4\nTolerence: 1%\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:13:1: `hnt:` is no key of a quiz, so this line goes on with the option above — did you mean `hint:`?",
            "l.md:14:1: `explanation:` is no key of a quiz, so this line goes on with the option above — did you mean `explain:`?",
            "l.md:19:1: `Tolerence:` is no key of a quiz, so this line is no part of the question — did you mean `tolerance:`?",
        ])
    }

    @Test("an option indented under another is an option of its own, and lint says so")
    func indentedOption() throws {
        let text = frontMatter + "## s\n```quiz\nWhich?\n- input\n  - looks like a nested option\n* forget\ngoes on here\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:11:3: this option is indented as if nested under the one above, but options do not nest: the lab shows it as option (b) of its own; start it where the others start, or leave out its `- ` to continue the option above",
        ])
        let lesson = try parseLesson(text)
        guard case .choice(let options) = lesson.questions.first?.kind else {
            Issue.record("not a choice question")
            return
        }
        #expect(options.map(\.text) == ["input", "looks like a nested option", "forget goes on here"])
        let indentedAlike = frontMatter + "## s\n```quiz\nWhich?\n  - input\n  * forget\n```\n"
        #expect(lint(indentedAlike).isEmpty)
    }

    @Test("quiz problems: no right answer, fewer than two options")
    func quizzes() {
        expectOne(lint(frontMatter + "## s\n```quiz\nWhich?\n- a\n- b\n```\n"), "l.md:8:1:", fragment: "no right answer")
        expectOne(lint(frontMatter + "## s\n```quiz\nWhich?\n* a\n```\n"), "l.md:8:1:", fragment: "at least two options")
        expectOne(lint(frontMatter + "## s\n```quiz\nWhich?\nhint: h\n```\n"), "l.md:8:1:", fragment: "no right answer")
    }

    @Test("more than 26 options is said once, at the 27th, and a right option past the 26th is no missing right answer")
    func tooManyOptions() {
        let wrong = (1...26).map { "- wrong \($0)\n" }.joined()
        let text = frontMatter + "## s\n```quiz\nWhich?\n" + wrong + "- wrong 27\n* right\n- wrong 29\n```\n"
        #expect(lint(text).map(\.description) == ["l.md:36:1: more than 26 options: a learner names them a–z; keep the likely ones, or ask two questions"])
        let noneRight = frontMatter + "## s\n```quiz\nWhich?\n" + wrong + "- wrong 27\n```\n"
        #expect(lint(noneRight).map(\.description) == [
            "l.md:8:1: the quiz has no right answer: mark the right option(s) with `*` instead of `-`",
            "l.md:36:1: more than 26 options: a learner names them a–z; keep the likely ones, or ask two questions",
        ])
    }

    @Test("a question id too long, too many hints or mistakes: each says the limit and what to do")
    func questionLimitsSayWhatToDo() {
        let id = String(repeating: "x", count: 65)
        expectOne(lint(frontMatter + "## s\n```quiz\nid: \(id)\nWhich?\n* a\n- b\n```\n"), "l.md:9:5:",
                  fragment: "at most 64 of them (it has 65)")
        let hints = (1...11).map { "hint: h\($0)\n" }.joined()
        expectOne(lint(frontMatter + "## s\n```quiz\nWhich?\n* a\n- b\n" + hints + "```\n"), "l.md:22:1:",
                  fragment: "more than 10 hints: join some, or put the rest in `explain:`")
        let mistakes = (1...11).map { "mistake: \($0 + 10): no\n" }.joined()
        expectOne(lint(frontMatter + "## s\n```quiz\nHow many?\nanswer: 3\n" + mistakes + "```\n"), "l.md:21:1:",
                  fragment: "more than 10 mistakes: keep the likely ones")
    }

    @Test("a quiz mixing kinds of answer names the kinds it has")
    func mixedAnswerKinds() {
        func mixes(_ lines: String) -> [String] {
            lint(frontMatter + "## s\n```quiz\nWhich?\n\(lines)```\n").map(\.message).filter { $0.contains("mixes") }
        }
        #expect(mixes("* a\n- b\nanswer: 3\n") == ["the quiz mixes options and `answer:`: use one kind of answer per question"])
        #expect(mixes("* a\n- b\nexpect: show c\n") == ["the quiz mixes options and `expect:`: use one kind of answer per question"])
        #expect(mixes("answer: 3\nexpect: show c\n") == ["the quiz mixes `answer:` and `expect:`: use one kind of answer per question"])
        #expect(mixes("* a\n- b\nanswer: 3\nexpect: show c\n") == ["the quiz mixes options, `answer:` and `expect:`: use one kind of answer per question"])
        // the options' own problems are told in the same run, beside the mix and the rest
        let lone = frontMatter + "## s\n```quiz\nWhich?\n- a\nanswer: 3 +\nhint:\n```\n"
        #expect(lint(lone).map(\.description) == [
            "l.md:8:1: the quiz mixes options and `answer:`: use one kind of answer per question",
            "l.md:8:1: a multiple-choice question needs at least two options",
            "l.md:8:1: the quiz has no right answer: mark the right option(s) with `*` instead of `-`",
            "l.md:11:12: cannot read the answer: the expression ends where a value was expected",
            "l.md:12:6: `hint:` is empty: write the hint after it, or remove the line",
        ])
    }

    @Test("a quiz's key given twice, or an empty explain:, is reported at its line")
    func repeatedKeysAndEmptyExplanation() {
        func problems(_ lines: String) -> [String] {
            lint(frontMatter + "## s\n```quiz\n\(lines)```\n").map(\.description)
        }
        #expect(problems("id: a\nHow many?\nid: b\nanswer: 3\n") == ["l.md:11:5: a second `id:`: this question is `a` from line 9; keep one"])
        #expect(problems("How many?\nanswer: 3\nanswer: 4\n") == ["l.md:11:9: a second `answer:`: the first is on line 10; keep one"])
        #expect(problems("Show c.\nexpect: show c\nexpect: show h\n") == ["l.md:11:9: a second `expect:`: the first is on line 10; keep one"])
        #expect(problems("How many?\nanswer: 3\nexplain:\n") == ["l.md:11:9: `explain:` is empty: write the explanation after it, or remove the line"])
        #expect(problems("How many?\nanswer: 3\nexplain:\n  three of them\n").isEmpty, "continued on the next line, it is not empty")
    }

    @Test("an option listed twice (spaces and case aside) is reported at the repeat, naming the line of the first")
    func repeatedOption() {
        let text = frontMatter + "## s\n```quiz\nWhich gate?\n* forget\n- input\n  -  Forget  \n- output\n  gate\n- output\n- [ ] INPUT\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:12:3: the option `Forget` is already listed on line 10: remove one or reword it",
            "l.md:16:1: the option `INPUT` is already listed on line 11: remove one or reword it",
            // a problem of its own, told in the same run
            "l.md:12:3: this option is indented as if nested under the one above, but options do not nest: the lab shows it as option (c) of its own; start it where the others start, or leave out its `- ` to continue the option above",
        ], "`output gate` and `output` differ")
    }

    @Test("each option that is a bare number a learner may type meaning another option's place is reported at that option")
    func bareNumberOptions() throws {
        let advice = "write the numbers with a unit, such as `3 steps`, so that a typed number plainly means an option's own number"
        let text = frontMatter + "## s\n```quiz\nHow many steps?\n- 3\n* 1\n- 2\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:10:1: this option is a bare number, so the answer `3` is ambiguous: the lab takes it as this option (a), not as option 3 (c); \(advice)",
            "l.md:11:1: this option is a bare number, so the answer `1` is ambiguous: the lab takes it as this option (b), not as option 1 (a); \(advice)",
            "l.md:12:1: this option is a bare number, so the answer `2` is ambiguous: the lab takes it as this option (c), not as option 2 (b); \(advice)",
        ])
        // `3` is in its own place; `2` and `1` each take the answer meant for the other's place
        let swapped = frontMatter + "## s\n```quiz\nPick.\n* 2\n- 1\n- 3\n```\n"
        #expect(lint(swapped).map(\.description) == [
            "l.md:10:1: this option is a bare number, so the answer `2` is ambiguous: the lab takes it as this option (a), not as option 2 (b); \(advice)",
            "l.md:11:1: this option is a bare number, so the answer `1` is ambiguous: the lab takes it as this option (b), not as option 1 (a); \(advice)",
        ])
        let swappedQuestion = try #require(try parseLesson(swapped).questions.first)
        #expect(swappedQuestion.judge("1") == .wrong(nil), "`1` names the option `1` (b), not the first option, which is right")
        // what the lab does with the answer `2`: the option `2` (c), which is wrong, not option 2 (b), which is right
        let question = try #require(try parseLesson(text).questions.first, "the lab still runs the quiz")
        #expect(question.judge("2") == .wrong(nil) && question.judge("1") == .correct && question.judge("b") == .correct)
        let zero = frontMatter + "## s\n```quiz\nHow many?\n- 0\n* 1\n- 5\n```\n"
        #expect(lint(zero).map(\.description) == [
            "l.md:11:1: this option is a bare number, so the answer `1` is ambiguous: the lab takes it as this option (b), not as option 1 (a); \(advice)",
        ])
        // numbers in their own places, numbers that are no option's place, and numbers with a unit
        for options in ["- 1\n* 2\n- 3\n", "* 10\n- 20\n- 0.5\n", "- 3 steps\n* 1 step\n- 2 steps\n"] {
            #expect(lint(frontMatter + "## s\n```quiz\nHow many?\n\(options)```\n") == [], "\(options)")
        }
    }

    @Test("an empty `hint:` is reported at its line, in a choice and in a task; one continued below is not empty")
    func emptyHint() {
        let choice = frontMatter + "## s\n```quiz\nWhich gate?\n* forget\n- input\nhint:\nhint: look at c_t\n  hint:   \n```\n"
        #expect(lint(choice).map(\.description) == [
            "l.md:12:6: `hint:` is empty: write the hint after it, or remove the line",
            "l.md:14:11: `hint:` is empty: write the hint after it, or remove the line",
        ])
        let task = frontMatter + "## s\n```quiz\nShow c.\nexpect: show c\nhint:\n```\n"
        #expect(lint(task).map(\.description) == ["l.md:11:6: `hint:` is empty: write the hint after it, or remove the line"])
        let continued = frontMatter + "## s\n```quiz\nShow c.\nexpect: show c\nhint:\n  the cell state is `c`\n```\n"
        #expect(lint(continued) == [])
    }

    @Test("a word and a colon in a check block is reported as no key, with `message:` when it is a slip for it")
    func misspeltCheckKeys() {
        let text = frontMatter + "## s\n```check\nparams > 1000\nmesage: too few\nparams > 0\nMessage: none\nparams < 1e9\nhint: a quiz's\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:10:1: `mesage:` is no key of a check block, which holds claims, one a line, each with an optional `message:` line below it — did you mean `message:`?",
            "l.md:12:1: `Message:` is no key of a check block, which holds claims, one a line, each with an optional `message:` line below it — did you mean `message:`?",
            "l.md:14:1: `hint:` is no key of a check block, which holds claims, one a line, each with an optional `message:` line below it",
        ])
    }

    @Test("an empty `message:` is reported at its line, as an empty hint is, and is no check's message")
    func emptyMessage() throws {
        let text = frontMatter + "## s\n```check\nparams > 1000\nmessage:\nparams > 0\n  message:   \nparams < 1e9\nmessage: a real one\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:10:9: `message:` is empty: write what the check's failure means, or remove the line",
            "l.md:12:14: `message:` is empty: write what the check's failure means, or remove the line",
        ])
        // the real message is the last check's, not given to one above
        let items = LessonParser().parse(text, file: "l.md").lesson?.steps.first?.items ?? []
        let messages = items.compactMap { item -> String?? in
            if case .check(let check) = item { return .some(check.message) }
            return nil
        }
        #expect(messages == [nil, nil, "a real one"])
    }

    @Test("an unparsable check, with the column of the problem")
    func checks() {
        expectOne(lint(frontMatter + "## s\n```check\nparams == (3\n```\n"), "l.md:9:13:", fragment: "cannot parse the check")
    }

    @Test("a claim that compares nothing is reported with its column, before the lesson runs")
    func claimsWithoutComparison() {
        let text = frontMatter + "## s\n```check\nparams\n  f and 0\nf < 1 and max(f)\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:9:1: cannot parse the check: a check must compare values (use <, >, ==, ≈ or in), not just compute one",
            "l.md:10:3: cannot parse the check: each side of `and` must be a comparison, not a number",
            "l.md:11:11: cannot parse the check: each side of `and` must be a comparison, not a number",
        ])
    }

    @Test("duplicate lesson ids and unknown requires across files")
    func crossFile() {
        let one = LessonLinter.Source(path: "a.md", text: "---\nid: same\ntitle: A\nrequires: missing, other\n---\n## s\ntext\n")
        let two = LessonLinter.Source(path: "b.md", text: "---\nid: same\ntitle: B\n---\n## s\ntext\n")
        let diagnostics = linter.lint([one, two], knownIDs: ["other"])
        #expect(diagnostics.map(\.description) == [
            "b.md:2:1: duplicate lesson id `same`: a.md has it too",
            "a.md:4:11: `requires` names `missing`, which is no lesson here; known: other, same",
        ])
        let itself = lint("---\nid: me\ntitle: M\nrequires: me\n---\n## s\ntext\n")
        #expect(itself.map(\.message) == ["the lesson requires itself"])
        let itselfAmongOthers = lint("---\nid: me\ntitle: M\nrequires: [x1, me]\n---\n## s\ntext\n")
        #expect(itselfAmongOthers.first { $0.message == "the lesson requires itself" }?.location.column == 16)
        let several = LessonLinter.Source(path: "c.md", text: "---\nid: c\ntitle: C\nrequires: [gone, lost, othr]\n---\n## s\ntext\n")
        #expect(linter.lint([several], knownIDs: ["other"]).map(\.message) == [
            "`requires` names `gone`, `lost`, `othr` (did you mean `other`?), which are no lessons here; known: c, other",
        ], "one line for all of them")
        let typo = LessonLinter.Source(path: "d.md", text: "---\nid: d\ntitle: D\nrequires: othr\n---\n## s\ntext\n")
        #expect(linter.lint([typo], knownIDs: ["other"]).map(\.message) == ["`requires` names `othr`, which is no lesson here — did you mean `other`?"])
    }

    @Test("an unknown id in `requires` is reported at the column it starts at, however the list is written")
    func unknownRequirementColumn() {
        func problems(_ requires: String) -> [String] {
            let source = LessonLinter.Source(path: "r.md", text: "---\nid: r\ntitle: R\n\(requires)\n---\n## s\ntext\n")
            return linter.lint([source], knownIDs: ["other"]).map(\.description)
        }
        #expect(problems("requires: other, othr") == ["r.md:4:18: `requires` names `othr`, which is no lesson here — did you mean `other`?"])
        #expect(problems("requires: 'othr'") == ["r.md:4:12: `requires` names `othr`, which is no lesson here — did you mean `other`?"])
        #expect(problems("requires:  [ other,gone ]") == ["r.md:4:20: `requires` names `gone`, which is no lesson here; known: other, r"])
        #expect(problems("requires:\n  - other\n  -   othr") == ["r.md:6:7: `requires` names `othr`, which is no lesson here — did you mean `other`?"])
        #expect(problems("requires: [other, gone, lost]") == ["r.md:4:19: `requires` names `gone`, `lost`, which are no lessons here; known: other, r"],
                "several unknown ids: one line, at the first of them")
        #expect(problems("requires: other, not_an_id").first?.hasPrefix("r.md:4:18: `not_an_id` in `requires` is not a lesson id") == true,
                "\(problems("requires: other, not_an_id"))")
        // what was likely meant: the id a file name or snake case stands for
        #expect(problems("requires: other, not_an_id").first?.hasSuffix("— did you mean `not-an-id`?") == true)
        #expect(problems("requires: lessons/other.md").first
            == "r.md:4:11: `lessons/other.md` in `requires` is not a lesson id (letters, digits and `-`) — did you mean `other`?")
        #expect(problems("requires: oth$er").first?.contains("did you mean") == false, "nothing to suggest")
    }

    @Test("missing front matter fields, empty steps, unterminated fences, limits")
    func format() {
        expectOne(lint("---\nid: x\n---\n## s\ntext\n"), "l.md:1:1:", fragment: "no `title:`")
        expectOne(lint(frontMatter + "## s\n## t\ntext\n"), "l.md:7:1:", fragment: "is empty")
        let unterminated = lint(frontMatter + "## s\ntext\n```check\nparams == 1\n")
        #expect(unterminated.contains { $0.description.hasPrefix("l.md:9:1:") && $0.message.contains("never closed") })
        var limits = LessonLimits()
        limits.maximumBlockLines = 2
        let small = LessonLinter(validator: StubValidator(), parser: LessonParser(limits: limits))
        let diagnostics = small.lint([LessonLinter.Source(path: "l.md", text: frontMatter + "## s\n```rnnlab\nparams\nparams\nparams\n```\n")])
        #expect(diagnostics.map(\.description) == ["l.md:8:1: the block has 3 lines; the limit is 2"])
    }

    @Test("a fence of a block the lab runs, indented 4 spaces or by a tab or inside a `>` quote, is reported at the fence")
    func misplacedFence() {
        let advice = "so it opens no block: the lab would show its lines as text and never run them; start the fence at the margin (or with at most 3 spaces)"
        let spaces = frontMatter + "## s\ntext\n\n    ```check\n    params == 999\n    ```\n"
        #expect(lint(spaces).map(\.description) == ["l.md:10:5: this ```check fence is indented by 4 spaces, \(advice)"])
        let tab = frontMatter + "## s\ntext\n\n\t```rnnlab\n\tparams\n\t```\n"
        #expect(lint(tab).map(\.description) == ["l.md:10:2: this ```rnnlab fence is indented by a tab, \(advice)"])
        let quote = frontMatter + "## s\ntext\n\n> ```quiz\n> Which?\n> * a\n> - b\n> ```\n"
        #expect(lint(quote).map(\.description) == ["l.md:10:3: this ```quiz fence is inside a `>` quote, \(advice), outside the quote"])
        let misspelt = frontMatter + "## s\ntext\n\n      ~~~chek\n      params == 999\n      ~~~\n"
        #expect(lint(misspelt).map(\.description) == [
            "l.md:10:7: this ~~~chek fence is indented by 6 spaces, \(advice)",
            "l.md:10:10: ~~~chek is no block the lab runs: did you mean ~~~check? (blocks of other languages are shown as code)",
        ])
        // read as the block it was meant to be, so what is wrong inside it is found in the same run
        let inside = frontMatter + "## s\ntext\n\n    ```rnnlab\n    shw gates\n    ```\n"
        #expect(lint(inside).map(\.description) == ["l.md:10:5: this ```rnnlab fence is indented by 4 spaces, \(advice)", "l.md:11:5: unknown command `shw`"])
        #expect(throws: LessonFileError.self, "the lab leaves the lesson out, so its claims cannot pass unrun") { try parseLesson(spaces) }
    }

    @Test("a fence of a block the lab runs right after a list marker is reported at the fence, and its block is read")
    func fenceAfterListMarker() {
        let advice = "so it opens no block: the lab would show its lines as text and never run them; start the fence at the margin (or with at most 3 spaces), after the list"
        let bullet = frontMatter + "## s\ntext\n\n- ```check\n  params == 999\n  ```\n"
        #expect(lint(bullet).map(\.description) == ["l.md:10:3: this ```check fence follows the list marker `-`, \(advice)"])
        let numbered = frontMatter + "## s\n1. Make a model.\n2.  ```rnnlab\n    shw gates\n    ```\n"
        #expect(lint(numbered).map(\.description) == [
            "l.md:9:5: this ```rnnlab fence follows the list marker `2.`, \(advice)",
            "l.md:10:5: unknown command `shw`",
        ])
        let tildes = frontMatter + "## s\ntext\n\n* ~~~quiz\n  Which?\n  * a\n  - b\n  ~~~\n10) ```check\nparams == 1\n```\n"
        #expect(lint(tildes).map(\.description) == [
            "l.md:10:3: this ~~~quiz fence follows the list marker `*`, \(advice)",
            "l.md:15:5: this ```check fence follows the list marker `10)`, \(advice)",
        ])
        let prose = frontMatter + "## s\n- ```check``` blocks hold claims\n- ```text is shown as it is\n-```check\n"
        #expect(lint(prose) == [], "a list item about blocks, a fence of another language, no space after the marker")
        #expect(throws: LessonFileError.self, "the lab leaves the lesson out, so its claims cannot pass unrun") { try parseLesson(bullet) }
    }

    @Test("a message quotes a fence as the lesson writes it: ``` or ~~~, and as long")
    func fenceAsWritten() {
        let misspelt = frontMatter + "## s\n~~~chek\nparams == 1\n~~~\n"
        #expect(lint(misspelt).map(\.description) == [
            "l.md:8:4: ~~~chek is no block the lab runs: did you mean ~~~check? (blocks of other languages are shown as code)",
        ])
        let unclosed = frontMatter + "## s\n````rnnlab\nshow f\n"
        #expect(lint(unclosed).map(\.description) == ["l.md:8:1: the ````rnnlab block opened here is never closed: add a line with ````"])
        let leftOpen = frontMatter + "## s\n~~~rnnlab\nshow f\n~~~~check\nf < 1\n~~~~\n"
        #expect(lint(leftOpen).map(\.description) == [
            "l.md:10:1: this opens a ~~~~check block inside the ~~~rnnlab block opened on line 8: close that block first with ~~~ (to show fences inside a block, fence it with more tildes)",
        ])
        let setIn = frontMatter + "## s\ntext\n\n    ~~~~quiz\n    Which?\n    * a\n    - b\n    ~~~~\n"
        #expect(lint(setIn).map(\.description) == [
            "l.md:10:5: this ~~~~quiz fence is indented by 4 spaces, so it opens no block: the lab would show its lines as text and never run them; start the fence at the margin (or with at most 3 spaces)",
        ])
    }

    @Test("a fence 1 to 3 spaces in opens its block; other fences set in are prose or code and not reported")
    func fencesThatAreNoMistake() throws {
        let lesson = try parseLesson(frontMatter + "## s\n   ```check\n   params == 3\n   ```\n ```rnnlab\n params\n ```\n")
        #expect(lesson.steps[0].items.count == 2)
        guard case .check(let check) = lesson.steps[0].items.first, case .command(let command) = lesson.steps[0].items.last else {
            Issue.record("not a check and a command: \(lesson.steps[0].items)")
            return
        }
        #expect(check.source == "params == 3" && check.location.line == 9 && command.line == "params")
        let others = frontMatter + "## s\ntext\n\n    ```python\n    print(1)\n    ```\n\n````text\n    ```check\n> ```quiz\n````\n"
        #expect(lint(others) == [], "another language set in, and fences shown inside a block")
    }

    @Test("an indented opening fence with a closing fence at the margin: one problem, at the opening fence")
    func misplacedOpeningFenceOnly() {
        let text = frontMatter + "## s\ntext\n\n    ```check\n    params == 999\n```\n\nMore text.\n\n```quiz\nWhich?\n* a\n- b\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:10:5: this ```check fence is indented by 4 spaces, so it opens no block: the lab would show its lines as text and never run them; start the fence at the margin (or with at most 3 spaces)",
        ], "the closing fence at the margin opens no block that takes in the quiz")
    }

    @Test("a block left open before the next block: one problem at that block, and the blocks after it are read as such")
    func blockLeftOpen() {
        let text = frontMatter + "## s\n```rnnlab\nshow f\n\nr is the reset gate.\n\n```check\nf in (0, 1)\nbogus > 0\n```\n\n```rnnlab\nshw h\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:13:1: this opens a ```check block inside the ```rnnlab block opened on line 8: close that block first with ``` (to show fences inside a block, fence it with more backticks)",
            "l.md:15:1: `bogus`: unknown quantity `bogus`",
            "l.md:19:1: unknown command `shw`",
        ], "no prose read as commands; the check block and the last block still checked")
    }

    @Test("a block shown inside a block fenced no longer: one problem, at the inner fence, with what to do; its lines and the outer closing fence are not read as the lesson's")
    func blockShownInsideABlock() throws {
        let text = frontMatter + "## s\nA check looks like this:\n\n```text\n```quiz\nWhich?\n```\nas the lab runs it.\n```\n\nMore text.\n\n```rnnlab\nshw h\n```\n"
        #expect(lint(text).map(\.description) == [
            "l.md:11:1: this opens a ```quiz block inside the ```text block opened on line 10, which the ``` on line 15 closes: to show a fence inside a block, fence the block with more backticks (````text … ````)",
            "l.md:20:1: unknown command `shw`",
        ], "no quiz without a right answer, no block never closed at line 15; the block after it still checked")
        let tildes = frontMatter + "## s\n~~~rnnlab\n~~~check\nf in (0, 1)\n~~~\n~~~\n"
        #expect(lint(tildes).map(\.description) == [
            "l.md:9:1: this opens a ~~~check block inside the ~~~rnnlab block opened on line 8, which the ~~~ on line 12 closes: to show a fence inside a block, fence the block with more tildes (~~~~rnnlab … ~~~~)",
        ])
        // a plain code block after the inner one is a block of its own: the outer block was left open
        let leftOpen = frontMatter + "## s\n```rnnlab\nshow f\n```check\nf < 1\n```\n\n```\ncode\n```\n"
        #expect(lint(leftOpen).map(\.description) == [
            "l.md:10:1: this opens a ```check block inside the ```rnnlab block opened on line 8: close that block first with ``` (to show fences inside a block, fence it with more backticks)",
        ])
    }

    @Test("a folder lints its *.md files except README.md; the shipped lessons are clean")
    func folder() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("README.md", "# not a lesson")
        folder.write("b.md", "---\nid: b\ntitle: B\nrequires: a\n---\n## s\ntext\n")
        folder.write("a.md", "---\nid: a\ntitle: A\n---\n## s\n```rnnlab\nbogus\n```\n")
        folder.write("notes.txt", "ignored")
        #expect(try LessonFolder(path: folder.path).lessonFiles() == [folder.path + "/a.md", folder.path + "/b.md"])
        #expect(linter.lint(paths: [folder.path]).map(\.description) == ["\(folder.path)/a.md:7:1: unknown command `bogus`"])
        #expect(linter.lint(paths: [folder.path + "/missing.md"]).first?.message == "no such file or folder; give lesson files or a folder of them")
        // a folder of no lessons (a wrong path in CI, say) is a problem, not a clean check of nothing
        let empty = TemporaryFolder()
        defer { empty.remove() }
        empty.write("README.md", "# not a lesson")
        #expect(linter.lint(paths: [empty.path]).map(\.description)
            == ["\(empty.path):1:1: no lesson files in this folder (a lesson is a .md file other than README.md); give lesson files or a folder of them"])
        // The shipped lessons use the whole lab's vocabulary, which this module does not
        // know (`rnnlab lint lessons` in `make test` checks that); here: their structure.
        #expect(LessonLinter(validator: AcceptingValidator()).lint(paths: [lessonsFolder]) == [])
        let loaded = LessonFolder(path: lessonsFolder).load()
        #expect(loaded.diagnostics.isEmpty && loaded.lessons.map(\.id).contains("tour"))
    }

    @Test("a draft outside the lessons folder may require the lessons folder's lessons and its neighbours'")
    func draftOutsideTheLessonsFolder() {
        let lessons = TemporaryFolder(), drafts = TemporaryFolder()
        defer { lessons.remove(); drafts.remove() }
        lessons.write("gru.md", "---\nid: gru\ntitle: GRU\n---\n## s\ntext\n")
        lessons.write("tour.md", "---\nid: tour\ntitle: Tour\n---\n## empty\n## s\ntext\n")  // has a problem, is a lesson
        drafts.write("draft.md", "---\nid: draft\ntitle: Draft\nrequires: [gru, tour, sketch]\n---\n## s\ntext\n")
        drafts.write("sketch.md", "---\nid: sketch\ntitle: Sketch\n---\n## s\ntext\n")
        let draft = drafts.path + "/draft.md"
        #expect(linter.lintFiles(paths: [draft], lessonsFolder: lessons.path).diagnostics == [])
        #expect(linter.lintFiles(paths: [draft]).diagnostics.map(\.message) == [
            "`requires` names `gru`, `tour`, which are no lessons here; known: draft, sketch",
        ], "without the lessons folder only its neighbours are known")
        #expect(linter.lintFiles(paths: [draft], lessonsFolder: lessons.path + "/missing").diagnostics.count == 1)
    }

    @Test("a draft linted on its own may not take the id of another file of the lessons folder, only of the one it replaces")
    func draftWithTheIDOfALesson() {
        let lessons = TemporaryFolder(), drafts = TemporaryFolder()
        defer { lessons.remove(); drafts.remove() }
        lessons.write("gru.md", "---\nid: gru\ntitle: GRU\n---\n## s\ntext\n")
        lessons.write("lstm.md", "---\nid: lstm\ntitle: LSTM\n---\n## s\ntext\n")
        drafts.write("new.md", "---\ntitle: New\nid: gru\n---\n## s\ntext\n")
        drafts.write("gru.md", "---\nid: gru\ntitle: GRU, rewritten\n---\n## s\ntext\n")
        #expect(linter.lintFiles(paths: [drafts.path + "/new.md"], lessonsFolder: lessons.path).diagnostics.map(\.description) == [
            "\(drafts.path)/new.md:3:1: duplicate lesson id `gru`: \(lessons.path)/gru.md has it too; give this lesson an id of its own, or name its file gru.md to replace that lesson",
        ])
        #expect(linter.lintFiles(paths: [drafts.path + "/gru.md"], lessonsFolder: lessons.path).diagnostics == [], "it replaces gru.md")
        #expect(linter.lintFiles(paths: [lessons.path + "/gru.md"], lessonsFolder: lessons.path).diagnostics == [], "the lesson itself")
        lessons.write("copy.md", "---\nid: lstm\ntitle: Copy\n---\n## s\ntext\n")
        #expect(linter.lintFiles(paths: [lessons.path + "/copy.md"], lessonsFolder: lessons.path).diagnostics.map(\.description) == [
            "\(lessons.path)/copy.md:2:1: duplicate lesson id `lstm`: \(lessons.path)/lstm.md has it too; give this lesson an id of its own, or name its file lstm.md to replace that lesson",
        ], "a file of the lessons folder on its own, its folder also the lessons folder")
        #expect(linter.lintFiles(paths: [lessons.path + "/copy.md", lessons.path + "/lstm.md"], lessonsFolder: lessons.path).diagnostics.count == 1,
                "two files linted together: said once")
        #expect(linter.lintFiles(paths: [lessons.path + "/copy.md", lessons.path + "/lstm.md"], lessonsFolder: lessons.path + "/.").diagnostics.count == 1,
                "said once too when the lessons folder is spelt another way")
    }

    @Test("a file given twice, or with its folder, by any spelling of its path, is read and reported once")
    func fileGivenTwice() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("gru.md", "---\nid: gru\ntitle: GRU\n---\n## s\ntext\n")
        folder.write("lstm.md", "---\nid: lstm\ntitle: LSTM\n---\n## s\n```rnnlab\nbogus\n```\n")
        let name = LessonLinter.fileName(folder.path)
        let result = linter.lintFiles(paths: [
            folder.path, folder.path + "/gru.md", folder.path + "/./gru.md", folder.path + "//lstm.md",
            folder.path + "/../" + name + "/gru.md",
        ])
        #expect(result.fileCount == 2)
        #expect(result.diagnostics.map(\.description) == ["\(folder.path)/lstm.md:7:1: unknown command `bogus`"],
                "no duplicate id, and lstm.md's problem once, at the path it was first given by")
        #expect(linter.lintFiles(paths: [folder.path + "/gru.md", folder.path + "/gru.md"]).fileCount == 1)
    }

    @Test("of two files with one id the folder uses the one named after it, else the first, and says so")
    func duplicateIDs() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("a-copy.md", "---\nid: gru\ntitle: Impostor\n---\n## s\ntext\n")
        folder.write("gru.md", "---\nid: gru\ntitle: GRU\n---\n## s\ntext\n")
        folder.write("one.md", "---\nid: twin\ntitle: One\n---\n## s\ntext\n")
        folder.write("two.md", "---\nid: twin\ntitle: Two\n---\n## s\ntext\n")
        let loaded = LessonFolder(path: folder.path).load()
        #expect(loaded.lessons.map(\.title) == ["GRU", "One"])
        #expect(loaded.diagnostics.map(\.description) == [
            "\(folder.path)/a-copy.md:2:1: duplicate lesson id `gru`: \(folder.path)/gru.md has it too, and the lab uses that one; give this lesson an id of its own",
            "\(folder.path)/two.md:2:1: duplicate lesson id `twin`: \(folder.path)/one.md has it too, and the lab uses that one; give this lesson an id of its own",
        ])
    }

    @Test("a file that is not UTF-8 text, or holds a NUL byte, is a problem at the line and column of the byte")
    func notText() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let good = "---\nid: t\ntitle: T\n---\n## s\n"
        folder.write("latin.md", bytes: Array(good.utf8) + [0x43, 0x61, 0x66, 0xE9, 0x0A])  // "Café" in Latin-1
        // "ça a" then NUL: the column counts characters, not bytes
        folder.write("nul.md", bytes: Array(good.utf8) + Array("ça a".utf8) + [0x00, 0x62, 0x0A])
        let result = linter.lintFiles(paths: [folder.path])
        #expect(result.fileCount == 2)
        #expect(result.diagnostics.map(\.description) == [
            "\(folder.path)/latin.md:6:4: the line is not UTF-8 text: save the file as UTF-8",
            "\(folder.path)/nul.md:6:5: the line holds a NUL byte; a lesson is text",
        ])
        #expect(LessonFolder(path: folder.path).load().lessons.isEmpty)
    }

    @Test("the lessons folder comes from --lessons, then RNNLAB_LESSONS, then lessons")
    func folderChoice() {
        #expect(LessonFolder.fromEnvironment(["RNNLAB_LESSONS": "/x"], option: "/y").path == "/y")
        #expect(LessonFolder.fromEnvironment(["RNNLAB_LESSONS": "/x"]).path == "/x")
        #expect(LessonFolder.fromEnvironment([:]).path == "lessons")
    }
}

@Suite("Author guide")
struct AuthorGuideTests {
    /// The README's fenced blocks of a given language, in order.
    func blocks(_ language: String, in text: String) -> [String] {
        var result: [String] = []
        var current: [String]?
        var fence = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current == nil, line.hasPrefix("```"), line.drop(while: { $0 == "`" }) == language {
                fence = String(line.prefix(while: { $0 == "`" }))
                current = []
            } else if current != nil, line == fence {
                result.append(current?.joined(separator: "\n") ?? "")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return result
    }

    @Test("the complete example lesson in lessons/README.md lints clean")
    func exampleLesson() throws {
        let readme = try LessonFolder.readLesson(lessonsFolder + "/README.md", limit: 1 << 20)
        let example = try #require(blocks("markdown", in: readme).first)
        let diagnostics = LessonLinter(validator: StubValidator())
            .lint([LessonLinter.Source(path: "README-example.md", text: example)], knownIDs: ["rnn-basics"])
        #expect(diagnostics == [])
        let lesson = try parseLesson(example)
        #expect(lesson.steps.count == 3 && lesson.questions.map(\.id) == ["q1", "f-value", "q3"])
    }

    @Test("every check example in lessons/README.md parses")
    func checkExamples() throws {
        let readme = try LessonFolder.readLesson(lessonsFolder + "/README.md", limit: 1 << 20)
        let examples = blocks("check", in: readme)
        #expect(examples.count >= 2)
        for example in examples {
            let text = frontMatter + "## s\n```check\n" + example + "\n```\n"
            #expect(LessonParser().parse(text, file: "r.md").diagnostics == [])
        }
    }
}

@Suite("Lesson catalog")
struct LessonCatalogTests {
    func lesson(_ id: String, requires: [String] = [], file: String? = nil) throws -> Lesson {
        let list = requires.joined(separator: ", ")
        return try parseLesson("---\nid: \(id)\ntitle: T \(id)\nrequires: \(list)\n---\n## s\n```quiz\nQ?\n* a\n- b\n```\n", file: file ?? "lessons/\(id).md")
    }

    @Test("learning order puts required lessons first, else file order")
    func order() throws {
        let lessons = [try lesson("lstm", requires: ["rnn"]), try lesson("gru", requires: ["lstm"]), try lesson("rnn"), try lesson("extra")]
        #expect(LessonCatalog.learningOrder(lessons).map(\.id) == ["rnn", "lstm", "gru", "extra"])
        // a lesson that stands alone comes after the chain, wherever its file sorts
        let withTour = [try lesson("bptt", requires: ["rnn"]), try lesson("rnn"), try lesson("tour"), try lesson("vanishing", requires: ["bptt"])]
        #expect(LessonCatalog.learningOrder(withTour).map(\.id) == ["rnn", "bptt", "vanishing", "tour"])
        #expect(LessonCatalog.learningOrder([try lesson("tour"), try lesson("other")]).map(\.id) == ["tour", "other"], "all alone: file order")
    }

    @Test("entries carry progress marks, answers and missing requirements")
    func entries() throws {
        let lessons = [try lesson("rnn"), try lesson("lstm", requires: ["rnn"]), try lesson("gru", requires: ["rnn"])]
        let progress = Progress(lessons: [
            "rnn": LessonProgress(step: 1, completed: true, answers: ["q1": AnswerRecord(answer: "a", correct: true)]),
            "lstm": LessonProgress(step: 1, answers: ["q1": AnswerRecord(answer: "b", correct: false)]),
        ])
        let entries = LessonCatalog.entries(lessons, progress: progress)
        #expect(entries.map(\.status) == [.completed, .inProgress(step: 1, of: 1), .notStarted])
        #expect(entries.map(\.answeredRight) == [1, 0, 0])
        #expect(entries.allSatisfy { $0.missingRequirements.isEmpty })
        let fresh = LessonCatalog.entries(lessons, progress: Progress())
        #expect(fresh[1].missingRequirements == ["rnn"])
    }

    @Test("find by id or by file")
    func find() throws {
        let lessons = [try lesson("rnn"), try lesson("lstm")]
        #expect(LessonCatalog.find("lstm", in: lessons)?.id == "lstm")
        #expect(LessonCatalog.find("lessons/rnn.md", in: lessons)?.id == "rnn")
        #expect(LessonCatalog.find("rnn.md", in: lessons)?.id == "rnn")
        #expect(LessonCatalog.find("gru", in: lessons) == nil)
    }

    @Test("the linter reports a cycle of requires")
    func cycle() {
        let a = LessonLinter.Source(path: "a.md", text: "---\nid: a\ntitle: A\nrequires: c, b\n---\n## s\ntext\n")
        let b = LessonLinter.Source(path: "b.md", text: "---\nid: b\ntitle: B\nrequires: a\n---\n## s\ntext\n")
        let c = LessonLinter.Source(path: "c.md", text: "---\nid: c\ntitle: C\n---\n## s\ntext\n")
        let diagnostics = LessonLinter(validator: nil).lint([a, b, c])
        #expect(diagnostics.map(\.description) == [
            "a.md:4:14: `requires` forms a cycle through `a`: no lesson in it can come first",
            "b.md:4:11: `requires` forms a cycle through `b`: no lesson in it can come first",
        ], "each at the requirement that leads round the cycle")
    }
}

/// A validator that accepts every command and value, to lint lessons for structure alone.
private struct AcceptingValidator: CommandValidator {
    func problem(in line: String) -> CommandProblem? { nil }
}
