import Lessons
import Testing
@testable import Lab

/// A session with the lab's commands that has run `lines`, each of which must succeed.
func labSession(_ lines: [String]) throws -> Session {
    let session = Session()
    for line in lines {
        let outcome = session.execute(line)
        try #require(outcome.error == nil, "`\(line)` failed: \(outcome.error?.message ?? "")")
    }
    return session
}

/// A reference as a lesson writes it: `value("lstm", "f", t: 3, unit: 0)`.
func reference(_ model: String? = nil, _ name: String, _ selectors: (String, ValueSelector.Value)...) -> ValueReference {
    ValueReference(model: model, name: name, selectors: selectors.map { ValueSelector(key: $0.0, value: $0.1) })
}

/// What a session holds that a failed command must leave alone.
struct StateSnapshot: Equatable {
    var models: [String]
    var current: String?
    var input: String?
    var cursor: Int
    var hidden: [Double]?

    init(_ session: Session) {
        models = session.state.models.map(\.name)
        current = session.state.currentModelName
        input = session.state.input?.source
        cursor = session.state.cursor
        hidden = session.state.currentModel?.pass?.output.values
    }
}
