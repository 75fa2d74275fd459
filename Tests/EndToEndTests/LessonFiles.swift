import Foundation

/// Lesson files for the end-to-end tests; they use `help`, `version` and `sleep`, and a
/// model too small to take any time.
enum LessonFiles {
    /// Three steps: a multiple-choice question with hints, a numeric question after a
    /// check that holds (of a model of 14 parameters: a claim reading no value of the lab
    /// is a problem lint reports), and a last step with a list.
    static let mini = """
        ---
        id: mini
        title: A small lesson
        requires: []
        minutes: 2
        ---

        # A small lesson

        An introduction with h_t.

        ## First step

        ```rnnlab
        version
        sleep 0
        ```

        ```quiz
        id: pick
        Which word comes first in the dictionary?
        - banana
        * apple
        - cherry
        hint: it starts the alphabet
        hint: it is `apple`
        explain: apple comes before banana.
        ```

        ## Second step

        ```rnnlab
        model rnn --hidden 2 --input 3 --seed 1
        ```

        ```check
        params == 14
        ```

        ```quiz
        How much is 4 * 3?
        answer: 4 * 3
        ```

        ## Third step

        - a list item

        ```rnnlab
        help sleep
        ```
        """

    /// A lesson whose second step claims something false (on line 15).
    static let falseClaim = """
        ---
        id: false-claim
        title: A false claim
        ---

        ## Fine

        ```rnnlab
        version
        ```

        ## Wrong

        ```check
        2 + 2 == 5
        message: arithmetic is broken
        ```
        """

    /// Problems the linter must find: an unknown command, an unknown option, a quiz
    /// without a right answer and `requires` naming no lesson.
    static let broken = """
        ---
        id: broken
        title: Broken
        requires: nowhere
        ---

        ## One

        ```rnnlab
        vershun
        sleep 1 --fast
        ```

        ```quiz
        Which one?
        - a
        - b
        ```
        """

    /// Writes `files` (name → text) into `folder`.
    static func write(_ files: [String: String], into folder: String) throws {
        for (name, text) in files {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
    }
}
