#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A thread of its own for one lane of a race, so that the lanes really train at once.
///
/// Work sent to Dispatch's global queue waits while the pool's threads are busy: on a
/// machine with one core the pool runs one block at a time, so a race's second lane did not
/// start until the first had finished, and a Ctrl-C found it with no step taken. Threads of
/// their own are shared out by the system however many cores there are.
enum LaneThread {
    /// Starts `work` on a new thread that nothing waits for (a `DispatchGroup` tells when
    /// it is done); on Dispatch's global queue when the system makes no more threads.
    static func start(_ work: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(WorkBox(work))
        let body: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
            Unmanaged<WorkBox>.fromOpaque(context!).takeRetainedValue().work()
            return nil
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        defer { pthread_attr_destroy(&attributes) }
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        if pthread_create(&thread, &attributes, body, box.toOpaque()) != 0 {
            DispatchQueue.global(qos: .userInitiated).async { box.takeRetainedValue().work() }
        }
    }

    /// The work, kept alive until its thread takes it.
    private final class WorkBox: Sendable {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }
}
