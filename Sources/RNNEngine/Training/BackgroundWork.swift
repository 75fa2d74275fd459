import Synchronization

/// Runs a piece of work on another thread, so a trainer can use a second core.
///
/// The engine uses only the standard library; the program supplies the thread (for
/// example with Dispatch). The trainer always splits a batch the same way, so the result
/// is the same whether the work runs in the background or not.
public protocol BackgroundWork: Sendable {
    /// Starts `work` on another thread and returns a function that waits until it is done.
    func start(_ work: @escaping @Sendable () -> Void) -> () -> Void
}

/// The result of a slice of a batch computed on another thread.
final class SliceResult: Sendable {
    private let storage = Mutex<Result<BatchGradients?, NetworkError>?>(nil)
    /// Set by the thread on the main slice when training should stop.
    let cancelled = Atomic<Bool>(false)

    func store(_ result: Result<BatchGradients?, NetworkError>) { storage.withLock { $0 = result } }
    var result: Result<BatchGradients?, NetworkError>? { storage.withLock { $0 } }
}

extension BatchGradients {
    /// The sum over `examples` computed as two halves added in order, the second half on
    /// `background` when given (else right after the first). Nil when `shouldStop` said so.
    static func twoHalves(
        network: RecurrentNetwork, head: OutputHead, examples: [TaskExample], truncation: Int?,
        dropout: TrainingDropout? = nil, background: (any BackgroundWork)?, shouldStop: () -> Bool
    ) throws -> BatchGradients? {
        guard examples.count >= 2 else {
            return try BatchGradients(network: network, head: head, examples: examples[...], truncation: truncation, dropout: dropout, shouldStop: shouldStop)
        }
        let middle = examples.count / 2
        let firstHalf = examples[..<middle], secondHalf = examples[middle...]
        guard let background else {
            guard let first = try BatchGradients(network: network, head: head, examples: firstHalf, truncation: truncation, dropout: dropout, shouldStop: shouldStop),
                  let second = try BatchGradients(network: network, head: head, examples: secondHalf, truncation: truncation, dropout: dropout, shouldStop: shouldStop)
            else { return nil }
            return first.adding(second)
        }
        let slice = SliceResult()
        let wait = background.start {
            do {
                let sum = try BatchGradients(network: network, head: head, examples: secondHalf, truncation: truncation,
                                             dropout: dropout, shouldStop: { slice.cancelled.load(ordering: .relaxed) })
                slice.store(.success(sum))
            } catch let error as NetworkError {
                slice.store(.failure(error))
            } catch {
                slice.store(.failure(NetworkError(String(describing: error))))
            }
        }
        let first: BatchGradients?
        do {
            first = try BatchGradients(network: network, head: head, examples: firstHalf, truncation: truncation, dropout: dropout, shouldStop: {
                let stop = shouldStop()
                if stop { slice.cancelled.store(true, ordering: .relaxed) }
                return stop
            })
        } catch {
            slice.cancelled.store(true, ordering: .relaxed)
            wait()
            throw error
        }
        if first == nil { slice.cancelled.store(true, ordering: .relaxed) }
        wait()
        switch slice.result {
        case .failure(let error)?: throw error
        case .success(let second?)?: return first?.adding(second)
        default: return nil
        }
    }

    /// This sum plus another, set by set.
    func adding(_ other: BatchGradients) -> BatchGradients {
        var result = self
        result.network = network.adding(other.network)
        result.head = head.adding(other.head)
        result.loss = loss + other.loss
        return result
    }
}
